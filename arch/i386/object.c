/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 backend, relocatable objects (.o): what each static relocation type needs
 * (elfld_arch_obj_classify), its formula (elfld_arch_obj_apply) and the optional GOT32X
 * relaxation.
 *
 * Formulas: Intel386 psABI, section "Relocation Types", table "Relocation Types".  Its
 * notation, as this interface provides it:
 *   S  r->S, the symbol's address          A  the addend: i386 objects are REL, so A is the
 *   P  r->P, the place's run-time address     value already in the field (sign-extended from
 *   Z  r->Z, the symbol's size                its width); r->A when the section is RELA
 *   GOT  r->GOT, the GOT's address
 *   G  the symbol's GOT slot: the table writes "G + A - GOT" for the offset of the slot from
 *      the GOT, so G is the slot's address, r->G
 *   L  the symbol's PLT entry.  A 32-bit rel32 reaches the whole 32-bit address space (the
 *      CPU computes EIP + rel32 modulo 2^32), so no branch ever needs a stub: L = S and
 *      elfld_arch_stub_size is 0.
 * 32-bit fields wrap modulo 2^32 like the address space itself: they cannot overflow.  The
 * 16- and 8-bit types are "not conformant ... only added for documentation purposes"
 * (psABI, below the table); R_386_16 / R_386_8 are checked as bit fields (the value fits as
 * a signed or an unsigned number of the width), R_386_PC16 / R_386_PC8 as signed, as GNU ld
 * does, rather than silently truncated.
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"

/* Relocation type numbers (psABI table "Relocation Types"). */
enum {
    R_NONE = 0, R_32 = 1, R_PC32 = 2, R_GOT32 = 3, R_PLT32 = 4, R_GOTOFF = 9, R_GOTPC = 10,
    R_16 = 20, R_PC16 = 21, R_8 = 22, R_PC8 = 23, R_SIZE32 = 38, R_GOT32X = 43,
};

#define K ELFLD_OBJ_KNOWN
#define GOTSLOT ELFLD_OBJ_GOT
#define BR ELFLD_OBJ_BRANCH
#define TLS ELFLD_OBJ_TLS
#define NOP ELFLD_OBJ_NOP
#define GB ELFLD_OBJ_GOT_BASE

struct obj_type {
    uint16_t flags;       /* ELFLD_OBJ_*; 0: named but not applicable in an object */
    uint8_t size;         /* bytes of the field (the implicit addend's width) */
    const char *name;
};

/* Indexed by relocation type.  Entries with flags 0 but a name are dynamic-only (or
 * obsolete) types: the core refuses them with ELFLD_ERELTYPE by name. */
static const struct obj_type obj_types[] = {
    [0] = {K | NOP, 0, "R_386_NONE"},
    [1] = {K, 4, "R_386_32"},                       /* S + A */
    [2] = {K, 4, "R_386_PC32"},                     /* S + A - P */
    [3] = {K | GOTSLOT | GB, 4, "R_386_GOT32"},     /* G + A - GOT, or G + A (no base reg) */
    [4] = {K | BR, 4, "R_386_PLT32"},               /* L + A - P */
    [5] = {0, 0, "R_386_COPY"},
    [6] = {0, 4, "R_386_GLOB_DAT"},
    [7] = {0, 4, "R_386_JMP_SLOT"},
    [8] = {0, 4, "R_386_RELATIVE"},
    [9] = {K | GB, 4, "R_386_GOTOFF"},              /* S + A - GOT */
    [10] = {K | GB, 4, "R_386_GOTPC"},              /* GOT + A - P */
    [11] = {0, 4, "R_386_32PLT"},                   /* withdrawn from the psABI */
    [14] = {TLS, 4, "R_386_TLS_TPOFF"},
    [15] = {TLS, 4, "R_386_TLS_IE"},
    [16] = {TLS, 4, "R_386_TLS_GOTIE"},
    [17] = {TLS, 4, "R_386_TLS_LE"},
    [18] = {TLS, 4, "R_386_TLS_GD"},
    [19] = {TLS, 4, "R_386_TLS_LDM"},
    [20] = {K, 2, "R_386_16"},                      /* S + A */
    [21] = {K, 2, "R_386_PC16"},                    /* S + A - P */
    [22] = {K, 1, "R_386_8"},                       /* S + A */
    [23] = {K, 1, "R_386_PC8"},                     /* S + A - P */
    [24] = {TLS, 4, "R_386_TLS_GD_32"},
    [25] = {TLS, 4, "R_386_TLS_GD_PUSH"},
    [26] = {TLS, 4, "R_386_TLS_GD_CALL"},
    [27] = {TLS, 4, "R_386_TLS_GD_POP"},
    [28] = {TLS, 4, "R_386_TLS_LDM_32"},
    [29] = {TLS, 4, "R_386_TLS_LDM_PUSH"},
    [30] = {TLS, 4, "R_386_TLS_LDM_CALL"},
    [31] = {TLS, 4, "R_386_TLS_LDM_POP"},
    [32] = {TLS, 4, "R_386_TLS_LDO_32"},
    [33] = {TLS, 4, "R_386_TLS_IE_32"},
    [34] = {TLS, 4, "R_386_TLS_LE_32"},
    [35] = {TLS, 4, "R_386_TLS_DTPMOD32"},
    [36] = {TLS, 4, "R_386_TLS_DTPOFF32"},
    [37] = {TLS, 4, "R_386_TLS_TPOFF32"},
    [38] = {K, 4, "R_386_SIZE32"},                  /* Z + A */
    [39] = {TLS, 4, "R_386_TLS_GOTDESC"},
    [40] = {TLS, 0, "R_386_TLS_DESC_CALL"},
    [41] = {TLS, 4, "R_386_TLS_DESC"},
    [42] = {0, 4, "R_386_IRELATIVE"},
    [43] = {K | GOTSLOT | GB, 4, "R_386_GOT32X"},   /* G + A - GOT, or G + A (no base reg) */
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    const char *n = type < NTYPES ? obj_types[type].name : NULL;
    if (name)
        *name = n;
    return n ? obj_types[type].flags : 0;
}

/* No stubs: every rel32 branch reaches every 32-bit address. */
const uint32_t elfld_arch_stub_size = 0;

/* Store v (computed modulo 2^32) in a `size`-byte field (little-endian access and the checks:
 * ../common/fields.h).  32-bit fields always fit; a 16- or 8-bit field is checked as signed
 * (pc-relative) or as a bit field (absolute), v taken as a signed 32-bit result. */
static int store(const struct elfld_obj_reloc *r, uint32_t v, unsigned size, bool pcrel) {
    enum elfld_field_check ck = ELFLD_FIELD_ANY;
    if (size < 4)
        ck = pcrel ? ELFLD_FIELD_SIGNED : ELFLD_FIELD_BITFIELD;
    if (!elfld__put_checked(r->where, (uint64_t)(int64_t)(int32_t)v, size, ck))
        return ELFLD_ERANGE;
    return 0;
}

/*
 * R_386_GOT32 / R_386_GOT32X (psABI, the paragraphs after the table): `name@GOT` used as a
 * memory operand without a base register, in position-dependent code (`mov name@GOT, %reg`,
 * `call *name@GOT`: ModRM mod 00 r/m 101, a bare disp32) is the slot's absolute address
 * G + A; everywhere else (with a base register holding the GOT address, or `$name@GOT`) it is
 * the slot's offset G + A - GOT.  The ModRM byte precedes the field; `lea name@GOT, %reg`
 * (8d) asks for the offset even in that form.  GNU ld draws the same line.
 */
static bool got_absolute(const unsigned char *w) {
    return (w[-1] & 0xc7) == 0x05 && w[-2] != 0x8d;
}

int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    uint32_t type = r->type;
    if (type >= NTYPES || !(obj_types[type].flags & ELFLD_OBJ_KNOWN))
        return ELFLD_ERELTYPE;
    unsigned size = obj_types[type].size;
    uint32_t A = r->rela ? (uint32_t)r->A : (uint32_t)elfld__get_le_signed(r->where, size);
    uint32_t S = (uint32_t)r->S, P = (uint32_t)r->P, G = (uint32_t)r->G;
    uint32_t GOT = (uint32_t)r->GOT, Z = (uint32_t)r->Z;

    switch (type) {
    case R_NONE:
        return 0;
    case R_32:      return store(r, S + A, 4, false);
    case R_PC32:    return store(r, S + A - P, 4, true);
    case R_PLT32:   return store(r, S + A - P, 4, true);        /* L = S: see the header */
    case R_GOTOFF:  return store(r, S + A - GOT, 4, false);
    case R_GOTPC:   return store(r, GOT + A - P, 4, true);
    case R_16:      return store(r, S + A, 2, false);
    case R_PC16:    return store(r, S + A - P, 2, true);
    case R_8:       return store(r, S + A, 1, false);
    case R_PC8:     return store(r, S + A - P, 1, true);
    case R_SIZE32:  return store(r, Z + A, 4, false);
    case R_GOT32:
    case R_GOT32X: {
        unsigned char *w = r->where;
        if (got_absolute(w))
            return store(r, G + A, 4, false);
        /*
         * Optional GOT32X relaxation (psABI chapter "Linker Optimization", "Optimize
         * R_386_GOT32X Relocation"): `mov name@GOT(%reg1), %reg2` (8b /r) becomes
         * `lea name@GOTOFF(%reg1), %reg2` (8d /r, value S + A - GOT).  Every S is within
         * reach of a 32-bit offset, so only the form matters: opcode 8b with a base register
         * (ModRM mod 10: base + disp32), addend 0 (another addend addresses a neighbouring
         * GOT word), and not an IFUNC (its slot holds the resolved address, not S).  The GOT
         * slot still exists and holds S, so declining is always correct.
         */
        if (type == R_GOT32X && A == 0 && w[-2] == 0x8b && (w[-1] & 0xc0) == 0x80 &&
            r->sym_type != STT_GNU_IFUNC) {
            w[-2] = 0x8d;
            return store(r, S + A - GOT, 4, false);
        }
        return store(r, G + A - GOT, 4, false);
    }
    default:
        return ELFLD_ERELTYPE;
    }
}
