/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 backend, relocatable objects (.o): what each static relocation type needs
 * (elfld_arch_obj_classify), its formula (elfld_arch_obj_apply), the optional GOTPCRELX
 * relaxations and the far-branch stub.
 *
 * Formulas: x86-64 psABI, section 4.4.1 "Relocation Types", table "Relocation Types".  Its
 * notation, as this interface provides it:
 *   S  r->S, the symbol's address          A  the addend (r->A, or read from the place)
 *   P  r->P, the place's run-time address  Z  r->Z, the symbol's size
 *   GOT  r->GOT, the GOT's address
 *   G  the psABI's *offset* of the symbol's GOT slot in the GOT: r->G - r->GOT here, since
 *      r->G is the slot's address; so "G + GOT" is simply r->G
 *   L  the symbol's PLT entry: the branch stub when one is planned (r->stub), else S itself
 * Field sizes and overflow rules: the same table's "Field" column (word8/16/32/64) and the
 * notes under it: R_X86_64_32 must zero-extend to the 64-bit value, R_X86_64_32S and the
 * pc-relative 32-bit types must sign-extend to it.  R_X86_64_16 and R_X86_64_8 are "not
 * conformant" (psABI: "only added for documentation purposes"); they are checked as bit
 * fields (the value fits as either a signed or an unsigned number of that width), as GNU ld
 * does.
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"

/* Relocation type numbers (psABI table "Relocation Types"). */
enum {
    R_NONE = 0, R_64 = 1, R_PC32 = 2, R_GOT32 = 3, R_PLT32 = 4,
    R_GOTPCREL = 9, R_32 = 10, R_32S = 11, R_16 = 12, R_PC16 = 13, R_8 = 14, R_PC8 = 15,
    R_PC64 = 24, R_GOTOFF64 = 25, R_GOTPC32 = 26, R_GOT64 = 27, R_GOTPCREL64 = 28,
    R_GOTPC64 = 29, R_GOTPLT64 = 30, R_PLTOFF64 = 31, R_SIZE32 = 32, R_SIZE64 = 33,
    R_GOTPCRELX = 41, R_REX_GOTPCRELX = 42, R_CODE_4_GOTPCRELX = 43, R_CODE_5_GOTPCRELX = 46,
    R_CODE_6_GOTPCRELX = 49,
};

#define K ELFLD_OBJ_KNOWN
#define GOTSLOT ELFLD_OBJ_GOT
#define BR ELFLD_OBJ_BRANCH
#define TLS ELFLD_OBJ_TLS
#define NOP ELFLD_OBJ_NOP
#define GB ELFLD_OBJ_GOT_BASE

struct obj_type {
    uint16_t flags;       /* ELFLD_OBJ_*; 0: named but not applicable in an object */
    uint8_t size;         /* bytes of the field (for REL-style implicit addends) */
    const char *name;
};

/* Indexed by relocation type.  Entries with flags 0 but a name are dynamic-only types (a
 * linker's output, never a compiler's): the core refuses them with ELFLD_ERELTYPE by name. */
static const struct obj_type obj_types[] = {
    [0] = {K | NOP, 0, "R_X86_64_NONE"},
    [1] = {K, 8, "R_X86_64_64"},                    /* S + A */
    [2] = {K, 4, "R_X86_64_PC32"},                  /* S + A - P */
    [3] = {K | GOTSLOT | GB, 4, "R_X86_64_GOT32"},  /* G + A */
    [4] = {K | BR, 4, "R_X86_64_PLT32"},            /* L + A - P */
    [5] = {0, 0, "R_X86_64_COPY"},
    [6] = {0, 8, "R_X86_64_GLOB_DAT"},
    [7] = {0, 8, "R_X86_64_JUMP_SLOT"},
    [8] = {0, 8, "R_X86_64_RELATIVE"},
    [9] = {K | GOTSLOT, 4, "R_X86_64_GOTPCREL"},    /* G + GOT + A - P */
    [10] = {K, 4, "R_X86_64_32"},                   /* S + A, zero-extends */
    [11] = {K, 4, "R_X86_64_32S"},                  /* S + A, sign-extends */
    [12] = {K, 2, "R_X86_64_16"},                   /* S + A */
    [13] = {K, 2, "R_X86_64_PC16"},                 /* S + A - P */
    [14] = {K, 1, "R_X86_64_8"},                    /* S + A */
    [15] = {K, 1, "R_X86_64_PC8"},                  /* S + A - P */
    [16] = {TLS, 8, "R_X86_64_DTPMOD64"},
    [17] = {TLS, 8, "R_X86_64_DTPOFF64"},
    [18] = {TLS, 8, "R_X86_64_TPOFF64"},
    [19] = {TLS, 4, "R_X86_64_TLSGD"},
    [20] = {TLS, 4, "R_X86_64_TLSLD"},
    [21] = {TLS, 4, "R_X86_64_DTPOFF32"},
    [22] = {TLS, 4, "R_X86_64_GOTTPOFF"},
    [23] = {TLS, 4, "R_X86_64_TPOFF32"},
    [24] = {K, 8, "R_X86_64_PC64"},                 /* S + A - P */
    [25] = {K | GB, 8, "R_X86_64_GOTOFF64"},        /* S + A - GOT */
    [26] = {K | GB, 4, "R_X86_64_GOTPC32"},         /* GOT + A - P */
    [27] = {K | GOTSLOT | GB, 8, "R_X86_64_GOT64"}, /* G + A */
    [28] = {K | GOTSLOT, 8, "R_X86_64_GOTPCREL64"}, /* G + GOT - P + A */
    [29] = {K | GB, 8, "R_X86_64_GOTPC64"},         /* GOT - P + A */
    [30] = {K | GOTSLOT | GB, 8, "R_X86_64_GOTPLT64"}, /* G + A */
    [31] = {K | BR | GB, 8, "R_X86_64_PLTOFF64"},   /* L - GOT + A */
    [32] = {K, 4, "R_X86_64_SIZE32"},               /* Z + A */
    [33] = {K, 8, "R_X86_64_SIZE64"},               /* Z + A */
    [34] = {TLS, 4, "R_X86_64_GOTPC32_TLSDESC"},
    [35] = {TLS, 0, "R_X86_64_TLSDESC_CALL"},
    [36] = {TLS, 16, "R_X86_64_TLSDESC"},
    [37] = {0, 8, "R_X86_64_IRELATIVE"},
    [38] = {0, 8, "R_X86_64_RELATIVE64"},
    /* 39, 40: R_X86_64_PC32_BND / PLT32_BND, withdrawn with MPX: unknown. */
    [41] = {K | GOTSLOT, 4, "R_X86_64_GOTPCRELX"},        /* G + GOT + A - P */
    [42] = {K | GOTSLOT, 4, "R_X86_64_REX_GOTPCRELX"},    /* G + GOT + A - P */
    [43] = {K | GOTSLOT, 4, "R_X86_64_CODE_4_GOTPCRELX"}, /* G + GOT + A - P */
    [44] = {TLS, 4, "R_X86_64_CODE_4_GOTTPOFF"},
    [45] = {TLS, 4, "R_X86_64_CODE_4_GOTPC32_TLSDESC"},
    [46] = {K | GOTSLOT, 4, "R_X86_64_CODE_5_GOTPCRELX"}, /* G + GOT + A - P */
    [47] = {TLS, 4, "R_X86_64_CODE_5_GOTTPOFF"},
    [48] = {TLS, 4, "R_X86_64_CODE_5_GOTPC32_TLSDESC"},
    [49] = {K | GOTSLOT, 4, "R_X86_64_CODE_6_GOTPCRELX"}, /* G + GOT + A - P */
    [50] = {TLS, 4, "R_X86_64_CODE_6_GOTTPOFF"},
    [51] = {TLS, 4, "R_X86_64_CODE_6_GOTPC32_TLSDESC"},
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    const char *n = type < NTYPES ? obj_types[type].name : NULL;
    if (name)
        *name = n;
    return n ? obj_types[type].flags : 0;
}

/*
 * Branch stub for a target beyond +-2 GiB of a PLT32 branch (the job a PLT entry does in a
 * linked program), 14 bytes padded to 16:
 *     ff 25 00 00 00 00     jmp *0(%rip)     ; indirect through the next 8 bytes
 *     <8 bytes>             .quad target
 *     cc cc                 int3 padding
 * It clobbers no register (unlike a movabs/jmp *%r11 stub), so it is also safe for branches
 * that are not psABI calls.
 */
const uint32_t elfld_arch_stub_size = 16;

static void write_stub(unsigned char *stub, uint64_t target) {
    static const unsigned char jmp_rip[6] = {0xff, 0x25, 0, 0, 0, 0};
    for (unsigned i = 0; i < 6; i++)
        stub[i] = jmp_rip[i];
    elfld__put_le(stub + 6, target, 8);
    stub[14] = stub[15] = 0xcc;
}

/* Store v in the field at r->where after its overflow check (the field rules of the header
 * comment; little-endian access and the checks: ../common/fields.h). */
static int store(const struct elfld_obj_reloc *r, uint64_t v, unsigned size,
                 enum elfld_field_check ck) {
    return elfld__put_checked(r->where, v, size, ck) ? 0 : ELFLD_ERANGE;
}

/*
 * Optional relaxation of R_X86_64_GOTPCRELX / R_X86_64_REX_GOTPCRELX (psABI appendix "Linker
 * Optimization", "Optimize GOTPCRELX Relocations") when S is within +-2 GiB of P:
 *     mov  foo@GOTPCREL(%rip), %reg    8b /r (modrm 00 reg 101)  ->  lea foo(%rip), %reg  8d /r
 *     call *foo@GOTPCREL(%rip)         ff 15                     ->  addr32 call foo   67 e8
 *     jmp  *foo@GOTPCREL(%rip)         ff 25                     ->  jmp foo; nop      e9 .. 90
 * The GOT slot still exists and holds S, so declining is always correct.  Only an addend of
 * -4 (the displacement ends the instruction) is relaxed: another addend addresses a
 * neighbouring GOT word.  IFUNC symbols keep the GOT load.  The opcode and ModRM bytes sit
 * just before the field: the type promises one of the psABI's instruction forms there.
 * Returns 1 when the instruction was rewritten.
 */
static int relax_gotpcrelx(const struct elfld_obj_reloc *r, int64_t A) {
    unsigned char *w = r->where;
    if (A != -4 || r->sym_type == STT_GNU_IFUNC)
        return 0;
    uint64_t v = r->S + (uint64_t)A - r->P;           /* S + A - P */
    if (!elfld__fits_signed((int64_t)v, 32))
        return 0;
    if (w[-2] == 0x8b && (w[-1] & 0xc7) == 0x05) {    /* mov disp32(%rip), %reg */
        w[-2] = 0x8d;                                 /* lea: same REX and ModRM */
        elfld__put_le(w, v, 4);
        return 1;
    }
    if (r->type != R_GOTPCRELX || w[-2] != 0xff)      /* call/jmp never carry REX */
        return 0;
    if (w[-1] == 0x15) {                              /* call *disp32(%rip) */
        w[-2] = 0x67;                                 /* addr32 prefix keeps the length */
        w[-1] = 0xe8;                                 /* call rel32: field stays at P */
        elfld__put_le(w, v, 4);
        return 1;
    }
    if (w[-1] == 0x25) {                              /* jmp *disp32(%rip) */
        /* jmp rel32 one byte earlier, then a nop: rel = S + A - (P - 1) */
        uint64_t v1 = v + 1;
        if (!elfld__fits_signed((int64_t)v1, 32))
            return 0;
        w[-2] = 0xe9;
        elfld__put_le(w - 1, v1, 4);
        w[3] = 0x90;
        return 1;
    }
    return 0;
}

int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    uint32_t type = r->type;
    if (type >= NTYPES || !(obj_types[type].flags & ELFLD_OBJ_KNOWN))
        return ELFLD_ERELTYPE;
    unsigned size = obj_types[type].size;
    /* x86_64 objects are RELA; a REL section (legal ELF) keeps the addend in the field. */
    int64_t A = r->rela ? (int64_t)r->A : elfld__get_le_signed(r->where, size);
    uint64_t S = r->S, P = r->P, GOT = r->GOT;
    uint64_t Goff = (uint64_t)r->G - GOT;             /* the psABI's G: offset in the GOT */
    uint64_t Z = r->Z, a = (uint64_t)A;               /* modular arithmetic from here on */

    switch (type) {
    case R_NONE:
        return 0;
    case R_64:          return store(r, S + a, 8, ELFLD_FIELD_ANY);
    case R_PC32:        return store(r, S + a - P, 4, ELFLD_FIELD_SIGNED);
    case R_GOT32:       return store(r, Goff + a, 4, ELFLD_FIELD_SIGNED);
    case R_GOTPCREL:
    case R_CODE_4_GOTPCRELX:
    case R_CODE_5_GOTPCRELX:
    case R_CODE_6_GOTPCRELX:
        return store(r, r->G + a - P, 4, ELFLD_FIELD_SIGNED);  /* G + GOT + A - P */
    case R_GOTPCRELX:
    case R_REX_GOTPCRELX:
        if (relax_gotpcrelx(r, A))
            return 0;
        return store(r, r->G + a - P, 4, ELFLD_FIELD_SIGNED);
    case R_32:          return store(r, S + a, 4, ELFLD_FIELD_UNSIGNED);
    case R_32S:         return store(r, S + a, 4, ELFLD_FIELD_SIGNED);
    case R_16:          return store(r, S + a, 2, ELFLD_FIELD_BITFIELD);
    case R_PC16:        return store(r, S + a - P, 2, ELFLD_FIELD_SIGNED);
    case R_8:           return store(r, S + a, 1, ELFLD_FIELD_BITFIELD);
    case R_PC8:         return store(r, S + a - P, 1, ELFLD_FIELD_SIGNED);
    case R_PC64:        return store(r, S + a - P, 8, ELFLD_FIELD_ANY);
    case R_GOTOFF64:    return store(r, S + a - GOT, 8, ELFLD_FIELD_ANY);
    case R_GOTPC32:     return store(r, GOT + a - P, 4, ELFLD_FIELD_SIGNED);
    case R_GOT64:
    case R_GOTPLT64:    return store(r, Goff + a, 8, ELFLD_FIELD_ANY);
    case R_GOTPCREL64:  return store(r, r->G + a - P, 8, ELFLD_FIELD_ANY);
    case R_GOTPC64:     return store(r, GOT + a - P, 8, ELFLD_FIELD_ANY);
    case R_PLTOFF64: {
        /* L - GOT + A: 64 bits reach anything, so the stub serves as the PLT entry only
         * when the core planned one. */
        uint64_t L = S;
        if (r->stub) {
            write_stub(r->stub, S);
            L = r->stub_addr;
        }
        return store(r, L - GOT + a, 8, ELFLD_FIELD_ANY);
    }
    case R_SIZE32:      return store(r, Z + a, 4, ELFLD_FIELD_UNSIGNED);
    case R_SIZE64:      return store(r, Z + a, 8, ELFLD_FIELD_ANY);
    case R_PLT32: {
        /* L + A - P with L = S when S is within reach of the signed 32-bit field, else L is
         * the stub (which then must be within reach). */
        uint64_t v = S + a - P;
        if (elfld__fits_signed((int64_t)v, 32)) {
            elfld__put_le(r->where, v, 4);
            return 0;
        }
        if (!r->stub)
            return ELFLD_ERANGE;
        write_stub(r->stub, S);
        return store(r, (uint64_t)r->stub_addr + a - P, 4, ELFLD_FIELD_SIGNED);
    }
    default:
        return ELFLD_ERELTYPE;
    }
}
