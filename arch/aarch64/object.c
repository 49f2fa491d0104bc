/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 backend: static relocations in relocatable objects (.o) and branch veneers.
 *
 * Source: "ELF for the Arm 64-bit Architecture" (aaelf64), section "Relocation" and its
 * subsections: "Relocation operations" (nomenclature: S, A, P, X, Page(expr) = expr & ~0xFFF,
 * GOT, G(GDAT(S))), "Static Data relocations", "Static AArch64 relocations" (tables "Group
 * relocations ..." (MOVW), "Relocations to generate 19, 21 and 33 bit PC-relative addresses",
 * "Relocations for control-flow instructions", "GOT-relative ... relocations"), "Call and
 * Jump relocations" (veneers), "Group relocations" and "Relocations for thread-local storage".
 * Every object file is ELF64 RELA: the addend is r->A.
 *
 * Instruction fields (Arm ARM, A64 encodings), all little-endian 32-bit words:
 *   MOVZ/MOVN/MOVK  imm16 = insn[20:5]; opc = insn[30:29] (MOVN 00, MOVZ 10, MOVK 11)
 *   ADR/ADRP        immlo = insn[30:29], immhi = insn[23:5]  (imm21 = immhi:immlo)
 *   ADD (imm), LDR/STR (unsigned offset)  imm12 = insn[21:10]
 *   LDR (literal), B.cond, CBZ/CBNZ       imm19 = insn[23:5]
 *   TBZ/TBNZ        imm14 = insn[18:5];  B/BL  imm26 = insn[25:0]
 *
 * Veneer (stub) for CALL26 / JUMP26 / PLT32 targets out of range, 16 bytes:
 *     +0  58000050   ldr  x16, .+8
 *     +4  d61f0200   br   x16
 *     +8  .quad destination
 * aaelf64 "Call and Jump relocations": "A linker generated veneer may corrupt registers IP0
 * and IP1 [AAPCS64] and the condition flags"; x16 is IP0.  BR x16 is a valid BTI "c" landing
 * (as a call), so BTI-guarded targets accept it.  The stub must be 4-byte aligned (8 keeps
 * the literal naturally aligned for strict-alignment systems); the destination is the
 * branch's own target S + A, so the core keys stub areas by (symbol, addend).
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"
#include "../common/single_isa.h"
#include "../common/sorted_types.h"
#include "reloc_types.h"

#define NOP ELFLD_OBJ_NOP
#define BR ELFLD_OBJ_BRANCH
#define GOTF ELFLD_OBJ_GOT
#define BASE ELFLD_OBJ_GOT_BASE
#define NEAR ELFLD_OBJ_NEAR_BRANCH
/* A thread-local type applied in objects, with what the core computes for it (arch.h). */
#define TLSF(form) (ELFLD_OBJ_TLS | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))

/* What the object linker needs to know of each type, sorted by code (../common/sorted_types.h):
 * code, the bytes of its field (an A64 instruction is one 4-byte word; a data relocation's
 * word is 8, 4 or 2 bytes, as its name says), flags.  aaelf64 ELF64 codes; the ELF32 (ILP32)
 * ones are not used. */
static const struct elfld_obj_type types[] = {
    ELFLD_OBJ_TYPE(R_AARCH64_NONE, 0, NOP),
    ELFLD_OBJ_TYPE_AS(R_AARCH64_NONE_WITHDRAWN, R_AARCH64_NONE, 0, NOP),  /* "Treat as R_<CLS>_NONE" */
    /* Static Data relocations */
    ELFLD_OBJ_TYPE(R_AARCH64_ABS64, 8, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_ABS32, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_ABS16, 2, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_PREL64, 8, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_PREL32, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_PREL16, 2, 0),
    /* Group relocations: unsigned and signed absolute */
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G0, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G0_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G1, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G1_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G2, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G2_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_UABS_G3, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_SABS_G0, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_SABS_G1, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_SABS_G2, 4, 0),
    /* PC-relative addresses */
    ELFLD_OBJ_TYPE(R_AARCH64_LD_PREL_LO19, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_ADR_PREL_LO21, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_ADR_PREL_PG_HI21, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_ADR_PREL_PG_HI21_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_ADD_ABS_LO12_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_LDST8_ABS_LO12_NC, 4, 0),
    /* Control flow */
    ELFLD_OBJ_TYPE(R_AARCH64_TSTBR14, 4, NEAR),      /* no veneer: "Call and Jump relocations" */
    ELFLD_OBJ_TYPE(R_AARCH64_CONDBR19, 4, NEAR),
    ELFLD_OBJ_TYPE(R_AARCH64_JUMP26, 4, BR),
    ELFLD_OBJ_TYPE(R_AARCH64_CALL26, 4, BR),
    ELFLD_OBJ_TYPE(R_AARCH64_LDST16_ABS_LO12_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_LDST32_ABS_LO12_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_LDST64_ABS_LO12_NC, 4, 0),
    /* Group relocations: PC-relative */
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G0, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G0_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G1, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G1_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G2, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G2_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_PREL_G3, 4, 0),
    ELFLD_OBJ_TYPE(R_AARCH64_LDST128_ABS_LO12_NC, 4, 0),
    /* Group relocations: GOT-relative offsets */
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G0, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G0_NC, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G1, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G1_NC, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G2, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G2_NC, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_MOVW_GOTOFF_G3, 4, GOTF | BASE),
    /* GOT-relative data and instruction relocations */
    ELFLD_OBJ_TYPE(R_AARCH64_GOTREL64, 8, BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_GOTREL32, 4, BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_GOT_LD_PREL19, 4, GOTF),
    ELFLD_OBJ_TYPE(R_AARCH64_LD64_GOTOFF_LO15, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_ADR_GOT_PAGE, 4, GOTF),
    ELFLD_OBJ_TYPE(R_AARCH64_LD64_GOT_LO12_NC, 4, GOTF),
    ELFLD_OBJ_TYPE(R_AARCH64_LD64_GOTPAGE_LO15, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_AARCH64_PLT32, 4, BR),
    ELFLD_OBJ_TYPE(R_AARCH64_GOTPCREL32, 4, GOTF),
    /* Relocations for thread-local storage: those gcc and clang emit for the small code model
     * with the default -mtls-size=24 (and gcc's =32 MOVW pair) are applied (TLSF: G is the
     * model's GOT entry, S the DTP- or TP-relative offset); the others (tiny code model,
     * -mtls-size=12 and =48, the traditional local-dynamic pair no compiler here emits, the
     * MOVW GOT forms, the LDST forms) are refused with ELFLD_ETLS */
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSGD_ADR_PREL21),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSGD_ADR_PAGE21, 4, TLSF(GD)),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSGD_ADD_LO12_NC, 4, TLSF(GD)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSGD_MOVW_G1),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSGD_MOVW_G0_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_ADR_PREL21),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_ADR_PAGE21),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_ADD_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_G1),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_G0_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LD_PREL19),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_DTPREL_G2),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_DTPREL_G1),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_DTPREL_G0),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSLD_ADD_DTPREL_HI12, 4, TLSF(DTPOFF)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_ADD_DTPREL_LO12),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC, 4, TLSF(DTPOFF)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST8_DTPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST16_DTPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST32_DTPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST64_DTPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSIE_MOVW_GOTTPREL_G1),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, 4, TLSF(IE)),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, 4, TLSF(IE)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSIE_LD_GOTTPREL_PREL19),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_MOVW_TPREL_G2),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSLE_MOVW_TPREL_G1, 4, TLSF(TPOFF)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_MOVW_TPREL_G1_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_MOVW_TPREL_G0),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSLE_MOVW_TPREL_G0_NC, 4, TLSF(TPOFF)),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSLE_ADD_TPREL_HI12, 4, TLSF(TPOFF)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_ADD_TPREL_LO12),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, 4, TLSF(TPOFF)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST8_TPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST16_TPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST32_TPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST64_TPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSDESC_LD_PREL19),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSDESC_ADR_PREL21),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSDESC_ADR_PAGE21, 4, TLSF(DESC)),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSDESC_LD64_LO12, 4, TLSF(DESC)),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSDESC_ADD_LO12, 4, TLSF(DESC)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSDESC_OFF_G1),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSDESC_OFF_G0_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSDESC_LDR),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSDESC_ADD),
    ELFLD_OBJ_TYPE(R_AARCH64_TLSDESC_CALL, 0, TLSF(MARK)),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST128_TPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST128_DTPREL_LO12),
    ELFLD_OBJ_TLS_TYPE(R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC),
};

#undef NOP
#undef BR
#undef GOTF
#undef BASE
#undef NEAR
#undef TLSF

ELFLD_OBJ_TYPES_LOOKUP(types)

const uint32_t elfld_arch_stub_size = 16;

/* ---------------------------------------------------------------- instruction fields */
/*
 * Each helper below takes the relocation's result X (computed by the caller from the aaelf64
 * "Operation" column), checks it as the type's "Comment" column says, and only then writes the
 * place: on ELFLD_ERANGE the place is left untouched.  Little-endian access and the range
 * predicates: ../common/fields.h.
 */

static uint32_t load_insn(const unsigned char *p) { return (uint32_t)elfld__get_le(p, 4); }

/* insn with insn[lsb + width - 1 : lsb] replaced by v's low `width` bits. */
static uint32_t field(uint32_t insn, unsigned lsb, unsigned width, uint64_t v) {
    uint32_t mask = (width >= 32 ? 0xffffffffu : ((1u << width) - 1)) << lsb;
    return (insn & ~mask) | (((uint32_t)v << lsb) & mask);
}

/* Write v into the instruction field insn[lsb + width - 1 : lsb] at p. */
static void put_field(unsigned char *p, unsigned lsb, unsigned width, uint64_t v) {
    elfld__put_le(p, field(load_insn(p), lsb, width, v), 4);
}

/* ADR/ADRP: imm21 = immhi:immlo, immlo = insn[30:29], immhi = insn[23:5]. */
static void put_adr_imm(unsigned char *p, uint64_t imm21) {
    uint32_t insn = field(load_insn(p), 29, 2, imm21 & 3);
    elfld__put_le(p, field(insn, 5, 19, imm21 >> 2), 4);
}

/* Page(expr) = expr & ~0xFFF, whatever the platform's page size (aaelf64 "Relocation
 * operations"). */
static uint64_t page(uint64_t x) { return x & ~(uint64_t)0xfff; }

/* A data word of n bytes: "Write bits [8n-1:0] of X at byte-aligned place P" after the check. */
static int data(unsigned char *p, uint64_t X, unsigned n, enum elfld_field_check ck) {
    return elfld__put_checked(p, X, n, ck) ? 0 : ELFLD_ERANGE;
}

/* How a MOV[ZNK] group relocation checks X (aaelf64 "Group relocations" and the notes under the
 * MOVW tables). */
enum movw_check {
    MOVW_NC,         /* _NC forms, and UABS_G3 (bits [63:48]: nothing can overflow) */
    MOVW_UNSIGNED,   /* UABS_Gn: check 0 <= X < 2^(16(n+1)); the instruction stays MOVZ */
    MOVW_SIGNED,     /* the other checking forms: X >= 0 selects MOVZ, X < 0 MOVN with NOT of
                        the field; check -2^(16(n+1)) <= X < 2^(16(n+1)), none for G3 */
};

/* Group n (0 to 3): imm16 = insn[20:5] = X[16n+15:16n]; MOVN/MOVZ is insn[30] (opc 00 / 10). */
static int movw(unsigned char *p, int64_t X, unsigned n, enum movw_check ck) {
    unsigned shift = 16 * n;
    uint32_t insn = load_insn(p);
    if (ck == MOVW_UNSIGNED && ((uint64_t)X >> (shift + 16)))
        return ELFLD_ERANGE;
    if (ck == MOVW_SIGNED) {
        if (n < 3) {                        /* G3 encodes all 64 bits: no check (and 2^64) */
            int64_t lim = (int64_t)1 << (shift + 16);
            if (X >= lim || X < -lim)
                return ELFLD_ERANGE;
        }
        if (X < 0) {
            insn &= ~(1u << 30);            /* MOVN */
            X = ~X;                         /* NOT (selected bits of X) */
        } else {
            insn |= 1u << 30;               /* MOVZ */
        }
    }
    elfld__put_le(p, field(insn, 5, 16, (uint64_t)X >> shift), 4);
    return 0;
}

/* Word-scaled pc-relative immediate of `width` bits at insn[lsb..] (LDR literal and B.cond
 * imm19, TBZ imm14, B/BL imm26): the field is X[width+1:2]; check -2^(width+1) <= X <
 * 2^(width+1) and X & 3 = 0 (every instruction is a multiple of 4 away). */
static int word_offset(unsigned char *p, int64_t X, unsigned lsb, unsigned width) {
    if ((X & 3) || !elfld__fits_signed(X, width + 2))
        return ELFLD_ERANGE;
    put_field(p, lsb, width, (uint64_t)X >> 2);
    return 0;
}

/* ADR: imm21 = X[20:0]; check -2^20 <= X < 2^20. */
static int adr(unsigned char *p, int64_t X) {
    if (!elfld__fits_signed(X, 21))
        return ELFLD_ERANGE;
    put_adr_imm(p, (uint64_t)X);
    return 0;
}

/* ADRP, X = Page(...) - Page(P): imm21 = X[32:12]; check -2^32 <= X < 2^32 unless _NC. */
static int adrp(unsigned char *p, int64_t X, bool check) {
    if (check && !elfld__fits_signed(X, 33))
        return ELFLD_ERANGE;
    put_adr_imm(p, (uint64_t)X >> 12);
    return 0;
}

/* ADD / LD/ST (unsigned offset) imm12 = insn[21:10] = X[11:scale], scale = log2 of the access
 * size (0 for ADD and bytes).  No overflow check; the notes ask for X to be a multiple of the
 * access size, which we check: the low bits of a misaligned value would be lost. */
static int lo12(unsigned char *p, uint64_t X, unsigned scale) {
    if (X & (((uint64_t)1 << scale) - 1))
        return ELFLD_ERANGE;
    put_field(p, 10, 12, (X & 0xfff) >> scale);
    return 0;
}

/* ADD (imm) with LSL #12, the TLS HI12 forms: imm12 = insn[21:10] = X[23:12]; check
 * 0 <= X < 2^24 (the offsets are unsigned: AArch64's TLS blocks follow the thread pointer). */
static int hi12(unsigned char *p, uint64_t X) {
    if (X >> 24)
        return ELFLD_ERANGE;
    put_field(p, 10, 12, X >> 12);
    return 0;
}

/* LD64_GOTOFF_LO15 / LD64_GOTPAGE_LO15: LDR Xt imm12 = X[14:3]; check 0 <= X < 2^15 and
 * X & 7 = 0. */
static int lo15(unsigned char *p, int64_t X) {
    if (X < 0 || X >= (int64_t)1 << 15 || (X & 7))
        return ELFLD_ERANGE;
    put_field(p, 10, 12, (uint64_t)X >> 3);
    return 0;
}

/* ---------------------------------------------------------------- branches and veneers */

/* The 16-byte veneer described at the top of the file. */
static void write_stub(unsigned char *stub, uint64_t dest) {
    elfld__put_le(stub, 0x58000050u, 4);       /* ldr x16, .+8 */
    elfld__put_le(stub + 4, 0xd61f0200u, 4);   /* br  x16 */
    elfld__put_le(stub + 8, dest, 8);          /* .quad dest */
}

/* A veneer area the branch may use: planned by the core, and 4-byte aligned. */
static bool stub_usable(const struct elfld_obj_reloc *r) {
    return r->stub && !(r->stub_addr & 3);
}

/* X = S + A - P of a TSTBR14 / CONDBR19 / JUMP26 / CALL26.  "Call and Jump relocations": on
 * platforms without dynamic pre-emption an unresolved weak reference (S = 0, untyped) is a
 * branch to the next instruction, so X = 4. */
static int64_t branch_offset(const struct elfld_obj_reloc *r, uint64_t SA) {
    if (r->S == 0 && r->sym_type == STT_NOTYPE)
        return 4;
    return (int64_t)(SA - r->P);
}

/* JUMP26 / CALL26: B/BL imm26 = X[27:2]; -2^27 <= X < 2^27.  Beyond that, a branch to the
 * veneer, which jumps to S + A. */
static int branch26(const struct elfld_obj_reloc *r, uint64_t SA) {
    int64_t X = branch_offset(r, SA);
    if (!elfld__fits_signed(X, 28) && stub_usable(r)) {
        write_stub(r->stub, SA);
        X = (int64_t)(r->stub_addr - r->P);
    }
    return word_offset(r->where, X, 0, 26);
}

/* PLT32: S + A - P as a 32-bit word, -2^31 <= X < 2^31.  "Call and Jump relocations": a veneer
 * may implement it; the function's address S is replaced by its veneer's, A stays relative to
 * the place. */
static int plt32(const struct elfld_obj_reloc *r, uint64_t A) {
    int64_t X = (int64_t)(r->S + A - r->P);
    if (!elfld__fits_signed(X, 32)) {
        if (!stub_usable(r))
            return ELFLD_ERANGE;
        X = (int64_t)(r->stub_addr + A - r->P);
        if (!elfld__fits_signed(X, 32))
            return ELFLD_ERANGE;
        write_stub(r->stub, r->S);
    }
    elfld__put_le(r->where, (uint64_t)X, 4);
    return 0;
}

/* B/BL reach +-128 MiB, PLT32 +-2 GiB. */
/*
 * Placement (arch.h): the fields of the tiny and small code models, non-PIC, and the checked
 * MOVW groups.  ADRP's page difference is within the field when S + A - P is a page inside
 * its +-4 GiB.  Branches get veneers; GOT forms address the image's own GOT.
 */
#define REACH_4G ((intptr_t)1 << 32)
#define REACH_PAGE ((intptr_t)4096)
unsigned elfld_arch_obj_reach(uint32_t type, const unsigned char *field, size_t room,
                              intptr_t *lo, intptr_t *hi) {
    (void)field;
    (void)room;
    unsigned kind = ELFLD_REACH_PCREL;
    intptr_t bits;                               /* a signed field of this many bits */
    switch (type) {
    case R_AARCH64_ADR_PREL_PG_HI21:
        *lo = -REACH_4G + REACH_PAGE;
        *hi = REACH_4G - 2 * REACH_PAGE;
        return ELFLD_REACH_PCREL;
    case R_AARCH64_ADR_PREL_LO21:   bits = 21; break;
    case R_AARCH64_LD_PREL_LO19:    bits = 21; break;
    case R_AARCH64_PREL32:          bits = 32; break;
    case R_AARCH64_PREL16:          bits = 16; break;
    case R_AARCH64_MOVW_PREL_G0:    bits = 17; break;
    case R_AARCH64_MOVW_PREL_G1:    bits = 33; break;
    case R_AARCH64_MOVW_PREL_G2:    bits = 49; break;
    case R_AARCH64_MOVW_SABS_G0:    bits = 17; kind = ELFLD_REACH_ABS; break;
    case R_AARCH64_MOVW_SABS_G1:    bits = 33; kind = ELFLD_REACH_ABS; break;
    case R_AARCH64_MOVW_SABS_G2:    bits = 49; kind = ELFLD_REACH_ABS; break;
    case R_AARCH64_ABS32:           *lo = INT32_MIN; *hi = UINT32_MAX; return ELFLD_REACH_ABS;
    case R_AARCH64_ABS16:           *lo = INT16_MIN; *hi = UINT16_MAX; return ELFLD_REACH_ABS;
    case R_AARCH64_MOVW_UABS_G0:    *lo = 0; *hi = UINT16_MAX; return ELFLD_REACH_ABS;
    case R_AARCH64_MOVW_UABS_G1:    *lo = 0; *hi = UINT32_MAX; return ELFLD_REACH_ABS;
    case R_AARCH64_MOVW_UABS_G2:    *lo = 0; *hi = ((intptr_t)1 << 48) - 1; return ELFLD_REACH_ABS;
    default:                        return ELFLD_REACH_ANY;
    }
    *lo = -((intptr_t)1 << (bits - 1));
    *hi = ((intptr_t)1 << (bits - 1)) - 1;
    return kind;
}

uintptr_t elfld_arch_obj_branch_reach(uint32_t type) {
    return type == R_AARCH64_PLT32 ? (uintptr_t)1 << 31 : (uintptr_t)1 << 27;
}

/* ---------------------------------------------------------------- apply */
/*
 * One case per type: its aaelf64 "Operation" (S + A, S + A - P, Page(S + A) - Page(P),
 * G(GDAT(S + A)) - GOT ...), then the field it goes to with its check.  G is G(GDAT(S)): the
 * addend, zero in conforming objects, is added to the entry's address (as the older wording
 * GDAT(S + A) did not).
 */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    const struct elfld_obj_type *t = obj_type_lookup(r->type);
    if (!t)
        return ELFLD_ERELTYPE;
    if ((t->flags & ELFLD_OBJ_TLS) && !ELFLD_OBJ_TLS_FORM_OF(t->flags))
        return ELFLD_ETLS;
    unsigned char *p = r->where;
    uint64_t A = (uint64_t)(int64_t)r->A;   /* ELF64 objects are RELA */
    uint64_t SA = r->S + A, P = r->P, GA = r->G + A, GOT = r->GOT;
    int64_t PREL = (int64_t)(SA - P);       /* S + A - P */
    int64_t GOTOFF = (int64_t)(GA - GOT);   /* G(GDAT(S)) + A - GOT */

    switch (r->type) {
    case R_AARCH64_NONE:
    case R_AARCH64_NONE_WITHDRAWN:      return 0;

    /* Static Data relocations (table "Data relocations") */
    case R_AARCH64_ABS64:               return data(p, SA, 8, ELFLD_FIELD_ANY);
    case R_AARCH64_ABS32:               return data(p, SA, 4, ELFLD_FIELD_BITFIELD);
    case R_AARCH64_ABS16:               return data(p, SA, 2, ELFLD_FIELD_BITFIELD);
    case R_AARCH64_PREL64:              return data(p, SA - P, 8, ELFLD_FIELD_ANY);
    case R_AARCH64_PREL32:              return data(p, SA - P, 4, ELFLD_FIELD_SIGNED);
    case R_AARCH64_PREL16:              return data(p, SA - P, 2, ELFLD_FIELD_SIGNED);
    case R_AARCH64_PLT32:               return plt32(r, A);

    /* MOV[ZNK] groups: X = S + A */
    case R_AARCH64_MOVW_UABS_G0:        return movw(p, (int64_t)SA, 0, MOVW_UNSIGNED);
    case R_AARCH64_MOVW_UABS_G0_NC:     return movw(p, (int64_t)SA, 0, MOVW_NC);
    case R_AARCH64_MOVW_UABS_G1:        return movw(p, (int64_t)SA, 1, MOVW_UNSIGNED);
    case R_AARCH64_MOVW_UABS_G1_NC:     return movw(p, (int64_t)SA, 1, MOVW_NC);
    case R_AARCH64_MOVW_UABS_G2:        return movw(p, (int64_t)SA, 2, MOVW_UNSIGNED);
    case R_AARCH64_MOVW_UABS_G2_NC:     return movw(p, (int64_t)SA, 2, MOVW_NC);
    case R_AARCH64_MOVW_UABS_G3:        return movw(p, (int64_t)SA, 3, MOVW_NC);
    case R_AARCH64_MOVW_SABS_G0:        return movw(p, (int64_t)SA, 0, MOVW_SIGNED);
    case R_AARCH64_MOVW_SABS_G1:        return movw(p, (int64_t)SA, 1, MOVW_SIGNED);
    case R_AARCH64_MOVW_SABS_G2:        return movw(p, (int64_t)SA, 2, MOVW_SIGNED);
    /* MOV[ZNK] groups: X = S + A - P */
    case R_AARCH64_MOVW_PREL_G0:        return movw(p, PREL, 0, MOVW_SIGNED);
    case R_AARCH64_MOVW_PREL_G0_NC:     return movw(p, PREL, 0, MOVW_NC);
    case R_AARCH64_MOVW_PREL_G1:        return movw(p, PREL, 1, MOVW_SIGNED);
    case R_AARCH64_MOVW_PREL_G1_NC:     return movw(p, PREL, 1, MOVW_NC);
    case R_AARCH64_MOVW_PREL_G2:        return movw(p, PREL, 2, MOVW_SIGNED);
    case R_AARCH64_MOVW_PREL_G2_NC:     return movw(p, PREL, 2, MOVW_NC);
    case R_AARCH64_MOVW_PREL_G3:        return movw(p, PREL, 3, MOVW_SIGNED);
    /* MOV[ZNK] groups: X = G(GDAT(S)) + A - GOT */
    case R_AARCH64_MOVW_GOTOFF_G0:      return movw(p, GOTOFF, 0, MOVW_SIGNED);
    case R_AARCH64_MOVW_GOTOFF_G0_NC:   return movw(p, GOTOFF, 0, MOVW_NC);
    case R_AARCH64_MOVW_GOTOFF_G1:      return movw(p, GOTOFF, 1, MOVW_SIGNED);
    case R_AARCH64_MOVW_GOTOFF_G1_NC:   return movw(p, GOTOFF, 1, MOVW_NC);
    case R_AARCH64_MOVW_GOTOFF_G2:      return movw(p, GOTOFF, 2, MOVW_SIGNED);
    case R_AARCH64_MOVW_GOTOFF_G2_NC:   return movw(p, GOTOFF, 2, MOVW_NC);
    case R_AARCH64_MOVW_GOTOFF_G3:      return movw(p, GOTOFF, 3, MOVW_SIGNED);

    /* "Relocations to generate 19, 21 and 33 bit PC-relative addresses".  No veneer can help a
     * load or an address: out of range is ELFLD_ERANGE. */
    case R_AARCH64_LD_PREL_LO19:        return word_offset(p, PREL, 5, 19);
    case R_AARCH64_ADR_PREL_LO21:       return adr(p, PREL);
    case R_AARCH64_ADR_PREL_PG_HI21:    return adrp(p, (int64_t)(page(SA) - page(P)), true);
    case R_AARCH64_ADR_PREL_PG_HI21_NC: return adrp(p, (int64_t)(page(SA) - page(P)), false);
    case R_AARCH64_ADD_ABS_LO12_NC:     return lo12(p, SA, 0);
    case R_AARCH64_LDST8_ABS_LO12_NC:   return lo12(p, SA, 0);
    case R_AARCH64_LDST16_ABS_LO12_NC:  return lo12(p, SA, 1);
    case R_AARCH64_LDST32_ABS_LO12_NC:  return lo12(p, SA, 2);
    case R_AARCH64_LDST64_ABS_LO12_NC:  return lo12(p, SA, 3);
    case R_AARCH64_LDST128_ABS_LO12_NC: return lo12(p, SA, 4);

    /* "Relocations for control-flow instructions": X = S + A - P */
    case R_AARCH64_TSTBR14:             return word_offset(p, branch_offset(r, SA), 5, 14);
    case R_AARCH64_CONDBR19:            return word_offset(p, branch_offset(r, SA), 5, 19);
    case R_AARCH64_JUMP26:
    case R_AARCH64_CALL26:              return branch26(r, SA);

    /* GOT-relative data relocations */
    case R_AARCH64_GOTREL64:            return data(p, SA - GOT, 8, ELFLD_FIELD_ANY);
    case R_AARCH64_GOTREL32:            return data(p, SA - GOT, 4, ELFLD_FIELD_SIGNED);
    case R_AARCH64_GOTPCREL32:          return data(p, GA - P, 4, ELFLD_FIELD_SIGNED);

    /* GOT-relative instruction relocations */
    case R_AARCH64_GOT_LD_PREL19:       return word_offset(p, (int64_t)(GA - P), 5, 19);
    case R_AARCH64_LD64_GOTOFF_LO15:    return lo15(p, GOTOFF);
    case R_AARCH64_ADR_GOT_PAGE:        return adrp(p, (int64_t)(page(GA) - page(P)), true);
    case R_AARCH64_LD64_GOT_LO12_NC:    return lo12(p, GA, 3);
    case R_AARCH64_LD64_GOTPAGE_LO15:   return lo15(p, (int64_t)(GA - page(GOT)));

    /* "Relocations for thread-local storage", general dynamic, initial exec and descriptors:
     * G(GTLSIDX(S,A)), G(GTPREL(S+A)) and G(GTLSDESC(S+A)) are the model's GOT entry, which the
     * core fills (arch.h); the sequences stay as the compiler wrote them (no relaxation: the
     * __tls_get_addr and the descriptor resolvers they call are libelfld's). */
    case R_AARCH64_TLSGD_ADR_PAGE21:    return adrp(p, (int64_t)(page(GA) - page(P)), true);
    case R_AARCH64_TLSGD_ADD_LO12_NC:   return lo12(p, GA, 0);
    case R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21: return adrp(p, (int64_t)(page(GA) - page(P)), true);
    case R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC: return lo12(p, GA, 3);
    case R_AARCH64_TLSDESC_ADR_PAGE21:  return adrp(p, (int64_t)(page(GA) - page(P)), true);
    case R_AARCH64_TLSDESC_LD64_LO12:   return lo12(p, GA, 3);
    case R_AARCH64_TLSDESC_ADD_LO12:    return lo12(p, GA, 0);
    case R_AARCH64_TLSDESC_CALL:        return 0;    /* marks the BLR for relaxation only */
    /* local dynamic's offsets and local exec: S is DTPREL(S) or TPREL(S), so X = S + A */
    case R_AARCH64_TLSLD_ADD_DTPREL_HI12: return hi12(p, SA);
    case R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC: return lo12(p, SA, 0);
    case R_AARCH64_TLSLE_MOVW_TPREL_G1: return movw(p, (int64_t)SA, 1, MOVW_SIGNED);
    case R_AARCH64_TLSLE_MOVW_TPREL_G0_NC: return movw(p, (int64_t)SA, 0, MOVW_NC);
    case R_AARCH64_TLSLE_ADD_TPREL_HI12: return hi12(p, SA);
    case R_AARCH64_TLSLE_ADD_TPREL_LO12_NC: return lo12(p, SA, 0);

    default:                            return ELFLD_ERELTYPE;
    }
}
