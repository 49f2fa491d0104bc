/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * dyn.c - the plumbing of the dynamic relocation tests (see dyn.h): a hand-made library whose
 * one relocation record goes through the driver, and the psABI formulas that say what it must
 * store.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arch.h"
#include "core/lib.h"
#include "shared_object/reloc.h"
#include "dyn.h"
#include "harness.h"

enum {
    RELOC_TYPES_END = 65536,  /* every arch's relocation types are below */
    IMG_SIZE = 256,
    PLACE = 96,               /* offset of P in the image: room before and after the field */
    SYM = 1,                  /* the symbol's index */
};

/* What the IFUNC resolver returns: an address of the image, as a resolver's answer is. */
#define IFUNC_RESULT ((uintptr_t)0x5a5a1230u)

static _Alignas(16) unsigned char img[IMG_SIZE];

static uintptr_t resolver(void) { return IFUNC_RESULT; }

static void *alloc(void *user, size_t size) {
    (void)user;
    return malloc(size);
}

static void release(void *user, void *p, size_t size) {
    (void)user;
    (void)size;
    free(p);
}

/* The byte the image holds at offset i before a relocation: no field value starts out right. */
static unsigned char pattern(unsigned i) { return (unsigned char)(0xa5u ^ (i * 7u)); }

/* The load bias: below both the image and the resolver, so that both are inside the library
 * (base + vaddr, vaddr >= 0), and not page-aligned like a real one, so that a formula using B
 * where it should not shows. */
static uintptr_t base_of(void) {
    uintptr_t lo = (uintptr_t)img, f = (uintptr_t)resolver & ~(uintptr_t)1;
    lo = f < lo ? f : lo;
    return lo - 0x12340;
}

/* One record of `type` at img + PLACE, naming the symbol (value S, size Z) unless nosym,
 * through elfld__relocate.  Returns its result. */
static int apply_one(uint32_t type, uintptr_t S, int64_t A, int rela, int nosym, uint64_t Z) {
    static struct elfld_ctx ctx;
    static struct elfld_lib lib;
    static elf_sym syms[2];
    static elf_rel rel;
    static elf_rela rela_rec;
    static const char strtab[] = "\0dyn_symbol";
    memset(&ctx, 0, sizeof ctx);
    memset(&lib, 0, sizeof lib);
    memset(syms, 0, sizeof syms);
    ctx.host.alloc = alloc;
    ctx.host.free = release;
    uintptr_t B = base_of(), f = (uintptr_t)resolver & ~(uintptr_t)1;
    lib.ctx = &ctx;
    lib.name = (char *)"dyn-test";
    lib.flags = ELFLD_NOW;
    lib.base = B;
    lib.nloads = 2;
    lib.loads[0] = (struct elfld_seg){.vaddr = (uintptr_t)img - B, .memsz = IMG_SIZE,
                                      .prot = ELFLD_PROT_READ | ELFLD_PROT_WRITE};
    lib.loads[1] = (struct elfld_seg){.vaddr = f - B, .memsz = 16,
                                      .prot = ELFLD_PROT_READ | ELFLD_PROT_EXEC};
    if (lib.loads[1].vaddr < lib.loads[0].vaddr) {   /* segments in address order */
        struct elfld_seg t = lib.loads[0];
        lib.loads[0] = lib.loads[1];
        lib.loads[1] = t;
    }
    syms[SYM].st_name = 1;
    syms[SYM].st_info = (unsigned char)(STB_LOCAL << 4 | STT_OBJECT);
    syms[SYM].st_shndx = 1;
    syms[SYM].st_value = (elf_addr)(S - B);           /* base + st_value = S */
    syms[SYM].st_size = (elf_addr)Z;
    lib.symtab = syms;
    lib.nsyms = 2;
    lib.strtab = strtab;
    lib.strsz = sizeof strtab;
    uintptr_t off = (uintptr_t)img + PLACE - B;
    uintptr_t sym = nosym ? 0 : SYM;
#if ELFLD_ELFCLASS == ELFCLASS64
    uint64_t info = (uint64_t)sym << 32 | type;
#else
    uint32_t info = (uint32_t)(sym << 8 | (type & 0xffu));
#endif
    if (rela) {
        rela_rec.r_offset = off;
        rela_rec.r_info = info;
        rela_rec.r_addend = (intptr_t)A;
        lib.rela = &rela_rec;
        lib.nrela = 1;
    } else {
        rel.r_offset = off;
        rel.r_info = info;
        lib.rel = &rel;
        lib.nrel = 1;
    }
    struct elfld_err e = {.ctx = NULL, .diag = NULL, .phase = 0};
    return elfld__relocate(&e, &lib);
}

/* The value the psABI formula gives, in the target's address arithmetic. */
static uint64_t formula(const struct d_row *r, uintptr_t S, uintptr_t A, uintptr_t P,
                        uintptr_t B) {
    switch (r->f) {
    case D_S_A:   return (uintptr_t)(S + A);
    case D_S_A_P: return (uintptr_t)(S + A - P);
    case D_S:     return S;
    case D_B_A:   return (uintptr_t)(B + A);
    case D_Z_A:   return (uintptr_t)((uintptr_t)r->Z + A);
    case D_IFUNC: return IFUNC_RESULT;
    default:      return 0;
    }
}

static const char *name_of(uint32_t type) {
    const struct elfld_reloc_desc *d = elfld__reloc_desc(type);
    const char *n = d ? d->name : NULL;
    return n ? n : "(unnamed)";
}

/* A fresh image: the pattern everywhere, and for REL the addend in the field. */
static void fill(unsigned char want[IMG_SIZE], const struct d_row *r, uint64_t rel_addend) {
    for (unsigned i = 0; i < IMG_SIZE; i++)
        img[i] = pattern(i);
    if (!r->rela)
        h_wrn(img + PLACE, rel_addend, r->size);
    memcpy(want, img, IMG_SIZE);
}

static void run_row(const struct d_row *r) {
    unsigned char want[IMG_SIZE];
    uintptr_t B = base_of(), P = (uintptr_t)img + PLACE;
    uintptr_t S = (uintptr_t)r->S + (r->pcrel ? P : 0);
    int64_t A = r->A;
    int nosym = r->f == D_B_A || r->f == D_IFUNC || r->f == D_NOTHING;
    if (r->f == D_IFUNC)
        A = (int64_t)(((uintptr_t)resolver) - B);
    fill(want, r, (uint64_t)A);
    int rc = apply_one(r->type, S, A, r->rela, nosym, r->Z);
    uint64_t v = formula(r, S, (uintptr_t)A, P, B);
    if (rc == 0 && r->rc == 0 && r->f != D_NOTHING)
        h_wrn(want + PLACE, v, r->size);
    if (rc != r->rc || memcmp(img, want, IMG_SIZE) != 0) {
        print_error("%s (%s, %s): S %#llx A %lld P %#llx B %#llx: rc %d, want %d\n", r->what,
                    name_of(r->type), r->rela ? "RELA" : "REL", (unsigned long long)S,
                    (long long)A, (unsigned long long)P, (unsigned long long)B, rc, r->rc);
        for (unsigned i = 0; i < IMG_SIZE; i++)
            if (img[i] != want[i])
                print_error("  byte P%+d: 0x%02x, want 0x%02x\n", (int)i - PLACE, img[i], want[i]);
        fail();
    }
}

void d_run_rows(const struct d_row *rows, size_t n) {
    for (size_t i = 0; i < n; i++)
        run_row(&rows[i]);
}

void d_check_covered(const struct d_row *rows, size_t n) {
    int missing = 0;
    for (uint32_t t = 0; t < RELOC_TYPES_END; t++) {
        const struct elfld_reloc_desc *d = elfld__reloc_desc(t);
        if (!d)
            continue;
        /* TLS kinds need a module and a thread: test_tls loads libraries with them and runs
         * their code in threads (shared_object/test_tls.c) */
        if (!d->name || d->kind == ELFLD_RK_TLS || d->kind == ELFLD_RK_UNKNOWN ||
            d->kind >= ELFLD_RK_DTPMOD)
            continue;
        size_t i = 0;
        while (i < n && rows[i].type != t)
            i++;
        if (i == n) {
            print_error("type %u (%s) has no row\n", (unsigned)t, d->name);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

void d_check_refused(int rela) {
    for (uint32_t t = 0; t < RELOC_TYPES_END; t++) {
        const struct elfld_reloc_desc *d = elfld__reloc_desc(t);
        if (!d || !d->name || (d->kind != ELFLD_RK_TLS && d->kind != ELFLD_RK_UNKNOWN))
            continue;
        struct d_row r = {.what = "refused", .type = t, .size = 4, .f = D_NOTHING,
                          .rela = rela, .A = 0x10,
                          .rc = d->kind == ELFLD_RK_TLS ? ELFLD_ETLS : ELFLD_ERELTYPE};
        run_row(&r);
    }
}

/* ---------------------------------------------------------------- the program */
static const struct d_row *main_rows;
static size_t main_nrows;
static int main_rel;

static void test_formulas(void **state) {
    (void)state;
    d_run_rows(main_rows, main_nrows);
}

static void test_every_type_has_a_row(void **state) {
    (void)state;
    d_check_covered(main_rows, main_nrows);
}

static void test_refused(void **state) {
    (void)state;
    if (main_rel)
        d_check_refused(0);
    d_check_refused(1);
}

int d_main(const struct d_row *rows, size_t n, int rel) {
    main_rows = rows;
    main_nrows = n;
    main_rel = rel;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_every_type_has_a_row),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
