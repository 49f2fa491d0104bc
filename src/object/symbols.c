/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * symbols.c - the global symbol table of an object link, as a static linker builds it:
 *   - COMDAT groups: the first group with a given signature wins; the sections of the others
 *     are discarded (and with them their relocations and the definitions they hold);
 *   - a strong definition beats a weak one, COMMON symbols merge (largest size and alignment)
 *     and yield to a real definition, two strong definitions are an error naming both objects;
 *   - archive members join when they define a symbol still undefined (or required), repeated
 *     until nothing changes.
 */
#include "object.h"
#include "../core/names.h"

static uint32_t pow2_at_least(uint64_t n) {
    uint32_t c = 16;
    while (c < n && c < 0x80000000u)
        c <<= 1;
    return c;
}

/* ------------------------------------------------------------------ the global table */
#define GSYMS_FIRST_CAP 64u          /* table slots to start with; entries per first chunk */

/* Entries, allocated a chunk at a time (each chunk as large as all before it). */
struct obj_gchunk {
    struct obj_gchunk *next;
    uint32_t used, cap;
    struct obj_gsym entries[];
};

static struct obj_gsym **slot(struct elfld_objlink *L, const char *name, uint32_t h) {
    uint32_t mask = L->gcap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        struct obj_gsym **s = &L->gsyms[i];
        if (!*s || ((*s)->hash == h && elfld__strcmp((*s)->name, name) == 0))
            return s;
    }
}

struct obj_gsym *elfld__obj_gsym_find(struct elfld_objlink *L, const char *name) {
    return *slot(L, name, elfld__gnu_hash(name));
}

/* Twice the slots, every entry hashed in again (the entries themselves stay where they are). */
static bool grow(struct elfld_objlink *L) {
    uint32_t cap = L->gcap * 2;
    struct obj_gsym **t = elfld__alloc(L->ctx, (size_t)cap * sizeof *t);
    if (!t)
        return false;
    for (uint32_t i = 0; i < L->gcap; i++) {
        struct obj_gsym *g = L->gsyms[i];
        if (!g)
            continue;
        uint32_t k = g->hash & (cap - 1);
        while (t[k])
            k = (k + 1) & (cap - 1);
        t[k] = g;
    }
    elfld__free(L->ctx, L->gsyms, (size_t)L->gcap * sizeof *L->gsyms);
    L->gsyms = t;
    L->gcap = cap;
    return true;
}

static struct obj_gsym *new_entry(struct elfld_objlink *L) {
    struct obj_gchunk *c = L->gchunks;
    if (!c || c->used == c->cap) {
        uint32_t cap = L->gcount > GSYMS_FIRST_CAP ? L->gcount : GSYMS_FIRST_CAP;
        struct obj_gchunk *n = elfld__alloc(L->ctx, sizeof *n + (size_t)cap * sizeof n->entries[0]);
        if (!n)
            return NULL;
        n->cap = cap;
        n->next = c;
        L->gchunks = c = n;
    }
    return &c->entries[c->used++];
}

/* The entry for name, made if it is new; NULL when memory ran out. */
static struct obj_gsym *insert(struct elfld_objlink *L, const char *name) {
    uint32_t h = elfld__gnu_hash(name);
    struct obj_gsym **s = slot(L, name, h);
    if (*s)
        return *s;
    if (2 * ((uint64_t)L->gcount + 1) > L->gcap) {
        if (L->gcap >= 0x80000000u || !grow(L))
            return NULL;
        s = slot(L, name, h);
    }
    struct obj_gsym *g = new_entry(L);
    if (!g)
        return NULL;
    g->name = name;
    g->hash = h;
    g->got = g->stub = -1;
    for (unsigned k = 0; k < OBJ_TLS_SLOTS; k++)
        g->tls_got[k] = -1;
    L->gcount++;
    return *s = g;
}

void elfld__obj_gsyms_free(struct elfld_objlink *L) {
    elfld__free(L->ctx, L->gsyms, (size_t)L->gcap * sizeof *L->gsyms);
    L->gsyms = NULL;
    for (struct obj_gchunk *c = L->gchunks, *next; c; c = next) {
        next = c->next;
        elfld__free(L->ctx, c, sizeof *c + (size_t)c->cap * sizeof c->entries[0]);
    }
    L->gchunks = NULL;
}

/* ------------------------------------------------------------------ COMDAT */
static bool take_group(struct elfld_objlink *L, const char *sig) {
    uint32_t h = elfld__gnu_hash(sig), mask = L->groups_cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        if (!L->groups[i]) {
            L->groups[i] = sig;
            L->groups_count++;
            return true;
        }
        if (elfld__strcmp(L->groups[i], sig) == 0)
            return false;
    }
}

static int apply_groups(struct elfld_err *e, struct elfld_objlink *L, struct obj_file *f) {
    for (uint32_t i = 1; i < f->shnum; i++) {
        const elf_shdr *sh = &f->secs[i].sh;
        if (sh->sh_type != SHT_GROUP)
            continue;
        uint32_t flags;
        __builtin_memcpy(&flags, f->data + sh->sh_offset, 4);
        if (!(flags & GRP_COMDAT))
            continue;
        elf_sym sig;
        uint32_t shndx;
        if (!elfld__obj_sym(f, sh->sh_info, &sig, &shndx))
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: group %s has a bad signature symbol",
                               f->name, f->secs[i].name);
        if (take_group(L, elfld__obj_symname(f, &sig)))
            continue;
        for (uintptr_t off = 4; off < sh->sh_size; off += 4) {
            uint32_t m;
            __builtin_memcpy(&m, f->data + sh->sh_offset + off, 4);
            f->secs[m].discarded = true;            /* validated < shnum in input.c */
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ sections */
/* ------------------------------------------------------------------ definitions */
static int define(struct elfld_err *e, struct elfld_objlink *L, struct obj_gsym *g,
                  uint32_t file, uint32_t idx, const elf_sym *s, uint32_t shndx) {
    unsigned bind = ELF_ST_BIND(s->st_info);
    uint8_t state = shndx == SHN_COMMON ? G_COMMON : bind == STB_WEAK ? G_WEAK : G_DEFINED;
    if (g->state == G_DEFINED && state == G_DEFINED)
        return elfld__fail_reloc(e, ELFLD_EDUPSYM, -1, -1, g->name, "symbol '%s' is defined "
                                 "in both %s and %s", g->name, L->files[g->file].name,
                                 L->files[file].name);
    if (state == G_COMMON && g->state == G_COMMON) {          /* merge: largest wins */
        if (s->st_value > 1 && !elfld__is_pow2((uintptr_t)s->st_value))
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: COMMON symbol '%s' alignment %lu is not "
                               "a power of two", L->files[file].name, g->name,
                               (unsigned long)s->st_value);
        if (s->st_size > g->size)
            g->size = (uintptr_t)s->st_size;
        if (s->st_value > g->align)                           /* COMMON: st_value = align */
            g->align = (uintptr_t)s->st_value;
        return 0;
    }
    if (state <= g->state)                                    /* an equal or better one won */
        return 0;
    g->state = state;
    g->file = file;
    g->sym = idx;
    g->type = (uint8_t)ELF_ST_TYPE(s->st_info);
    g->other = s->st_other;
    g->is_abs = shndx == SHN_ABS;
    g->size = (uintptr_t)s->st_size;
    g->align = state == G_COMMON ? (uintptr_t)s->st_value : 0;
    if (state == G_COMMON && g->align > 1 && !elfld__is_pow2(g->align))
        return elfld__fail(e, ELFLD_ESYMTAB, "%s: COMMON symbol '%s' alignment %lu is not a "
                           "power of two", L->files[file].name, g->name, (unsigned long)g->align);
    return 0;
}

/* Enter one selected object's globals into the table. */
static int take_file(struct elfld_err *e, struct elfld_objlink *L, uint32_t fi) {
    struct obj_file *f = &L->files[fi];
    int rc;
    if ((rc = apply_groups(e, L, f)) || (rc = elfld__obj_classify_sections(e, f)))
        return rc;
    uint32_t nglob = f->nsyms - f->first_global;
    if (nglob) {
        f->gsyms = elfld__alloc(L->ctx, nglob * sizeof *f->gsyms);
        if (!f->gsyms)
            return elfld__fail(e, ELFLD_ENOMEM, "no memory for symbols of %s", f->name);
    }
    for (uint32_t i = f->first_global; i < f->nsyms; i++) {
        elf_sym s;
        uint32_t shndx;
        if (!elfld__obj_sym(f, i, &s, &shndx))
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: symbol %u invalid", f->name, i);
        unsigned bind = ELF_ST_BIND(s.st_info), type = ELF_ST_TYPE(s.st_info);
        const char *name = elfld__obj_symname(f, &s);
#ifdef ELFLD_ARCH_SHN_LCOMMON
        /* the arch's "large COMMON" section index (x86_64 medium/large code models): COMMON,
         * placed like any other */
        if (shndx == ELFLD_ARCH_SHN_LCOMMON)
            shndx = SHN_COMMON;
#endif
        if (bind == STB_LOCAL || !*name)
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: local or unnamed symbol %u among the "
                               "globals", f->name, i);
        /* thread-local symbols lie in thread-local sections and only they do (a variable
         * seen both ways would be read at an address in one place, at an offset in another) */
        if (shndx != SHN_UNDEF && shndx < f->shnum && f->secs[shndx].tls != (type == STT_TLS))
            return elfld__fail_reloc(e, ELFLD_ETLS, -1, -1, name, "%s: %s symbol '%s' in %s "
                                     "section %s", f->name, type == STT_TLS ? "thread-local" :
                                     "ordinary", name, f->secs[shndx].tls ? "a thread-local" :
                                     "an ordinary", f->secs[shndx].name);
        if (type == STT_TLS && shndx >= f->shnum && shndx != SHN_UNDEF)
            return elfld__fail_reloc(e, ELFLD_ETLS, -1, -1, name, "%s: thread-local symbol "
                                     "'%s' outside a thread-local section", f->name, name);
        if (type == STT_GNU_IFUNC && shndx != SHN_UNDEF)
            return elfld__fail_reloc(e, ELFLD_ENOTSUP, -1, -1, name, "%s: IFUNC '%s' in a "
                                     "relocatable object is not supported", f->name, name);
        struct obj_gsym *g = insert(L, name);
        if (!g)
            return elfld__fail(e, ELFLD_ENOMEM, "no memory for the symbol table (%s, at '%s')",
                               f->name, name);
        f->gsyms[i - f->first_global] = g;
        bool special = shndx == SHN_ABS || shndx == SHN_COMMON;
        if (!special && shndx >= f->shnum && shndx != SHN_UNDEF)
            return elfld__fail(e, ELFLD_ESECTION, "%s: symbol '%s' in section %u of %u",
                               f->name, name, shndx, f->shnum);
        bool defines = special || (shndx != SHN_UNDEF && f->secs[shndx].cls != OBJ_DROP);
        if (!defines) {             /* undefined, or defined in a discarded COMDAT section */
            if (shndx == SHN_UNDEF && bind != STB_WEAK)
                g->strong_ref = true;
            continue;
        }
        if ((rc = define(e, L, g, fi, i, &s, shndx)))
            return rc;
    }
    return 0;
}

/* Would a linker pull this archive member in?  It defines a symbol still wanted. */
static bool wanted(struct elfld_objlink *L, const struct obj_file *f, const struct elfld_opts *o) {
    for (uint32_t i = f->first_global; i < f->nsyms; i++) {
        elf_sym s;
        uint32_t shndx;
        if (!elfld__obj_sym(f, i, &s, &shndx) || shndx == SHN_UNDEF)
            continue;
        const char *name = elfld__obj_symname(f, &s);
        struct obj_gsym *g = elfld__obj_gsym_find(L, name);
        if (g && g->state == G_UNDEF && g->strong_ref)
            return true;
        for (size_t k = 0; k < o->require_count; k++)
            if ((!g || g->state == G_UNDEF) && elfld__strcmp(o->require[k], name) == 0)
                return true;
    }
    return false;
}

int elfld__obj_symbols(struct elfld_err *e, struct elfld_objlink *L, const struct elfld_opts *o) {
    uint64_t ngroups = 0;
    for (uint32_t i = 0; i < L->nfiles; i++) {
        const struct obj_file *f = &L->files[i];
        for (uint32_t k = 1; k < f->shnum; k++)
            ngroups += f->secs[k].sh.sh_type == SHT_GROUP;
    }
    L->gcap = GSYMS_FIRST_CAP;
    L->groups_cap = pow2_at_least(2 * ngroups);
    if (2 * ngroups > L->groups_cap)
        return elfld__fail(e, ELFLD_ENOMEM, "too many COMDAT groups");
    L->gsyms = elfld__alloc(L->ctx, (size_t)L->gcap * sizeof *L->gsyms);
    L->groups = elfld__alloc(L->ctx, (size_t)L->groups_cap * sizeof *L->groups);
    if (!L->gsyms || !L->groups)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the symbol table");

    int rc;
    for (uint32_t i = 0; i < L->nfiles; i++)
        if (L->files[i].selected && (rc = take_file(e, L, i)))
            return rc;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < L->nfiles; i++) {
            if (L->files[i].selected || !wanted(L, &L->files[i], o))
                continue;
            L->files[i].selected = true;
            if ((rc = take_file(e, L, i)))
                return rc;
            changed = true;
        }
    }
    for (size_t k = 0; k < o->require_count; k++) {
        struct obj_gsym *g = elfld__obj_gsym_find(L, o->require[k]);
        if (!g || g->state == G_UNDEF)
            return elfld__fail_reloc(e, ELFLD_ENOSYM, -1, -1, o->require[k], "required symbol "
                                     "'%s' is not defined by any input", o->require[k]);
    }
    return 0;
}
