/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * emit.c - the emit pass of an object link, run by elfld_link(): undefined symbols are
 * resolved through the normal chain (pre-find, scopes, group, host, post-find), the GOT is
 * filled, and every relocation of every kept section is handed to the arch backend with all
 * the addresses its formula may use.  RISC-V style PC-relative pairs are matched through an
 * index of HI records sorted by location (binary search), never by scanning.
 */
#include "object.h"
#include "../core/sym.h"

struct emit {
    struct elfld_err *e;
    struct elfld_lib *lib;
    struct elfld_objlink *L;
    struct elfld_keyed *his;          /* PAIR_HI records of the current file, sorted by P */
    size_t nhis;
};

static uintptr_t got_addr(const struct emit *m, int32_t slot) {
    return m->lib->base + m->L->got_off + (uintptr_t)slot * ELF_WORD_SIZE;
}

/* Address, size and type of symbol `idx` of file f; false (diagnosed) when unusable. */
static int symbol(struct emit *m, const struct obj_file *f, uint32_t idx, uintptr_t *S,
                  size_t *Z, unsigned *type, const char **name) {
    *S = 0;
    *Z = 0;
    *type = STT_NOTYPE;
    *name = NULL;
    if (idx == 0)
        return 0;
    if (idx >= f->first_global) {
        const struct obj_gsym *g = f->gsyms[idx - f->first_global];
        *S = g->resolved;
        *Z = g->size;
        *type = g->type;
        *name = g->name;
        return 0;
    }
    elf_sym s;
    uint32_t shndx;
    if (!elfld__obj_sym(f, idx, &s, &shndx))
        return elfld__fail(m->e, ELFLD_ESYMTAB, "%s: symbol %u invalid", f->name, idx);
    *name = elfld__obj_symname(f, &s);
    *Z = (size_t)s.st_size;
    *type = ELF_ST_TYPE(s.st_info);
    if (shndx == SHN_ABS) {
        *S = (uintptr_t)s.st_value;
        return 0;
    }
    if (shndx == SHN_UNDEF || shndx >= f->shnum || f->secs[shndx].cls == OBJ_DROP)
        return elfld__fail_reloc(m->e, ELFLD_ESECTION, -1, -1, *name, "%s: local symbol '%s' "
                                 "(%u) is in section %u, which is not part of the image",
                                 f->name, *name, idx, shndx);
    *S = m->lib->base + f->secs[shndx].vaddr + (uintptr_t)s.st_value;
    return 0;
}

static int got_slot(struct emit *m, const struct obj_file *f, uint32_t idx, uintptr_t S,
                    uintptr_t *G) {
    int32_t slot = -1;
    if (idx >= f->first_global)
        slot = f->gsyms[idx - f->first_global]->got;
    else if (idx && f->local_got)
        slot = f->local_got[idx];
    if (slot < 0)
        return elfld__fail(m->e, ELFLD_ERELOC, "%s: no GOT slot planned for symbol %u",
                           f->name, idx);
    *G = got_addr(m, slot);
    elf_addr word = (elf_addr)S;
    __builtin_memcpy((void *)*G, &word, sizeof word);   /* locals: filled here; globals: same */
    return 0;
}

/* ------------------------------------------------------------------ thread-local storage */
static void put_words(uintptr_t at, const uintptr_t *v, unsigned n) {
    for (unsigned k = 0; k < n; k++) {
        elf_addr w = (elf_addr)v[k];
        __builtin_memcpy((void *)(at + k * sizeof w), &w, sizeof w);
    }
}

/* The module and offset of the thread-local variable symbol `idx` of f names (0: the image's
 * own module at offset 0); *why says what is wrong when there is none. */
static const struct elfld_tls_module *tls_target(const struct emit *m, const struct obj_file *f,
                                                 uint32_t idx, uintptr_t *offset,
                                                 const char **why) {
    const struct elfld_objlink *L = m->L;
    const struct elfld_tls_module *own = m->lib->tls.id ? &m->lib->tls : NULL;
    *offset = 0;
    *why = "the image has no thread-local sections";
    if (idx >= f->first_global) {
        const struct obj_gsym *g = f->gsyms[idx - f->first_global];
        if (g->state == G_UNDEF) {
            *offset = g->tls_offset;
            *why = "the symbol is not thread-local";
            return g->tls_module;
        }
        if (g->type != STT_TLS || g->is_abs) {
            *why = "a TLS relocation against a symbol that is not thread-local";
            return NULL;
        }
        *offset = g->value - L->tls_off;
        return own;
    }
    elf_sym s;
    uint32_t shndx;
    if (idx && (!elfld__obj_sym(f, idx, &s, &shndx) || shndx >= f->shnum ||
                !f->secs[shndx].tls)) {
        *why = "a TLS relocation against a symbol outside the thread-local sections";
        return NULL;
    }
    if (idx)
        *offset = f->secs[shndx].vaddr + (uintptr_t)s.st_value - L->tls_off;
    return own;
}

/* The first GOT slot of TLS entry `kind` planned for symbol idx of f, or -1. */
static int32_t tls_slot(const struct obj_file *f, uint32_t idx, unsigned kind) {
    if (idx >= f->first_global)
        return f->gsyms[idx - f->first_global]->tls_got[kind];
    return f->local_tls_got ? f->local_tls_got[(size_t)idx * OBJ_TLS_SLOTS + kind] : -1;
}

/* What a thread-local record of form `form` (arch.h) needs: its GOT entries filled and their
 * address in x->G, or its value in x->S.  Returns 0, or a code with *why set. */
static int tls_values(struct emit *m, const struct obj_file *f, const struct obj_rec *r,
                      unsigned form, struct elfld_obj_reloc *x, const char **why) {
    uintptr_t off;
    const struct elfld_tls_module *tm = tls_target(m, f, r->sym, &off, why);
    if (!tm)
        return ELFLD_ETLS;
    bool needs_static = form == ELFLD_TLS_IE || form == ELFLD_TLS_TPOFF;
    if (needs_static && !tm->is_static) {
        *why = "initial- or local-exec access to a module in dynamic TLS";
        return ELFLD_ETLS;
    }
    static const unsigned slot_kind[] = {[ELFLD_TLS_GD] = TLS_SLOT_GD,
                                         [ELFLD_TLS_IE] = TLS_SLOT_IE,
                                         [ELFLD_TLS_DESC] = TLS_SLOT_DESC};
    int32_t slot = -1;
    if (form == ELFLD_TLS_GD || form == ELFLD_TLS_IE || form == ELFLD_TLS_DESC)
        slot = tls_slot(f, r->sym, slot_kind[form]);
    else if (form == ELFLD_TLS_LD)
        slot = m->L->tls_ld_got;
    uintptr_t at = slot >= 0 ? got_addr(m, slot) : 0;
    if (!at && form != ELFLD_TLS_DTPOFF && form != ELFLD_TLS_TPOFF) {
        *why = "no GOT entry was planned for it";
        return ELFLD_ERELOC;
    }
    uintptr_t words[2] = {0, 0};
    switch (form) {
    case ELFLD_TLS_GD:
    case ELFLD_TLS_LD:
        words[0] = (uintptr_t)tm;
        /* __tls_get_addr adds the DTV bias back; local dynamic then adds each variable's
         * DTPOFF, which has the bias taken off */
        words[1] = form == ELFLD_TLS_GD ? off - (uintptr_t)ELFLD_ARCH_DTV_OFFSET : 0;
        break;
    case ELFLD_TLS_IE:
        words[0] = elfld__tls_tpoff(tm, off);
        break;
    case ELFLD_TLS_DESC: {
        elf_addr first;
        __builtin_memcpy(&first, (const void *)at, sizeof first);
        if (first)                      /* filled by an earlier record of the same symbol */
            break;
        int rc = elfld__tls_desc_words(m->e, m->lib, tm, off, words);
        if (rc == ELFLD_ETLS)
            *why = "this backend has no TLS descriptor resolver";
        if (rc)
            return rc;
        break;
    }
    case ELFLD_TLS_DTPOFF:
        x->S = off - (uintptr_t)ELFLD_ARCH_DTV_OFFSET;
        return 0;
    default:                            /* ELFLD_TLS_TPOFF */
        x->S = elfld__tls_tpoff(tm, off);
        return 0;
    }
    if (form != ELFLD_TLS_DESC || words[0])
        put_words(at, words, form == ELFLD_TLS_IE ? 1 : 2);
    x->G = at;
    return 0;
}

/* ------------------------------------------------------------------ HI index */
static const struct elfld_keyed *find_hi(const struct emit *m, uintptr_t P) {
    size_t lo = 0, hi = m->nhis;
    while (lo < hi) {
        size_t mid = lo + ((hi - lo) >> 1);
        if (m->his[mid].key < P)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nhis && m->his[lo].key == P ? &m->his[lo] : NULL;
}

static uintptr_t place_of(const struct emit *m, const struct obj_file *f, const elf_shdr *rs,
                          const struct obj_rec *r) {
    return m->lib->base + f->secs[rs->sh_info].vaddr + r->offset;
}

static int fail_rec(struct emit *m, const struct obj_file *f, uint32_t si, uintptr_t i,
                    const struct obj_rec *r, const char *tname, const char *sym, int code,
                    const char *why);

/* Collect the file's PAIR_HI records with their values, sorted by location. */
static int index_his(struct emit *m, const struct obj_file *f) {
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0;
        for (uint32_t si = 1; si < f->shnum; si++) {
            const elf_shdr *rs = &f->secs[si].sh;
            if (!elfld__obj_relsec_kept(f, rs))
                continue;
            uintptr_t nrec = elfld__udiv(rs->sh_size, rs->sh_entsize);
            for (uintptr_t i = 0; i < nrec; i++) {
                struct obj_rec r;
                const char *tname;
                if (!elfld__obj_rec(f, rs, i, &r) ||
                    !(elfld_arch_obj_classify(r.type, &tname) & ELFLD_OBJ_PAIR_HI))
                    continue;
                if (pass == 0) {
                    n++;
                    continue;
                }
                uintptr_t S, G = 0;
                size_t Z;
                unsigned type;
                const char *name;
                unsigned need = elfld__obj_need(f, &r, &tname);
                int rc = symbol(m, f, r.sym, &S, &Z, &type, &name);
                if (!rc && (need & ELFLD_OBJ_GOT))
                    rc = got_slot(m, f, r.sym, S, &G);
                if (!rc && (need & ELFLD_OBJ_TLS)) {   /* a TLS model's GOT entry (RISC-V) */
                    struct elfld_obj_reloc t = {0};
                    const char *why = "";
                    rc = tls_values(m, f, &r, ELFLD_OBJ_TLS_FORM_OF(need), &t, &why);
                    if (rc && rc != ELFLD_ENOMEM)
                        rc = fail_rec(m, f, si, i, &r, tname, name, rc, why);
                    G = t.G;
                }
                if (rc)
                    return rc;
                uintptr_t P = place_of(m, f, rs, &r);
                uintptr_t base = (need & (ELFLD_OBJ_GOT | ELFLD_OBJ_TLS)) ? G : S;
                m->his[k].key = P;
                m->his[k].val = base + (uintptr_t)r.addend - P;
                k++;
            }
        }
        if (pass == 0) {
            if (!n)
                return 0;
            m->his = elfld__alloc(m->L->ctx, n * sizeof *m->his);
            if (!m->his)
                return elfld__fail(m->e, ELFLD_ENOMEM, "no memory for the HI20 index");
            m->nhis = n;
        }
    }
    elfld__sort_keyed(m->his, m->nhis);
    return 0;
}

/* ------------------------------------------------------------------ one relocation */
static int fail_rec(struct emit *m, const struct obj_file *f, uint32_t si, uintptr_t i,
                    const struct obj_rec *r, const char *tname, const char *sym, int code,
                    const char *why) {
    return elfld__fail_record(m->e, code, f->name, f->secs[si].name, i, r->type, tname, sym, why);
}

/* fail_rec with a formatted reason (elfld__vformat's subset). */
static int fail_recf(struct emit *m, const struct obj_file *f, uint32_t si, uintptr_t i,
                     const struct obj_rec *r, const char *tname, const char *sym, int code,
                     const char *fmt, ...) {
    char why[128];
    va_list ap;
    va_start(ap, fmt);
    elfld__vformat(why, sizeof why, fmt, ap);
    va_end(ap);
    return fail_rec(m, f, si, i, r, tname, sym, code, why);
}

/* A branch that cannot reach its target: how far the target is (S + A - P; a REL addend is
 * in the place, not counted), and why no veneer helps. */
static int fail_out_of_reach(struct emit *m, const struct obj_file *f, uint32_t si, uintptr_t i,
                             const struct obj_rec *r, const char *tname, const char *sym,
                             const struct elfld_obj_reloc *x, unsigned need) {
    long distance = (long)(x->S + (uintptr_t)x->A - x->P);
    const char *why = (need & ELFLD_OBJ_NEAR_BRANCH) ? "this type takes no veneer"
                      : x->stub ? "and so is its veneer" : "and no veneer was planned";
    return fail_recf(m, f, si, i, r, tname, sym, ELFLD_ERANGE, "branch target %ld bytes away "
                     "is out of reach, %s", distance, why);
}

/* A data reference whose value does not fit its field.  Where the field reaches only part of
 * the address space (elfld_arch_obj_reach), say how far the target is and what would help:
 * non-PIC code placed out of reach (a host without reserve_within, or a target the placement
 * could not know of), or code that should have been built -fPIC. */
static int fail_out_of_range(struct emit *m, const struct obj_file *f, uint32_t si,
                             uintptr_t i, const struct obj_rec *r, const char *tname,
                             const char *sym, const struct elfld_obj_reloc *x) {
    const struct obj_section *sec = &f->secs[f->secs[si].sh.sh_info];
    intptr_t lo, hi;
    unsigned kind = elfld__obj_field_reach(f, sec, r, &lo, &hi);
    if (kind == ELFLD_REACH_PCREL)
        return fail_recf(m, f, si, i, r, tname, sym, ELFLD_ERANGE, "target %ld bytes away, "
                         "beyond the field (non-PIC? host needs reserve_within)",
                         (long)(x->S + (uintptr_t)x->A - x->P));
    if (kind == ELFLD_REACH_ABS)
        return fail_recf(m, f, si, i, r, tname, sym, ELFLD_ERANGE, "address %lx does not fit "
                         "the field (non-PIC? host needs reserve_within)",
                         (unsigned long)(x->S + (uintptr_t)x->A));
    return fail_rec(m, f, si, i, r, tname, sym, ELFLD_ERANGE, "value out of range for the field");
}

size_t elfld__obj_field_len(unsigned need, const unsigned char *where, size_t room) {
    unsigned n = ELFLD_OBJ_FIELD_OF(need);
    if (n != ELFLD_OBJ_ULEB128)
        return n;
    for (size_t i = 0; i < room && i < 10; i++)
        if (!(where[i] & 0x80))
            return i + 1;
    return room < 10 ? room + 1 : 10;
}

/*
 * An object's .eh_frame has an FDE for each of its functions, COMDAT copies included.  When
 * another object supplied the group, a static linker drops those FDEs; here the relocation is
 * left unapplied (resolving it would fail: its section is not part of the image), and the
 * frame-table check then disables the FDE, whose range names no code of the image
 * (tools.c, ELFLD_FDE_DISABLE).
 */
static bool eh_frame_to_discarded(const struct obj_file *f, const struct obj_section *target,
                                  const struct obj_rec *r) {
    elf_sym s;
    uint32_t shndx;
    const char *n = target->name, *p = ".eh_frame";
    while (*p && *n == *p)
        n++, p++;
    if (*p || *n || r->sym == 0 || r->sym >= f->first_global || !elfld__obj_sym(f, r->sym, &s, &shndx))
        return false;
    return shndx != SHN_UNDEF && shndx < f->shnum && f->secs[shndx].discarded;
}

static int apply_one(struct emit *m, const struct obj_file *f, uint32_t si, uintptr_t i,
                     const struct obj_rec *r) {
    const elf_shdr *rs = &f->secs[si].sh;
    const struct obj_section *target = &f->secs[rs->sh_info];
    const char *tname = NULL;
    unsigned need = elfld__obj_need(f, r, &tname);
    if (eh_frame_to_discarded(f, target, r))
        return 0;
    uintptr_t S;
    size_t Z;
    unsigned type;
    const char *name;
    int rc = symbol(m, f, r->sym, &S, &Z, &type, &name);
    if (rc)
        return rc;
    if (!need)
        return fail_rec(m, f, si, i, r, tname, name, ELFLD_ERELTYPE, "not known to this backend");
    if ((need & ELFLD_OBJ_TLS) && (!(need & ELFLD_OBJ_KNOWN) || !ELFLD_OBJ_TLS_FORM_OF(need)))
        return fail_rec(m, f, si, i, r, tname, name, ELFLD_ETLS,
                        "a thread-local type this backend does not apply in objects");
    if (type == STT_TLS && need && !(need & (ELFLD_OBJ_TLS | ELFLD_OBJ_NOP)))
        return fail_rec(m, f, si, i, r, tname, name, ELFLD_ETLS,
                        "a relocation that is not thread-local against a thread-local symbol");
    if ((need & ELFLD_OBJ_NOP) || ((need & ELFLD_OBJ_TLS) &&
                                   ELFLD_OBJ_TLS_FORM_OF(need) == ELFLD_TLS_MARK))
        return 0;
    if (r->offset >= target->sh.sh_size)
        return fail_rec(m, f, si, i, r, tname, name, ELFLD_ERELOC, "offset outside its section");
    struct elfld_obj_reloc x = {0};
    x.type = r->type;
    x.P = place_of(m, f, rs, r);
    x.where = (unsigned char *)x.P;
    x.before = (uintptr_t)r->offset;
    x.code = target->cls == OBJ_TEXT;
    size_t room = (size_t)(target->sh.sh_size - r->offset);
    size_t len = elfld__obj_field_len(need, x.where, room);
    if (len > room)                    /* a ULEB128 that does not end in it: "N or more" */
        return fail_recf(m, f, si, i, r, tname, name, ELFLD_ERELOC, "field of %zu%s bytes at "
                         "offset %lx runs past the end of its section (size %lx)", len,
                         ELFLD_OBJ_FIELD_OF(need) == ELFLD_OBJ_ULEB128 ? " or more" : "",
                         (unsigned long)r->offset, (unsigned long)target->sh.sh_size);
    x.S = S;
    x.A = r->addend;
    x.rela = r->rela;
    x.GOT = got_addr(m, 0);
    x.Z = Z;
    x.sym_type = type;
    x.outside = elfld__obj_target_outside(m->L, f, r);
    if ((need & ELFLD_OBJ_GOT) && (rc = got_slot(m, f, r->sym, S, &x.G)))
        return rc;
    if (need & ELFLD_OBJ_TLS) {
        const char *why = "";
        if ((rc = tls_values(m, f, r, ELFLD_OBJ_TLS_FORM_OF(need), &x, &why)))
            return rc == ELFLD_ENOMEM ? rc : fail_rec(m, f, si, i, r, tname, name, rc, why);
    }
    if (need & ELFLD_OBJ_BRANCH) {
        uintptr_t at = elfld__obj_veneer_at(m->L, f, &f->secs[rs->sh_info], r);
        if (at) {
            x.stub_addr = m->lib->base + at;
            x.stub = (unsigned char *)x.stub_addr;
        }
    }
    if (need & ELFLD_OBJ_PAIR_LO) {
        const struct elfld_keyed *hi = find_hi(m, S);
        if (!hi)
            return fail_rec(m, f, si, i, r, tname, name, ELFLD_ERELOC,
                            "no HI20 relocation at the location its symbol names");
        x.hi_value = (uintptr_t)hi->val;
    }
    rc = elfld_arch_obj_apply(&x);
    if (rc == ELFLD_ERANGE && (need & (ELFLD_OBJ_BRANCH | ELFLD_OBJ_NEAR_BRANCH)))
        return fail_out_of_reach(m, f, si, i, r, tname, name, &x, need);
    if (rc == ELFLD_ERANGE)
        return fail_out_of_range(m, f, si, i, r, tname, name, &x);
    if (rc)
        return fail_rec(m, f, si, i, r, tname, name, rc, "refused by the backend");
    return 0;
}

/* ------------------------------------------------------------------ the pass */
static int resolve_globals(struct emit *m) {
    struct elfld_objlink *L = m->L;
    for (uint32_t i = 0; i < L->gcap; i++) {
        struct obj_gsym *g = L->gsyms[i];
        if (!g)
            continue;
        if (g->state != G_UNDEF) {
            g->resolved = g->is_abs ? g->value : m->lib->base + g->value;
        } else if (!g->used) {
            g->resolved = 0;           /* referenced by no relocation that needs it */
        } else {
            struct elfld_name n;
            struct elfld_def def;
            elfld__name_init(&n, g->name, NULL);
            int rc = elfld__resolve_name(m->e, m->lib, &n, !g->strong_ref, &def);
            if (rc)
                return rc;
            g->resolved = def.value;
            if (g->type == STT_TLS) {     /* a variable of another library's TLS module */
                const char *why;
                if (!(g->tls_module = elfld__tls_module_of(&def, &why)))
                    return elfld__fail_reloc(m->e, ELFLD_ETLS, -1, -1, g->name, "'%s': %s",
                                             g->name, why);
                g->tls_offset = (uintptr_t)def.sym->st_value;
            }
        }
        if (g->got >= 0) {
            elf_addr word = (elf_addr)g->resolved;
            __builtin_memcpy((void *)got_addr(m, g->got), &word, sizeof word);
        }
    }
    return 0;
}

int elfld__obj_relocate(struct elfld_err *e, struct elfld_lib *lib) {
    struct emit m = {e, lib, lib->obj, NULL, 0};
    int rc = resolve_globals(&m);
    for (uint32_t fi = 0; !rc && fi < m.L->nfiles; fi++) {
        const struct obj_file *f = &m.L->files[fi];
        if (!f->selected)
            continue;
        rc = index_his(&m, f);
        for (uint32_t si = 1; !rc && si < f->shnum; si++) {
            const elf_shdr *rs = &f->secs[si].sh;
            if (!elfld__obj_relsec_kept(f, rs))
                continue;
            uintptr_t nrec = elfld__udiv(rs->sh_size, rs->sh_entsize);
            for (uintptr_t i = 0; !rc && i < nrec; i++) {
                struct obj_rec r;
                if (!elfld__obj_rec(f, rs, i, &r))
                    rc = elfld__fail(e, ELFLD_ESYMTAB, "%s: relocation symbol out of range",
                                     f->name);
                else
                    rc = apply_one(&m, f, si, i, &r);
            }
        }
        elfld__free(lib->ctx, m.his, m.nhis * sizeof *m.his);
        m.his = NULL;
        m.nhis = 0;
    }
    if (!rc)
        rc = elfld__obj_record_tools(e, lib, m.L);
    /* The host's tools read the inputs when the image is announced: the state goes then
     * (elfld__drop_link_state); without them, now. */
    if (rc || !lib->ctx->host.image_ready) {
        elfld__obj_free(lib->ctx, lib->obj);
        lib->obj = NULL;
        lib->free_link_state = NULL;
    }
    return rc;
}
