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
 * Interworking and veneers (aaelf32 "Call and Jump relocations"): only functions (and symbols
 * resolved outside the image) mark their state with T; a label or section of the image is in
 * the branch's own state, as GNU ld and LLD take it.  An Arm BL (CALL) to a Thumb
 * function becomes BLX; a Thumb BL (THM_CALL) to an Arm function becomes BLX with the target
 * word-aligned; B / BL<cond> (JUMP24, PC24), B.W (THM_JUMP24) and B<cond>.W (THM_JUMP19)
 * cannot change state and go through a veneer, as do calls and jumps out of range (Arm
 * +-32 MiB, Thumb-2 BL/B.W +-16 MiB, B<cond>.W +-1 MiB).  The veneer area is 16 bytes, 4-byte
 * aligned, and holds both forms; a branch uses the one matching its own state:
 *     +0   e51ff004     ldr   pc, [pc, #-4]   Arm state (ldr to pc interworks, Armv5T+)
 *     +4   dest
 *     +8   f8df f000    ldr.w pc, [pc, #0]    Thumb state (literal at Align(PC, 4) = +12)
 *     +12  dest
 * dest is the branch's own destination (with bit 0 set for Thumb).  The core keys a veneer by
 * its section, symbol and RELA addend; a REL addend is the usual PC bias (-8 Arm, -4 Thumb),
 * which gives every branch to a symbol the same dest, whatever its state.  Before layout
 * elfld_arch_obj_branch_switches tells the core which B needs a veneer to switch state.  The
 * veneers corrupt no register ("may corrupt r12 (IP) and the condition flags").
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"
#include "../common/reach_all.h"
#include "../common/sorted_types.h"
#include "reloc_types.h"

#define NOP ELFLD_OBJ_NOP
#define BR ELFLD_OBJ_BRANCH
#define GOTF ELFLD_OBJ_GOT
#define BASE ELFLD_OBJ_GOT_BASE
#define NEAR ELFLD_OBJ_NEAR_BRANCH
/* A thread-local type the backend applies, with what the core computes for it (arch.h). */
#define TLSF(form) (ELFLD_OBJ_TLS | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))

/* What the object linker needs to know of each type, sorted by code (../common/sorted_types.h):
 * code, the bytes of its field, flags.  An Arm instruction is a 4-byte word, a Thumb-2 one two
 * halfwords (4 bytes: hw1 at P, hw2 at P + 2), a Thumb-16 one (THM_JUMP11, THM_JUMP8) 2 bytes;
 * data words are 4 bytes, ABS16 2 and ABS8 1.  A REL addend is read from those same bytes. */
static const struct elfld_obj_type types[] = {
    ELFLD_OBJ_TYPE(R_ARM_NONE, 0, NOP),
    ELFLD_OBJ_TYPE(R_ARM_PC24, 4, BR),
    ELFLD_OBJ_TYPE(R_ARM_ABS32, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_REL32, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_ABS16, 2, 0),
    ELFLD_OBJ_TYPE(R_ARM_ABS8, 1, 0),
    ELFLD_OBJ_TYPE(R_ARM_THM_CALL, 4, BR),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_DESC),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_DTPMOD32),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_DTPOFF32),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_TPOFF32),
    ELFLD_OBJ_TYPE(R_ARM_GOTOFF32, 4, BASE),
    ELFLD_OBJ_TYPE(R_ARM_BASE_PREL, 4, BASE),
    ELFLD_OBJ_TYPE(R_ARM_GOT_BREL, 4, GOTF | BASE),
    ELFLD_OBJ_TYPE(R_ARM_PLT32, 4, BR),
    ELFLD_OBJ_TYPE(R_ARM_CALL, 4, BR),
    ELFLD_OBJ_TYPE(R_ARM_JUMP24, 4, BR),
    ELFLD_OBJ_TYPE(R_ARM_THM_JUMP24, 4, BR),
    ELFLD_OBJ_TYPE(R_ARM_BASE_ABS, 4, BASE),
    ELFLD_OBJ_TYPE(R_ARM_TARGET1, 4, 0), /* Linux: as ABS32 */
    ELFLD_OBJ_TYPE(R_ARM_V4BX, 0, NOP), /* Armv4T BX: nothing to do on v5T+ */
    ELFLD_OBJ_TYPE(R_ARM_TARGET2, 4, GOTF), /* Linux: as GOT_PREL */
    ELFLD_OBJ_TYPE(R_ARM_PREL31, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_MOVW_ABS_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_MOVT_ABS, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_MOVW_PREL_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_MOVT_PREL, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_THM_MOVW_ABS_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_THM_MOVT_ABS, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_THM_MOVW_PREL_NC, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_THM_MOVT_PREL, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_THM_JUMP19, 4, BR),
    ELFLD_OBJ_TYPE(R_ARM_ABS32_NOI, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_REL32_NOI, 4, 0),
    ELFLD_OBJ_TYPE(R_ARM_TLS_GOTDESC, 4, TLSF(DESC)),
    ELFLD_OBJ_TYPE(R_ARM_TLS_CALL, 4, TLSF(DESC) | BR),  /* to the descriptor trampoline */
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_DESCSEQ),
    ELFLD_OBJ_TYPE(R_ARM_THM_TLS_CALL, 4, TLSF(DESC) | BR),
    ELFLD_OBJ_TYPE(R_ARM_GOT_ABS, 4, GOTF),
    ELFLD_OBJ_TYPE(R_ARM_GOT_PREL, 4, GOTF),
    ELFLD_OBJ_TYPE(R_ARM_GNU_VTENTRY, 0, NOP), /* linker GC hints only */
    ELFLD_OBJ_TYPE(R_ARM_GNU_VTINHERIT, 0, NOP),
    ELFLD_OBJ_TYPE(R_ARM_THM_JUMP11, 2, NEAR),   /* no veneer ("not required") */
    ELFLD_OBJ_TYPE(R_ARM_THM_JUMP8, 2, NEAR),
    ELFLD_OBJ_TYPE(R_ARM_TLS_GD32, 4, TLSF(GD)),
    ELFLD_OBJ_TYPE(R_ARM_TLS_LDM32, 4, TLSF(LD)),
    ELFLD_OBJ_TYPE(R_ARM_TLS_LDO32, 4, TLSF(DTPOFF)),
    ELFLD_OBJ_TYPE(R_ARM_TLS_IE32, 4, TLSF(IE)),
    ELFLD_OBJ_TYPE(R_ARM_TLS_LE32, 4, TLSF(TPOFF)),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_LDO12),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_LE12),
    ELFLD_OBJ_TLS_TYPE(R_ARM_TLS_IE12GP),
    ELFLD_OBJ_TLS_TYPE(R_ARM_THM_TLS_DESCSEQ16),
    ELFLD_OBJ_TLS_TYPE(R_ARM_THM_TLS_DESCSEQ32),
};

#undef NOP
#undef BR
#undef GOTF
#undef BASE
#undef NEAR
#undef TLSF

ELFLD_OBJ_TYPES_LOOKUP(types)

const uint32_t elfld_arch_stub_size = 16;

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

/* ---------------------------------------------------------------- REL addends */
/*
 * aaelf32 "Addends and PC-bias compensation": in a REL object the addend is the field's initial
 * content, read as the instruction or data type reads it (sign-extended); in a RELA object it is
 * r->A.  One reader per kind of field.
 */

/* Data word of n bytes (4, 2, 1): the word, sign-extended from 8n bits. */
static uint32_t data_addend(const struct elfld_obj_reloc *r, unsigned n) {
    return r->rela ? (uint32_t)r->A : (uint32_t)sext((uint32_t)elfld__get_le(r->where, n), 8 * n);
}

/* PREL31: P[30:0], a 31-bit two's complement value (bit 31 belongs to the table entry). */
static uint32_t prel31_addend(const struct elfld_obj_reloc *r) {
    return r->rela ? (uint32_t)r->A : (uint32_t)sext(ld32(r->where), 31);
}

/* Arm MOVW / MOVT: imm16 as a signed 16-bit value (for MOVT too). */
static uint32_t arm_mov_addend(const struct elfld_obj_reloc *r) {
    return r->rela ? (uint32_t)r->A : (uint32_t)sext(arm_mov_get(ld32(r->where)), 16);
}

/* Thumb-2 MOVW / MOVT: the same, from the split imm16. */
static uint32_t thm_mov_addend(const struct elfld_obj_reloc *r) {
    return r->rela ? (uint32_t)r->A
                   : (uint32_t)sext(thm_mov_get(ld16(r->where), ld16(r->where + 2)), 16);
}

/* ---------------------------------------------------------------- field writers */

static int put32(unsigned char *p, uint32_t X) {
    st32(p, X);   /* a 32-bit field of a 32-bit result: nothing to check */
    return 0;
}

/* ABS16 / ABS8: n bytes (2, 1); check -2^(8n-1) <= X < 2^(8n) (the value fits signed or
 * unsigned: "-32768 <= X <= 65535", "-128 <= X <= 255"). */
static int put_small(unsigned char *p, uint32_t X, unsigned n) {
    if (!elfld__fits_bitfield((int32_t)X, 8 * n))
        return ELFLD_ERANGE;
    elfld__put_le(p, X, n);
    return 0;
}

/* PREL31: X into P[30:0], bit 31 kept; check that X fits 31 bits two's complement. */
static int put_prel31(unsigned char *p, uint32_t X) {
    uint32_t word = ld32(p);
    if (!fits(X, 31))
        return ELFLD_ERANGE;
    st32(p, (word & 0x80000000u) | (X & 0x7fffffffu));
    return 0;
}

/* Arm MOVW / MOVT: imm16 = X[15:0] (the caller shifts X for MOVT); no overflow check. */
static int put_arm_mov(unsigned char *p, uint32_t X) {
    st32(p, arm_mov_set(ld32(p), X));
    return 0;
}

/* Thumb-2 MOVW / MOVT: the same into the split imm16. */
static int put_thm_mov(unsigned char *p, uint32_t X) {
    thm_mov_set(p, ld16(p), ld16(p + 2), X);
    return 0;
}

/* ---------------------------------------------------------------- branches and veneers */

/* S as the formulas of aaelf32 "Relocation types" take it apart. */
struct sym {
    uint32_t S;       /* as given: a Thumb function's has bit 0 set */
    uint32_t T;       /* 1 for a Thumb function (bit 0 of S; data objects and sections may sit
                         at odd addresses, so only code symbols have it), else 0 */
    uint32_t Sa;      /* S - T: the address proper (st_value & ~1) */
    bool weak0;       /* an unresolved weak reference: S = 0, untyped */
    bool own_state;   /* a label or section of the image (no bit marks their instruction set:
                         assemblers set T on functions only): a branch takes it to be in its
                         own state, as GNU ld and LLD do */
};

/* The 16-byte veneer pair described at the top of the file. */
static void write_stub(unsigned char *stub, uint32_t dest) {
    st32(stub, 0xe51ff004u);          /* ldr   pc, [pc, #-4] */
    st32(stub + 4, dest);
    st16(stub + 8, 0xf8dfu);          /* ldr.w pc, [pc, #0] */
    st16(stub + 10, 0xf000u);
    st32(stub + 12, dest);
}

/* PC24 / PLT32 name no instruction: an unconditional BL (cond 1110) or a BLX (immediate)
 * (insn[31:25] = 1111101) is a call, anything else (B, BL<cond>) a jump. */
static bool arm_insn_is_call(uint32_t insn) {
    return (insn & 0xff000000u) == 0xeb000000u || (insn >> 25) == 0x7d;
}

/*
 * Arm-state B / BL / BLX (aaelf32 "Call and Jump relocations"; Result_Mask X & 0x03FFFFFE,
 * overflow -2^25 <= X < 2^25).  X = ((S + A) | T) - P is the value of the 24-bit field
 * scaled by 4 (the PC bias is in A: REL addend sign_extend(insn[23:0] << 2)), so the
 * destination is P + 8 + X.  An unresolved weak call or jump goes to the next instruction,
 * P + 4: X = -4 ("Call and Jump relocations" for calls; jumps alike).
 */
static int arm_branch(const struct elfld_obj_reloc *r, const struct sym *s, bool call) {
    unsigned char *where = r->where;
    uint32_t P = (uint32_t)r->P;
    uint32_t insn = ld32(where);
    uint32_t A = r->rela ? (uint32_t)r->A : (uint32_t)sext(insn << 2, 26);
    uint32_t X = s->weak0 ? (uint32_t)-4 : ((s->Sa + A) | s->T) - P;
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

/* The Thumb-2 32-bit branches, by encoding. */
enum thm_branch_kind {
    THM_BL,      /* THM_CALL: BL / BLX (T1 / T2) */
    THM_B_W,     /* THM_JUMP24: B.W (T4) */
    THM_BCOND_W, /* THM_JUMP19: B<cond>.W (T3) */
};

/*
 * Thumb-state BL / BLX / B.W / B<cond>.W ("Thumb call and jump relocations"): X = ((S + A) |
 * T) - P, destination P + 4 + X; REL addend: the instruction's own offset.  THM_CALL: Thumb
 * target BL, Arm target BLX whose offset is taken from Align(P + 4, 4) (so X + (P & 2));
 * -2^24 <= X < 2^24.  THM_JUMP24 (B.W, same range) and THM_JUMP19 (B<cond>.W, -2^20 <= X <
 * 2^20) need a Thumb target.  An unresolved weak reference goes to P + 4 in Thumb state: X = 1.
 */
static int thm_branch(const struct elfld_obj_reloc *r, const struct sym *s,
                      enum thm_branch_kind kind) {
    unsigned char *where = r->where;
    uint32_t P = (uint32_t)r->P;
    uint32_t hw1 = ld16(where), hw2 = ld16(where + 2);
    uint32_t A;
    if (r->rela)
        A = (uint32_t)r->A;
    else
        A = (uint32_t)(kind == THM_BCOND_W ? thm_b19_get(hw1, hw2) : thm_b24_get(hw1, hw2));
    uint32_t X = s->weak0 ? 1 : ((s->Sa + A) | s->T) - P;
    unsigned bits = kind == THM_BCOND_W ? 21 : 25;
    if ((X & 1) || s->own_state) {                  /* Thumb target */
        if (fits(X, bits)) {
            if (kind == THM_BCOND_W)
                thm_b19_set(where, hw1, hw2, X & ~1u);
            else
                thm_b24_set(where, hw1, kind == THM_BL ? hw2 | 0x1000u : hw2, X & ~1u);
            return 0;
        }
    } else if (kind == THM_BL) {                    /* Arm target: BLX (hw2[12] = 0) */
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
    if (kind == THM_BCOND_W)
        thm_b19_set(where, hw1, hw2, V);
    else
        thm_b24_set(where, hw1, kind == THM_BL ? hw2 | 0x1000u : hw2, V);
    return 0;
}

/*
 * Thumb-16 B (T2, THM_JUMP11: X & 0xFFE, -2^11 <= X < 2^11, bits = 12) and B<cond> (T1,
 * THM_JUMP8: X & 0x1FE, -2^8 <= X < 2^8, bits = 9): X = S + A - P with S the address proper;
 * the field is X[bits-1:1]; no veneer ("a linker is not required to generate trampoline
 * sequences").  REL addend: sign_extend(field << 1).  An unresolved weak reference goes to
 * P + 2, the next instruction: X = -2.
 */
static int thm_short_branch(const struct elfld_obj_reloc *r, const struct sym *s, unsigned bits) {
    uint32_t hw1 = ld16(r->where);
    uint32_t A = r->rela ? (uint32_t)r->A : (uint32_t)sext(hw1 << 1, bits);
    uint32_t X = s->weak0 ? (uint32_t)-2 : s->Sa + A - (uint32_t)r->P;
    if ((X & 1) || !fits(X, bits))
        return ELFLD_ERANGE;
    uint32_t mask = (1u << (bits - 1)) - 1;
    st16(r->where, (hw1 & ~mask) | ((X >> 1) & mask));
    return 0;
}

/* Reach of each veneerable branch: Arm B/BL +-32 MiB, Thumb-2 BL/B.W +-16 MiB, B<cond>.W
 * +-1 MiB (the ranges of arm_branch and thm_branch). */
uintptr_t elfld_arch_obj_branch_reach(uint32_t type) {
    switch (type) {
    case R_ARM_THM_CALL:
    case R_ARM_THM_TLS_CALL:
    case R_ARM_THM_JUMP24:  return (uintptr_t)1 << 24;
    case R_ARM_THM_JUMP19:  return (uintptr_t)1 << 20;
    default:                return (uintptr_t)1 << 25;      /* CALL, JUMP24, PC24, PLT32,
                                                               TLS_CALL */
    }
}

/* A Thumb function (T, as elfld_arch_obj_apply forms it) reached by an Arm B, or an Arm
 * function by a Thumb B.W / B<cond>.W: only a veneer switches state.  A target that is not a
 * function is in the branch's own state (struct sym).  PC24 and PLT32 may be either a B or a
 * BL: the veneer is planned, and used only when the instruction is a B. */
bool elfld_arch_obj_branch_switches(uint32_t type, uintptr_t value, unsigned sym_type) {
    bool func = sym_type == STT_FUNC || sym_type == STT_GNU_IFUNC;
    bool thumb = (func || sym_type == STT_NOTYPE) && (value & 1);
    switch (type) {
    case R_ARM_JUMP24:
    case R_ARM_PC24:
    case R_ARM_PLT32:       return thumb;
    case R_ARM_THM_JUMP24:
    case R_ARM_THM_JUMP19:  return func && !thumb;
    case R_ARM_TLS_CALL:
    case R_ARM_THM_TLS_CALL: return true;                   /* always to its trampoline */
    default:                return false;                  /* BL / BLX switch by themselves */
    }
}

/* ---------------------------------------------------------------- TLS descriptors */
/*
 * A descriptor call (-mtls-dialect=gnu2; "Thread-Local Storage Descriptors for the ARM
 * platform", the TLSDESC proposal aaelf32 reserves these types for) is
 *         ldr   r0, 1f
 *     2:  bl    x(tlscall)         Thumb: the same (blx once linked)
 *         ...                      r0 = x's offset from the thread pointer
 *     1:  .word x(tlsdesc) + (. - 2b)        Thumb: + (. - 2b + 1)
 * The word (TLS_GOTDESC) is the descriptor's offset from the call's return address (lr, bit 0
 * set in Thumb), which the REL addend locates: the call is at P - (A & ~1), in Thumb state
 * when A is odd.  The call (TLS_CALL, THM_TLS_CALL) goes to a trampoline in the record's
 * veneer slot (elfld_arch_obj_branch_switches plans one for every such call), Arm code as
 * GNU ld's:
 *     add  r0, lr, r0      the descriptor {argument, resolver}
 *     ldr  r1, [r0, #4]    its resolver
 *     bx   r1              entered with r0 = descriptor, lr = the caller's return
 * The call may clobber r1, lr and the flags (the proposal's calling convention), and the
 * resolvers (tls.S) return to lr in either state.
 */
#define TLS_TRAMPOLINE_ADD 0xe08e0000u       /* add r0, lr, r0 */
#define TLS_TRAMPOLINE_LDR 0xe5901004u       /* ldr r1, [r0, #4] */
#define TLS_TRAMPOLINE_BX  0xe12fff11u       /* bx  r1 */
#define ARM_BL             0xeb000000u       /* BL, cond AL, imm24 0 */
#define THM_BL_NOT_BLX     0x1000u           /* hw2[12] of a Thumb BL: clear for BLX */

/* The return address (with its state bit) of the call a TLS_GOTDESC addend A names. */
static uint32_t tls_call_return(const struct elfld_obj_reloc *r, uint32_t A) {
    uint32_t thumb = A & 1;
    uint32_t call = (uint32_t)r->P - (A - thumb);
    return call + 4 + thumb;
}

/* The trampoline into the record's veneer slot (Arm state, word aligned), or 0. */
static uint32_t tls_trampoline(const struct elfld_obj_reloc *r) {
    if (!r->stub || (r->stub_addr & 3))
        return 0;
    st32(r->stub, TLS_TRAMPOLINE_ADD);
    st32(r->stub + 4, TLS_TRAMPOLINE_LDR);
    st32(r->stub + 8, TLS_TRAMPOLINE_BX);
    st32(r->stub + 12, 0);
    return (uint32_t)r->stub_addr;
}

/* Arm BL (whatever the instruction held: BL or BLX) to the trampoline. */
static int arm_tls_call(const struct elfld_obj_reloc *r) {
    uint32_t to = tls_trampoline(r);
    uint32_t X = to - ((uint32_t)r->P + 8);
    if (!to || !fits(X, 26))
        return ELFLD_ERANGE;
    st32(r->where, ARM_BL | ((X >> 2) & 0xffffff));
    return 0;
}

/* Thumb BLX (T2, hw2[12] = 0) to the Arm trampoline: the offset is from Align(P + 4, 4). */
static int thm_tls_call(const struct elfld_obj_reloc *r) {
    uint32_t P = (uint32_t)r->P;
    uint32_t to = tls_trampoline(r);
    uint32_t X = to - ((P + 4) & ~3u);
    if (!to || !fits(X, 25))
        return ELFLD_ERANGE;
    thm_b24_set(r->where, ld16(r->where), ld16(r->where + 2) & ~THM_BL_NOT_BLX, X);
    return 0;
}

/* ---------------------------------------------------------------- apply */
/*
 * One case per type, with its aaelf32 operation ("Relocation codes": (S + A) | T, S + A - P,
 * GOT(S) + A - GOT_ORG ...).  A is the REL addend read from the field (the *_addend readers)
 * or r->A.  GOT_ORG is r->GOT, GOT(S) is r->G, and B(S) (BASE_*) is GOT_ORG.  Values are
 * computed modulo 2^32.
 */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    const struct elfld_obj_type *t = obj_type_lookup(r->type);
    if (!t)
        return ELFLD_ERELTYPE;
    if ((t->flags & ELFLD_OBJ_TLS) && !ELFLD_OBJ_TLS_FORM_OF(t->flags))
        return ELFLD_ETLS;                  /* a thread-local type not applied in objects */
    unsigned char *p = r->where;
    uint32_t S = (uint32_t)r->S, P = (uint32_t)r->P, G = (uint32_t)r->G, GOT = (uint32_t)r->GOT;
    uint32_t T = (r->sym_type == STT_FUNC || r->sym_type == STT_NOTYPE ||
                  r->sym_type == STT_GNU_IFUNC) ? (S & 1) : 0;
    bool func = r->sym_type == STT_FUNC || r->sym_type == STT_GNU_IFUNC;
    const struct sym s = {S, T, S - T, S == 0 && r->sym_type == STT_NOTYPE,
                          !r->outside && !func && !T};
    uint32_t Sa = s.Sa;

    switch (r->type) {
    case R_ARM_NONE:
    case R_ARM_V4BX:              /* Armv4T BX: nothing to do on v5T+ */
    case R_ARM_GNU_VTENTRY:       /* linker GC hints only */
    case R_ARM_GNU_VTINHERIT:     return 0;

    /* Static Data relocations: 32-bit words, no overflow check */
    case R_ARM_ABS32:
    case R_ARM_TARGET1:           return put32(p, (Sa + data_addend(r, 4)) | T);
    case R_ARM_ABS32_NOI:         return put32(p, S + data_addend(r, 4));
    case R_ARM_REL32:             return put32(p, ((Sa + data_addend(r, 4)) | T) - P);
    case R_ARM_REL32_NOI:         return put32(p, S + data_addend(r, 4) - P);
    case R_ARM_GOTOFF32:          return put32(p, ((Sa + data_addend(r, 4)) | T) - GOT);
    case R_ARM_BASE_PREL:         return put32(p, GOT + data_addend(r, 4) - P);
    case R_ARM_BASE_ABS:          return put32(p, GOT + data_addend(r, 4));
    case R_ARM_GOT_BREL:          return put32(p, G + data_addend(r, 4) - GOT);
    case R_ARM_GOT_PREL:
    case R_ARM_TARGET2:           return put32(p, G + data_addend(r, 4) - P);
    case R_ARM_GOT_ABS:           return put32(p, G + data_addend(r, 4));
    /* ... narrower ones, checked */
    case R_ARM_ABS16:             return put_small(p, S + data_addend(r, 2), 2);
    case R_ARM_ABS8:              return put_small(p, S + data_addend(r, 1), 1);
    case R_ARM_PREL31:            return put_prel31(p, ((Sa + prel31_addend(r)) | T) - P);

    /* Arm B / BL / BLX: CALL may switch state, JUMP24 may not; PC24 / PLT32 by instruction */
    case R_ARM_CALL:              return arm_branch(r, &s, true);
    case R_ARM_JUMP24:            return arm_branch(r, &s, false);
    case R_ARM_PC24:
    case R_ARM_PLT32:             return arm_branch(r, &s, arm_insn_is_call(ld32(p)));

    /* Arm MOVW / MOVT: MOVW X & 0xFFFF, MOVT X & 0xFFFF0000 (no T for MOVT) */
    case R_ARM_MOVW_ABS_NC:       return put_arm_mov(p, (Sa + arm_mov_addend(r)) | T);
    case R_ARM_MOVT_ABS:          return put_arm_mov(p, (Sa + arm_mov_addend(r)) >> 16);
    case R_ARM_MOVW_PREL_NC:      return put_arm_mov(p, ((Sa + arm_mov_addend(r)) | T) - P);
    case R_ARM_MOVT_PREL:         return put_arm_mov(p, (Sa + arm_mov_addend(r) - P) >> 16);

    /* Thumb-2 32-bit instructions: hw1 at P, hw2 at P + 2 */
    case R_ARM_THM_CALL:          return thm_branch(r, &s, THM_BL);
    case R_ARM_THM_JUMP24:        return thm_branch(r, &s, THM_B_W);
    case R_ARM_THM_JUMP19:        return thm_branch(r, &s, THM_BCOND_W);
    case R_ARM_THM_MOVW_ABS_NC:   return put_thm_mov(p, (Sa + thm_mov_addend(r)) | T);
    case R_ARM_THM_MOVT_ABS:      return put_thm_mov(p, (Sa + thm_mov_addend(r)) >> 16);
    case R_ARM_THM_MOVW_PREL_NC:  return put_thm_mov(p, ((Sa + thm_mov_addend(r)) | T) - P);
    case R_ARM_THM_MOVT_PREL:     return put_thm_mov(p, (Sa + thm_mov_addend(r) - P) >> 16);

    /* Thumb-16 branches */
    case R_ARM_THM_JUMP11:        return thm_short_branch(r, &s, 12);
    case R_ARM_THM_JUMP8:         return thm_short_branch(r, &s, 9);

    /* Thread-local storage ("Relocations for thread-local storage"): the core gives G (the
     * GOT entries of the model: arch.h) or S (the DTP- or TP-relative offset).  GD32, LDM32
     * and IE32 are the GOT entry's offset from the place, the literal's addend holding the PC
     * bias of the add (or ldr) that uses it; the code is kept as written (no relaxation). */
    case R_ARM_TLS_GD32:
    case R_ARM_TLS_LDM32:
    case R_ARM_TLS_IE32:          return put32(p, G + data_addend(r, 4) - P);
    case R_ARM_TLS_LDO32:
    case R_ARM_TLS_LE32:          return put32(p, S + data_addend(r, 4));
    case R_ARM_TLS_GOTDESC:       return put32(p, G - tls_call_return(r, data_addend(r, 4)));
    case R_ARM_TLS_CALL:          return arm_tls_call(r);
    case R_ARM_THM_TLS_CALL:      return thm_tls_call(r);

    default:                      return ELFLD_ERELTYPE;
    }
}
