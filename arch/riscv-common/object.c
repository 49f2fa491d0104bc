/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V backend (riscv64 and riscv32 share it): static relocations in relocatable objects
 * (see src/core/arch.h, "relocatable objects").
 *
 * Source: RISC-V ELF psABI (riscv-non-isa/riscv-elf-psabi-doc, riscv-elf.adoc), section
 * "Relocations": table "Relocation types" (formulas), "Field Symbols" (instruction fields),
 * "Absolute Addresses", "Procedure Calls", "PC-Relative Jumps and Branches", "PC-Relative
 * Symbol Addresses", "Relocation for Alignment"; section "Code Models" for the reachable
 * ranges.  Field layouts are the base ISA's B/I/S/U/J formats and the C extension's CB/CJ.
 *
 * Objects are linked without relaxation: RELAX is a marker, and an ALIGN is checked, not
 * performed (the padding the assembler left must already give the alignment).
 *
 * Arithmetic is done in 64 bits.  On RV32 every address difference is taken modulo 2^32
 * (auipc/lui/jalr wrap at 32 bits), so the 32-bit pc-relative and absolute pairs reach the
 * whole address space and only the short branches can be out of range.
 *
 * Layout: the type table, then one helper per instruction field ("value -> range check ->
 * field"), then elfld_arch_obj_apply, one line per type.  What LoongArch does the same way
 * (stubs, label arithmetic, ALIGN) is in ../common/riscv_like.h.
 */
#include "../../src/core/backend.h"
#include "../common/single_isa.h"
#include "../common/fields.h"
#include "../common/riscv_like.h"
#include "reloc_types.h"

#if __riscv_xlen == 64
#define RV64 1
#else
#define RV64 0
#endif

/* ---------------------------------------------------------------- stubs */
/*
 * Branch stub (RV64 only): CALL / CALL_PLT (auipc+jalr, +-2 GiB) and PLT32 whose target is
 * farther get redirected to this per-target stub (layout: ../common/riscv_like.h), placed by
 * the core within +-2 GiB:
 *
 *     auipc t1, 0          # t1 = stub address
 *     ld    t1, D(t1)      # D = 12 or 16: whichever makes the word 8-byte aligned
 *     jr    t1
 *     (nop before or after the word)
 *     .dword target
 *
 * Register choice: t1 (x6).  The psABI's own PLT entries ("Procedure Linkage Table") clobber
 * t1 (their jalr link register) and t3 (the target), so every call that may be bound through
 * a PLT already treats t1 as dead at the callee's entry; the `tail` macro uses t1 as its
 * scratch register too.  t0 is avoided (alternate link register, `call t0, __riscv_save_N`),
 * and so is t2 (static chain in GCC and LLVM, landing-pad label with Zicfilp).
 *
 * On RV32 auipc+jalr reach every address (32-bit wrap-around), so no stub is ever needed.
 */
#if RV64
const uint32_t elfld_arch_stub_size = ELFLD_RVL_STUB_SIZE;

static const struct elfld_rvl_stub_isa stub_isa = {
    .pc_base = 0x00000317u,      /* auipc t1, 0 */
    .load = 0x00033303u,         /* ld t1, 0(t1): I-type, offset in bits 31:20 */
    .load_shift = 20,
    .jump = 0x00030067u,         /* jalr x0, 0(t1) */
    .nop = 0x00000013u,          /* addi x0, x0, 0 */
};
#define STUBS (&stub_isa)
#else
const uint32_t elfld_arch_stub_size = 0;
#define STUBS ((const struct elfld_rvl_stub_isa *)0)
#endif

/* ---------------------------------------------------------------- classification */
/* (K, NOP, TLS, GOT and OBJ: ../common/riscv_like.h) */
#if RV64
#define CALLK (ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH)
#else
#define CALLK ELFLD_OBJ_KNOWN
#endif

/* Indexed by relocation type (psABI table "Relocation types"): flags, the bytes of the field
 * ("Field Symbols": an instruction 4, a compressed one 2, CALL's auipc+jalr pair 8; word6 is
 * the low bits of 1 byte; ALIGN touches none), name. */
static const struct elfld_rvl_obj_type obj_types[] = {
    [R_RISCV_NONE] = OBJ(NOP, 0, R_RISCV_NONE),
    [R_RISCV_32] = OBJ(K, 4, R_RISCV_32),
    [R_RISCV_64] = OBJ(K, 8, R_RISCV_64),
    [R_RISCV_RELATIVE] = OBJ(0, 0, R_RISCV_RELATIVE),       /* dynamic only */
    [R_RISCV_COPY] = OBJ(0, 0, R_RISCV_COPY),
    [R_RISCV_JUMP_SLOT] = OBJ(0, 0, R_RISCV_JUMP_SLOT),
    [R_RISCV_TLS_DTPMOD32] = OBJ(TLS, 0, R_RISCV_TLS_DTPMOD32),
    [R_RISCV_TLS_DTPMOD64] = OBJ(TLS, 0, R_RISCV_TLS_DTPMOD64),
    [R_RISCV_TLS_DTPREL32] = OBJ(TLSF(DTPOFF), 4, R_RISCV_TLS_DTPREL32),   /* S + A - 0x800 */
    [R_RISCV_TLS_DTPREL64] = OBJ(TLSF(DTPOFF), 8, R_RISCV_TLS_DTPREL64),
    [R_RISCV_TLS_TPREL32] = OBJ(TLS, 0, R_RISCV_TLS_TPREL32),
    [R_RISCV_TLS_TPREL64] = OBJ(TLS, 0, R_RISCV_TLS_TPREL64),
    [R_RISCV_TLSDESC] = OBJ(TLS, 0, R_RISCV_TLSDESC),
    [R_RISCV_BRANCH] = OBJ(NEAR, 4, R_RISCV_BRANCH),        /* +-4 KiB */
    [R_RISCV_JAL] = OBJ(NEAR, 4, R_RISCV_JAL),              /* +-1 MiB: a stub would clobber t1,
                                                               live across a jump in a function */
    [R_RISCV_CALL] = OBJ(CALLK, 8, R_RISCV_CALL),
    [R_RISCV_CALL_PLT] = OBJ(CALLK, 8, R_RISCV_CALL_PLT),
    [R_RISCV_GOT_HI20] = OBJ(GOT | ELFLD_OBJ_PAIR_HI, 4, R_RISCV_GOT_HI20),
    /* initial exec and general dynamic: a GOT entry's PC-relative HI20, paired like GOT_HI20 */
    [R_RISCV_TLS_GOT_HI20] = OBJ(TLSF(IE) | ELFLD_OBJ_PAIR_HI, 4, R_RISCV_TLS_GOT_HI20),
    [R_RISCV_TLS_GD_HI20] = OBJ(TLSF(GD) | ELFLD_OBJ_PAIR_HI, 4, R_RISCV_TLS_GD_HI20),
    [R_RISCV_PCREL_HI20] = OBJ(K | ELFLD_OBJ_PAIR_HI, 4, R_RISCV_PCREL_HI20),
    [R_RISCV_PCREL_LO12_I] = OBJ(K | ELFLD_OBJ_PAIR_LO, 4, R_RISCV_PCREL_LO12_I),
    [R_RISCV_PCREL_LO12_S] = OBJ(K | ELFLD_OBJ_PAIR_LO, 4, R_RISCV_PCREL_LO12_S),
    [R_RISCV_HI20] = OBJ(K, 4, R_RISCV_HI20),
    [R_RISCV_LO12_I] = OBJ(K, 4, R_RISCV_LO12_I),
    [R_RISCV_LO12_S] = OBJ(K, 4, R_RISCV_LO12_S),
    /* local exec: S is the offset from tp; TPREL_ADD only marks the add of tp (for relaxing) */
    [R_RISCV_TPREL_HI20] = OBJ(TLSF(TPOFF), 4, R_RISCV_TPREL_HI20),
    [R_RISCV_TPREL_LO12_I] = OBJ(TLSF(TPOFF), 4, R_RISCV_TPREL_LO12_I),
    [R_RISCV_TPREL_LO12_S] = OBJ(TLSF(TPOFF), 4, R_RISCV_TPREL_LO12_S),
    [R_RISCV_TPREL_ADD] = OBJ(TLSF(MARK), 0, R_RISCV_TPREL_ADD),
    [R_RISCV_ADD8] = OBJ(K, 1, R_RISCV_ADD8),
    [R_RISCV_ADD16] = OBJ(K, 2, R_RISCV_ADD16),
    [R_RISCV_ADD32] = OBJ(K, 4, R_RISCV_ADD32),
    [R_RISCV_ADD64] = OBJ(K, 8, R_RISCV_ADD64),
    [R_RISCV_SUB8] = OBJ(K, 1, R_RISCV_SUB8),
    [R_RISCV_SUB16] = OBJ(K, 2, R_RISCV_SUB16),
    [R_RISCV_SUB32] = OBJ(K, 4, R_RISCV_SUB32),
    [R_RISCV_SUB64] = OBJ(K, 8, R_RISCV_SUB64),
    [R_RISCV_GOT32_PCREL] = OBJ(GOT, 4, R_RISCV_GOT32_PCREL),
    [R_RISCV_ALIGN] = OBJ(K, 0, R_RISCV_ALIGN),             /* checked, see apply */
    [R_RISCV_RVC_BRANCH] = OBJ(NEAR, 2, R_RISCV_RVC_BRANCH),
    [R_RISCV_RVC_JUMP] = OBJ(NEAR, 2, R_RISCV_RVC_JUMP),
    [R_RISCV_RELAX] = OBJ(NOP, 0, R_RISCV_RELAX),           /* objects are not relaxed */
    [R_RISCV_SUB6] = OBJ(K, 1, R_RISCV_SUB6),
    [R_RISCV_SET6] = OBJ(K, 1, R_RISCV_SET6),
    [R_RISCV_SET8] = OBJ(K, 1, R_RISCV_SET8),
    [R_RISCV_SET16] = OBJ(K, 2, R_RISCV_SET16),
    [R_RISCV_SET32] = OBJ(K, 4, R_RISCV_SET32),
    [R_RISCV_32_PCREL] = OBJ(K, 4, R_RISCV_32_PCREL),
    [R_RISCV_IRELATIVE] = OBJ(0, 0, R_RISCV_IRELATIVE),
    [R_RISCV_PLT32] = OBJ(CALLK, 4, R_RISCV_PLT32),
    [R_RISCV_SET_ULEB128] = OBJ(K, ULEB, R_RISCV_SET_ULEB128),
    [R_RISCV_SUB_ULEB128] = OBJ(K, ULEB, R_RISCV_SUB_ULEB128),
    /* TLS descriptors: the HI20 of the descriptor's GOT pair; the load of its resolver and the
     * add of its address are that pair's LO12 halves (their symbol is the HI's label); the
     * call only marks the jalr */
    [R_RISCV_TLSDESC_HI20] = OBJ(TLSF(DESC) | ELFLD_OBJ_PAIR_HI, 4, R_RISCV_TLSDESC_HI20),
    [R_RISCV_TLSDESC_LOAD_LO12] = OBJ(K | ELFLD_OBJ_PAIR_LO, 4, R_RISCV_TLSDESC_LOAD_LO12),
    [R_RISCV_TLSDESC_ADD_LO12] = OBJ(K | ELFLD_OBJ_PAIR_LO, 4, R_RISCV_TLSDESC_ADD_LO12),
    [R_RISCV_TLSDESC_CALL] = OBJ(TLSF(MARK), 0, R_RISCV_TLSDESC_CALL),
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

#define TYPE_NAME(type) #type

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    if (type == R_RISCV_VENDOR) {   /* vendor relocations (192-255) are not supported */
        if (name)
            *name = TYPE_NAME(R_RISCV_VENDOR);
        return 0;
    }
    return elfld__rvl_obj_classify(obj_types, NTYPES, type, name);
}

/* ---------------------------------------------------------------- instruction fields */
/* (little-endian access, range checks and ULEB128 fields: ../common/fields.h) */

/* "Field Symbols": U-Type imm[31:12] in bits 31:12. */
static uint32_t set_u(uint32_t insn, uint32_t imm20) {
    return (insn & 0x00000fffu) | ((imm20 & 0xfffffu) << 12);
}

/* I-Type imm[11:0] in bits 31:20. */
static uint32_t set_i(uint32_t insn, uint32_t imm12) {
    return (insn & 0x000fffffu) | ((imm12 & 0xfffu) << 20);
}

/* S-Type imm[11:5] in bits 31:25, imm[4:0] in bits 11:7. */
static uint32_t set_s(uint32_t insn, uint32_t imm12) {
    return (insn & 0x01fff07fu) | ((imm12 & 0xfe0u) << 20) | ((imm12 & 0x1fu) << 7);
}

/* B-Type imm[12|10:5] in bits 31|30:25, imm[4:1|11] in bits 11:8|7. */
static uint32_t set_b(uint32_t insn, uint32_t off) {
    return (insn & 0x01fff07fu) | ((off >> 12 & 1u) << 31) | ((off >> 5 & 0x3fu) << 25) |
           ((off >> 1 & 0xfu) << 8) | ((off >> 11 & 1u) << 7);
}

/* J-Type imm[20|10:1|11|19:12] in bits 31|30:21|20|19:12. */
static uint32_t set_j(uint32_t insn, uint32_t off) {
    return (insn & 0x00000fffu) | ((off >> 20 & 1u) << 31) | ((off >> 1 & 0x3ffu) << 21) |
           ((off >> 11 & 1u) << 20) | (off & 0xff000u);
}

/* CB-Type (c.beqz/c.bnez) offset[8|4:3] in bits 12|11:10, offset[7:6|2:1|5] in 6:5|4:3|2. */
static uint16_t set_cb(uint16_t insn, uint32_t off) {
    return (uint16_t)((insn & 0xe383u) | ((off >> 8 & 1u) << 12) | ((off >> 3 & 3u) << 10) |
                      ((off >> 6 & 3u) << 5) | ((off >> 1 & 3u) << 3) | ((off >> 5 & 1u) << 2));
}

/* CJ-Type (c.j/c.jal) offset[11|4|9:8|10|6|7|3:1|5] in bits 12..2. */
static uint16_t set_cj(uint16_t insn, uint32_t off) {
    return (uint16_t)((insn & 0xe003u) | ((off >> 11 & 1u) << 12) | ((off >> 4 & 1u) << 11) |
                      ((off >> 8 & 3u) << 9) | ((off >> 10 & 1u) << 8) | ((off >> 6 & 1u) << 7) |
                      ((off >> 7 & 1u) << 6) | ((off >> 1 & 7u) << 3) | ((off >> 5 & 1u) << 2));
}

/* ---------------------------------------------------------------- values */

/* S + A - P, taken at the address width: on RV32 it wraps modulo 2^32, as auipc does. */
static int64_t pcrel(const struct elfld_obj_reloc *r) {
    return (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
}

/* G + A - P (G: the GOT slot's address; A is 0 per the psABI but honoured). */
static int64_t got_pcrel(const struct elfld_obj_reloc *r) {
    return (int64_t)(intptr_t)(r->G + (uintptr_t)r->A - r->P);
}

/* ---------------------------------------------------------------- field writers */
/* Each: check that the value fits the field (else ELFLD_ERANGE, nothing written), insert it. */

/*
 * U-Type, the upper part of a 32-bit value split as hi20/lo12 ("Absolute Addresses",
 * "PC-Relative Symbol Addresses"): HI20 = (v + 0x800) >> 12, because the paired 12-bit
 * immediate is sign-extended.  On RV64 lui/auipc sign-extend the 32-bit result, so v must lie
 * in [-2^31 - 0x800, 2^31 - 0x800); on RV32 everything wraps modulo 2^32 and every value is
 * reachable.
 */
static bool hi20_fits(int64_t v) {
#if RV64
    return elfld__fits_signed_plus(v, 0x800, 32);
#else
    (void)v;
    return true;
#endif
}

static uint32_t hi20_of(int64_t v) {
    return (uint32_t)(((uint64_t)v + 0x800u) >> 12) & 0xfffffu;
}

static int put_hi20(unsigned char *w, int64_t v) {
    if (!hi20_fits(v))
        return ELFLD_ERANGE;
    elfld__rvl_set_insn(w, set_u(elfld__rvl_insn(w), hi20_of(v)));
    return 0;
}

/* I-Type / S-Type lo12: the low 12 bits, any value (the HI20 rounding made them signed). */
static int put_lo12_i(unsigned char *w, uint32_t v) {
    elfld__rvl_set_insn(w, set_i(elfld__rvl_insn(w), v));
    return 0;
}

static int put_lo12_s(unsigned char *w, uint32_t v) {
    elfld__rvl_set_insn(w, set_s(elfld__rvl_insn(w), v));
    return 0;
}

/* The branch and jump immediates drop bit 0: an even offset, `bits` bits signed
 * ("PC-Relative Jumps and Branches"). */
static bool even_fits(int64_t v, unsigned bits) {
    return !(v & 1) && elfld__fits_signed(v, bits);
}

/* B-Type (beq...): [-4096, 4094] */
static int put_b(unsigned char *w, int64_t v) {
    if (!even_fits(v, 13))
        return ELFLD_ERANGE;
    elfld__rvl_set_insn(w, set_b(elfld__rvl_insn(w), (uint32_t)v));
    return 0;
}

/* J-Type (jal): [-1 MiB, 1 MiB - 2] */
static int put_j(unsigned char *w, int64_t v) {
    if (!even_fits(v, 21))
        return ELFLD_ERANGE;
    elfld__rvl_set_insn(w, set_j(elfld__rvl_insn(w), (uint32_t)v));
    return 0;
}

/* CB-Type (c.beqz/c.bnez, 16-bit): [-256, 254] */
static int put_cb(unsigned char *w, int64_t v) {
    if (!even_fits(v, 9))
        return ELFLD_ERANGE;
    elfld__put_le(w, set_cb((uint16_t)elfld__get_le(w, 2), (uint32_t)v), 2);
    return 0;
}

/* CJ-Type (c.j/c.jal, 16-bit): [-2048, 2046] */
static int put_cj(unsigned char *w, int64_t v) {
    if (!even_fits(v, 12))
        return ELFLD_ERANGE;
    elfld__put_le(w, set_cj((uint16_t)elfld__get_le(w, 2), (uint32_t)v), 2);
    return 0;
}

/* CALL / CALL_PLT ("Procedure Calls"): S + A - P over auipc (at P, U-Type hi20) + jalr (at
 * P + 4, I-Type lo12), through the stub when the target is farther than auipc reaches. */
static int put_call(const struct elfld_obj_reloc *r) {
    int64_t v;
    int rc = elfld__rvl_branch_value(r, STUBS, hi20_fits, false, &v);
    if (rc)
        return rc;
    elfld__rvl_set_insn(r->where, set_u(elfld__rvl_insn(r->where), hi20_of(v)));
    return put_lo12_i(r->where + 4, (uint32_t)v);
}

/* PLT32: word32 = S + A - P to a function, signed; through the stub when it is farther (the
 * addend stays positional, see elfld__rvl_branch_value). */
static bool word32_pcrel_fits(int64_t v) {
    return elfld__fits_signed(v, 32);
}

static int put_plt32(const struct elfld_obj_reloc *r) {
    int64_t v;
    int rc = elfld__rvl_branch_value(r, STUBS, word32_pcrel_fits, true, &v);
    if (rc)
        return rc;
    elfld__put_le(r->where, (uint64_t)v, 4);
    return 0;
}

/* word32 = S + A (R_RISCV_32): as `.word sym`, the value must survive the 32-bit store, read
 * signed or unsigned (RV64; on RV32 it is the whole address). */
static int put_word32(unsigned char *w, uint64_t v) {
    return elfld__rvl_store(w, v, 4, RV64 ? ELFLD_FIELD_BITFIELD : ELFLD_FIELD_ANY);
}

/* word64 = S + A (R_RISCV_64): on RV32 an address is unsigned, taken modulo 2^32 and
 * zero-extended. */
static int put_word64(unsigned char *w, uint64_t v) {
    elfld__put_le(w, RV64 ? v : (uint32_t)v, 8);
    return 0;
}

/* word32 = a pc-relative value (32_PCREL, GOT32_PCREL), signed 32-bit. */
static int put_pcrel32(unsigned char *w, int64_t v) {
    return elfld__rvl_store(w, (uint64_t)v, 4, ELFLD_FIELD_SIGNED);
}

/* CALL / CALL_PLT: auipc+jalr reach [-2^31 - 2^11, 2^31 - 2^11); PLT32 a signed word.  RV32
 * wraps modulo 2^32: everything is in reach. */
/*
 * Placement (arch.h), RV64: PCREL_HI20 (medany, non-PIC: auipc to the target itself) and
 * HI20 (medlow: lui of the absolute address) reach [-2^31 - 0x800, 2^31 - 0x800) (hi20_fits);
 * the 32-bit data words likewise.  RV32: every address is within reach of every field.
 */
unsigned elfld_arch_obj_reach(uint32_t type, const unsigned char *field, size_t room,
                              intptr_t *lo, intptr_t *hi) {
    (void)field;
    (void)room;
#if RV64
    const intptr_t hi20_lo = -((intptr_t)1 << 31) - 0x800, hi20_hi = ((intptr_t)1 << 31) - 0x801;
    switch (type) {
    case R_RISCV_PCREL_HI20: *lo = hi20_lo;   *hi = hi20_hi;   return ELFLD_REACH_PCREL;
    case R_RISCV_32_PCREL:   *lo = INT32_MIN; *hi = INT32_MAX; return ELFLD_REACH_PCREL;
    case R_RISCV_HI20:       *lo = hi20_lo;   *hi = hi20_hi;   return ELFLD_REACH_ABS;
    case R_RISCV_32:         *lo = INT32_MIN; *hi = UINT32_MAX; return ELFLD_REACH_ABS;
    default:                 return ELFLD_REACH_ANY;
    }
#else
    (void)type;
    (void)lo;
    (void)hi;
    return ELFLD_REACH_ANY;
#endif
}

uintptr_t elfld_arch_obj_branch_reach(uint32_t type) {
    if (!RV64)
        return 0;
    return type == R_RISCV_PLT32 ? (uintptr_t)1 << 31 : ((uintptr_t)1 << 31) - ((uintptr_t)1 << 11);
}

/* ---------------------------------------------------------------- apply */
/* One line per type: the psABI formula, and the field it goes to. */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    unsigned char *w = r->where;
    const uint64_t SA = (uint64_t)r->S + (uint64_t)(int64_t)r->A;     /* S + A */
    const enum elfld_rvl_op SET = ELFLD_RVL_SET, ADD = ELFLD_RVL_ADD, SUB = ELFLD_RVL_SUB;

    switch (r->type) {
    /* markers: RELAX is a hint for relaxing linkers; these objects are linked as written */
    case R_RISCV_NONE:         return 0;
    case R_RISCV_RELAX:        return 0;

    /* data words */
    case R_RISCV_32:           return put_word32(w, SA);                     /* S + A */
    case R_RISCV_64:           return put_word64(w, SA);                     /* S + A */
    case R_RISCV_32_PCREL:     return put_pcrel32(w, pcrel(r));              /* S + A - P */
    case R_RISCV_GOT32_PCREL:  return put_pcrel32(w, got_pcrel(r));          /* G + GOT + A - P */
    case R_RISCV_PLT32:        return put_plt32(r);                          /* S + A - P */

    /* branches and calls: S + A - P */
    case R_RISCV_BRANCH:       return put_b(w, pcrel(r));
    case R_RISCV_JAL:          return put_j(w, pcrel(r));
    case R_RISCV_RVC_BRANCH:   return put_cb(w, pcrel(r));
    case R_RISCV_RVC_JUMP:     return put_cj(w, pcrel(r));
    case R_RISCV_CALL:         return put_call(r);
    case R_RISCV_CALL_PLT:     return put_call(r);

    /* pc-relative hi20 (auipc): S + A - P, and G + GOT + A - P (G: the slot's address) */
    case R_RISCV_PCREL_HI20:   return put_hi20(w, pcrel(r));
    case R_RISCV_GOT_HI20:     return put_hi20(w, got_pcrel(r));
    /* thread-local storage: G is the GOT entry of the model (IE: the TP offset; GD: the
     * tls_index pair), S the offset (arch.h); their LO12 halves are PCREL_LO12 above */
    case R_RISCV_TLS_GOT_HI20: return put_hi20(w, got_pcrel(r));
    case R_RISCV_TLS_GD_HI20:  return put_hi20(w, got_pcrel(r));
    case R_RISCV_TPREL_HI20:   return put_hi20(w, (int64_t)SA);
    case R_RISCV_TPREL_LO12_I: return put_lo12_i(w, (uint32_t)SA);
    case R_RISCV_TPREL_LO12_S: return put_lo12_s(w, (uint32_t)SA);
    case R_RISCV_TPREL_ADD:    return 0;
    case R_RISCV_TLSDESC_HI20: return put_hi20(w, got_pcrel(r));
    case R_RISCV_TLSDESC_LOAD_LO12:
    case R_RISCV_TLSDESC_ADD_LO12: return put_lo12_i(w, (uint32_t)r->hi_value);
    case R_RISCV_TLSDESC_CALL: return 0;
    case R_RISCV_TLS_DTPREL32: return elfld__rvl_label(w, SA, 4, SET);
    case R_RISCV_TLS_DTPREL64: return elfld__rvl_label(w, SA, 8, SET);
    /* their lo12 halves: the low 12 bits of the paired HI20's value (r->hi_value; the HI
     * rounded by +0x800).  The LO's own addend must be 0 per the psABI; like LLD it is
     * ignored. */
    case R_RISCV_PCREL_LO12_I: return put_lo12_i(w, (uint32_t)r->hi_value);
    case R_RISCV_PCREL_LO12_S: return put_lo12_s(w, (uint32_t)r->hi_value);

    /* absolute hi20/lo12 (lui, medlow): S + A; on RV64 S + A must lie in
     * [0xFFFFFFFF7FFFF800, 0x7FFFF7FF] ("Medium Low Code Model") */
    case R_RISCV_HI20:         return put_hi20(w, (int64_t)SA);
    case R_RISCV_LO12_I:       return put_lo12_i(w, (uint32_t)SA);
    case R_RISCV_LO12_S:       return put_lo12_s(w, (uint32_t)SA);

    /* label arithmetic: V + S + A, V - S - A, S + A, modulo the field width */
    case R_RISCV_ADD8:         return elfld__rvl_label(w, SA, 1, ADD);
    case R_RISCV_ADD16:        return elfld__rvl_label(w, SA, 2, ADD);
    case R_RISCV_ADD32:        return elfld__rvl_label(w, SA, 4, ADD);
    case R_RISCV_ADD64:        return elfld__rvl_label(w, SA, 8, ADD);
    case R_RISCV_SUB8:         return elfld__rvl_label(w, SA, 1, SUB);
    case R_RISCV_SUB16:        return elfld__rvl_label(w, SA, 2, SUB);
    case R_RISCV_SUB32:        return elfld__rvl_label(w, SA, 4, SUB);
    case R_RISCV_SUB64:        return elfld__rvl_label(w, SA, 8, SUB);
    case R_RISCV_SET8:         return elfld__rvl_label(w, SA, 1, SET);
    case R_RISCV_SET16:        return elfld__rvl_label(w, SA, 2, SET);
    case R_RISCV_SET32:        return elfld__rvl_label(w, SA, 4, SET);
    case R_RISCV_SUB6:         return elfld__rvl_label6(w, SA, SUB);   /* word6: low 6 bits */
    case R_RISCV_SET6:         return elfld__rvl_label6(w, SA, SET);
    case R_RISCV_SET_ULEB128:  return elfld__rvl_uleb(w, SA, SET);
    case R_RISCV_SUB_ULEB128:  return elfld__rvl_uleb(w, SA, SUB);

    /* ALIGN ("Relocation for Alignment"): the addend is the number of padding bytes at P; the
     * code after them must be aligned to the next power of two above it */
    case R_RISCV_ALIGN:        return elfld__rvl_align_padding((uint64_t)r->P, r->A);

    default:                   return ELFLD_ERELTYPE;
    }
}
