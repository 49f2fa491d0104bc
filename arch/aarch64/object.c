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

/* How apply() computes and encodes each type. */
enum {
    OP_NOP = 0,
    OP_ABS64, OP_ABS32, OP_ABS16,
    OP_PREL64, OP_PREL32, OP_PREL16, OP_PLT32,
    OP_GOTREL64, OP_GOTREL32, OP_GOTPCREL32,
    OP_MOVW,          /* param: MOVW_* (group, mode, base) */
    OP_LD_PREL19,     /* S+A-P, LDR literal */
    OP_ADR21,         /* S+A-P, ADR */
    OP_ADRP,          /* Page(S+A)-Page(P); param 1 = checked */
    OP_LO12,          /* S+A, ADD / LD/ST imm12 scaled by param (log2 of the access size) */
    OP_TSTBR14, OP_CONDBR19, OP_B26,
    OP_GOT_LD_PREL19, OP_LD64_GOTOFF_LO15, OP_ADR_GOT_PAGE, OP_LD64_GOT_LO12,
    OP_LD64_GOTPAGE_LO15,
    OP_TLS,
};

/* OP_MOVW parameter: bits 0-1 group n (field = X[16n+15:16n]); mode; value base. */
#define MW_G(n) (n)
#define MW_UNSIGNED 0x04u  /* checking UABS: keep MOVZ, check 0 <= X < 2^(16(n+1)) */
#define MW_SIGNED 0x08u    /* checking signed: MOVZ (X >= 0) / MOVN (X < 0), check for n < 3 */
#define MW_NC 0x00u        /* _NC: set the field only */
#define MW_ABS 0x00u       /* X = S + A */
#define MW_PREL 0x10u      /* X = S + A - P */
#define MW_GOTOFF 0x20u    /* X = G(GDAT(S)) + A - GOT */
#define MW_NOCHECK 0x40u   /* G3 checking forms: no range check (all 64 bits are encoded) */

struct obj_type {
    uint16_t type;
    uint8_t op, param;
    uint16_t flags;       /* ELFLD_OBJ_* */
    const char *name;
};

#define K ELFLD_OBJ_KNOWN
#define E(code, o, p, f, name) {code, o, p, (uint16_t)(K | (f)), name}
#define T(code, name) {code, OP_TLS, 0, (uint16_t)(K | ELFLD_OBJ_TLS), name}

/* Sorted by type (binary search).  aaelf64 codes; ELF32 (ILP32) codes are not used. */
static const struct obj_type types[] = {
    E(0, OP_NOP, 0, ELFLD_OBJ_NOP, "R_AARCH64_NONE"),
    E(256, OP_NOP, 0, ELFLD_OBJ_NOP, "R_AARCH64_NONE"),     /* withdrawn: "treat as NONE" */
    /* Static Data relocations */
    E(257, OP_ABS64, 0, 0, "R_AARCH64_ABS64"),
    E(258, OP_ABS32, 0, 0, "R_AARCH64_ABS32"),
    E(259, OP_ABS16, 0, 0, "R_AARCH64_ABS16"),
    E(260, OP_PREL64, 0, 0, "R_AARCH64_PREL64"),
    E(261, OP_PREL32, 0, 0, "R_AARCH64_PREL32"),
    E(262, OP_PREL16, 0, 0, "R_AARCH64_PREL16"),
    /* Group relocations: unsigned and signed absolute */
    E(263, OP_MOVW, MW_G(0) | MW_UNSIGNED | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G0"),
    E(264, OP_MOVW, MW_G(0) | MW_NC | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G0_NC"),
    E(265, OP_MOVW, MW_G(1) | MW_UNSIGNED | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G1"),
    E(266, OP_MOVW, MW_G(1) | MW_NC | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G1_NC"),
    E(267, OP_MOVW, MW_G(2) | MW_UNSIGNED | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G2"),
    E(268, OP_MOVW, MW_G(2) | MW_NC | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G2_NC"),
    E(269, OP_MOVW, MW_G(3) | MW_NC | MW_ABS, 0, "R_AARCH64_MOVW_UABS_G3"), /* no check needed */
    E(270, OP_MOVW, MW_G(0) | MW_SIGNED | MW_ABS, 0, "R_AARCH64_MOVW_SABS_G0"),
    E(271, OP_MOVW, MW_G(1) | MW_SIGNED | MW_ABS, 0, "R_AARCH64_MOVW_SABS_G1"),
    E(272, OP_MOVW, MW_G(2) | MW_SIGNED | MW_ABS, 0, "R_AARCH64_MOVW_SABS_G2"),
    /* PC-relative addresses */
    E(273, OP_LD_PREL19, 0, 0, "R_AARCH64_LD_PREL_LO19"),
    E(274, OP_ADR21, 0, 0, "R_AARCH64_ADR_PREL_LO21"),
    E(275, OP_ADRP, 1, 0, "R_AARCH64_ADR_PREL_PG_HI21"),
    E(276, OP_ADRP, 0, 0, "R_AARCH64_ADR_PREL_PG_HI21_NC"),
    E(277, OP_LO12, 0, 0, "R_AARCH64_ADD_ABS_LO12_NC"),
    E(278, OP_LO12, 0, 0, "R_AARCH64_LDST8_ABS_LO12_NC"),
    /* Control flow */
    E(279, OP_TSTBR14, 0, 0, "R_AARCH64_TSTBR14"),
    E(280, OP_CONDBR19, 0, 0, "R_AARCH64_CONDBR19"),
    E(282, OP_B26, 0, ELFLD_OBJ_BRANCH, "R_AARCH64_JUMP26"),
    E(283, OP_B26, 0, ELFLD_OBJ_BRANCH, "R_AARCH64_CALL26"),
    E(284, OP_LO12, 1, 0, "R_AARCH64_LDST16_ABS_LO12_NC"),
    E(285, OP_LO12, 2, 0, "R_AARCH64_LDST32_ABS_LO12_NC"),
    E(286, OP_LO12, 3, 0, "R_AARCH64_LDST64_ABS_LO12_NC"),
    /* Group relocations: PC-relative */
    E(287, OP_MOVW, MW_G(0) | MW_SIGNED | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G0"),
    E(288, OP_MOVW, MW_G(0) | MW_NC | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G0_NC"),
    E(289, OP_MOVW, MW_G(1) | MW_SIGNED | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G1"),
    E(290, OP_MOVW, MW_G(1) | MW_NC | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G1_NC"),
    E(291, OP_MOVW, MW_G(2) | MW_SIGNED | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G2"),
    E(292, OP_MOVW, MW_G(2) | MW_NC | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G2_NC"),
    E(293, OP_MOVW, MW_G(3) | MW_SIGNED | MW_NOCHECK | MW_PREL, 0, "R_AARCH64_MOVW_PREL_G3"),
    E(299, OP_LO12, 4, 0, "R_AARCH64_LDST128_ABS_LO12_NC"),
    /* Group relocations: GOT-relative offsets */
    E(300, OP_MOVW, MW_G(0) | MW_SIGNED | MW_GOTOFF, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_MOVW_GOTOFF_G0"),
    E(301, OP_MOVW, MW_G(0) | MW_NC | MW_GOTOFF, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_MOVW_GOTOFF_G0_NC"),
    E(302, OP_MOVW, MW_G(1) | MW_SIGNED | MW_GOTOFF, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_MOVW_GOTOFF_G1"),
    E(303, OP_MOVW, MW_G(1) | MW_NC | MW_GOTOFF, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_MOVW_GOTOFF_G1_NC"),
    E(304, OP_MOVW, MW_G(2) | MW_SIGNED | MW_GOTOFF, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_MOVW_GOTOFF_G2"),
    E(305, OP_MOVW, MW_G(2) | MW_NC | MW_GOTOFF, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_MOVW_GOTOFF_G2_NC"),
    E(306, OP_MOVW, MW_G(3) | MW_SIGNED | MW_NOCHECK | MW_GOTOFF,
      ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE, "R_AARCH64_MOVW_GOTOFF_G3"),
    /* GOT-relative data and instruction relocations */
    E(307, OP_GOTREL64, 0, ELFLD_OBJ_GOT_BASE, "R_AARCH64_GOTREL64"),
    E(308, OP_GOTREL32, 0, ELFLD_OBJ_GOT_BASE, "R_AARCH64_GOTREL32"),
    E(309, OP_GOT_LD_PREL19, 0, ELFLD_OBJ_GOT, "R_AARCH64_GOT_LD_PREL19"),
    E(310, OP_LD64_GOTOFF_LO15, 0, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_LD64_GOTOFF_LO15"),
    E(311, OP_ADR_GOT_PAGE, 0, ELFLD_OBJ_GOT, "R_AARCH64_ADR_GOT_PAGE"),
    E(312, OP_LD64_GOT_LO12, 0, ELFLD_OBJ_GOT, "R_AARCH64_LD64_GOT_LO12_NC"),
    E(313, OP_LD64_GOTPAGE_LO15, 0, ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_BASE,
      "R_AARCH64_LD64_GOTPAGE_LO15"),
    E(314, OP_PLT32, 0, ELFLD_OBJ_BRANCH, "R_AARCH64_PLT32"),
    E(315, OP_GOTPCREL32, 0, ELFLD_OBJ_GOT, "R_AARCH64_GOTPCREL32"),
    /* Relocations for thread-local storage: refused (ELFLD_ETLS) until TLS lands */
    T(512, "R_AARCH64_TLSGD_ADR_PREL21"),
    T(513, "R_AARCH64_TLSGD_ADR_PAGE21"),
    T(514, "R_AARCH64_TLSGD_ADD_LO12_NC"),
    T(515, "R_AARCH64_TLSGD_MOVW_G1"),
    T(516, "R_AARCH64_TLSGD_MOVW_G0_NC"),
    T(517, "R_AARCH64_TLSLD_ADR_PREL21"),
    T(518, "R_AARCH64_TLSLD_ADR_PAGE21"),
    T(519, "R_AARCH64_TLSLD_ADD_LO12_NC"),
    T(520, "R_AARCH64_TLSLD_MOVW_G1"),
    T(521, "R_AARCH64_TLSLD_MOVW_G0_NC"),
    T(522, "R_AARCH64_TLSLD_LD_PREL19"),
    T(523, "R_AARCH64_TLSLD_MOVW_DTPREL_G2"),
    T(524, "R_AARCH64_TLSLD_MOVW_DTPREL_G1"),
    T(525, "R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC"),
    T(526, "R_AARCH64_TLSLD_MOVW_DTPREL_G0"),
    T(527, "R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC"),
    T(528, "R_AARCH64_TLSLD_ADD_DTPREL_HI12"),
    T(529, "R_AARCH64_TLSLD_ADD_DTPREL_LO12"),
    T(530, "R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC"),
    T(531, "R_AARCH64_TLSLD_LDST8_DTPREL_LO12"),
    T(532, "R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC"),
    T(533, "R_AARCH64_TLSLD_LDST16_DTPREL_LO12"),
    T(534, "R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC"),
    T(535, "R_AARCH64_TLSLD_LDST32_DTPREL_LO12"),
    T(536, "R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC"),
    T(537, "R_AARCH64_TLSLD_LDST64_DTPREL_LO12"),
    T(538, "R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC"),
    T(539, "R_AARCH64_TLSIE_MOVW_GOTTPREL_G1"),
    T(540, "R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC"),
    T(541, "R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21"),
    T(542, "R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC"),
    T(543, "R_AARCH64_TLSIE_LD_GOTTPREL_PREL19"),
    T(544, "R_AARCH64_TLSLE_MOVW_TPREL_G2"),
    T(545, "R_AARCH64_TLSLE_MOVW_TPREL_G1"),
    T(546, "R_AARCH64_TLSLE_MOVW_TPREL_G1_NC"),
    T(547, "R_AARCH64_TLSLE_MOVW_TPREL_G0"),
    T(548, "R_AARCH64_TLSLE_MOVW_TPREL_G0_NC"),
    T(549, "R_AARCH64_TLSLE_ADD_TPREL_HI12"),
    T(550, "R_AARCH64_TLSLE_ADD_TPREL_LO12"),
    T(551, "R_AARCH64_TLSLE_ADD_TPREL_LO12_NC"),
    T(552, "R_AARCH64_TLSLE_LDST8_TPREL_LO12"),
    T(553, "R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC"),
    T(554, "R_AARCH64_TLSLE_LDST16_TPREL_LO12"),
    T(555, "R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC"),
    T(556, "R_AARCH64_TLSLE_LDST32_TPREL_LO12"),
    T(557, "R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC"),
    T(558, "R_AARCH64_TLSLE_LDST64_TPREL_LO12"),
    T(559, "R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC"),
    T(560, "R_AARCH64_TLSDESC_LD_PREL19"),
    T(561, "R_AARCH64_TLSDESC_ADR_PREL21"),
    T(562, "R_AARCH64_TLSDESC_ADR_PAGE21"),
    T(563, "R_AARCH64_TLSDESC_LD64_LO12"),
    T(564, "R_AARCH64_TLSDESC_ADD_LO12"),
    T(565, "R_AARCH64_TLSDESC_OFF_G1"),
    T(566, "R_AARCH64_TLSDESC_OFF_G0_NC"),
    T(567, "R_AARCH64_TLSDESC_LDR"),
    T(568, "R_AARCH64_TLSDESC_ADD"),
    T(569, "R_AARCH64_TLSDESC_CALL"),
    T(570, "R_AARCH64_TLSLE_LDST128_TPREL_LO12"),
    T(571, "R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC"),
    T(572, "R_AARCH64_TLSLD_LDST128_DTPREL_LO12"),
    T(573, "R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC"),
};

#undef E
#undef T
#undef K

#define NTYPES (sizeof types / sizeof types[0])

const uint32_t elfld_arch_stub_size = 16;

static uint32_t type_at(size_t i) { return types[i].type; }

static const struct obj_type *lookup(uint32_t type) {
    size_t i = elfld__sorted_find(NTYPES, type, type_at);
    return i < NTYPES ? &types[i] : NULL;
}

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    const struct obj_type *t = lookup(type);
    if (name)
        *name = t ? t->name : NULL;
    return t ? t->flags : 0;
}

/* ---------------------------------------------------------------- instruction fields */
/* (little-endian access and range checks: ../common/fields.h) */

/* Replace insn[lsb + width - 1 : lsb] with v's low `width` bits. */
static uint32_t field(uint32_t insn, unsigned lsb, unsigned width, uint64_t v) {
    uint32_t mask = (width >= 32 ? 0xffffffffu : ((1u << width) - 1)) << lsb;
    return (insn & ~mask) | (((uint32_t)v << lsb) & mask);
}

/* ADR/ADRP: imm21 = immhi:immlo, immlo = insn[30:29], immhi = insn[23:5]. */
static uint32_t set_adr(uint32_t insn, uint64_t imm21) {
    insn = field(insn, 29, 2, imm21 & 3);
    return field(insn, 5, 19, imm21 >> 2);
}

static uint64_t page(uint64_t x) { return x & ~(uint64_t)0xfff; }

/* A data field of n bytes: X after its overflow check. */
static int store(unsigned char *where, uint64_t X, unsigned n, enum elfld_field_check ck) {
    return elfld__put_checked(where, X, n, ck) ? 0 : ELFLD_ERANGE;
}

/* The 16-byte veneer described at the top of the file. */
static void write_stub(unsigned char *stub, uint64_t dest) {
    elfld__put_le(stub, 0x58000050u, 4);       /* ldr x16, .+8 */
    elfld__put_le(stub + 4, 0xd61f0200u, 4);   /* br  x16 */
    elfld__put_le(stub + 8, dest, 8);          /* .quad dest */
}

/*
 * MOV[ZNK] group relocation (aaelf64 "Group relocations" and the MOVW tables): the field is
 * X[16n+15:16n]; checking signed forms select MOVZ (X >= 0) or MOVN with NOT of the field
 * (X < 0), i.e. set or clear insn[30] (MOVN opc 00, MOVZ opc 10).
 */
static int apply_movw(unsigned char *where, uint32_t insn, int64_t X, unsigned param) {
    unsigned n = param & 3;
    unsigned shift = 16 * n;
    if (param & MW_UNSIGNED) {
        /* UABS_Gn (n < 3): check that 0 <= X < 2^(16(n+1)) */
        if ((uint64_t)X >> (shift + 16))
            return ELFLD_ERANGE;
    } else if (param & MW_SIGNED) {
        /* checking forms, X >= 0: X < 2^(16(n+1)); X < 0: -2^(16(n+1)) <= X (none for G3) */
        if (!(param & MW_NOCHECK)) {
            int64_t lim = (int64_t)1 << (shift + 16);
            if (X >= lim || X < -lim)
                return ELFLD_ERANGE;
        }
        if (X < 0) {
            insn &= ~(1u << 30);                 /* MOVN */
            X = ~X;                              /* NOT (selected bits of X) */
        } else {
            insn |= 1u << 30;                    /* MOVZ */
        }
    }
    insn = field(insn, 5, 16, (uint64_t)X >> shift);
    elfld__put_le(where, insn, 4);
    return 0;
}

/* PC-relative load / branch with a word-scaled immediate of `width` bits at insn[lsb..]:
 * check -2^(width+1) <= X < 2^(width+1) and that X is a multiple of 4. */
static int apply_word_rel(unsigned char *where, uint32_t insn, int64_t X, unsigned lsb,
                          unsigned width) {
    if ((X & 3) || !elfld__fits_signed(X, width + 2))
        return ELFLD_ERANGE;
    elfld__put_le(where, field(insn, lsb, width, (uint64_t)X >> 2), 4);
    return 0;
}

int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    const struct obj_type *t = lookup(r->type);
    if (!t)
        return ELFLD_ERELTYPE;
    unsigned char *where = r->where;
    uint64_t S = r->S, P = r->P, G = r->G, GOT = r->GOT;
    uint64_t A = (uint64_t)(int64_t)r->A;   /* ELF64 objects are RELA */
    uint64_t SA = S + A;
    int64_t X;
    uint32_t insn = 0;
    if (t->op >= OP_MOVW && t->op != OP_TLS)
        insn = (uint32_t)elfld__get_le(where, 4);

    switch (t->op) {
    case OP_NOP:
        return 0;
    /* Static Data relocations: ABS64 / PREL64 no check; ABS32 -2^31 <= X < 2^32;
     * ABS16 -2^15 <= X < 2^16; PREL32 / PLT32 -2^31 <= X < 2^31; PREL16 -2^15 <= X < 2^15. */
    case OP_ABS64:
        return store(where, SA, 8, ELFLD_FIELD_ANY);
    case OP_ABS32:
        return store(where, SA, 4, ELFLD_FIELD_BITFIELD);
    case OP_ABS16:
        return store(where, SA, 2, ELFLD_FIELD_BITFIELD);
    case OP_PREL64:
        return store(where, SA - P, 8, ELFLD_FIELD_ANY);
    case OP_PREL32:
        return store(where, SA - P, 4, ELFLD_FIELD_SIGNED);
    case OP_PREL16:
        return store(where, SA - P, 2, ELFLD_FIELD_SIGNED);
    case OP_PLT32:
        /* S + A - P; "Call and Jump relocations": a veneer may implement it (the function's
         * address is replaced by its veneer's; A stays relative to the place). */
        X = (int64_t)(SA - P);
        if (!elfld__fits_signed(X, 32)) {
            if (!r->stub || (r->stub_addr & 3))
                return ELFLD_ERANGE;
            X = (int64_t)(r->stub_addr + A - P);
            if (!elfld__fits_signed(X, 32))
                return ELFLD_ERANGE;
            write_stub(r->stub, S);
        }
        elfld__put_le(where, (uint64_t)X, 4);
        return 0;
    /* GOT-relative data relocations: GOTREL64 S+A-GOT (no check); GOTREL32 S+A-GOT,
     * GOTPCREL32 G(GDAT(S))-P+A, both -2^31 <= X < 2^31. */
    case OP_GOTREL64:
        return store(where, SA - GOT, 8, ELFLD_FIELD_ANY);
    case OP_GOTREL32:
        return store(where, SA - GOT, 4, ELFLD_FIELD_SIGNED);
    case OP_GOTPCREL32:
        return store(where, G + A - P, 4, ELFLD_FIELD_SIGNED);

    case OP_MOVW:
        if ((t->param & 0x30) == MW_PREL)
            X = (int64_t)(SA - P);
        else if ((t->param & 0x30) == MW_GOTOFF)
            X = (int64_t)(G + A - GOT);          /* G(GDAT(S)) - GOT */
        else
            X = (int64_t)SA;
        return apply_movw(where, insn, X, t->param);

    /* "Relocations to generate 19, 21 and 33 bit PC-relative addresses" */
    case OP_LD_PREL19:
        /* S+A-P: load-literal imm19 = X[20:2]; -2^20 <= X < 2^20.  No veneer can help a load:
         * out of range is ELFLD_ERANGE. */
        return apply_word_rel(where, insn, (int64_t)(SA - P), 5, 19);
    case OP_ADR21:
        /* S+A-P: ADR imm21 = X[20:0]; -2^20 <= X < 2^20 */
        X = (int64_t)(SA - P);
        if (!elfld__fits_signed(X, 21))
            return ELFLD_ERANGE;
        elfld__put_le(where, set_adr(insn, (uint64_t)X), 4);
        return 0;
    case OP_ADRP:
        /* Page(S+A)-Page(P): ADRP imm21 = X[32:12]; -2^32 <= X < 2^32 unless _NC */
        X = (int64_t)(page(SA) - page(P));
        if (t->param && !elfld__fits_signed(X, 33))
            return ELFLD_ERANGE;
        elfld__put_le(where, set_adr(insn, (uint64_t)X >> 12), 4);
        return 0;
    case OP_LO12: {
        /* S+A: ADD imm12 = X[11:0]; LDSTn imm12 = X[11:log2(n/8)].  No overflow check; the
         * note asks for X to be a multiple of the access size, which we check (a misaligned
         * value cannot be encoded: the low bits would be lost). */
        unsigned scale = t->param;
        if (SA & (((uint64_t)1 << scale) - 1))
            return ELFLD_ERANGE;
        elfld__put_le(where, field(insn, 10, 12, (SA & 0xfff) >> scale), 4);
        return 0;
    }

    /* "Relocations for control-flow instructions" (all offsets a multiple of 4) */
    case OP_TSTBR14:
    case OP_CONDBR19:
    case OP_B26: {
        X = (int64_t)(SA - P);
        /* "Call and Jump relocations": on platforms without dynamic pre-emption an unresolved
         * weak reference (S = 0, untyped) is a branch to the next instruction. */
        if (S == 0 && r->sym_type == STT_NOTYPE)
            X = 4;
        if (t->op == OP_TSTBR14)   /* TBZ/TBNZ imm14 = X[15:2]; -2^15 <= X < 2^15 */
            return apply_word_rel(where, insn, X, 5, 14);
        if (t->op == OP_CONDBR19)  /* B.cond/CBZ imm19 = X[20:2]; -2^20 <= X < 2^20 */
            return apply_word_rel(where, insn, X, 5, 19);
        /* JUMP26 / CALL26: B/BL imm26 = X[27:2]; -2^27 <= X < 2^27; beyond: the veneer. */
        if (!elfld__fits_signed(X, 28) && r->stub && !(r->stub_addr & 3)) {
            write_stub(r->stub, SA);
            X = (int64_t)(r->stub_addr - P);
        }
        return apply_word_rel(where, insn, X, 0, 26);
    }

    /* GOT-relative instruction relocations (G = G(GDAT(S)); the addend is zero in conforming
     * objects and is added to the entry's address as the older GDAT(S + A) wording did not) */
    case OP_GOT_LD_PREL19:
        /* G-P: load-literal imm19 = X[20:2]; -2^20 <= X < 2^20 */
        return apply_word_rel(where, insn, (int64_t)(G + A - P), 5, 19);
    case OP_LD64_GOTOFF_LO15:
    case OP_LD64_GOTPAGE_LO15:
        /* LD64_GOTOFF_LO15: G-GOT; LD64_GOTPAGE_LO15: G-Page(GOT).  LD/ST imm12 = X[14:3];
         * check 0 <= X < 2^15 and X & 7 = 0. */
        X = (int64_t)(G + A - (t->op == OP_LD64_GOTOFF_LO15 ? GOT : page(GOT)));
        if (X < 0 || X >= (int64_t)1 << 15 || (X & 7))
            return ELFLD_ERANGE;
        elfld__put_le(where, field(insn, 10, 12, (uint64_t)X >> 3), 4);
        return 0;
    case OP_ADR_GOT_PAGE:
        /* Page(G)-Page(P): ADRP imm21 = X[32:12]; -2^32 <= X < 2^32 */
        X = (int64_t)(page(G + A) - page(P));
        if (!elfld__fits_signed(X, 33))
            return ELFLD_ERANGE;
        elfld__put_le(where, set_adr(insn, (uint64_t)X >> 12), 4);
        return 0;
    case OP_LD64_GOT_LO12:
        /* G: LD/ST imm12 = X[11:3]; no overflow check; X & 7 = 0 */
        X = (int64_t)(G + A);
        if (X & 7)
            return ELFLD_ERANGE;
        elfld__put_le(where, field(insn, 10, 12, ((uint64_t)X & 0xfff) >> 3), 4);
        return 0;

    case OP_TLS:
        return ELFLD_ETLS;
    default:
        return ELFLD_ERELTYPE;
    }
}
