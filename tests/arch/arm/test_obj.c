/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_obj.c (arm) - table-driven tests of the 32-bit Arm object-relocation backend
 * (arch/arm/object.c).  Objects are REL: each row encodes an instruction or data word holding
 * its implicit addend (the way gas / clang write them: BL . = A -8 in Arm state, -4 in Thumb
 * state), applies one relocation with chosen P / S / G / GOT, decodes the field again and
 * compares it with the aaelf32 formula computed here ((S + A) | T, ((S + A) | T) - P, GOT(S) +
 * A - GOT_ORG ...), at the exact range limits (last value that fits: 0; first that does not:
 * ELFLD_ERANGE with the place untouched).  Interworking (BL <-> BLX in both states), veneers
 * (both forms decoded) and, on Arm itself (qemu-arm), execution: Arm code calling Thumb
 * functions and Thumb code calling Arm functions, directly and through veneers.
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
#include "reloc_types.h"     /* R_ARM_*, from the arch include directory */

#if defined(__arm__) && defined(__linux__)
#define CAN_EXECUTE 1
#else
#define CAN_EXECUTE 0
#endif


/* Instructions with their usual REL addends (little-endian words; Thumb-2 as hw1 | hw2 << 16). */
#define A_BL 0xebfffffeu          /* bl  .      (A = -8) */
#define A_BLX 0xfafffffeu         /* blx .      (A = -8) */
#define A_B 0xeafffffeu           /* b   .      (A = -8) */
#define A_BEQ 0x0afffffeu         /* beq .      (A = -8) */
#define A_MOVW 0xe3000000u        /* movw r0, #0 */
#define A_MOVT 0xe3400000u        /* movt r0, #0 */
#define T2(h1, h2) ((uint32_t)(h1) | (uint32_t)(h2) << 16)
#define T_BL T2(0xf7ff, 0xfffe)   /* bl   .     (A = -4) */
#define T_BW T2(0xf7ff, 0xbffe)   /* b.w  .     (A = -4) */
#define T_BEQW T2(0xf43f, 0xaffe) /* beq.w .    (A = -4) */
#define T_MOVW T2(0xf240, 0x0000) /* movw r0, #0 */
#define T_MOVT T2(0xf2c0, 0x0000) /* movt r0, #0 */
#define T_B16 0xe7feu             /* b.n  .     (A = -4) */
#define T_BEQ16 0xd0feu           /* beq.n .    (A = -4) */

enum dec {
    D_W32, D_W16, D_W8,
    D_PREL31,   /* sext(w[30:0]); w[31] must be kept */
    D_ARMB,     /* Arm B/BL/BLX: sext(imm24) << 2 | H << 1 (BLX); op = insn[31:24] & ~1 for BLX */
    D_ARMMOV,   /* imm4:imm12 */
    D_THMB24,   /* Thumb BL/BLX/B.W imm25; op = hw2[12] (1 BL / B.W, 0 BLX) */
    D_THMB19,   /* Thumb B<cond>.W imm21 */
    D_THMMOV,   /* imm4:i:imm3:imm8 */
    D_THM11, D_THM8,
};

static uint32_t width(enum dec d) {
    return d == D_W16 || d == D_THM11 || d == D_THM8 ? 2 : d == D_W8 ? 1 : 4;
}

/* The bits a relocation may change (everything else must be kept). */
static uint32_t field_mask(enum dec d) {
    switch (d) {
    case D_W32: return 0xffffffffu;
    case D_W16: return 0xffffu;
    case D_W8: return 0xffu;
    case D_PREL31: return 0x7fffffffu;
    case D_ARMB: return 0xffffffffu;            /* BL <-> BLX rewrites the top byte */
    case D_ARMMOV: return 0x000f0fffu;
    case D_THMB24: return T2(0x07ff, 0x3fff);  /* S imm10 | J1 BL/BLX J2 imm11 */
    case D_THMB19: return T2(0x043f, 0x2fff);
    case D_THMMOV: return T2(0x040f, 0x70ff);
    case D_THM11: return 0x7ffu;
    case D_THM8: return 0xffu;
    }
    return 0;
}

static int32_t decode(enum dec d, uint32_t w) {
    uint32_t h1 = w & 0xffff, h2 = w >> 16;
    switch (d) {
    case D_W32: return (int32_t)w;
    case D_W16: return (int32_t)(w & 0xffff);
    case D_W8: return (int32_t)(w & 0xff);
    case D_PREL31: return (int32_t)h_sext(w, 31);
    case D_ARMB: {
        int32_t off = (int32_t)h_sext(w & 0xffffff, 24) * 4;
        if ((w >> 28) == 0xf)
            off |= (int32_t)((w >> 24) & 1) << 1;
        return off;
    }
    case D_ARMMOV: return (int32_t)(((w >> 4) & 0xf000) | (w & 0xfff));
    case D_THMB24: {
        uint32_t s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1;
        uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
        return (int32_t)h_sext(s << 24 | i1 << 23 | i2 << 22 | (h1 & 0x3ff) << 12 |
                               (h2 & 0x7ff) << 1, 25);
    }
    case D_THMB19:
        return (int32_t)h_sext(((h1 >> 10) & 1) << 20 | ((h2 >> 11) & 1) << 19 |
                               ((h2 >> 13) & 1) << 18 | (h1 & 0x3f) << 12 | (h2 & 0x7ff) << 1,
                               21);
    case D_THMMOV:
        return (int32_t)((h1 & 0xf) << 12 | ((h1 >> 10) & 1) << 11 | ((h2 >> 12) & 7) << 8 |
                         (h2 & 0xff));
    case D_THM11: return (int32_t)h_sext((w & 0x7ff) << 1, 12);
    case D_THM8: return (int32_t)h_sext((w & 0xff) << 1, 9);
    }
    return 0;
}

struct row {
    const char *what;
    uint32_t type;
    uint32_t init;          /* the place, with its REL addend */
    uint32_t P, S;
    unsigned st;            /* STT_* */
    uint32_t G, GOT;
    int rc;
    enum dec dec;
    int32_t expect;         /* decoded field (16-bit / 8-bit data and MOV fields: low bits) */
    int op;                 /* D_ARMB: expected insn[31:24] (BLX: with H cleared); D_THMB24:
                               expected hw2[12]; -1: not checked */
};

#define F STT_FUNC
#define O STT_OBJECT
#define ER ELFLD_ERANGE
#define PA 0x00800000u      /* an Arm-state place */
#define GT 0x00a00000u      /* GOT origin */
/* A data row at PA with the implicit addend A stored in the field (masked to its width; PREL31
 * keeps bit 31 clear), of a symbol without T, expecting S + A - base (base: 0 or PA) */
#define FIELD_MASK(dec) \
    ((dec) == D_W8 ? 0xffu : (dec) == D_W16 ? 0xffffu : (dec) == D_PREL31 ? 0x7fffffffu \
                                                                        : 0xffffffffu)
#define DATA_A(what, type, A, S, rc, dec, base) \
    {what, type, (uint32_t)(A) & FIELD_MASK(dec), PA, (uint32_t)(S), O, 0, 0, rc, dec, \
     (int32_t)((uint32_t)(S) + (uint32_t)(A) - (uint32_t)(base)), -1}
/* GOTOFF32: S + A - GOT */
#define GOTOFF_A(what, A, S) \
    {what, R_ARM_GOTOFF32, (uint32_t)(A), PA, (uint32_t)(S), O, 0, GT, 0, D_W32, \
     (int32_t)((uint32_t)(S) + (uint32_t)(A) - GT), -1}

static const struct row rows[] = {
    /* ---- data: (S + A) | T and friends; A is the word in the place */
    {"ABS32", R_ARM_ABS32, 0x10, PA, 0x12345678u, O, 0, 0, 0, D_W32, 0x12345688, -1},
    {"ABS32 Thumb fn (T)", R_ARM_ABS32, 4, PA, 0x20001u, F, 0, 0, 0, D_W32, 0x20005, -1},
    {"ABS32 wraps mod 2^32", R_ARM_ABS32, 0xfffffff0u, PA, 0x20u, O, 0, 0, 0, D_W32, 0x10, -1},
    {"TARGET1 = ABS32", R_ARM_TARGET1, 0, PA, 0x30001u, F, 0, 0, 0, D_W32, 0x30001, -1},
    {"ABS32_NOI Thumb fn", R_ARM_ABS32_NOI, 4, PA, 0x20001u, F, 0, 0, 0, D_W32, 0x20005, -1},
    {"REL32", R_ARM_REL32, 4, PA, PA + 0x1000, O, 0, 0, 0, D_W32, 0x1004, -1},
    {"REL32 backwards", R_ARM_REL32, 0, PA, PA - 0x10, O, 0, 0, 0, D_W32, -0x10, -1},
    {"REL32_NOI", R_ARM_REL32_NOI, 0, PA, PA + 0x1001, F, 0, 0, 0, D_W32, 0x1001, -1},
    {"GOTOFF32", R_ARM_GOTOFF32, 8, PA, GT + 0x100, O, 0, GT, 0, D_W32, 0x108, -1},
    {"GOTOFF32 below", R_ARM_GOTOFF32, 0, PA, GT - 0x100, O, 0, GT, 0, D_W32, -0x100, -1},
    {"BASE_PREL (GOT origin)", R_ARM_BASE_PREL, (uint32_t)-8, PA, 0, 0, 0, GT, 0, D_W32,
     (int32_t)(GT - 8 - PA), -1},
    {"BASE_ABS", R_ARM_BASE_ABS, 4, PA, 0, 0, 0, GT, 0, D_W32, (int32_t)(GT + 4), -1},
    {"GOT_BREL", R_ARM_GOT_BREL, 0, PA, 0x5555, O, GT + 0x14, GT, 0, D_W32, 0x14, -1},
    {"GOT_PREL", R_ARM_GOT_PREL, (uint32_t)-12, PA, 0x5555, O, GT + 0x14, GT, 0, D_W32,
     (int32_t)(GT + 0x14 - 12 - PA), -1},
    {"TARGET2 = GOT_PREL", R_ARM_TARGET2, 0, PA, 0x5555, O, GT + 0x20, GT, 0, D_W32,
     (int32_t)(GT + 0x20 - PA), -1},
    {"GOT_ABS", R_ARM_GOT_ABS, 0, PA, 0x5555, O, GT + 0x20, GT, 0, D_W32, (int32_t)(GT + 0x20), -1},
    {"ABS16 max", R_ARM_ABS16, 0xffff, PA, 0x10000, O, 0, 0, 0, D_W16, 0xffff, -1}, /* A = -1 */
    {"ABS16 65536", R_ARM_ABS16, 0, PA, 0x10000, O, 0, 0, ER, D_W16, 0, -1},
    {"ABS16 -32768", R_ARM_ABS16, 0x8000, PA, 0, O, 0, 0, 0, D_W16, 0x8000, -1},
    {"ABS16 -1", R_ARM_ABS16, 0xffff, PA, 0, O, 0, 0, 0, D_W16, 0xffff, -1},
    {"ABS16 -32769 (A=-32768,S=-1)", R_ARM_ABS16, 0x8000, PA, 0xffffffffu, O, 0, 0, ER, D_W16, 0, -1},
    {"ABS8 255", R_ARM_ABS8, 0x05, PA, 250, O, 0, 0, 0, D_W8, 255, -1},
    {"ABS8 256", R_ARM_ABS8, 0x06, PA, 250, O, 0, 0, ER, D_W8, 0, -1},
    {"ABS8 -128", R_ARM_ABS8, 0x80, PA, 0, O, 0, 0, 0, D_W8, 0x80, -1},
    {"ABS8 -129", R_ARM_ABS8, 0x80, PA, 0xffffffffu, O, 0, 0, ER, D_W8, 0, -1},
    /* ---- PREL31: ((S + A) | T) - P in bits [30:0], bit 31 kept, addend sext(P[30:0]) */
    {"PREL31 bit 31 kept", R_ARM_PREL31, 0x80000010u, PA, PA + 0x1000, O, 0, 0, 0, D_PREL31, 0x1010, -1},
    {"PREL31 Thumb fn", R_ARM_PREL31, 0, PA, PA - 0x1fff, F, 0, 0, 0, D_PREL31, -0x1fff, -1},
    {"PREL31 max", R_ARM_PREL31, 0, PA, PA + 0x3fffffffu, O, 0, 0, 0, D_PREL31, 0x3fffffff, -1},
    {"PREL31 2^30", R_ARM_PREL31, 0, PA, PA + 0x40000000u, O, 0, 0, ER, D_PREL31, 0, -1},
    {"PREL31 -2^30", R_ARM_PREL31, 0x7fffffffu, PA, PA - 0x3fffffffu, O, 0, 0, 0, D_PREL31,
     -0x40000000, -1},                                     /* A = -1 */
    {"PREL31 -2^30-1", R_ARM_PREL31, 0x7fffffffu, PA, PA - 0x40000000u, O, 0, 0, ER, D_PREL31, 0, -1},
    /* ---- addends of both signs, limits included; the implicit addend A is stored in the
     * field, the expected value is the row's own S + A (- P, - GOT): an addend taken with the
     * wrong sign is off by 2A */
    DATA_A("ABS32 -A", R_ARM_ABS32, -0x100, 0x12345678u, 0, D_W32, 0),
    DATA_A("ABS32_NOI -A", R_ARM_ABS32_NOI, -0x10, 0x20000u, 0, D_W32, 0),
    DATA_A("REL32 -A", R_ARM_REL32, -0x20, PA + 0x1000, 0, D_W32, PA),
    DATA_A("REL32 +A", R_ARM_REL32, 0x7000, PA - 0x100, 0, D_W32, PA),
    DATA_A("REL32_NOI +A", R_ARM_REL32_NOI, 0x30, PA + 0x100, 0, D_W32, PA),
    DATA_A("REL32_NOI -A", R_ARM_REL32_NOI, -0x30, PA + 0x100, 0, D_W32, PA),
    GOTOFF_A("GOTOFF32 -A", -8, GT + 0x100),
    GOTOFF_A("GOTOFF32 +A", 0x18, GT - 0x100),
    DATA_A("ABS16 +A", R_ARM_ABS16, 0x234, 0x1000, 0, D_W16, 0),
    DATA_A("ABS16 -A", R_ARM_ABS16, -0x10, 0x1244, 0, D_W16, 0),
    DATA_A("ABS16 max +A", R_ARM_ABS16, 0x10, 0xffef, 0, D_W16, 0),
    DATA_A("ABS16 65536 +A", R_ARM_ABS16, 0x10, 0xfff0, ER, D_W16, 0),
    DATA_A("ABS16 -32768 +A", R_ARM_ABS16, 0x10, 0xffff7ff0u, 0, D_W16, 0),
    DATA_A("ABS16 -32769 +A", R_ARM_ABS16, 0x10, 0xffff7fefu, ER, D_W16, 0),
    DATA_A("ABS16 max -A", R_ARM_ABS16, -0x10, 0x1000f, 0, D_W16, 0),
    DATA_A("ABS16 65536 -A", R_ARM_ABS16, -0x10, 0x10010, ER, D_W16, 0),
    DATA_A("ABS8 -A", R_ARM_ABS8, -3, 0x20, 0, D_W8, 0),
    DATA_A("ABS8 max -A", R_ARM_ABS8, -3, 0x102, 0, D_W8, 0),
    DATA_A("ABS8 256 -A", R_ARM_ABS8, -3, 0x103, ER, D_W8, 0),
    DATA_A("ABS8 -128 +A", R_ARM_ABS8, 5, 0xffffff7bu, 0, D_W8, 0),
    DATA_A("ABS8 -129 +A", R_ARM_ABS8, 5, 0xffffff7au, ER, D_W8, 0),
    DATA_A("PREL31 -A", R_ARM_PREL31, -0x10, PA + 0x1000, 0, D_PREL31, PA),
    DATA_A("PREL31 max -A", R_ARM_PREL31, -0x10, PA + 0x4000000fu, 0, D_PREL31, PA),
    DATA_A("PREL31 2^30 -A", R_ARM_PREL31, -0x10, PA + 0x40000010u, ER, D_PREL31, PA),
    DATA_A("PREL31 -2^30 +A", R_ARM_PREL31, 0x10, PA - 0x40000010u, 0, D_PREL31, PA),
    DATA_A("PREL31 -2^30-1 +A", R_ARM_PREL31, 0x10, PA - 0x40000011u, ER, D_PREL31, PA),

    /* ---- Arm MOVW / MOVT (addend: imm16 signed, also for MOVT) */
    {"MOVW_ABS_NC", R_ARM_MOVW_ABS_NC, A_MOVW, PA, 0x12345678u, O, 0, 0, 0, D_ARMMOV, 0x5678, -1},
    {"MOVW_ABS_NC Thumb fn", R_ARM_MOVW_ABS_NC, A_MOVW, PA, 0x12340001u, F, 0, 0, 0, D_ARMMOV, 0x0001, -1},
    {"MOVW_ABS_NC A=-4", R_ARM_MOVW_ABS_NC, A_MOVW | 0xf0ffcu, PA, 0x12340002u, O, 0, 0, 0, D_ARMMOV,
     0xfffe, -1},
    {"MOVT_ABS", R_ARM_MOVT_ABS, A_MOVT, PA, 0x12345678u, O, 0, 0, 0, D_ARMMOV, 0x1234, -1},
    {"MOVT_ABS A=-4 (signed addend)", R_ARM_MOVT_ABS, A_MOVT | 0xf0ffcu, PA, 0x12340002u, O, 0, 0, 0,
     D_ARMMOV, 0x1233, -1},
    {"MOVT_ABS Thumb fn (no T)", R_ARM_MOVT_ABS, A_MOVT, PA, 0x1234ffffu, F, 0, 0, 0, D_ARMMOV, 0x1234, -1},
    {"MOVW_PREL_NC", R_ARM_MOVW_PREL_NC, A_MOVW | 0xf0ff8u, PA, PA + 0x12345678u, O, 0, 0, 0, D_ARMMOV,
     0x5670, -1},
    {"MOVT_PREL", R_ARM_MOVT_PREL, A_MOVT | 0xf0ff8u, PA, PA + 0x12345678u, O, 0, 0, 0, D_ARMMOV,
     0x1234, -1},
    {"MOVT_PREL negative", R_ARM_MOVT_PREL, A_MOVT, PA, PA - 0x10, O, 0, 0, 0, D_ARMMOV, 0xffff, -1},
    /* ---- Thumb-2 MOVW / MOVT */
    {"THM_MOVW_ABS_NC", R_ARM_THM_MOVW_ABS_NC, T_MOVW, PA, 0x1234fedcu, O, 0, 0, 0, D_THMMOV, 0xfedc, -1},
    {"THM_MOVW_ABS_NC Thumb fn", R_ARM_THM_MOVW_ABS_NC, T_MOVW, PA, 0x1234fed1u, F, 0, 0, 0, D_THMMOV,
     0xfed1, -1},
    {"THM_MOVT_ABS", R_ARM_THM_MOVT_ABS, T_MOVT, PA, 0xfedc1234u, O, 0, 0, 0, D_THMMOV, 0xfedc, -1},
    {"THM_MOVT_ABS A=-4", R_ARM_THM_MOVT_ABS, T2(0xf6cf, 0x70fc), PA, 0x00010002u, O, 0, 0, 0,
     D_THMMOV, 0x0000, -1},
    {"THM_MOVW_PREL_NC", R_ARM_THM_MOVW_PREL_NC, T2(0xf64f, 0x70f8), PA, PA + 0x12345678u, O, 0, 0, 0,
     D_THMMOV, 0x5670, -1},                                /* A = -8 */
    {"THM_MOVT_PREL", R_ARM_THM_MOVT_PREL, T2(0xf6cf, 0x70f8), PA, PA + 0x12345678u, O, 0, 0, 0,
     D_THMMOV, 0x1234, -1},

    /* ---- Arm CALL: BL to Arm, BLX to Thumb; X = ((S + A) | T) - P; -2^25 <= X < 2^25 */
    {"CALL Arm->Arm", R_ARM_CALL, A_BL, PA, PA + 0x10000, F, 0, 0, 0, D_ARMB, 0xfff8, 0xeb},
    {"CALL Arm->Thumb = BLX", R_ARM_CALL, A_BL, PA, PA + 0x10001, F, 0, 0, 0, D_ARMB, 0xfff8, 0xfa},
    {"CALL Arm->Thumb BLX H=1", R_ARM_CALL, A_BL, PA, PA + 0x10003, F, 0, 0, 0, D_ARMB, 0xfffa, 0xfa},
    {"CALL BLX insn -> Arm = BL", R_ARM_CALL, A_BLX, PA, PA + 0x10000, F, 0, 0, 0, D_ARMB, 0xfff8, 0xeb},
    {"CALL max", R_ARM_CALL, A_BL, PA, PA + 8 + 0x1fffffc, F, 0, 0, 0, D_ARMB, 0x1fffffc, 0xeb},
    {"CALL 2^25", R_ARM_CALL, A_BL, PA, PA + 8 + 0x2000000, F, 0, 0, ER, D_ARMB, 0, -1},
    {"CALL -2^25", R_ARM_CALL, A_BL, 0x4000000, 0x4000000 + 8 - 0x2000000, F, 0, 0, 0, D_ARMB,
     -0x2000000, 0xeb},
    {"CALL -2^25-4", R_ARM_CALL, A_BL, 0x4000000, 0x4000000 + 4 - 0x2000000, F, 0, 0, ER, D_ARMB, 0, -1},
    {"CALL BLX max", R_ARM_CALL, A_BL, PA, PA + 8 + 0x1fffffe + 1, F, 0, 0, 0, D_ARMB, 0x1fffffe, 0xfa},
    {"CALL BLX 2^25", R_ARM_CALL, A_BL, PA, PA + 8 + 0x2000000 + 1, F, 0, 0, ER, D_ARMB, 0, -1},
    {"CALL addend", R_ARM_CALL, 0xeb000010u, PA, PA + 0x100, F, 0, 0, 0, D_ARMB, 0x140, 0xeb},
    {"JUMP24 B", R_ARM_JUMP24, A_B, PA, PA + 0x100, F, 0, 0, 0, D_ARMB, 0xf8, 0xea},
    {"JUMP24 BEQ keeps cond", R_ARM_JUMP24, A_BEQ, PA, PA - 0x100, F, 0, 0, 0, D_ARMB, -0x108, 0x0a},
    {"JUMP24 to Thumb, no veneer", R_ARM_JUMP24, A_B, PA, PA + 0x101, F, 0, 0, ER, D_ARMB, 0, -1},
    {"JUMP24 2^25", R_ARM_JUMP24, A_B, PA, PA + 8 + 0x2000000, F, 0, 0, ER, D_ARMB, 0, -1},
    {"PC24 BL -> BLX", R_ARM_PC24, A_BL, PA, PA + 0x101, F, 0, 0, 0, D_ARMB, 0xf8, 0xfa},
    {"PC24 B to Thumb: veneer needed", R_ARM_PC24, A_B, PA, PA + 0x101, F, 0, 0, ER, D_ARMB, 0, -1},
    {"PLT32 BL", R_ARM_PLT32, A_BL, PA, PA + 0x100, F, 0, 0, 0, D_ARMB, 0xf8, 0xeb},

    /* ---- Thumb BL / BLX / B.W / B<cond>.W; X = ((S + A) | T) - P */
    {"THM_CALL Thumb->Thumb BL", R_ARM_THM_CALL, T_BL, PA, PA + 0x10001, F, 0, 0, 0, D_THMB24, 0xfffc, 1},
    {"THM_CALL Thumb->Arm BLX", R_ARM_THM_CALL, T_BL, PA, PA + 0x10000, F, 0, 0, 0, D_THMB24, 0xfffc, 0},
    {"THM_CALL BLX from P%4=2", R_ARM_THM_CALL, T_BL, PA + 2, PA + 0x10000, F, 0, 0, 0, D_THMB24,
     0x10000 - 4 - 0x0, 0},                                /* Align(P+4,4) = PA + 4 */
    {"THM_CALL BLX insn -> Thumb = BL", R_ARM_THM_CALL, T2(0xf7ff, 0xeffe), PA, PA + 0x101, F, 0, 0, 0,
     D_THMB24, 0xfc, 1},
    {"THM_CALL max", R_ARM_THM_CALL, T_BL, PA, PA + 4 + 0xfffffe + 1, F, 0, 0, 0, D_THMB24, 0xfffffe, 1},
    {"THM_CALL 2^24", R_ARM_THM_CALL, T_BL, PA, PA + 4 + 0x1000000 + 1, F, 0, 0, ER, D_THMB24, 0, -1},
    {"THM_CALL -2^24", R_ARM_THM_CALL, T_BL, 0x4000000, 0x4000000 + 4 - 0x1000000 + 1, F, 0, 0, 0,
     D_THMB24, -0x1000000, 1},
    {"THM_CALL -2^24-2", R_ARM_THM_CALL, T_BL, 0x4000000, 0x4000000 + 2 - 0x1000000 + 1, F, 0, 0, ER,
     D_THMB24, 0, -1},
    {"THM_CALL BLX max", R_ARM_THM_CALL, T_BL, PA, PA + 4 + 0xfffffc, F, 0, 0, 0, D_THMB24, 0xfffffc, 0},
    {"THM_CALL BLX 2^24", R_ARM_THM_CALL, T_BL, PA, PA + 4 + 0x1000000, F, 0, 0, ER, D_THMB24, 0, -1},
    {"THM_JUMP24", R_ARM_THM_JUMP24, T_BW, PA, PA - 0x1000 + 1, F, 0, 0, 0, D_THMB24, -0x1004, 1},
    {"THM_JUMP24 max", R_ARM_THM_JUMP24, T_BW, PA, PA + 4 + 0xfffffe + 1, F, 0, 0, 0, D_THMB24, 0xfffffe, 1},
    {"THM_JUMP24 2^24", R_ARM_THM_JUMP24, T_BW, PA, PA + 4 + 0x1000000 + 1, F, 0, 0, ER, D_THMB24, 0, -1},
    {"THM_JUMP24 to Arm, no veneer", R_ARM_THM_JUMP24, T_BW, PA, PA + 0x100, F, 0, 0, ER, D_THMB24, 0, -1},
    {"THM_JUMP19", R_ARM_THM_JUMP19, T_BEQW, PA, PA + 0x1001, F, 0, 0, 0, D_THMB19, 0xffc, -1},
    {"THM_JUMP19 max", R_ARM_THM_JUMP19, T_BEQW, PA, PA + 4 + 0xffffe + 1, F, 0, 0, 0, D_THMB19, 0xffffe, -1},
    {"THM_JUMP19 2^20", R_ARM_THM_JUMP19, T_BEQW, PA, PA + 4 + 0x100000 + 1, F, 0, 0, ER, D_THMB19, 0, -1},
    {"THM_JUMP19 -2^20", R_ARM_THM_JUMP19, T_BEQW, PA, PA + 4 - 0x100000 + 1, F, 0, 0, 0, D_THMB19,
     -0x100000, -1},
    {"THM_JUMP19 -2^20-2", R_ARM_THM_JUMP19, T_BEQW, PA, PA + 2 - 0x100000 + 1, F, 0, 0, ER, D_THMB19, 0, -1},
    {"THM_JUMP11 max", R_ARM_THM_JUMP11, T_B16, PA, PA + 4 + 0x7fe, O, 0, 0, 0, D_THM11, 0x7fe, -1},
    {"THM_JUMP11 2^11", R_ARM_THM_JUMP11, T_B16, PA, PA + 4 + 0x800, O, 0, 0, ER, D_THM11, 0, -1},
    {"THM_JUMP11 -2^11", R_ARM_THM_JUMP11, T_B16, PA, PA + 4 - 0x800, O, 0, 0, 0, D_THM11, -0x800, -1},
    {"THM_JUMP8 max", R_ARM_THM_JUMP8, T_BEQ16, PA, PA + 4 + 0xfe, O, 0, 0, 0, D_THM8, 0xfe, -1},
    {"THM_JUMP8 2^8", R_ARM_THM_JUMP8, T_BEQ16, PA, PA + 4 + 0x100, O, 0, 0, ER, D_THM8, 0, -1},
    {"THM_JUMP8 -2^8-2", R_ARM_THM_JUMP8, T_BEQ16, PA, PA + 2 - 0x100, O, 0, 0, ER, D_THM8, 0, -1},
};

static void test_rows(void **state) {
    (void)state;
    size_t n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        const struct row *t = &rows[i];
        unsigned char buf[8], before[8];
        memset(buf, 0xa5, sizeof buf);
        unsigned w = width(t->dec);
        h_wrn(buf, t->init, w);
        memcpy(before, buf, sizeof buf);
        struct h_reloc r = {
            .type = t->type, .where = buf, .P = t->P, .S = t->S, .rela = 0, .G = t->G,
            .GOT = t->GOT, .sym_type = t->st,
        };
        int rc = h_apply(&r);
        if (rc != t->rc)
            fail_msg("%s: rc %d, expected %d", t->what, rc, t->rc);
        if (rc != 0) {
            if (memcmp(buf, before, sizeof buf))
                fail_msg("%s: place modified on failure", t->what);
            continue;
        }
        if (memcmp(buf + w, before + w, sizeof buf - w))
            fail_msg("%s: wrote past the field", t->what);
        uint32_t out = (uint32_t)h_rdn(buf, w);
        int32_t got = decode(t->dec, out), want = t->expect;
        if (t->dec == D_W16 || t->dec == D_ARMMOV || t->dec == D_THMMOV)
            want &= 0xffff;
        else if (t->dec == D_W8)
            want &= 0xff;
        if (got != want)
            fail_msg("%s: field 0x%x, expected 0x%x", t->what, (unsigned)got, (unsigned)want);
        uint32_t keep = ~field_mask(t->dec) & (w == 4 ? 0xffffffffu : (1u << (8 * w)) - 1);
        if ((out & keep) != (t->init & keep))
            fail_msg("%s: bits outside the field changed: 0x%08x -> 0x%08x", t->what, t->init, out);
        if (t->op >= 0) {
            if (t->dec == D_ARMB) {
                uint32_t top = out >> 24;
                if ((top >> 4) == 0xf)
                    top &= ~1u;                    /* BLX: H is part of the offset */
                if ((int)top != t->op)
                    fail_msg("%s: opcode 0x%02x, expected 0x%02x", t->what, top, t->op);
                if (t->op == 0xeb || t->op == 0xea || t->op == 0x0a)
                    if ((out & 0x0f000000u) != (t->op == 0xeb ? 0x0b000000u : 0x0a000000u))
                        fail_msg("%s: not a B/BL", t->what);
            } else if (t->dec == D_THMB24 && (int)((out >> 28) & 1) != t->op) {
                fail_msg("%s: hw2[12] %u, expected %d", t->what, (out >> 28) & 1, t->op);
            }
        }
    }
    printf("[ obj ] %zu encoder rows checked\n", n);
}

/* ---------------------------------------------------------------- classification */

static void test_classify(void **state) {
    (void)state;
    /* every type gcc 12 (Thumb-2 default and -marm), clang 14 and zig 0.14 (arm and thumb
     * targets) emitted for C/C++ at -O0/-O2/-Os with -fPIC/-fpic/-fPIE/-fno-pic,
     * -mword-relocations, -mlong-calls, plus C++ exception tables (TARGET2), -mexecute-only
     * (MOVW_PREL) and -march=armv4t (V4BX) */
    static const uint32_t emitted[] = {
        R_ARM_ABS32, R_ARM_REL32, R_ARM_BASE_PREL, R_ARM_CALL, R_ARM_GOT_BREL, R_ARM_GOT_PREL, R_ARM_JUMP24, R_ARM_MOVT_ABS, R_ARM_MOVW_ABS_NC, R_ARM_NONE,
        R_ARM_PREL31, R_ARM_TARGET1, R_ARM_TARGET2, R_ARM_THM_CALL, R_ARM_THM_JUMP24, R_ARM_THM_MOVT_ABS, R_ARM_THM_MOVW_ABS_NC,
        R_ARM_THM_MOVT_PREL, R_ARM_THM_MOVW_PREL_NC, R_ARM_V4BX,
    };
    for (size_t i = 0; i < sizeof emitted / sizeof emitted[0]; i++) {
        const char *name = NULL;
        unsigned f = h_classify(emitted[i], &name);
        assert_true(f & ELFLD_OBJ_KNOWN);
        assert_false(f & ELFLD_OBJ_TLS);
        assert_non_null(name);
        assert_memory_equal(name, "R_ARM_", 6);
    }
    const char *name = NULL;
    static const uint32_t branches[] = {R_ARM_PC24, R_ARM_THM_CALL, R_ARM_PLT32, R_ARM_CALL, R_ARM_JUMP24, R_ARM_THM_JUMP24, R_ARM_THM_JUMP19};
    for (size_t i = 0; i < sizeof branches / sizeof branches[0]; i++)
        assert_int_equal(h_classify(branches[i], NULL),
                         ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH);
    assert_int_equal(h_classify(R_ARM_GOT_BREL, &name),
                     ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE);
    assert_string_equal(name, "R_ARM_GOT_BREL");
    assert_int_equal(h_classify(R_ARM_GOT_PREL, NULL), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT);
    assert_int_equal(h_classify(R_ARM_TARGET2, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT);
    assert_string_equal(name, "R_ARM_TARGET2");
    assert_int_equal(h_classify(R_ARM_BASE_PREL, NULL), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT_BASE);
    assert_int_equal(h_classify(R_ARM_GOTOFF32, NULL), ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT_BASE);
    assert_int_equal(h_classify(R_ARM_TARGET1, NULL), ELFLD_OBJ_KNOWN);
    assert_int_equal(h_classify(R_ARM_NONE, NULL), ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP);
    assert_int_equal(h_classify(R_ARM_V4BX, &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP);
    assert_string_equal(name, "R_ARM_V4BX");
    /* thread-local types not applied in objects: dynamic ones, the 12-bit LDR forms no
     * compiler emits, the descriptor sequences' relaxation markers */
    static const uint32_t tls[] = {
        R_ARM_TLS_DESC, R_ARM_TLS_DTPMOD32, R_ARM_TLS_DTPOFF32, R_ARM_TLS_TPOFF32,
        R_ARM_TLS_DESCSEQ, R_ARM_TLS_LDO12, R_ARM_TLS_LE12, R_ARM_TLS_IE12GP,
        R_ARM_THM_TLS_DESCSEQ16, R_ARM_THM_TLS_DESCSEQ32,
    };
    for (size_t i = 0; i < sizeof tls / sizeof tls[0]; i++) {
        name = NULL;
        assert_int_equal(h_classify(tls[i], &name), ELFLD_OBJ_KNOWN | ELFLD_OBJ_TLS);
        assert_memory_equal(name, "R_ARM_", 6);
    }
    /* ... and those applied, with the form the core computes for them (arch.h) */
    static const struct { uint32_t type; unsigned form, extra; } tls_applied[] = {
        {R_ARM_TLS_GD32, ELFLD_TLS_GD, 0},        {R_ARM_TLS_LDM32, ELFLD_TLS_LD, 0},
        {R_ARM_TLS_LDO32, ELFLD_TLS_DTPOFF, 0},   {R_ARM_TLS_IE32, ELFLD_TLS_IE, 0},
        {R_ARM_TLS_LE32, ELFLD_TLS_TPOFF, 0},     {R_ARM_TLS_GOTDESC, ELFLD_TLS_DESC, 0},
        {R_ARM_TLS_CALL, ELFLD_TLS_DESC, ELFLD_OBJ_BRANCH},
        {R_ARM_THM_TLS_CALL, ELFLD_TLS_DESC, ELFLD_OBJ_BRANCH},
    };
    for (size_t i = 0; i < sizeof tls_applied / sizeof tls_applied[0]; i++)
        assert_int_equal(h_classify(tls_applied[i].type, NULL),
                         ELFLD_OBJ_KNOWN | ELFLD_OBJ_TLS | tls_applied[i].extra |
                             ELFLD_OBJ_TLS_FORM(tls_applied[i].form));
    h_classify(R_ARM_TLS_GD32, &name);
    assert_string_equal(name, "R_ARM_TLS_GD32");
    /* unknown: static types not applied (group relocations, SB-relative, obsolete), dynamic-only,
     * and codes without a type: 112 (R_ARM_PRIVATE_0), 200 (unallocated), 255 (obsolete
     * R_ARM_RBASE), 256 and up (beyond the 8-bit ELF32 type) */
    static const uint32_t unknown[] = {
        R_ARM_LDR_PC_G0, R_ARM_ABS12, R_ARM_SBREL32, R_ARM_COPY, R_ARM_GLOB_DAT, R_ARM_JUMP_SLOT,
        R_ARM_RELATIVE, R_ARM_ALU_PC_G0_NC, R_ARM_ALU_SB_G0_NC, R_ARM_MOVW_BREL_NC,
        R_ARM_THM_MOVW_BREL_NC, 112, R_ARM_IRELATIVE, 200, 255, 256, 0xffffffffu,
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        name = "x";
        assert_int_equal(h_classify(unknown[i], &name), 0);
        assert_null(name);
        unsigned char buf[4] = {0};
        struct h_reloc r = {.type = unknown[i], .where = buf};
        assert_int_equal(h_apply(&r), ELFLD_ERELTYPE);
    }
    unsigned known = 0;
    for (uint32_t t = 0; t < 512; t++)
        if (h_classify(t, NULL))
            known++;
    assert_int_equal(known, 54);
    assert_int_equal(elfld_arch_stub_size, 16);
}

/* ---------------------------------------------------------------- NOP / TLS / weak / RELA */

static void test_misc(void **state) {
    (void)state;
    uint32_t w = 0xe12fff1eu;                               /* bx lr, marked by V4BX */
    assert_int_equal(h_apply1(R_ARM_V4BX, &w, PA, 0, 0, 0, STT_NOTYPE), 0);
    assert_int_equal(h_apply1(R_ARM_NONE, &w, PA, 0x1234, 0, 0, STT_NOTYPE), 0);
    assert_int_equal(w, 0xe12fff1eu);
    assert_int_equal(h_apply1(R_ARM_TLS_LE12, &w, PA, 0x1234, 0, 0, STT_TLS), ELFLD_ETLS);
    assert_int_equal(w, 0xe12fff1eu);
    /* unresolved weak (S = 0, untyped): a call becomes a branch to the next instruction */
    w = A_BL;
    assert_int_equal(h_apply1(R_ARM_CALL, &w, 0x40000000u, 0, 0, 0, STT_NOTYPE), 0);
    assert_int_equal(w, 0xebffffffu);                        /* bl P+4 (offset -4 from P+8) */
    w = A_BLX;
    assert_int_equal(h_apply1(R_ARM_CALL, &w, 0x40000000u, 0, 0, 0, STT_NOTYPE), 0);
    assert_int_equal(w, 0xebffffffu);
    w = T_BL;
    assert_int_equal(h_apply1(R_ARM_THM_CALL, &w, 0x40000000u, 0, 0, 0, STT_NOTYPE), 0);
    assert_int_equal(decode(D_THMB24, w), 0);                 /* bl P+4 */
    assert_int_equal((w >> 28) & 1, 1);
    /* a typed function at 0 is a real, far target */
    w = A_BL;
    assert_int_equal(h_apply1(R_ARM_CALL, &w, 0x40000000u, 0, 0, 0, STT_FUNC), ELFLD_ERANGE);
    /* RELA objects: the explicit addend, the place's bits ignored */
    w = 0xdeadbeefu;
    assert_int_equal(h_apply1(R_ARM_ABS32, &w, PA, 0x1000, 0x10, 1, STT_OBJECT), 0);
    assert_int_equal(w, 0x1010);
    w = 0xeb123456u;
    assert_int_equal(h_apply1(R_ARM_CALL, &w, PA, PA + 0x100, -8, 1, STT_FUNC), 0);
    assert_int_equal(w, 0xeb00003eu);
    w = T2(0xf000, 0xf800);                                   /* bl with a zero field */
    assert_int_equal(h_apply1(R_ARM_THM_CALL, &w, PA, PA + 0x101, -4, 1, STT_FUNC), 0);
    assert_int_equal(decode(D_THMB24, w), 0xfc);
    w = A_MOVT | 0xf0ffcu;
    assert_int_equal(h_apply1(R_ARM_MOVT_ABS, &w, PA, 0x12340002u, 0, 1, STT_OBJECT), 0);
    assert_int_equal(decode(D_ARMMOV, w), 0x1234);
}

/* ---------------------------------------------------------------- veneers */

/* Decode both veneer forms; returns the destination (identical in both). */
static uint32_t decode_stub(const unsigned char *stub) {
    assert_int_equal(h_rd32(stub), 0xe51ff004u);               /* ldr pc, [pc, #-4] */
    uint32_t h1 = h_rd16(stub + 8);
    uint32_t h2 = h_rd16(stub + 10);
    assert_int_equal(h1, 0xf8df);                              /* ldr.w pc, [pc, #imm12] U=1 */
    assert_int_equal(h2 >> 12, 15);                            /* Rt = pc */
    assert_int_equal(h2 & 0xfff, 0);                           /* Align(PC,4) + 0 = +12 */
    assert_int_equal(h_rd32(stub + 4), h_rd32(stub + 12));
    return h_rd32(stub + 4);
}

struct vcase {
    const char *what;
    uint32_t type, init;
    uint32_t S;             /* relative to P */
    int thumb_caller;
    int rc;
};

/*
 * Thread-local storage.  The literal words: GD32 / LDM32 / IE32 are the GOT entry's offset
 * from the place (the addend holds the PC bias of the add that uses them), LDO32 / LE32 the
 * offset S.  A descriptor call: `ldr r0, 1f; 2: bl x(tlscall); ... 1: .word x(tlsdesc) + (. -
 * 2b)` (Thumb: + 1): the call's trampoline adds its return address (lr) to r0, so the word
 * must be the descriptor's address less lr, and the call must reach the trampoline, which
 * loads the resolver from the descriptor's second word.
 */
static void test_tls(void **state) {
    (void)state;
    const uint32_t P = 0x00800100u, G = 0x00a00010u, S = 0x1234u;
    uint32_t w = 8;                                   /* + (. - .LPIC - 8): any addend */
    assert_int_equal(h_apply(&(struct h_reloc){.type = R_ARM_TLS_GD32, .where = (void *)&w,
                                               .P = P, .G = G, .sym_type = STT_TLS}), 0);
    assert_int_equal(w, G + 8 - P);
    w = 4;
    assert_int_equal(h_apply(&(struct h_reloc){.type = R_ARM_TLS_LDM32, .where = (void *)&w,
                                               .P = P, .G = G, .sym_type = STT_TLS}), 0);
    assert_int_equal(w, G + 4 - P);
    w = 0x10;
    assert_int_equal(h_apply(&(struct h_reloc){.type = R_ARM_TLS_IE32, .where = (void *)&w,
                                               .P = P, .G = G, .sym_type = STT_TLS}), 0);
    assert_int_equal(w, G + 0x10 - P);
    w = 4;
    assert_int_equal(h_apply1(R_ARM_TLS_LDO32, &w, P, S, 0, 0, STT_TLS), 0);
    assert_int_equal(w, S + 4);
    w = 0;
    assert_int_equal(h_apply1(R_ARM_TLS_LE32, &w, P, S, 0x20, 1, STT_TLS), 0);   /* RELA */
    assert_int_equal(w, S + 0x20);

    /* descriptor calls, Arm and Thumb: the call 12 bytes before the word */
    static const struct { uint32_t call_type, call, thumb; } seq[] = {
        {R_ARM_TLS_CALL, A_BL, 0},
        {R_ARM_THM_TLS_CALL, T2(0xf000, 0xf800), 1},
    };
    const uint32_t SA = 0x00900000u;                  /* the trampoline (veneer slot) */
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        const uint32_t call = P, word = P + 12, thumb = seq[i].thumb;
        uint32_t lr = call + 4 + thumb;
        w = word - call + thumb;                      /* + (. - 2b) [+ 1] */
        assert_int_equal(h_apply(&(struct h_reloc){.type = R_ARM_TLS_GOTDESC,
                                                   .where = (void *)&w, .P = word, .G = G,
                                                   .sym_type = STT_TLS}), 0);
        assert_int_equal(lr + w, G);
        unsigned char stub[16];
        memset(stub, 0, sizeof stub);
        uint32_t insn = seq[i].call;
        struct h_reloc r = {.type = seq[i].call_type, .where = (void *)&insn, .P = call,
                            .G = G, .sym_type = STT_TLS, .stub = stub, .stub_addr = SA};
        assert_int_equal(h_apply(&r), 0);
        if (thumb) {                                  /* BLX from Align(P + 4, 4) */
            assert_int_equal((insn >> 16) & 0x1000u, 0);
            assert_int_equal(((call + 4) & ~3u) + (uint32_t)decode(D_THMB24, insn), SA);
        } else {                                      /* BL from P + 8 */
            assert_int_equal(insn >> 24, 0xeb);
            assert_int_equal(call + 8 + (uint32_t)decode(D_ARMB, insn), SA);
        }
        assert_int_equal(h_rd32(stub), 0xe08e0000u);          /* add r0, lr, r0 */
        assert_int_equal(h_rd32(stub + 4), 0xe5901004u);      /* ldr r1, [r0, #4] */
        assert_int_equal(h_rd32(stub + 8), 0xe12fff11u);      /* bx  r1 */
        r.stub = NULL;                                        /* no slot: refused */
        assert_int_equal(h_apply(&r), ELFLD_ERANGE);
        /* a slot just out of the call's reach (BLX +-16 MiB from Align(P + 4, 4), BL +-32 MiB
         * from P + 8): refused; just within it: taken */
        uint32_t reach = thumb ? 1u << 24 : 1u << 25;
        uint32_t base = thumb ? ((call + 4) & ~3u) : call + 8;
        r.stub = stub;
        r.stub_addr = base + reach;
        assert_int_equal(h_apply(&r), ELFLD_ERANGE);
        r.stub_addr = base + reach - 4;
        assert_int_equal(h_apply(&r), 0);
        assert_int_equal(elfld_arch_obj_branch_reach(seq[i].call_type), reach);
    }
    /* every descriptor call needs its trampoline, whatever the target */
    assert_true(elfld_arch_obj_branch_switches(R_ARM_TLS_CALL, 0x100, STT_TLS));
    assert_true(elfld_arch_obj_branch_switches(R_ARM_THM_TLS_CALL, 0x100, STT_TLS));
}

static void test_stubs(void **state) {
    (void)state;
    const uint32_t P = 0x10000000u, SA = 0x10040000u;           /* stub area 256 KiB after P */
    static const struct vcase cases[] = {
        {"CALL far Arm", R_ARM_CALL, A_BL, 0x4000000u, 0, 0},
        {"CALL far Thumb", R_ARM_CALL, A_BL, 0x4000001u, 0, 0},
        {"CALL far from BLX", R_ARM_CALL, A_BLX, (uint32_t)-0x4000000 + 1, 0, 0},
        {"JUMP24 near Thumb", R_ARM_JUMP24, A_B, 0x101u, 0, 0},
        {"JUMP24 BEQ far", R_ARM_JUMP24, A_BEQ, 0x8000000u, 0, 0},
        {"PC24 B near Thumb", R_ARM_PC24, A_B, 0x101u, 0, 0},
        {"THM_CALL far Thumb", R_ARM_THM_CALL, T_BL, 0x2000001u, 1, 0},
        {"THM_CALL far Arm", R_ARM_THM_CALL, T_BL, (uint32_t)-0x2000000, 1, 0},
        {"THM_JUMP24 near Arm", R_ARM_THM_JUMP24, T_BW, 0x100u, 1, 0},
        {"THM_JUMP24 far Thumb", R_ARM_THM_JUMP24, T_BW, 0x3000001u, 1, 0},
        {"THM_JUMP19 near Arm", R_ARM_THM_JUMP19, T_BEQW, 0x100u, 1, 0},
        {"THM_JUMP19 far Thumb", R_ARM_THM_JUMP19, T_BEQW, 0x200001u, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct vcase *c = &cases[i];
        unsigned char stub[16];
        uint32_t w = c->init;
        memset(stub, 0, sizeof stub);
        struct h_reloc r = {
            .type = c->type, .where = (unsigned char *)&w, .P = P,
            .S = P + c->S + (c->thumb_caller ? 4 : 8),  /* the REL addend (-8 / -4) cancels it */
            .sym_type = STT_FUNC, .stub = stub, .stub_addr = SA,
        };
        int rc = h_apply(&r);
        if (rc != c->rc)
            fail_msg("%s: rc %d", c->what, rc);
        /* the veneer holds the destination, with the Thumb bit */
        uint32_t dest = decode_stub(stub);
        if (dest != (uint32_t)r.S)
            fail_msg("%s: veneer to 0x%x, expected 0x%x", c->what, dest, (uint32_t)r.S);
        /* the branch reaches the veneer form of its own state, with the same instruction */
        if (!c->thumb_caller) {
            uint32_t to = P + 8 + (uint32_t)decode(D_ARMB, w);
            if (to != SA)
                fail_msg("%s: branch to 0x%x, not the Arm veneer", c->what, to);
            uint32_t expect_top = c->init >> 24 == 0xfa ? 0xebu : c->init >> 24;
            assert_int_equal(w >> 24, expect_top);
        } else {
            enum dec d = c->type == R_ARM_THM_JUMP19 ? D_THMB19 : D_THMB24;
            uint32_t to = P + 4 + (uint32_t)decode(d, w);
            if (to != SA + 8)
                fail_msg("%s: branch to 0x%x, not the Thumb veneer", c->what, to);
            assert_int_equal(w & ~field_mask(d), c->init & ~field_mask(d));
            if (c->type == R_ARM_THM_CALL)
                assert_int_equal((w >> 28) & 1, 1);         /* stays BL (Thumb veneer) */
        }
        /* no veneer planned: ERANGE, place untouched */
        w = c->init;
        r.stub = NULL;
        assert_int_equal(h_apply(&r), ELFLD_ERANGE);
        assert_int_equal(w, c->init);
    }
    /* the veneer itself out of reach: THM_JUMP19 +-1 MiB from the place */
    unsigned char stub[16];
    uint32_t w = T_BEQW;
    struct h_reloc r = {.type = R_ARM_THM_JUMP19, .where = (unsigned char *)&w};
    r.P = P;
    r.S = P + 0x100;                                      /* Arm: needs the veneer */
    r.sym_type = STT_FUNC;
    r.stub = stub;
    r.stub_addr = P + 0xffff8;            /* Thumb form at +8: the last aligned area in reach */
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(decode(D_THMB19, w), 0xffffc);
    w = T_BEQW;
    r.stub_addr = P + 0xffffc;            /* the first out of reach (X = 2^20) */
    assert_int_equal(h_apply(&r), ELFLD_ERANGE);
    assert_int_equal(w, T_BEQW);
    r.stub_addr = P + 0x1002;                             /* misaligned area: refused */
    assert_int_equal(h_apply(&r), ELFLD_ERANGE);
    /* Arm CALL: veneer exactly at -2^25 from P + 8 */
    w = A_BL;
    r.type = R_ARM_CALL;
    r.P = 0x8000000u;
    r.S = 0x40000000u;
    r.stub_addr = 0x8000000u + 8 - 0x2000000u;
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(decode(D_ARMB, w), -0x2000000);
    w = A_BL;
    r.stub_addr -= 4;
    assert_int_equal(h_apply(&r), ELFLD_ERANGE);
}

/* ---------------------------------------------------------------- execution */

#if CAN_EXECUTE
__attribute__((noinline, target("thumb"))) static int thumb_fn(int x) { return x * 3 + 1; }
__attribute__((noinline, target("arm"))) static int arm_fn(int x) { return x * 5 + 2; }

/*
 * Build a caller at `code` in `thumb` state: push {r4, lr}; <bl to the relocation>; pop {r4, pc}
 * (or, for a jump, just the B / B.W: a tail call), relocate it with `type` against `S`, with
 * the veneer area at `stub`, and call it with 7.  *via_stub says whether the branch went to
 * the veneer.
 */
static int run(unsigned char *code, unsigned char *stub, int thumb, uint32_t type, uintptr_t S,
               int *via_stub) {
    unsigned char *br;
    if (!thumb) {
        if (type == R_ARM_CALL) {
            h_wr32(code, 0xe92d4010u);      /* push {r4, lr} */
            h_wr32(code + 4, A_BL);
            h_wr32(code + 8, 0xe8bd8010u);  /* pop {r4, pc} */
            br = code + 4;
        } else {
            h_wr32(code, A_B);              /* b target (tail call) */
            br = code;
        }
    } else {
        if (type == R_ARM_THM_CALL) {
            h_wr16(code, 0xb510);           /* push {r4, lr} */
            h_wr32(code + 2, T_BL);         /* (not 4-aligned: exercises BLX's Align(PC, 4)) */
            h_wr16(code + 6, 0xbd10);       /* pop {r4, pc} */
            br = code + 2;
        } else {
            h_wr32(code, T_BW);             /* b.w target (tail call) */
            br = code;
        }
    }
    memset(stub, 0, 16);
    struct h_reloc r = {
        .type = type, .where = br, .P = (uintptr_t)br, .S = S, .sym_type = STT_FUNC,
        .stub = stub, .stub_addr = (uintptr_t)stub,
    };
    assert_int_equal(h_apply(&r), 0);
    *via_stub = h_rd32(stub) != 0;
    h_sync_code(code, 64);
    h_sync_code(stub, 16);
    int (*fn)(int) = (int (*)(int))((uintptr_t)code | (thumb ? 1 : 0));
    return fn(7);
}
#endif

static void test_execute(void **state) {
    (void)state;
#if CAN_EXECUTE
    uintptr_t tf = (uintptr_t)&thumb_fn, af = (uintptr_t)&arm_fn;
    assert_int_equal(tf & 1, 1);
    assert_int_equal(af & 1, 0);
    /* far: > 32 MiB from both functions, so every branch needs the veneer */
    static const uintptr_t hints[] = {0x60000000u, 0x90000000u, 0xb0000000u, 0x30000000u};
    const uintptr_t fns[] = {tf, af};
    unsigned char *far = h_map_exec_far(hints, 4, 65536, fns, 2, 64u << 20);
    assert_non_null(far);
    int via = 0;
    /* Arm caller -> Thumb callee (BL -> veneer, state switch by ldr pc) */
    assert_int_equal(run(far, far + 0x1000, 0, R_ARM_CALL, tf, &via), 22);
    assert_true(via);
    /* Arm caller -> Arm callee, Arm jump -> Thumb */
    assert_int_equal(run(far, far + 0x1000, 0, R_ARM_CALL, af, &via), 37);
    assert_true(via);
    assert_int_equal(run(far, far + 0x1000, 0, R_ARM_JUMP24, tf, &via), 22);
    assert_true(via);
    /* Thumb caller -> Arm / Thumb callee, Thumb B.W -> Arm (Thumb veneer form) */
    assert_int_equal(run(far, far + 0x1000, 1, R_ARM_THM_CALL, af, &via), 37);
    assert_true(via);
    assert_int_equal(run(far, far + 0x1000, 1, R_ARM_THM_CALL, tf, &via), 22);
    assert_true(via);
    assert_int_equal(run(far, far + 0x1000, 1, R_ARM_THM_JUMP24, af, &via), 37);
    assert_true(via);
    /* near: callees in the same mapping: BLX / BL direct, B / B.W across states via veneer */
    unsigned char *m = far;
    h_wr16(m + 0x800, 0x204d);            /* Thumb: movs r0, #77 */
    h_wr16(m + 0x802, 0x4770);            /*        bx lr */
    h_wr32(m + 0x900, 0xe3a0004du);       /* Arm:   mov r0, #77 */
    h_wr32(m + 0x904, 0xe12fff1eu);       /*        bx lr */
    h_sync_code(m + 0x800, 0x110);
    uintptr_t nt = (uintptr_t)(m + 0x800) | 1, na = (uintptr_t)(m + 0x900);
    assert_int_equal(run(m, m + 0x1000, 0, R_ARM_CALL, nt, &via), 77);        /* BLX */
    assert_false(via);
    assert_int_equal(decode(D_ARMB, h_rd32(m + 4)) , (int32_t)(0x800 - 4 - 8));
    assert_int_equal(h_rd32(m + 4) >> 25, 0x7du);
    assert_int_equal(run(m, m + 0x1000, 0, R_ARM_CALL, na, &via), 77);        /* BL */
    assert_false(via);
    assert_int_equal(run(m, m + 0x1000, 1, R_ARM_THM_CALL, na, &via), 77);    /* BLX from P%4=2 */
    assert_false(via);
    assert_int_equal(run(m, m + 0x1000, 1, R_ARM_THM_CALL, nt, &via), 77);    /* BL */
    assert_false(via);
    assert_int_equal(run(m, m + 0x1000, 0, R_ARM_JUMP24, nt, &via), 77);      /* B: veneer */
    assert_true(via);
    assert_int_equal(run(m, m + 0x1000, 1, R_ARM_THM_JUMP24, na, &via), 77);  /* B.W: veneer */
    assert_true(via);
    h_unmap(far, 65536);
    printf("[ obj ] executed 12 Arm/Thumb calls (6 through veneers at %p)\n", (void *)(far + 0x1000));
#else
    skip();
#endif
}

/* ---------------------------------------------------------------- field sizes */
/*
 * Every type the backend applies, with the bytes of its field from aaelf32 and the Arm ARM: an
 * Arm instruction is a 32-bit word (4), a Thumb-2 one two halfwords (4), a Thumb-16 one
 * (THM_JUMP11, THM_JUMP8) a halfword (2); data words 4, ABS16 2, ABS8 1.  REL objects (the
 * addend read from the same bytes) and RELA.  Accepted when the field ends exactly at the end
 * of its section, refused (ELFLD_ERELOC, nothing read or written) one byte further.
 */
static const struct h_field field_sizes[] = {
    {R_ARM_PC24, 4}, {R_ARM_ABS32, 4}, {R_ARM_REL32, 4}, {R_ARM_ABS16, 2}, {R_ARM_ABS8, 1},
    {R_ARM_THM_CALL, 4}, {R_ARM_GOTOFF32, 4}, {R_ARM_BASE_PREL, 4}, {R_ARM_GOT_BREL, 4},
    {R_ARM_PLT32, 4}, {R_ARM_CALL, 4}, {R_ARM_JUMP24, 4}, {R_ARM_THM_JUMP24, 4},
    {R_ARM_BASE_ABS, 4}, {R_ARM_TARGET1, 4}, {R_ARM_TARGET2, 4}, {R_ARM_PREL31, 4},
    {R_ARM_MOVW_ABS_NC, 4}, {R_ARM_MOVT_ABS, 4}, {R_ARM_MOVW_PREL_NC, 4}, {R_ARM_MOVT_PREL, 4},
    {R_ARM_THM_MOVW_ABS_NC, 4}, {R_ARM_THM_MOVT_ABS, 4}, {R_ARM_THM_MOVW_PREL_NC, 4},
    {R_ARM_THM_MOVT_PREL, 4}, {R_ARM_THM_JUMP19, 4}, {R_ARM_ABS32_NOI, 4},
    {R_ARM_REL32_NOI, 4}, {R_ARM_GOT_ABS, 4}, {R_ARM_GOT_PREL, 4}, {R_ARM_THM_JUMP11, 2},
    {R_ARM_THM_JUMP8, 2},
};

static void test_field_sizes(void **state) {
    (void)state;
    const struct h_reloc rel = {.S = 0x40, .rela = 0, .G = 0x80, .GOT = 0x10, .sym_type = STT_FUNC};
    const struct h_reloc rela = {.S = 0x40, .rela = 1, .G = 0x80, .GOT = 0x10, .sym_type = STT_FUNC};
    const char *why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0],
                                     256, &rel);
    if (why)
        fail_msg("REL: %s", why);
    why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0], 256, &rela);
    if (why)
        fail_msg("RELA: %s", why);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_misc),
        cmocka_unit_test(test_stubs),
        cmocka_unit_test(test_tls),
        cmocka_unit_test(test_execute),
        cmocka_unit_test(test_field_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
