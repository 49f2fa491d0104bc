/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * mutator.c - a structure-aware mutator for every libFuzzer harness (LLVMFuzzerCustomMutator).
 *
 * Byte flips of a small seed rarely produce an input whose tables are each valid but point
 * at one another, a relocation aimed at the image's own symbol table, or a section group
 * naming the wrong members: each needs several coordinated bytes.  This mutator edits ELF
 * fields by meaning, in place (the input keeps its size):
 *   - dynamic tags: a table pointer retargeted at another table or at a segment edge, a size
 *     made one entry too large or small, a tag replaced by another;
 *   - relocations (dynamic tables found through the dynamic section, and SHT_REL/SHT_RELA
 *     sections of objects): the offset moved to a segment or section edge or onto one of the
 *     image's own tables, the type or symbol index changed, the addend nudged;
 *   - symbols: type (IFUNC, TLS, SECTION, ...), binding, section index (UND, ABS, COMMON,
 *     XINDEX, any section), value at a segment edge, name at the string table's end;
 *   - section headers: link/info indices, type, flags, alignment, entry size, offset and size
 *     at the file's end; section groups: the flag word and member indices;
 *   - archives: a member header's size or name field, or one of the edits above inside a
 *     member that is an ELF object.
 * Half of the calls, and every call whose input offers nothing to edit, go to libFuzzer's own
 * byte-level mutations (LLVMFuzzerMutate, which also uses the dictionary).
 * Both ELF classes, little-endian (every supported arch).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* ------------------------------------------------------------------ randomness */
struct rng {
    uint64_t s;
};

static uint32_t next(struct rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(r->s >> 16);
}

static uint32_t below(struct rng *r, uint32_t n)
{
    return n ? next(r) % n : 0;
}

/* ------------------------------------------------------------------ little-endian fields */
struct elfv {
    uint8_t *d;
    size_t n;
    int c64;                 /* ELFCLASS64 */
};

static int in(const struct elfv *e, uint64_t off, size_t len)
{
    return off <= e->n && len <= e->n - off;
}

static uint64_t rd(const struct elfv *e, uint64_t off, size_t len)
{
    uint64_t v = 0;
    if (!in(e, off, len))
        return 0;
    for (size_t i = 0; i < len; i++)
        v |= (uint64_t)e->d[off + i] << (8 * i);
    return v;
}

static void wr(struct elfv *e, uint64_t off, size_t len, uint64_t v)
{
    if (!in(e, off, len))
        return;
    for (size_t i = 0; i < len; i++)
        e->d[off + i] = (uint8_t)(v >> (8 * i));
}

/* A field's offset and size in each class. */
struct field {
    uint8_t off64, len64, off32, len32;
};

static uint64_t get(const struct elfv *e, uint64_t base, struct field f)
{
    return e->c64 ? rd(e, base + f.off64, f.len64) : rd(e, base + f.off32, f.len32);
}

static void put(struct elfv *e, uint64_t base, struct field f, uint64_t v)
{
    if (e->c64)
        wr(e, base + f.off64, f.len64, v);
    else
        wr(e, base + f.off32, f.len32, v);
}

static const struct field E_PHOFF = {32, 8, 28, 4}, E_SHOFF = {40, 8, 32, 4},
                          E_PHNUM = {56, 2, 44, 2}, E_SHNUM = {60, 2, 48, 2},
                          E_TYPE = {16, 2, 16, 2};
static const struct field P_TYPE = {0, 4, 0, 4}, P_OFFSET = {8, 8, 4, 4}, P_VADDR = {16, 8, 8, 4},
                          P_FILESZ = {32, 8, 16, 4}, P_MEMSZ = {40, 8, 20, 4};
static const struct field SH_TYPE = {4, 4, 4, 4}, SH_FLAGS = {8, 8, 8, 4},
                          SH_OFFSET = {24, 8, 16, 4}, SH_SIZE = {32, 8, 20, 4},
                          SH_LINK = {40, 4, 24, 4}, SH_INFO = {44, 4, 28, 4},
                          SH_ALIGN = {48, 8, 32, 4}, SH_ENTSIZE = {56, 8, 36, 4};
static const struct field D_TAG = {0, 8, 0, 4}, D_VAL = {8, 8, 4, 4};
static const struct field ST_NAME = {0, 4, 0, 4}, ST_INFO = {4, 1, 12, 1},
                          ST_SHNDX = {6, 2, 14, 2}, ST_VALUE = {8, 8, 4, 4},
                          ST_SIZE = {16, 8, 8, 4};
static const struct field R_OFFSET = {0, 8, 0, 4}, R_INFO = {8, 8, 4, 4},
                          R_ADDEND = {16, 8, 8, 4};

#define PHDR_SIZE(e) ((e)->c64 ? 56u : 32u)
#define SHDR_SIZE(e) ((e)->c64 ? 64u : 40u)
#define DYN_SIZE(e) ((e)->c64 ? 16u : 8u)
#define SYM_SIZE(e) ((e)->c64 ? 24u : 16u)
#define REL_SIZE(e, rela) ((e)->c64 ? ((rela) ? 24u : 16u) : ((rela) ? 12u : 8u))

/* ELF constants the edits use (ELF gABI). */
enum {
    ET_REL = 1, PT_LOAD = 1, PT_DYNAMIC = 2,
    SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_HASH = 5, SHT_DYNAMIC = 6,
    SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11, SHT_INIT_ARRAY = 14, SHT_GROUP = 17,
    SHT_SYMTAB_SHNDX = 18,
    SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_MERGE = 0x10, SHF_STRINGS = 0x20,
    SHF_GROUP = 0x200, SHF_TLS = 0x400,
    GRP_COMDAT = 1,
    SHN_UNDEF = 0, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2, SHN_XINDEX = 0xffff,
    STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_TLS = 6,
    STT_GNU_IFUNC = 10, STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2,
    DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_PLTGOT = 3, DT_HASH = 4, DT_STRTAB = 5,
    DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_STRSZ = 10, DT_INIT = 12, DT_FINI = 13,
    DT_SONAME = 14, DT_REL = 17, DT_RELSZ = 18, DT_PLTREL = 20, DT_TEXTREL = 22,
    DT_JMPREL = 23, DT_INIT_ARRAY = 25, DT_FINI_ARRAY = 26, DT_INIT_ARRAYSZ = 27,
    DT_FINI_ARRAYSZ = 28, DT_FLAGS = 30, DT_RELRSZ = 35, DT_RELR = 36,
    DT_GNU_HASH = 0x6ffffef5, DT_VERSYM = 0x6ffffff0, DT_VERDEF = 0x6ffffffc,
    DT_VERNEED = 0x6ffffffe,
};

/* ------------------------------------------------------------------ what the input holds */
#define MAX_ITEMS 64

struct span {
    uint64_t off, size, entsize;   /* file bytes of a table */
    int rela;
};

struct view {
    struct elfv e;
    uint64_t edges[MAX_ITEMS];     /* interesting addresses: segment and table starts, ends */
    unsigned nedges;
    uint64_t dyn_entries[MAX_ITEMS];   /* file offsets of dynamic entries */
    unsigned ndyn;
    struct span rels[MAX_ITEMS];   /* relocation tables */
    unsigned nrels;
    struct span syms[8];           /* symbol tables */
    unsigned nsyms;
    uint64_t shdrs;                /* file offset of the section headers (0: none) */
    unsigned shnum;
    uint64_t groups[16];           /* file offsets of SHT_GROUP sections' headers */
    unsigned ngroups;
    uint64_t phdrs;
    unsigned phnum;
};

static void add_edge(struct view *v, uint64_t a)
{
    if (v->nedges < MAX_ITEMS)
        v->edges[v->nedges++] = a;
}

static void add_span(struct span *list, unsigned *n, unsigned cap, uint64_t off, uint64_t size,
                     uint64_t entsize, int rela)
{
    if (*n < cap && entsize != 0)
        list[(*n)++] = (struct span){off, size, entsize, rela};
}

/* File offset of a virtual address, through the PT_LOAD segments; UINT64_MAX when unmapped. */
static uint64_t file_off(const struct view *v, uint64_t vaddr)
{
    const struct elfv *e = &v->e;
    for (unsigned i = 0; i < v->phnum; i++) {
        uint64_t ph = v->phdrs + (uint64_t)i * PHDR_SIZE(e);
        if (get(e, ph, P_TYPE) != PT_LOAD)
            continue;
        uint64_t va = get(e, ph, P_VADDR), fs = get(e, ph, P_FILESZ);
        if (vaddr >= va && vaddr - va < fs)
            return get(e, ph, P_OFFSET) + (vaddr - va);
    }
    return UINT64_MAX;
}

static uint64_t dyn_value(const struct view *v, int64_t tag, int *found)
{
    for (unsigned i = 0; i < v->ndyn; i++)
        if ((int64_t)get(&v->e, v->dyn_entries[i], D_TAG) == tag) {
            *found = 1;
            return get(&v->e, v->dyn_entries[i], D_VAL);
        }
    *found = 0;
    return 0;
}

static void scan_dynamic(struct view *v)
{
    const struct elfv *e = &v->e;
    for (unsigned i = 0; i < v->phnum; i++) {
        uint64_t ph = v->phdrs + (uint64_t)i * PHDR_SIZE(e);
        uint32_t type = (uint32_t)get(e, ph, P_TYPE);
        uint64_t va = get(e, ph, P_VADDR);
        if (type == PT_LOAD) {
            add_edge(v, va);
            add_edge(v, va + get(e, ph, P_FILESZ));
            add_edge(v, va + get(e, ph, P_MEMSZ));
        }
        if (type != PT_DYNAMIC)
            continue;
        uint64_t off = get(e, ph, P_OFFSET), size = get(e, ph, P_FILESZ);
        for (uint64_t d = off; d + DYN_SIZE(e) <= off + size && in(e, d, DYN_SIZE(e)) &&
                               v->ndyn < MAX_ITEMS; d += DYN_SIZE(e)) {
            v->dyn_entries[v->ndyn++] = d;
            if (get(e, d, D_TAG) == DT_NULL)
                break;
        }
    }
    static const int64_t tables[] = {DT_SYMTAB, DT_STRTAB, DT_HASH, DT_GNU_HASH, DT_VERSYM,
                                     DT_VERDEF, DT_VERNEED, DT_PLTGOT, DT_INIT_ARRAY,
                                     DT_FINI_ARRAY, DT_RELA, DT_REL, DT_JMPREL, DT_RELR};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        int found;
        uint64_t a = dyn_value(v, tables[i], &found);
        if (found)
            add_edge(v, a);
    }
    /* relocation tables: [address tag, size tag, rela?] */
    static const int64_t reltabs[][3] = {{DT_RELA, DT_RELASZ, 1}, {DT_REL, DT_RELSZ, 0},
                                         {DT_JMPREL, DT_PLTRELSZ, -1}};
    for (size_t i = 0; i < 3; i++) {
        int f1, f2, f3;
        uint64_t a = dyn_value(v, reltabs[i][0], &f1), sz = dyn_value(v, reltabs[i][1], &f2);
        int rela = (int)reltabs[i][2];
        if (rela < 0)
            rela = dyn_value(v, DT_PLTREL, &f3) == DT_RELA;
        uint64_t off = f1 && f2 ? file_off(v, a) : UINT64_MAX;
        if (off != UINT64_MAX)
            add_span(v->rels, &v->nrels, MAX_ITEMS, off, sz, REL_SIZE(e, rela), rela);
    }
    int f1;
    uint64_t symtab = dyn_value(v, DT_SYMTAB, &f1);
    uint64_t off = f1 ? file_off(v, symtab) : UINT64_MAX;
    if (off != UINT64_MAX)   /* the count is not in the dynamic section: up to the file's end */
        add_span(v->syms, &v->nsyms, 8, off, e->n - off, SYM_SIZE(e), 0);
}

static void scan_sections(struct view *v)
{
    const struct elfv *e = &v->e;
    for (unsigned i = 0; i < v->shnum; i++) {
        uint64_t sh = v->shdrs + (uint64_t)i * SHDR_SIZE(e);
        uint32_t type = (uint32_t)get(e, sh, SH_TYPE);
        uint64_t off = get(e, sh, SH_OFFSET), size = get(e, sh, SH_SIZE);
        if (type == SHT_RELA || type == SHT_REL)
            add_span(v->rels, &v->nrels, MAX_ITEMS, off, size, REL_SIZE(e, type == SHT_RELA),
                     type == SHT_RELA);
        else if (type == SHT_SYMTAB || type == SHT_DYNSYM)
            add_span(v->syms, &v->nsyms, 8, off, size, SYM_SIZE(e), 0);
        else if (type == SHT_GROUP && v->ngroups < 16)
            v->groups[v->ngroups++] = sh;
        if (get(e, 0, E_TYPE) == ET_REL) {
            add_edge(v, size);
            if (size)
                add_edge(v, size - 1);
        }
    }
}

static int scan(struct view *v, uint8_t *d, size_t n)
{
    memset(v, 0, sizeof *v);
    if (n < 52 || memcmp(d, "\177ELF", 4) != 0 || (d[4] != 1 && d[4] != 2))
        return 0;
    v->e = (struct elfv){d, n, d[4] == 2};
    struct elfv *e = &v->e;
    v->phdrs = get(e, 0, E_PHOFF);
    v->phnum = (unsigned)get(e, 0, E_PHNUM);
    if (!in(e, v->phdrs, (size_t)v->phnum * PHDR_SIZE(e)))
        v->phnum = 0;
    v->shdrs = get(e, 0, E_SHOFF);
    v->shnum = (unsigned)get(e, 0, E_SHNUM);
    if (!in(e, v->shdrs, (size_t)v->shnum * SHDR_SIZE(e)))
        v->shnum = 0;
    scan_dynamic(v);
    scan_sections(v);
    return 1;
}

/* ------------------------------------------------------------------ the edits */
static uint64_t pick_edge(struct view *v, struct rng *r)
{
    static const int64_t nudges[] = {0, 0, -1, -2, -4, -8, 1, 4};
    uint64_t base = v->nedges ? v->edges[below(r, v->nedges)] : 0;
    return base + (uint64_t)nudges[below(r, 8)];
}

static int edit_dynamic(struct view *v, struct rng *r)
{
    if (v->ndyn == 0)
        return 0;
    struct elfv *e = &v->e;
    uint64_t d = v->dyn_entries[below(r, v->ndyn)];
    int64_t tag = (int64_t)get(e, d, D_TAG);
    static const int64_t tags[] = {DT_NULL, DT_NEEDED, DT_PLTGOT, DT_HASH, DT_STRTAB, DT_SYMTAB,
                                   DT_RELA, DT_RELASZ, DT_STRSZ, DT_INIT, DT_FINI, DT_SONAME,
                                   DT_REL, DT_RELSZ, DT_PLTREL, DT_TEXTREL, DT_JMPREL,
                                   DT_INIT_ARRAY, DT_INIT_ARRAYSZ, DT_FLAGS, DT_RELR,
                                   DT_RELRSZ, DT_GNU_HASH, DT_VERSYM, DT_VERDEF, DT_VERNEED};
    switch (below(r, 4)) {
    case 0:   /* a pointer at another table or a segment edge */
        put(e, d, D_VAL, pick_edge(v, r));
        return 1;
    case 1: { /* a size one entry off, zero, or huge */
        uint64_t val = get(e, d, D_VAL), ent = e->c64 ? 8 : 4;
        static const int64_t steps[] = {1, -1, 3, -3};
        if (tag == DT_RELASZ || tag == DT_PLTRELSZ)
            ent = REL_SIZE(e, 1);
        else if (tag == DT_RELSZ)
            ent = REL_SIZE(e, 0);
        uint64_t nv = below(r, 5) == 0 ? (below(r, 2) ? 0 : ~(uint64_t)0 >> below(r, 40))
                                      : val + (uint64_t)steps[below(r, 4)] * ent;
        put(e, d, D_VAL, nv);
        return 1;
    }
    case 2:   /* another tag, keeping the value */
        put(e, d, D_TAG, (uint64_t)tags[below(r, sizeof tags / sizeof tags[0])]);
        return 1;
    default: { /* copy another entry's value (two tables at one address) */
        uint64_t other = v->dyn_entries[below(r, v->ndyn)];
        put(e, d, D_VAL, get(e, other, D_VAL));
        return 1;
    }
    }
}

/* The file offset of a random record of table t (among its first 4096). */
static uint64_t pick_record(const struct span *t, uint64_t count, struct rng *r)
{
    return t->off + below(r, (uint32_t)(count > 4096 ? 4096 : count)) * t->entsize;
}

static int edit_reloc(struct view *v, struct rng *r)
{
    if (v->nrels == 0)
        return 0;
    struct elfv *e = &v->e;
    const struct span *t = &v->rels[below(r, v->nrels)];
    uint64_t count = t->size / t->entsize;
    if (count == 0 || !in(e, t->off, t->entsize))
        return 0;
    uint64_t rec = pick_record(t, count, r);
    if (!in(e, rec, t->entsize))
        return 0;
    uint64_t info = get(e, rec, R_INFO);
    unsigned shift = e->c64 ? 32 : 8;
    uint64_t sym = info >> shift, type = info & ((1ull << shift) - 1);
    switch (below(r, 5)) {
    case 0:   /* onto a segment or section edge, or one of the image's own tables */
        put(e, rec, R_OFFSET, pick_edge(v, r));
        return 1;
    case 1: { /* another type: small numbers, or the type of another record */
        uint64_t other = pick_record(t, count, r);
        type = below(r, 2) ? below(r, 64) : (get(e, other, R_INFO) & ((1ull << shift) - 1));
        break;
    }
    case 2:   /* another symbol: nearby, 0, or far */
        sym = below(r, 3) == 0 ? 0 : below(r, 2) ? sym + 1 + below(r, 4) : below(r, 0x10000);
        break;
    case 3:
        if (!t->rela)
            return 0;
        put(e, rec, R_ADDEND, get(e, rec, R_ADDEND) + (uint64_t)(int64_t)(below(r, 33) - 16));
        return 1;
    default: { /* the whole record copied from another one of the table */
        uint64_t other = pick_record(t, count, r);
        if (in(e, other, t->entsize))
            memmove(e->d + rec, e->d + other, t->entsize);
        return 1;
    }
    }
    put(e, rec, R_INFO, (sym << shift) | type);
    return 1;
}

static int edit_symbol(struct view *v, struct rng *r)
{
    if (v->nsyms == 0)
        return 0;
    struct elfv *e = &v->e;
    const struct span *t = &v->syms[below(r, v->nsyms)];
    uint64_t count = t->size / t->entsize;
    if (count < 2)
        return 0;
    uint64_t s = t->off + (1 + below(r, (uint32_t)(count > 2048 ? 2047 : count - 1))) * t->entsize;
    if (!in(e, s, t->entsize))
        return 0;
    uint8_t info = (uint8_t)get(e, s, ST_INFO);
    static const uint8_t types[] = {STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_TLS,
                                    STT_GNU_IFUNC};
    static const uint8_t binds[] = {STB_LOCAL, STB_GLOBAL, STB_WEAK};
    static const uint16_t shndx[] = {SHN_UNDEF, SHN_ABS, SHN_COMMON, SHN_XINDEX, 1, 2, 3, 7};
    switch (below(r, 6)) {
    case 0:
        put(e, s, ST_INFO, (info & 0xf0) | types[below(r, sizeof types)]);
        return 1;
    case 1:
        put(e, s, ST_INFO, (uint8_t)(binds[below(r, 3)] << 4) | (info & 0xf));
        return 1;
    case 2:
        put(e, s, ST_SHNDX, below(r, 4) ? shndx[below(r, 8)] : below(r, v->shnum + 2));
        return 1;
    case 3:
        put(e, s, ST_VALUE, pick_edge(v, r));
        return 1;
    case 4:
        put(e, s, ST_SIZE, below(r, 2) ? ~(uint64_t)0 >> below(r, 60) : below(r, 64));
        return 1;
    default: /* a name near the end of the string table */
        put(e, s, ST_NAME, get(e, s, ST_NAME) + below(r, 64));
        return 1;
    }
}

static int edit_section(struct view *v, struct rng *r)
{
    if (v->shnum == 0)
        return 0;
    struct elfv *e = &v->e;
    uint64_t sh = v->shdrs + below(r, v->shnum) * SHDR_SIZE(e);
    static const uint32_t types[] = {SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_HASH,
                                     SHT_DYNAMIC, SHT_NOBITS, SHT_REL, SHT_DYNSYM,
                                     SHT_INIT_ARRAY, SHT_GROUP, SHT_SYMTAB_SHNDX};
    static const uint32_t flags[] = {SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE | SHF_STRINGS,
                                     SHF_GROUP, SHF_TLS};
    switch (below(r, 7)) {
    case 0:
        put(e, sh, below(r, 2) ? SH_LINK : SH_INFO, below(r, v->shnum + 2));
        return 1;
    case 1:
        put(e, sh, SH_TYPE, types[below(r, sizeof types / sizeof types[0])]);
        return 1;
    case 2:
        put(e, sh, SH_FLAGS, get(e, sh, SH_FLAGS) ^ flags[below(r, 6)]);
        return 1;
    case 3: {
        static const uint64_t aligns[] = {0, 1, 3, 6, 16, 4096, 1ull << 31, 1ull << 40};
        put(e, sh, SH_ALIGN, aligns[below(r, 8)]);
        return 1;
    }
    case 4: {
        static const uint64_t ents[] = {0, 1, 4, 8, 12, 16, 24, 7};
        put(e, sh, SH_ENTSIZE, ents[below(r, 8)]);
        return 1;
    }
    case 5: /* the section's end at the file's end, or its size one entry more */
        if (below(r, 2))
            put(e, sh, SH_SIZE, e->n - get(e, sh, SH_OFFSET) + below(r, 3));
        else
            put(e, sh, SH_SIZE, get(e, sh, SH_SIZE) + (get(e, sh, SH_ENTSIZE) ? get(e, sh, SH_ENTSIZE) : 1));
        return 1;
    default:
        put(e, sh, SH_OFFSET, e->n - below(r, 64));
        return 1;
    }
}

static int edit_group(struct view *v, struct rng *r)
{
    if (v->ngroups == 0)
        return 0;
    struct elfv *e = &v->e;
    uint64_t sh = v->groups[below(r, v->ngroups)];
    uint64_t off = get(e, sh, SH_OFFSET), size = get(e, sh, SH_SIZE);
    if (size < 4 || !in(e, off, size))
        return 0;
    uint64_t word = off + 4 * below(r, (uint32_t)(size / 4));
    if (word == off)
        wr(e, word, 4, rd(e, word, 4) ^ GRP_COMDAT);
    else
        wr(e, word, 4, below(r, 4) ? below(r, v->shnum + 1) : rd(e, off + 4, 4));
    return 1;
}

static int mutate_elf(uint8_t *d, size_t n, struct rng *r)
{
    struct view v;
    if (!scan(&v, d, n))
        return 0;
    for (int tries = 0; tries < 4; tries++) {
        int done;
        switch (below(r, 5)) {
        case 0: done = edit_dynamic(&v, r); break;
        case 1: done = edit_reloc(&v, r); break;
        case 2: done = edit_symbol(&v, r); break;
        case 3: done = edit_section(&v, r); break;
        default: done = edit_group(&v, r); break;
        }
        if (done)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ archives */
#define AR_MAGIC "!<arch>\n"
#define AR_HDR 60

/* The decimal size field of the member header at h (its bytes 48-57). */
static uint64_t ar_member_size(const uint8_t *d, uint64_t h)
{
    uint64_t size = 0;
    for (int i = 48; i < 58 && d[h + i] >= '0' && d[h + i] <= '9'; i++)
        size = size * 10 + (uint64_t)(d[h + i] - '0');
    return size;
}

static int mutate_archive(uint8_t *d, size_t n, struct rng *r)
{
    uint64_t members[MAX_ITEMS];
    unsigned nm = 0;
    uint64_t off = 8;
    while (off + AR_HDR <= n && nm < MAX_ITEMS) {
        uint64_t size = ar_member_size(d, off);
        members[nm++] = off;
        off += AR_HDR + size + (size & 1);
    }
    if (nm == 0)
        return 0;
    uint64_t h = members[below(r, nm)];
    switch (below(r, 3)) {
    case 0: { /* the size field: a few bytes off, or past the end */
        static const int deltas[] = {-1, 1, -2, 2, 1000000};
        uint64_t size = ar_member_size(d, h) + (uint64_t)(int64_t)deltas[below(r, 5)];
        char buf[11];
        memset(buf, ' ', 10);
        buf[10] = 0;
        for (int i = 9; i >= 0 && size; i--, size /= 10)
            buf[i] = (char)('0' + size % 10);
        memcpy(d + h + 48, buf, 10);
        return 1;
    }
    case 1: { /* the name field: a long-name reference, a BSD name, the index names */
        static const char *const names[] = {"/0              ", "/9999           ",
                                            "#1/20           ", "#1/9999         ",
                                            "/               ", "//              ",
                                            "/SYM64/         ", "__.SYMDEF       "};
        memcpy(d + h, names[below(r, 8)], 16);
        return 1;
    }
    default: /* an ELF edit inside the member */
        return mutate_elf(d + h + AR_HDR, n - (size_t)(h + AR_HDR), r);
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    struct rng r = {((uint64_t)seed << 1) | 1};
    (void)next(&r);
    if (below(&r, 2) == 0) {
        int done = size >= 8 && memcmp(data, AR_MAGIC, 8) == 0 ? mutate_archive(data, size, &r)
                                                                : mutate_elf(data, size, &r);
        if (done)
            return size;
    }
    return LLVMFuzzerMutate(data, size, max_size);
}
