/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * 32-bit Arm backend: static relocations in relocatable objects (.o), Arm/Thumb
 * interworking and branch veneers.
 *
 * Source: "ELF for the Arm Architecture" (aaelf32), section "Relocation": "Addends and
 * PC-bias compensation" (REL addends live in the place), "Relocation types" (table
 * "Relocation codes": operations; S, A, P, T, B(S), GOT_ORG, GOT(S)), "Static Data
 * relocations", "Static Arm relocations" (tables "Static Arm instruction relocations", "Arm
 * relocation actions by instruction type", "Call and Jump relocations"), "Static Thumb16
 * relocations", "Static Thumb32 relocations" ("Thumb relocation actions by instruction
 * type", "Thumb call and jump relocations"), "Static miscellaneous relocations" (V4BX,
 * TARGET1, TARGET2), "Proxy generating relocations" and "Relocations for thread-local
 * storage".  Instruction encodings: Arm ARM v7-A/R (A8.8.18 B, A8.8.25 BL/BLX (immediate),
 * A8.8.106 MOVW/MOVT, A8.8.64 LDR (literal)).
 *
 * Objects are normally REL: the addend is read from the place (r->rela == 0); RELA objects
 * (r->rela == 1) are accepted too.  A Thumb function's S has bit 0 set (T, aaelf32 "Symbol
 * values"): the address proper is S & ~T, and "(S + A) | T" is formed from it.
 *
 * Linux platform choices (as GNU ld and LLD on arm-linux-gnueabi*): TARGET1 = ABS32 (the
 * init/fini arrays hold absolute addresses), TARGET2 = GOT_PREL (C++ exception tables).
 * BASE_PREL / BASE_ABS use the GOT origin as B(S): compilers emit them against
 * _GLOBAL_OFFSET_TABLE_ to find the GOT.
 *
 * Interworking and veneers (aaelf32 "Call and Jump relocations"): an Arm BL (CALL) to a Thumb
 * function becomes BLX; a Thumb BL (THM_CALL) to an Arm function becomes BLX with the target
 * word-aligned; B / BL<cond> (JUMP24, PC24), B.W (THM_JUMP24) and B<cond>.W (THM_JUMP19)
 * cannot change state and go through a veneer, as do calls and jumps out of range (Arm
 * +-32 MiB, Thumb-2 BL/B.W +-16 MiB, B<cond>.W +-1 MiB).  The veneer area is 16 bytes, 4-byte
 * aligned, and holds both forms; a branch uses the one matching its own state:
 *     +0   e51ff004     ldr   pc, [pc, #-4]   Arm state (ldr to pc interworks, Armv5T+)
 *     +4   dest
 *     +8   f8df f000    ldr.w pc, [pc, #0]    Thumb state (literal at Align(PC, 4) = +12)
 *     +12  dest
 * dest is the branch's own destination (with bit 0 set for Thumb), so the core keys stub
 * areas by the destination.  The veneers corrupt no register ("may corrupt r12 (IP) and the
 * condition flags").
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"

enum {
    OP_NOP = 0,
    OP_ABS32,       /* (S + A) | T           ABS32, TARGET1 */
    OP_ABS32_NOI,   /* S + A */
    OP_REL32,       /* ((S + A) | T) - P */
    OP_REL32_NOI,   /* S + A - P */
    OP_ABS16, OP_ABS8,
    OP_PREL31,      /* ((S + A) | T) - P, 31 bits */
    OP_GOTOFF32,    /* ((S + A) | T) - GOT_ORG */
    OP_BASE_PREL,   /* B(S) + A - P, B(S) = GOT_ORG */
    OP_BASE_ABS,    /* B(S) + A */
    OP_GOT_BREL,    /* GOT(S) + A - GOT_ORG */
    OP_GOT_PREL,    /* GOT(S) + A - P        GOT_PREL, TARGET2 */
    OP_GOT_ABS,     /* GOT(S) + A */
    OP_ARM_CALL,    /* BL / BLX */
    OP_ARM_JUMP,    /* B / BL<cond> */
    OP_ARM_PC24,    /* deprecated PC24 / PLT32: CALL for an unconditional BL, else JUMP */
    OP_ARM_MOVW_ABS, OP_ARM_MOVT_ABS, OP_ARM_MOVW_PREL, OP_ARM_MOVT_PREL,
    OP_THM_CALL, OP_THM_JUMP24, OP_THM_JUMP19, OP_THM_JUMP11, OP_THM_JUMP8,
    OP_THM_MOVW_ABS, OP_THM_MOVT_ABS, OP_THM_MOVW_PREL, OP_THM_MOVT_PREL,
    OP_TLS,
};

struct obj_type {
    uint8_t type, op;
    uint16_t flags;       /* ELFLD_OBJ_* */
    const char *name;
};

#define K ELFLD_OBJ_KNOWN
#define E(code, o, f, name) {code, o, (uint16_t)(K | (f)), name}
#define T(code, name) {code, OP_TLS, (uint16_t)(K | ELFLD_OBJ_TLS), name}
#define GOTF (ELFLD_OBJ_GOT)
#define BASE (ELFLD_OBJ_GOT_BASE)
#define BR (ELFLD_OBJ_BRANCH)

/* Sorted by type (binary search). */
static const struct obj_type types[] = {
    E(0, OP_NOP, ELFLD_OBJ_NOP, "R_ARM_NONE"),
    E(1, OP_ARM_PC24, BR, "R_ARM_PC24"),
    E(2, OP_ABS32, 0, "R_ARM_ABS32"),
    E(3, OP_REL32, 0, "R_ARM_REL32"),
    E(5, OP_ABS16, 0, "R_ARM_ABS16"),
    E(8, OP_ABS8, 0, "R_ARM_ABS8"),
    E(10, OP_THM_CALL, BR, "R_ARM_THM_CALL"),
    T(13, "R_ARM_TLS_DESC"),
    T(17, "R_ARM_TLS_DTPMOD32"),
    T(18, "R_ARM_TLS_DTPOFF32"),
    T(19, "R_ARM_TLS_TPOFF32"),
    E(24, OP_GOTOFF32, BASE, "R_ARM_GOTOFF32"),
    E(25, OP_BASE_PREL, BASE, "R_ARM_BASE_PREL"),
    E(26, OP_GOT_BREL, GOTF | BASE, "R_ARM_GOT_BREL"),
    E(27, OP_ARM_PC24, BR, "R_ARM_PLT32"),
    E(28, OP_ARM_CALL, BR, "R_ARM_CALL"),
    E(29, OP_ARM_JUMP, BR, "R_ARM_JUMP24"),
    E(30, OP_THM_JUMP24, BR, "R_ARM_THM_JUMP24"),
    E(31, OP_BASE_ABS, BASE, "R_ARM_BASE_ABS"),
    E(38, OP_ABS32, 0, "R_ARM_TARGET1"),            /* Linux: as ABS32 */
    E(40, OP_NOP, ELFLD_OBJ_NOP, "R_ARM_V4BX"),     /* Armv4T BX: nothing to do on v5T+ */
    E(41, OP_GOT_PREL, GOTF, "R_ARM_TARGET2"),      /* Linux: as GOT_PREL */
    E(42, OP_PREL31, 0, "R_ARM_PREL31"),
    E(43, OP_ARM_MOVW_ABS, 0, "R_ARM_MOVW_ABS_NC"),
    E(44, OP_ARM_MOVT_ABS, 0, "R_ARM_MOVT_ABS"),
    E(45, OP_ARM_MOVW_PREL, 0, "R_ARM_MOVW_PREL_NC"),
    E(46, OP_ARM_MOVT_PREL, 0, "R_ARM_MOVT_PREL"),
    E(47, OP_THM_MOVW_ABS, 0, "R_ARM_THM_MOVW_ABS_NC"),
    E(48, OP_THM_MOVT_ABS, 0, "R_ARM_THM_MOVT_ABS"),
    E(49, OP_THM_MOVW_PREL, 0, "R_ARM_THM_MOVW_PREL_NC"),
    E(50, OP_THM_MOVT_PREL, 0, "R_ARM_THM_MOVT_PREL"),
    E(51, OP_THM_JUMP19, BR, "R_ARM_THM_JUMP19"),
    E(55, OP_ABS32_NOI, 0, "R_ARM_ABS32_NOI"),
    E(56, OP_REL32_NOI, 0, "R_ARM_REL32_NOI"),
    T(90, "R_ARM_TLS_GOTDESC"),
    T(91, "R_ARM_TLS_CALL"),
    T(92, "R_ARM_TLS_DESCSEQ"),
    T(93, "R_ARM_THM_TLS_CALL"),
    E(95, OP_GOT_ABS, GOTF, "R_ARM_GOT_ABS"),
    E(96, OP_GOT_PREL, GOTF, "R_ARM_GOT_PREL"),
    E(100, OP_NOP, ELFLD_OBJ_NOP, "R_ARM_GNU_VTENTRY"),   /* linker GC hints only */
    E(101, OP_NOP, ELFLD_OBJ_NOP, "R_ARM_GNU_VTINHERIT"),
    E(102, OP_THM_JUMP11, 0, "R_ARM_THM_JUMP11"),
    E(103, OP_THM_JUMP8, 0, "R_ARM_THM_JUMP8"),
    T(104, "R_ARM_TLS_GD32"),
    T(105, "R_ARM_TLS_LDM32"),
    T(106, "R_ARM_TLS_LDO32"),
    T(107, "R_ARM_TLS_IE32"),
    T(108, "R_ARM_TLS_LE32"),
    T(109, "R_ARM_TLS_LDO12"),
    T(110, "R_ARM_TLS_LE12"),
    T(111, "R_ARM_TLS_IE12GP"),
    T(129, "R_ARM_THM_TLS_DESCSEQ16"),
    T(130, "R_ARM_THM_TLS_DESCSEQ32"),
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

/* ---------------------------------------------------------------- field access */
/* Little-endian access, sign extension and range checks: ../common/fields.h.  Arm values are
 * computed modulo 2^32; these take them as 32-bit words. */

static uint32_t ld32(const unsigned char *p) { return (uint32_t)elfld__get_le(p, 4); }
static uint32_t ld16(const unsigned char *p) { return (uint32_t)elfld__get_le(p, 2); }
static void st32(unsigned char *p, uint32_t v) { elfld__put_le(p, v, 4); }
static void st16(unsigned char *p, uint32_t v) { elfld__put_le(p, v, 2); }

/* Sign-extend the low `bits` bits (1 to 32) of v. */
static int32_t sext(uint32_t v, unsigned bits) { return (int32_t)elfld__sext(v, bits); }

/* -2^(bits-1) <= v < 2^(bits-1), v taken as a signed 32-bit result (values mod 2^32). */
static bool fits(uint32_t v, unsigned bits) { return elfld__fits_signed((int32_t)v, bits); }

/* Arm MOVW/MOVT: imm16 = insn[19:16]:insn[11:0] */
static uint32_t arm_mov_get(uint32_t insn) { return ((insn >> 4) & 0xf000) | (insn & 0xfff); }
static uint32_t arm_mov_set(uint32_t insn, uint32_t imm) {
    return (insn & 0xfff0f000u) | ((imm & 0xf000) << 4) | (imm & 0xfff);
}

/* Thumb-2 MOVW/MOVT (T3/T1): imm16 = hw1[3:0] : hw1[10] : hw2[14:12] : hw2[7:0] */
static uint32_t thm_mov_get(uint32_t hw1, uint32_t hw2) {
    return (hw1 & 0xf) << 12 | ((hw1 >> 10) & 1) << 11 | ((hw2 >> 12) & 7) << 8 | (hw2 & 0xff);
}
static void thm_mov_set(unsigned char *where, uint32_t hw1, uint32_t hw2, uint32_t imm) {
    hw1 = (hw1 & 0xfbf0u) | ((imm >> 12) & 0xf) | ((imm >> 11) & 1) << 10;
    hw2 = (hw2 & 0x8f00u) | ((imm >> 8) & 7) << 12 | (imm & 0xff);
    st16(where, hw1);
    st16(where + 2, hw2);
}

/*
 * Thumb-2 BL / BLX / B.W (T4) immediate: imm25 = S:I1:I2:imm10:imm11:0 with
 * S = hw1[10], imm10 = hw1[9:0], J1 = hw2[13], J2 = hw2[11], imm11 = hw2[10:0],
 * I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S).
 */
static int32_t thm_b24_get(uint32_t hw1, uint32_t hw2) {
    uint32_t s = (hw1 >> 10) & 1, j1 = (hw2 >> 13) & 1, j2 = (hw2 >> 11) & 1;
    uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
    uint32_t imm = s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (hw2 & 0x7ff) << 1;
    return sext(imm, 25);
}
static void thm_b24_set(unsigned char *where, uint32_t hw1, uint32_t hw2, uint32_t imm) {
    uint32_t s = (imm >> 24) & 1, i1 = (imm >> 23) & 1, i2 = (imm >> 22) & 1;
    uint32_t j1 = (i1 ^ 1) ^ s, j2 = (i2 ^ 1) ^ s;
    hw1 = (hw1 & 0xf800u) | s << 10 | ((imm >> 12) & 0x3ff);
    hw2 = (hw2 & 0xd000u) | j1 << 13 | j2 << 11 | ((imm >> 1) & 0x7ff);
    st16(where, hw1);
    st16(where + 2, hw2);
}

/* Thumb-2 B<cond>.W (T3): imm21 = S:J2:J1:imm6:imm11:0, S = hw1[10], imm6 = hw1[5:0]. */
static int32_t thm_b19_get(uint32_t hw1, uint32_t hw2) {
    uint32_t imm = ((hw1 >> 10) & 1) << 20 | ((hw2 >> 11) & 1) << 19 | ((hw2 >> 13) & 1) << 18 |
                   (hw1 & 0x3f) << 12 | (hw2 & 0x7ff) << 1;
    return sext(imm, 21);
}
static void thm_b19_set(unsigned char *where, uint32_t hw1, uint32_t hw2, uint32_t imm) {
    hw1 = (hw1 & 0xfbc0u) | ((imm >> 20) & 1) << 10 | ((imm >> 12) & 0x3f);
    hw2 = (hw2 & 0xd000u) | ((imm >> 18) & 1) << 13 | ((imm >> 19) & 1) << 11 |
          ((imm >> 1) & 0x7ff);
    st16(where, hw1);
    st16(where + 2, hw2);
}

/* The 16-byte veneer pair described at the top of the file. */
static void write_stub(unsigned char *stub, uint32_t dest) {
    st32(stub, 0xe51ff004u);          /* ldr   pc, [pc, #-4] */
    st32(stub + 4, dest);
    st16(stub + 8, 0xf8dfu);          /* ldr.w pc, [pc, #0] */
    st16(stub + 10, 0xf000u);
    st32(stub + 12, dest);
}

/*
 * Arm-state B / BL / BLX (aaelf32 "Call and Jump relocations"; Result_Mask X & 0x03FFFFFE,
 * overflow -2^25 <= X < 2^25).  X = ((S + A) | T) - P is the value of the 24-bit field
 * scaled by 4 (the PC bias is in A), so the destination is P + 8 + X.
 */
static int arm_branch(const struct elfld_obj_reloc *r, uint32_t insn, uint32_t X, bool call) {
    unsigned char *where = r->where;
    uint32_t P = (uint32_t)r->P;
    bool blx_insn = (insn >> 28) == 0xf;            /* BLX (immediate): cond field 1111 */
    if (call) {
        if (X & 1) {                                /* Thumb target: BLX, H = X[1] */
            if (fits(X, 26)) {
                st32(where, 0xfa000000u | ((X >> 1) & 1) << 24 | ((X >> 2) & 0xffffff));
                return 0;
            }
        } else if (!(X & 3) && fits(X, 26)) {       /* Arm target: BL */
            st32(where, (blx_insn ? 0xeb000000u : (insn & 0xff000000u)) | ((X >> 2) & 0xffffff));
            return 0;
        }
    } else if (!(X & 3) && fits(X, 26)) {           /* B / BL<cond>: no state change */
        st32(where, (insn & 0xff000000u) | ((X >> 2) & 0xffffff));
        return 0;
    }
    /* Veneer: Arm form at +0, reached by the same instruction (a BLX becomes BL). */
    if (!r->stub || (r->stub_addr & 3))
        return ELFLD_ERANGE;
    write_stub(r->stub, P + 8 + X);
    uint32_t V = (uint32_t)r->stub_addr - (P + 8);
    if (!fits(V, 26))
        return ELFLD_ERANGE;
    uint32_t top = (call && blx_insn) ? 0xeb000000u : (insn & 0xff000000u);
    st32(where, top | ((V >> 2) & 0xffffff));
    return 0;
}

/*
 * Thumb-state BL / BLX / B.W / B<cond>.W ("Thumb call and jump relocations"): X = ((S + A) |
 * T) - P, destination P + 4 + X.  THM_CALL: Thumb target BL, Arm target BLX whose offset is
 * taken from Align(P + 4, 4) (so X + (P & 2)); -2^24 <= X < 2^24.  THM_JUMP24 (B.W, same
 * range) and THM_JUMP19 (B<cond>.W, -2^20 <= X < 2^20) need a Thumb target.
 */
static int thm_branch(const struct elfld_obj_reloc *r, uint32_t hw1, uint32_t hw2, uint32_t X,
                      unsigned op) {
    unsigned char *where = r->where;
    uint32_t P = (uint32_t)r->P;
    unsigned bits = op == OP_THM_JUMP19 ? 21 : 25;
    if (X & 1) {                                    /* Thumb target */
        if (fits(X, bits)) {
            if (op == OP_THM_JUMP19)
                thm_b19_set(where, hw1, hw2, X & ~1u);
            else
                thm_b24_set(where, hw1, op == OP_THM_CALL ? hw2 | 0x1000u : hw2, X & ~1u);
            return 0;
        }
    } else if (op == OP_THM_CALL) {                 /* Arm target: BLX (hw2[12] = 0) */
        uint32_t imm = X + (P & 2);
        if (!(imm & 3) && fits(imm, 25)) {
            thm_b24_set(where, hw1, hw2 & ~0x1000u, imm);
            return 0;
        }
    }
    /* Veneer: Thumb form at +8, reached by the same kind of instruction (BL stays BL). */
    if (!r->stub || (r->stub_addr & 3))
        return ELFLD_ERANGE;
    write_stub(r->stub, P + 4 + X);
    uint32_t V = (uint32_t)r->stub_addr + 8 - (P + 4);
    if (!fits(V, bits))
        return ELFLD_ERANGE;
    if (op == OP_THM_JUMP19)
        thm_b19_set(where, hw1, hw2, V);
    else
        thm_b24_set(where, hw1, op == OP_THM_CALL ? hw2 | 0x1000u : hw2, V);
    return 0;
}

int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    const struct obj_type *t = lookup(r->type);
    if (!t)
        return ELFLD_ERELTYPE;
    unsigned char *where = r->where;
    uint32_t S = (uint32_t)r->S, P = (uint32_t)r->P, G = (uint32_t)r->G, GOT = (uint32_t)r->GOT;
    /* T: Thumb function (bit 0 of S; data objects and sections may sit at odd addresses). */
    uint32_t Tb = (r->sym_type == STT_FUNC || r->sym_type == STT_NOTYPE ||
                   r->sym_type == STT_GNU_IFUNC) ? (S & 1) : 0;
    uint32_t Sa = S - Tb;                      /* the address proper (st_value & ~1) */
    /* An unresolved weak reference (S = 0, untyped): "Call and Jump relocations" make a call
     * a jump to the next instruction; we do the same for jumps. */
    bool weak0 = S == 0 && r->sym_type == STT_NOTYPE;
    uint32_t insn = 0, hw1 = 0, hw2 = 0, A, X;

    switch (t->op) {
    case OP_NOP:
        return 0;
    case OP_TLS:
        return ELFLD_ETLS;

    /* Static Data relocations: REL addend = the word, sign-extended (16 / 8 bits for ABS16 /
     * ABS8, P[30:0] for PREL31).  Size 4 and no overflow check except where noted. */
    case OP_ABS32: case OP_ABS32_NOI: case OP_REL32: case OP_REL32_NOI: case OP_GOTOFF32:
    case OP_BASE_PREL: case OP_BASE_ABS: case OP_GOT_BREL: case OP_GOT_PREL: case OP_GOT_ABS:
        A = r->rela ? (uint32_t)r->A : ld32(where);
        switch (t->op) {
        case OP_ABS32: X = (Sa + A) | Tb; break;                 /* (S + A) | T */
        case OP_ABS32_NOI: X = S + A; break;                     /* S + A */
        case OP_REL32: X = ((Sa + A) | Tb) - P; break;           /* ((S + A) | T) - P */
        case OP_REL32_NOI: X = S + A - P; break;                 /* S + A - P */
        case OP_GOTOFF32: X = ((Sa + A) | Tb) - GOT; break;      /* ((S + A) | T) - GOT_ORG */
        case OP_BASE_PREL: X = GOT + A - P; break;               /* B(S) + A - P */
        case OP_BASE_ABS: X = GOT + A; break;                    /* B(S) + A */
        case OP_GOT_BREL: X = G + A - GOT; break;                /* GOT(S) + A - GOT_ORG */
        case OP_GOT_PREL: X = G + A - P; break;                  /* GOT(S) + A - P */
        default: X = G + A; break;                               /* GOT_ABS: GOT(S) + A */
        }
        st32(where, X);
        return 0;
    case OP_ABS16:    /* S + A, size 2, -32768 <= X <= 65535 */
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(ld16(where), 16);
        X = S + A;
        if (!elfld__fits_bitfield((int32_t)X, 16))
            return ELFLD_ERANGE;
        st16(where, X);
        return 0;
    case OP_ABS8:     /* S + A, size 1, -128 <= X <= 255 */
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(*where, 8);
        X = S + A;
        if (!elfld__fits_bitfield((int32_t)X, 8))
            return ELFLD_ERANGE;
        *where = (unsigned char)X;
        return 0;
    case OP_PREL31: { /* ((S + A) | T) - P into P[30:0] (bit 31 kept); 31-bit 2's complement */
        uint32_t word = ld32(where);
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(word, 31);
        X = ((Sa + A) | Tb) - P;
        if (!fits(X, 31))
            return ELFLD_ERANGE;
        st32(where, (word & 0x80000000u) | (X & 0x7fffffffu));
        return 0;
    }

    /* Arm B / BL / BLX: REL addend sign_extend(insn[23:0] << 2) */
    case OP_ARM_CALL: case OP_ARM_JUMP: case OP_ARM_PC24: {
        insn = ld32(where);
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(insn << 2, 26);
        X = ((Sa + A) | Tb) - P;
        if (weak0)
            X = (uint32_t)-4;                       /* to P + 4 in Arm state */
        bool call = t->op == OP_ARM_CALL;
        if (t->op == OP_ARM_PC24)                   /* by instruction: BL (al) or BLX is a call */
            call = (insn & 0xff000000u) == 0xeb000000u || (insn >> 25) == 0x7d;
        return arm_branch(r, insn, X, call);
    }

    /* Arm MOVW / MOVT: REL addend = imm16 as a signed 16-bit value (for MOVT too) */
    case OP_ARM_MOVW_ABS: case OP_ARM_MOVT_ABS: case OP_ARM_MOVW_PREL: case OP_ARM_MOVT_PREL:
        insn = ld32(where);
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(arm_mov_get(insn), 16);
        switch (t->op) {
        case OP_ARM_MOVW_ABS: X = (Sa + A) | Tb; break;          /* X & 0xFFFF */
        case OP_ARM_MOVT_ABS: X = (Sa + A) >> 16; break;         /* S + A, X & 0xFFFF0000 */
        case OP_ARM_MOVW_PREL: X = ((Sa + A) | Tb) - P; break;
        default: X = (Sa + A - P) >> 16; break;                  /* MOVT_PREL: S + A - P */
        }
        st32(where, arm_mov_set(insn, X));
        return 0;

    /* Thumb-2 32-bit instructions: hw1 at P, hw2 at P + 2 */
    case OP_THM_CALL: case OP_THM_JUMP24: case OP_THM_JUMP19:
        hw1 = ld16(where);
        hw2 = ld16(where + 2);
        if (r->rela)
            A = (uint32_t)r->A;
        else
            A = (uint32_t)(t->op == OP_THM_JUMP19 ? thm_b19_get(hw1, hw2) : thm_b24_get(hw1, hw2));
        X = ((Sa + A) | Tb) - P;
        if (weak0)
            X = 1;                                  /* to P + 4 in Thumb state */
        return thm_branch(r, hw1, hw2, X, t->op);
    case OP_THM_MOVW_ABS: case OP_THM_MOVT_ABS: case OP_THM_MOVW_PREL: case OP_THM_MOVT_PREL:
        hw1 = ld16(where);
        hw2 = ld16(where + 2);
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(thm_mov_get(hw1, hw2), 16);
        switch (t->op) {
        case OP_THM_MOVW_ABS: X = (Sa + A) | Tb; break;
        case OP_THM_MOVT_ABS: X = (Sa + A) >> 16; break;
        case OP_THM_MOVW_PREL: X = ((Sa + A) | Tb) - P; break;
        default: X = (Sa + A - P) >> 16; break;
        }
        thm_mov_set(where, hw1, hw2, X);
        return 0;

    /* Thumb-16 B (T2, JUMP11: X & 0xFFE, -2^11 <= X < 2^11) and B<cond> (T1, JUMP8: X & 0x1FE,
     * -2^8 <= X < 2^8): S + A - P, no veneer ("a linker is not required to generate
     * trampoline sequences"). */
    case OP_THM_JUMP11: case OP_THM_JUMP8: {
        unsigned bits = t->op == OP_THM_JUMP11 ? 12 : 9;
        hw1 = ld16(where);
        A = r->rela ? (uint32_t)r->A : (uint32_t)sext(hw1 << 1, bits);
        X = Sa + A - P;
        if (weak0)
            X = (uint32_t)-2;                       /* to P + 2, the next instruction */
        if ((X & 1) || !fits(X, bits))
            return ELFLD_ERANGE;
        uint32_t mask = (1u << (bits - 1)) - 1;
        st16(where, (hw1 & ~mask) | ((X >> 1) & mask));
        return 0;
    }
    default:
        return ELFLD_ERELTYPE;
    }
}
