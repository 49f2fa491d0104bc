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
#include "reloc_types.h"

/* The entry for `type` (written as its R_ARM_* name, which becomes the entry's name string). */
#define R(kind, size, type) {ELFLD_RK_##kind, size, 0, #type}
/* Link-time-only types: never in a dynamic table, named so a stray one is reported by name
 * (they go to the relocation hook like any unknown type). */
#define RS(type) {ELFLD_RK_UNKNOWN, 0, 0, #type}

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [R_ARM_NONE] = R(NONE, 0, R_ARM_NONE),
    [R_ARM_PC24] = RS(R_ARM_PC24),
    [R_ARM_ABS32] = R(ABS, 4, R_ARM_ABS32),
    [R_ARM_REL32] = R(ARCH, 4, R_ARM_REL32),
    [R_ARM_THM_CALL] = RS(R_ARM_THM_CALL),
    [R_ARM_TLS_DESC] = R(TLSDESC, 8, R_ARM_TLS_DESC),
    [R_ARM_TLS_DTPMOD32] = R(DTPMOD, 4, R_ARM_TLS_DTPMOD32),
    [R_ARM_TLS_DTPOFF32] = R(DTPOFF, 4, R_ARM_TLS_DTPOFF32),
    [R_ARM_TLS_TPOFF32] = R(TPOFF, 4, R_ARM_TLS_TPOFF32),
    [R_ARM_COPY] = R(COPY, 0, R_ARM_COPY),
    [R_ARM_GLOB_DAT] = R(GLOB_DAT, 4, R_ARM_GLOB_DAT),
    [R_ARM_JUMP_SLOT] = R(JUMP_SLOT, 4, R_ARM_JUMP_SLOT),
    [R_ARM_RELATIVE] = R(RELATIVE, 4, R_ARM_RELATIVE),
    [R_ARM_GOTOFF32] = RS(R_ARM_GOTOFF32),
    [R_ARM_BASE_PREL] = RS(R_ARM_BASE_PREL),
    [R_ARM_GOT_BREL] = RS(R_ARM_GOT_BREL),
    [R_ARM_CALL] = RS(R_ARM_CALL),
    [R_ARM_JUMP24] = RS(R_ARM_JUMP24),
    [R_ARM_THM_JUMP24] = RS(R_ARM_THM_JUMP24),
    [R_ARM_PREL31] = RS(R_ARM_PREL31),
    [R_ARM_MOVW_ABS_NC] = RS(R_ARM_MOVW_ABS_NC),
    [R_ARM_MOVT_ABS] = RS(R_ARM_MOVT_ABS),
    [R_ARM_THM_MOVW_ABS_NC] = RS(R_ARM_THM_MOVW_ABS_NC),
    [R_ARM_THM_MOVT_ABS] = RS(R_ARM_THM_MOVT_ABS),
    [R_ARM_TLS_GOTDESC] = R(TLS, 4, R_ARM_TLS_GOTDESC),
    [R_ARM_TLS_CALL] = R(TLS, 4, R_ARM_TLS_CALL),
    [R_ARM_TLS_DESCSEQ] = R(TLS, 4, R_ARM_TLS_DESCSEQ),
    [R_ARM_THM_TLS_CALL] = R(TLS, 4, R_ARM_THM_TLS_CALL),
    [R_ARM_TLS_GD32] = R(TLS, 4, R_ARM_TLS_GD32),
    [R_ARM_TLS_LDM32] = R(TLS, 4, R_ARM_TLS_LDM32),
    [R_ARM_TLS_LDO32] = R(TLS, 4, R_ARM_TLS_LDO32),
    [R_ARM_TLS_IE32] = R(TLS, 4, R_ARM_TLS_IE32),
    [R_ARM_TLS_LE32] = R(TLS, 4, R_ARM_TLS_LE32),
    [R_ARM_TLS_LDO12] = R(TLS, 4, R_ARM_TLS_LDO12),
    [R_ARM_TLS_LE12] = R(TLS, 4, R_ARM_TLS_LE12),
    [R_ARM_TLS_IE12GP] = R(TLS, 4, R_ARM_TLS_IE12GP),
    [R_ARM_THM_TLS_DESCSEQ16] = R(TLS, 2, R_ARM_THM_TLS_DESCSEQ16),
    [R_ARM_THM_TLS_DESCSEQ32] = R(TLS, 4, R_ARM_THM_TLS_DESCSEQ32),
    [R_ARM_IRELATIVE] = R(IRELATIVE, 4, R_ARM_IRELATIVE),
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
    case R_ARM_REL32: {                    /* ((S + A) | T) - P; T is in S */
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
