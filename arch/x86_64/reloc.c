/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 backend: dynamic relocation table (psABI "x86-64 psABI", table 4.9) and the appliers
 * for the types that are not plain word stores.  All x86_64 dynamic relocations are RELA.
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"

#define R(kind, size, name) {ELFLD_RK_##kind, size, 0, name}
#define RZ(size, name) {ELFLD_RK_ARCH, size, ELFLD_RF_SYMSIZE, name}

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [0] = R(NONE, 0, "R_X86_64_NONE"),
    [1] = R(ABS, 8, "R_X86_64_64"),
    [2] = R(ARCH, 4, "R_X86_64_PC32"),
    [5] = R(COPY, 0, "R_X86_64_COPY"),
    [6] = R(GLOB_DAT, 8, "R_X86_64_GLOB_DAT"),
    [7] = R(JUMP_SLOT, 8, "R_X86_64_JUMP_SLOT"),
    [8] = R(RELATIVE, 8, "R_X86_64_RELATIVE"),
    [10] = R(ARCH, 4, "R_X86_64_32"),
    [11] = R(ARCH, 4, "R_X86_64_32S"),
    [12] = R(ARCH, 2, "R_X86_64_16"),
    [13] = R(ARCH, 2, "R_X86_64_PC16"),
    [14] = R(ARCH, 1, "R_X86_64_8"),
    [15] = R(ARCH, 1, "R_X86_64_PC8"),
    [16] = R(TLS, 8, "R_X86_64_DTPMOD64"),
    [17] = R(TLS, 8, "R_X86_64_DTPOFF64"),
    [18] = R(TLS, 8, "R_X86_64_TPOFF64"),
    [19] = R(TLS, 4, "R_X86_64_TLSGD"),
    [20] = R(TLS, 4, "R_X86_64_TLSLD"),
    [21] = R(TLS, 4, "R_X86_64_DTPOFF32"),
    [22] = R(TLS, 4, "R_X86_64_GOTTPOFF"),
    [23] = R(TLS, 4, "R_X86_64_TPOFF32"),
    [24] = R(ARCH, 8, "R_X86_64_PC64"),
    [32] = RZ(4, "R_X86_64_SIZE32"),
    [33] = RZ(8, "R_X86_64_SIZE64"),
    [34] = R(TLS, 4, "R_X86_64_GOTPC32_TLSDESC"),
    [35] = R(TLS, 0, "R_X86_64_TLSDESC_CALL"),
    [36] = R(TLS, 16, "R_X86_64_TLSDESC"),
    [37] = R(IRELATIVE, 8, "R_X86_64_IRELATIVE"),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

/* Fields are unaligned little-endian words, stored after a signed or unsigned overflow check
 * (../common/fields.h). */

int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)rela; /* always RELA on x86_64 */
    (void)B;
    uint64_t P = (uint64_t)(uintptr_t)where;
    int64_t v;
    unsigned size;
    enum elfld_field_check ck;
    switch (type) {
    case 2:  v = (int64_t)(S + A - P); size = 4; ck = ELFLD_FIELD_SIGNED; break; /* PC32 */
    case 10: v = (int64_t)(S + A); size = 4; ck = ELFLD_FIELD_UNSIGNED; break;   /* 32: zero-ext */
    case 11: v = (int64_t)(S + A); size = 4; ck = ELFLD_FIELD_SIGNED; break;     /* 32S */
    case 12: v = (int64_t)(S + A); size = 2; ck = ELFLD_FIELD_UNSIGNED; break;   /* 16 */
    case 13: v = (int64_t)(S + A - P); size = 2; ck = ELFLD_FIELD_SIGNED; break; /* PC16 */
    case 14: v = (int64_t)(S + A); size = 1; ck = ELFLD_FIELD_UNSIGNED; break;   /* 8 */
    case 15: v = (int64_t)(S + A - P); size = 1; ck = ELFLD_FIELD_SIGNED; break; /* PC8 */
    case 24: elfld__put_le(where, S + A - P, 8); return 0;                       /* PC64 */
    case 32: v = (int64_t)(Z + A); size = 4; ck = ELFLD_FIELD_UNSIGNED; break;   /* SIZE32 */
    case 33: elfld__put_le(where, Z + A, 8); return 0;                           /* SIZE64 */
    default: return ELFLD_ERELTYPE;
    }
    return elfld__put_checked(where, (uint64_t)v, size, ck) ? 0 : ELFLD_ERANGE;
}

int elfld_arch_check_flags(uint32_t e_flags) {
    (void)e_flags; /* x86_64 defines no e_flags */
    return 0;
}

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    /* x86_64 IFUNC resolvers take no arguments (they query cpuid themselves). */
    return ((uintptr_t(*)(void))resolver)();
}
