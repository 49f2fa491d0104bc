/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_obj.c (aarch64) - table-driven tests of the AArch64 object-relocation backend
 * (arch/aarch64/object.c).  Each row encodes an instruction (or data word) in a buffer, applies
 * one relocation with chosen P / S / A / G / GOT, decodes the field again and compares it with
 * the aaelf64 formula computed here independently (X = S + A, S + A - P, Page(S + A) - Page(P),
 * G - P ...), at the exact range limits: the last value that fits gives 0, the first that
 * does not gives ELFLD_ERANGE and leaves the place untouched.  Veneers are decoded, and on
 * AArch64 itself (this test runs natively or under qemu-aarch64) executed: code written into an
 * executable mapping calls a C function directly and through a veneer placed more than
 * 128 MiB away from it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "elfld.h"
#include "core/arch.h"
#include "harness.h"         /* tests/arch/common/ */
#include "reloc_types.h"     /* R_AARCH64_*, from the arch include directory */

#if defined(__aarch64__) && defined(__linux__)
#define CAN_EXECUTE 1
#else
#define CAN_EXECUTE 0
#endif


/* Base instructions (zero immediate; register fields set so preserved bits are visible). */
#define I_MOVZ(hw) (0xd2800003u | (uint32_t)(hw) << 21)   /* movz x3, #0, lsl #16*hw */
#define I_MOVK(hw) (0xf2800003u | (uint32_t)(hw) << 21)   /* movk x3, #0, lsl #16*hw */
#define I_MOVN(hw) (0x92800003u | (uint32_t)(hw) << 21)   /* movn x3, #0, lsl #16*hw */
#define I_ADRP 0x90000005u        /* adrp x5, . */
#define I_ADR 0x10000005u         /* adr  x5, . */
#define I_ADD 0x91000041u         /* add  x1, x2, #0 */
#define I_LDRB 0x39400041u        /* ldrb w1, [x2] */
#define I_LDRH 0x79400041u        /* ldrh w1, [x2] */
#define I_LDRW 0xb9400041u        /* ldr  w1, [x2] */
#define I_LDRX 0xf9400041u        /* ldr  x1, [x2] */
#define I_LDRQ 0x3dc00041u        /* ldr  q1, [x2] */
#define I_LDRLIT 0x58000001u      /* ldr  x1, . */
#define I_TBZ 0x36180001u         /* tbz  x1, #3, . */
#define I_BEQ 0x54000000u         /* b.eq . */
#define I_B 0x14000000u           /* b    . */
#define I_BL 0x94000000u          /* bl   . */

/* How to read the relocated field back, in the units of X. */
enum dec {
    D_D64, D_D32, D_D16,     /* data word (compared modulo its width) */
    D_MOV,                   /* imm16 = insn[20:5] (raw) */
    D_ADR,                   /* sext(immhi:immlo, 21) */
    D_ADRP,                  /* sext(immhi:immlo, 21) << 12 */
    D_LO12_0, D_LO12_1, D_LO12_2, D_LO12_3, D_LO12_4,  /* imm12 << scale */
    D_LIT19,                 /* sext(insn[23:5], 19) << 2 */
    D_TB14,                  /* sext(insn[18:5], 14) << 2 */
    D_B26,                   /* sext(insn[25:0], 26) << 2 */
    D_HI12,                  /* imm12 << 12 (ADD, LSL #12: the TLS HI12 forms) */
};

static uint64_t field_mask(enum dec d) {
    switch (d) {
    case D_D64: return ~(uint64_t)0;
    case D_D32: return 0xffffffffu;
    case D_D16: return 0xffffu;
    case D_MOV: return 0xffffu << 5;
    case D_ADR: case D_ADRP: return (3u << 29) | (0x7ffffu << 5);
    case D_LIT19: return 0x7ffffu << 5;
    case D_TB14: return 0x3fffu << 5;
    case D_B26: return 0x3ffffffu;
    default: return 0xfffu << 10;
    }
}

static int64_t decode(enum dec d, uint64_t w) {
    uint32_t i = (uint32_t)w;
    switch (d) {
    case D_D64: return (int64_t)w;
    case D_D32: return (int64_t)(w & 0xffffffffu);
    case D_D16: return (int64_t)(w & 0xffffu);
    case D_MOV: return (i >> 5) & 0xffff;
    case D_ADR: return h_sext(((i >> 5) & 0x7ffff) << 2 | ((i >> 29) & 3), 21);
    case D_ADRP: return h_sext(((i >> 5) & 0x7ffff) << 2 | ((i >> 29) & 3), 21) * 4096;
    case D_LIT19: return h_sext((i >> 5) & 0x7ffff, 19) * 4;
    case D_TB14: return h_sext((i >> 5) & 0x3fff, 14) * 4;
    case D_B26: return h_sext(i & 0x3ffffff, 26) * 4;
    case D_HI12: return (int64_t)((i >> 10) & 0xfff) << 12;
    default: return (int64_t)((i >> 10) & 0xfff) << (d - D_LO12_0);
    }
}

static unsigned width(enum dec d) { return d == D_D64 ? 8 : d == D_D16 ? 2 : 4; }

struct row {
    const char *what;
    uint32_t type;
    uint64_t insn;          /* initial contents */
    uint64_t P, S;
    int64_t A;
    uint64_t G, GOT;
    int rc;                 /* expected result */
    enum dec dec;
    int64_t expect;         /* decoded field, modulo the field's width for data */
    int opc;                /* D_MOV: -1 any, 0 = MOVN, 1 = MOVZ/MOVK (insn[30]) */
};

#define P0 0x0000004000001000ull    /* a place: page-aligned, 256 GiB up */
#define GOT0 0x0000004000200000ull
#define PG(x) ((x) & ~0xfffull)
#define ER ELFLD_ERANGE
/* A data row at P0 whose expected field is the formula's value from the row's own S and A */
#define SPLUSA(S, A) ((uint64_t)(S) + (uint64_t)(int64_t)(A))
#define ABS(what, type, S, A, rc, dec) \
    {what, type, 0, P0, (uint64_t)(S), A, 0, 0, rc, dec, (int64_t)SPLUSA(S, A), -1}
#define PREL(what, type, S, A, rc, dec) \
    {what, type, 0, P0, (uint64_t)(S), A, 0, 0, rc, dec, (int64_t)(SPLUSA(S, A) - P0), -1}
#define GOTREL(what, type, S, A, rc, dec) \
    {what, type, 0, P0, (uint64_t)(S), A, 0, GOT0, rc, dec, (int64_t)(SPLUSA(S, A) - GOT0), -1}

static const struct row rows[] = {
    /* ---- Static Data relocations */
    {"ABS64", R_AARCH64_ABS64, 0, P0, 0x123456789abcdef0ull, 0x10, 0, 0, 0, D_D64, 0x123456789abcdf00ll, -1},
    {"ABS32 max (2^32-1)", R_AARCH64_ABS32, 0, P0, 0xfffffff0u, 0xf, 0, 0, 0, D_D32, 0xffffffffll, -1},
    {"ABS32 2^32", R_AARCH64_ABS32, 0, P0, 0xfffffff0u, 0x10, 0, 0, ER, D_D32, 0, -1},
    {"ABS32 min (-2^31)", R_AARCH64_ABS32, 0, P0, 0, -0x80000000ll, 0, 0, 0, D_D32, 0x80000000ll, -1},
    {"ABS32 -2^31-1", R_AARCH64_ABS32, 0, P0, 0, -0x80000001ll, 0, 0, ER, D_D32, 0, -1},
    {"ABS16 max", R_AARCH64_ABS16, 0, P0, 0xffff, 0, 0, 0, 0, D_D16, 0xffff, -1},
    {"ABS16 2^16", R_AARCH64_ABS16, 0, P0, 0x10000, 0, 0, 0, ER, D_D16, 0, -1},
    {"ABS16 -2^15", R_AARCH64_ABS16, 0, P0, 0, -0x8000, 0, 0, 0, D_D16, 0x8000, -1},
    {"ABS16 -2^15-1", R_AARCH64_ABS16, 0, P0, 0, -0x8001, 0, 0, ER, D_D16, 0, -1},
    {"PREL64", R_AARCH64_PREL64, 0, P0, 0x10, 4, 0, 0, 0, D_D64, (int64_t)(0x14 - P0), -1},
    {"PREL32 max", R_AARCH64_PREL32, 0, P0, P0 + 0x7fffffff, 0, 0, 0, 0, D_D32, 0x7fffffff, -1},
    {"PREL32 2^31", R_AARCH64_PREL32, 0, P0, P0 + 0x80000000ull, 0, 0, 0, ER, D_D32, 0, -1},
    {"PREL32 -2^31", R_AARCH64_PREL32, 0, P0, P0 - 0x80000000ull, 0, 0, 0, 0, D_D32, 0x80000000ll, -1},
    {"PREL32 -2^31-1", R_AARCH64_PREL32, 0, P0, P0 - 0x80000001ull, 0, 0, 0, ER, D_D32, 0, -1},
    {"PREL16 max", R_AARCH64_PREL16, 0, P0, P0 + 0x7fff, 0, 0, 0, 0, D_D16, 0x7fff, -1},
    {"PREL16 2^15", R_AARCH64_PREL16, 0, P0, P0 + 0x8000, 0, 0, 0, ER, D_D16, 0, -1},
    {"PREL16 -2^15", R_AARCH64_PREL16, 0, P0, P0 - 0x8000, 0, 0, 0, 0, D_D16, 0x8000, -1},
    {"PREL16 -2^15-1", R_AARCH64_PREL16, 0, P0, P0 - 0x8001, 0, 0, 0, ER, D_D16, 0, -1},
    {"PLT32 in range", R_AARCH64_PLT32, 0, P0, P0 - 0x100, 8, 0, 0, 0, D_D32, 0xffffff08ll, -1},
    {"PLT32 out of range, no stub", R_AARCH64_PLT32, 0, P0, P0 + 0x80000000ull, 0, 0, 0, ER, D_D32, 0, -1},
    /* Addends of both signs, limits included, the expected field from the formula itself
     * (ABS: S + A, PREL: S + A - P, GOTREL: S + A - GOT): an addend taken with the wrong sign
     * is off by 2A */
    ABS("ABS64 -A", R_AARCH64_ABS64, 0x123456789abcdef0ull, -0x123456789ll, 0, D_D64),
    ABS("ABS32 +A", R_AARCH64_ABS32, 0x80001000u, 0x234, 0, D_D32),
    ABS("ABS32 -A", R_AARCH64_ABS32, 0x80001000u, -0x1000, 0, D_D32),
    ABS("ABS32 max -A", R_AARCH64_ABS32, 0x100000010ull, -0x11, 0, D_D32),
    ABS("ABS32 2^32 -A", R_AARCH64_ABS32, 0x100000010ull, -0x10, ER, D_D32),
    ABS("ABS32 min +A", R_AARCH64_ABS32, -0x80000010ll, 0x10, 0, D_D32),
    ABS("ABS32 -2^31-1 +A", R_AARCH64_ABS32, -0x80000011ll, 0x10, ER, D_D32),
    ABS("ABS16 +A", R_AARCH64_ABS16, 0x1000, 0x234, 0, D_D16),
    ABS("ABS16 -A", R_AARCH64_ABS16, 0x2000, -0xdcc, 0, D_D16),
    ABS("ABS16 max +A", R_AARCH64_ABS16, 0xfff0, 0xf, 0, D_D16),
    ABS("ABS16 2^16 +A", R_AARCH64_ABS16, 0xfff0, 0x10, ER, D_D16),
    ABS("ABS16 max -A", R_AARCH64_ABS16, 0x10010, -0x11, 0, D_D16),
    ABS("ABS16 2^16 -A", R_AARCH64_ABS16, 0x10010, -0x10, ER, D_D16),
    ABS("ABS16 -2^15 +A", R_AARCH64_ABS16, -0x8010ll, 0x10, 0, D_D16),
    ABS("ABS16 -2^15-1 +A", R_AARCH64_ABS16, -0x8011ll, 0x10, ER, D_D16),
    PREL("PREL64 -A", R_AARCH64_PREL64, P0 + 0x123456789ull, -0x10, 0, D_D64),
    PREL("PREL64 +A", R_AARCH64_PREL64, P0 - 0x123456789ull, 0x10, 0, D_D64),
    PREL("PREL32 +A", R_AARCH64_PREL32, P0 + 0x1000, 0x20, 0, D_D32),
    PREL("PREL32 -A", R_AARCH64_PREL32, P0 - 0x1000, -0x20, 0, D_D32),
    PREL("PREL32 max +A", R_AARCH64_PREL32, P0 + 0x7fffffefull, 0x10, 0, D_D32),
    PREL("PREL32 2^31 +A", R_AARCH64_PREL32, P0 + 0x7ffffff0ull, 0x10, ER, D_D32),
    PREL("PREL32 max -A", R_AARCH64_PREL32, P0 + 0x8000000full, -0x10, 0, D_D32),
    PREL("PREL32 2^31 -A", R_AARCH64_PREL32, P0 + 0x80000010ull, -0x10, ER, D_D32),
    PREL("PREL32 -2^31 -A", R_AARCH64_PREL32, P0 - 0x7ffffff0ull, -0x10, 0, D_D32),
    PREL("PREL32 -2^31-1 -A", R_AARCH64_PREL32, P0 - 0x7ffffff1ull, -0x10, ER, D_D32),
    PREL("PREL32 -2^31 +A", R_AARCH64_PREL32, P0 - 0x80000010ull, 0x10, 0, D_D32),
    PREL("PREL32 -2^31-1 +A", R_AARCH64_PREL32, P0 - 0x80000011ull, 0x10, ER, D_D32),
    PREL("PREL16 +A", R_AARCH64_PREL16, P0 + 0x100, 0x20, 0, D_D16),
    PREL("PREL16 -A", R_AARCH64_PREL16, P0 - 0x100, -0x20, 0, D_D16),
    PREL("PREL16 max +A", R_AARCH64_PREL16, P0 + 0x7fef, 0x10, 0, D_D16),
    PREL("PREL16 2^15 +A", R_AARCH64_PREL16, P0 + 0x7ff0, 0x10, ER, D_D16),
    PREL("PREL16 max -A", R_AARCH64_PREL16, P0 + 0x800f, -0x10, 0, D_D16),
    PREL("PREL16 2^15 -A", R_AARCH64_PREL16, P0 + 0x8010, -0x10, ER, D_D16),
    PREL("PREL16 -2^15 -A", R_AARCH64_PREL16, P0 - 0x7ff0, -0x10, 0, D_D16),
    PREL("PREL16 -2^15-1 -A", R_AARCH64_PREL16, P0 - 0x7ff1, -0x10, ER, D_D16),
    PREL("PREL16 -2^15 +A", R_AARCH64_PREL16, P0 - 0x8010, 0x10, 0, D_D16),
    PREL("PREL16 -2^15-1 +A", R_AARCH64_PREL16, P0 - 0x8011, 0x10, ER, D_D16),
    PREL("PLT32 -A", R_AARCH64_PLT32, P0 + 0x100, -4, 0, D_D32),
    PREL("PLT32 max -A", R_AARCH64_PLT32, P0 + 0x80000003ull, -4, 0, D_D32),
    GOTREL("GOTREL64 -A", R_AARCH64_GOTREL64, GOT0 + 0x20, -0x28, 0, D_D64),
    GOTREL("GOTREL32 +A", R_AARCH64_GOTREL32, GOT0 - 0x100, 0x18, 0, D_D32),
    GOTREL("GOTREL32 -A", R_AARCH64_GOTREL32, GOT0 + 0x100, -0x18, 0, D_D32),
    GOTREL("GOTREL32 max -A", R_AARCH64_GOTREL32, GOT0 + 0x8000000full, -0x10, 0, D_D32),
    GOTREL("GOTREL32 2^31 -A", R_AARCH64_GOTREL32, GOT0 + 0x80000010ull, -0x10, ER, D_D32),
    GOTREL("GOTREL32 -2^31-1 +A", R_AARCH64_GOTREL32, GOT0 - 0x80000011ull, 0x10, ER, D_D32),
    {"GOTREL64", R_AARCH64_GOTREL64, 0, P0, GOT0 - 0x20, 4, 0, GOT0, 0, D_D64, -0x1c, -1},
    {"GOTREL32 -2^31", R_AARCH64_GOTREL32, 0, P0, GOT0 - 0x80000000ull, 0, 0, GOT0, 0, D_D32, 0x80000000ll, -1},
    {"GOTREL32 2^31", R_AARCH64_GOTREL32, 0, P0, GOT0 + 0x80000000ull, 0, 0, GOT0, ER, D_D32, 0, -1},
    {"GOTPCREL32", R_AARCH64_GOTPCREL32, 0, P0, 0x1234, 4, GOT0 + 8, GOT0, 0, D_D32,
     (int64_t)(GOT0 + 12 - P0), -1},
    {"GOTPCREL32 2^31", R_AARCH64_GOTPCREL32, 0, P0, 0, 0, P0 + 0x80000000ull, GOT0, ER, D_D32, 0, -1},

    /* ---- MOVW unsigned absolute: field X[16n+15:16n], check 0 <= X < 2^(16(n+1)) */
    {"UABS_G0 max", R_AARCH64_MOVW_UABS_G0, I_MOVZ(0), P0, 0xfff0, 0xf, 0, 0, 0, D_MOV, 0xffff, 1},
    {"UABS_G0 2^16", R_AARCH64_MOVW_UABS_G0, I_MOVZ(0), P0, 0x10000, 0, 0, 0, ER, D_MOV, 0, 1},
    {"UABS_G0 -1", R_AARCH64_MOVW_UABS_G0, I_MOVZ(0), P0, 0, -1, 0, 0, ER, D_MOV, 0, 1},
    {"UABS_G0_NC", R_AARCH64_MOVW_UABS_G0_NC, I_MOVK(0), P0, 0x123456789abcdef0ull, 1, 0, 0, 0, D_MOV, 0xdef1, 1},
    {"UABS_G1 max", R_AARCH64_MOVW_UABS_G1, I_MOVZ(1), P0, 0xffffffffull, 0, 0, 0, 0, D_MOV, 0xffff, 1},
    {"UABS_G1 2^32", R_AARCH64_MOVW_UABS_G1, I_MOVZ(1), P0, 0x100000000ull, 0, 0, 0, ER, D_MOV, 0, 1},
    {"UABS_G1_NC", R_AARCH64_MOVW_UABS_G1_NC, I_MOVK(1), P0, 0x123456789abcdef0ull, 0, 0, 0, 0, D_MOV, 0x9abc, 1},
    {"UABS_G2 max", R_AARCH64_MOVW_UABS_G2, I_MOVZ(2), P0, 0xffffffffffffull, 0, 0, 0, 0, D_MOV, 0xffff, 1},
    {"UABS_G2 2^48", R_AARCH64_MOVW_UABS_G2, I_MOVZ(2), P0, 0x1000000000000ull, 0, 0, 0, ER, D_MOV, 0, 1},
    {"UABS_G2_NC", R_AARCH64_MOVW_UABS_G2_NC, I_MOVK(2), P0, 0x123456789abcdef0ull, 0, 0, 0, 0, D_MOV, 0x5678, 1},
    {"UABS_G3", R_AARCH64_MOVW_UABS_G3, I_MOVK(3), P0, 0xfedcba9876543210ull, 0, 0, 0, 0, D_MOV, 0xfedc, 1},
    /* ---- MOVW signed absolute: MOVZ for X >= 0, MOVN with NOT(field) for X < 0 */
    {"SABS_G0 max", R_AARCH64_MOVW_SABS_G0, I_MOVZ(0), P0, 0xffff, 0, 0, 0, 0, D_MOV, 0xffff, 1},
    {"SABS_G0 2^16", R_AARCH64_MOVW_SABS_G0, I_MOVZ(0), P0, 0x10000, 0, 0, 0, ER, D_MOV, 0, 1},
    {"SABS_G0 -1 (movn #0)", R_AARCH64_MOVW_SABS_G0, I_MOVZ(0), P0, 0, -1, 0, 0, 0, D_MOV, 0, 0},
    {"SABS_G0 -2^16", R_AARCH64_MOVW_SABS_G0, I_MOVZ(0), P0, 0, -0x10000, 0, 0, 0, D_MOV, 0xffff, 0},
    {"SABS_G0 -2^16-1", R_AARCH64_MOVW_SABS_G0, I_MOVZ(0), P0, 0, -0x10001, 0, 0, ER, D_MOV, 0, 0},
    {"SABS_G1 -0x12345678", R_AARCH64_MOVW_SABS_G1, I_MOVZ(1), P0, 0, -0x12345678, 0, 0, 0, D_MOV,
     (~(-0x12345678ll) >> 16) & 0xffff, 0},
    {"SABS_G1 2^32", R_AARCH64_MOVW_SABS_G1, I_MOVZ(1), P0, 0x100000000ull, 0, 0, 0, ER, D_MOV, 0, 1},
    {"SABS_G2 max", R_AARCH64_MOVW_SABS_G2, I_MOVN(2), P0, 0xffffffffffffull, 0, 0, 0, 0, D_MOV, 0xffff, 1},
    {"SABS_G2 -2^48-1", R_AARCH64_MOVW_SABS_G2, I_MOVZ(2), P0, 0, -0x1000000000001ll, 0, 0, ER, D_MOV, 0, 0},
    /* ---- MOVW PC-relative */
    {"PREL_G0 -0x100", R_AARCH64_MOVW_PREL_G0, I_MOVZ(0), P0, P0 - 0x100, 0, 0, 0, 0, D_MOV, 0xff, 0},
    {"PREL_G0 2^16", R_AARCH64_MOVW_PREL_G0, I_MOVZ(0), P0, P0 + 0x10000, 0, 0, 0, ER, D_MOV, 0, 1},
    {"PREL_G0_NC", R_AARCH64_MOVW_PREL_G0_NC, I_MOVK(0), P0, P0 + 0x123456, 0, 0, 0, 0, D_MOV, 0x3456, 1},
    {"PREL_G1 2^32-1", R_AARCH64_MOVW_PREL_G1, I_MOVZ(1), P0, P0 + 0xffffffffull, 0, 0, 0, 0, D_MOV, 0xffff, 1},
    {"PREL_G1 -2^32-1", R_AARCH64_MOVW_PREL_G1, I_MOVZ(1), P0, P0 - 0x100000001ull, 0, 0, 0, ER, D_MOV, 0, 0},
    {"PREL_G1_NC", R_AARCH64_MOVW_PREL_G1_NC, I_MOVK(1), P0, P0 + 0x123456, 0, 0, 0, 0, D_MOV, 0x12, 1},
    {"PREL_G2", R_AARCH64_MOVW_PREL_G2, I_MOVZ(2), P0, P0 + 0x123400000000ull, 0, 0, 0, 0, D_MOV, 0x1234, 1},
    {"PREL_G2_NC", R_AARCH64_MOVW_PREL_G2_NC, I_MOVK(2), P0, P0 - 1, 0, 0, 0, 0, D_MOV, 0xffff, 1},
    {"PREL_G3 negative", R_AARCH64_MOVW_PREL_G3, I_MOVZ(3), P0, P0 - 0x1000000000000ull, 0, 0, 0, 0, D_MOV,
     0x0000, 0},
    /* ---- MOVW GOT-relative: X = G - GOT */
    {"GOTOFF_G0", R_AARCH64_MOVW_GOTOFF_G0, I_MOVZ(0), P0, 0, 0, GOT0 + 0x88, GOT0, 0, D_MOV, 0x88, 1},
    {"GOTOFF_G0 2^16", R_AARCH64_MOVW_GOTOFF_G0, I_MOVZ(0), P0, 0, 0, GOT0 + 0x10000, GOT0, ER, D_MOV, 0, 1},
    {"GOTOFF_G0_NC", R_AARCH64_MOVW_GOTOFF_G0_NC, I_MOVK(0), P0, 0, 0, GOT0 + 0x12340, GOT0, 0, D_MOV, 0x2340, 1},
    {"GOTOFF_G1", R_AARCH64_MOVW_GOTOFF_G1, I_MOVZ(1), P0, 0, 0, GOT0 + 0x12340, GOT0, 0, D_MOV, 1, 1},
    {"GOTOFF_G1_NC", R_AARCH64_MOVW_GOTOFF_G1_NC, I_MOVK(1), P0, 0, 0, GOT0 + 0x12340, GOT0, 0, D_MOV, 1, 1},
    {"GOTOFF_G2", R_AARCH64_MOVW_GOTOFF_G2, I_MOVZ(2), P0, 0, 0, GOT0 + 8, GOT0, 0, D_MOV, 0, 1},
    {"GOTOFF_G2_NC", R_AARCH64_MOVW_GOTOFF_G2_NC, I_MOVK(2), P0, 0, 0, GOT0 + 8, GOT0, 0, D_MOV, 0, 1},
    {"GOTOFF_G3", R_AARCH64_MOVW_GOTOFF_G3, I_MOVZ(3), P0, 0, 0, GOT0 + 8, GOT0, 0, D_MOV, 0, 1},

    /* ---- PC-relative addresses */
    {"LD_PREL_LO19 max", R_AARCH64_LD_PREL_LO19, I_LDRLIT, P0, P0 + 0xffffc, 0, 0, 0, 0, D_LIT19, 0xffffc, -1},
    {"LD_PREL_LO19 2^20", R_AARCH64_LD_PREL_LO19, I_LDRLIT, P0, P0 + 0x100000, 0, 0, 0, ER, D_LIT19, 0, -1},
    {"LD_PREL_LO19 -2^20", R_AARCH64_LD_PREL_LO19, I_LDRLIT, P0, P0 - 0x100000, 0, 0, 0, 0, D_LIT19, -0x100000, -1},
    {"LD_PREL_LO19 -2^20-4", R_AARCH64_LD_PREL_LO19, I_LDRLIT, P0, P0 - 0x100004, 0, 0, 0, ER, D_LIT19, 0, -1},
    {"LD_PREL_LO19 misaligned", R_AARCH64_LD_PREL_LO19, I_LDRLIT, P0, P0 + 2, 0, 0, 0, ER, D_LIT19, 0, -1},
    {"ADR_PREL_LO21 max", R_AARCH64_ADR_PREL_LO21, I_ADR, P0, P0 + 0xfffff, 0, 0, 0, 0, D_ADR, 0xfffff, -1},
    {"ADR_PREL_LO21 2^20", R_AARCH64_ADR_PREL_LO21, I_ADR, P0, P0 + 0x100000, 0, 0, 0, ER, D_ADR, 0, -1},
    {"ADR_PREL_LO21 -2^20", R_AARCH64_ADR_PREL_LO21, I_ADR, P0, P0 - 0x100000, 0, 0, 0, 0, D_ADR, -0x100000, -1},
    {"ADR_PREL_LO21 -2^20-1", R_AARCH64_ADR_PREL_LO21, I_ADR, P0, P0 - 0x100001, 0, 0, 0, ER, D_ADR, 0, -1},
    {"ADR_PREL_PG_HI21", R_AARCH64_ADR_PREL_PG_HI21, I_ADRP, P0 + 0x123, 0x4012345678ull, 0x999, 0, 0, 0,
     D_ADRP, (int64_t)(PG(0x4012345678ull + 0x999) - PG(P0 + 0x123)), -1},
    {"ADR_PREL_PG_HI21 max", R_AARCH64_ADR_PREL_PG_HI21, I_ADRP, P0 + 4, PG(P0) + 0xffffffffull, 0, 0, 0, 0,
     D_ADRP, 0xfffff000ll, -1},
    {"ADR_PREL_PG_HI21 2^32", R_AARCH64_ADR_PREL_PG_HI21, I_ADRP, P0 + 4, PG(P0) + 0x100000000ull, 0, 0, 0, ER,
     D_ADRP, 0, -1},
    {"ADR_PREL_PG_HI21 -2^32", R_AARCH64_ADR_PREL_PG_HI21, I_ADRP, P0 + 4, PG(P0) - 0x100000000ull, 0, 0, 0, 0,
     D_ADRP, -0x100000000ll, -1},
    {"ADR_PREL_PG_HI21 -2^32-1", R_AARCH64_ADR_PREL_PG_HI21, I_ADRP, P0 + 4, PG(P0) - 0x100000001ull, 0, 0, 0,
     ER, D_ADRP, 0, -1},
    {"ADR_PREL_PG_HI21_NC wraps", R_AARCH64_ADR_PREL_PG_HI21_NC, I_ADRP, P0, PG(P0) + 0x200001000ull, 0, 0, 0,
     0, D_ADRP, 0x1000, -1},
    {"ADD_ABS_LO12_NC", R_AARCH64_ADD_ABS_LO12_NC, I_ADD, P0, 0x4512345678ull, 0x999, 0, 0, 0, D_LO12_0,
     (0x4512345678ll + 0x999) & 0xfff, -1},
    {"LDST8", R_AARCH64_LDST8_ABS_LO12_NC, I_LDRB, P0, 0x12345fff, 0, 0, 0, 0, D_LO12_0, 0xfff, -1},
    {"LDST16", R_AARCH64_LDST16_ABS_LO12_NC, I_LDRH, P0, 0x12345ffe, 0, 0, 0, 0, D_LO12_1, 0xffe, -1},
    {"LDST16 misaligned", R_AARCH64_LDST16_ABS_LO12_NC, I_LDRH, P0, 0x12345ffd, 0, 0, 0, ER, D_LO12_1, 0, -1},
    {"LDST32", R_AARCH64_LDST32_ABS_LO12_NC, I_LDRW, P0, 0x12345ff0, 0xc, 0, 0, 0, D_LO12_2, 0xffc, -1},
    {"LDST32 misaligned", R_AARCH64_LDST32_ABS_LO12_NC, I_LDRW, P0, 0x12345ff2, 0, 0, 0, ER, D_LO12_2, 0, -1},
    {"LDST64", R_AARCH64_LDST64_ABS_LO12_NC, I_LDRX, P0, 0x12345ff8, 0, 0, 0, 0, D_LO12_3, 0xff8, -1},
    {"LDST64 misaligned", R_AARCH64_LDST64_ABS_LO12_NC, I_LDRX, P0, 0x12345ffc, 0, 0, 0, ER, D_LO12_3, 0, -1},
    {"LDST128", R_AARCH64_LDST128_ABS_LO12_NC, I_LDRQ, P0, 0x12345ff0, 0, 0, 0, 0, D_LO12_4, 0xff0, -1},
    {"LDST128 misaligned", R_AARCH64_LDST128_ABS_LO12_NC, I_LDRQ, P0, 0x12345ff8, 0, 0, 0, ER, D_LO12_4, 0, -1},

    /* ---- control flow (no veneer: stub NULL) */
    {"TSTBR14 max", R_AARCH64_TSTBR14, I_TBZ, P0, P0 + 0x7ffc, 0, 0, 0, 0, D_TB14, 0x7ffc, -1},
    {"TSTBR14 2^15", R_AARCH64_TSTBR14, I_TBZ, P0, P0 + 0x8000, 0, 0, 0, ER, D_TB14, 0, -1},
    {"TSTBR14 -2^15", R_AARCH64_TSTBR14, I_TBZ, P0, P0 - 0x8000, 0, 0, 0, 0, D_TB14, -0x8000, -1},
    {"TSTBR14 -2^15-4", R_AARCH64_TSTBR14, I_TBZ, P0, P0 - 0x8004, 0, 0, 0, ER, D_TB14, 0, -1},
    {"CONDBR19 max", R_AARCH64_CONDBR19, I_BEQ, P0, P0 + 0xffffc, 0, 0, 0, 0, D_LIT19, 0xffffc, -1},
    {"CONDBR19 2^20", R_AARCH64_CONDBR19, I_BEQ, P0, P0 + 0x100000, 0, 0, 0, ER, D_LIT19, 0, -1},
    {"CONDBR19 -2^20", R_AARCH64_CONDBR19, I_BEQ, P0, P0 - 0x100000, 0, 0, 0, 0, D_LIT19, -0x100000, -1},
    {"CONDBR19 -2^20-4", R_AARCH64_CONDBR19, I_BEQ, P0, P0 - 0x100004, 0, 0, 0, ER, D_LIT19, 0, -1},
    {"JUMP26 max", R_AARCH64_JUMP26, I_B, P0, P0 + 0x7fffffc, 0, 0, 0, 0, D_B26, 0x7fffffc, -1},
    {"JUMP26 2^27", R_AARCH64_JUMP26, I_B, P0, P0 + 0x8000000, 0, 0, 0, ER, D_B26, 0, -1},
    {"CALL26 -2^27", R_AARCH64_CALL26, I_BL, P0 + 0x10000000, P0 + 0x8000000, 0, 0, 0, 0, D_B26, -0x8000000, -1},
    {"CALL26 -2^27-4", R_AARCH64_CALL26, I_BL, P0 + 0x10000000, P0 + 0x7fffffc, 0, 0, 0, ER, D_B26, 0, -1},
    {"CALL26 addend", R_AARCH64_CALL26, I_BL, P0, P0 + 0x1000, 0x40, 0, 0, 0, D_B26, 0x1040, -1},
    {"CALL26 misaligned", R_AARCH64_CALL26, I_BL, P0, P0 + 0x1002, 0, 0, 0, ER, D_B26, 0, -1},

    /* ---- GOT-relative instructions (G = the slot's address) */
    {"GOT_LD_PREL19 max", R_AARCH64_GOT_LD_PREL19, I_LDRLIT, P0, 0, 0, P0 + 0xffffc, GOT0, 0, D_LIT19, 0xffffc, -1},
    {"GOT_LD_PREL19 2^20", R_AARCH64_GOT_LD_PREL19, I_LDRLIT, P0, 0, 0, P0 + 0x100000, GOT0, ER, D_LIT19, 0, -1},
    {"GOT_LD_PREL19 -2^20", R_AARCH64_GOT_LD_PREL19, I_LDRLIT, P0, 0, 0, P0 - 0x100000, GOT0, 0, D_LIT19, -0x100000, -1},
    {"GOT_LD_PREL19 -2^20-4", R_AARCH64_GOT_LD_PREL19, I_LDRLIT, P0, 0, 0, P0 - 0x100004, GOT0, ER, D_LIT19, 0, -1},
    {"ADR_GOT_PAGE", R_AARCH64_ADR_GOT_PAGE, I_ADRP, P0 + 0x10, 0x1234, 0, GOT0 + 0x18, GOT0, 0, D_ADRP,
     (int64_t)(PG(GOT0 + 0x18) - PG(P0)), -1},
    {"ADR_GOT_PAGE max", R_AARCH64_ADR_GOT_PAGE, I_ADRP, P0, 0, 0, PG(P0) + 0xfffff000ull, GOT0, 0, D_ADRP, 0xfffff000ll, -1},
    {"ADR_GOT_PAGE 2^32", R_AARCH64_ADR_GOT_PAGE, I_ADRP, P0, 0, 0, PG(P0) + 0x100000000ull, GOT0, ER, D_ADRP, 0, -1},
    {"ADR_GOT_PAGE -2^32-4096", R_AARCH64_ADR_GOT_PAGE, I_ADRP, P0, 0, 0, PG(P0) - 0x100001000ull, GOT0, ER, D_ADRP, 0, -1},
    {"LD64_GOT_LO12_NC", R_AARCH64_LD64_GOT_LO12_NC, I_LDRX, P0, 0, 0, GOT0 + 0xff8, GOT0, 0, D_LO12_3, 0xff8, -1},
    {"LD64_GOT_LO12_NC misaligned", R_AARCH64_LD64_GOT_LO12_NC, I_LDRX, P0, 0, 0, GOT0 + 0xff4, GOT0, ER, D_LO12_3, 0, -1},
    {"LD64_GOTPAGE_LO15 max", R_AARCH64_LD64_GOTPAGE_LO15, I_LDRX, P0, 0, 0, GOT0 + 0x7ff8, GOT0 + 0x10, 0,
     D_LO12_3, 0x7ff8, -1},
    {"LD64_GOTPAGE_LO15 2^15", R_AARCH64_LD64_GOTPAGE_LO15, I_LDRX, P0, 0, 0, GOT0 + 0x8000, GOT0 + 0x10, ER,
     D_LO12_3, 0, -1},
    {"LD64_GOTPAGE_LO15 below page", R_AARCH64_LD64_GOTPAGE_LO15, I_LDRX, P0, 0, 0, GOT0 - 8, GOT0, ER,
     D_LO12_3, 0, -1},
    {"LD64_GOTOFF_LO15", R_AARCH64_LD64_GOTOFF_LO15, I_LDRX, P0, 0, 0, GOT0 + 0x7ff8 + 0x10, GOT0 + 0x10, 0,
     D_LO12_3, 0x7ff8, -1},
    {"LD64_GOTOFF_LO15 misaligned", R_AARCH64_LD64_GOTOFF_LO15, I_LDRX, P0, 0, 0, GOT0 + 0x14, GOT0, ER,
     D_LO12_3, 0, -1},

    /* ---- thread-local storage: G the model's GOT entry, S the DTP- or TP-relative offset */
    {"TLSGD_ADR_PAGE21", R_AARCH64_TLSGD_ADR_PAGE21, I_ADRP, P0 + 0x10, 0x40, 0, GOT0 + 0x18, GOT0, 0,
     D_ADRP, (int64_t)(PG(GOT0 + 0x18) - PG(P0)), -1},
    {"TLSGD_ADR_PAGE21 2^32", R_AARCH64_TLSGD_ADR_PAGE21, I_ADRP, P0, 0x40, 0, PG(P0) + 0x100000000ull, GOT0,
     ER, D_ADRP, 0, -1},
    {"TLSGD_ADD_LO12_NC", R_AARCH64_TLSGD_ADD_LO12_NC, I_ADD, P0, 0x40, 0, GOT0 + 0x7f8, GOT0, 0, D_LO12_0,
     0x7f8, -1},
    {"TLSIE_ADR_GOTTPREL_PAGE21", R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, I_ADRP, P0, 0x40, 0,
     PG(P0) - 0x100000000ull, GOT0, 0, D_ADRP, -0x100000000ll, -1},
    {"TLSIE_ADR_GOTTPREL_PAGE21 -2^32-4096", R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, I_ADRP, P0, 0x40, 0,
     PG(P0) - 0x100001000ull, GOT0, ER, D_ADRP, 0, -1},
    {"TLSIE_LD64_GOTTPREL_LO12_NC", R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, I_LDRX, P0, 0x40, 0,
     GOT0 + 0xff8, GOT0, 0, D_LO12_3, 0xff8, -1},
    {"TLSIE_LD64_GOTTPREL_LO12_NC misaligned", R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, I_LDRX, P0, 0x40, 0,
     GOT0 + 0xff4, GOT0, ER, D_LO12_3, 0, -1},
    {"TLSDESC_ADR_PAGE21", R_AARCH64_TLSDESC_ADR_PAGE21, I_ADRP, P0 + 0x10, 0x40, 0, GOT0 + 0x1000, GOT0, 0,
     D_ADRP, (int64_t)(PG(GOT0 + 0x1000) - PG(P0)), -1},
    {"TLSDESC_ADR_PAGE21 2^32", R_AARCH64_TLSDESC_ADR_PAGE21, I_ADRP, P0, 0x40, 0, PG(P0) + 0x100000000ull,
     GOT0, ER, D_ADRP, 0, -1},
    {"TLSDESC_LD64_LO12", R_AARCH64_TLSDESC_LD64_LO12, I_LDRX, P0, 0x40, 0, GOT0 + 0x7f0, GOT0, 0,
     D_LO12_3, 0x7f0, -1},
    {"TLSDESC_LD64_LO12 misaligned", R_AARCH64_TLSDESC_LD64_LO12, I_LDRX, P0, 0x40, 0, GOT0 + 0x7f4, GOT0,
     ER, D_LO12_3, 0, -1},
    {"TLSDESC_ADD_LO12", R_AARCH64_TLSDESC_ADD_LO12, I_ADD, P0, 0x40, 0, GOT0 + 0x7f0, GOT0, 0, D_LO12_0,
     0x7f0, -1},
    {"TLSLD_ADD_DTPREL_HI12", R_AARCH64_TLSLD_ADD_DTPREL_HI12, I_ADD, P0, 0x123456, 0x10, 0, 0, 0, D_HI12,
     0x123000, -1},
    {"TLSLD_ADD_DTPREL_HI12 2^24", R_AARCH64_TLSLD_ADD_DTPREL_HI12, I_ADD, P0, 0xfffff0, 0x10, 0, 0, ER,
     D_HI12, 0, -1},
    {"TLSLD_ADD_DTPREL_LO12_NC", R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC, I_ADD, P0, 0x1123456, 0x10, 0, 0, 0,
     D_LO12_0, 0x466, -1},
    {"TLSLE_ADD_TPREL_HI12 max", R_AARCH64_TLSLE_ADD_TPREL_HI12, I_ADD, P0, 0xfffff0, 0xf, 0, 0, 0, D_HI12,
     0xfff000, -1},
    {"TLSLE_ADD_TPREL_HI12 2^24", R_AARCH64_TLSLE_ADD_TPREL_HI12, I_ADD, P0, 0x1000000, 0, 0, 0, ER, D_HI12,
     0, -1},
    {"TLSLE_ADD_TPREL_LO12_NC", R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, I_ADD, P0, 0x1234567, 0x10, 0, 0, 0,
     D_LO12_0, 0x577, -1},
    {"TLSLE_MOVW_TPREL_G1", R_AARCH64_TLSLE_MOVW_TPREL_G1, I_MOVZ(1), P0, 0x12345678, 0, 0, 0, 0, D_MOV,
     0x1234, 1},
    {"TLSLE_MOVW_TPREL_G1 2^32", R_AARCH64_TLSLE_MOVW_TPREL_G1, I_MOVZ(1), P0, 0x100000000ull, 0, 0, 0, ER,
     D_MOV, 0, 1},
    {"TLSLE_MOVW_TPREL_G0_NC", R_AARCH64_TLSLE_MOVW_TPREL_G0_NC, I_MOVK(0), P0, 0x12345678, 0x10, 0, 0, 0,
     D_MOV, 0x5688, 1},
};

static void test_rows(void **state) {
    (void)state;
    size_t n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        const struct row *t = &rows[i];
        unsigned char buf[16];
        memset(buf, 0xa5, sizeof buf);
        unsigned w = width(t->dec);
        h_wrn(buf, t->insn, w);
        unsigned char before[16];
        memcpy(before, buf, sizeof buf);
        struct h_reloc r = {
            .type = t->type, .where = buf, .P = t->P, .S = t->S, .A = t->A, .rela = 1,
            .G = t->G, .GOT = t->GOT, .sym_type = STT_OBJECT,
        };
        int rc = h_apply(&r);
        if (rc != t->rc)
            fail_msg("%s: rc %d, expected %d", t->what, rc, t->rc);
        if (rc != 0) {
            if (memcmp(buf, before, sizeof buf) != 0)
                fail_msg("%s: place modified on failure", t->what);
            continue;
        }
        if (memcmp(buf + w, before + w, sizeof buf - w) != 0)
            fail_msg("%s: wrote past the field", t->what);
        uint64_t out = h_rdn(buf, w);
        int64_t got = decode(t->dec, out);
        int64_t want = t->expect;
        if (t->dec == D_D32)
            want &= 0xffffffffll;
        else if (t->dec == D_D16)
            want &= 0xffff;
        if (got != want)
            fail_msg("%s: field 0x%llx, expected 0x%llx", t->what, (unsigned long long)got,
                     (unsigned long long)want);
        /* bits outside the field are unchanged (MOVW checking forms may flip insn[30]) */
        uint64_t keep = ~field_mask(t->dec);
        if (t->dec == D_MOV)
            keep &= ~((uint64_t)1 << 30);
        if (w == 4)
            keep &= 0xffffffffu;
        if ((out & keep) != (t->insn & keep))
            fail_msg("%s: bits outside the field changed: 0x%llx -> 0x%llx", t->what,
                     (unsigned long long)t->insn, (unsigned long long)out);
        if (t->dec == D_MOV && t->opc >= 0 && (int)((out >> 30) & 1) != t->opc)
            fail_msg("%s: MOVZ/MOVN selection wrong (insn 0x%08llx)", t->what,
                     (unsigned long long)out);
    }
    printf("[ obj ] %zu encoder rows checked\n", n);
}

/* ---------------------------------------------------------------- classification */

static void test_classify(void **state) {
    (void)state;
    /* Every type gcc 12, clang 14 and zig 0.14 emitted for C/C++ at -O0/-O2/-Os with
     * -fPIC/-fpic/-fPIE/-fpie/-fno-pic and -mcmodel=tiny/small/large (see the report). */
    static const uint32_t emitted[] = {
        R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_ADD_ABS_LO12_NC, R_AARCH64_ADR_GOT_PAGE, R_AARCH64_ADR_PREL_LO21,
        R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_CALL26, R_AARCH64_JUMP26, R_AARCH64_GOT_LD_PREL19, R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_LD64_GOTPAGE_LO15,
        R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC,
        R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_LD_PREL_LO19, R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2_NC,
        R_AARCH64_MOVW_UABS_G3,
    };
    for (size_t i = 0; i < sizeof emitted / sizeof emitted[0]; i++) {
        const char *name = NULL;
        unsigned f = h_classify(emitted[i], &name);
        assert_true(f & ELFLD_OBJ_KNOWN);
        assert_false(f & ELFLD_OBJ_TLS);
        assert_non_null(name);
        assert_memory_equal(name, "R_AARCH64_", 10);
    }
    const char *name = NULL;
    assert_int_equal(h_classify(R_AARCH64_CALL26, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH);
    assert_string_equal(name, "R_AARCH64_CALL26");
    assert_int_equal(h_classify(R_AARCH64_JUMP26, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH);
    assert_int_equal(h_classify(R_AARCH64_PLT32, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH);
    assert_int_equal(h_classify(R_AARCH64_CONDBR19, &name),
                     ELFLD_OBJ_KNOWN | ELFLD_OBJ_NEAR_BRANCH);
    assert_int_equal(h_classify(R_AARCH64_TSTBR14, &name),
                     ELFLD_OBJ_KNOWN | ELFLD_OBJ_NEAR_BRANCH);
    assert_int_equal(h_classify(R_AARCH64_ADR_GOT_PAGE, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT);
    assert_int_equal(h_classify(R_AARCH64_LD64_GOT_LO12_NC, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT);
    assert_int_equal(h_classify(R_AARCH64_GOT_LD_PREL19, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT);
    assert_int_equal(h_classify(R_AARCH64_LD64_GOTPAGE_LO15, &name),
                     ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE);
    assert_string_equal(name, "R_AARCH64_LD64_GOTPAGE_LO15");
    assert_int_equal(h_classify(R_AARCH64_GOTREL64, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT_BASE);
    assert_int_equal(h_classify(R_AARCH64_NONE, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP);
    assert_int_equal(h_classify(R_AARCH64_NONE_WITHDRAWN, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP);
    /* TLS: every code 512..573 is thread-local, with its name; those applied in objects have
     * their form (arch.h), the others none (refused with ELFLD_ETLS) */
    static const struct { uint32_t type; unsigned form; } applied[] = {
        {R_AARCH64_TLSGD_ADR_PAGE21, ELFLD_TLS_GD},
        {R_AARCH64_TLSGD_ADD_LO12_NC, ELFLD_TLS_GD},
        {R_AARCH64_TLSLD_ADD_DTPREL_HI12, ELFLD_TLS_DTPOFF},
        {R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC, ELFLD_TLS_DTPOFF},
        {R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, ELFLD_TLS_IE},
        {R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, ELFLD_TLS_IE},
        {R_AARCH64_TLSLE_MOVW_TPREL_G1, ELFLD_TLS_TPOFF},
        {R_AARCH64_TLSLE_MOVW_TPREL_G0_NC, ELFLD_TLS_TPOFF},
        {R_AARCH64_TLSLE_ADD_TPREL_HI12, ELFLD_TLS_TPOFF},
        {R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, ELFLD_TLS_TPOFF},
        {R_AARCH64_TLSDESC_ADR_PAGE21, ELFLD_TLS_DESC},
        {R_AARCH64_TLSDESC_LD64_LO12, ELFLD_TLS_DESC},
        {R_AARCH64_TLSDESC_ADD_LO12, ELFLD_TLS_DESC},
        {R_AARCH64_TLSDESC_CALL, ELFLD_TLS_MARK},
    };
    for (uint32_t t = R_AARCH64_TLSGD_ADR_PREL21; t <= R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC;
         t++) {
        unsigned want = ELFLD_OBJ_KNOWN | ELFLD_OBJ_TLS;
        for (size_t i = 0; i < sizeof applied / sizeof applied[0]; i++)
            if (applied[i].type == t)
                want |= ELFLD_OBJ_TLS_FORM(applied[i].form);
        name = NULL;
        assert_int_equal(h_classify(t, &name), want);
        assert_non_null(name);
        assert_memory_equal(name, "R_AARCH64_TLS", 13);
    }
    h_classify(R_AARCH64_TLSDESC_CALL, &name);
    assert_string_equal(name, "R_AARCH64_TLSDESC_CALL");
    h_classify(R_AARCH64_TLSLE_ADD_TPREL_HI12, &name);
    assert_string_equal(name, "R_AARCH64_TLSLE_ADD_TPREL_HI12");
    /* unknown: unallocated codes (the numbers), PAuth, dynamic-only */
    static const uint32_t unknown[] = {1, 255, 281, 294, 298, 316, 511, 574, R_AARCH64_AUTH_ABS64,
                                       R_AARCH64_COPY, R_AARCH64_GLOB_DAT, R_AARCH64_JUMP_SLOT,
                                       R_AARCH64_RELATIVE, R_AARCH64_IRELATIVE, 0xffffffffu};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        name = "x";
        assert_int_equal(h_classify(unknown[i], &name), 0);
        assert_null(name);
        unsigned char buf[8] = {0};
        struct h_reloc r = {.type = unknown[i], .where = buf};
        assert_int_equal(h_apply(&r), ELFLD_ERELTYPE);
    }
    /* NULL name pointer is allowed; names are unique per code and the table is sorted */
    assert_int_equal(h_classify(R_AARCH64_ABS64, NULL), ELFLD_OBJ_KNOWN);
    unsigned known = 0;
    for (uint32_t t = 0; t < 2048; t++)
        if (h_classify(t, NULL))
            known++;
    assert_int_equal(known, 2 + 6 + 10 + 6 + 4 + 3 + 7 + 1 + 7 + 9 + 62);
    assert_int_equal(elfld_arch_stub_size, 16);
}

/* ---------------------------------------------------------------- NOP / TLS / weak */

static void test_nop_tls_weak(void **state) {
    (void)state;
    uint32_t w = 0xdeadbeef;
    assert_int_equal(h_apply1(R_AARCH64_NONE, &w, P0, 0x1234, 0, 1, STT_NOTYPE), 0);
    assert_int_equal(h_apply1(R_AARCH64_NONE_WITHDRAWN, &w, P0, 0x1234, 0, 1, STT_NOTYPE), 0);
    assert_int_equal(w, 0xdeadbeef);
    /* a thread-local type not applied in objects (tiny code model) is refused, untouched; a
     * descriptor call's marker has no field */
    assert_int_equal(h_apply1(R_AARCH64_TLSDESC_ADR_PREL21, &w, P0, 0, 0, 1, STT_TLS), ELFLD_ETLS);
    assert_int_equal(h_apply1(R_AARCH64_TLSDESC_CALL, &w, P0, 0x1234, 0, 1, STT_TLS), 0);
    assert_int_equal(w, 0xdeadbeef);
    /* aaelf64 "Call and Jump relocations": a call to an unresolved weak symbol (S = 0) becomes
     * a branch to the next instruction, however far address 0 is */
    w = I_BL;
    assert_int_equal(h_apply1(R_AARCH64_CALL26, &w, P0 + 0x40000000, 0, 0, 1, STT_NOTYPE), 0);
    assert_int_equal(w, I_BL | 1);
    w = I_B;
    assert_int_equal(h_apply1(R_AARCH64_JUMP26, &w, P0 + 0x40000000, 0, 0, 1, STT_NOTYPE), 0);
    assert_int_equal(w, I_B | 1);
    /* a defined function at 0 (typed) is a real target: out of range without a veneer */
    w = I_BL;
    assert_int_equal(h_apply1(R_AARCH64_CALL26, &w, P0 + 0x40000000, 0, 0, 1, STT_FUNC), ELFLD_ERANGE);
    assert_int_equal(w, I_BL);
}

/* ---------------------------------------------------------------- veneers */

/* Decode the veneer: ldr x16, <literal>; br x16; the literal's value.  Returns the target. */
static uint64_t decode_stub(const unsigned char *stub) {
    uint32_t ldr = h_rd32(stub), br = h_rd32(stub + 4);
    assert_int_equal(ldr & 0xff000000u, 0x58000000u);         /* LDR (literal), 64-bit */
    assert_int_equal(ldr & 0x1f, 16);                         /* Rt = x16 (IP0) */
    int64_t off = h_sext((ldr >> 5) & 0x7ffff, 19) * 4;
    assert_int_equal(off, 8);                                 /* literal right after br */
    assert_int_equal(br, 0xd61f0200u);                        /* BR x16 */
    return h_rd64(stub + off);
}

static void test_stubs(void **state) {
    (void)state;
    static const uint32_t kinds[] = {R_AARCH64_CALL26, R_AARCH64_JUMP26};
    for (int k = 0; k < 2; k++) {
        uint32_t type = kinds[k], base = type == R_AARCH64_CALL26 ? I_BL : I_B;
        unsigned char stub[16];
        uint32_t w;
        struct h_reloc r = {
            .type = type, .where = (unsigned char *)&w, .rela = 1, .sym_type = STT_FUNC,
            .stub = stub,
        };
        /* in range: direct, the stub untouched */
        memset(stub, 0, sizeof stub);
        w = base;
        r.P = P0;
        r.S = P0 + 0x7fffffc;
        assert_int_equal(h_apply(&r), 0);
        assert_int_equal(decode(D_B26, w), 0x7fffffc);
        for (int i = 0; i < 16; i++)
            assert_int_equal(stub[i], 0);
        /* first out of range above and below: through the stub */
        /* X = S + A - P: 2^27 (first above), -2^27 - 4 (first below), 4 GiB, -4 TiB */
        static const int64_t far[] = {0x8000000 - 0x20, -0x8000004 - 0x20, 0x100000000ll,
                                      -0x40000000000ll};
        for (int f = 0; f < 4; f++) {
            w = base;
            memset(stub, 0, sizeof stub);
            r.P = P0 + 0x50000000000ull;
            r.S = r.P + (uint64_t)far[f];
            r.A = 0x20;
            r.stub_addr = r.P + 0x1000;
            assert_int_equal(h_apply(&r), 0);
            assert_int_equal((w & 0xfc000000u), base);
            assert_int_equal(decode(D_B26, w), 0x1000);
            assert_int_equal(decode_stub(stub), r.S + 0x20);
            /* rewriting gives identical bytes */
            unsigned char again[16];
            memcpy(again, stub, 16);
            w = base;
            assert_int_equal(h_apply(&r), 0);
            assert_memory_equal(again, stub, 16);
        }
        /* stub itself at the exact limits of the branch */
        r.A = 0;
        r.S = r.P + 0x10000000;
        r.stub_addr = r.P - 0x8000000;
        w = base;
        assert_int_equal(h_apply(&r), 0);
        assert_int_equal(decode(D_B26, w), -0x8000000);
        r.stub_addr = r.P - 0x8000004;
        w = base;
        assert_int_equal(h_apply(&r), ELFLD_ERANGE);
        assert_int_equal(w, base);
        r.stub_addr = r.P + 0x7fffffc;
        assert_int_equal(h_apply(&r), 0);
        assert_int_equal(decode(D_B26, w), 0x7fffffc);
        /* misaligned stub area: refused */
        r.stub_addr = r.P + 0x1002;
        w = base;
        assert_int_equal(h_apply(&r), ELFLD_ERANGE);
        /* no stub planned: ERANGE */
        r.stub = NULL;
        assert_int_equal(h_apply(&r), ELFLD_ERANGE);
        assert_int_equal(w, base);
    }
    /* PLT32: the function's address replaced by its veneer's, the addend kept */
    unsigned char stub[16];
    uint32_t w = 0;
    struct h_reloc r = {.type = R_AARCH64_PLT32, .where = (unsigned char *)&w, .rela = 1};
    r.P = P0;
    r.S = P0 + 0x100000000ull;
    r.A = 4;
    r.stub = stub;
    r.stub_addr = P0 - 0x100;
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal((int32_t)w, -0x100 + 4);
    assert_int_equal(decode_stub(stub), P0 + 0x100000000ull);
}

/* ---------------------------------------------------------------- execution */

#if CAN_EXECUTE
__attribute__((noinline)) static int target_fn(int x) { return x * 3 + 1; }

/*
 * Code at `code`:  stp x29, x30, [sp, #-16]!; mov x29, sp; bl <reloc>; ldp x29, x30, [sp], #16;
 * ret.  The BL is relocated by CALL26 against target_fn (S), its veneer at `stub`.
 */
static int call_through(unsigned char *code, unsigned char *stub, uint64_t *stub_used) {
    static const uint32_t prog[] = {0xa9bf7bfdu, 0x910003fdu, I_BL, 0xa8c17bfdu, 0xd65f03c0u};
    memcpy(code, prog, sizeof prog);
    struct h_reloc r = {
        .type = R_AARCH64_CALL26, .where = code + 8, .P = (uintptr_t)(code + 8),
        .S = (uintptr_t)&target_fn, .rela = 1, .sym_type = STT_FUNC, .stub = stub,
        .stub_addr = (uintptr_t)stub,
    };
    memset(stub, 0, 16);
    assert_int_equal(h_apply(&r), 0);
    uint64_t dest = (uint64_t)(uintptr_t)(code + 8) + (uint64_t)decode(D_B26, h_rd32(code + 8));
    *stub_used = dest == (uint64_t)(uintptr_t)stub;
    h_sync_code(code, 64);
    h_sync_code(stub, 16);
    int (*fn)(int) = (int (*)(int))(uintptr_t)code;
    return fn(14);
}
#endif

static void test_execute(void **state) {
    (void)state;
#if CAN_EXECUTE
    uintptr_t fn = (uintptr_t)&target_fn;
    /* Far: 8 GiB away from target_fn (well beyond +-128 MiB): the BL must use the veneer. */
    static const uintptr_t dist[] = {(uintptr_t)8 << 30, (uintptr_t)64 << 30, (uintptr_t)1 << 40};
    uintptr_t hints[3];
    for (int i = 0; i < 3; i++)
        hints[i] = (fn + dist[i]) & ~(uintptr_t)0xffff;
    unsigned char *far = h_map_exec_far(hints, 3, 65536, &fn, 1, (uintptr_t)256 << 20);
    assert_non_null(far);
    uint64_t used = 0;
    assert_int_equal(call_through(far, far + 4096, &used), 14 * 3 + 1);
    assert_true(used);
    assert_int_equal(decode_stub(far + 4096), fn);
    /* Near: code and callee in one mapping (callee: mov w0, #77; ret): direct BL, no veneer. */
    unsigned char *near = h_map_exec(0, 65536);
    assert_non_null(near);
    static const uint32_t callee[] = {0x528009a0u, 0xd65f03c0u};   /* mov w0, #77; ret */
    memcpy(near + 0x800, callee, sizeof callee);
    static const uint32_t prog[] = {0xa9bf7bfdu, 0x910003fdu, I_BL, 0xa8c17bfdu, 0xd65f03c0u};
    memcpy(near, prog, sizeof prog);
    uint32_t stubmark[4] = {0};
    struct h_reloc r = {
        .type = R_AARCH64_CALL26, .where = near + 8, .P = (uintptr_t)(near + 8),
        .S = (uintptr_t)(near + 0x800), .rela = 1, .sym_type = STT_FUNC,
        .stub = (unsigned char *)stubmark, .stub_addr = (uintptr_t)stubmark,
    };
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(decode(D_B26, h_rd32(near + 8)), 0x800 - 8);
    assert_int_equal(stubmark[0], 0);
    h_sync_code(near, 0x1000);
    assert_int_equal(((int (*)(void))(uintptr_t)near)(), 77);
    h_unmap(near, 65536);
    h_unmap(far, 65536);
    printf("[ obj ] veneer executed: code at %p -> veneer -> %p\n", (void *)far, (void *)fn);
#else
    skip();
#endif
}

/* ---------------------------------------------------------------- field sizes */
/*
 * Every type the backend applies, with the bytes of its field from aaelf64: every A64
 * instruction is one 32-bit word (4); the data relocations write the width their name says
 * (ABS64 / PREL64 / GOTREL64 8, ABS32 / PREL32 / GOTREL32 / PLT32 / GOTPCREL32 4, ABS16 /
 * PREL16 2).  Accepted when the field ends exactly at the end of its section, refused
 * (ELFLD_ERELOC, nothing written) one byte further.
 */
static const struct h_field field_sizes[] = {
    {R_AARCH64_ABS64, 8}, {R_AARCH64_ABS32, 4}, {R_AARCH64_ABS16, 2},
    {R_AARCH64_PREL64, 8}, {R_AARCH64_PREL32, 4}, {R_AARCH64_PREL16, 2},
    {R_AARCH64_MOVW_UABS_G0, 4}, {R_AARCH64_MOVW_UABS_G0_NC, 4}, {R_AARCH64_MOVW_UABS_G1, 4},
    {R_AARCH64_MOVW_UABS_G1_NC, 4}, {R_AARCH64_MOVW_UABS_G2, 4}, {R_AARCH64_MOVW_UABS_G2_NC, 4},
    {R_AARCH64_MOVW_UABS_G3, 4}, {R_AARCH64_MOVW_SABS_G0, 4}, {R_AARCH64_MOVW_SABS_G1, 4},
    {R_AARCH64_MOVW_SABS_G2, 4}, {R_AARCH64_LD_PREL_LO19, 4}, {R_AARCH64_ADR_PREL_LO21, 4},
    {R_AARCH64_ADR_PREL_PG_HI21, 4}, {R_AARCH64_ADR_PREL_PG_HI21_NC, 4},
    {R_AARCH64_ADD_ABS_LO12_NC, 4}, {R_AARCH64_LDST8_ABS_LO12_NC, 4}, {R_AARCH64_TSTBR14, 4},
    {R_AARCH64_CONDBR19, 4}, {R_AARCH64_JUMP26, 4}, {R_AARCH64_CALL26, 4},
    {R_AARCH64_LDST16_ABS_LO12_NC, 4}, {R_AARCH64_LDST32_ABS_LO12_NC, 4},
    {R_AARCH64_LDST64_ABS_LO12_NC, 4}, {R_AARCH64_MOVW_PREL_G0, 4},
    {R_AARCH64_MOVW_PREL_G0_NC, 4}, {R_AARCH64_MOVW_PREL_G1, 4}, {R_AARCH64_MOVW_PREL_G1_NC, 4},
    {R_AARCH64_MOVW_PREL_G2, 4}, {R_AARCH64_MOVW_PREL_G2_NC, 4}, {R_AARCH64_MOVW_PREL_G3, 4},
    {R_AARCH64_LDST128_ABS_LO12_NC, 4}, {R_AARCH64_MOVW_GOTOFF_G0, 4},
    {R_AARCH64_MOVW_GOTOFF_G0_NC, 4}, {R_AARCH64_MOVW_GOTOFF_G1, 4},
    {R_AARCH64_MOVW_GOTOFF_G1_NC, 4}, {R_AARCH64_MOVW_GOTOFF_G2, 4},
    {R_AARCH64_MOVW_GOTOFF_G2_NC, 4}, {R_AARCH64_MOVW_GOTOFF_G3, 4},
    {R_AARCH64_GOTREL64, 8}, {R_AARCH64_GOTREL32, 4}, {R_AARCH64_GOT_LD_PREL19, 4},
    {R_AARCH64_LD64_GOTOFF_LO15, 4}, {R_AARCH64_ADR_GOT_PAGE, 4},
    {R_AARCH64_LD64_GOT_LO12_NC, 4}, {R_AARCH64_LD64_GOTPAGE_LO15, 4}, {R_AARCH64_PLT32, 4},
    {R_AARCH64_GOTPCREL32, 4}, {R_AARCH64_TLSGD_ADR_PAGE21, 4}, {R_AARCH64_TLSGD_ADD_LO12_NC, 4},
    {R_AARCH64_TLSLD_ADD_DTPREL_HI12, 4}, {R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC, 4},
    {R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, 4}, {R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, 4},
    {R_AARCH64_TLSLE_MOVW_TPREL_G1, 4}, {R_AARCH64_TLSLE_MOVW_TPREL_G0_NC, 4},
    {R_AARCH64_TLSLE_ADD_TPREL_HI12, 4}, {R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, 4},
    {R_AARCH64_TLSDESC_ADR_PAGE21, 4}, {R_AARCH64_TLSDESC_LD64_LO12, 4},
    {R_AARCH64_TLSDESC_ADD_LO12, 4}, {R_AARCH64_TLSDESC_CALL, 0},
};

static void test_field_sizes(void **state) {
    (void)state;
    const struct h_reloc tmpl = {.S = 0x40, .rela = 1, .G = 0x80, .GOT = 0x10};
    const char *why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0],
                                     1024, &tmpl);
    if (why)
        fail_msg("%s", why);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_nop_tls_weak),
        cmocka_unit_test(test_stubs),
        cmocka_unit_test(test_execute),
        cmocka_unit_test(test_field_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
