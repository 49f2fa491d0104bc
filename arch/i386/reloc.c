/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 backend: relocation table (Intel386 psABI, "Relocation Types" table, plus the TLS,
 * SIZE32, IRELATIVE and GOT32X additions) and the appliers for the types that are not plain
 * word stores.  i386 dynamic relocations are REL: the addend is the value already at P.
 */
#include "../../src/core/backend.h"

#define R(kind, size, name) {ELFLD_RK_##kind, size, 0, name}
#define RZ(size, name) {ELFLD_RK_ARCH, size, ELFLD_RF_SYMSIZE, name}
/* Types no linker leaves in a dynamic table (GNU ld resolves even R_386_16 / R_386_8 against
 * undefined symbols statically, and glibc does not apply them), named so a stray one is
 * reported by name; like any unknown type they go to the relocation hook. */
#define RS(name) {ELFLD_RK_UNKNOWN, 0, 0, name}

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [0] = R(NONE, 0, "R_386_NONE"),
    [1] = R(ABS, 4, "R_386_32"),
    [2] = R(ARCH, 4, "R_386_PC32"),
    [3] = RS("R_386_GOT32"),
    [4] = RS("R_386_PLT32"),
    [5] = R(COPY, 0, "R_386_COPY"),
    [6] = R(GLOB_DAT, 4, "R_386_GLOB_DAT"),
    [7] = R(JUMP_SLOT, 4, "R_386_JMP_SLOT"),
    [8] = R(RELATIVE, 4, "R_386_RELATIVE"),
    [9] = RS("R_386_GOTOFF"),
    [10] = RS("R_386_GOTPC"),
    [11] = RS("R_386_32PLT"),
    [14] = R(TLS, 4, "R_386_TLS_TPOFF"),
    [15] = R(TLS, 4, "R_386_TLS_IE"),
    [16] = R(TLS, 4, "R_386_TLS_GOTIE"),
    [17] = R(TLS, 4, "R_386_TLS_LE"),
    [18] = R(TLS, 4, "R_386_TLS_GD"),
    [19] = R(TLS, 4, "R_386_TLS_LDM"),
    [20] = RS("R_386_16"),
    [21] = RS("R_386_PC16"),
    [22] = RS("R_386_8"),
    [23] = RS("R_386_PC8"),
    [24] = R(TLS, 4, "R_386_TLS_GD_32"),
    [25] = R(TLS, 4, "R_386_TLS_GD_PUSH"),
    [26] = R(TLS, 4, "R_386_TLS_GD_CALL"),
    [27] = R(TLS, 4, "R_386_TLS_GD_POP"),
    [28] = R(TLS, 4, "R_386_TLS_LDM_32"),
    [29] = R(TLS, 4, "R_386_TLS_LDM_PUSH"),
    [30] = R(TLS, 4, "R_386_TLS_LDM_CALL"),
    [31] = R(TLS, 4, "R_386_TLS_LDM_POP"),
    [32] = R(TLS, 4, "R_386_TLS_LDO_32"),
    [33] = R(TLS, 4, "R_386_TLS_IE_32"),
    [34] = R(TLS, 4, "R_386_TLS_LE_32"),
    [35] = R(TLS, 4, "R_386_TLS_DTPMOD32"),
    [36] = R(TLS, 4, "R_386_TLS_DTPOFF32"),
    [37] = R(TLS, 4, "R_386_TLS_TPOFF32"),
    [38] = RZ(4, "R_386_SIZE32"),
    [39] = R(TLS, 4, "R_386_TLS_GOTDESC"),
    [40] = R(TLS, 0, "R_386_TLS_DESC_CALL"),
    [41] = R(TLS, 8, "R_386_TLS_DESC"),
    [42] = R(IRELATIVE, 4, "R_386_IRELATIVE"),
    [43] = RS("R_386_GOT32X"),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)B;
    /* REL: the addend is the word at P (text relocations need not be aligned).  An image with
     * DT_RELA (legal on i386, though no toolchain emits it) carries it explicitly.  32-bit
     * fields in a 32-bit address space cannot overflow. */
    uint32_t a, v;
    if (rela)
        a = (uint32_t)A;
    else
        __builtin_memcpy(&a, where, 4);
    switch (type) {
    case 2:  v = (uint32_t)S + a - (uint32_t)(uintptr_t)where; break;   /* PC32: S + A - P */
    case 38: v = (uint32_t)Z + a; break;                                 /* SIZE32: Z + A */
    default: return ELFLD_ERELTYPE;
    }
    __builtin_memcpy(where, &v, 4);
    return 0;
}

int elfld_arch_check_flags(uint32_t e_flags) {
    (void)e_flags; /* the Intel386 psABI defines no e_flags */
    return 0;
}

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    /* x86 IFUNC resolvers take no arguments (they query cpuid themselves). */
    return ((uintptr_t(*)(void))resolver)();
}
