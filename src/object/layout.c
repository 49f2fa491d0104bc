/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * layout.c - turn the selected objects into one image:
 *   1. count pass: which symbols need a GOT slot, which branches may need a veneer (before
 *      any memory is reserved, so the image is sized once);
 *   2. layout: text (each section followed by its veneers) | read-only | relro (GOT,
 *      init/fini arrays sorted by priority) | data + bss (+ COMMON), each permission class
 *      starting on its own page;
 *   3. build the exported symbol table (ELF symbols + GNU hash) so that every lookup path of
 *      the core (elfld_sym, scopes, groups) treats the image like a shared object;
 *   4. reserve the image through the host where its non-PIC fields reach their targets
 *      (window.c), copy section contents in, zero what must be zero.
 */
#include "object.h"
#include "../core/names.h"

static uintptr_t align_up(uintptr_t x, uintptr_t a) { return a > 1 ? (x + a - 1) & ~(a - 1) : x; }

/* ------------------------------------------------------------------ count pass */
/* Largest object image; also the bound on every section size and alignment, so that the
 * cursor (kept <= the limit) never wraps: limit + align + size < 2^(address bits). */
#define OBJ_IMAGE_LIMIT ((uintptr_t)1 << (ELFLD_ELFCLASS == 2 ? 34 : 30))

/* Veneer areas start 16-byte aligned; a backend's veneer is at most this long, so that a
 * section's area (at most OBJ_IMAGE_LIMIT / OBJ_VENEER_MAX slots) is computed without
 * overflow. */
#define OBJ_VENEER_ALIGN 16u
#define OBJ_VENEER_MAX 64u

/* The GOT slot of record r (a GOT-using type): one per global, one per local symbol. */
static int plan_got(struct elfld_err *e, struct elfld_objlink *L, struct obj_file *f,
                    struct obj_gsym *g, const struct obj_rec *r) {
    if (g) {
        if (g->got < 0)
            g->got = (int32_t)L->ngot++;
        return 0;
    }
    if (!r->sym)
        return 0;
    if (!f->local_got) {
        f->local_got = elfld__alloc(L->ctx, f->first_global * sizeof(int32_t));
        if (!f->local_got)
            return elfld__fail(e, ELFLD_ENOMEM, "no memory for the GOT plan");
        for (uint32_t k = 0; k < f->first_global; k++)
            f->local_got[k] = -1;
    }
    if (f->local_got[r->sym] < 0)
        f->local_got[r->sym] = (int32_t)L->ngot++;
    return 0;
}

/* The GOT entries of a thread-local record of form `form` (arch.h): a pair per symbol for
 * GD and descriptors, a slot per symbol for IE, one pair per image for LD.  IE and LE records
 * put the module in static TLS. */
static int plan_tls(struct elfld_err *e, struct elfld_objlink *L, struct obj_file *f,
                    struct obj_gsym *g, const struct obj_rec *r, unsigned form) {
    unsigned kind;
    switch (form) {
    case ELFLD_TLS_GD: kind = TLS_SLOT_GD; break;
    case ELFLD_TLS_IE: kind = TLS_SLOT_IE; L->tls_static = true; break;
    case ELFLD_TLS_DESC: kind = TLS_SLOT_DESC; break;
    case ELFLD_TLS_TPOFF: L->tls_static = true; return 0;
    case ELFLD_TLS_LD:
        if (L->tls_ld_got < 0) {
            L->tls_ld_got = (int32_t)L->ngot;
            L->ngot += 2;
        }
        return 0;
    default: return 0;
    }
    uint32_t words = kind == TLS_SLOT_IE ? 1 : 2;
    int32_t *slot;
    if (g) {
        slot = &g->tls_got[kind];
    } else {
        if (!f->local_tls_got) {
            size_t n = (size_t)f->first_global * OBJ_TLS_SLOTS;
            f->local_tls_got = elfld__alloc(L->ctx, n * sizeof(int32_t));
            if (!f->local_tls_got)
                return elfld__fail(e, ELFLD_ENOMEM, "no memory for the GOT plan");
            for (size_t k = 0; k < n; k++)
                f->local_tls_got[k] = -1;
        }
        slot = &f->local_tls_got[(size_t)r->sym * OBJ_TLS_SLOTS + kind];
    }
    if (*slot < 0) {
        *slot = (int32_t)L->ngot;
        L->ngot += words;
    }
    return 0;
}

/* Pass 1: GOT slots, which globals are used, and the number of branch records. */
static int count_needs(struct elfld_err *e, struct elfld_objlink *L, uintptr_t *nbranch) {
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        struct obj_file *f = &L->files[fi];
        if (!f->selected)
            continue;
        for (uint32_t si = 1; si < f->shnum; si++) {
            const elf_shdr *rs = &f->secs[si].sh;
            if (!elfld__obj_relsec_kept(f, rs))
                continue;
            const struct obj_section *target = &f->secs[rs->sh_info];
            if (target->sh.sh_type == SHT_NOBITS)
                return elfld__fail(e, ELFLD_ESECTION, "%s: relocations against NOBITS section "
                                   "%s", f->name, target->name);
            uintptr_t n = elfld__udiv(rs->sh_size, rs->sh_entsize);
            for (uintptr_t i = 0; i < n; i++) {
                struct obj_rec r;
                if (!elfld__obj_rec(f, rs, i, &r))
                    return elfld__fail_reloc(e, ELFLD_ESYMTAB, (long)i, (long)r.type, NULL,
                                             "%s: %s record %lu: symbol index out of range",
                                             f->name, f->secs[si].name, (unsigned long)i);
                const char *tname;
                unsigned need = elfld__obj_need(f, &r, &tname);
                struct obj_gsym *g = r.sym >= f->first_global ? f->gsyms[r.sym - f->first_global]
                                                              : NULL;
                /* Only symbols a relocation really uses must resolve: R_ARM_NONE marks in
                 * .ARM.exidx name personality routines nothing calls.  Unknown and TLS types
                 * are reported, by type, when applied. */
                if (g && (need & ELFLD_OBJ_KNOWN) && !(need & ELFLD_OBJ_NOP))
                    g->used = true;
                int rc;
                if ((need & ELFLD_OBJ_GOT) && (rc = plan_got(e, L, f, g, &r)))
                    return rc;
                if ((need & ELFLD_OBJ_TLS) && (need & ELFLD_OBJ_KNOWN) &&
                    (rc = plan_tls(e, L, f, g, &r, ELFLD_OBJ_TLS_FORM_OF(need))))
                    return rc;
                if (need & ELFLD_OBJ_BRANCH)
                    ++*nbranch;
            }
        }
    }
    return 0;
}

static uintptr_t add_capped(uintptr_t a, uintptr_t b) {
    return a > OBJ_IMAGE_LIMIT || b > OBJ_IMAGE_LIMIT - a ? OBJ_IMAGE_LIMIT + 1 : a + b;
}

/* The most the image's text can span: every text section at its worst alignment, and a
 * veneer area for each holding a veneer for every branch record (capped just above the image
 * limit, which the layout refuses anyway). */
static uintptr_t text_bound(const struct elfld_objlink *L, uintptr_t nbranch) {
    uintptr_t bound = 16 + OBJ_VENEER_ALIGN;   /* the gap the layout starts with; the tail area */
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
            const struct obj_section *s = &L->files[fi].secs[si];
            if (s->cls != OBJ_TEXT)
                continue;
            if (s->sh.sh_size > OBJ_IMAGE_LIMIT || s->sh.sh_addralign > OBJ_IMAGE_LIMIT)
                return OBJ_IMAGE_LIMIT + 1;
            bound = add_capped(bound, (uintptr_t)s->sh.sh_size);
            bound = add_capped(bound, (uintptr_t)s->sh.sh_addralign + OBJ_VENEER_ALIGN);
        }
    if (nbranch > OBJ_IMAGE_LIMIT / OBJ_VENEER_MAX)
        return OBJ_IMAGE_LIMIT + 1;
    return add_capped(bound, nbranch * elfld_arch_stub_size);
}

/* Whether record r's target is resolved outside the image (undefined or absolute, or no
 * symbol at all); otherwise *def is the ELF symbol that defines it. */
static bool outside_or_def(const struct elfld_objlink *L, const struct obj_file *f,
                           const struct obj_rec *r, elf_sym *def) {
    const struct obj_file *file = f;
    uint32_t idx = r->sym, shndx;
    if (idx >= f->first_global) {
        const struct obj_gsym *g = f->gsyms[idx - f->first_global];
        if (g->state == G_UNDEF || g->is_abs || g->linker_defined)
            return true;
        file = &L->files[g->file];
        idx = g->sym;
    }
    return idx == 0 || !elfld__obj_sym(file, idx, def, &shndx) || shndx == SHN_ABS;
}

bool elfld__obj_target_outside(const struct elfld_objlink *L, const struct obj_file *f,
                               const struct obj_rec *r) {
    elf_sym s;
    return outside_or_def(L, f, r, &s);
}

/*
 * Whether branch record r may need a veneer.  A target outside the image (undefined,
 * absolute) may be anywhere.  One inside it is within reach unless the text may span farther
 * than the branch reaches, or the branch cannot switch to the target's instruction set.
 */
static bool may_need_veneer(const struct elfld_objlink *L, const struct obj_file *f,
                            const struct obj_rec *r) {
    elf_sym s;
    if (outside_or_def(L, f, r, &s))
        return true;
    uintptr_t reach = elfld_arch_obj_branch_reach(r->type);
    return (reach && L->text_bound > reach) ||
           elfld_arch_obj_branch_switches(r->type, (uintptr_t)s.st_value, ELF_ST_TYPE(s.st_info));
}

/*
 * What tells apart the veneers of one global target: the addend of record r (in section
 * `place`).  A RELA record states it.  A REL record's is encoded in its place, which only the
 * backend decodes: the field's bytes there, with the type, stand for it (the same bytes of
 * the same type, the same addend; `bl f` and `blne f` merely get a veneer each).
 */
static void veneer_key(const struct obj_file *f, const struct obj_section *place,
                       const struct obj_rec *r, intptr_t *addend, uint32_t *type) {
    *addend = r->addend;
    *type = 0;
    if (r->rela)
        return;
    const char *tname;
    uintptr_t n = ELFLD_OBJ_FIELD_OF(elfld_arch_obj_classify(r->type, &tname));
    if (n > sizeof(uintptr_t))
        n = sizeof(uintptr_t);
    *type = r->type;
    if (place->sh.sh_type == SHT_NOBITS || r->offset > place->sh.sh_size ||
        n > place->sh.sh_size - r->offset)
        return;                        /* refused when applied */
    uintptr_t bytes = 0;
    __builtin_memcpy(&bytes, f->data + place->sh.sh_offset + r->offset, n);
    *addend = (intptr_t)bytes;
}

/* The slot of record r (in section `place`) in sec's veneer area: one per record for a local
 * target (a section symbol's addend may name any place in its section), one per global target
 * and addend. */
static uint32_t veneer_slot(struct obj_section *sec, const struct obj_file *f,
                            const struct obj_section *place, const struct obj_rec *r) {
    if (r->sym < f->first_global)
        return sec->stub_next++;
    struct obj_gsym *g = f->gsyms[r->sym - f->first_global];
    intptr_t addend;
    uint32_t type;
    veneer_key(f, place, r, &addend, &type);
    if (g->stub_sec != sec || g->stub_addend != addend || g->stub_type != type) {
        g->stub_sec = sec;
        g->stub_addend = addend;
        g->stub_type = type;
        g->stub = (int32_t)sec->stub_next++;
    }
    return (uint32_t)g->stub;
}

uintptr_t elfld__obj_veneer_at(struct elfld_objlink *L, const struct obj_file *f,
                               struct obj_section *sec, const struct obj_rec *r) {
    if (!elfld_arch_stub_size || !may_need_veneer(L, f, r))
        return 0;
    const struct obj_section *place = sec;
    if (sec->cls != OBJ_TEXT)              /* a data word (PLT32): the area after all text */
        sec = &L->tail_veneers;
    return sec->stub_off + (uintptr_t)veneer_slot(sec, f, place, r) * elfld_arch_stub_size;
}

/* Pass 2: each text section's veneer slots, handed out again in the same order when emitting
 * (so the counters and the per-target memos start over). */
static void plan_veneers(struct elfld_objlink *L) {
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        struct obj_file *f = &L->files[fi];
        for (uint32_t si = 1; f->selected && si < f->shnum; si++) {
            const elf_shdr *rs = &f->secs[si].sh;
            if (!elfld__obj_relsec_kept(f, rs))
                continue;
            uintptr_t n = elfld__udiv(rs->sh_size, rs->sh_entsize);
            for (uintptr_t i = 0; i < n; i++) {
                struct obj_rec r;
                const char *tname;
                if (elfld__obj_rec(f, rs, i, &r) &&
                    (elfld_arch_obj_classify(r.type, &tname) & ELFLD_OBJ_BRANCH))
                    elfld__obj_veneer_at(L, f, &f->secs[rs->sh_info], &r);
            }
        }
        for (uint32_t si = 1; f->selected && si < f->shnum; si++) {
            f->secs[si].nstub = f->secs[si].stub_next;
            f->secs[si].stub_next = 0;
        }
    }
    L->tail_veneers.nstub = L->tail_veneers.stub_next;
    L->tail_veneers.stub_next = 0;
    for (uint32_t i = 0; i < L->gcap; i++)
        if (L->gsyms[i])
            L->gsyms[i]->stub_sec = NULL;
}

static int plan(struct elfld_err *e, struct elfld_objlink *L) {
    uintptr_t nbranch = 0;
    int rc = count_needs(e, L, &nbranch);
    if (rc)
        return rc;
    L->text_bound = text_bound(L, nbranch);
    plan_veneers(L);
    return 0;
}

/* ------------------------------------------------------------------ layout */
/* false: the section's size or alignment, or the image, exceeds OBJ_IMAGE_LIMIT. */
static bool place(struct obj_section *s, uintptr_t *cursor, uintptr_t *max_align) {
    uintptr_t a = s->sh.sh_addralign > 1 ? (uintptr_t)s->sh.sh_addralign : 1;
    if (a > OBJ_IMAGE_LIMIT || s->sh.sh_size > OBJ_IMAGE_LIMIT)
        return false;
    if (a > *max_align)
        *max_align = a;
    *cursor = align_up(*cursor, a);
    s->vaddr = *cursor;
    *cursor += (uintptr_t)s->sh.sh_size;
    return *cursor <= OBJ_IMAGE_LIMIT;
}

/* Init/fini arrays of every object, contiguous and sorted: priority, then input order. */
static int place_arrays(struct elfld_err *e, struct elfld_objlink *L, uintptr_t *cursor,
                        uintptr_t *max_align) {
    size_t n = 0;
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++)
            n += L->files[fi].secs[si].array != ARR_NONE && L->files[fi].secs[si].cls != OBJ_DROP;
    if (!n)
        return 0;
    struct elfld_keyed *p = elfld__alloc(L->ctx, n * sizeof *p);
    if (!p)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory to sort init/fini arrays");
    for (unsigned kind = ARR_INIT; kind <= ARR_DTORS; kind++) {
        size_t k = 0;
        for (uint32_t fi = 0; fi < L->nfiles; fi++)
            for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
                const struct obj_section *s = &L->files[fi].secs[si];
                if (s->array == kind && s->cls != OBJ_DROP)
                    p[k++] = (struct elfld_keyed){((uint64_t)s->priority << 40) |
                                                   ((uint64_t)fi << 20) | si,
                                               ((uint64_t)fi << 32) | si};
            }
        elfld__sort_keyed(p, k);
        *cursor = align_up(*cursor, ELF_WORD_SIZE);
        L->arr_off[kind] = *cursor;
        for (size_t j = 0; j < k; j++)
            if (!place(&L->files[p[j].val >> 32].secs[(uint32_t)p[j].val], cursor, max_align)) {
                elfld__free(L->ctx, p, n * sizeof *p);
                return elfld__fail(e, ELFLD_ESEGMENT, "object image larger than the limit");
            }
        L->arr_size[kind] = *cursor - L->arr_off[kind];
    }
    elfld__free(L->ctx, p, n * sizeof *p);
    return 0;
}

/* A text section's veneer area, right after it: its branches reach it when they reach the
 * end of their own section. */
static bool place_veneers(struct obj_section *s, uintptr_t *cursor) {
    if (!s->nstub)
        return true;
    if (s->nstub > OBJ_IMAGE_LIMIT / OBJ_VENEER_MAX)
        return false;
    *cursor = align_up(*cursor, OBJ_VENEER_ALIGN);
    s->stub_off = *cursor;
    *cursor += (uintptr_t)s->nstub * elfld_arch_stub_size;
    return *cursor <= OBJ_IMAGE_LIMIT;
}

static bool place_class(struct elfld_objlink *L, unsigned cls, uintptr_t *cursor,
                        uintptr_t *max_align) {
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
            struct obj_section *s = &L->files[fi].secs[si];
            if (s->cls == cls && s->array == ARR_NONE && !s->tls && s->frames == FRAMES_NONE &&
                (!place(s, cursor, max_align) || !place_veneers(s, cursor)))
                return false;
        }
    return true;
}

/* The TLS block: every thread-local section, those with data first, then the zero ones
 * (present in the image as zeros: the block's image is then one run of memsz bytes). */
static bool place_tls(struct elfld_objlink *L, uintptr_t *cursor, uintptr_t *max_align) {
    uintptr_t align = 1;
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
            const struct obj_section *s = &L->files[fi].secs[si];
            if (s->tls && s->cls != OBJ_DROP && s->sh.sh_addralign > align)
                align = (uintptr_t)s->sh.sh_addralign;
        }
    if (align > OBJ_IMAGE_LIMIT)
        return false;
    *cursor = align_up(*cursor, align);
    L->tls_off = *cursor;
    L->tls_align = align;
    for (int zero = 0; zero < 2; zero++)
        for (uint32_t fi = 0; fi < L->nfiles; fi++)
            for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
                struct obj_section *s = &L->files[fi].secs[si];
                if (s->tls && s->cls != OBJ_DROP &&
                    (s->sh.sh_type == SHT_NOBITS) == (zero == 1) && !place(s, cursor, max_align))
                    return false;
            }
    L->tls_size = *cursor - L->tls_off;
    return true;
}

/* A zero word ends an .eh_frame table; an EXIDX_CANTUNWIND entry ends an index. */
#define EH_TERMINATOR 4u
#define EXIDX_ENTRY 8u
#define EXIDX_CANTUNWIND 1u

/* The .eh_frame sections end to end (the table an unwinder walks stops at the first zero
 * word, so a hole an alignment leaves between two of them cuts it: eh_gap), then the
 * terminator. */
static bool place_eh_frames(struct elfld_objlink *L, uintptr_t *cursor, uintptr_t *max_align) {
    bool any = false;
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
            struct obj_section *s = &L->files[fi].secs[si];
            if (s->frames != FRAMES_EH || s->cls == OBJ_DROP)
                continue;
            uintptr_t before = *cursor;
            if (!place(s, cursor, max_align))
                return false;
            if (!any)
                L->eh_off = s->vaddr;
            else if (s->vaddr != before)
                L->eh_gap = true;
            any = true;
        }
    if (any) {
        *cursor = align_up(*cursor, EH_TERMINATOR) + EH_TERMINATOR;   /* zero: fill() */
        L->eh_size = *cursor - L->eh_off;
    }
    return *cursor <= OBJ_IMAGE_LIMIT;
}

/* The .ARM.exidx sections in the order of the text sections they index (which the layout
 * placed by file, then section), so the entries are sorted by address as the EHABI's binary
 * search needs; one more entry follows for the text after the last indexed function. */
static int place_exidx(struct elfld_err *e, struct elfld_objlink *L, uintptr_t *cursor,
                       uintptr_t *max_align) {
    size_t n = 0;
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++)
            n += L->files[fi].secs[si].frames == FRAMES_EXIDX &&
                 L->files[fi].secs[si].cls != OBJ_DROP;
    if (!n)
        return 0;
    struct elfld_keyed *p = elfld__alloc(L->ctx, n * sizeof *p);
    if (!p)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory to sort the ARM unwind index");
    size_t k = 0;
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum; si++) {
            const struct obj_section *s = &L->files[fi].secs[si];
            if (s->frames == FRAMES_EXIDX && s->cls != OBJ_DROP)
                p[k++] = (struct elfld_keyed){((uint64_t)fi << 32) | s->sh.sh_link,
                                              ((uint64_t)fi << 32) | si};
        }
    elfld__sort_keyed(p, k);
    *cursor = align_up(*cursor, EXIDX_ENTRY);
    L->exidx_off = *cursor;
    bool ok = true;
    for (size_t j = 0; j < k && ok; j++) {
        struct obj_section *s = &L->files[p[j].val >> 32].secs[(uint32_t)p[j].val];
        uintptr_t before = *cursor;
        ok = place(s, cursor, max_align) && s->vaddr == before &&
             (s->sh.sh_size & (EXIDX_ENTRY - 1)) == 0;
    }
    elfld__free(L->ctx, p, n * sizeof *p);
    if (!ok)
        return elfld__fail(e, ELFLD_ESECTION, "an .ARM.exidx section is not a whole number "
                           "of entries, or the image is larger than the limit");
    *cursor += EXIDX_ENTRY;              /* the terminating entry: fill() */
    L->exidx_count = (*cursor - L->exidx_off) >> 3;   /* EXIDX_ENTRY bytes each */
    return 0;
}

static int layout(struct elfld_err *e, struct elfld_objlink *L, uintptr_t page,
                  uintptr_t *span, uintptr_t *max_align) {
    /* Backends may read a few bytes before a field (x86 GOTPCRELX looks at the opcode): start
     * the first section past a small gap so even a field at offset 0 stays in the image. */
    uintptr_t cur = 16;
    int rc;
    *max_align = page;
    for (unsigned cls = OBJ_TEXT; cls < OBJ_NCLASS; cls++) {
        if (cls != OBJ_BSS && cls != OBJ_TEXT)  /* bss shares data's pages and protection */
            cur = align_up(cur, page);
        L->class_off[cls] = cur;
        if (!place_class(L, cls, &cur, max_align) ||
            (cls == OBJ_TEXT && !place_veneers(&L->tail_veneers, &cur)))
            return elfld__fail(e, ELFLD_ESEGMENT, "object image larger than the limit");
        if (cls == OBJ_RODATA) {
            if (!place_eh_frames(L, &cur, max_align))
                return elfld__fail(e, ELFLD_ESEGMENT, "object image larger than the limit");
            if ((rc = place_exidx(e, L, &cur, max_align)))
                return rc;
        } else if (cls == OBJ_RELRO) {
            cur = align_up(cur, ELF_WORD_SIZE);
            L->got_off = cur;
            cur += (uintptr_t)L->ngot * ELF_WORD_SIZE;
            if ((rc = place_arrays(e, L, &cur, max_align)))
                return rc;
            if (!place_tls(L, &cur, max_align))
                return elfld__fail(e, ELFLD_ESEGMENT, "object image larger than the limit");
            if (L->tls_size > ELFLD_TLS_MAX_SIZE || L->tls_align > ELFLD_TLS_MAX_ALIGN)
                return elfld__fail(e, ELFLD_ETLS, "thread-local sections of %lx bytes aligned "
                                   "to %lx: a thread's block may be at most %lx bytes, aligned "
                                   "to at most %lx", (unsigned long)L->tls_size,
                                   (unsigned long)L->tls_align,
                                   (unsigned long)ELFLD_TLS_MAX_SIZE,
                                   (unsigned long)ELFLD_TLS_MAX_ALIGN);
        } else if (cls == OBJ_BSS) {
            for (uint32_t i = 0; i < L->gcap; i++) {       /* COMMON symbols */
                struct obj_gsym *g = L->gsyms[i];
                if (!g || g->state != G_COMMON)
                    continue;
                uintptr_t a = g->align > 1 ? g->align : 1;
                if (a > OBJ_IMAGE_LIMIT || g->size > OBJ_IMAGE_LIMIT || cur > OBJ_IMAGE_LIMIT)
                    return elfld__fail(e, ELFLD_ESEGMENT, "COMMON symbol '%s' too large",
                                       g->name);
                if (a > *max_align)
                    *max_align = a;
                cur = align_up(cur, a);
                g->value = cur;
                cur += g->size;
            }
        }
        L->class_size[cls] = cur - L->class_off[cls];
        if (cur > OBJ_IMAGE_LIMIT)
            return elfld__fail(e, ELFLD_ESEGMENT, "object image larger than the limit");
    }
    /* slack so that no relocation field at a section's very end can write past the span */
    *span = align_up(cur + 16, page);
    return 0;
}

/* ------------------------------------------------------------------ memory */
static int fill(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L,
                uintptr_t span, uintptr_t align) {
    struct elfld_ctx *ctx = lib->ctx;
    void *map;
    int rc = elfld__obj_reserve(e, lib, L, span, align, &map);
    if (map) {
        lib->map = map;
        lib->map_size = span;
        lib->base = (uintptr_t)map;
    }
    if (rc)
        return rc;
    if ((uintptr_t)map & (align - 1))
        return elfld__fail(e, ELFLD_ENOMEM, "host returned memory not aligned to %lx",
                           (unsigned long)align);
    if (!(ctx->host.flags & ELFLD_HOST_ZEROED_RESERVE))
        __builtin_memset(map, 0, span);
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        const struct obj_file *f = &L->files[fi];
        for (uint32_t si = 1; f->selected && si < f->shnum; si++) {
            const struct obj_section *s = &f->secs[si];
            if (s->cls != OBJ_DROP && s->sh.sh_type != SHT_NOBITS)
                __builtin_memcpy((char *)map + s->vaddr, f->data + s->sh.sh_offset,
                                 (size_t)s->sh.sh_size);
        }
    }
    if (L->exidx_count) {                /* EXIDX_CANTUNWIND from the end of the text on */
        uintptr_t place = L->exidx_off + (L->exidx_count - 1) * EXIDX_ENTRY;
        uintptr_t text_end = L->class_off[OBJ_TEXT] + L->class_size[OBJ_TEXT];
        uint32_t entry[2] = {(uint32_t)(text_end - place) & 0x7fffffffu, EXIDX_CANTUNWIND};
        __builtin_memcpy((char *)map + place, entry, sizeof entry);
    }
    /* Pseudo-segments: what protections and target checks work from. */
    static const unsigned prot[OBJ_NCLASS] = {
        [OBJ_TEXT] = ELFLD_PROT_READ | ELFLD_PROT_EXEC, [OBJ_RODATA] = ELFLD_PROT_READ,
        [OBJ_RELRO] = ELFLD_PROT_READ | ELFLD_PROT_WRITE,
        [OBJ_DATA] = ELFLD_PROT_READ | ELFLD_PROT_WRITE};
    lib->nloads = 0;
    for (unsigned cls = OBJ_TEXT; cls < OBJ_BSS; cls++) {
        uintptr_t size = L->class_size[cls] + (cls == OBJ_DATA ? L->class_size[OBJ_BSS] : 0);
        if (!size)
            continue;
        struct elfld_seg *seg = &lib->loads[lib->nloads++];
        seg->vaddr = L->class_off[cls];
        seg->memsz = size;
        seg->filesz = size;           /* all of it is the image's bytes (the TLS image's check) */
        seg->prot = prot[cls];
        seg->phdr_index = cls;
    }
    if (L->class_size[OBJ_RELRO]) {
        lib->relro_vaddr = L->class_off[OBJ_RELRO];
        lib->relro_size = align_up(L->class_size[OBJ_RELRO], ctx->page_size);
    }
    return 0;
}

/* ------------------------------------------------------------------ exported symbols */
static bool exported(const struct obj_gsym *g) {   /* g: a table slot, NULL when free */
    if (!g || g->state == G_UNDEF)
        return false;
    unsigned vis = ELF_ST_VISIBILITY(g->other);
    return vis == STV_DEFAULT || vis == STV_PROTECTED;
}

/* The image's symbol table and a GNU hash over it, in one allocation owned by the library. */
static int build_exports(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L) {
    uint32_t n = 0;
    size_t names = 1;
    for (uint32_t i = 0; i < L->gcap; i++)
        if (exported(L->gsyms[i])) {
            n++;
            names += elfld__strlen(L->gsyms[i]->name) + 1;
        }
    const uint32_t bits = 8 * sizeof(elf_addr), shift = 6;
    uint32_t nb = (n >> 2) + 1, words = 1;
    while (((words * bits) >> 1) < n && words < (1u << 24))
        words <<= 1;
    size_t syms_b = ((size_t)n + 1) * sizeof(elf_sym);
    size_t bloom_b = (size_t)words * sizeof(elf_addr);
    size_t hash_b = ((size_t)nb + n) * 4;
    size_t total = syms_b + bloom_b + hash_b + names;
    unsigned char *mem = elfld__alloc(lib->ctx, total);
    uint32_t *cursor = elfld__alloc(lib->ctx, (size_t)nb * 4);
    if (!mem || !cursor) {
        elfld__free(lib->ctx, mem, total);
        elfld__free(lib->ctx, cursor, (size_t)nb * 4);
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for %u exported symbols", n);
    }
    lib->owned_tables = mem;
    lib->owned_size = total;
    elf_sym *syms = (elf_sym *)mem;
    elf_addr *bloom = (elf_addr *)(mem + syms_b);
    uint32_t *buckets = (uint32_t *)(mem + syms_b + bloom_b), *chain = buckets + nb;
    char *str = (char *)(chain + n);

    /* Counting sort by bucket: symbols of one bucket are consecutive, as GNU hash requires. */
    for (uint32_t i = 0; i < L->gcap; i++)
        if (exported(L->gsyms[i]))
            cursor[elfld__umod(L->gsyms[i]->hash, nb)]++;
    uint32_t next = 1;                                     /* symbol 0 is the null symbol */
    for (uint32_t b = 0; b < nb; b++) {
        uint32_t count = cursor[b];
        buckets[b] = count ? next : 0;
        cursor[b] = next;
        next += count;
    }
    size_t so = 1;
    for (uint32_t i = 0; i < L->gcap; i++) {
        const struct obj_gsym *g = L->gsyms[i];
        if (!exported(g))
            continue;
        uint32_t idx = cursor[elfld__umod(g->hash, nb)]++;
        elf_sym *s = &syms[idx];
        size_t len = elfld__strlen(g->name) + 1;
        __builtin_memcpy(str + so, g->name, len);
        s->st_name = (uint32_t)so;
        so += len;
        unsigned bind = g->state == G_WEAK ? STB_WEAK : STB_GLOBAL;
        unsigned type = g->state == G_COMMON ? STT_OBJECT : g->type;
        s->st_info = (unsigned char)((bind << 4) | type);
        s->st_other = g->other;
        s->st_shndx = g->is_abs ? SHN_ABS : 1;
        /* a thread-local symbol's value is its offset in the TLS block, as in a shared object */
        s->st_value = g->type == STT_TLS && !g->is_abs ? g->value - L->tls_off : g->value;
        s->st_size = g->size;
        chain[idx - 1] = g->hash & ~1u;
        bloom[(g->hash >> ELF_ADDR_LOG2_BITS) & (words - 1)] |=
            ((elf_addr)1 << (g->hash & (bits - 1))) |
            ((elf_addr)1 << ((g->hash >> shift) & (bits - 1)));
    }
    for (uint32_t b = 0; b < nb; b++)
        if (buckets[b])
            chain[cursor[b] - 2] |= 1;                     /* last symbol of the bucket */
    elfld__free(lib->ctx, cursor, (size_t)nb * 4);
    lib->symtab = syms;
    lib->nsyms = n + 1;
    lib->strtab = str;
    lib->strsz = so;
    lib->gnu_nbuckets = nb;
    lib->gnu_bucket_magic = elfld__bucket_magic(nb);
    lib->gnu_symoffset = 1;
    lib->gnu_bloom_words = words;
    lib->gnu_bloom_shift = shift;
    lib->gnu_bloom = bloom;
    lib->gnu_buckets = buckets;
    lib->gnu_chain = chain;
    return 0;
}

/* Image offsets of the definitions. */
static int assign_values(struct elfld_err *e, struct elfld_objlink *L) {
    for (uint32_t i = 0; i < L->gcap; i++) {
        struct obj_gsym *g = L->gsyms[i];
        if (!g || g->state == G_UNDEF || g->state == G_COMMON || g->linker_defined)
            continue;
        const struct obj_file *f = &L->files[g->file];
        elf_sym s;
        uint32_t shndx;
        if (!elfld__obj_sym(f, g->sym, &s, &shndx))
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: symbol %u invalid", f->name, g->sym);
        g->value = g->is_abs ? (uintptr_t)s.st_value : f->secs[shndx].vaddr + (uintptr_t)s.st_value;
    }
    return 0;
}

/* Whether the link has thread-local sections (its TLS block is then the image's module). */
static bool has_tls(const struct elfld_objlink *L) {
    bool any = false;
    for (uint32_t fi = 0; fi < L->nfiles && !any; fi++)
        for (uint32_t si = 1; L->files[fi].selected && si < L->files[fi].shnum && !any; si++)
            any = L->files[fi].secs[si].tls && L->files[fi].secs[si].cls != OBJ_DROP;
    return any;
}

/* A symbol a static linker defines, when an object leaves it undefined: the image's own,
 * never exported. */
static void define_linker_symbol(struct elfld_objlink *L, const char *name, uintptr_t value,
                                 uint8_t type) {
    struct obj_gsym *g = elfld__obj_gsym_find(L, name);
    if (g && g->state == G_UNDEF) {
        g->state = G_DEFINED;
        g->value = value;
        g->type = type;
        g->other = STV_HIDDEN;
        g->linker_defined = true;
    }
}

/* _GLOBAL_OFFSET_TABLE_ is the GOT's address (i386 and x86_64 code computes GOT-relative
 * addresses from it).  _TLS_MODULE_BASE_ is the start of the TLS block (offset 0 of the
 * image's module): LLVM's AArch64 local-dynamic code takes its address once with a
 * descriptor, then adds each variable's DTP-relative offset. */
static void define_linker_symbols(struct elfld_objlink *L) {
    define_linker_symbol(L, "_GLOBAL_OFFSET_TABLE_", L->got_off, STT_OBJECT);
    if (has_tls(L))
        define_linker_symbol(L, "_TLS_MODULE_BASE_", L->tls_off, STT_TLS);
}

/* The TLS block, when there is one, becomes the image's module: static when initial- or
 * local-exec records reach it (as DF_STATIC_TLS says of a shared object). */
static int attach_tls(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_objlink *L) {
    if (!has_tls(L))
        return 0;
    struct elfld_plan plan;
    __builtin_memset(&plan, 0, sizeof plan);
    plan.has_tls = true;
    plan.tls_vaddr = L->tls_off;
    plan.tls_filesz = plan.tls_memsz = L->tls_size;
    plan.tls_align = L->tls_align;
    if (L->tls_static)
        lib->dt_flags |= DF_STATIC_TLS;
    return elfld__tls_attach(e, lib, &plan);
}

int elfld__obj_layout(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L) {
    uintptr_t span = 0, align = 0;
    int rc;
    if ((rc = plan(e, L)) || (rc = layout(e, L, lib->ctx->page_size, &span, &align)))
        return rc;
    define_linker_symbols(L);
    /* The exports first: the placement's lookups may search the image itself. */
    if ((rc = assign_values(e, L)) || (rc = build_exports(e, lib, L)) ||
        (rc = fill(e, lib, L, span, align)))
        return rc;
    if ((rc = attach_tls(e, lib, L)))
        return rc;
    uintptr_t word = ELF_WORD_SIZE;
    lib->init_array = (const elf_addr *)(lib->base + L->arr_off[ARR_INIT]);
    lib->ninit = elfld__udiv(L->arr_size[ARR_INIT], word);
    lib->fini_array = (const elf_addr *)(lib->base + L->arr_off[ARR_FINI]);
    lib->nfini = elfld__udiv(L->arr_size[ARR_FINI], word);
    lib->ctors = (const elf_addr *)(lib->base + L->arr_off[ARR_CTORS]);
    lib->nctors = elfld__udiv(L->arr_size[ARR_CTORS], word);
    lib->dtors = (const elf_addr *)(lib->base + L->arr_off[ARR_DTORS]);
    lib->ndtors = elfld__udiv(L->arr_size[ARR_DTORS], word);
    return 0;
}
