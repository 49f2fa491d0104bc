/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * riscv_like.h - what the RISC-V and LoongArch object backends (arch/riscv-common/object.c,
 * arch/loongarch64/object.c) do the same way.  The two psABIs grew from one design, so beside
 * their own instruction encodings they share:
 *   - tables indexed directly by relocation type, named by the type's macro (stringized),
 *   - the branch stub: "pc-relative base; load the 8-byte target word; jump" with the word
 *     8-byte aligned, and the choice between the direct branch and the stub,
 *   - label arithmetic in data and debug sections: SET / ADD / SUB on n-byte words, on the low
 *     6 bits of a byte (DWARF call-frame opcodes) and on ULEB128 fields,
 *   - ALIGN whose addend is the number of padding bytes the assembler left.
 * The formulas and instruction encoders differ and stay in each arch's object.c.
 *
 * For the backends' .c files only: it defines short table macros (R, OBJ, K, NOP, ...).
 */
#ifndef ELFLD_ARCH_COMMON_RISCV_LIKE_H
#define ELFLD_ARCH_COMMON_RISCV_LIKE_H

#include "../../src/core/backend.h"
#include "fields.h"

/* ---------------------------------------------------------------- relocation tables */

/* One row of elfld_arch_relocs, `[R_RISCV_32] = R(ARCH, 4, R_RISCV_32)`: the name string is
 * the type's macro name, stringized, so it cannot drift from the number. */
#define R(kind, size, type) {ELFLD_RK_##kind, size, 0, #type}

/* Short names for the ELFLD_OBJ_* sets, so that a row of the object table fits one line. */
#define K ELFLD_OBJ_KNOWN
#define NOP (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP)
#define TLS ELFLD_OBJ_TLS
/* A thread-local type the backend applies, with what the core computes for it (arch.h). */
#define TLSF(form) (ELFLD_OBJ_KNOWN | ELFLD_OBJ_TLS | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))
#define GOT (ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT)
#define NEAR (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NEAR_BRANCH)   /* a branch with no stub */

/* A static relocation type as object.c describes it, in a table indexed by type. */
struct elfld_rvl_obj_type {
    const char *name;
    uint32_t flags;   /* ELFLD_OBJ_*; 0: not applied in objects (name kept for messages) */
    uint8_t size;     /* bytes of its field at the place (see ELFLD_OBJ_FIELD), ULEB: a ULEB128 */
};

/* A ULEB128 field (SET/ADD/SUB_ULEB128): its length is its own bytes'. */
#define ULEB ELFLD_OBJ_ULEB128

/* One row, `[R_LARCH_B26] = OBJ(BR, 4, R_LARCH_B26)`: flags, the bytes of the field (0 for a
 * type not applied), the name stringized as in R() above. */
#define OBJ(flags, size, type) {#type, flags, size}

/* elfld_arch_obj_classify over such a table of n rows: beyond it, or in a gap, a type is
 * unknown (0, *name NULL); a type the backend applies states its field's size. */
static inline unsigned elfld__rvl_obj_classify(const struct elfld_rvl_obj_type *t, size_t n,
                                               uint32_t type, const char **name) {
    const char *s = NULL;
    unsigned flags = 0;
    if (type < n) {
        s = t[type].name;
        flags = t[type].flags;
        if (flags & ELFLD_OBJ_KNOWN)
            flags |= ELFLD_OBJ_FIELD(t[type].size);
    }
    if (name)
        *name = s;
    return flags;
}

/* ---------------------------------------------------------------- instruction words */

/* Every instruction these relocations patch is one little-endian 32-bit word (the RISC-V
 * compressed ones excepted: 16 bits, handled in its object.c). */
static inline uint32_t elfld__rvl_insn(const unsigned char *w) {
    return (uint32_t)elfld__get_le(w, 4);
}

static inline void elfld__rvl_set_insn(unsigned char *w, uint32_t insn) {
    elfld__put_le(w, insn, 4);
}

/* Store v in the n-byte data field at w if it passes `ck`: 0, or ELFLD_ERANGE, nothing written. */
static inline int elfld__rvl_store(unsigned char *w, uint64_t v, unsigned n,
                                   enum elfld_field_check ck) {
    return elfld__put_checked(w, v, n, ck) ? 0 : ELFLD_ERANGE;
}

/* ---------------------------------------------------------------- branch stubs */
/*
 * A stub reaches any address from anywhere in its text:
 *
 *     <pc base>  t, 0          # t = stub address        (auipc / pcaddu12i)
 *     <load>     t, D(t)       # D = 12 or 16            (ld / ld.d)
 *     <jump>     t             # no link: the caller's link register is kept (jr / jirl)
 *     (nop before or after the word)
 *     .dword     target
 *
 * D is whichever of 12 and 16 makes the word 8-byte aligned (the core aligns stubs to 4 only),
 * so a 24-byte area always suffices.  The arch gives its four encodings; the scratch register
 * t is chosen, and explained, by each backend.
 */
#define ELFLD_RVL_STUB_SIZE 24u

struct elfld_rvl_stub_isa {
    uint32_t pc_base;     /* t = pc of this instruction */
    uint32_t load;        /* t = 8-byte load from t + 0 */
    unsigned load_shift;  /* bit position of the load's 12-bit offset field */
    uint32_t jump;        /* jump to t, no link */
    uint32_t nop;
};

static inline void elfld__rvl_write_stub(const struct elfld_rvl_stub_isa *isa, unsigned char *s,
                                         uint64_t stub_addr, uint64_t target) {
    unsigned d = ((stub_addr + 12) & 7) == 0 ? 12 : 16;   /* offset of the 8-byte word */
    elfld__put_le(s + 0, isa->pc_base, 4);
    elfld__put_le(s + 4, isa->load | ((uint32_t)d << isa->load_shift), 4);
    elfld__put_le(s + 8, isa->jump, 4);
    elfld__put_le(s + (d == 12 ? 20 : 12), isa->nop, 4);   /* never executed */
    elfld__put_le(s + d, target, 8);
}

/*
 * The pc-relative value a branch-like relocation writes: S + A - P (taken at the address
 * width, so RV32 wraps modulo 2^32), or, when `fits` refuses that and the core planned a stub
 * (r->stub; never when isa is NULL: an arch build without stubs), the stub's.  For a branch
 * the addend offsets the target (it is 0 in compiler output): the stub jumps to S + A and the
 * branch is aimed at the stub.  With `positional_addend` (a data word such as RISC-V's PLT32,
 * `.word f@plt - . + k`) the addend stays on the word: the stub jumps to S and the word
 * becomes stub + A - P.  Returns 0 and sets *v, or ELFLD_ERANGE.
 */
static inline int elfld__rvl_branch_value(const struct elfld_obj_reloc *r,
                                          const struct elfld_rvl_stub_isa *isa,
                                          bool (*fits)(int64_t), bool positional_addend,
                                          int64_t *v) {
    *v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
    if (fits(*v))
        return 0;
    if (isa && r->stub) {
        elfld__rvl_write_stub(isa, r->stub, r->stub_addr,
                              positional_addend ? r->S : r->S + (uint64_t)r->A);
        *v = (int64_t)(r->stub_addr + (positional_addend ? (uint64_t)r->A : 0) - r->P);
        if (fits(*v))
            return 0;
    }
    return ELFLD_ERANGE;
}

/* ---------------------------------------------------------------- label arithmetic */
/*
 * SETn / ADDn / SUBn (label differences in data and debug sections): the field becomes v, or
 * its value plus or minus v, modulo the field width.  The two halves of a difference come as
 * two relocations at the same place, one at a time, so only the final wrapped value matters.
 */
enum elfld_rvl_op { ELFLD_RVL_SET, ELFLD_RVL_ADD, ELFLD_RVL_SUB };

static inline uint64_t elfld__rvl_combine(uint64_t old, uint64_t v, enum elfld_rvl_op op) {
    return op == ELFLD_RVL_SET ? v : op == ELFLD_RVL_ADD ? old + v : old - v;
}

/* The n-byte little-endian word at w. */
static inline int elfld__rvl_label(unsigned char *w, uint64_t v, unsigned n,
                                   enum elfld_rvl_op op) {
    elfld__put_le(w, elfld__rvl_combine(elfld__get_le(w, n), v, op), n);
    return 0;
}

/* The low 6 bits of the byte at w (the operand of DW_CFA_advance_loc); bits 7:6 are kept. */
static inline int elfld__rvl_label6(unsigned char *w, uint64_t v, enum elfld_rvl_op op) {
    elfld__put_low_bits(w, elfld__rvl_combine(w[0], v, op), 6);
    return 0;
}

/*
 * The ULEB128 at w, keeping its length: the assembler reserved enough bytes for the final
 * value, and without relaxation the final value is the one it sized the field for.  The
 * intermediate value (a whole address after the first half) is kept modulo 2^(7 len), so the
 * difference written by the second half is exact.  ELFLD_ERELOC when no byte of the first 10
 * ends the number.
 */
static inline int elfld__rvl_uleb(unsigned char *w, uint64_t v, enum elfld_rvl_op op) {
    unsigned len = elfld__uleb_len(w);
    if (!len)
        return ELFLD_ERELOC;
    elfld__uleb_put(w, len, elfld__rvl_combine(elfld__uleb_get(w, len), v, op));
    return 0;
}

/* ---------------------------------------------------------------- ALIGN */
/*
 * ALIGN whose addend is the number of padding (nop) bytes at P: the code after the padding,
 * at P + nops, must be aligned to the smallest power of two greater than nops.  A relaxing
 * linker deletes padding to get there; these objects are linked as assembled, so the padding
 * must already be right: 0, else ELFLD_ERELOC (also for a negative addend, or an alignment
 * above 2^62).
 */
static inline int elfld__rvl_align_padding(uint64_t P, int64_t nops) {
    if (nops < 0)
        return ELFLD_ERELOC;
    uint64_t n = (uint64_t)nops, align = 1;
    while (align <= n) {
        if (align >> 62)
            return ELFLD_ERELOC;
        align <<= 1;
    }
    return (P + n) & (align - 1) ? ELFLD_ERELOC : 0;
}

#endif
