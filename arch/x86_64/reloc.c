/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 backend: dynamic relocation table (psABI "x86-64 psABI", table 4.9) and the appliers
 * for the types that are not plain word stores.  All x86_64 dynamic relocations are RELA.
 */
#include "../../src/core/backend.h"
#include "../common/x86_common.h"
#include "reloc_types.h"

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [R_X86_64_NONE] = R(NONE, 0, R_X86_64_NONE),
    [R_X86_64_64] = R(ABS, 8, R_X86_64_64),
    [R_X86_64_PC32] = R(ARCH, 4, R_X86_64_PC32),
    [R_X86_64_COPY] = R(COPY, 0, R_X86_64_COPY),
    [R_X86_64_GLOB_DAT] = R(GLOB_DAT, 8, R_X86_64_GLOB_DAT),
    [R_X86_64_JUMP_SLOT] = R(JUMP_SLOT, 8, R_X86_64_JUMP_SLOT),
    [R_X86_64_RELATIVE] = R(RELATIVE, 8, R_X86_64_RELATIVE),
    [R_X86_64_32] = R(ARCH, 4, R_X86_64_32),
    [R_X86_64_32S] = R(ARCH, 4, R_X86_64_32S),
    [R_X86_64_16] = R(ARCH, 2, R_X86_64_16),
    [R_X86_64_PC16] = R(ARCH, 2, R_X86_64_PC16),
    [R_X86_64_8] = R(ARCH, 1, R_X86_64_8),
    [R_X86_64_PC8] = R(ARCH, 1, R_X86_64_PC8),
    [R_X86_64_DTPMOD64] = R(DTPMOD, 8, R_X86_64_DTPMOD64),
    [R_X86_64_DTPOFF64] = R(DTPOFF, 8, R_X86_64_DTPOFF64),
    [R_X86_64_TPOFF64] = R(TPOFF, 8, R_X86_64_TPOFF64),
    [R_X86_64_TLSGD] = R(TLS, 4, R_X86_64_TLSGD),
    [R_X86_64_TLSLD] = R(TLS, 4, R_X86_64_TLSLD),
    [R_X86_64_DTPOFF32] = R(TLS, 4, R_X86_64_DTPOFF32),
    [R_X86_64_GOTTPOFF] = R(TLS, 4, R_X86_64_GOTTPOFF),
    [R_X86_64_TPOFF32] = R(TLS, 4, R_X86_64_TPOFF32),
    [R_X86_64_PC64] = R(ARCH, 8, R_X86_64_PC64),
    [R_X86_64_SIZE32] = RZ(4, R_X86_64_SIZE32),
    [R_X86_64_SIZE64] = RZ(8, R_X86_64_SIZE64),
    [R_X86_64_GOTPC32_TLSDESC] = R(TLS, 4, R_X86_64_GOTPC32_TLSDESC),
    [R_X86_64_TLSDESC_CALL] = R(TLS, 0, R_X86_64_TLSDESC_CALL),
    [R_X86_64_TLSDESC] = R(TLSDESC, 16, R_X86_64_TLSDESC),
    [R_X86_64_IRELATIVE] = R(IRELATIVE, 8, R_X86_64_IRELATIVE),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

/*
 * The ELFLD_RK_ARCH types.  Formulas from the psABI's table (S symbol, A addend, P place,
 * Z symbol size), computed modulo 2^64; the field widths and overflow rules from its "Field"
 * column and the notes under it: R_X86_64_32 must zero-extend to the 64-bit value, 32S and the
 * pc-relative types must sign-extend to it.  R_X86_64_16 and R_X86_64_8 are checked as
 * unsigned here (object.c checks them as bit fields).  The store: ../common/x86_common.h.
 */
int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)rela; /* always RELA on x86_64 */
    (void)B;
    const uint64_t P = (uintptr_t)where, a = (uint64_t)A;
    switch (type) {
    case R_X86_64_PC32:   return elfld__x86_store(where, S + a - P, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_32:     return elfld__x86_store(where, S + a, 4, ELFLD_FIELD_UNSIGNED);
    case R_X86_64_32S:    return elfld__x86_store(where, S + a, 4, ELFLD_FIELD_SIGNED);
    case R_X86_64_16:     return elfld__x86_store(where, S + a, 2, ELFLD_FIELD_UNSIGNED);
    case R_X86_64_PC16:   return elfld__x86_store(where, S + a - P, 2, ELFLD_FIELD_SIGNED);
    case R_X86_64_8:      return elfld__x86_store(where, S + a, 1, ELFLD_FIELD_UNSIGNED);
    case R_X86_64_PC8:    return elfld__x86_store(where, S + a - P, 1, ELFLD_FIELD_SIGNED);
    case R_X86_64_PC64:   return elfld__x86_store(where, S + a - P, 8, ELFLD_FIELD_ANY);
    case R_X86_64_SIZE32: return elfld__x86_store(where, Z + a, 4, ELFLD_FIELD_UNSIGNED);
    case R_X86_64_SIZE64: return elfld__x86_store(where, Z + a, 8, ELFLD_FIELD_ANY);
    default:              return ELFLD_ERELTYPE;
    }
}

int elfld_arch_check_flags(uint32_t e_flags) {
    (void)e_flags; /* x86_64 defines no e_flags */
    return 0;
}

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    /* x86_64 IFUNC resolvers take no arguments (they query cpuid themselves). */
    return ((uintptr_t(*)(void))resolver)();
}
