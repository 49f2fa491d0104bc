/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 backend: static relocations in relocatable objects (see src/core/arch.h,
 * "relocatable objects").
 *
 * Source: "ELF for the LoongArch Architecture" (loongson/la-abi-specs, laelf.adoc), section
 * "Relocation types" (formulas and instruction fields, cited by type below), "Variables used
 * in relocation calculation" and "Code Models" (normal / medium / extreme).  Objects of ABI
 * v1 (psABI v2) are supported; the stack-machine types of ABI v0 (R_LARCH_SOP_*, 22-46) are
 * not.  Objects are linked without relaxation: RELAX is a marker and ALIGN is checked, not
 * performed.
 *
 * Instruction immediates (laelf's bit ranges of the instruction word):
 *   si20 in [24:5]   pcalau12i, pcaddu12i, pcaddu18i, pcaddi, lu12i.w, lu32i.d
 *   si12/ui12 in [21:10]  addi.d, ld.*, st.*, ori, lu52i.d
 *   offs16 in [25:10]     jirl, beq/bne/blt/bge/bltu/bgeu (B16)
 *   offs21: [15:0] in [25:10], [20:16] in [4:0]   beqz/bnez/bceqz/bcnez (B21)
 *   offs26: [15:0] in [25:10], [25:16] in [9:0]   b/bl (B26)
 *
 * Layout: the type table, then one helper per instruction field ("value -> range check ->
 * field"), then elfld_arch_obj_apply, one line per type.  What RISC-V does the same way
 * (stubs, label arithmetic, ALIGN padding) is in ../common/riscv_like.h.
 */
#include "../../src/core/backend.h"
#include "../common/single_isa.h"
#include "../common/fields.h"
#include "../common/riscv_like.h"
#include "reloc_types.h"

/* ---------------------------------------------------------------- stubs */
/*
 * Branch stub for B26 (b/bl, +-128 MiB) and CALL36 (pcaddu18i+jirl, about +-128 GiB) whose
 * target is farther (layout: ../common/riscv_like.h); the core places it within reach of the
 * branch:
 *
 *     pcaddu12i $t1, 0          # $t1 = stub address
 *     ld.d      $t1, $t1, D     # D = 12 or 16: whichever makes the word 8-byte aligned
 *     jirl      $zero, $t1, 0
 *     (nop before or after the word)
 *     .dword    target
 *
 * Register choice: $t1 ($r13).  laelf does not define veneers; lapcs makes $t0-$t8
 * temporaries (not preserved across calls).  $t8 ($r20) is avoided: it is GCC's static-chain
 * register for nested functions (STATIC_CHAIN_REGNUM in gcc/config/loongarch/loongarch.h),
 * live at a call.  $t1 is the link register of every PLT entry (`jirl $t1, $t3, 0` in the
 * PLTs of GNU ld and LLD), so code already treats it as clobbered at a callee's entry; the
 * Linux kernel's module PLT entries use it the same way.
 */
const uint32_t elfld_arch_stub_size = ELFLD_RVL_STUB_SIZE;

#define OP_JIRL 0x4c000000u      /* jirl rd, rj, offs16: opcode [31:26] */
#define OP_LU32I_D 0x16000000u   /* lu32i.d rd, si20: opcode [31:25] */

static const struct elfld_rvl_stub_isa stub_isa = {
    .pc_base = 0x1c00000du,          /* pcaddu12i $t1, 0 */
    .load = 0x28c001adu,             /* ld.d $t1, $t1, 0: si12 in [21:10] */
    .load_shift = 10,
    .jump = OP_JIRL | (13u << 5),    /* jirl $zero, $t1, 0 */
    .nop = 0x03400000u,              /* nop (andi $zero, $zero, 0) */
};

/* ---------------------------------------------------------------- classification */
/* (K, NOP, TLS, GOT and OBJ: ../common/riscv_like.h) */
#define BR (ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH)

/* Indexed by relocation type (laelf table "ELF relocation types"): flags, the bytes of the
 * field (an instruction 4, CALL36's pcaddu18i+jirl pair 8, data words 1 to 8, the 6-bit fields
 * 1; ALIGN touches none), name. */
static const struct elfld_rvl_obj_type obj_types[] = {
    [R_LARCH_NONE] = OBJ(NOP, 0, R_LARCH_NONE),
    [R_LARCH_32] = OBJ(K, 4, R_LARCH_32),
    [R_LARCH_64] = OBJ(K, 8, R_LARCH_64),
    [R_LARCH_RELATIVE] = OBJ(0, 0, R_LARCH_RELATIVE),       /* dynamic only */
    [R_LARCH_COPY] = OBJ(0, 0, R_LARCH_COPY),
    [R_LARCH_JUMP_SLOT] = OBJ(0, 0, R_LARCH_JUMP_SLOT),
    [R_LARCH_TLS_DTPMOD32] = OBJ(TLS, 0, R_LARCH_TLS_DTPMOD32),
    [R_LARCH_TLS_DTPMOD64] = OBJ(TLS, 0, R_LARCH_TLS_DTPMOD64),
    [R_LARCH_TLS_DTPREL32] = OBJ(TLS, 0, R_LARCH_TLS_DTPREL32),
    [R_LARCH_TLS_DTPREL64] = OBJ(TLS, 0, R_LARCH_TLS_DTPREL64),
    [R_LARCH_TLS_TPREL32] = OBJ(TLS, 0, R_LARCH_TLS_TPREL32),
    [R_LARCH_TLS_TPREL64] = OBJ(TLS, 0, R_LARCH_TLS_TPREL64),
    [R_LARCH_IRELATIVE] = OBJ(0, 0, R_LARCH_IRELATIVE),
    [R_LARCH_TLS_DESC32] = OBJ(TLS, 0, R_LARCH_TLS_DESC32),
    [R_LARCH_TLS_DESC64] = OBJ(TLS, 0, R_LARCH_TLS_DESC64),
    [R_LARCH_MARK_LA] = OBJ(NOP, 0, R_LARCH_MARK_LA),       /* markers of ABI v0 assemblers */
    [R_LARCH_MARK_PCREL] = OBJ(NOP, 0, R_LARCH_MARK_PCREL),
    /* 22-46: the stack machine of ABI v0 (old toolchains): not supported */
    [R_LARCH_SOP_PUSH_PCREL] = OBJ(0, 0, R_LARCH_SOP_PUSH_PCREL),
    [R_LARCH_SOP_PUSH_ABSOLUTE] = OBJ(0, 0, R_LARCH_SOP_PUSH_ABSOLUTE),
    [R_LARCH_SOP_PUSH_DUP] = OBJ(0, 0, R_LARCH_SOP_PUSH_DUP),
    [R_LARCH_SOP_PUSH_GPREL] = OBJ(0, 0, R_LARCH_SOP_PUSH_GPREL),
    [R_LARCH_SOP_PUSH_TLS_TPREL] = OBJ(0, 0, R_LARCH_SOP_PUSH_TLS_TPREL),
    [R_LARCH_SOP_PUSH_TLS_GOT] = OBJ(0, 0, R_LARCH_SOP_PUSH_TLS_GOT),
    [R_LARCH_SOP_PUSH_TLS_GD] = OBJ(0, 0, R_LARCH_SOP_PUSH_TLS_GD),
    [R_LARCH_SOP_PUSH_PLT_PCREL] = OBJ(0, 0, R_LARCH_SOP_PUSH_PLT_PCREL),
    [R_LARCH_SOP_ASSERT] = OBJ(0, 0, R_LARCH_SOP_ASSERT),
    [R_LARCH_SOP_NOT] = OBJ(0, 0, R_LARCH_SOP_NOT),
    [R_LARCH_SOP_SUB] = OBJ(0, 0, R_LARCH_SOP_SUB),
    [R_LARCH_SOP_SL] = OBJ(0, 0, R_LARCH_SOP_SL),
    [R_LARCH_SOP_SR] = OBJ(0, 0, R_LARCH_SOP_SR),
    [R_LARCH_SOP_ADD] = OBJ(0, 0, R_LARCH_SOP_ADD),
    [R_LARCH_SOP_AND] = OBJ(0, 0, R_LARCH_SOP_AND),
    [R_LARCH_SOP_IF_ELSE] = OBJ(0, 0, R_LARCH_SOP_IF_ELSE),
    [R_LARCH_SOP_POP_32_S_10_5] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_10_5),
    [R_LARCH_SOP_POP_32_U_10_12] = OBJ(0, 0, R_LARCH_SOP_POP_32_U_10_12),
    [R_LARCH_SOP_POP_32_S_10_12] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_10_12),
    [R_LARCH_SOP_POP_32_S_10_16] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_10_16),
    [R_LARCH_SOP_POP_32_S_10_16_S2] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_10_16_S2),
    [R_LARCH_SOP_POP_32_S_5_20] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_5_20),
    [R_LARCH_SOP_POP_32_S_0_5_10_16_S2] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_0_5_10_16_S2),
    [R_LARCH_SOP_POP_32_S_0_10_10_16_S2] = OBJ(0, 0, R_LARCH_SOP_POP_32_S_0_10_10_16_S2),
    [R_LARCH_SOP_POP_32_U] = OBJ(0, 0, R_LARCH_SOP_POP_32_U),
    [R_LARCH_ADD8] = OBJ(K, 1, R_LARCH_ADD8),
    [R_LARCH_ADD16] = OBJ(K, 2, R_LARCH_ADD16),
    [R_LARCH_ADD24] = OBJ(K, 3, R_LARCH_ADD24),
    [R_LARCH_ADD32] = OBJ(K, 4, R_LARCH_ADD32),
    [R_LARCH_ADD64] = OBJ(K, 8, R_LARCH_ADD64),
    [R_LARCH_SUB8] = OBJ(K, 1, R_LARCH_SUB8),
    [R_LARCH_SUB16] = OBJ(K, 2, R_LARCH_SUB16),
    [R_LARCH_SUB24] = OBJ(K, 3, R_LARCH_SUB24),
    [R_LARCH_SUB32] = OBJ(K, 4, R_LARCH_SUB32),
    [R_LARCH_SUB64] = OBJ(K, 8, R_LARCH_SUB64),
    [R_LARCH_GNU_VTINHERIT] = OBJ(NOP, 0, R_LARCH_GNU_VTINHERIT), /* C++ vtable GC hints */
    [R_LARCH_GNU_VTENTRY] = OBJ(NOP, 0, R_LARCH_GNU_VTENTRY),
    [R_LARCH_B16] = OBJ(NEAR, 4, R_LARCH_B16),              /* +-128 KiB, conditional */
    [R_LARCH_B21] = OBJ(NEAR, 4, R_LARCH_B21),              /* +-4 MiB, conditional */
    [R_LARCH_B26] = OBJ(BR, 4, R_LARCH_B26),
    [R_LARCH_ABS_HI20] = OBJ(K, 4, R_LARCH_ABS_HI20),
    [R_LARCH_ABS_LO12] = OBJ(K, 4, R_LARCH_ABS_LO12),
    [R_LARCH_ABS64_LO20] = OBJ(K, 4, R_LARCH_ABS64_LO20),
    [R_LARCH_ABS64_HI12] = OBJ(K, 4, R_LARCH_ABS64_HI12),
    [R_LARCH_PCALA_HI20] = OBJ(K, 4, R_LARCH_PCALA_HI20),
    [R_LARCH_PCALA_LO12] = OBJ(K, 4, R_LARCH_PCALA_LO12),
    [R_LARCH_PCALA64_LO20] = OBJ(K, 4, R_LARCH_PCALA64_LO20),
    [R_LARCH_PCALA64_HI12] = OBJ(K, 4, R_LARCH_PCALA64_HI12),
    [R_LARCH_GOT_PC_HI20] = OBJ(GOT, 4, R_LARCH_GOT_PC_HI20),
    /* against a thread-local variable: the low halves of a GD or LD sequence (its pair) */
    [R_LARCH_GOT_PC_LO12] = OBJ(GOT | ELFLD_OBJ_GOT_TLS_GD, 4, R_LARCH_GOT_PC_LO12),
    [R_LARCH_GOT64_PC_LO20] = OBJ(GOT | ELFLD_OBJ_GOT_TLS_GD, 4, R_LARCH_GOT64_PC_LO20),
    [R_LARCH_GOT64_PC_HI12] = OBJ(GOT | ELFLD_OBJ_GOT_TLS_GD, 4, R_LARCH_GOT64_PC_HI12),
    [R_LARCH_GOT_HI20] = OBJ(GOT, 4, R_LARCH_GOT_HI20),
    [R_LARCH_GOT_LO12] = OBJ(GOT, 4, R_LARCH_GOT_LO12),
    [R_LARCH_GOT64_LO20] = OBJ(GOT, 4, R_LARCH_GOT64_LO20),
    [R_LARCH_GOT64_HI12] = OBJ(GOT, 4, R_LARCH_GOT64_HI12),
    /* local exec: S is the offset from tp (lu12i.w, ori, in the extreme code model lu32i.d,
     * lu52i.d; then add.d of $tp) */
    [R_LARCH_TLS_LE_HI20] = OBJ(TLSF(TPOFF), 4, R_LARCH_TLS_LE_HI20),
    [R_LARCH_TLS_LE_LO12] = OBJ(TLSF(TPOFF), 4, R_LARCH_TLS_LE_LO12),
    [R_LARCH_TLS_LE64_LO20] = OBJ(TLSF(TPOFF), 4, R_LARCH_TLS_LE64_LO20),
    [R_LARCH_TLS_LE64_HI12] = OBJ(TLSF(TPOFF), 4, R_LARCH_TLS_LE64_HI12),
    /* initial exec: G is the slot holding the offset from tp (pcalau12i, ld.d; extreme:
     * pcalau12i, addi.d, lu32i.d, lu52i.d, ldx.d) */
    [R_LARCH_TLS_IE_PC_HI20] = OBJ(TLSF(IE), 4, R_LARCH_TLS_IE_PC_HI20),
    [R_LARCH_TLS_IE_PC_LO12] = OBJ(TLSF(IE), 4, R_LARCH_TLS_IE_PC_LO12),
    [R_LARCH_TLS_IE64_PC_LO20] = OBJ(TLSF(IE), 4, R_LARCH_TLS_IE64_PC_LO20),
    [R_LARCH_TLS_IE64_PC_HI12] = OBJ(TLSF(IE), 4, R_LARCH_TLS_IE64_PC_HI12),
    [R_LARCH_TLS_IE_HI20] = OBJ(TLS, 0, R_LARCH_TLS_IE_HI20),
    [R_LARCH_TLS_IE_LO12] = OBJ(TLS, 0, R_LARCH_TLS_IE_LO12),
    [R_LARCH_TLS_IE64_LO20] = OBJ(TLS, 0, R_LARCH_TLS_IE64_LO20),
    [R_LARCH_TLS_IE64_HI12] = OBJ(TLS, 0, R_LARCH_TLS_IE64_HI12),
    /* general and local dynamic: G is the variable's tls_index pair (pcalau12i; the addi.d
     * is GOT_PC_LO12).  Local dynamic too takes the variable's own pair, not the module's
     * {module, 0}: its code uses __tls_get_addr's result as the variable's address, adding
     * no offset (as LLD links it) */
    [R_LARCH_TLS_LD_PC_HI20] = OBJ(TLSF(GD), 4, R_LARCH_TLS_LD_PC_HI20),
    [R_LARCH_TLS_LD_HI20] = OBJ(TLS, 0, R_LARCH_TLS_LD_HI20),
    [R_LARCH_TLS_GD_PC_HI20] = OBJ(TLSF(GD), 4, R_LARCH_TLS_GD_PC_HI20),
    [R_LARCH_TLS_GD_HI20] = OBJ(TLS, 0, R_LARCH_TLS_GD_HI20),
    [R_LARCH_32_PCREL] = OBJ(K, 4, R_LARCH_32_PCREL),
    [R_LARCH_RELAX] = OBJ(NOP, 0, R_LARCH_RELAX),           /* objects are not relaxed */
    [R_LARCH_ALIGN] = OBJ(K, 0, R_LARCH_ALIGN),             /* checked, see apply */
    [R_LARCH_PCREL20_S2] = OBJ(K, 4, R_LARCH_PCREL20_S2),
    [R_LARCH_ADD6] = OBJ(K, 1, R_LARCH_ADD6),
    [R_LARCH_SUB6] = OBJ(K, 1, R_LARCH_SUB6),
    [R_LARCH_ADD_ULEB128] = OBJ(K, ULEB, R_LARCH_ADD_ULEB128),
    [R_LARCH_SUB_ULEB128] = OBJ(K, ULEB, R_LARCH_SUB_ULEB128),
    [R_LARCH_64_PCREL] = OBJ(K, 8, R_LARCH_64_PCREL),
    [R_LARCH_CALL36] = OBJ(BR, 8, R_LARCH_CALL36),
    /* TLS descriptors: G is the descriptor (pcalau12i, addi.d); the load of its resolver
     * (ld.d $ra, $a0, 0) and the call (jirl) only mark the sequence */
    [R_LARCH_TLS_DESC_PC_HI20] = OBJ(TLSF(DESC), 4, R_LARCH_TLS_DESC_PC_HI20),
    [R_LARCH_TLS_DESC_PC_LO12] = OBJ(TLSF(DESC), 4, R_LARCH_TLS_DESC_PC_LO12),
    [R_LARCH_TLS_DESC64_PC_LO20] = OBJ(TLSF(DESC), 4, R_LARCH_TLS_DESC64_PC_LO20),
    [R_LARCH_TLS_DESC64_PC_HI12] = OBJ(TLSF(DESC), 4, R_LARCH_TLS_DESC64_PC_HI12),
    [R_LARCH_TLS_DESC_HI20] = OBJ(TLS, 0, R_LARCH_TLS_DESC_HI20),
    [R_LARCH_TLS_DESC_LO12] = OBJ(TLS, 0, R_LARCH_TLS_DESC_LO12),
    [R_LARCH_TLS_DESC64_LO20] = OBJ(TLS, 0, R_LARCH_TLS_DESC64_LO20),
    [R_LARCH_TLS_DESC64_HI12] = OBJ(TLS, 0, R_LARCH_TLS_DESC64_HI12),
    [R_LARCH_TLS_DESC_LD] = OBJ(TLSF(MARK), 0, R_LARCH_TLS_DESC_LD),
    [R_LARCH_TLS_DESC_CALL] = OBJ(TLSF(MARK), 0, R_LARCH_TLS_DESC_CALL),
    [R_LARCH_TLS_LE_HI20_R] = OBJ(TLS, 0, R_LARCH_TLS_LE_HI20_R),
    [R_LARCH_TLS_LE_ADD_R] = OBJ(TLS, 0, R_LARCH_TLS_LE_ADD_R),
    [R_LARCH_TLS_LE_LO12_R] = OBJ(TLS, 0, R_LARCH_TLS_LE_LO12_R),
    [R_LARCH_TLS_LD_PCREL20_S2] = OBJ(TLS, 0, R_LARCH_TLS_LD_PCREL20_S2),
    [R_LARCH_TLS_GD_PCREL20_S2] = OBJ(TLS, 0, R_LARCH_TLS_GD_PCREL20_S2),
    [R_LARCH_TLS_DESC_PCREL20_S2] = OBJ(TLS, 0, R_LARCH_TLS_DESC_PCREL20_S2),
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    return elfld__rvl_obj_classify(obj_types, NTYPES, type, name);
}

/* ---------------------------------------------------------------- instruction fields */
/* (little-endian access, range checks and ULEB128 fields: ../common/fields.h) */

/* bits [hi:lo] of v */
static uint32_t bits(uint64_t v, unsigned hi, unsigned lo) {
    return (uint32_t)((v >> lo) & ((2ull << (hi - lo)) - 1));
}

/* The instruction at w with its bits [lo + width - 1:lo] replaced by the low `width` bits of
 * imm. */
static void set_field(unsigned char *w, unsigned lo, unsigned width, uint32_t imm) {
    uint32_t mask = ((1u << width) - 1) << lo;
    elfld__rvl_set_insn(w, (elfld__rvl_insn(w) & ~mask) | ((imm << lo) & mask));
}

static void set_si20(unsigned char *w, uint32_t imm) {   /* si20 in [24:5] */
    set_field(w, 5, 20, imm);
}

static void set_si12(unsigned char *w, uint32_t imm) {   /* si12/ui12 in [21:10] */
    set_field(w, 10, 12, imm);
}

static void set_offs16(unsigned char *w, uint32_t imm) {  /* offs[15:0] in [25:10] */
    set_field(w, 10, 16, imm);
}

/* ---------------------------------------------------------------- values */
/*
 * Page delta for the pcalau12i of a pair (laelf PCALA_HI20 and "Code Models"):
 *   ((X + 0x800) & ~0xfff) - (PC & ~0xfff)
 * The +0x800 compensates the sign extension of the paired 12-bit immediate.  laelf writes the
 * GOT_PC_HI20 formula without it, but its partner (ld.d with GOT_PC_LO12) sign-extends its
 * immediate just the same, so it applies there too (as GNU ld and LLD do).
 */
static uint64_t page_delta(uint64_t x, uint64_t pc) {
    return ((x + 0x800) & ~(uint64_t)0xfff) - (pc & ~(uint64_t)0xfff);
}

/*
 * The upper 32 bits for lu32i.d / lu52i.d in the extreme code model (laelf PCALA64_LO20 /
 * PCALA64_HI12, GOT64_PC_*): pc_hi is the address of the sequence's pcalau12i (PC - 8 for
 * lu32i.d, PC - 12 for lu52i.d: the four instructions are adjacent).
 *   ((X + 0x8000'0000 + ((X & 0x800) ? 0x1000 - 0x1'0000'0000 : 0)) & ~0xfff) - (pc_hi & ~0xfff)
 */
static uint64_t page_delta64(uint64_t x, uint64_t pc_hi) {
    uint64_t adj = (x & 0x800) ? (uint64_t)0x1000 - ((uint64_t)1 << 32) : 0;
    return ((x + 0x80000000u + adj) & ~(uint64_t)0xfff) - (pc_hi & ~(uint64_t)0xfff);
}

/* ---------------------------------------------------------------- field writers */
/* Each: check that the value fits the field (else ELFLD_ERANGE, nothing written), insert it. */

/*
 * A HI20 whose 32-bit value overflows is correct only in the extreme code model, where
 * lu32i.d / lu52i.d supply bits 63:32: laelf "Extreme code model" requires the sequence
 * `pcalau12i (or lu12i.w); addi.d (or ori); lu32i.d; lu52i.d` to be adjacent.  Only asked when
 * the value overflows: then it reads the instruction 8 bytes after the HI20 (inside the same
 * function in any such sequence; the core keeps text sections inside the image).
 */
static bool extreme_sequence(const unsigned char *w) {
    return (elfld__get_le(w + 8, 4) & 0xfe000000u) == OP_LU32I_D;
}

/* HI20 (lu12i.w, pcalau12i): [24:5] = x[31:12].  lu12i.w sign-extends, and its partner ori
 * does not, so an absolute x gets no rounding (a pc-relative one arrives rounded by
 * page_delta).  Without lu32i.d/lu52i.d, x must be a sign-extended 32-bit value: normal and
 * medium code models reach [(PC & ~0xfff) - 2 GiB - 0x800, (PC & ~0xfff) + 2 GiB - 0x800). */
static int put_hi20(unsigned char *w, uint64_t x) {
    if (x != (uint64_t)(int64_t)(int32_t)x && !extreme_sequence(w))
        return ELFLD_ERANGE;
    set_si20(w, bits(x, 31, 12));
    return 0;
}

/* LO12 (ori, addi.d, ld.*, st.*): [21:10] = x[11:0] */
static int put_lo12(unsigned char *w, uint64_t x) {
    set_si12(w, bits(x, 11, 0));
    return 0;
}

/* PCALA_LO12 / GOT_PC_LO12: as put_lo12, but LLD also accepts them on a jirl (`pcalau12i +
 * jirl` calls): there the field is offs16 = sext(x[11:0]) >> 2, and x must be 4-aligned. */
static int put_pc_lo12(unsigned char *w, uint64_t x) {
    if ((elfld__rvl_insn(w) & 0xfc000000u) != OP_JIRL)
        return put_lo12(w, x);
    if (x & 3)
        return ELFLD_ERANGE;
    int64_t lo = (int64_t)(x & 0xfff) - ((x & 0x800) ? 0x1000 : 0);
    set_offs16(w, (uint32_t)((uint64_t)lo >> 2));
    return 0;
}

/* 64_LO20 (lu32i.d): [24:5] = x[51:32];  64_HI12 (lu52i.d): [21:10] = x[63:52] */
static int put_lo20_64(unsigned char *w, uint64_t x) {
    set_si20(w, bits(x, 51, 32));
    return 0;
}

static int put_hi12_64(unsigned char *w, uint64_t x) {
    set_si12(w, bits(x, 63, 52));
    return 0;
}

/* A branch offset is 4-aligned and `nbits` bits signed (the field holds v[nbits-1:2]). */
static bool branch_fits(int64_t v, unsigned nbits) {
    return !(v & 3) && elfld__fits_signed(v, nbits);
}

/* B16 (beq...): [25:10] = v[17:2], 18-bit signed */
static int put_b16(unsigned char *w, int64_t v) {
    if (!branch_fits(v, 18))
        return ELFLD_ERANGE;
    set_offs16(w, bits((uint64_t)v, 17, 2));
    return 0;
}

/* B21 (beqz...): [4:0] = v[22:18], [25:10] = v[17:2], 23-bit signed */
static int put_b21(unsigned char *w, int64_t v) {
    if (!branch_fits(v, 23))
        return ELFLD_ERANGE;
    set_offs16(w, bits((uint64_t)v, 17, 2));
    set_field(w, 0, 5, bits((uint64_t)v, 22, 18));
    return 0;
}

/* PCREL20_S2 (pcaddi): [24:5] = v[21:2], 22-bit signed */
static int put_pcrel20_s2(unsigned char *w, int64_t v) {
    if (!branch_fits(v, 22))
        return ELFLD_ERANGE;
    set_si20(w, bits((uint64_t)v, 21, 2));
    return 0;
}

/* B26 (b, bl): [9:0] = v[27:18], [25:10] = v[17:2], 28-bit signed; through the stub when the
 * target is farther. */
static bool b26_fits(int64_t v) {
    return branch_fits(v, 28);
}

static int put_b26(const struct elfld_obj_reloc *r) {
    int64_t v;
    int rc = elfld__rvl_branch_value(r, &stub_isa, b26_fits, false, &v);
    if (rc)
        return rc;
    set_offs16(r->where, bits((uint64_t)v, 17, 2));
    set_field(r->where, 0, 10, bits((uint64_t)v, 27, 18));
    return 0;
}

/* CALL36 (pcaddu18i at PC, jirl at PC + 4): pcaddu18i [24:5] = (v + 0x20000)[37:18] (rounded:
 * jirl sign-extends), jirl [25:10] = v[17:2].  Reach: v in [-128 GiB - 0x20000, 128 GiB -
 * 0x20000 - 4] (laelf "Medium code model"); through the stub when the target is farther. */
static bool call36_fits(int64_t v) {
    return !(v & 3) && elfld__fits_signed_plus(v, 0x20000, 38);
}

static int put_call36(const struct elfld_obj_reloc *r) {
    int64_t v;
    int rc = elfld__rvl_branch_value(r, &stub_isa, call36_fits, false, &v);
    if (rc)
        return rc;
    set_si20(r->where, bits((uint64_t)v + 0x20000, 37, 18));
    set_offs16(r->where + 4, bits((uint64_t)v, 17, 2));
    return 0;
}

/*
 * ALIGN.  Symbol index 0 (S == 0): the addend is the number of nop bytes at PC and the
 * alignment is the next power of two above it (../common/riscv_like.h).  Otherwise the addend
 * is [7:0] = log2(alignment), [63:8] = the maximum number of bytes to skip (0: no limit), and
 * the assembler left alignment - 4 bytes of nops.  A relaxing linker removes nops; this one
 * keeps the code, so the instruction after the padding must already be aligned, unless
 * reaching the alignment needs more than the maximum skip (then no alignment was asked for at
 * this address).
 */
static int check_align(const struct elfld_obj_reloc *r) {
    const uint64_t P = r->P, a = (uint64_t)r->A;
    if (r->A < 0)
        return ELFLD_ERELOC;
    if (r->S == 0)
        return elfld__rvl_align_padding(P, r->A);
    if ((a & 0xff) > 62)
        return ELFLD_ERELOC;
    uint64_t align = (uint64_t)1 << (a & 0xff), maxskip = a >> 8;
    if (align <= 4)
        return 0;   /* instructions are always 4-aligned */
    if (((P + align - 4) & (align - 1)) == 0)
        return 0;
    if (maxskip && ((0 - P) & (align - 1)) > maxskip)
        return 0;
    return ELFLD_ERELOC;
}

/* B26 reaches +-128 MiB; CALL36 [-2^37 - 2^17, 2^37 - 2^17). */
/*
 * Placement (arch.h): PCALA_HI20 (pcalau12i of the target's page, normal and medium code
 * models, non-PIC) and ABS_HI20 (lu12i.w) reach 32-bit sign-extended values (put_hi20) unless
 * lu32i.d and lu52i.d complete them (the extreme model: no constraint); PCALA's page rounding
 * costs a page at each end.  The 32-bit data words and PCREL20_S2 (+-2 MiB) likewise.
 */
unsigned elfld_arch_obj_reach(uint32_t type, const unsigned char *field, size_t room,
                              intptr_t *lo, intptr_t *hi) {
    const intptr_t page = 4096;
    bool extreme = room >= 12 && extreme_sequence(field);
    switch (type) {
    case R_LARCH_PCALA_HI20:
        if (extreme)
            return ELFLD_REACH_ANY;
        *lo = INT32_MIN + page;
        *hi = INT32_MAX - 2 * page;
        return ELFLD_REACH_PCREL;
    case R_LARCH_ABS_HI20:
        if (extreme)
            return ELFLD_REACH_ANY;
        *lo = INT32_MIN;
        *hi = INT32_MAX;
        return ELFLD_REACH_ABS;
    case R_LARCH_PCREL20_S2: *lo = -((intptr_t)1 << 21); *hi = ((intptr_t)1 << 21) - 4;
                             return ELFLD_REACH_PCREL;
    case R_LARCH_32_PCREL:   *lo = INT32_MIN; *hi = INT32_MAX;  return ELFLD_REACH_PCREL;
    case R_LARCH_32:         *lo = INT32_MIN; *hi = UINT32_MAX; return ELFLD_REACH_ABS;
    default:                 return ELFLD_REACH_ANY;
    }
}

uintptr_t elfld_arch_obj_branch_reach(uint32_t type) {
    if (type == R_LARCH_CALL36)
        return ((uintptr_t)1 << 37) - ((uintptr_t)1 << 17);
    return (uintptr_t)1 << 27;
}

/* ---------------------------------------------------------------- apply */
/* One line per type: the laelf formula, and the field it goes to. */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    unsigned char *w = r->where;
    const uint64_t P = r->P;
    const uint64_t SA = (uint64_t)r->S + (uint64_t)r->A;   /* S + A */
    const uint64_t GA = (uint64_t)r->G + (uint64_t)r->A;   /* GOT + G (+ A, 0 in practice) */
    const int64_t PCREL = (int64_t)(SA - P);               /* S + A - PC */
    const enum elfld_rvl_op ADD = ELFLD_RVL_ADD, SUB = ELFLD_RVL_SUB;

    switch (r->type) {
    /* markers: RELAX is a hint for relaxing linkers; these objects are linked as written */
    case R_LARCH_NONE:           return 0;
    case R_LARCH_MARK_LA:        return 0;
    case R_LARCH_MARK_PCREL:     return 0;
    case R_LARCH_GNU_VTINHERIT:  return 0;
    case R_LARCH_GNU_VTENTRY:    return 0;
    case R_LARCH_RELAX:          return 0;

    /* data words: *(int32_t *)PC = S + A must survive the 32-bit store, read signed or
     * unsigned; 32_PCREL is checked as signed 32-bit like LLD */
    case R_LARCH_32:             return elfld__rvl_store(w, SA, 4, ELFLD_FIELD_BITFIELD);
    case R_LARCH_64:             return elfld__rvl_store(w, SA, 8, ELFLD_FIELD_ANY);
    case R_LARCH_32_PCREL:       return elfld__rvl_store(w, SA - P, 4, ELFLD_FIELD_SIGNED);
    case R_LARCH_64_PCREL:       return elfld__rvl_store(w, SA - P, 8, ELFLD_FIELD_ANY);

    /* label arithmetic: *(intN_t *)PC +=/-= S + A, modulo the field width */
    case R_LARCH_ADD8:           return elfld__rvl_label(w, SA, 1, ADD);
    case R_LARCH_ADD16:          return elfld__rvl_label(w, SA, 2, ADD);
    case R_LARCH_ADD24:          return elfld__rvl_label(w, SA, 3, ADD);
    case R_LARCH_ADD32:          return elfld__rvl_label(w, SA, 4, ADD);
    case R_LARCH_ADD64:          return elfld__rvl_label(w, SA, 8, ADD);
    case R_LARCH_SUB8:           return elfld__rvl_label(w, SA, 1, SUB);
    case R_LARCH_SUB16:          return elfld__rvl_label(w, SA, 2, SUB);
    case R_LARCH_SUB24:          return elfld__rvl_label(w, SA, 3, SUB);
    case R_LARCH_SUB32:          return elfld__rvl_label(w, SA, 4, SUB);
    case R_LARCH_SUB64:          return elfld__rvl_label(w, SA, 8, SUB);
    case R_LARCH_ADD6:           return elfld__rvl_label6(w, SA, ADD);   /* low 6 bits */
    case R_LARCH_SUB6:           return elfld__rvl_label6(w, SA, SUB);
    case R_LARCH_ADD_ULEB128:    return elfld__rvl_uleb(w, SA, ADD);
    case R_LARCH_SUB_ULEB128:    return elfld__rvl_uleb(w, SA, SUB);

    /* branches: S + A - PC */
    case R_LARCH_B16:            return put_b16(w, PCREL);
    case R_LARCH_B21:            return put_b21(w, PCREL);
    case R_LARCH_B26:            return put_b26(r);
    case R_LARCH_CALL36:         return put_call36(r);
    case R_LARCH_PCREL20_S2:     return put_pcrel20_s2(w, PCREL);

    /* absolute address, S + A: lu12i.w, ori, lu32i.d, lu52i.d */
    case R_LARCH_ABS_HI20:       return put_hi20(w, SA);
    case R_LARCH_ABS_LO12:       return put_lo12(w, SA);
    case R_LARCH_ABS64_LO20:     return put_lo20_64(w, SA);
    case R_LARCH_ABS64_HI12:     return put_hi12_64(w, SA);

    /* pc-relative page of S + A: pcalau12i, addi.d/ld (or jirl), then lu32i.d at pcalau12i + 8
     * and lu52i.d at pcalau12i + 12 in the extreme code model */
    case R_LARCH_PCALA_HI20:     return put_hi20(w, page_delta(SA, P));
    case R_LARCH_PCALA_LO12:     return put_pc_lo12(w, SA);
    case R_LARCH_PCALA64_LO20:   return put_lo20_64(w, page_delta64(SA, P - 8));
    case R_LARCH_PCALA64_HI12:   return put_hi12_64(w, page_delta64(SA, P - 12));

    /* the same for the GOT entry's address GOT + G */
    case R_LARCH_GOT_PC_HI20:    return put_hi20(w, page_delta(GA, P));
    case R_LARCH_GOT_PC_LO12:    return put_pc_lo12(w, GA);
    case R_LARCH_GOT64_PC_LO20:  return put_lo20_64(w, page_delta64(GA, P - 8));
    case R_LARCH_GOT64_PC_HI12:  return put_hi12_64(w, page_delta64(GA, P - 12));

    /* the GOT entry's absolute address, as ABS_* */
    case R_LARCH_GOT_HI20:       return put_hi20(w, GA);
    case R_LARCH_GOT_LO12:       return put_lo12(w, GA);
    case R_LARCH_GOT64_LO20:     return put_lo20_64(w, GA);
    case R_LARCH_GOT64_HI12:     return put_hi12_64(w, GA);

    /* thread-local storage: G is the GOT entry of the model (IE: the offset from tp; GD and
     * LD: the tls_index pair; DESC: the descriptor), S the offset from tp (arch.h); their
     * pcalau12i pairs and extreme-model halves as PCALA's above, the GD and LD low halves are
     * the GOT_PC / GOT64_PC types */
    case R_LARCH_TLS_IE_PC_HI20: return put_hi20(w, page_delta(GA, P));
    case R_LARCH_TLS_IE_PC_LO12: return put_lo12(w, GA);
    case R_LARCH_TLS_IE64_PC_LO20: return put_lo20_64(w, page_delta64(GA, P - 8));
    case R_LARCH_TLS_IE64_PC_HI12: return put_hi12_64(w, page_delta64(GA, P - 12));
    case R_LARCH_TLS_GD_PC_HI20: return put_hi20(w, page_delta(GA, P));
    case R_LARCH_TLS_LD_PC_HI20: return put_hi20(w, page_delta(GA, P));
    case R_LARCH_TLS_DESC_PC_HI20: return put_hi20(w, page_delta(GA, P));
    case R_LARCH_TLS_DESC_PC_LO12: return put_lo12(w, GA);
    case R_LARCH_TLS_DESC64_PC_LO20: return put_lo20_64(w, page_delta64(GA, P - 8));
    case R_LARCH_TLS_DESC64_PC_HI12: return put_hi12_64(w, page_delta64(GA, P - 12));
    case R_LARCH_TLS_DESC_LD:    return 0;
    case R_LARCH_TLS_DESC_CALL:  return 0;
    case R_LARCH_TLS_LE_HI20:    return put_hi20(w, SA);
    case R_LARCH_TLS_LE_LO12:    return put_lo12(w, SA);
    case R_LARCH_TLS_LE64_LO20:  return put_lo20_64(w, SA);
    case R_LARCH_TLS_LE64_HI12:  return put_hi12_64(w, SA);

    case R_LARCH_ALIGN:          return check_align(r);

    default:                     return ELFLD_ERELTYPE;
    }
}
