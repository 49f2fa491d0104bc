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
#include "../common/single_isa.h"
#include "../common/x86_common.h"
#include "reloc_types.h"

/* Indexed by relocation type.  Entries with flags 0 but a name are dynamic-only types (a
 * linker's output, never a compiler's): the core refuses them with ELFLD_ERELTYPE by name. */
static const struct elfld_x86_obj_type obj_types[] = {
    [R_X86_64_NONE] = OBJ(K | NOP, 0, R_X86_64_NONE),
    [R_X86_64_64] = OBJ(K, 8, R_X86_64_64),                       /* S + A */
    [R_X86_64_PC32] = OBJ(K, 4, R_X86_64_PC32),                   /* S + A - P */
    [R_X86_64_GOT32] = OBJ(K | GOTSLOT | GB, 4, R_X86_64_GOT32),  /* G + A */
    [R_X86_64_PLT32] = OBJ(K | BR, 4, R_X86_64_PLT32),            /* L + A - P */
    [R_X86_64_COPY] = OBJ(0, 0, R_X86_64_COPY),
    [R_X86_64_GLOB_DAT] = OBJ(0, 8, R_X86_64_GLOB_DAT),
    [R_X86_64_JUMP_SLOT] = OBJ(0, 8, R_X86_64_JUMP_SLOT),
    [R_X86_64_RELATIVE] = OBJ(0, 8, R_X86_64_RELATIVE),
    [R_X86_64_GOTPCREL] = OBJ(K | GOTSLOT, 4, R_X86_64_GOTPCREL), /* G + GOT + A - P */
    [R_X86_64_32] = OBJ(K, 4, R_X86_64_32),                       /* S + A, zero-extends */
    [R_X86_64_32S] = OBJ(K, 4, R_X86_64_32S),                     /* S + A, sign-extends */
    [R_X86_64_16] = OBJ(K, 2, R_X86_64_16),                       /* S + A */
    [R_X86_64_PC16] = OBJ(K, 2, R_X86_64_PC16),                   /* S + A - P */
    [R_X86_64_8] = OBJ(K, 1, R_X86_64_8),                         /* S + A */
    [R_X86_64_PC8] = OBJ(K, 1, R_X86_64_PC8),                     /* S + A - P */
    [R_X86_64_DTPMOD64] = OBJ(TLS, 8, R_X86_64_DTPMOD64),        /* dynamic only */
    [R_X86_64_DTPOFF64] = OBJ(K | TLSF(DTPOFF), 8, R_X86_64_DTPOFF64), /* S + A (S: DTPOFF) */
    [R_X86_64_TPOFF64] = OBJ(K | TLSF(TPOFF), 8, R_X86_64_TPOFF64),   /* S + A (S: TPOFF) */
    [R_X86_64_TLSGD] = OBJ(K | TLSF(GD), 4, R_X86_64_TLSGD),         /* G + GOT + A - P */
    [R_X86_64_TLSLD] = OBJ(K | TLSF(LD), 4, R_X86_64_TLSLD),         /* G + GOT + A - P */
    [R_X86_64_DTPOFF32] = OBJ(K | TLSF(DTPOFF), 4, R_X86_64_DTPOFF32), /* S + A */
    [R_X86_64_GOTTPOFF] = OBJ(K | TLSF(IE), 4, R_X86_64_GOTTPOFF),   /* G + GOT + A - P */
    [R_X86_64_TPOFF32] = OBJ(K | TLSF(TPOFF), 4, R_X86_64_TPOFF32),   /* S + A */
    [R_X86_64_PC64] = OBJ(K, 8, R_X86_64_PC64),                   /* S + A - P */
    [R_X86_64_GOTOFF64] = OBJ(K | GB, 8, R_X86_64_GOTOFF64),      /* S + A - GOT */
    [R_X86_64_GOTPC32] = OBJ(K | GB, 4, R_X86_64_GOTPC32),        /* GOT + A - P */
    [R_X86_64_GOT64] = OBJ(K | GOTSLOT | GB, 8, R_X86_64_GOT64),  /* G + A */
    [R_X86_64_GOTPCREL64] = OBJ(K | GOTSLOT, 8, R_X86_64_GOTPCREL64), /* G + GOT - P + A */
    [R_X86_64_GOTPC64] = OBJ(K | GB, 8, R_X86_64_GOTPC64),        /* GOT - P + A */
    [R_X86_64_GOTPLT64] = OBJ(K | GOTSLOT | GB, 8, R_X86_64_GOTPLT64), /* G + A */
    [R_X86_64_PLTOFF64] = OBJ(K | BR | GB, 8, R_X86_64_PLTOFF64), /* L - GOT + A */
    [R_X86_64_SIZE32] = OBJ(K, 4, R_X86_64_SIZE32),               /* Z + A */
    [R_X86_64_SIZE64] = OBJ(K, 8, R_X86_64_SIZE64),               /* Z + A */
    [R_X86_64_GOTPC32_TLSDESC] = OBJ(K | TLSF(DESC), 4, R_X86_64_GOTPC32_TLSDESC), /* G+GOT+A-P */
    [R_X86_64_TLSDESC_CALL] = OBJ(K | TLSF(MARK), 0, R_X86_64_TLSDESC_CALL),
    [R_X86_64_TLSDESC] = OBJ(TLS, 16, R_X86_64_TLSDESC),           /* dynamic only */
    [R_X86_64_IRELATIVE] = OBJ(0, 8, R_X86_64_IRELATIVE),
    [R_X86_64_RELATIVE64] = OBJ(0, 8, R_X86_64_RELATIVE64),
    /* 39, 40: R_X86_64_PC32_BND / PLT32_BND, withdrawn with MPX: unknown. */
    /* The GOTPCRELX family (41 to 43, 46, 49): G + GOT + A - P */
    [R_X86_64_GOTPCRELX] = OBJ(K | GOTSLOT, 4, R_X86_64_GOTPCRELX),
    [R_X86_64_REX_GOTPCRELX] = OBJ(K | GOTSLOT, 4, R_X86_64_REX_GOTPCRELX),
    [R_X86_64_CODE_4_GOTPCRELX] = OBJ(K | GOTSLOT, 4, R_X86_64_CODE_4_GOTPCRELX),
    [R_X86_64_CODE_4_GOTTPOFF] = OBJ(K | TLSF(IE), 4, R_X86_64_CODE_4_GOTTPOFF),
    [R_X86_64_CODE_4_GOTPC32_TLSDESC] = OBJ(K | TLSF(DESC), 4, R_X86_64_CODE_4_GOTPC32_TLSDESC),
    [R_X86_64_CODE_5_GOTPCRELX] = OBJ(K | GOTSLOT, 4, R_X86_64_CODE_5_GOTPCRELX),
    [R_X86_64_CODE_5_GOTTPOFF] = OBJ(K | TLSF(IE), 4, R_X86_64_CODE_5_GOTTPOFF),
    [R_X86_64_CODE_5_GOTPC32_TLSDESC] = OBJ(K | TLSF(DESC), 4, R_X86_64_CODE_5_GOTPC32_TLSDESC),
    [R_X86_64_CODE_6_GOTPCRELX] = OBJ(K | GOTSLOT, 4, R_X86_64_CODE_6_GOTPCRELX),
    [R_X86_64_CODE_6_GOTTPOFF] = OBJ(K | TLSF(IE), 4, R_X86_64_CODE_6_GOTTPOFF),
    [R_X86_64_CODE_6_GOTPC32_TLSDESC] = OBJ(K | TLSF(DESC), 4, R_X86_64_CODE_6_GOTPC32_TLSDESC),
};
#define NTYPES (sizeof obj_types / sizeof obj_types[0])

unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {
    return elfld__x86_obj_classify(obj_types, NTYPES, type, name);
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
    return elfld__x86_store(r->where, v, size, ck);
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
 * just before the field: the type promises one of the psABI's instruction forms there, and
 * they must be bytes of the field's own section (r->before), not the end of the previous one.
 * Returns 1 when the instruction was rewritten.
 */
static int relax_gotpcrelx(const struct elfld_obj_reloc *r, int64_t A) {
    unsigned char *w = r->where;
    if (A != -4 || r->sym_type == STT_GNU_IFUNC)
        return 0;
    if (r->before < 2)                                /* no opcode and ModRM in its section */
        return 0;
    uint64_t v = r->S + (uint64_t)A - r->P;           /* S + A - P */
    if (!elfld__fits_signed((int64_t)v, 32))
        return 0;
    if (w[-2] == 0x8b && (w[-1] & 0xc7) == 0x05) {    /* mov disp32(%rip), %reg */
        w[-2] = 0x8d;                                 /* lea: same REX and ModRM */
        elfld__put_le(w, v, 4);
        return 1;
    }
    if (r->type != R_X86_64_GOTPCRELX || w[-2] != 0xff) /* call/jmp never carry REX */
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

/* GOTPCRELX, REX_GOTPCRELX: G + GOT + A - P, unless the instruction could be relaxed to
 * address S directly (relax_gotpcrelx, which takes the addend signed). */
static int gotpcrelx(const struct elfld_obj_reloc *r, uint64_t A) {
    if (relax_gotpcrelx(r, (int64_t)A))
        return 0;
    return store(r, r->G + A - r->P, 4, ELFLD_FIELD_SIGNED);
}

/* Whether PLT32's field at r ends a rel32 branch instruction in code: call (e8), jmp (e9) or
 * jcc (0f 80..8f), whose destination is the end of the field plus its value. */
static bool rel32_branch_field(const struct elfld_obj_reloc *r) {
    const unsigned char *w = r->where;
    return r->code && r->before >= 1 &&
           (w[-1] == 0xe8 || w[-1] == 0xe9 ||
            (r->before >= 2 && w[-2] == 0x0f && (w[-1] & 0xf0) == 0x80));
}

/* PLT32: L + A - P.  L = S when S is within reach of the signed 32-bit field, else L is the
 * stub (which then must be within reach); without a stub an unreachable S is ERANGE.  A
 * branch instruction's addend is the target's offset less the 4 bytes from the field to the
 * instruction's end (`call f+8@PLT`: A = 4): its stub goes to the branch's own destination,
 * S + A + 4, and the branch to the stub (the core keys stubs by symbol and addend).  A data
 * word's addend is relative to the place (`.long f@PLT - . + 8`, read as P - 8 + word): its
 * stub goes to S, the word keeps A. */
static int plt32(const struct elfld_obj_reloc *r, uint64_t A) {
    uint64_t v = r->S + A - r->P;
    if (elfld__fits_signed((int64_t)v, 32)) {
        elfld__put_le(r->where, v, 4);
        return 0;
    }
    if (!r->stub)
        return ELFLD_ERANGE;
    if (rel32_branch_field(r)) {
        uint64_t end = (uint64_t)r->P + 4;
        write_stub(r->stub, r->S + A + 4);
        return store(r, (uint64_t)r->stub_addr - end, 4, ELFLD_FIELD_SIGNED);
    }
    write_stub(r->stub, r->S);
    return store(r, (uint64_t)r->stub_addr + A - r->P, 4, ELFLD_FIELD_SIGNED);
}

/* PLTOFF64: L - GOT + A.  64 bits reach anything, so the stub serves as the PLT entry only
 * when the core planned one. */
static int pltoff64(const struct elfld_obj_reloc *r, uint64_t A) {
    uint64_t L = r->S;
    if (r->stub) {
        write_stub(r->stub, r->S);
        L = r->stub_addr;
    }
    return store(r, L - r->GOT + A, 8, ELFLD_FIELD_ANY);
}

/* Placement (arch.h): the 32-bit and narrower fields of the small and medium code models,
 * non-PIC.  PLT32 gets a veneer; GOT-relative fields address the image's own GOT. */
unsigned elfld_arch_obj_reach(uint32_t type, const unsigned char *field, size_t room,
                              intptr_t *lo, intptr_t *hi) {
    (void)field;
    (void)room;
    switch (type) {
    case R_X86_64_PC32: *lo = INT32_MIN; *hi = INT32_MAX; return ELFLD_REACH_PCREL;
    case R_X86_64_PC16: *lo = INT16_MIN; *hi = INT16_MAX; return ELFLD_REACH_PCREL;
    case R_X86_64_PC8:  *lo = INT8_MIN;  *hi = INT8_MAX;  return ELFLD_REACH_PCREL;
    case R_X86_64_32:   *lo = 0;         *hi = UINT32_MAX; return ELFLD_REACH_ABS;
    case R_X86_64_32S:  *lo = INT32_MIN; *hi = INT32_MAX; return ELFLD_REACH_ABS;
    case R_X86_64_16:   *lo = INT16_MIN; *hi = UINT16_MAX; return ELFLD_REACH_ABS;
    case R_X86_64_8:    *lo = INT8_MIN;  *hi = UINT8_MAX;  return ELFLD_REACH_ABS;
    default:            return ELFLD_REACH_ANY;
    }
}

/*
 * One line per type: the psABI formula in its notation (header comment), the field's width
 * and its overflow rule.  Everything is computed modulo 2^64 (so G + GOT is r->G exactly);
 * the check then decides whether the 64-bit result fits the field.
 */
/* PLT32 reaches +-2 GiB; PLTOFF64 every address. */
uintptr_t elfld_arch_obj_branch_reach(uint32_t type) {
    return type == R_X86_64_PLT32 ? (uintptr_t)1 << 31 : 0;
}

int elfld_arch_obj_apply(const struct elfld_obj_reloc *r) {
    const struct elfld_x86_obj_type *t = elfld__x86_obj_known(obj_types, NTYPES, r->type);
    if (!t)
        return ELFLD_ERELTYPE;
    const uint64_t A = (uint64_t)elfld__x86_obj_addend(r, t->size);
    const uint64_t S = r->S, P = r->P, GOT = r->GOT, Z = r->Z;
    const uint64_t G = (uint64_t)r->G - GOT;          /* the psABI's G: offset in the GOT */

    switch (r->type) {
    case R_X86_64_NONE:             return 0;
    case R_X86_64_64:               return store(r, S + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_PC32:             return store(r, S + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_GOT32:            return store(r, G + A, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_PLT32:            return plt32(r, A);
    case R_X86_64_GOTPCREL:         return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_32:               return store(r, S + A, 4, ELFLD_FIELD_UNSIGNED);
    case R_X86_64_32S:              return store(r, S + A, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_16:               return store(r, S + A, 2, ELFLD_FIELD_BITFIELD);
    case R_X86_64_PC16:             return store(r, S + A - P, 2, ELFLD_FIELD_SIGNED);
    case R_X86_64_8:                return store(r, S + A, 1, ELFLD_FIELD_BITFIELD);
    case R_X86_64_PC8:              return store(r, S + A - P, 1, ELFLD_FIELD_SIGNED);
    case R_X86_64_PC64:             return store(r, S + A - P, 8, ELFLD_FIELD_ANY);
    case R_X86_64_GOTOFF64:         return store(r, S + A - GOT, 8, ELFLD_FIELD_ANY);
    case R_X86_64_GOTPC32:          return store(r, GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_GOT64:            return store(r, G + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_GOTPCREL64:       return store(r, G + GOT - P + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_GOTPC64:          return store(r, GOT - P + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_GOTPLT64:         return store(r, G + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_PLTOFF64:         return pltoff64(r, A);
    case R_X86_64_SIZE32:           return store(r, Z + A, 4, ELFLD_FIELD_UNSIGNED);
    case R_X86_64_SIZE64:           return store(r, Z + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_GOTPCRELX:        return gotpcrelx(r, A);
    case R_X86_64_REX_GOTPCRELX:    return gotpcrelx(r, A);
    case R_X86_64_CODE_4_GOTPCRELX: return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_CODE_5_GOTPCRELX: return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_CODE_6_GOTPCRELX: return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    /* Thread-local storage (psABI "Thread-Local Storage" and Drepper's "ELF Handling For
     * Thread-Local Storage"): the core gives G (the GOT entries the form names: arch.h) or S
     * (the DTP- or TP-relative offset); the code sequences are left as the compiler wrote
     * them (no relaxation): __tls_get_addr and the descriptor resolvers are libelfld's. */
    case R_X86_64_TLSGD:            return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_TLSLD:            return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_GOTTPOFF:
    case R_X86_64_CODE_4_GOTTPOFF:
    case R_X86_64_CODE_5_GOTTPOFF:
    case R_X86_64_CODE_6_GOTTPOFF:  return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_GOTPC32_TLSDESC:
    case R_X86_64_CODE_4_GOTPC32_TLSDESC:
    case R_X86_64_CODE_5_GOTPC32_TLSDESC:
    case R_X86_64_CODE_6_GOTPC32_TLSDESC: return store(r, G + GOT + A - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_DTPOFF32:         return store(r, S + A, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_DTPOFF64:         return store(r, S + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_TPOFF32:          return store(r, S + A, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_TPOFF64:          return store(r, S + A, 8, ELFLD_FIELD_ANY);
    case R_X86_64_TLSDESC_CALL:     return 0;
    default:                        return ELFLD_ERELTYPE;
    }
}
