/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 backend: static relocations in relocatable objects (see src/arch.h,
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
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"

/* ---------------------------------------------------------------- stubs */
/*
 * Branch stub for B26 (b/bl, +-128 MiB) and CALL36 (pcaddu18i+jirl, about +-128 GiB) whose
 * target is farther; the core places it within reach of the branch:
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
const uint32_t elfld_arch_stub_size = 24;

/* ---------------------------------------------------------------- classification */
#define K ELFLD_OBJ_KNOWN
#define NOP (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP)
#define TLS ELFLD_OBJ_TLS
#define GOT (ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT)
#define BR (ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH)

struct obj_desc {
    const char *name;
    uint16_t flags;   /* ELFLD_OBJ_*; 0: not applied in objects (name kept for messages) */
};

/* Indexed by relocation type (laelf table "ELF relocation types"). */
static const struct obj_desc obj_types[] = {
    [0] = {"R_LARCH_NONE", NOP},
    [1] = {"R_LARCH_32", K},
    [2] = {"R_LARCH_64", K},
    [3] = {"R_LARCH_RELATIVE", 0},          /* dynamic only */
    [4] = {"R_LARCH_COPY", 0},
    [5] = {"R_LARCH_JUMP_SLOT", 0},
    [6] = {"R_LARCH_TLS_DTPMOD32", TLS},
    [7] = {"R_LARCH_TLS_DTPMOD64", TLS},
    [8] = {"R_LARCH_TLS_DTPREL32", TLS},
    [9] = {"R_LARCH_TLS_DTPREL64", TLS},
    [10] = {"R_LARCH_TLS_TPREL32", TLS},
    [11] = {"R_LARCH_TLS_TPREL64", TLS},
    [12] = {"R_LARCH_IRELATIVE", 0},
    [13] = {"R_LARCH_TLS_DESC32", TLS},
    [14] = {"R_LARCH_TLS_DESC64", TLS},
    [20] = {"R_LARCH_MARK_LA", NOP},        /* markers of ABI v0 assemblers */
    [21] = {"R_LARCH_MARK_PCREL", NOP},
    /* 22-46: the stack machine of ABI v0 (old toolchains): not supported */
    [22] = {"R_LARCH_SOP_PUSH_PCREL", 0},
    [23] = {"R_LARCH_SOP_PUSH_ABSOLUTE", 0},
    [24] = {"R_LARCH_SOP_PUSH_DUP", 0},
    [25] = {"R_LARCH_SOP_PUSH_GPREL", 0},
    [26] = {"R_LARCH_SOP_PUSH_TLS_TPREL", 0},
    [27] = {"R_LARCH_SOP_PUSH_TLS_GOT", 0},
    [28] = {"R_LARCH_SOP_PUSH_TLS_GD", 0},
    [29] = {"R_LARCH_SOP_PUSH_PLT_PCREL", 0},
    [30] = {"R_LARCH_SOP_ASSERT", 0},
    [31] = {"R_LARCH_SOP_NOT", 0},
    [32] = {"R_LARCH_SOP_SUB", 0},
    [33] = {"R_LARCH_SOP_SL", 0},
    [34] = {"R_LARCH_SOP_SR", 0},
    [35] = {"R_LARCH_SOP_ADD", 0},
    [36] = {"R_LARCH_SOP_AND", 0},
    [37] = {"R_LARCH_SOP_IF_ELSE", 0},
    [38] = {"R_LARCH_SOP_POP_32_S_10_5", 0},
    [39] = {"R_LARCH_SOP_POP_32_U_10_12", 0},
    [40] = {"R_LARCH_SOP_POP_32_S_10_12", 0},
    [41] = {"R_LARCH_SOP_POP_32_S_10_16", 0},
    [42] = {"R_LARCH_SOP_POP_32_S_10_16_S2", 0},
    [43] = {"R_LARCH_SOP_POP_32_S_5_20", 0},
    [44] = {"R_LARCH_SOP_POP_32_S_0_5_10_16_S2", 0},
    [45] = {"R_LARCH_SOP_POP_32_S_0_10_10_16_S2", 0},
    [46] = {"R_LARCH_SOP_POP_32_U", 0},
    [47] = {"R_LARCH_ADD8", K},
    [48] = {"R_LARCH_ADD16", K},
    [49] = {"R_LARCH_ADD24", K},
    [50] = {"R_LARCH_ADD32", K},
    [51] = {"R_LARCH_ADD64", K},
    [52] = {"R_LARCH_SUB8", K},
    [53] = {"R_LARCH_SUB16", K},
    [54] = {"R_LARCH_SUB24", K},
    [55] = {"R_LARCH_SUB32", K},
    [56] = {"R_LARCH_SUB64", K},
    [57] = {"R_LARCH_GNU_VTINHERIT", NOP},  /* C++ vtable garbage-collection hints */
    [58] = {"R_LARCH_GNU_VTENTRY", NOP},
    [64] = {"R_LARCH_B16", K},              /* +-128 KiB: no stub, out of range is refused */
    [65] = {"R_LARCH_B21", K},              /* +-4 MiB: no stub, out of range is refused */
    [66] = {"R_LARCH_B26", BR},
    [67] = {"R_LARCH_ABS_HI20", K},
    [68] = {"R_LARCH_ABS_LO12", K},
    [69] = {"R_LARCH_ABS64_LO20", K},
    [70] = {"R_LARCH_ABS64_HI12", K},
    [71] = {"R_LARCH_PCALA_HI20", K},
    [72] = {"R_LARCH_PCALA_LO12", K},
    [73] = {"R_LARCH_PCALA64_LO20", K},
    [74] = {"R_LARCH_PCALA64_HI12", K},
    [75] = {"R_LARCH_GOT_PC_HI20", GOT},
    [76] = {"R_LARCH_GOT_PC_LO12", GOT},
    [77] = {"R_LARCH_GOT64_PC_LO20", GOT},
    [78] = {"R_LARCH_GOT64_PC_HI12", GOT},
    [79] = {"R_LARCH_GOT_HI20", GOT},
    [80] = {"R_LARCH_GOT_LO12", GOT},
    [81] = {"R_LARCH_GOT64_LO20", GOT},
    [82] = {"R_LARCH_GOT64_HI12", GOT},
    [83] = {"R_LARCH_TLS_LE_HI20", TLS},
    [84] = {"R_LARCH_TLS_LE_LO12", TLS},
    [85] = {"R_LARCH_TLS_LE64_LO20", TLS},
    [86] = {"R_LARCH_TLS_LE64_HI12", TLS},
    [87] = {"R_LARCH_TLS_IE_PC_HI20", TLS},
    [88] = {"R_LARCH_TLS_IE_PC_LO12", TLS},
    [89] = {"R_LARCH_TLS_IE64_PC_LO20", TLS},
    [90] = {"R_LARCH_TLS_IE64_PC_HI12", TLS},
    [91] = {"R_LARCH_TLS_IE_HI20", TLS},
    [92] = {"R_LARCH_TLS_IE_LO12", TLS},
    [93] = {"R_LARCH_TLS_IE64_LO20", TLS},
    [94] = {"R_LARCH_TLS_IE64_HI12", TLS},
    [95] = {"R_LARCH_TLS_LD_PC_HI20", TLS},
    [96] = {"R_LARCH_TLS_LD_HI20", TLS},
    [97] = {"R_LARCH_TLS_GD_PC_HI20", TLS},
    [98] = {"R_LARCH_TLS_GD_HI20", TLS},
    [99] = {"R_LARCH_32_PCREL", K},
    [100] = {"R_LARCH_RELAX", NOP},         /* objects are not relaxed */
    [102] = {"R_LARCH_ALIGN", K},           /* checked, see apply */
    [103] = {"R_LARCH_PCREL20_S2", K},
    [105] = {"R_LARCH_ADD6", K},
    [106] = {"R_LARCH_SUB6", K},
    [107] = {"R_LARCH_ADD_ULEB128", K},
    [108] = {"R_LARCH_SUB_ULEB128", K},
    [109] = {"R_LARCH_64_PCREL", K},
    [110] = {"R_LARCH_CALL36", BR},
    [111] = {"R_LARCH_TLS_DESC_PC_HI20", TLS},
    [112] = {"R_LARCH_TLS_DESC_PC_LO12", TLS},
    [113] = {"R_LARCH_TLS_DESC64_PC_LO20", TLS},
    [114] = {"R_LARCH_TLS_DESC64_PC_HI12", TLS},
    [115] = {"R_LARCH_TLS_DESC_HI20", TLS},
    [116] = {"R_LARCH_TLS_DESC_LO12", TLS},
    [117] = {"R_LARCH_TLS_DESC64_LO20", TLS},
    [118] = {"R_LARCH_TLS_DESC64_HI12", TLS},
    [119] = {"R_LARCH_TLS_DESC_LD", TLS},
    [120] = {"R_LARCH_TLS_DESC_CALL", TLS},
    [121] = {"R_LARCH_TLS_LE_HI20_R", TLS},
    [122] = {"R_LARCH_TLS_LE_ADD_R", TLS},
    [123] = {"R_LARCH_TLS_LE_LO12_R", TLS},
    [124] = {"R_LARCH_TLS_LD_PCREL20_S2", TLS},
    [125] = {"R_LARCH_TLS_GD_PCREL20_S2", TLS},
    [126] = {"R_LARCH_TLS_DESC_PCREL20_S2", TLS},
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    const char *n = NULL;
    unsigned flags = 0;
    if (type < NTYPES) {
        n = obj_types[type].name;
        flags = obj_types[type].flags;
    }
    if (name)
        *name = n;
    return flags;
}

/* ---------------------------------------------------------------- instruction fields */
/* (little-endian access, range checks and ULEB128 fields: ../common/fields.h) */

/* bits [hi:lo] of v */
static uint32_t bits(uint64_t v, unsigned hi, unsigned lo) {
    return (uint32_t)((v >> lo) & ((2ull << (hi - lo)) - 1));
}

static uint32_t set_j20(uint32_t insn, uint32_t imm) {   /* si20 in [24:5] */
    return (insn & 0xfe00001fu) | ((imm & 0xfffffu) << 5);
}

static uint32_t set_k12(uint32_t insn, uint32_t imm) {   /* si12/ui12 in [21:10] */
    return (insn & 0xffc003ffu) | ((imm & 0xfffu) << 10);
}

static uint32_t set_k16(uint32_t insn, uint32_t imm) {   /* offs[15:0] in [25:10] */
    return (insn & 0xfc0003ffu) | ((imm & 0xffffu) << 10);
}

#define OP_JIRL 0x4c000000u      /* jirl rd, rj, offs16: opcode [31:26] */
#define OP_LU32I_D 0x16000000u   /* lu32i.d rd, si20: opcode [31:25] */

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

/*
 * A HI20 whose 32-bit value overflows is correct only in the extreme code model, where
 * lu32i.d / lu52i.d supply bits 63:32: laelf "Extreme code model" requires the sequence
 * `pcalau12i (or lu12i.w); addi.d (or ori); lu32i.d; lu52i.d` to be adjacent.  Only asked when
 * the value overflows: then it reads the instruction 8 bytes after the HI20 (inside the same
 * function in any such sequence; the core keeps text sections inside the image).
 */
static int extreme_sequence(const unsigned char *w) {
    return (elfld__get_le(w + 8, 4) & 0xfe000000u) == OP_LU32I_D;
}

#define INSN32(expr)                                                                        \
    do {                                                                                    \
        uint32_t insn = (uint32_t)elfld__get_le(w, 4);                                      \
        elfld__put_le(w, (expr), 4);                                                        \
    } while (0)

/* ---------------------------------------------------------------- stub writer */
static void write_stub(unsigned char *s, uint64_t stub_addr, uint64_t target) {
    unsigned d = ((stub_addr + 12) & 7) == 0 ? 12 : 16;   /* offset of the 8-byte word */
    elfld__put_le(s + 0, 0x1c00000du, 4);                       /* pcaddu12i $t1, 0 */
    elfld__put_le(s + 4, 0x28c001adu | ((uint32_t)d << 10), 4); /* ld.d $t1, $t1, d */
    elfld__put_le(s + 8, OP_JIRL | (13u << 5), 4);              /* jirl $zero, $t1, 0 */
    elfld__put_le(s + (d == 12 ? 20 : 12), 0x03400000u, 4);     /* nop (andi $zero, $zero, 0) */
    elfld__put_le(s + d, target, 8);
}

/* B26 reach: 4-aligned, 28-bit signed (laelf R_LARCH_B26) */
static int b26_fits(int64_t v) {
    return !(v & 3) && elfld__fits_signed(v, 28);
}

/* CALL36 reach: pcaddu18i takes (v + 0x20000)[37:18], jirl v[17:2] sign-extended, so
 * v in [-128 GiB - 0x20000, 128 GiB - 0x20000 - 4] (laelf "Medium code model"). */
static int call36_fits(int64_t v) {
    return !(v & 3) && elfld__fits_signed(v + 0x20000, 38);
}

/* S + A - PC, or stub - PC when S + A is out of reach and the core planned a stub. */
static int branch_value(const struct elfld_obj_reloc *r, int (*fits)(int64_t), int64_t *v) {
    *v = (int64_t)(r->S + (uint64_t)r->A - r->P);
    if (fits(*v))
        return 0;
    if (r->stub) {
        write_stub(r->stub, r->stub_addr, r->S + (uint64_t)r->A);
        *v = (int64_t)(r->stub_addr - r->P);
        if (fits(*v))
            return 0;
    }
    return ELFLD_ERANGE;
}

/* ---------------------------------------------------------------- apply */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    unsigned char *w = r->where;
    const uint64_t P = r->P;
    const uint64_t SA = (uint64_t)r->S + (uint64_t)r->A;   /* S + A */
    const uint64_t GA = (uint64_t)r->G + (uint64_t)r->A;   /* GOT + G (+ A, 0 in practice) */
    int64_t v;
    int rc;

    switch (r->type) {
    case 0:   /* NONE */
    case 20:  /* MARK_LA */
    case 21:  /* MARK_PCREL */
    case 57:  /* GNU_VTINHERIT */
    case 58:  /* GNU_VTENTRY */
    case 100: /* RELAX: a hint for relaxing linkers; these objects are linked as written */
        return 0;

    /* R_LARCH_32: *(int32_t *)PC = S + A: the value must survive the 32-bit store, read
     * signed or unsigned.  R_LARCH_64: *(int64_t *)PC = S + A. */
    case 1:
        return elfld__put_checked(w, SA, 4, ELFLD_FIELD_BITFIELD) ? 0 : ELFLD_ERANGE;
    case 2:
        elfld__put_le(w, SA, 8);
        return 0;

    /* ADDn / SUBn: *(intN_t *)PC +=/-= S + A, modulo the field width */
    case 47: elfld__add_le(w, SA, 1); return 0;
    case 48: elfld__add_le(w, SA, 2); return 0;
    case 49: elfld__add_le(w, SA, 3); return 0;
    case 50: elfld__add_le(w, SA, 4); return 0;
    case 51: elfld__add_le(w, SA, 8); return 0;
    case 52: elfld__sub_le(w, SA, 1); return 0;
    case 53: elfld__sub_le(w, SA, 2); return 0;
    case 54: elfld__sub_le(w, SA, 3); return 0;
    case 55: elfld__sub_le(w, SA, 4); return 0;
    case 56: elfld__sub_le(w, SA, 8); return 0;

    /* B16: [25:10] = (S+A-PC)[17:2], 18-bit signed, 4-aligned */
    case 64:
        v = (int64_t)(SA - P);
        if ((v & 3) || !elfld__fits_signed(v, 18))
            return ELFLD_ERANGE;
        INSN32(set_k16(insn, bits((uint64_t)v, 17, 2)));
        return 0;

    /* B21: [4:0] = (S+A-PC)[22:18], [25:10] = (S+A-PC)[17:2], 23-bit signed, 4-aligned */
    case 65:
        v = (int64_t)(SA - P);
        if ((v & 3) || !elfld__fits_signed(v, 23))
            return ELFLD_ERANGE;
        INSN32((set_k16(insn, bits((uint64_t)v, 17, 2)) & ~0x1fu) | bits((uint64_t)v, 22, 18));
        return 0;

    /* B26: [9:0] = (S+A-PC)[27:18], [25:10] = (S+A-PC)[17:2]; through the stub if farther */
    case 66:
        if ((rc = branch_value(r, b26_fits, &v)) != 0)
            return rc;
        INSN32((set_k16(insn, bits((uint64_t)v, 17, 2)) & ~0x3ffu) | bits((uint64_t)v, 27, 18));
        return 0;

    /* ABS_HI20: [24:5] = (S+A)[31:12] (lu12i.w, sign-extending; the partner ori does not
     * sign-extend, so no rounding).  Without lu32i.d/lu52i.d, S + A must be a sign-extended
     * 32-bit value. */
    case 67:
        if (SA != (uint64_t)(int64_t)(int32_t)SA && !extreme_sequence(w))
            return ELFLD_ERANGE;
        INSN32(set_j20(insn, bits(SA, 31, 12)));
        return 0;
    case 68: /* ABS_LO12: [21:10] = (S+A)[11:0] */
        INSN32(set_k12(insn, bits(SA, 11, 0)));
        return 0;
    case 69: /* ABS64_LO20: [24:5] = (S+A)[51:32] */
        INSN32(set_j20(insn, bits(SA, 51, 32)));
        return 0;
    case 70: /* ABS64_HI12: [21:10] = (S+A)[63:52] */
        INSN32(set_k12(insn, bits(SA, 63, 52)));
        return 0;

    /* PCALA_HI20 / GOT_PC_HI20: [24:5] = page_delta(X, PC)[31:12].  Normal and medium code
     * models reach [(PC & ~0xfff) - 2 GiB - 0x800, (PC & ~0xfff) + 2 GiB - 0x800). */
    case 71:
    case 75: {
        uint64_t d = page_delta(r->type == 71 ? SA : GA, P);
        if ((int64_t)d != (int64_t)(int32_t)d && !extreme_sequence(w))
            return ELFLD_ERANGE;
        INSN32(set_j20(insn, bits(d, 31, 12)));
        return 0;
    }

    /* PCALA_LO12 / GOT_PC_LO12: [21:10] = X[11:0].  LLD also accepts PCALA_LO12 on a jirl
     * (`pcalau12i + jirl` calls): there the field is offs16 = sext(X[11:0]) >> 2. */
    case 72:
    case 76: {
        uint64_t x = r->type == 72 ? SA : GA;
        uint32_t insn = (uint32_t)elfld__get_le(w, 4);
        if ((insn & 0xfc000000u) == OP_JIRL) {
            if (x & 3)
                return ELFLD_ERANGE;
            int64_t lo = (int64_t)(x & 0xfff) - ((x & 0x800) ? 0x1000 : 0);
            elfld__put_le(w, set_k16(insn, (uint32_t)((uint64_t)lo >> 2)), 4);
            return 0;
        }
        elfld__put_le(w, set_k12(insn, bits(x, 11, 0)), 4);
        return 0;
    }

    /* PCALA64_LO20 / GOT64_PC_LO20 (lu32i.d at pcalau12i + 8): [24:5] = delta64[51:32];
     * PCALA64_HI12 / GOT64_PC_HI12 (lu52i.d at pcalau12i + 12): [21:10] = delta64[63:52] */
    case 73:
    case 77:
        INSN32(set_j20(insn, bits(page_delta64(r->type == 73 ? SA : GA, P - 8), 51, 32)));
        return 0;
    case 74:
    case 78:
        INSN32(set_k12(insn, bits(page_delta64(r->type == 74 ? SA : GA, P - 12), 63, 52)));
        return 0;

    /* GOT_HI20 / GOT_LO12 / GOT64_LO20 / GOT64_HI12: the GOT entry's absolute address, as
     * ABS_* (lu12i.w, ori, lu32i.d, lu52i.d) */
    case 79:
        if (GA != (uint64_t)(int64_t)(int32_t)GA && !extreme_sequence(w))
            return ELFLD_ERANGE;
        INSN32(set_j20(insn, bits(GA, 31, 12)));
        return 0;
    case 80:
        INSN32(set_k12(insn, bits(GA, 11, 0)));
        return 0;
    case 81:
        INSN32(set_j20(insn, bits(GA, 51, 32)));
        return 0;
    case 82:
        INSN32(set_k12(insn, bits(GA, 63, 52)));
        return 0;

    /* 32_PCREL: *(uint32_t *)PC = (S+A-PC)[31:0], checked as signed 32-bit like LLD */
    case 99:
        return elfld__put_checked(w, SA - P, 4, ELFLD_FIELD_SIGNED) ? 0 : ELFLD_ERANGE;

    case 102: {
        /*
         * ALIGN: symbol index 0 (S == 0): the addend is the number of nop bytes at PC and the
         * alignment is the addend rounded up to the next power of two.  Otherwise the addend
         * is [7:0] = log2(alignment), [63:8] = the maximum number of bytes to skip (0: no
         * limit), and the assembler left alignment - 4 bytes of nops.  A relaxing linker
         * removes nops; this one keeps the code, so the instruction after the padding must
         * already be aligned, unless reaching the alignment needs more than the maximum skip
         * (then no alignment was asked for at this address).
         */
        uint64_t a = (uint64_t)r->A, align, nops, maxskip = 0;
        if (r->A < 0)
            return ELFLD_ERELOC;
        if (r->S == 0) {
            nops = a;
            for (align = 1; align <= nops; align <<= 1)
                if (align >> 62)
                    return ELFLD_ERELOC;
        } else {
            if ((a & 0xff) > 62)
                return ELFLD_ERELOC;
            align = (uint64_t)1 << (a & 0xff);
            if (align <= 4)
                return 0;   /* instructions are always 4-aligned */
            nops = align - 4;
            maxskip = a >> 8;
        }
        if (((P + nops) & (align - 1)) == 0)
            return 0;
        if (maxskip && ((0 - P) & (align - 1)) > maxskip)
            return 0;
        return ELFLD_ERELOC;
    }

    /* PCREL20_S2 (pcaddi): [24:5] = (S+A-PC)[21:2], 22-bit signed, 4-aligned */
    case 103:
        v = (int64_t)(SA - P);
        if ((v & 3) || !elfld__fits_signed(v, 22))
            return ELFLD_ERANGE;
        INSN32(set_j20(insn, bits((uint64_t)v, 21, 2)));
        return 0;

    /* ADD6 / SUB6: the low 6 bits of the byte += / -= (S + A) & 0x3f */
    case 105:
        elfld__put_low_bits(w, w[0] + SA, 6);
        return 0;
    case 106:
        elfld__put_low_bits(w, w[0] - SA, 6);
        return 0;

    /* ADD_ULEB128 / SUB_ULEB128: *(uleb128 *)PC += / -= S + A.  The two halves come one at a
     * time (ADD then SUB at the same place), so the intermediate value is kept modulo 2^(7n)
     * in the field's n bytes (the length never changes): the difference after SUB is exact. */
    case 107:
    case 108: {
        unsigned len = elfld__uleb_len(w);
        if (!len)
            return ELFLD_ERELOC;
        uint64_t x = elfld__uleb_get(w, len);
        elfld__uleb_put(w, len, r->type == 107 ? x + SA : x - SA);
        return 0;
    }

    /* 64_PCREL: *(uint64_t *)PC = (S+A-PC)[63:0] */
    case 109:
        elfld__put_le(w, SA - P, 8);
        return 0;

    /* CALL36: pcaddu18i at PC [24:5] = (S+A-PC + 0x20000)[37:18] (rounded: jirl sign-extends),
     * jirl at PC+4 [25:10] = (S+A-PC)[17:2]; through the stub if farther */
    case 110:
        if ((rc = branch_value(r, call36_fits, &v)) != 0)
            return rc;
        INSN32(set_j20(insn, bits((uint64_t)v + 0x20000, 37, 18)));
        w += 4;
        INSN32(set_k16(insn, bits((uint64_t)v, 17, 2)));
        return 0;

    default:
        return ELFLD_ERELTYPE;
    }
}
