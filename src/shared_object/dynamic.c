/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * dynamic.c - read the dynamic section of a mapped image and validate every table it points
 * at (strings, symbols, hash tables, versions, relocation tables, init/fini arrays) before any
 * of it is used.  Afterwards the rest of the core can index these tables without checks other
 * than "symbol index < nsyms".
 */
#include "dynamic.h"
#include "../core/names.h"
#include "../core/divide.h"
#include "../core/map.h"
#include "../core/sym.h"
#include "../core/util.h"

/* Tags we need, collected from the dynamic array. */
struct dyn_values {
    uintptr_t v[DT_RELRENT + 1];       /* standard tags 0..37 */
    bool has[DT_RELRENT + 1];
    uintptr_t gnu_hash, versym, verdef, verdefnum, verneed, verneednum, flags_1;
    bool has_gnu_hash, has_versym, has_verdef, has_verneed;
    size_t nneeded;                    /* DT_NEEDED entries (v[] keeps only the last) */
};

static void *at(const struct elfld_lib *lib, uintptr_t vaddr) {
    return (void *)(lib->base + vaddr);
}

/*
 * The tables the core reads again after relocation - strings, symbols, both hashes, versym and
 * the relocation tables themselves - are checked once, here, and trusted afterwards, so
 * nothing may change them once checked.  Relocations write only writable segments (the
 * target window in reloc.c): a table that a writable segment overlaps is refused (no linker
 * puts one there).  Text relocations (ELFLD_ALLOW_TEXTREL) may write read-only segments too;
 * elfld__in_tables keeps their targets off these tables.
 */
static int frozen(struct elfld_err *e, const struct elfld_lib *lib, uintptr_t vaddr,
                  uintptr_t bytes, int code, const char *what) {
    for (unsigned i = 0; i < lib->nloads; i++) {
        const struct elfld_seg *s = &lib->loads[i];
        if ((s->prot & ELFLD_PROT_WRITE) && vaddr < s->vaddr + s->memsz &&
            s->vaddr < vaddr + bytes)
            return elfld__fail(e, code, "%s at vaddr %lx lies in a writable segment, where "
                               "relocations could change it after it was checked", what,
                               (unsigned long)vaddr);
    }
    return 0;
}

static bool overlaps(const void *table, size_t bytes, uintptr_t lo, uintptr_t hi) {
    uintptr_t t = (uintptr_t)table;
    return table && bytes && lo < t + bytes && t < hi;
}

bool elfld__in_tables(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size) {
    uintptr_t lo = lib->base + vaddr, hi = lo + size;
    size_t nchain = lib->nsyms > lib->gnu_symoffset ? lib->nsyms - lib->gnu_symoffset : 0;
    size_t jent = lib->jmprel_is_rela ? sizeof(elf_rela) : sizeof(elf_rel);
    return overlaps(lib->strtab, lib->strsz, lo, hi) ||
           overlaps(lib->symtab, lib->nsyms * sizeof(elf_sym), lo, hi) ||
           overlaps(lib->versym, lib->nsyms * sizeof(uint16_t), lo, hi) ||
           overlaps(lib->gnu_bloom, lib->gnu_bloom_words * sizeof(elf_addr), lo, hi) ||
           overlaps(lib->gnu_buckets, lib->gnu_nbuckets * sizeof(uint32_t), lo, hi) ||
           overlaps(lib->gnu_chain, nchain * sizeof(uint32_t), lo, hi) ||
           overlaps(lib->sysv_bucket, lib->sysv_nbucket * sizeof(uint32_t), lo, hi) ||
           overlaps(lib->sysv_chain, lib->nsyms * sizeof(uint32_t), lo, hi) ||
           overlaps(lib->rel, lib->nrel * sizeof(elf_rel), lo, hi) ||
           overlaps(lib->rela, lib->nrela * sizeof(elf_rela), lo, hi) ||
           overlaps(lib->relr, lib->nrelr * sizeof(elf_addr), lo, hi) ||
           overlaps(lib->jmprel, lib->njmprel * jent, lo, hi);
}

/* An in-image, aligned table of n entries of `ent` bytes at vaddr, in bytes the file gave. */
static bool table_ok(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t n, uintptr_t ent,
                     uintptr_t align) {
    uintptr_t bytes;
    if (__builtin_mul_overflow(n, ent, &bytes))
        return false;
    if ((lib->base + vaddr) & (align - 1))
        return false;
    if (!bytes)
        bytes = 1;
    /* Inside one segment that stays readable: the core reads these tables after the final
     * protections (lookups, lazy binding); a table in a segment without PF_R would fault
     * there (found by fuzzing).  And inside the bytes the file gave it: every linker puts
     * the dynamic tables there, and a table in zero-filled memory would let a small file
     * declare counts only its memsz bounds - a walk over millions of zero entries (found by
     * fuzzing: a GNU hash chain in 48 MB of .bss). */
    uintptr_t end;
    if (!elfld__add_ok(vaddr, bytes, &end))
        return false;
    for (unsigned i = 0; i < lib->nloads; i++) {
        const struct elfld_seg *s = &lib->loads[i];
        if (vaddr >= s->vaddr && end <= s->vaddr + s->filesz)
            return (s->prot & ELFLD_PROT_READ) != 0;
    }
    return false;
}

static bool is_pointer_tag(uintptr_t tag) {
    switch (tag) {
    case DT_PLTGOT: case DT_HASH: case DT_STRTAB: case DT_SYMTAB: case DT_RELA: case DT_INIT:
    case DT_FINI: case DT_REL: case DT_JMPREL: case DT_INIT_ARRAY: case DT_FINI_ARRAY:
    case DT_RELR: case DT_GNU_HASH: case DT_VERSYM: case DT_VERDEF: case DT_VERNEED:
        return true;
    default:
        return false;
    }
}

static int collect(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
                   struct dyn_values *d) {
    if (!table_ok(lib, plan->dyn_vaddr, elfld__udiv(plan->dyn_size, sizeof(elf_dyn)), sizeof(elf_dyn),
                  _Alignof(elf_dyn)))
        return elfld__fail(e, ELFLD_EDYNAMIC, "PT_DYNAMIC is not inside a loaded segment");
    const elf_dyn *dyn = at(lib, plan->dyn_vaddr);
    size_t n = elfld__udiv(plan->dyn_size, sizeof(elf_dyn));
    size_t i;
    for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
        uintptr_t tag = (uintptr_t)dyn[i].d_tag, val = (uintptr_t)dyn[i].d_val;
        /* An image the system loader relocated may hold absolute addresses in its dynamic
         * section (glibc rewrites them); vaddrs are far below any nonzero load bias. */
        if (lib->system_image && lib->base && val >= lib->base && is_pointer_tag(tag))
            val -= lib->base;
        if (tag == DT_NEEDED)
            d->nneeded++;
        if (tag <= DT_RELRENT) {
            d->v[tag] = val;
            d->has[tag] = true;
            continue;
        }
        switch (tag) {
        case DT_GNU_HASH: d->gnu_hash = val; d->has_gnu_hash = true; break;
        case DT_VERSYM: d->versym = val; d->has_versym = true; break;
        case DT_VERDEF: d->verdef = val; d->has_verdef = true; break;
        case DT_VERDEFNUM: d->verdefnum = val; break;
        case DT_VERNEED: d->verneed = val; d->has_verneed = true; break;
        case DT_VERNEEDNUM: d->verneednum = val; break;
        case DT_FLAGS_1: d->flags_1 = val; break;
        default: break; /* DT_POSFLAG_1, DT_AUXILIARY, ...: not ours to act on */
        }
    }
    if (i == n)
        return elfld__fail(e, ELFLD_EDYNAMIC, "dynamic section has no DT_NULL terminator");
    return 0;
}

static int read_strings(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d) {
    if (!d->has[DT_STRTAB] || !d->has[DT_STRSZ] || d->v[DT_STRSZ] == 0)
        return elfld__fail(e, ELFLD_ESTRTAB, "missing DT_STRTAB or DT_STRSZ");
    if (!table_ok(lib, d->v[DT_STRTAB], d->v[DT_STRSZ], 1, 1))
        return elfld__fail(e, ELFLD_ESTRTAB, "string table outside the image");
    int rc = frozen(e, lib, d->v[DT_STRTAB], d->v[DT_STRSZ], ELFLD_ESTRTAB, "string table");
    if (rc)
        return rc;
    lib->strtab = at(lib, d->v[DT_STRTAB]);
    lib->strsz = d->v[DT_STRSZ];
    if (lib->strtab[lib->strsz - 1] != 0)
        return elfld__fail(e, ELFLD_ESTRTAB, "string table does not end with NUL");
    if (d->has[DT_SONAME]) {
        if (d->v[DT_SONAME] >= lib->strsz)
            return elfld__fail(e, ELFLD_ESTRTAB, "DT_SONAME offset out of range");
        lib->soname = lib->strtab + d->v[DT_SONAME];
    }
    return 0;
}

/*
 * The largest bucket, and whether any non-empty one lies below symoffset, in one branch-free
 * pass over the buckets, four at a time with the compiler's generic vectors (SIMD where the
 * target has it): large libraries have thousands.  The vectors compare signed (what SSE2 and
 * most SIMD units do in one instruction); a bucket beyond INT32_MAX, which no real table has,
 * sends the whole scan to the plain unsigned loop.
 */
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));

/* lim = symoff - 1 (0 when symoff is 0): a bucket b is non-empty and below symoff when
 * b - 1 < lim, unsigned */
static void scan_buckets_scalar(const uint32_t *buckets, uint32_t from, uint32_t nb, uint32_t lim,
                                uint32_t *max, uint32_t *below) {
    for (uint32_t i = from; i < nb; i++) {
        *max = buckets[i] > *max ? buckets[i] : *max;
        *below |= buckets[i] - 1u < lim;
    }
}

static void scan_buckets(const uint32_t *buckets, uint32_t nb, uint32_t symoff, uint32_t *max_out,
                         uint32_t *below_out) {
    const uint32_t lim = symoff ? symoff - 1 : 0;
    uint32_t max = 0, below = 0, i = 0;
    /* b - 1 < lim unsigned as one signed compare: both sides biased by 2^31 (b + INT32_MAX
     * wraps to exactly (b - 1) ^ INT32_MIN) */
    const int32_t blim = (int32_t)(lim ^ 0x80000000u);
    const i32x4 vlim = {blim, blim, blim, blim}, zero = {0, 0, 0, 0};
    const u32x4 bias = {INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX};
    i32x4 vmax = zero, vbelow = zero, vall = zero;
    for (; i + 4 <= nb; i += 4) {
        i32x4 b;
        __builtin_memcpy(&b, buckets + i, sizeof b);
        i32x4 gt = b > vmax;
        vmax = (b & gt) | (vmax & ~gt);
        vbelow |= vlim > (i32x4)((u32x4)b + bias);
        vall |= b;
    }
    i32x4 any_big = vall < zero;
    for (unsigned k = 0; k < 4; k++) {
        if (any_big[k]) {                  /* not representable signed: start again */
            max = below = 0;
            i = 0;
            break;
        }
        max = (uint32_t)vmax[k] > max ? (uint32_t)vmax[k] : max;
        below |= vbelow[k] != 0;
    }
    scan_buckets_scalar(buckets, i, nb, lim, &max, &below);
    *max_out = max;
    *below_out = below;
}

/* Record the GNU table at vaddr (header h) of nsyms symbols, once it is known frozen. */
static int set_gnu_hash(struct elfld_err *e, struct elfld_lib *lib, uintptr_t vaddr,
                        const uint32_t *h, uint32_t nsyms) {
    uint32_t nb = h[0], symoff = h[1], bloom = h[2], shift = h[3];
    uintptr_t bloom_va = vaddr + 16;
    uintptr_t buckets_va = bloom_va + (uintptr_t)bloom * sizeof(elf_addr);
    uintptr_t chain_va = buckets_va + (uintptr_t)nb * 4;
    int rc = frozen(e, lib, vaddr, chain_va + (uintptr_t)(nsyms - symoff) * 4 - vaddr, ELFLD_EHASH,
                    "GNU hash table");
    if (rc)
        return rc;
    lib->gnu_nbuckets = nb;
    lib->gnu_bucket_magic = elfld__bucket_magic(nb);
    lib->gnu_symoffset = symoff;
    lib->gnu_bloom_words = bloom;
    lib->gnu_bloom_shift = shift;
    lib->gnu_bloom = at(lib, bloom_va);
    lib->gnu_buckets = at(lib, buckets_va);
    lib->gnu_chain = at(lib, chain_va);
    lib->nsyms = nsyms;
    return 0;
}

/* `counted`: the symbol count a SysV table beside it gives for an image of the system (0:
 * none) - then the buckets are not scanned for it but checked where a lookup reads them. */
static int read_gnu_hash(struct elfld_err *e, struct elfld_lib *lib, uintptr_t vaddr,
                         uintptr_t symtab_va, uint32_t counted) {
    if (!table_ok(lib, vaddr, 4, 4, 4))
        return elfld__fail(e, ELFLD_EHASH, "GNU hash header outside the image");
    const uint32_t *h = at(lib, vaddr);
    uint32_t nb = h[0], symoff = h[1], bloom = h[2], shift = h[3];
    /* The Bloom filter's second bit is the 32-bit hash shifted right by `shift`: 32 or more
     * would leave nothing (and is undefined in C), and no linker emits it. */
    if (nb == 0 || !elfld__is_pow2(bloom) || shift >= 32)
        return elfld__fail(e, ELFLD_EHASH, "GNU hash header invalid (nbuckets %u, bloom size "
                           "%u, shift %u)", nb, bloom, shift);
    uintptr_t bloom_va = vaddr + 16;
    uintptr_t buckets_va = bloom_va + (uintptr_t)bloom * sizeof(elf_addr);
    uintptr_t chain_va = buckets_va + (uintptr_t)nb * 4;
    if (!table_ok(lib, bloom_va, bloom, sizeof(elf_addr), _Alignof(elf_addr)) ||
        !table_ok(lib, buckets_va, nb, 4, 4))
        return elfld__fail(e, ELFLD_EHASH, "GNU hash bloom filter or buckets outside the image");
    const uint32_t *buckets = at(lib, buckets_va);
    if (counted) {
        if (counted < symoff || !table_ok(lib, chain_va, counted - symoff, 4, 4))
            return elfld__fail(e, ELFLD_EHASH, "GNU hash chains (%u symbols) outside the "
                               "image", counted);
        return set_gnu_hash(e, lib, vaddr, h, counted);
    }
    uint32_t max, below;
    scan_buckets(buckets, nb, symoff, &max, &below);
    for (uint32_t i = 0; below && i < nb; i++)
        if (buckets[i] && buckets[i] < symoff)
            return elfld__fail(e, ELFLD_EHASH, "GNU hash bucket %u below symoffset", i);
    /* The symbol count is the end of the last chain: walk it, staying inside the file's
     * bytes (table_ok), so the walk costs at most the input's size. */
    uint32_t nsyms = symoff;
    if (max) {
        uint32_t i = max;
        for (;;) {
            uintptr_t va = chain_va + (uintptr_t)(i - symoff) * 4;
            if (!table_ok(lib, va, 1, 4, 4))
                return elfld__fail(e, ELFLD_EHASH, "GNU hash chain runs past the image's file "
                                   "bytes");
            /* Tables do not overlap: a chain that reaches the symbol table never ended. */
            if (symtab_va > chain_va && va >= symtab_va)
                return elfld__fail(e, ELFLD_EHASH, "GNU hash chain runs into the symbol table");
            if (*(const uint32_t *)at(lib, va) & 1)
                break;
            if (++i == 0)
                return elfld__fail(e, ELFLD_EHASH, "GNU hash chain never ends");
        }
        nsyms = i + 1;
    }
    return set_gnu_hash(e, lib, vaddr, h, nsyms);
}

static int read_sysv_hash(struct elfld_err *e, struct elfld_lib *lib, uintptr_t vaddr) {
    if (!table_ok(lib, vaddr, 2, 4, 4))
        return elfld__fail(e, ELFLD_EHASH, "SysV hash header outside the image");
    const uint32_t *h = at(lib, vaddr);
    uint32_t nb = h[0], nchain = h[1];
    if (nb == 0 || !table_ok(lib, vaddr + 8, (uintptr_t)nb + nchain, 4, 4))
        return elfld__fail(e, ELFLD_EHASH, "SysV hash table invalid (nbucket %u, nchain %u)",
                           nb, nchain);
    int rc = frozen(e, lib, vaddr, 8 + ((uintptr_t)nb + nchain) * 4, ELFLD_EHASH,
                    "SysV hash table");
    if (rc)
        return rc;
    /* Beside a GNU table, which every lookup uses, the SysV table is never read: only its
     * symbol count is taken (below), and its chains are left unwalked - glibc's libc has
     * both, and walking 3,000 chain entries of a table no lookup reads is wasted work. */
    if (lib->gnu_buckets) {
        if (nchain > lib->nsyms)
            lib->nsyms = nchain;
        return 0;
    }
    /* Every bucket and chain entry is a symbol index below nchain, and the chains are
     * disjoint lists: walking all of them visits at most nchain entries, so a chain that
     * loops (or two that share a tail) is found here rather than trusted by lookups. */
    const uint32_t *bucket = h + 2, *chain = h + 2 + nb;
    uint32_t steps = 0;
    for (uint32_t b = 0; b < nb; b++) {
        for (uint32_t i = bucket[b]; i != STN_UNDEF; i = chain[i]) {
            if (i >= nchain)
                return elfld__fail(e, ELFLD_EHASH, "SysV hash bucket %u leads to symbol index "
                                   "%u, past nchain %u", b, i, nchain);
            if (++steps > nchain)
                return elfld__fail(e, ELFLD_EHASH, "SysV hash chain of bucket %u never ends",
                                   b);
        }
    }
    lib->sysv_nbucket = nb;
    lib->sysv_bucket = bucket;
    lib->sysv_chain = chain;
    lib->nsyms = nchain;                 /* by definition the number of dynamic symbols */
    return 0;
}

static int read_symbols(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d) {
    if (!d->has[DT_SYMTAB])
        return elfld__fail(e, ELFLD_ESYMTAB, "missing DT_SYMTAB");
    if (d->has[DT_SYMENT] && d->v[DT_SYMENT] != sizeof(elf_sym))
        return elfld__fail(e, ELFLD_ESYMTAB, "DT_SYMENT %lu, expected %zu",
                           (unsigned long)d->v[DT_SYMENT], sizeof(elf_sym));
    int rc;
    /* An image of the system with both tables: the SysV header's count stands in for the scan
     * of every GNU bucket (libc has 3,000 symbols; the system is read by every context). */
    uint32_t counted = 0;
    if (lib->system_image && d->has_gnu_hash && d->has[DT_HASH] &&
        table_ok(lib, d->v[DT_HASH], 2, 4, 4))
        counted = ((const uint32_t *)at(lib, d->v[DT_HASH]))[1];
    if (d->has_gnu_hash && (rc = read_gnu_hash(e, lib, d->gnu_hash, d->v[DT_SYMTAB], counted)))
        return rc;
    if (d->has[DT_HASH] && (rc = read_sysv_hash(e, lib, d->v[DT_HASH])))
        return rc;
    if (!d->has_gnu_hash && !d->has[DT_HASH])
        return elfld__fail(e, ELFLD_EHASH, "no DT_GNU_HASH or DT_HASH");
    if (!table_ok(lib, d->v[DT_SYMTAB], lib->nsyms, sizeof(elf_sym), _Alignof(elf_sym)))
        return elfld__fail(e, ELFLD_ESYMTAB, "symbol table (%u symbols) outside the image",
                           lib->nsyms);
    if ((rc = frozen(e, lib, d->v[DT_SYMTAB], (uintptr_t)lib->nsyms * sizeof(elf_sym),
                     ELFLD_ESYMTAB, "symbol table")))
        return rc;
    /* Name offsets are checked where a name is used (elfld__sym_name), not here. */
    lib->symtab = at(lib, d->v[DT_SYMTAB]);
    return 0;
}

/* ------------------------------------------------------------------ versions */
static int set_version(struct elfld_err *e, struct elfld_lib *lib, uint32_t idx, uint32_t name,
                       uint32_t hash, bool needed) {
    idx &= VERSYM_VERSION;
    if (name >= lib->strsz)
        return elfld__fail(e, ELFLD_EVERSYM, "version index %u or name out of range", idx);
    if (idx >= lib->nvers)
        return 0;                     /* past the table: read_versions() walks again */
    lib->vers[idx].name = lib->strtab + name;
    lib->vers[idx].hash = hash;
    lib->vers[idx].len = needed ? (uint32_t)elfld__strlen(lib->strtab + name) : 0;
    return 0;
}

/* Walk verdef / verneed: track the largest index in *max, and record the names of the
 * indices below lib->nvers. */
static int walk_versions(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d,
                         uint32_t *max) {
    int rc;
    uintptr_t va = d->verdef;
    for (uintptr_t n = 0; d->has_verdef && n < d->verdefnum; n++) {
        if (!table_ok(lib, va, 1, sizeof(elf_verdef), 4))
            return elfld__fail(e, ELFLD_EVERSYM, "verdef entry %lu outside the image",
                               (unsigned long)n);
        const elf_verdef *vd = at(lib, va);
        if (vd->vd_version != VER_DEF_CURRENT)
            return elfld__fail(e, ELFLD_EVERSYM, "verdef version %u", vd->vd_version);
        if (!table_ok(lib, va + vd->vd_aux, 1, sizeof(elf_verdaux), 4))
            return elfld__fail(e, ELFLD_EVERSYM, "verdaux outside the image");
        const elf_verdaux *aux = at(lib, va + vd->vd_aux);
        uint32_t idx = vd->vd_ndx & VERSYM_VERSION;
        if (idx > *max)
            *max = idx;
        if (!(vd->vd_flags & VER_FLG_BASE) &&
            (rc = set_version(e, lib, idx, aux->vda_name, vd->vd_hash, false)))
            return rc;
        if (n + 1 < d->verdefnum && vd->vd_next == 0)
            return elfld__fail(e, ELFLD_EVERSYM, "verdef chain ends early");
        va += vd->vd_next;
    }
    va = d->verneed;
    for (uintptr_t n = 0; d->has_verneed && n < d->verneednum; n++) {
        if (!table_ok(lib, va, 1, sizeof(elf_verneed), 4))
            return elfld__fail(e, ELFLD_EVERSYM, "verneed entry outside the image");
        const elf_verneed *vn = at(lib, va);
        if (vn->vn_version != VER_NEED_CURRENT)
            return elfld__fail(e, ELFLD_EVERSYM, "verneed version %u", vn->vn_version);
        uintptr_t ava = va + vn->vn_aux;
        for (uint32_t k = 0; k < vn->vn_cnt; k++) {
            if (!table_ok(lib, ava, 1, sizeof(elf_vernaux), 4))
                return elfld__fail(e, ELFLD_EVERSYM, "vernaux outside the image");
            const elf_vernaux *a = at(lib, ava);
            uint32_t idx = a->vna_other & VERSYM_VERSION;
            if (idx > *max)
                *max = idx;
            if ((rc = set_version(e, lib, idx, a->vna_name, a->vna_hash, true)))
                return rc;
            if (k + 1 < vn->vn_cnt && a->vna_next == 0)
                return elfld__fail(e, ELFLD_EVERSYM, "vernaux chain ends early");
            ava += a->vna_next;
        }
        if (n + 1 < d->verneednum && vn->vn_next == 0)
            return elfld__fail(e, ELFLD_EVERSYM, "verneed chain ends early");
        va += vn->vn_next;
    }
    return 0;
}

/*
 * The largest version index (hidden bit cleared) in a DT_VERSYM table, eight entries per step
 * with generic vectors: indices fit 15 bits, so a signed 16-bit compare (one SSE2 instruction)
 * orders them.  A library has one entry per dynamic symbol, libcrypto 5,500.
 */
typedef int16_t i16x8 __attribute__((vector_size(16)));

static uint32_t largest_version_index(const uint16_t *versym, uint32_t n) {
    const int16_t m = (int16_t)VERSYM_VERSION;
    const i16x8 mask = {m, m, m, m, m, m, m, m};
    i16x8 vmax = {0, 0, 0, 0, 0, 0, 0, 0};
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        i16x8 v;
        __builtin_memcpy(&v, versym + i, sizeof v);
        v &= mask;
        i16x8 gt = v > vmax;
        vmax = (v & gt) | (vmax & ~gt);
    }
    uint32_t top = 0;
    for (unsigned k = 0; k < 8; k++)
        top = (uint32_t)vmax[k] > top ? (uint32_t)vmax[k] : top;
    for (; i < n; i++) {
        uint32_t v = versym[i] & VERSYM_VERSION;
        top = v > top ? v : top;
    }
    return top;
}

static int read_versions(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d) {
    if (!d->has_versym)
        return 0;
    if (!table_ok(lib, d->versym, lib->nsyms, 2, 2))
        return elfld__fail(e, ELFLD_EVERSYM, "DT_VERSYM table outside the image");
    int rc = frozen(e, lib, d->versym, (uintptr_t)lib->nsyms * 2, ELFLD_EVERSYM,
                    "DT_VERSYM table");
    if (rc)
        return rc;
    /* One walk in the usual case: indices are dense from 2, so a table sized for every
     * definition and up to 16 needed versions per needed library holds them all; only when
     * some index lies beyond it is the table sized exactly and the walk repeated. */
    uintptr_t guess = d->verdefnum + 16 * (uintptr_t)d->verneednum + 2;
    uint32_t max = 1;
    for (uint32_t cap = guess < VERSYM_VERSION + 1u ? (uint32_t)guess : VERSYM_VERSION + 1u;;
         cap = max + 1) {
        lib->nvers = cap;
        lib->vers = elfld__alloc(lib->ctx, lib->nvers * sizeof *lib->vers);
        if (!lib->vers)
            return elfld__fail(e, ELFLD_ENOMEM, "no memory for %u version names", lib->nvers);
        if ((rc = walk_versions(e, lib, d, &max)))
            return rc;
        if (max < cap)
            break;
        elfld__free(lib->ctx, lib->vers, lib->nvers * sizeof *lib->vers);
        lib->vers = NULL;
    }
    lib->versym = at(lib, d->versym);
    if (lib->system_image)              /* its indices are checked where a lookup reads one */
        return 0;
    /* Every symbol's version index must name a version.  Usually every index up to the largest
     * used one is defined, so the largest index decides: a branch-free (vectorized) pass. */
    uint32_t top = largest_version_index(lib->versym, lib->nsyms);
    bool all_named = top < lib->nvers;
    for (uint32_t v = VER_NDX_GLOBAL + 1; all_named && v <= top; v++)
        all_named = lib->vers[v].name != NULL;
    for (uint32_t i = 0; !all_named && i < lib->nsyms; i++) {
        uint32_t v = lib->versym[i] & VERSYM_VERSION;
        if (v > VER_NDX_GLOBAL && (v >= lib->nvers || !lib->vers[v].name))
            return elfld__fail(e, ELFLD_EVERSYM, "symbol %u has undefined version index %u", i,
                               v);
    }
    return 0;
}

/* ------------------------------------------------------------------ relocation tables */
static int reloc_table(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d,
                       int tag, int sz_tag, int ent_tag, size_t ent, const void **out,
                       size_t *count) {
    if (!d->has[tag])
        return 0;
    uintptr_t size = d->v[sz_tag];
    if ((ent_tag >= 0 && d->has[ent_tag] && d->v[ent_tag] != ent) || elfld__umod(size, ent))
        return elfld__fail(e, ELFLD_ERELOC, "relocation table (tag %d) has a bad entry size", tag);
    if (!table_ok(lib, d->v[tag], elfld__udiv(size, ent), ent, sizeof(elf_addr)))
        return elfld__fail(e, ELFLD_ERELOC, "relocation table (tag %d) outside the image", tag);
    int rc = frozen(e, lib, d->v[tag], size, ELFLD_ERELOC, "relocation table");
    if (rc)
        return rc;
    *out = at(lib, d->v[tag]);
    *count = elfld__udiv(size, ent);
    return 0;
}

/*
 * Some linkers (GNU ld for RISC-V) let DT_RELASZ / DT_RELSZ cover the PLT relocations too:
 * DT_JMPREL is then the tail of the DT_RELA range.  Walking both would apply every JMPREL
 * record twice (and rebase lazy slots twice), so the tail is cut from the first table, as the
 * system loaders do.  Any other partial overlap is malformed.
 */
static int trim_overlap(struct elfld_err *e, struct elfld_lib *lib) {
    if (!lib->njmprel)
        return 0;
    size_t ent = lib->jmprel_is_rela ? sizeof(elf_rela) : sizeof(elf_rel);
    const void **table = lib->jmprel_is_rela ? &lib->rela : &lib->rel;
    size_t *count = lib->jmprel_is_rela ? &lib->nrela : &lib->nrel;
    uintptr_t lo = (uintptr_t)*table, hi = lo + *count * ent;
    uintptr_t jlo = (uintptr_t)lib->jmprel, jhi = jlo + lib->njmprel * ent;
    if (!*count || jhi <= lo || jlo >= hi)
        return 0;                                  /* disjoint: the normal case */
    if (jhi == hi && jlo >= lo && elfld__umod(jlo - lo, ent) == 0) {
        *count -= lib->njmprel;
        return 0;
    }
    return elfld__fail(e, ELFLD_ERELOC, "DT_JMPREL overlaps the middle of the DT_REL(A) table");
}

static int read_relocs(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d) {
    int rc;
    const void *relr = NULL;
    if ((rc = reloc_table(e, lib, d, DT_RELA, DT_RELASZ, DT_RELAENT, sizeof(elf_rela), &lib->rela,
                          &lib->nrela)) ||
        (rc = reloc_table(e, lib, d, DT_REL, DT_RELSZ, DT_RELENT, sizeof(elf_rel), &lib->rel,
                          &lib->nrel)) ||
        (rc = reloc_table(e, lib, d, DT_RELR, DT_RELRSZ, DT_RELRENT, sizeof(elf_addr), &relr,
                          &lib->nrelr)))
        return rc;
    lib->relr = relr;
    if (d->has[DT_JMPREL]) {
        uintptr_t kind = d->v[DT_PLTREL];
        if (kind != DT_RELA && kind != DT_REL)
            return elfld__fail(e, ELFLD_ERELOC, "DT_PLTREL %lu is neither DT_RELA nor DT_REL",
                               (unsigned long)kind);
        lib->jmprel_is_rela = kind == DT_RELA;
        if ((rc = reloc_table(e, lib, d, DT_JMPREL, DT_PLTRELSZ, -1,
                              lib->jmprel_is_rela ? sizeof(elf_rela) : sizeof(elf_rel),
                              &lib->jmprel, &lib->njmprel)))
            return rc;
    }
    if (d->has[DT_PLTGOT])
        lib->pltgot = lib->base + d->v[DT_PLTGOT];
    return trim_overlap(e, lib);
}

/* ------------------------------------------------------------------ init / fini */
static int func_array(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d,
                      int tag, int sz_tag, const elf_addr **out, size_t *count) {
    if (!d->has[tag])
        return 0;
    uintptr_t size = d->v[sz_tag];
    if (elfld__umod(size, ELF_WORD_SIZE) ||
        !table_ok(lib, d->v[tag], elfld__udiv(size, ELF_WORD_SIZE), ELF_WORD_SIZE,
                  ELF_WORD_SIZE))
        return elfld__fail(e, ELFLD_EDYNAMIC, "init/fini array (tag %d) outside the image", tag);
    *out = at(lib, d->v[tag]);
    *count = elfld__udiv(size, ELF_WORD_SIZE);
    return 0;
}

static int read_lifecycle(struct elfld_err *e, struct elfld_lib *lib, const struct dyn_values *d) {
    int rc;
    if ((rc = func_array(e, lib, d, DT_INIT_ARRAY, DT_INIT_ARRAYSZ, &lib->init_array,
                         &lib->ninit)) ||
        (rc = func_array(e, lib, d, DT_FINI_ARRAY, DT_FINI_ARRAYSZ, &lib->fini_array,
                         &lib->nfini)))
        return rc;
    if (d->has[DT_INIT] && d->v[DT_INIT]) {
        if (!elfld__in_image(lib, d->v[DT_INIT], 1))
            return elfld__fail(e, ELFLD_EDYNAMIC, "DT_INIT outside the image");
        lib->init = lib->base + d->v[DT_INIT];
    }
    if (d->has[DT_FINI] && d->v[DT_FINI]) {
        if (!elfld__in_image(lib, d->v[DT_FINI], 1))
            return elfld__fail(e, ELFLD_EDYNAMIC, "DT_FINI outside the image");
        lib->fini = lib->base + d->v[DT_FINI];
    }
    return 0;
}

/* A string of the dynamic section (DT_RPATH, DT_RUNPATH, DT_NEEDED): NULL when absent. */
static int dyn_string(struct elfld_err *e, const struct elfld_lib *lib, uintptr_t off,
                      const char *tag, const char **out) {
    if (off >= lib->strsz)
        return elfld__fail(e, ELFLD_ESTRTAB, "%s offset %lx outside the string table", tag,
                           (unsigned long)off);
    *out = lib->strtab + off;
    return 0;
}

/* The dependencies' names and search paths, copied out of the dynamic section now (it lies
 * in a writable segment, which relocations may change); the strings stay in the checked,
 * read-only string table. */
static int read_needed(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
                       const struct dyn_values *d) {
    int rc;
    if (d->has[DT_RUNPATH] && (rc = dyn_string(e, lib, d->v[DT_RUNPATH], "DT_RUNPATH",
                                               &lib->runpath)))
        return rc;
    if (d->has[DT_RPATH] && (rc = dyn_string(e, lib, d->v[DT_RPATH], "DT_RPATH", &lib->rpath)))
        return rc;
    if (!d->nneeded)
        return 0;
    lib->needed_names = d->nneeded <= ELFLD_FEW_NEEDED
                            ? lib->needed_few
                            : elfld__alloc(lib->ctx, d->nneeded * sizeof *lib->needed_names);
    if (!lib->needed_names)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for %zu DT_NEEDED names", d->nneeded);
    __builtin_memset(lib->needed_names, 0, d->nneeded * sizeof *lib->needed_names);
    lib->nneeded = d->nneeded;
    const elf_dyn *dyn = at(lib, plan->dyn_vaddr);
    size_t k = 0;
    for (size_t i = 0; k < d->nneeded; i++)       /* collect() counted them before DT_NULL */
        if ((uintptr_t)dyn[i].d_tag == DT_NEEDED) {
            if ((rc = dyn_string(e, lib, (uintptr_t)dyn[i].d_val, "DT_NEEDED",
                                 &lib->needed_names[k++])))
                return rc;
        }
    return 0;
}

int elfld__read_dynamic(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan) {
    struct dyn_values d;
    __builtin_memset(&d, 0, sizeof d);
    int rc;
    if ((rc = collect(e, lib, plan, &d)) || (rc = read_strings(e, lib, &d)) ||
        (rc = read_symbols(e, lib, &d)) || (rc = read_versions(e, lib, &d)))
        return rc;
    if (lib->system_image)
        return 0;                     /* only its symbols are of interest */
    if ((rc = read_relocs(e, lib, &d)) || (rc = read_lifecycle(e, lib, &d)) ||
        (rc = read_needed(e, lib, plan, &d)))
        return rc;

    lib->dt_flags = (uint32_t)d.v[DT_FLAGS];
    lib->dt_flags_1 = (uint32_t)d.flags_1;
    if (d.has[DT_SYMBOLIC] || (lib->dt_flags & DF_SYMBOLIC))
        lib->flags |= ELFLD_SYMBOLIC;
    if (d.has[DT_BIND_NOW] || (lib->dt_flags & DF_BIND_NOW) || (lib->dt_flags_1 & DF_1_NOW))
        lib->flags |= ELFLD_NOW;
    if (lib->dt_flags_1 & DF_1_NODELETE)
        lib->flags |= ELFLD_NODELETE;
    if (d.has[DT_TEXTREL] || (lib->dt_flags & DF_TEXTREL)) {
        if (!(lib->flags & ELFLD_ALLOW_TEXTREL))
            return elfld__fail(e, ELFLD_ETEXTREL, "image needs text relocations (DT_TEXTREL; "
                               "pass ELFLD_ALLOW_TEXTREL to accept)");
        lib->textrel = true;
    }
    return 0;
}
