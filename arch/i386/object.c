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
#include "../common/reach_all.h"
#include "../common/single_isa.h"
#include "../common/x86_common.h"
#include "reloc_types.h"

/* Indexed by relocation type.  Entries with flags 0 but a name are dynamic-only (or
 * obsolete) types: the core refuses them with ELFLD_ERELTYPE by name. */
static const struct elfld_x86_obj_type obj_types[] = {
    [R_386_NONE] = OBJ(K | NOP, 0, R_386_NONE),
    [R_386_32] = OBJ(K, 4, R_386_32),                     /* S + A */
    [R_386_PC32] = OBJ(K, 4, R_386_PC32),                 /* S + A - P */
    [R_386_GOT32] = OBJ(K | GOTSLOT | GB, 4, R_386_GOT32), /* G + A - GOT, or G + A (no base) */
    [R_386_PLT32] = OBJ(K | BR, 4, R_386_PLT32),          /* L + A - P */
    [R_386_COPY] = OBJ(0, 0, R_386_COPY),
    [R_386_GLOB_DAT] = OBJ(0, 4, R_386_GLOB_DAT),
    [R_386_JMP_SLOT] = OBJ(0, 4, R_386_JMP_SLOT),
    [R_386_RELATIVE] = OBJ(0, 4, R_386_RELATIVE),
    [R_386_GOTOFF] = OBJ(K | GB, 4, R_386_GOTOFF),        /* S + A - GOT */
    [R_386_GOTPC] = OBJ(K | GB, 4, R_386_GOTPC),          /* GOT + A - P */
    [R_386_32PLT] = OBJ(0, 4, R_386_32PLT),               /* withdrawn from the psABI */
    [R_386_TLS_TPOFF] = OBJ(TLS, 4, R_386_TLS_TPOFF),
    [R_386_TLS_IE] = OBJ(TLS, 4, R_386_TLS_IE),         /* non-PIC initial exec: not built */
    [R_386_TLS_GOTIE] = OBJ(K | TLSF(IE) | GB, 4, R_386_TLS_GOTIE),   /* G + A - GOT */
    [R_386_TLS_LE] = OBJ(K | TLSF(TPOFF), 4, R_386_TLS_LE),           /* S + A */
    [R_386_TLS_GD] = OBJ(K | TLSF(GD) | GB, 4, R_386_TLS_GD),         /* G + A - GOT */
    [R_386_TLS_LDM] = OBJ(K | TLSF(LD) | GB, 4, R_386_TLS_LDM),       /* G + A - GOT */
    [R_386_16] = OBJ(K, 2, R_386_16),                     /* S + A */
    [R_386_PC16] = OBJ(K, 2, R_386_PC16),                 /* S + A - P */
    [R_386_8] = OBJ(K, 1, R_386_8),                       /* S + A */
    [R_386_PC8] = OBJ(K, 1, R_386_PC8),                   /* S + A - P */
    [R_386_TLS_GD_32] = OBJ(TLS, 4, R_386_TLS_GD_32),
    [R_386_TLS_GD_PUSH] = OBJ(TLS, 4, R_386_TLS_GD_PUSH),
    [R_386_TLS_GD_CALL] = OBJ(TLS, 4, R_386_TLS_GD_CALL),
    [R_386_TLS_GD_POP] = OBJ(TLS, 4, R_386_TLS_GD_POP),
    [R_386_TLS_LDM_32] = OBJ(TLS, 4, R_386_TLS_LDM_32),
    [R_386_TLS_LDM_PUSH] = OBJ(TLS, 4, R_386_TLS_LDM_PUSH),
    [R_386_TLS_LDM_CALL] = OBJ(TLS, 4, R_386_TLS_LDM_CALL),
    [R_386_TLS_LDM_POP] = OBJ(TLS, 4, R_386_TLS_LDM_POP),
    [R_386_TLS_LDO_32] = OBJ(K | TLSF(DTPOFF), 4, R_386_TLS_LDO_32),  /* S + A */
    [R_386_TLS_IE_32] = OBJ(TLS, 4, R_386_TLS_IE_32),   /* slot holding -offset: not built */
    [R_386_TLS_LE_32] = OBJ(TLS, 4, R_386_TLS_LE_32),   /* -offset (@tpoff): not built */
    [R_386_TLS_DTPMOD32] = OBJ(TLS, 4, R_386_TLS_DTPMOD32),
    [R_386_TLS_DTPOFF32] = OBJ(TLS, 4, R_386_TLS_DTPOFF32),
    [R_386_TLS_TPOFF32] = OBJ(TLS, 4, R_386_TLS_TPOFF32),
    [R_386_SIZE32] = OBJ(K, 4, R_386_SIZE32),             /* Z + A */
    [R_386_TLS_GOTDESC] = OBJ(K | TLSF(DESC) | GB, 4, R_386_TLS_GOTDESC), /* G + A - GOT */
    [R_386_TLS_DESC_CALL] = OBJ(K | TLSF(MARK), 0, R_386_TLS_DESC_CALL),
    [R_386_TLS_DESC] = OBJ(TLS, 4, R_386_TLS_DESC),
    [R_386_IRELATIVE] = OBJ(0, 4, R_386_IRELATIVE),
    [R_386_GOT32X] = OBJ(K | GOTSLOT | GB, 4, R_386_GOT32X), /* as GOT32 */
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    return elfld__x86_obj_classify(obj_types, NTYPES, type, name);
}

/* No stubs: every rel32 branch reaches every 32-bit address. */
const uint32_t elfld_arch_stub_size = 0;

/* Store v (computed modulo 2^32) in a `size`-byte field (the checked store:
 * ../common/x86_common.h).  32-bit fields always fit; a 16- or 8-bit field is checked as
 * signed (pc-relative) or as a bit field (absolute), v taken as a signed 32-bit result. */
static int store(const struct elfld_obj_reloc *r, uint32_t v, unsigned size, bool pcrel) {
    enum elfld_field_check ck = ELFLD_FIELD_ANY;
    if (size < 4)
        ck = pcrel ? ELFLD_FIELD_SIGNED : ELFLD_FIELD_BITFIELD;
    return elfld__x86_store(r->where, (uint64_t)(int64_t)(int32_t)v, size, ck);
}

/*
 * R_386_GOT32 / R_386_GOT32X (psABI, the paragraphs after the table): `name@GOT` used as a
 * memory operand without a base register, in position-dependent code (`mov name@GOT, %reg`,
 * `call *name@GOT`: ModRM mod 00 r/m 101, a bare disp32) is the slot's absolute address
 * G + A; everywhere else (with a base register holding the GOT address, or `$name@GOT`) it is
 * the slot's offset G + A - GOT.  The ModRM byte precedes the field; `lea name@GOT, %reg`
 * (8d) asks for the offset even in that form.  GNU ld draws the same line.  With fewer than
 * two bytes of its section before it, the field follows no opcode and ModRM (the bytes there
 * belong to another section): a data word, the offset.
 */
static bool got_absolute(const struct elfld_obj_reloc *r) {
    const unsigned char *w = r->where;
    return r->before >= 2 && (w[-1] & 0xc7) == 0x05 && w[-2] != 0x8d;
}

/*
 * Optional GOT32X relaxation (psABI chapter "Linker Optimization", "Optimize R_386_GOT32X
 * Relocation"): `mov name@GOT(%reg1), %reg2` (8b /r) becomes `lea name@GOTOFF(%reg1), %reg2`
 * (8d /r, value S + A - GOT).  Every S is within reach of a 32-bit offset, so only the form
 * matters: opcode 8b with a base register (ModRM mod 10: base + disp32), addend 0 (another
 * addend addresses a neighbouring GOT word), and not an IFUNC (its slot holds the resolved
 * address, not S).  The GOT slot still exists and holds S, so declining is always correct.
 */
static bool can_relax_got32x(const struct elfld_obj_reloc *r, uint32_t A) {
    const unsigned char *w = r->where;
    if (r->before < 2)                  /* no opcode and ModRM in its section (got_absolute) */
        return false;
    return A == 0 && w[-2] == 0x8b && (w[-1] & 0xc0) == 0x80 && r->sym_type != STT_GNU_IFUNC;
}

/* GOT32, and GOT32X when it cannot be relaxed: the slot's absolute address or its offset
 * (got_absolute). */
static int got32(const struct elfld_obj_reloc *r, uint32_t A) {
    uint32_t G = (uint32_t)r->G, GOT = (uint32_t)r->GOT;
    return store(r, got_absolute(r) ? G + A : G + A - GOT, 4, false);
}

/* GOT32X: as GOT32, or relaxed to lea with S + A - GOT (the absolute form has no base
 * register, so it is never relaxed). */
static int got32x(const struct elfld_obj_reloc *r, uint32_t A) {
    if (got_absolute(r) || !can_relax_got32x(r, A))
        return got32(r, A);
    r->where[-2] = 0x8d;
    return store(r, (uint32_t)r->S + A - (uint32_t)r->GOT, 4, false);
}

/*
 * One line per type: the psABI formula in its notation (header comment), computed modulo
 * 2^32, the field's width, and whether it is pc-relative (which picks the check of a narrow
 * field).  PLT32 is S + A - P: L = S (header comment).
 */
/* rel32 wraps modulo 2^32: every branch reaches every address. */
uintptr_t elfld_arch_obj_branch_reach(uint32_t type) {
    (void)type;
    return 0;
}

int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    const struct elfld_x86_obj_type *t = elfld__x86_obj_known(obj_types, NTYPES, r->type);
    if (!t)
        return ELFLD_ERELTYPE;
    const uint32_t A = (uint32_t)elfld__x86_obj_addend(r, t->size);
    const uint32_t S = (uint32_t)r->S, P = (uint32_t)r->P, GOT = (uint32_t)r->GOT;
    const uint32_t Z = (uint32_t)r->Z;

    switch (r->type) {
    case R_386_NONE:   return 0;
    case R_386_32:     return store(r, S + A, 4, false);
    case R_386_PC32:   return store(r, S + A - P, 4, true);
    case R_386_GOT32:  return got32(r, A);
    case R_386_PLT32:  return store(r, S + A - P, 4, true);
    case R_386_GOTOFF: return store(r, S + A - GOT, 4, false);
    case R_386_GOTPC:  return store(r, GOT + A - P, 4, true);
    case R_386_16:     return store(r, S + A, 2, false);
    case R_386_PC16:   return store(r, S + A - P, 2, true);
    case R_386_8:      return store(r, S + A, 1, false);
    case R_386_PC8:    return store(r, S + A - P, 1, true);
    case R_386_SIZE32: return store(r, Z + A, 4, false);
    case R_386_GOT32X: return got32x(r, A);
    /* Thread-local storage (psABI "Thread-Local Storage"; Drepper's "ELF Handling For
     * Thread-Local Storage", the GNU variant): the core gives G (the GOT entries the form
     * names: arch.h; an IE slot holds the offset from the thread pointer, added to %gs:0) or
     * S (the DTP- or TP-relative offset); the code sequences stay as the compiler wrote them,
     * calling libelfld's ___tls_get_addr and descriptor resolvers.  Refused with ELFLD_ETLS:
     * the Sun forms (GD_32, _PUSH, _CALL, _POP, LDM_*, IE_32: a slot holding the negated
     * offset), and the types no test here produces (non-PIC TLS_IE, LE_32, DTPOFF32). */
    case R_386_TLS_GD:        return store(r, (uint32_t)r->G + A - GOT, 4, false);
    case R_386_TLS_LDM:       return store(r, (uint32_t)r->G + A - GOT, 4, false);
    case R_386_TLS_LDO_32:    return store(r, S + A, 4, false);
    case R_386_TLS_GOTIE:     return store(r, (uint32_t)r->G + A - GOT, 4, false);
    case R_386_TLS_LE:        return store(r, S + A, 4, false);
    case R_386_TLS_GOTDESC:   return store(r, (uint32_t)r->G + A - GOT, 4, false);
    case R_386_TLS_DESC_CALL: return 0;
    default:           return ELFLD_ERELTYPE;
    }
}
