/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * 32-bit Arm backend: relocation table (AAELF32, table "Relocation codes") and the
 * appliers for the types that are not plain word stores.  Arm dynamic relocations are REL:
 * the addend is the value already at P.
 *
 * Interworking: the T bit in "(S + A) | T" needs no work here, because a Thumb function's
 * st_value already has bit 0 set (AAELF32 "Symbol values"), so S carries T.
 */
#include "../../src/core/backend.h"

#define R(kind, size, name) {ELFLD_RK_##kind, size, 0, name}
/* Link-time-only types: never in a dynamic table, named so a stray one is reported by name
 * (they go to the relocation hook like any unknown type). */
#define RS(name) {ELFLD_RK_UNKNOWN, 0, 0, name}

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [0] = R(NONE, 0, "R_ARM_NONE"),
    [1] = RS("R_ARM_PC24"),
    [2] = R(ABS, 4, "R_ARM_ABS32"),
    [3] = R(ARCH, 4, "R_ARM_REL32"),
    [10] = RS("R_ARM_THM_CALL"),
    [13] = R(TLS, 4, "R_ARM_TLS_DESC"),
    [17] = R(TLS, 4, "R_ARM_TLS_DTPMOD32"),
    [18] = R(TLS, 4, "R_ARM_TLS_DTPOFF32"),
    [19] = R(TLS, 4, "R_ARM_TLS_TPOFF32"),
    [20] = R(COPY, 0, "R_ARM_COPY"),
    [21] = R(GLOB_DAT, 4, "R_ARM_GLOB_DAT"),
    [22] = R(JUMP_SLOT, 4, "R_ARM_JUMP_SLOT"),
    [23] = R(RELATIVE, 4, "R_ARM_RELATIVE"),
    [24] = RS("R_ARM_GOTOFF32"),
    [25] = RS("R_ARM_BASE_PREL"),
    [26] = RS("R_ARM_GOT_BREL"),
    [28] = RS("R_ARM_CALL"),
    [29] = RS("R_ARM_JUMP24"),
    [30] = RS("R_ARM_THM_JUMP24"),
    [42] = RS("R_ARM_PREL31"),
    [43] = RS("R_ARM_MOVW_ABS_NC"),
    [44] = RS("R_ARM_MOVT_ABS"),
    [47] = RS("R_ARM_THM_MOVW_ABS_NC"),
    [48] = RS("R_ARM_THM_MOVT_ABS"),
    [90] = R(TLS, 4, "R_ARM_TLS_GOTDESC"),
    [91] = R(TLS, 4, "R_ARM_TLS_CALL"),
    [92] = R(TLS, 4, "R_ARM_TLS_DESCSEQ"),
    [93] = R(TLS, 4, "R_ARM_THM_TLS_CALL"),
    [104] = R(TLS, 4, "R_ARM_TLS_GD32"),
    [105] = R(TLS, 4, "R_ARM_TLS_LDM32"),
    [106] = R(TLS, 4, "R_ARM_TLS_LDO32"),
    [107] = R(TLS, 4, "R_ARM_TLS_IE32"),
    [108] = R(TLS, 4, "R_ARM_TLS_LE32"),
    [109] = R(TLS, 4, "R_ARM_TLS_LDO12"),
    [110] = R(TLS, 4, "R_ARM_TLS_LE12"),
    [111] = R(TLS, 4, "R_ARM_TLS_IE12GP"),
    [129] = R(TLS, 2, "R_ARM_THM_TLS_DESCSEQ16"),
    [130] = R(TLS, 4, "R_ARM_THM_TLS_DESCSEQ32"),
    [160] = R(IRELATIVE, 4, "R_ARM_IRELATIVE"),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)B;
    (void)Z;
    uint32_t a;
    if (rela) {
        a = (uint32_t)A;
    } else {
        __builtin_memcpy(&a, where, 4);    /* text relocations need not be aligned */
    }
    switch (type) {
    case 3: {                              /* REL32: ((S + A) | T) - P; T is in S */
        uint32_t v = (uint32_t)S + a - (uint32_t)(uintptr_t)where;
        __builtin_memcpy(where, &v, 4);    /* a 32-bit field cannot overflow */
        return 0;
    }
    default:
        return ELFLD_ERELTYPE;
    }
}

/* e_flags (AAELF32 "ELF header"): the EABI version in the top byte, and the float ABI. */
#define EF_ARM_EABIMASK 0xff000000u
#define EF_ARM_EABI_VER5 0x05000000u
#define EF_ARM_ABI_FLOAT_SOFT 0x200u
#define EF_ARM_ABI_FLOAT_HARD 0x400u

int elfld_arch_check_flags(uint32_t e_flags) {
    if ((e_flags & EF_ARM_EABIMASK) != EF_ARM_EABI_VER5)
        return ELFLD_EMACHINE;
    /* An image built for the other float ABI passes floating-point arguments in the wrong
     * registers.  Images with neither bit (linkers write none when no input used FP
     * arguments) are compatible with both. */
#ifdef __ARM_PCS_VFP
    const uint32_t wrong = EF_ARM_ABI_FLOAT_SOFT;
#else
    const uint32_t wrong = EF_ARM_ABI_FLOAT_HARD;
#endif
    if (e_flags & wrong)
        return ELFLD_EMACHINE;
    return 0;
}

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    /*
     * glibc passes Arm IFUNC resolvers the AT_HWCAP word.  The freestanding core does not
     * know it, so it passes 0 ("no optional features"): a resolver then picks its baseline
     * implementation, which is always safe.  The resolver may be Thumb (bit 0 set); the
     * compiler's indirect call (blx) switches state.
     */
    return ((uintptr_t(*)(unsigned long))resolver)(0);
}
