/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unit_internal.c - unit tests of the core's layers on hand-made inputs, independent of any
 * compiler: header validation (parse.c), GNU and SysV hash lookup with versions (sym.c), RELR
 * decoding and RELATIVE runs (reloc.c), search path tokens (shared_object/search.c).  Each expected value is computed independently (the hash constants by
 * the gABI formulas, offline), never by the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/arch.h"
#include "core/lib.h"
#include "core/names.h"
#include "core/divide.h"
#include "core/sym.h"
#include "core/symindex.h"
#include "core/util.h"
#include "shared_object/reloc.h"
#include "shared_object/search.h"

/* ------------------------------------------------------------------ hash functions */
static void hash_values(void **state) {
    (void)state;
    assert_int_equal(elfld__gnu_hash(""), 5381);
    assert_int_equal(elfld__gnu_hash("printf"), 0x156b2bb8);
    assert_int_equal(elfld__gnu_hash("foo"), 0x0b887389);
    assert_int_equal(elfld__sysv_hash(""), 0);
    assert_int_equal(elfld__sysv_hash("printf"), 0x077905a6);
    assert_int_equal(elfld__sysv_hash("VER_1"), 0x005aa821);
}

/* The word-at-a-time GNU hash against the byte-at-a-time definition: every start alignment,
 * lengths across several words, bytes with the high bit set, and the length it reports
 * (through elfld__name_init). */
static uint32_t gnu_hash_bytewise(const char *s) {
    uint32_t h = 5381;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = h * 33 + *p;
    return h;
}

static void hash_wordwise_matches_bytewise(void **state) {
    (void)state;
    _Alignas(8) char buf[96];
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        size_t off = (size_t)round % 8, len = (size_t)(round * 7) % 72;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[off + i] = (char)(1 + (seed >> 16) % 255);
        }
        buf[off + len] = 0;
        buf[off + len + 1] = 'x';          /* bytes after the NUL must not count */
        assert_int_equal(elfld__gnu_hash(buf + off), gnu_hash_bytewise(buf + off));
        struct elfld_name n;
        elfld__name_init(&n, buf + off, NULL);
        assert_int_equal(n.gnu_hash, gnu_hash_bytewise(buf + off));
        assert_int_equal(n.len, len);
        assert_int_equal(elfld__strlen(buf + off), len);
    }
}

/* elfld__same_name() (three overlapping words up to 24 bytes, a loop beyond, bytewise below
 * 8) against strcmp: every length to 40, a one-byte difference at every position including
 * the NUL's (a table entry longer than the name), at every alignment of either string. */
static void same_name_matches_strcmp(void **state) {
    (void)state;
    _Alignas(8) char name[64], entry[80];
    for (size_t len = 0; len <= 40; len++)
        for (size_t oa = 0; oa < 8; oa += 3)
            for (size_t ob = 0; ob < 8; ob += 5)
                for (size_t diff = 0; diff <= len + 1; diff++) {   /* len + 1: no difference */
                    char *a = entry + oa, *b = name + ob;
                    for (size_t i = 0; i < len; i++)
                        a[i] = b[i] = (char)('a' + (i * 7 + len) % 26);
                    b[len] = 0;
                    a[len] = 0;
                    a[len + 1] = 'z';              /* what follows the entry's NUL */
                    if (diff < len)
                        a[diff] = (char)(a[diff] == 'q' ? 'r' : 'q');
                    else if (diff == len)
                        a[len] = '_';              /* the entry goes on: "name_..." */
                    bool want = strcmp(a, b) == 0;
                    assert_int_equal(elfld__same_name(a, b, len), want);
                    assert_int_equal(want, diff == len + 1);
                }
}

/* ------------------------------------------------------------------ a hand-made symbol table */
/* idx 1: bar (unversioned), 2: foo@VER_1 (hidden), 3: foo@@VER_2 (default), 4: local zed */
static const char strtab[] = "\0bar\0foo\0VER_1\0VER_2\0zed";
enum { S_BAR = 1, S_FOO = 5, S_VER1 = 9, S_VER2 = 15, S_ZED = 21 };

struct fake {
    struct elfld_lib lib;
    elf_sym syms[5];
    uint16_t versym[5];
    struct elfld_ver vers[4];
    uint32_t sysv[2 + 2 + 5];               /* nbucket, nchain, buckets, chains */
    elf_addr bloom[1];
    uint32_t gnu_buckets[1], gnu_chain[4];
};

static void sym_init(elf_sym *s, uint32_t name, unsigned bind, uint16_t shndx) {
    memset(s, 0, sizeof *s);
    s->st_name = name;
    s->st_info = (unsigned char)((bind << 4) | STT_FUNC);
    s->st_shndx = shndx;
    s->st_value = 0x1000 + 16 * name;
}

static void fake_init(struct fake *f) {
    memset(f, 0, sizeof *f);
    sym_init(&f->syms[1], S_BAR, STB_GLOBAL, 7);
    sym_init(&f->syms[2], S_FOO, STB_GLOBAL, 7);
    sym_init(&f->syms[3], S_FOO, STB_GLOBAL, 7);
    sym_init(&f->syms[4], S_ZED, STB_LOCAL, 7);
    f->versym[1] = VER_NDX_GLOBAL;
    f->versym[2] = 2 | VERSYM_HIDDEN;
    f->versym[3] = 3;
    f->versym[4] = VER_NDX_LOCAL;
    f->vers[2] = (struct elfld_ver){strtab + S_VER1, 0x005aa821, 5};
    f->vers[3] = (struct elfld_ver){strtab + S_VER2, 0x005aa822, 5};
    struct elfld_lib *l = &f->lib;
    l->strtab = strtab;
    l->strsz = sizeof strtab;
    l->symtab = f->syms;
    l->nsyms = 5;
    l->versym = f->versym;
    l->vers = f->vers;
    l->nvers = 4;
}

/* SysV table with 2 buckets: chain each symbol into bucket sysv_hash(name) % 2. */
static void fake_sysv(struct fake *f) {
    uint32_t *bucket = f->sysv + 2, *chain = f->sysv + 4;
    f->sysv[0] = 2;
    f->sysv[1] = 5;
    for (uint32_t i = 1; i < 5; i++) {
        uint32_t b = elfld__sysv_hash(strtab + f->syms[i].st_name) % 2;
        chain[i] = bucket[b];
        bucket[b] = i;
    }
    f->lib.sysv_nbucket = 2;
    f->lib.sysv_bucket = bucket;
    f->lib.sysv_chain = chain;
}

/* GNU table: one bucket holding symbols 1..4 (symoffset 1), a real bloom filter. */
static void fake_gnu(struct fake *f, bool bloom_open) {
    const unsigned bits = 8 * sizeof(elf_addr), shift = 5;
    for (uint32_t i = 1; i < 5; i++) {
        uint32_t h = elfld__gnu_hash(strtab + f->syms[i].st_name);
        f->bloom[0] |= ((elf_addr)1 << (h % bits)) | ((elf_addr)1 << ((h >> shift) % bits));
        f->gnu_chain[i - 1] = (h & ~1u) | (i == 4 ? 1u : 0u);
    }
    if (!bloom_open)
        f->bloom[0] = 0;                     /* rejects every name before the buckets */
    f->gnu_buckets[0] = 1;
    struct elfld_lib *l = &f->lib;
    l->gnu_nbuckets = 1;
    l->gnu_symoffset = 1;
    l->gnu_bloom_words = 1;
    l->gnu_bloom_shift = shift;
    l->gnu_bloom = f->bloom;
    l->gnu_buckets = f->gnu_buckets;
    l->gnu_chain = f->gnu_chain;
}

static long find(struct fake *f, const char *name, const char *version) {
    struct elfld_name n;
    elfld__name_init(&n, name, version);
    const elf_sym *s = elfld__lookup_in(&f->lib, &n);
    return s ? (long)(s - f->syms) : 0;
}

/* As find(), the wanted version's hash set to `hash`: a name whose hash collides with a
 * defined version's must still be told from it by its bytes. */
static long find_colliding(struct fake *f, const char *name, const char *version,
                           uint32_t hash) {
    struct elfld_name n;
    elfld__name_init(&n, name, version);
    n.version_hash = hash;
    const elf_sym *s = elfld__lookup_in(&f->lib, &n);
    return s ? (long)(s - f->syms) : 0;
}

static void check_versions(struct fake *f) {
    assert_int_equal(find_colliding(f, "foo", "VER_2", 0x005aa822), 3);  /* VER_2's own */
    assert_int_equal(find_colliding(f, "foo", "VER_X", 0x005aa822), 0);  /* same hash */
    assert_int_equal(find_colliding(f, "foo", "VER_", 0x005aa822), 0);   /* a prefix of it */
    assert_int_equal(find_colliding(f, "foo", "VER_22", 0x005aa822), 0); /* it, a prefix */
    assert_int_equal(find(f, "foo", NULL), 3);       /* default version */
    assert_int_equal(find(f, "foo", "VER_2"), 3);
    assert_int_equal(find(f, "foo", "VER_1"), 2);    /* hidden, but asked for by name */
    assert_int_equal(find(f, "foo", "VER_3"), 0);
    assert_int_equal(find(f, "bar", NULL), 1);
    assert_int_equal(find(f, "bar", "VER_2"), 1);    /* unversioned definition serves any */
    assert_int_equal(find(f, "zed", NULL), 0);       /* local: never a definition */
    assert_int_equal(find(f, "baz", NULL), 0);
    assert_int_equal(find(f, "fo", NULL), 0);
}

static void sysv_lookup_versions(void **state) {
    (void)state;
    struct fake f;
    fake_init(&f);
    fake_sysv(&f);
    check_versions(&f);
}

static void gnu_lookup_versions(void **state) {
    (void)state;
    struct fake f;
    fake_init(&f);
    fake_gnu(&f, true);
    check_versions(&f);
}

/* elfld_sym()'s index (symindex.c) on the same table: once built, the default version of
 * foo (symbol 3, after the hidden foo@VER_1), never a local or hidden one. */
static void *fake_alloc(void *user, size_t size) {
    (void)user;
    return malloc(size);
}
static void fake_free(void *user, void *ptr, size_t size) {
    (void)user;
    (void)size;
    free(ptr);
}

static void symindex_versions(void **state) {
    (void)state;
    struct fake f;
    fake_init(&f);
    fake_gnu(&f, true);
    struct elfld_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.host.alloc = fake_alloc;
    ctx.host.free = fake_free;
    f.lib.ctx = &ctx;
    f.lib.state = ELFLD_STATE_READY;
    f.syms[2].st_value = 0x5000;                      /* hidden foo@VER_1: another address */
    void *foo = (void *)(uintptr_t)f.syms[3].st_value, *bar = (void *)(uintptr_t)f.syms[1].st_value;
    for (int round = 0; round < 200; round++) {      /* the index appears along the way */
        assert_ptr_equal(elfld_sym(&f.lib, "foo"), foo);
        assert_ptr_equal(elfld_sym(&f.lib, "bar"), bar);
        assert_null(elfld_sym(&f.lib, "zed"));
        assert_null(elfld_sym(&f.lib, "fo"));
        assert_null(elfld_sym(&f.lib, "foo2"));
    }
    assert_non_null(f.lib.symindex);
    elfld__symindex_free(&f.lib);
}

/* A library with more exported symbols than the largest index serves (2^15 slots, at most
 * half full): no index is built, and lookups keep answering from the hash table. */
static void symindex_not_for_large_libraries(void **state) {
    (void)state;
    enum { N = 20000 };                               /* 2 * N slots would need 2^16 */
    static char names[N * 8];
    static elf_sym syms[N + 1];
    static uint32_t chain[N];
    elf_addr bloom[1] = {~(elf_addr)0};               /* lets every name through */
    uint32_t bucket[1] = {1};
    for (uint32_t i = 0; i < N; i++) {                /* "s00000" .. "s19999", one chain */
        char *nm = names + 8 * i;
        snprintf(nm, 8, "s%05u", i);
        sym_init(&syms[i + 1], 8 * i, STB_GLOBAL, 7);
        chain[i] = (elfld__gnu_hash(nm) & ~1u) | (i == N - 1 ? 1u : 0u);
    }
    struct elfld_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.host.alloc = fake_alloc;
    ctx.host.free = fake_free;
    struct elfld_lib lib;
    memset(&lib, 0, sizeof lib);
    lib.ctx = &ctx;
    lib.state = ELFLD_STATE_READY;
    lib.strtab = names;
    lib.strsz = sizeof names;
    lib.symtab = syms;
    lib.nsyms = N + 1;
    lib.gnu_nbuckets = 1;
    lib.gnu_bucket_magic = elfld__bucket_magic(1);
    lib.gnu_symoffset = 1;
    lib.gnu_bloom_words = 1;
    lib.gnu_bloom_shift = 5;
    lib.gnu_bloom = bloom;
    lib.gnu_buckets = bucket;
    lib.gnu_chain = chain;
    for (uint32_t i = 0; i < (N + 1) / 8 + 64 + 10; i++) {   /* past the threshold */
        char nm[8];
        snprintf(nm, sizeof nm, "s%05u", (i * 7919u) % N);
        assert_ptr_equal(elfld_sym(&lib, nm), (void *)(uintptr_t)syms[(i * 7919u) % N + 1].st_value);
    }
    assert_true(lib.symindex_tried);
    assert_null(lib.symindex);
    assert_null(elfld_sym(&lib, "s2"));
}

static void gnu_bloom_rejects(void **state) {
    (void)state;
    struct fake f;
    fake_init(&f);
    fake_gnu(&f, false);
    assert_int_equal(find(&f, "foo", NULL), 0);
    assert_int_equal(find(&f, "bar", NULL), 0);
}

static void sysv_chain_loop_terminates(void **state) {
    (void)state;
    struct fake f;
    fake_init(&f);
    fake_sysv(&f);
    uint32_t *chain = f.sysv + 4;
    for (uint32_t i = 1; i < 5; i++)
        chain[i] = i;                        /* every chain points at itself */
    f.sysv[2] = f.sysv[3] = 1;
    assert_int_equal(find(&f, "nothere", NULL), 0);
}

static void unversioned_library(void **state) {
    (void)state;
    struct fake f;
    fake_init(&f);
    fake_sysv(&f);
    f.lib.versym = NULL;          /* no versioning: the first "foo" in its chain wins */
    /* fake_sysv pushes symbols 1..4 onto their bucket's chain in order, so the chain holds
     * 3 before 2 */
    long plain = find(&f, "foo", NULL);
    assert_int_equal(plain, 3);
    assert_int_equal(find(&f, "foo", "VER_9"), plain);   /* a version asked for is moot */
}

/* The bucket index without a divide must equal h % nbuckets for every h and nbuckets. */
static void bucket_of_matches_modulo(void **state) {
    (void)state;
    static const uint32_t ds[] = {1, 2, 3, 7, 10, 97, 1000, 4093, 65536, 1u << 31, 0xfffffffbu,
                                  0xffffffffu};
    uint32_t h = 0x12345678u;
    for (size_t k = 0; k < sizeof ds / sizeof ds[0]; k++) {
        uint64_t magic = elfld__bucket_magic(ds[k]);
        for (int i = 0; i < 20000; i++) {
            h = h * 1664525u + 1013904223u;             /* LCG: spread over all 32 bits */
            assert_int_equal(elfld__bucket_of(h, ds[k], magic), h % ds[k]);
        }
        assert_int_equal(elfld__bucket_of(0, ds[k], magic), 0);
        assert_int_equal(elfld__bucket_of(0xffffffffu, ds[k], magic), 0xffffffffu % ds[k]);
        assert_int_equal(elfld__bucket_of(ds[k] - 1, ds[k], magic), ds[k] - 1);
    }
}

/* The core's divisions without a divide (core/divide.h), against the compiler's own. */
static void udiv10_matches_division(void **state) {
    (void)state;
    static const unsigned long edges[] = {0, 1, 9, 10, 11, 99, 100, 101, 0x7fffffff, 0x80000000,
                                          0xfffffff9, 0xfffffffa, 0xffffffff, (unsigned long)-1,
                                          (unsigned long)-10, (unsigned long)-11};
    for (size_t k = 0; k < sizeof edges / sizeof edges[0]; k++) {
        unsigned r;
        assert_int_equal(elfld__udiv10(edges[k], &r), edges[k] / 10);
        assert_int_equal(r, edges[k] % 10);
    }
    unsigned long long x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        unsigned long v = (unsigned long)(x >> (i % 64)), q;
        unsigned r;
        q = elfld__udiv10(v, &r);
        assert_int_equal(q, v / 10);
        assert_int_equal(r, v % 10);
    }
}

static void exact_udiv_matches_division(void **state) {
    (void)state;
    static const size_t ds[] = {1, 2, 3, 4, 8, 12, 16, 24, 40, 56, 64, 1000, 4096};
    for (size_t k = 0; k < sizeof ds / sizeof ds[0]; k++)
        for (size_t q = 0; q < 5000; q++) {
            size_t n = q * ds[k];
            assert_int_equal(elfld__exact_udiv(n, ds[k]), q);
        }
    size_t big = (SIZE_MAX / 24) * 24;
    assert_int_equal(elfld__exact_udiv(big, 24), SIZE_MAX / 24);
}

/* ------------------------------------------------------------------ RELATIVE runs */
/*
 * reloc.c applies RELATIVE records four at a time while every one of the four has the type
 * and a target in the writable segment of the previous record, and one at a time otherwise.
 * An image of three segments, RW / read-only / RW, and records that change segment, type or
 * table format at every position of a block: each must land exactly once, in order; a record
 * aimed at the read-only segment is refused by index with nothing after it applied.
 */
enum { RW_A = 0, RO_B = 16, RW_C = 24, NWORDS = 64, NREC = 48, NONE_WORD = RO_B - 1 };

static uint32_t type_of_kind(unsigned kind) {
    for (uint32_t t = 0; t < 65536; t++)               /* every arch's types are below */
        if (elfld__reloc_desc(t) && elfld__reloc_desc(t)->kind == kind)
            return t;
    fail_msg("no relocation type of kind %u on this arch", kind);
    return 0;
}

struct rel_image {
    struct elfld_ctx ctx;
    struct elfld_lib lib;
    elf_sym nosym[1];
    uintptr_t words[NWORDS];
    elf_rela rela[NREC];
    elf_rel rel[NREC];
    unsigned target[NREC];     /* word index of each RELATIVE record, NWORDS for the NONE */
};

/* Records: 0-5 into A, 6-19 into C, 20-29 alternating, 30-43 into C, 44-47 into A; record
 * none_at is a NONE aimed at a word nothing else touches, record bad_at a RELATIVE aimed at
 * the read-only segment (NREC: neither). */
static void rel_image_init(struct rel_image *im, bool rela, unsigned none_at, unsigned bad_at) {
    memset(im, 0, sizeof *im);
    const uintptr_t W = sizeof(uintptr_t);
    im->ctx.host.alloc = fake_alloc;
    im->ctx.host.free = fake_free;
    struct elfld_lib *l = &im->lib;
    l->ctx = &im->ctx;
    l->flags = ELFLD_NOW;
    l->base = (uintptr_t)im->words;
    l->symtab = im->nosym;
    l->nsyms = 1;
    l->nloads = 3;
    l->loads[0] = (struct elfld_seg){.vaddr = RW_A * W, .memsz = (RO_B - RW_A) * W,
                                     .prot = ELFLD_PROT_READ | ELFLD_PROT_WRITE};
    l->loads[1] = (struct elfld_seg){.vaddr = RO_B * W, .memsz = (RW_C - RO_B) * W,
                                     .prot = ELFLD_PROT_READ};
    l->loads[2] = (struct elfld_seg){.vaddr = RW_C * W, .memsz = (NWORDS - RW_C) * W,
                                     .prot = ELFLD_PROT_READ | ELFLD_PROT_WRITE};
    const uint32_t relative = type_of_kind(ELFLD_RK_RELATIVE), none = type_of_kind(ELFLD_RK_NONE);
    unsigned a = RW_A, c = RW_C;
    for (unsigned i = 0; i < NREC; i++) {
        unsigned t;
        if (i == none_at)
            t = NWORDS;
        else if (i == bad_at)
            t = RO_B + 3;
        else if (i < 6 || (i >= 20 && i < 30 && i % 2 == 0) || i >= 44)
            t = a++;
        else
            t = c++;
        im->target[i] = t;
        uintptr_t off = (t == NWORDS ? NONE_WORD : t) * W;
        uintptr_t info = (uintptr_t)(t == NWORDS ? none : relative);
        im->rela[i] = (elf_rela){.r_offset = off, .r_info = info, .r_addend = (intptr_t)(1000 + i)};
        im->rel[i] = (elf_rel){.r_offset = off, .r_info = info};
    }
    assert_true(a <= NONE_WORD && c <= NWORDS);
    for (unsigned k = 0; k < NWORDS; k++)
        im->words[k] = 5000 + k;        /* a REL record's addend, and the untouched value */
    if (rela) {
        l->rela = im->rela;
        l->nrela = NREC;
    } else {
        l->rel = im->rel;
        l->nrel = NREC;
    }
}

/* Records [0, applied) took effect, no other word changed. */
static void check_relative(const struct rel_image *im, bool rela, unsigned applied) {
    uintptr_t base = (uintptr_t)im->words, want[NWORDS];
    for (unsigned k = 0; k < NWORDS; k++)
        want[k] = 5000 + k;
    for (unsigned i = 0; i < applied; i++)
        if (im->target[i] != NWORDS)
            want[im->target[i]] = base + (rela ? 1000 + i : 5000 + im->target[i]);
    for (unsigned k = 0; k < NWORDS; k++)
        assert_int_equal(im->words[k], want[k]);
}

static void relative_runs(void **state) {
    (void)state;
    static struct rel_image im;
    for (int rela = 0; rela <= 1; rela++)
        for (unsigned none_at = 0; none_at <= NREC; none_at++) {   /* NREC: no NONE */
            rel_image_init(&im, rela, none_at, NREC);
            struct elfld_err e = {.ctx = NULL, .diag = NULL, .phase = 0};
            assert_int_equal(elfld__relocate(&e, &im.lib), 0);
            check_relative(&im, rela, NREC);
        }
}

static void relative_into_read_only_is_refused(void **state) {
    (void)state;
    static struct rel_image im;
    for (int rela = 0; rela <= 1; rela++)
        for (unsigned bad = 0; bad < NREC; bad++) {
            rel_image_init(&im, rela, NREC, bad);
            struct elfld_diag d;
            memset(&d, 0, sizeof d);
            struct elfld_err e = {.ctx = NULL, .diag = &d, .phase = 0};
            assert_int_equal(elfld__relocate(&e, &im.lib), ELFLD_ERELOC);
            assert_int_equal(d.reloc_index, bad);
            check_relative(&im, rela, bad);
        }
}

/* ------------------------------------------------------------------ RELR */
static void relr_decoding(void **state) {
    (void)state;
    uintptr_t words[70];
    for (unsigned i = 0; i < 70; i++)
        words[i] = i;
    const uintptr_t W = sizeof(elf_addr), bits = 8 * sizeof(elf_addr);
    /* address word 0; bitmap over words 1..bits-1 with bits for 1, 3 and the last; a second
     * bitmap over the next bits-1 words with bit 2; address word bits+4 */
    elf_addr relr[4];
    relr[0] = 0;
    relr[1] = 1 | (1u << 1) | (1u << 3) | ((elf_addr)1 << (bits - 1));
    relr[2] = 1 | (1u << 2);
    relr[3] = (elf_addr)((bits + 4) * W);
    uintptr_t base = (uintptr_t)words;
    struct elfld_err e = {.ctx = NULL, .diag = NULL, .phase = 0};
    assert_int_equal(elfld__apply_relr(&e, NULL, base, relr, 4), 0);
    const unsigned last = (unsigned)(bits - 1), second = (unsigned)(bits - 1 + 1 + 1);
    for (unsigned i = 0; i < 70; i++) {
        bool moved = i == 0 || i == 1 || i == 3 || i == last || i == second || i == bits + 4;
        assert_int_equal(words[i], moved ? base + i : i);
    }
}

static void relr_bitmap_first_is_refused(void **state) {
    (void)state;
    elf_addr relr[1] = {3};
    struct elfld_diag d;
    struct elfld_err e = {.ctx = NULL, .diag = &d, .phase = 0};
    assert_int_equal(elfld__apply_relr(&e, NULL, 0, relr, 1), ELFLD_ERELOC);
    assert_int_equal(d.code, ELFLD_ERELOC);
    assert_int_equal(d.reloc_index, 0);
}

/* ------------------------------------------------------------------ header validation */
struct image {
    elf_ehdr eh;
    elf_phdr ph[3];
    unsigned char body[256];
};

/* e_flags a real image of this build's ABI carries: the arm, riscv and loongarch backends
 * check the float ABI (and arm the EABI version), so 0 is not a valid image there. */
#if defined(__arm__)
#  ifdef __ARM_PCS_VFP
#    define TEST_EFLAGS 0x05000400u /* EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_HARD */
#  else
#    define TEST_EFLAGS 0x05000200u /* EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_SOFT */
#  endif
#elif defined(__riscv)
#  if defined(__riscv_float_abi_double)
#    define TEST_EFLAGS 0x5u        /* EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE */
#  elif defined(__riscv_float_abi_single)
#    define TEST_EFLAGS 0x3u        /* EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_SINGLE */
#  else
#    define TEST_EFLAGS 0x1u        /* EF_RISCV_RVC, soft float */
#  endif
#elif defined(__loongarch__)
#  if defined(__loongarch_double_float)
#    define TEST_EFLAGS 0x43u       /* OBJABI v1 | EF_LOONGARCH_ABI_DOUBLE_FLOAT */
#  elif defined(__loongarch_single_float)
#    define TEST_EFLAGS 0x42u       /* OBJABI v1 | EF_LOONGARCH_ABI_SINGLE_FLOAT */
#  else
#    define TEST_EFLAGS 0x41u       /* OBJABI v1 | EF_LOONGARCH_ABI_SOFT_FLOAT */
#  endif
#else
#  define TEST_EFLAGS 0u
#endif

static void image_init(struct image *im) {
    memset(im, 0, sizeof *im);
    im->eh.e_flags = TEST_EFLAGS;
    memcpy(im->eh.e_ident, "\177ELF", 4);
    im->eh.e_ident[EI_CLASS] = ELFLD_ELFCLASS;
    im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    im->eh.e_ident[EI_VERSION] = EV_CURRENT;
    im->eh.e_type = ET_DYN;
    im->eh.e_machine = ELFLD_EM;
    im->eh.e_version = EV_CURRENT;
    im->eh.e_phoff = offsetof(struct image, ph);
    im->eh.e_ehsize = sizeof(elf_ehdr);
    im->eh.e_phentsize = sizeof(elf_phdr);
    im->eh.e_phnum = 3;
    /* two loads and a dynamic segment inside the second */
    im->ph[0] = (elf_phdr){0};
    im->ph[0].p_type = PT_LOAD;
    im->ph[0].p_flags = PF_R | PF_X;
    im->ph[0].p_filesz = im->ph[0].p_memsz = sizeof *im;
    im->ph[0].p_align = 0x1000;
    im->ph[1].p_type = PT_LOAD;
    im->ph[1].p_flags = PF_R | PF_W;
    im->ph[1].p_vaddr = 0x1000;
    im->ph[1].p_offset = 0;
    im->ph[1].p_filesz = 64;
    im->ph[1].p_memsz = 0x2000;
    im->ph[1].p_align = 0x1000;
    im->ph[2].p_type = PT_DYNAMIC;
    im->ph[2].p_vaddr = 0x1000;
    im->ph[2].p_memsz = 2 * sizeof(elf_dyn);
}

static int parse(struct image *im, size_t size) {
    struct elfld_plan plan;
    struct elfld_err e = {.ctx = NULL, .diag = NULL, .phase = 0};
    return elfld__parse(&e, im, size, ELFLD_ROLE_LIBRARY, &plan, 0x1000);
}

static void parse_accepts_valid(void **state) {
    (void)state;
    struct image im;
    image_init(&im);
    struct elfld_plan plan;
    struct elfld_err e = {.ctx = NULL, .diag = NULL, .phase = 0};
    assert_int_equal(elfld__parse(&e, &im, sizeof im, ELFLD_ROLE_LIBRARY, &plan, 0x1000), 0);
    assert_int_equal(plan.nloads, 2);
    assert_int_equal(plan.span_start, 0);
    assert_int_equal(plan.span_end, 0x3000);
    assert_int_equal(plan.dyn_vaddr, 0x1000);
}

static void parse_rejects(void **state) {
    (void)state;
    struct image im;
#define CASE(mutation, size, code) do { image_init(&im); mutation; \
        assert_int_equal(parse(&im, size), code); } while (0)
    CASE((void)0, 3, ELFLD_ETRUNC);
    CASE(im.eh.e_ident[1] = 'X', sizeof im, ELFLD_EMAGIC);
    CASE(im.eh.e_ident[EI_CLASS] = 3 - ELFLD_ELFCLASS, sizeof im, ELFLD_ECLASS);
    CASE(im.eh.e_ident[EI_DATA] = ELFDATA2MSB, sizeof im, ELFLD_EENDIAN);
    CASE(im.eh.e_ident[EI_VERSION] = 2, sizeof im, ELFLD_EVERSION);
    CASE(im.eh.e_version = 0, sizeof im, ELFLD_EVERSION);
    CASE(im.eh.e_machine = (uint16_t)(ELFLD_EM + 1), sizeof im, ELFLD_EMACHINE);
    CASE(im.eh.e_type = ET_REL, sizeof im, ELFLD_ETYPE);
    CASE(im.eh.e_phentsize = 7, sizeof im, ELFLD_EHEADER);
    CASE(im.eh.e_phnum = 0, sizeof im, ELFLD_EHEADER);
    CASE((void)0, sizeof(elf_ehdr) + sizeof(elf_phdr), ELFLD_ETRUNC);   /* phdrs cut */
    CASE(im.eh.e_phoff = (elf_addr)-8, sizeof im, ELFLD_ETRUNC);       /* offset overflow */
    CASE(im.ph[1].p_align = 0x1800, sizeof im, ELFLD_ESEGMENT);
    CASE(im.ph[1].p_filesz = 0x3000, sizeof im, ELFLD_ESEGMENT);        /* filesz > memsz */
    CASE(im.ph[1].p_offset = sizeof im, sizeof im, ELFLD_ETRUNC);
    CASE(im.ph[1].p_vaddr = 0x10, sizeof im, ELFLD_ESEGMENT);           /* overlap */
    CASE(im.ph[1].p_memsz = (elf_addr)-0x800, sizeof im, ELFLD_ESEGMENT); /* wraps */
    CASE(im.ph[1].p_memsz = (elf_addr)1 << (sizeof(elf_addr) == 8 ? 40 : 31), sizeof im,
         ELFLD_ESEGMENT);                                                /* huge: no reserve */
    CASE(im.ph[2].p_type = PT_NULL, sizeof im, ELFLD_EDYNAMIC);
    CASE(im.ph[0].p_type = im.ph[1].p_type = PT_NULL, sizeof im, ELFLD_ESEGMENT);
#undef CASE
}

/* ------------------------------------------------------------------ search path tokens */
/* The expansion of `in` (ld.so(8)'s rules: $ORIGIN, $LIB, $PLATFORM and their ${...} forms;
 * anything else kept as written), measured and then written into a buffer of exactly that
 * size plus a canary. */
static const char *expand(const char *in, const struct elfld_tokens *t) {
    static char buf[256];
    size_t n = elfld__expand_tokens(NULL, 0, in, strlen(in), t);
    if (n == ELFLD_EXPAND_FAILED)
        return NULL;
    assert_true(n + 1 < sizeof buf);
    memset(buf, '#', sizeof buf);
    assert_int_equal(elfld__expand_tokens(buf, n, in, strlen(in), t), n);
    assert_int_equal(buf[n], '#');          /* nothing written past the measured length */
    buf[n] = 0;
    return buf;
}

static void search_tokens(void **state) {
    (void)state;
    struct elfld_tokens t = {"/opt/app/lib", 12, "lib/x86_64-linux-gnu", "x86_64"};
    assert_string_equal(expand("$ORIGIN/../plugins", &t), "/opt/app/lib/../plugins");
    assert_string_equal(expand("${ORIGIN}/x", &t), "/opt/app/lib/x");
    assert_string_equal(expand("/usr/$LIB/$PLATFORM", &t), "/usr/lib/x86_64-linux-gnu/x86_64");
    assert_string_equal(expand("/a/${LIB}b/${PLATFORM}", &t), "/a/lib/x86_64-linux-gnub/x86_64");
    assert_string_equal(expand("$ORIGINAL/$ORIGIN_x", &t), "$ORIGINAL/$ORIGIN_x");  /* no token */
    assert_string_equal(expand("${ORIGIN/x $$ $", &t), "${ORIGIN/x $$ $");      /* unclosed */
    assert_string_equal(expand("plain/dir", &t), "plain/dir");
    /* origin_len counts, not a NUL: the directory of "/opt/app/lib/libx.so" */
    struct elfld_tokens part = {"/opt/app/lib/libx.so", 12, NULL, NULL};
    assert_string_equal(expand("$ORIGIN", &part), "/opt/app/lib");
    /* a token without a value: the whole element is skipped */
    assert_null(expand("/usr/$LIB", &part));
    assert_null(expand("${PLATFORM}", &part));
    struct elfld_tokens none = {NULL, 0, NULL, NULL};
    assert_null(expand("$ORIGIN/lib", &none));
    assert_string_equal(expand("/usr/lib", &none), "/usr/lib");

    const char *dir;
    assert_int_equal(elfld__dir_of("/opt/app/lib/libx.so", &dir), 12);
    assert_memory_equal(dir, "/opt/app/lib", 12);
    assert_int_equal(elfld__dir_of("libx.so", &dir), 1);
    assert_string_equal(dir, ".");
    assert_int_equal(elfld__dir_of("/libx.so", &dir), 1);
    assert_memory_equal(dir, "/", 1);
    assert_int_equal(elfld__dir_of("a/b", &dir), 1);
    assert_memory_equal(dir, "a", 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_values),
        cmocka_unit_test(hash_wordwise_matches_bytewise),
        cmocka_unit_test(same_name_matches_strcmp),
        cmocka_unit_test(sysv_lookup_versions),
        cmocka_unit_test(gnu_lookup_versions),
        cmocka_unit_test(gnu_bloom_rejects),
        cmocka_unit_test(symindex_versions),
        cmocka_unit_test(symindex_not_for_large_libraries),
        cmocka_unit_test(sysv_chain_loop_terminates),
        cmocka_unit_test(unversioned_library),
        cmocka_unit_test(bucket_of_matches_modulo),
        cmocka_unit_test(udiv10_matches_division),
        cmocka_unit_test(exact_udiv_matches_division),
        cmocka_unit_test(relative_runs),
        cmocka_unit_test(relative_into_read_only_is_refused),
        cmocka_unit_test(relr_decoding),
        cmocka_unit_test(relr_bitmap_first_is_refused),
        cmocka_unit_test(parse_accepts_valid),
        cmocka_unit_test(parse_rejects),
        cmocka_unit_test(search_tokens),
    };
    return cmocka_run_group_tests_name("unit_internal", tests, NULL, NULL);
}
