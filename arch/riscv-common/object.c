/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V backend (riscv64 and riscv32 share it): static relocations in relocatable objects
 * (see src/arch.h, "relocatable objects").
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
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"

#if __riscv_xlen == 64
#define RV64 1
#else
#define RV64 0
#endif

/* ---------------------------------------------------------------- stubs */
/*
 * Branch stub (RV64 only): CALL / CALL_PLT (auipc+jalr, +-2 GiB) and PLT32 whose target is
 * farther get redirected to this per-target stub, placed by the core within +-2 GiB:
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
const uint32_t elfld_arch_stub_size = 24;
#else
const uint32_t elfld_arch_stub_size = 0;
#endif

/* ---------------------------------------------------------------- classification */
#define K ELFLD_OBJ_KNOWN
#define NOP (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP)
#define TLS ELFLD_OBJ_TLS
#define GOT (ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT)
#if RV64
#define CALLK (ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH)
#else
#define CALLK ELFLD_OBJ_KNOWN
#endif

struct obj_desc {
    const char *name;
    uint16_t flags;   /* ELFLD_OBJ_*; 0: not applied in objects (name kept for messages) */
};

/* Indexed by relocation type (psABI table "Relocation types"). */
static const struct obj_desc obj_types[] = {
    [0] = {"R_RISCV_NONE", NOP},
    [1] = {"R_RISCV_32", K},
    [2] = {"R_RISCV_64", K},
    [3] = {"R_RISCV_RELATIVE", 0},          /* dynamic only */
    [4] = {"R_RISCV_COPY", 0},
    [5] = {"R_RISCV_JUMP_SLOT", 0},
    [6] = {"R_RISCV_TLS_DTPMOD32", TLS},
    [7] = {"R_RISCV_TLS_DTPMOD64", TLS},
    [8] = {"R_RISCV_TLS_DTPREL32", TLS},
    [9] = {"R_RISCV_TLS_DTPREL64", TLS},
    [10] = {"R_RISCV_TLS_TPREL32", TLS},
    [11] = {"R_RISCV_TLS_TPREL64", TLS},
    [12] = {"R_RISCV_TLSDESC", TLS},
    [16] = {"R_RISCV_BRANCH", K},           /* +-4 KiB: no stub, out of range is refused */
    [17] = {"R_RISCV_JAL", K},              /* +-1 MiB: no stub, out of range is refused */
    [18] = {"R_RISCV_CALL", CALLK},
    [19] = {"R_RISCV_CALL_PLT", CALLK},
    [20] = {"R_RISCV_GOT_HI20", GOT | ELFLD_OBJ_PAIR_HI},
    [21] = {"R_RISCV_TLS_GOT_HI20", TLS},
    [22] = {"R_RISCV_TLS_GD_HI20", TLS},
    [23] = {"R_RISCV_PCREL_HI20", K | ELFLD_OBJ_PAIR_HI},
    [24] = {"R_RISCV_PCREL_LO12_I", K | ELFLD_OBJ_PAIR_LO},
    [25] = {"R_RISCV_PCREL_LO12_S", K | ELFLD_OBJ_PAIR_LO},
    [26] = {"R_RISCV_HI20", K},
    [27] = {"R_RISCV_LO12_I", K},
    [28] = {"R_RISCV_LO12_S", K},
    [29] = {"R_RISCV_TPREL_HI20", TLS},
    [30] = {"R_RISCV_TPREL_LO12_I", TLS},
    [31] = {"R_RISCV_TPREL_LO12_S", TLS},
    [32] = {"R_RISCV_TPREL_ADD", TLS},
    [33] = {"R_RISCV_ADD8", K},
    [34] = {"R_RISCV_ADD16", K},
    [35] = {"R_RISCV_ADD32", K},
    [36] = {"R_RISCV_ADD64", K},
    [37] = {"R_RISCV_SUB8", K},
    [38] = {"R_RISCV_SUB16", K},
    [39] = {"R_RISCV_SUB32", K},
    [40] = {"R_RISCV_SUB64", K},
    [41] = {"R_RISCV_GOT32_PCREL", GOT},
    [43] = {"R_RISCV_ALIGN", K},            /* checked, see apply */
    [44] = {"R_RISCV_RVC_BRANCH", K},
    [45] = {"R_RISCV_RVC_JUMP", K},
    [51] = {"R_RISCV_RELAX", NOP},          /* objects are not relaxed */
    [52] = {"R_RISCV_SUB6", K},
    [53] = {"R_RISCV_SET6", K},
    [54] = {"R_RISCV_SET8", K},
    [55] = {"R_RISCV_SET16", K},
    [56] = {"R_RISCV_SET32", K},
    [57] = {"R_RISCV_32_PCREL", K},
    [58] = {"R_RISCV_IRELATIVE", 0},
    [59] = {"R_RISCV_PLT32", CALLK},
    [60] = {"R_RISCV_SET_ULEB128", K},
    [61] = {"R_RISCV_SUB_ULEB128", K},
    [62] = {"R_RISCV_TLSDESC_HI20", TLS},
    [63] = {"R_RISCV_TLSDESC_LOAD_LO12", TLS},
    [64] = {"R_RISCV_TLSDESC_ADD_LO12", TLS},
    [65] = {"R_RISCV_TLSDESC_CALL", TLS},
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    const char *n = NULL;
    unsigned flags = 0;
    if (type < NTYPES) {
        n = obj_types[type].name;
        flags = obj_types[type].flags;
    } else if (type == 191) {
        n = "R_RISCV_VENDOR";   /* vendor relocations (192-255) are not supported */
    }
    if (name)
        *name = n;
    return flags;
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

/*
 * A 32-bit value split as hi20/lo12 ("Absolute Addresses", "PC-Relative Symbol Addresses"):
 * HI20 = (v + 0x800) >> 12 because the paired 12-bit immediate is sign-extended.  On RV64
 * lui/auipc sign-extend the 32-bit result, so v must lie in [-2^31 - 0x800, 2^31 - 0x800);
 * on RV32 everything wraps modulo 2^32 and every value is reachable.
 */
static int hi20_fits(int64_t v) {
#if RV64
    return elfld__fits_signed(v + 0x800, 32);
#else
    (void)v;
    return 1;
#endif
}

static uint32_t hi20_of(int64_t v) {
    return (uint32_t)(((uint64_t)v + 0x800u) >> 12) & 0xfffffu;
}

/* Read-modify-write a 32-bit instruction word. */
#define INSN32(expr)                                                                        \
    do {                                                                                    \
        uint32_t insn = (uint32_t)elfld__get_le(w, 4);                                      \
        elfld__put_le(w, (expr), 4);                                                        \
    } while (0)
#define INSN16(expr)                                                                        \
    do {                                                                                    \
        uint16_t insn = (uint16_t)elfld__get_le(w, 2);                                      \
        elfld__put_le(w, (expr), 2);                                                        \
    } while (0)

/* ---------------------------------------------------------------- stub writer */
#if RV64
static void write_stub(unsigned char *s, uint64_t stub_addr, uint64_t target) {
    unsigned d = ((stub_addr + 12) & 7) == 0 ? 12 : 16;   /* offset of the 8-byte word */
    elfld__put_le(s + 0, 0x00000317u, 4);                         /* auipc t1, 0 */
    elfld__put_le(s + 4, ((uint32_t)d << 20) | 0x00033303u, 4);   /* ld t1, d(t1) */
    elfld__put_le(s + 8, 0x00030067u, 4);                         /* jalr x0, 0(t1) */
    elfld__put_le(s + (d == 12 ? 20 : 12), 0x00000013u, 4);       /* nop (never executed) */
    elfld__put_le(s + d, target, 8);
}
#endif

/*
 * pc-relative value for a branch-like relocation: S + A - P, or through the stub when that is
 * out of reach (`fits` checks the range).  For CALL / CALL_PLT the addend offsets the target
 * (it is 0 in compiler output): the stub jumps to S + A and the pair is aimed at the stub.
 * For PLT32 (a data word) the addend is positional, as in `.word f@plt - . + k`: the stub
 * jumps to S and the word becomes stub + A - P.  Returns 0 and sets *v, or ELFLD_ERANGE.
 */
static int branch_value(const struct elfld_obj_reloc *r, int (*fits)(int64_t), int data_word,
                        int64_t *v) {
    *v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
    if (fits(*v))
        return 0;
#if RV64
    if (r->stub) {
        write_stub(r->stub, r->stub_addr, data_word ? r->S : r->S + (uint64_t)r->A);
        *v = (int64_t)(r->stub_addr + (data_word ? (uint64_t)r->A : 0) - r->P);
        if (fits(*v))
            return 0;
    }
#else
    (void)data_word;
#endif
    return ELFLD_ERANGE;
}

static int word32_pcrel_fits(int64_t v) {
    return elfld__fits_signed(v, 32);
}

/* ---------------------------------------------------------------- apply */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    unsigned char *w = r->where;
    const uint64_t SA = (uint64_t)r->S + (uint64_t)(int64_t)r->A;     /* S + A */
    int64_t v;
    int rc;

    switch (r->type) {
    case 0:  /* NONE */
    case 51: /* RELAX: a hint for relaxing linkers; these objects are linked as written */
        return 0;

    /* word32 / word64: S + A */
    case 1:
        /* As `.word sym`: the value must survive the 32-bit store, read signed or unsigned
         * (RV64; on RV32 it is the whole address). */
        if (RV64 && !elfld__fits_bitfield((int64_t)SA, 32))
            return ELFLD_ERANGE;
        elfld__put_le(w, SA, 4);
        return 0;
    case 2:
        /* On RV32 an address is unsigned: S + A taken modulo 2^32, zero-extended. */
        elfld__put_le(w, RV64 ? SA : (uint32_t)SA, 8);
        return 0;

    /* B-Type, S + A - P: even offset in [-4096, 4094] ("PC-Relative Jumps and Branches") */
    case 16:
        v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
        if ((v & 1) || !elfld__fits_signed(v, 13))
            return ELFLD_ERANGE;
        INSN32(set_b(insn, (uint32_t)v));
        return 0;

    /* J-Type, S + A - P: even offset in [-1 MiB, 1 MiB - 2] */
    case 17:
        v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
        if ((v & 1) || !elfld__fits_signed(v, 21))
            return ELFLD_ERANGE;
        INSN32(set_j(insn, (uint32_t)v));
        return 0;

    /* U+I-Type, S + A - P over auipc (at P) + jalr (at P + 4) ("Procedure Calls") */
    case 18:
    case 19:
        if ((rc = branch_value(r, hi20_fits, 0, &v)) != 0)
            return rc;
        INSN32(set_u(insn, hi20_of(v)));
        w += 4;
        INSN32(set_i(insn, (uint32_t)v));
        return 0;

    /* U-Type, G + GOT - P (G here is the slot's address); A must be 0 but is honoured */
    case 20:
        v = (int64_t)(intptr_t)(r->G + (uintptr_t)r->A - r->P);
        if (!hi20_fits(v))
            return ELFLD_ERANGE;
        INSN32(set_u(insn, hi20_of(v)));
        return 0;

    /* U-Type, S + A - P */
    case 23:
        v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
        if (!hi20_fits(v))
            return ELFLD_ERANGE;
        INSN32(set_u(insn, hi20_of(v)));
        return 0;

    /* I/S-Type: the low 12 bits of the paired HI20's value (the HI rounded by +0x800).  The
     * LO's own addend must be 0 per the psABI; like LLD it is ignored. */
    case 24:
        INSN32(set_i(insn, (uint32_t)r->hi_value));
        return 0;
    case 25:
        INSN32(set_s(insn, (uint32_t)r->hi_value));
        return 0;

    /* Absolute HI20 / LO12 (medlow): S + A.  On RV64 lui sign-extends, so S + A must lie in
     * [0xFFFFFFFF7FFFF800, 0x7FFFF7FF] ("Medium Low Code Model"). */
    case 26:
        if (!hi20_fits((int64_t)SA))
            return ELFLD_ERANGE;
        INSN32(set_u(insn, hi20_of((int64_t)SA)));
        return 0;
    case 27:
        INSN32(set_i(insn, (uint32_t)SA));
        return 0;
    case 28:
        INSN32(set_s(insn, (uint32_t)SA));
        return 0;

    /* wordN label arithmetic, V + S + A / V - S - A, modulo the field width */
    case 33: elfld__add_le(w, SA, 1); return 0;
    case 34: elfld__add_le(w, SA, 2); return 0;
    case 35: elfld__add_le(w, SA, 4); return 0;
    case 36: elfld__add_le(w, SA, 8); return 0;
    case 37: elfld__sub_le(w, SA, 1); return 0;
    case 38: elfld__sub_le(w, SA, 2); return 0;
    case 39: elfld__sub_le(w, SA, 4); return 0;
    case 40: elfld__sub_le(w, SA, 8); return 0;

    /* word32, G + GOT + A - P */
    case 41:
        v = (int64_t)(intptr_t)(r->G + (uintptr_t)r->A - r->P);
        return elfld__put_checked(w, (uint64_t)v, 4, ELFLD_FIELD_SIGNED) ? 0 : ELFLD_ERANGE;

    case 43: {
        /*
         * ALIGN ("Relocation for Alignment"): the addend is the number of padding bytes at
         * P; the instruction at P + addend must be aligned to the smallest power of two
         * greater than the addend.  A relaxing linker deletes padding to get there; this
         * linker keeps the code as assembled, so the padding must already be right.
         */
        if (r->A < 0)
            return ELFLD_ERELOC;
        uint64_t n = (uint64_t)r->A, align = 1;
        while (align <= n) {
            if (align >> 62)
                return ELFLD_ERELOC;
            align <<= 1;
        }
        return ((uint64_t)r->P + n) & (align - 1) ? ELFLD_ERELOC : 0;
    }

    /* CB-Type, S + A - P: even offset in [-256, 254] */
    case 44:
        v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
        if ((v & 1) || !elfld__fits_signed(v, 9))
            return ELFLD_ERANGE;
        INSN16(set_cb(insn, (uint32_t)v));
        return 0;

    /* CJ-Type, S + A - P: even offset in [-2048, 2046] */
    case 45:
        v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
        if ((v & 1) || !elfld__fits_signed(v, 12))
            return ELFLD_ERANGE;
        INSN16(set_cj(insn, (uint32_t)v));
        return 0;

    /* word6 = the 6 low bits of a byte: SUB6 V - S - A, SET6 S + A */
    case 52:
        elfld__put_low_bits(w, w[0] - SA, 6);
        return 0;
    case 53:
        elfld__put_low_bits(w, SA, 6);
        return 0;
    /* SETn: S + A */
    case 54: elfld__put_le(w, SA, 1); return 0;
    case 55: elfld__put_le(w, SA, 2); return 0;
    case 56: elfld__put_le(w, SA, 4); return 0;

    /* word32, S + A - P */
    case 57:
        v = (int64_t)(intptr_t)(r->S + (uintptr_t)r->A - r->P);
        return elfld__put_checked(w, (uint64_t)v, 4, ELFLD_FIELD_SIGNED) ? 0 : ELFLD_ERANGE;

    /* PLT32, word32 S + A - P to a function: through the stub when it is farther */
    case 59:
        if ((rc = branch_value(r, word32_pcrel_fits, 1, &v)) != 0)
            return rc;
        elfld__put_le(w, (uint64_t)v, 4);
        return 0;

    /*
     * ULEB128: SET_ULEB128 writes S + A, SUB_ULEB128 V - S - A, keeping the length (psABI note
     * on ULEB128: the assembler reserved enough bytes for the final value).  The two halves
     * are applied one at a time, so the intermediate value (a full address after SET) is kept
     * modulo 2^(7n): the difference written by SUB is then exact.  Without relaxation the
     * final value equals the one the assembler sized the field for.
     */
    case 60:
    case 61: {
        unsigned len = elfld__uleb_len(w);
        if (!len)
            return ELFLD_ERELOC;
        uint64_t x = r->type == 60 ? SA : elfld__uleb_get(w, len) - SA;
        elfld__uleb_put(w, len, x);
        return 0;
    }

    default:
        return ELFLD_ERELTYPE;
    }
}
