/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reloc.c - the generic relocation driver.  Order, as the system loaders do it:
 *   1. DT_RELR (packed relative relocations),
 *   2. DT_REL / DT_RELA, then DT_JMPREL (eagerly, or prepared for lazy binding),
 *   3. IRELATIVE records last, so IFUNC resolvers see a fully relocated image.
 * The backend is asked only what kind a type is (a const table) and, for the arch-specific
 * formulas, to apply it; the common kinds are applied here without an indirect call.
 *
 * Where the time goes in a real library, and how it is kept small:
 *   - runs of records of one type go to tight loops (relative_run, word_run, lazy_run) that
 *     check each record's type and target window and nothing else;
 *   - a state byte per symbol says whether its value is the library's own definition
 *     (settled for every hashed definition before the first record: init_states), resolved
 *     already (a cache covering the undefined symbols: cached_symbols), or unknown; only the
 *     unknown ones leave the loops, once per symbol, for apply() and the resolver.
 */
#include "reloc.h"
#include "../core/arch.h"
#include "../core/divide.h"
#include "../core/map.h"
#include "../core/records.h"
#include "../core/sym.h"
#include "../core/sysset.h"
#include "../core/util.h"
#include "dynamic.h"
#include "system.h"

/* One relocation record, whichever table it came from. */
struct rec {
    uintptr_t offset;
    uint32_t type, sym;
    intptr_t addend;
    int rela;
    size_t index;            /* position in its table, for diagnostics */
    const char *table;
};

/* Relocation targets must lie in writable image memory.  Remember the writable segment the
 * previous target fell into, so a run of targets costs two comparisons each rather than a
 * walk over the segments.  lib == NULL (unit tests) checks nothing. */
struct target_window {
    const struct elfld_lib *lib;
    uintptr_t lo, hi;
};

/* What the hot loop knows about a symbol's value, one byte per symbol index. */
enum sym_state {
    SYM_LOOKUP = 0,          /* not known yet, or must be looked up every time: slow path */
    SYM_OWN,                 /* the library's own definition is final: base + st_value */
    SYM_CACHED,              /* resolved once, in values[] (indices below ncache only) */
    SYM_OWN_TLS,             /* a thread-local definition of the library's own, final: TLS
                              * records use its module and st_value; others look it up */
};

struct reloc_pass {
    struct elfld_err *e;
    struct elfld_lib *lib;
    uint8_t *state;          /* enum sym_state per symbol index */
    uintptr_t *values;       /* resolved value per symbol index below ncache */
    uint32_t ncache;         /* symbols [0, ncache) are cached; see cached_symbols() */
    struct target_window win;
    bool lazy;
    bool irelative_seen;
    bool settle_in_runs;     /* own definitions settled as records meet them (settle_own) */
    int self_first;          /* elfld__self_first_mode(lib), for the whole pass */
    uintptr_t lazy_lo, lazy_hi;   /* lowest / highest JUMP_SLOT offset bound lazily */
};

/* Are JUMP_SLOTs left for their first call?  The one test of the pass's decision: a build
 * without lazy binding (core/features.h), or a backend without it (core/arch.h), answers no
 * at compile time, which drops every lazy path below. */
static inline bool binding_lazily(const struct reloc_pass *rp) {
    return ELFLD_WITH_LAZY && ELFLD_ARCH_LAZY && rp->lazy;
}

/* An image word (ELF_WORD_SIZE bytes), at any alignment. */
static inline uintptr_t load_word(const void *p) {
    elf_addr v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static inline void store_word(void *p, uintptr_t v) {
    elf_addr w = (elf_addr)v;
    __builtin_memcpy(p, &w, sizeof w);
}

static bool target_ok(struct target_window *w, uintptr_t vaddr, uintptr_t size) {
    if (!w->lib || (vaddr >= w->lo && vaddr < w->hi && w->hi - vaddr >= size))
        return true;
    const struct elfld_seg *s = elfld__seg_at(w->lib, vaddr);
    if (!s)
        return false;
    if (!(s->prot & ELFLD_PROT_WRITE))   /* text relocations: checked one by one, no window */
        return w->lib->textrel && s->vaddr + s->memsz - vaddr >= size &&
               !elfld__in_tables(w->lib, vaddr, size);
    w->lo = s->vaddr;
    w->hi = s->vaddr + s->memsz;
    return w->hi - vaddr >= size;
}

static const char *bad_target(const struct elfld_lib *lib, uintptr_t vaddr) {
    return lib->textrel && elfld__in_tables(lib, vaddr, 1)
               ? "target inside a table the loader checked (symbols, strings, hashes, versions "
                 "or relocations)"
               : "target outside the writable image";
}

static const char *type_name(uint32_t type) {
    const struct elfld_reloc_desc *d = elfld__reloc_desc(type);
    return d ? d->name : NULL;
}

const char *elfld_reloc_name(unsigned type) {
    return type_name(type);
}

static int fail_rec(struct reloc_pass *rp, const struct rec *r, int code, const char *why) {
    const char *sym = r->sym && r->sym < rp->lib->nsyms ? elfld__sym_name(rp->lib, r->sym) : NULL;
    return elfld__fail_record(rp->e, code, rp->lib->name, r->table, r->index, r->type,
                              type_name(r->type), sym, why);
}

/*
 * A full lookup of symbol `sym` for record `index` of type `type`, cached below ncache.  On
 * failure the diagnostic names the record (the resolver knows the symbol, we the record).
 */
static int resolve_and_cache(struct reloc_pass *rp, uint32_t sym, size_t index, uint32_t type,
                             uintptr_t *value) {
    struct elfld_def def;
    int rc = elfld__resolve(rp->e, rp->lib, sym, &def);
    if (rc) {
        if (rp->e->diag) {
            rp->e->diag->reloc_index = (long)index;
            rp->e->diag->reloc_type = (long)type;
        }
        return rc;
    }
    if (sym < rp->ncache) {
        rp->values[sym] = def.value;
        rp->state[sym] = SYM_CACHED;
    }
    *value = def.value;
    return 0;
}

static int symbol_value(struct reloc_pass *rp, const struct rec *r, uintptr_t *value) {
    if (r->sym == STN_UNDEF) {
        *value = 0;
        return 0;
    }
    if (r->sym >= rp->lib->nsyms)
        return fail_rec(rp, r, ELFLD_ESYMTAB, "") ;
    if (r->sym < rp->ncache && rp->state[r->sym] == SYM_CACHED) {
        *value = rp->values[r->sym];
        return 0;
    }
    return resolve_and_cache(rp, r->sym, r->index, r->type, value);
}

/* st_size of the definition the symbol resolves to (R_*_SIZE*: rare, so not cached). */
static int symbol_size(struct reloc_pass *rp, const struct rec *r, size_t *size) {
    *size = 0;
    if (r->sym == STN_UNDEF)
        return 0;
    struct elfld_def def;
    int rc = elfld__resolve(rp->e, rp->lib, r->sym, &def);
    if (!rc && def.sym)
        *size = (size_t)def.sym->st_size;
    return rc;
}

static int call_hook(struct reloc_pass *rp, const struct rec *r, void *where) {
    struct elfld_lib *lib = rp->lib;
    if (!lib->reloc_hook)
        return fail_rec(rp, r, ELFLD_ERELTYPE, "not known to this backend");
    if (!target_ok(&rp->win, r->offset, 1))
        return fail_rec(rp, r, ELFLD_ERELOC, "target outside the writable image");
    uintptr_t S;
    int rc = symbol_value(rp, r, &S);
    if (rc)
        return rc;
    struct elfld_reloc_req req = {lib, r->type, where, S, r->addend, lib->base,
                                  r->sym ? elfld__sym_name(lib, r->sym) : NULL};
    rc = lib->reloc_hook(lib->reloc_user, &req);
    return rc ? fail_rec(rp, r, rc, "refused by the relocation hook") : 0;
}

/*
 * The module and offset a TLS record names: its symbol's definition, which must be a
 * thread-local symbol of a loaded library with a TLS module (symbol 0: the library's own
 * module, offset 0).
 */
static int tls_target(struct reloc_pass *rp, const struct rec *r,
                      const struct elfld_tls_module **m, uintptr_t *offset) {
    struct elfld_lib *lib = rp->lib;
    *m = &lib->tls;
    *offset = 0;
    if (r->sym != STN_UNDEF) {
        if (r->sym >= lib->nsyms)
            return fail_rec(rp, r, ELFLD_ESYMTAB, "");
        /* A variable is usually named by two records (module and offset) or more: its own
         * definition, once found final, is not looked up again. */
        const elf_sym *es = &lib->symtab[r->sym];
        unsigned st = rp->state[r->sym];
        if (st == SYM_OWN_TLS || (st == SYM_OWN && ELF_ST_TYPE(es->st_info) == STT_TLS)) {
            *offset = (uintptr_t)es->st_value;
            goto module_known;
        }
        struct elfld_def def;
        int rc = elfld__resolve(rp->e, lib, r->sym, &def);
        if (rc) {
            if (rp->e->diag) {
                rp->e->diag->reloc_index = (long)r->index;
                rp->e->diag->reloc_type = (long)r->type;
            }
            return rc;
        }
        const char *why;
        if (!(*m = elfld__tls_module_of(&def, &why)))
            return fail_rec(rp, r, ELFLD_ETLS, why);
        *offset = (uintptr_t)def.sym->st_value;
        if (def.sym == es && st == SYM_LOOKUP)
            rp->state[r->sym] = SYM_OWN_TLS;
    }
module_known:
    if (!(*m)->id)
        return fail_rec(rp, r, ELFLD_ETLS, "the library it names has no PT_TLS segment");
    return 0;
}

/* Where a TLS descriptor's argument word is: {resolver, argument}, on Arm {argument,
 * resolver} (elfld__tls_desc_words gives both in that order). */
#ifdef ELFLD_ARCH_TLSDESC_ARG_FIRST
#define DESC_ARG_AT 0
#else
#define DESC_ARG_AT sizeof(elf_addr)
#endif

static int apply_tls(struct reloc_pass *rp, const struct rec *r, void *where, unsigned kind) {
    const struct elfld_tls_module *m;
    uintptr_t T;
    int rc = tls_target(rp, r, &m, &T);
    if (rc)
        return rc;
    /* REL: the addend is in the place (a descriptor's: in its argument word; on Arm, whose
     * linkers leave their own marker there for a record with a symbol, only for symbol 0) */
    uintptr_t A = r->rela ? (uintptr_t)r->addend
                          : load_word((char *)where + (kind == ELFLD_RK_TLSDESC ? DESC_ARG_AT
                                                                               : 0));
#ifdef ELFLD_ARCH_TLSDESC_ARG_FIRST
    if (!r->rela && kind == ELFLD_RK_TLSDESC && r->sym != STN_UNDEF)
        A = 0;
#endif
    switch (kind) {
    case ELFLD_RK_DTPMOD:
        store_word(where, (uintptr_t)m);
        return 0;
    case ELFLD_RK_DTPOFF:
        store_word(where, T + A - (uintptr_t)ELFLD_ARCH_DTV_OFFSET);
        return 0;
    case ELFLD_RK_TPOFF:
    case ELFLD_RK_TPOFF_NEG:
        if (!m->is_static)
            return fail_rec(rp, r, ELFLD_ETLS, "initial-exec access to a module in dynamic TLS "
                            "(its library lacks DF_STATIC_TLS)");
        store_word(where, kind == ELFLD_RK_TPOFF ? elfld__tls_tpoff(m, T + A)
                                                 : A - elfld__tls_tpoff(m, T));
        return 0;
    default: {                        /* ELFLD_RK_TLSDESC */
        uintptr_t words[2];
        int rc = elfld__tls_desc_words(rp->e, rp->lib, m, T + A, words);
        if (rc == ELFLD_ETLS)
            return fail_rec(rp, r, rc, "this backend has no TLS descriptor resolver");
        if (rc)
            return rc;
        store_word(where, words[0]);
        store_word((char *)where + sizeof(elf_addr), words[1]);
        return 0;
    }
    }
}

static int apply(struct reloc_pass *rp, const struct rec *r, bool irelative_pass) {
    struct elfld_lib *lib = rp->lib;
    const struct elfld_reloc_desc *d = elfld__reloc_desc(r->type);
    unsigned kind = d ? d->kind : ELFLD_RK_UNKNOWN;
    if (irelative_pass != (kind == ELFLD_RK_IRELATIVE))
        return 0;
    if (kind == ELFLD_RK_NONE)
        return 0;
    void *where = (void *)(lib->base + r->offset);
    if (kind == ELFLD_RK_UNKNOWN)
        return call_hook(rp, r, where);
    if (kind == ELFLD_RK_TLS)
        return fail_rec(rp, r, ELFLD_ETLS, "a TLS type of static links, not of loaded images");
    if (kind == ELFLD_RK_COPY)
        return fail_rec(rp, r, ELFLD_ECOPY, "COPY relocations belong in executables");
    if (!target_ok(&rp->win, r->offset, d->size ? d->size : 1))
        return fail_rec(rp, r, ELFLD_ERELOC, bad_target(rp->lib, r->offset));
    if (kind >= ELFLD_RK_DTPMOD)
        return apply_tls(rp, r, where, kind);

    uintptr_t S;
    intptr_t A = r->addend;
    int rc;
    switch (kind) {
    case ELFLD_RK_RELATIVE:
        store_word(where, lib->base + (uintptr_t)(r->rela ? A : (intptr_t)load_word(where)));
        return 0;
    case ELFLD_RK_ABS:
        if ((rc = symbol_value(rp, r, &S)))
            return rc;
        store_word(where, S + (uintptr_t)(r->rela ? A : (intptr_t)load_word(where)));
        return 0;
    case ELFLD_RK_JUMP_SLOT:
        /* A PLT slot always names its function.  Checked now even when binding lazily, so a
         * bad index is a load error rather than a trap at the first call. */
        if (r->sym == STN_UNDEF || r->sym >= lib->nsyms)
            return fail_rec(rp, r, ELFLD_ESYMTAB, "JUMP_SLOT without a valid symbol index");
        if (binding_lazily(rp)) {     /* the word points back into the PLT: rebase it */
            store_word(where, load_word(where) + lib->base);
            lib->lazy_pending = true;
            rp->lazy_lo = r->offset < rp->lazy_lo ? r->offset : rp->lazy_lo;
            rp->lazy_hi = r->offset > rp->lazy_hi ? r->offset : rp->lazy_hi;
            return 0;
        }
        /* fall through */
    case ELFLD_RK_GLOB_DAT:
        if ((rc = symbol_value(rp, r, &S)))
            return rc;
        store_word(where, S + (uintptr_t)(r->rela ? A : 0));
        return 0;
    case ELFLD_RK_IRELATIVE: {
        uintptr_t resolver = lib->base + (uintptr_t)(r->rela ? A : (intptr_t)load_word(where));
        if (!elfld__in_code(lib, resolver))
            return fail_rec(rp, r, ELFLD_ERELOC, "IFUNC resolver outside the image's code");
        store_word(where, elfld_arch_call_ifunc(resolver));
        return 0;
    }
    case ELFLD_RK_ARCH: {
        size_t Z = 0;
        if ((rc = symbol_value(rp, r, &S)))
            return rc;
        if ((d->flags & ELFLD_RF_SYMSIZE) && (rc = symbol_size(rp, r, &Z)))
            return rc;
        rc = elfld_arch_apply(r->type, where, S, A, r->rela, lib->base, Z);
        if (rc == ELFLD_ERANGE)
            return fail_rec(rp, r, rc, "value does not fit the field");
        return rc ? fail_rec(rp, r, rc, "") : 0;
    }
    default:
        return fail_rec(rp, r, ELFLD_ERELTYPE, "");
    }
}


/* Record i of a mapped REL or RELA table (core/records.h). */
static inline __attribute__((always_inline)) void
decode(const void *table, size_t i, const int rela, uintptr_t *off, uintptr_t *info,
       intptr_t *addend) {
    elfld__rec_read(table, i, rela, true, off, info, addend);
}

/*
 * A run of RELATIVE records (linkers sort them first: DT_RELACOUNT): from `from` on, as long as
 * the record is exactly `info` (type RELATIVE, symbol 0) and its target lies in the window.
 * Returns the number applied; the caller's general loop takes whatever stopped the run.
 *
 * This loop is most of a big library's load time (libcrypto: 17,000 records), so a RELA table
 * is taken four records per step: all four are checked, then all four stored, and a block
 * that fails a check is left to the one-record loop, which stops exactly where the run ends.
 * Four records cost about ten instructions each instead of thirteen.  (A REL record reads its
 * addend from the target: one at a time.)  `-wlo` is added rather than wlo subtracted so the
 * target test is one lea and one compare.
 */
static inline __attribute__((always_inline)) bool
relative_target_ok(uintptr_t off, uintptr_t neg_wlo, uintptr_t wlen) {
    return off + neg_wlo < wlen;
}

static inline __attribute__((always_inline)) size_t
relative_run(const void *table, size_t from, size_t n, const int rela, uintptr_t info,
             uintptr_t base, uintptr_t wlo, uintptr_t wlen) {
    uintptr_t neg_wlo = 0 - wlo;
    __asm__("" : "+r"(neg_wlo));   /* opaque, or the compiler turns the add back into a sub */
    if (rela) {
        const elf_rela *const first = (const elf_rela *)table + from, *const end =
            (const elf_rela *)table + n;
        const elf_rela *x = first;
        const elf_rela *const blocks_end = first + ((n - from) & ~(size_t)3);
        for (; x != blocks_end; x += 4) {
            if ((uintptr_t)x[0].r_info != info || (uintptr_t)x[1].r_info != info ||
                (uintptr_t)x[2].r_info != info || (uintptr_t)x[3].r_info != info)
                break;
            uintptr_t o0 = (uintptr_t)x[0].r_offset, o1 = (uintptr_t)x[1].r_offset,
                      o2 = (uintptr_t)x[2].r_offset, o3 = (uintptr_t)x[3].r_offset;
            if (!relative_target_ok(o0, neg_wlo, wlen) || !relative_target_ok(o1, neg_wlo, wlen) ||
                !relative_target_ok(o2, neg_wlo, wlen) || !relative_target_ok(o3, neg_wlo, wlen))
                break;
            store_word((void *)(base + o0), base + (uintptr_t)x[0].r_addend);
            store_word((void *)(base + o1), base + (uintptr_t)x[1].r_addend);
            store_word((void *)(base + o2), base + (uintptr_t)x[2].r_addend);
            store_word((void *)(base + o3), base + (uintptr_t)x[3].r_addend);
        }
        for (; x != end && (uintptr_t)x->r_info == info; x++) {
            uintptr_t off = (uintptr_t)x->r_offset;
            if (!relative_target_ok(off, neg_wlo, wlen))
                break;
            store_word((void *)(base + off), base + (uintptr_t)x->r_addend);
        }
        return ELFLD_INDEX_OF(x, first, sizeof *x);
    }
    const elf_rel *const first = (const elf_rel *)table + from, *const end =
        (const elf_rel *)table + n;
    const elf_rel *x = first;
    for (; x != end && (uintptr_t)x->r_info == info; x++) {
        uintptr_t off = (uintptr_t)x->r_offset;
        if (!relative_target_ok(off, neg_wlo, wlen))
            break;
        void *where = (void *)(base + off);
        store_word(where, base + load_word(where));
    }
    return ELFLD_INDEX_OF(x, first, sizeof *x);
}

/*
 * A symbol not yet known whose value is the library's own definition with nothing before it
 * in the search order - what elfld__resolve() would find, for the price of one name hash and
 * one probe of the system's names: mark it SYM_OWN and give its value.  This is how a library
 * without a GNU hash table (whose own definitions cannot be settled up front from hash
 * chains) binds its own symbols.  false: the slow path decides.
 */
__attribute__((noinline)) static bool settle_own(struct reloc_pass *rp, uint32_t sym,
                                                 uintptr_t *value) {
    const struct elfld_lib *lib = rp->lib;
    const elf_sym *es = &lib->symtab[sym];
    if (rp->state[sym] != SYM_LOOKUP || es->st_shndx == SHN_UNDEF ||
        es->st_shndx >= SHN_LORESERVE || ELF_ST_TYPE(es->st_info) == STT_GNU_IFUNC)
        return false;
    int mode = rp->self_first;
    bool own = ELF_ST_BIND(es->st_info) == STB_LOCAL ||
               ELF_ST_VISIBILITY(es->st_other) != STV_DEFAULT || mode == ELFLD_SELF_ALWAYS ||
               (mode == ELFLD_SELF_UNLESS_SYSTEM && elfld__sym_name(lib, sym) &&
                !elfld__system_may_define(lib->ctx, elfld__defined_hash(lib, sym)));
    if (!own)
        return false;
    *value = lib->base + (uintptr_t)es->st_value;
    rp->state[sym] = SYM_OWN;
    return true;
}

/*
 * A run of records of one type that stores a symbol's value as one word (GLOB_DAT, ABS, or
 * JUMP_SLOT when binding now), from `from` on, while each record's symbol value is known
 * without a lookup (its state byte, or with `settle`, settle_own()) and its target lies in the
 * window.  Returns the number applied; whatever stopped the run goes to the general loop.
 * Few live values, so the compiler keeps them all in registers.
 */
struct word_run {
    struct reloc_pass *rp;     /* for settle_own() */
    const uint8_t *state;
    const uintptr_t *values;
    const elf_sym *symtab;
    uintptr_t base, wlo, wlen;
    uint32_t nsyms;            /* a valid symbol index is below; state[0] is SYM_LOOKUP */
    uint32_t sym_hi;           /* valid and not STN_UNDEF: sym - 1 < sym_hi */
};

static inline __attribute__((always_inline)) size_t
word_run(const struct word_run *w, const void *table, size_t from, size_t n, const int rela,
         uint32_t type, bool add_word, const bool settle) {
    const uintptr_t base = w->base, wlen = w->wlen;
    uintptr_t neg_wlo = 0 - w->wlo;
    __asm__("" : "+r"(neg_wlo));   /* opaque: the window test stays one lea and one compare */
    const uint8_t *const state = w->state;
    const elf_sym *const symtab = w->symtab;
    const uint32_t nsyms = w->nsyms;
    const size_t ent = rela ? sizeof(elf_rela) : sizeof(elf_rel);
    const unsigned char *const first = (const unsigned char *)table + from * ent,
                        *const end = (const unsigned char *)table + n * ent;
    const unsigned char *p = first;
    for (; p != end; p += ent) {
        uintptr_t off, info;
        intptr_t A;
        decode(p, 0, rela, &off, &info, &A);
        uint32_t sym = ELF_R_SYM(info);
        if (ELF_R_TYPE(info) != type || off + neg_wlo >= wlen || sym >= nsyms)
            break;
        uintptr_t S;
        unsigned st = state[sym];       /* STN_UNDEF: SYM_LOOKUP, leaves the run */
        if (st == SYM_OWN) {
            /* defined in a section, not an IFUNC (whose value is its resolver) */
            const elf_sym *es = &symtab[sym];
            if ((uint32_t)es->st_shndx - 1u >= SHN_LORESERVE - 1u ||
                ELF_ST_TYPE(es->st_info) == STT_GNU_IFUNC)
                break;
            S = base + (uintptr_t)es->st_value;
        } else if (st == SYM_CACHED) {
            S = w->values[sym];
        } else if (!settle || !sym || !settle_own(w->rp, sym, &S)) {
            break;
        }
        void *where = (void *)(base + off);
        if (!rela && add_word)
            A = (intptr_t)load_word(where);
        store_word(where, S + (uintptr_t)A);
    }
    return ELFLD_INDEX_OF(p, first, ent);
}

/*
 * A run of JUMP_SLOT records (type `type`) bound lazily: each slot points back into the PLT,
 * rebased.  Tracks the lowest and highest slot rebased, for the RELRO check afterwards.
 */
static inline __attribute__((always_inline)) size_t
lazy_run(const struct word_run *w, struct reloc_pass *rp, const void *table, size_t from,
         size_t n, const int rela, uint32_t type) {
    const uintptr_t base = w->base, wlo = w->wlo, wlen = w->wlen;
    uintptr_t lo = rp->lazy_lo, hi = rp->lazy_hi;
    size_t i = from;
    for (; i < n; i++) {
        uintptr_t off, info;
        intptr_t A;
        decode(table, i, rela, &off, &info, &A);
        if (ELF_R_TYPE(info) != type || off - wlo >= wlen || ELF_R_SYM(info) - 1u >= w->sym_hi)
            break;
        void *where = (void *)(base + off);
        store_word(where, load_word(where) + base);
        lo = off < lo ? off : lo;
        hi = off > hi ? off : hi;
    }
    rp->lazy_lo = lo;
    rp->lazy_hi = hi;
    return i - from;
}

/*
 * One relocation table.  Runs of RELATIVE records, of word stores of a known symbol value and
 * of lazily bound slots (the bulk of every real library) are applied by the run loops above;
 * everything else - first use of an undefined symbol, arch formulas, errors - goes through
 * apply(), one record at a time.  IRELATIVE records are left for the second pass.  Inlined
 * once per table format so the REL/RELA choice is made at compile time.
 */
static inline __attribute__((always_inline)) int
run_records(struct reloc_pass *rp, const void *table, size_t n, const int rela, const char *name) {
    const struct elfld_lib *lib = rp->lib;
    const uintptr_t base = lib->base, W = ELF_WORD_SIZE;
    const uint32_t nsyms = lib->nsyms;
    const bool lazy = binding_lazily(rp);
    /* the kinds that store a symbol's value as one word */
    const unsigned word_kinds = (1u << ELFLD_RK_GLOB_DAT) | (1u << ELFLD_RK_ABS) |
                                (lazy ? 0u : 1u << ELFLD_RK_JUMP_SLOT);
    struct word_run w = {rp, rp->state, rp->values, lib->symtab, base, 0, 0, nsyms,
                         nsyms ? nsyms - 1u : 0u};
    for (size_t i = 0; i < n; i++) {
        uintptr_t off, info;
        intptr_t addend;
        decode(table, i, rela, &off, &info, &addend);
        uint32_t type = ELF_R_TYPE(info), sym = ELF_R_SYM(info);
        const struct elfld_reloc_desc *d = elfld__reloc_desc(type);
        unsigned kind = d ? d->kind : ELFLD_RK_UNKNOWN;
        /* the window as one unsigned compare: off - wlo < wlen (0: no window yet); a target
         * in another writable segment moves it here, so the run loops take that one too */
        if (off - w.wlo >= w.wlen && target_ok(&rp->win, off, W)) {
            w.wlo = rp->win.lo;
            w.wlen = rp->win.hi - rp->win.lo >= W ? rp->win.hi - rp->win.lo - W + 1 : 0;
        }
        bool in_window = off - w.wlo < w.wlen;
        if (kind == ELFLD_RK_RELATIVE && in_window) {
            i += relative_run(table, i, n, rela, info, base, w.wlo, w.wlen) - 1;
            continue;
        }
        if ((1u << kind) & word_kinds) {
            /* settle_own() inside the run only where own definitions were not settled up
             * front (init_states): elsewhere it would only cost registers */
            bool abs = kind == ELFLD_RK_ABS;
            size_t ran = rp->settle_in_runs ? word_run(&w, table, i, n, rela, type, abs, true)
                                            : word_run(&w, table, i, n, rela, type, abs, false);
            if (ran) {
                i += ran - 1;
                continue;
            }
            /* The run stopped at its first record: a symbol not known yet (typically the first
             * use of an undefined one) is looked up here, outside the run's loop. */
            if (in_window && sym - 1u < w.sym_hi && rp->state[sym] == SYM_LOOKUP) {
                uintptr_t S;
                int rc = resolve_and_cache(rp, sym, i, type, &S);
                if (rc)
                    return rc;
                void *where = (void *)(base + off);
                intptr_t A = rela ? addend : abs ? (intptr_t)load_word(where) : 0;
                store_word(where, S + (uintptr_t)A);
                continue;
            }
        } else if (kind == ELFLD_RK_JUMP_SLOT && lazy) {
            size_t ran = lazy_run(&w, rp, table, i, n, rela, type);
            if (ran) {
                rp->lib->lazy_pending = true;
                i += ran - 1;
                continue;
            }
        } else if (kind == ELFLD_RK_IRELATIVE) {
            rp->irelative_seen = true;
            continue;
        }
        struct rec r = {off, type, sym, addend, rela, i, name};
        int rc = apply(rp, &r, false);
        if (rc)
            return rc;
    }
    return 0;
}

/* Apply the records of one kind only, through apply() (a later pass over a table). */
static int apply_kind(struct reloc_pass *rp, const void *table, size_t n, int rela,
                      const char *name, unsigned kind) {
    for (size_t i = 0; i < n; i++) {
        struct rec r = {0, 0, 0, 0, rela, i, name};
        uintptr_t info;
        decode(table, i, rela, &r.offset, &info, &r.addend);
        r.type = ELF_R_TYPE(info);
        r.sym = ELF_R_SYM(info);
        const struct elfld_reloc_desc *d = elfld__reloc_desc(r.type);
        if (!d || d->kind != kind)
            continue;
        int rc = apply(rp, &r, kind == ELFLD_RK_IRELATIVE);
        if (rc)
            return rc;
    }
    return 0;
}

static int run_table(struct reloc_pass *rp, const void *table, size_t n, int rela,
                     const char *name, bool irelative_pass) {
    if (!irelative_pass)
        return rela ? run_records(rp, table, n, 1, name) : run_records(rp, table, n, 0, name);
    /* Second pass: only the IRELATIVE records, now that everything else is in place. */
    return apply_kind(rp, table, n, rela, name, ELFLD_RK_IRELATIVE);
}

int elfld__apply_relr(struct elfld_err *e, const struct elfld_lib *lib, uintptr_t base,
                      const elf_addr *relr, size_t n) {
    const uintptr_t word = sizeof(elf_addr), bits = 8 * sizeof(elf_addr);
    struct target_window win = {lib, 0, 0};
    uintptr_t where = 0;       /* vaddr of the next word an address entry would cover */
    bool have_where = false;
    for (size_t i = 0; i < n; i++) {
        elf_addr entry = relr[i];
        if ((entry & 1) == 0) {                  /* an address: relocate it, continue after */
            where = (uintptr_t)entry;
            if (!target_ok(&win, where, word))
                return elfld__fail_reloc(e, ELFLD_ERELOC, (long)i, -1, NULL,
                                         "RELR entry %zu points outside the writable image", i);
            store_word((void *)(base + where), load_word((void *)(base + where)) + base);
            where += word;
            have_where = true;
            continue;
        }
        if (!have_where)
            return elfld__fail_reloc(e, ELFLD_ERELOC, (long)i, -1, NULL,
                                     "RELR bitmap %zu before any address entry", i);
        /* a bitmap: bit k (k >= 1) relocates the word at where + (k - 1) * word */
        elf_addr map = entry >> 1;
        for (uintptr_t va = where; map; va += word, map >>= 1) {
            if (!(map & 1))
                continue;
            if (!target_ok(&win, va, word))
                return elfld__fail_reloc(e, ELFLD_ERELOC, (long)i, -1, NULL,
                                         "RELR bitmap %zu points outside the writable image", i);
            store_word((void *)(base + va), load_word((void *)(base + va)) + base);
        }
        where += (bits - 1) * word;
    }
    return 0;
}

/* Will a word in [first, last] be read-only after linking (in the pages RELRO protects)? */
static bool range_in_relro_pages(const struct elfld_lib *lib, uintptr_t first, uintptr_t last) {
    uintptr_t page = lib->ctx->page_size;
    uintptr_t lo = elfld__align_down(lib->relro_vaddr, page);
    uintptr_t hi = elfld__align_down(lib->relro_vaddr + lib->relro_size, page);
    return last + ELF_WORD_SIZE > lo && first < hi;
}

/*
 * Lazy binding needs the reserved PLT GOT words aligned (the backend stores them as words)
 * and writable now (they are written before RELRO is applied; GNU ld puts them inside it),
 * and every JUMP_SLOT still writable at its first call (checked once the slots are known:
 * bind_slots_now_if_relro()).  An image that fails these is bound eagerly.
 */
static bool can_be_lazy(struct elfld_lib *lib) {
    if ((lib->flags & ELFLD_NOW) || !lib->jmprel || !lib->pltgot ||
        (lib->pltgot & (ELF_WORD_SIZE - 1)))
        return false;
    uintptr_t words = elfld_arch_pltgot_reserved, got = lib->pltgot - lib->base;
    return elfld__in_writable(lib, got, words * ELF_WORD_SIZE) &&
           !elfld__in_tables(lib, got, words * ELF_WORD_SIZE);
}

/* Lazily bound slots inside RELRO's pages would fault at their first call: when the range of
 * the slots rebased lazily touches those pages, every JUMP_SLOT is bound now instead. */
static int bind_slots_now_if_relro(struct reloc_pass *rp) {
    struct elfld_lib *lib = rp->lib;
    if (!lib->lazy_pending || !lib->relro_size ||
        !range_in_relro_pages(lib, rp->lazy_lo, rp->lazy_hi))
        return 0;
    rp->lazy = false;
    lib->lazy_pending = false;
    const struct { const void *table; size_t n; int rela; const char *name; } t[3] = {
        {lib->rel, lib->nrel, 0, "DT_REL"},
        {lib->rela, lib->nrela, 1, "DT_RELA"},
        {lib->jmprel, lib->njmprel, lib->jmprel_is_rela, "DT_JMPREL"}};
    for (unsigned k = 0; k < 3; k++) {
        int rc = apply_kind(rp, t[k].table, t[k].n, t[k].rela, t[k].name, ELFLD_RK_JUMP_SLOT);
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * How many symbols, from index 0, get a slot in the per-load cache of resolved values.  With a
 * GNU hash table and an order where the library's own definitions are usually final, only the
 * symbols below symoffset (the undefined ones: linkers put every hashed, i.e. defined, symbol
 * after them): a defined symbol's value is recomputed from its entry in a few instructions,
 * and the cache of a 40,000-symbol library shrinks from 330 KB to a few bytes.  Without a
 * GNU table, up to the last undefined symbol (settle_own() binds the definitions).  When
 * something precedes the library in the order, every symbol: each needs a full lookup.
 */
static uint32_t cached_symbols(const struct elfld_lib *lib, int self_first) {
    if (self_first == ELFLD_SELF_NEVER)
        return lib->nsyms;
    if (lib->gnu_buckets)
        return lib->gnu_symoffset < lib->nsyms ? lib->gnu_symoffset : lib->nsyms;
    /* No GNU table: the undefined symbols may be anywhere; the cache ends after the last. */
    uint32_t end = 0;
    for (uint32_t i = 1; i < lib->nsyms; i++)
        end = lib->symtab[i].st_shndx == SHN_UNDEF ? i + 1 : end;
    return end;
}

/*
 * Every symbol starts as SYM_LOOKUP, except, in a library with many relocations, the
 * definitions above the cached range (see cached_symbols()): those are SYM_OWN unless the
 * system may define the name too, which is settled for all of them up front, so the hot loop
 * reads one byte per record: from the GNU hash chains (elfld__mark_system_names), or for a
 * SysV-only library by looking the system's names up in its table when they are far fewer
 * (elfld__mark_system_names_sysv).  Otherwise, and when neither way is cheap, definitions
 * are settled as records meet them.
 */
static void init_states(struct reloc_pass *rp) {
    const struct elfld_lib *lib = rp->lib;
    uint8_t *state = rp->state;
    uint32_t ncache = rp->ncache;
    /* Settling every definition up front costs about a dozen instructions per name; a library
     * with fewer records that could use them than half its names (a small one loaded lazily)
     * settles them as they are met instead. */
    size_t refs = lib->nrel + lib->nrela + (binding_lazily(rp) ? 0 : lib->njmprel);
    uint32_t nown = lib->nsyms - ncache;
    rp->settle_in_runs = ncache >= lib->nsyms || refs < (nown >> 1);
    if (!rp->settle_in_runs) {
        uint8_t *own = state + ncache;
        __builtin_memset(own, SYM_OWN, nown);
        bool ask_system = rp->self_first == ELFLD_SELF_UNLESS_SYSTEM && lib->ctx->nsys;
        bool marked = !ask_system ||                     /* those back to SYM_LOOKUP (0) */
                      (lib->gnu_buckets ? elfld__mark_system_names(lib, own)
                                        : elfld__mark_system_names_sysv(lib, ncache, own));
        rp->settle_in_runs = !marked;                    /* no cheap way: one by one */
    }
    if (rp->settle_in_runs) {
        __builtin_memset(state, SYM_LOOKUP, lib->nsyms);
        return;
    }
    __builtin_memset(state, SYM_LOOKUP, ncache);
    state[0] = SYM_LOOKUP;      /* STN_UNDEF, even in a table that hashes it (symoffset 0) */
}

int elfld__relocate(struct elfld_err *e, struct elfld_lib *lib) {
    struct elfld_ctx *ctx = lib->ctx;
    struct reloc_pass rp = {0};
    rp.e = e;
    rp.lib = lib;
    rp.win.lib = lib;
    rp.lazy = can_be_lazy(lib);
    rp.lazy_lo = UINTPTR_MAX;
    rp.lazy_hi = 0;
    if (ctx->sys_indexed)
        elfld__system_expect(ctx, lib);
    rp.self_first = elfld__self_first_mode(lib);
    rp.ncache = cached_symbols(lib, rp.self_first);
    size_t nvals = rp.ncache ? rp.ncache : 1, nstates = lib->nsyms ? lib->nsyms : 1;
    size_t cache_bytes = nvals * sizeof(uintptr_t) + nstates;
    rp.values = ctx->host.alloc(ctx->host.user, cache_bytes);
    if (!rp.values)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the symbol cache");
    rp.state = (uint8_t *)(rp.values + nvals);       /* values[] needs no clearing */
    init_states(&rp);

    int rc = 0;
    if (lib->nrelr)
        rc = elfld__apply_relr(e, lib, lib->base, lib->relr, lib->nrelr);
    if (!rc && lib->nrel)
        rc = run_table(&rp, lib->rel, lib->nrel, 0, "DT_REL", false);
    if (!rc && lib->nrela)
        rc = run_table(&rp, lib->rela, lib->nrela, 1, "DT_RELA", false);
    if (!rc && lib->njmprel)
        rc = run_table(&rp, lib->jmprel, lib->njmprel, lib->jmprel_is_rela, "DT_JMPREL", false);
    if (!rc)
        rc = bind_slots_now_if_relro(&rp);
    if (ELFLD_WITH_LAZY && ELFLD_ARCH_LAZY && !rc && lib->lazy_pending) {
        rc = elfld_arch_lazy_init(lib, (elf_addr *)lib->pltgot);
        if (rc)
            rc = elfld__fail(e, rc, "%s: lazy binding setup failed", lib->name);
    }
    if (!rc && rp.irelative_seen) {
        rp.lazy = false;
        if (lib->nrel)
            rc = run_table(&rp, lib->rel, lib->nrel, 0, "DT_REL", true);
        if (!rc && lib->nrela)
            rc = run_table(&rp, lib->rela, lib->nrela, 1, "DT_RELA", true);
        if (!rc && lib->njmprel)
            rc = run_table(&rp, lib->jmprel, lib->njmprel, lib->jmprel_is_rela, "DT_JMPREL", true);
    }
    ctx->host.free(ctx->host.user, rp.values, cache_bytes);
    return rc;
}
