/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 backend: dynamic relocation table and the appliers for the types that are not
 * plain word stores.  Source: "ELF for the LoongArch Architecture" (la-abi-specs laelf.adoc),
 * sections "e_flags: identifies ABI type and version" and "Relocation types" (codes 0-14 are
 * the run-time ones).  All LP64 dynamic relocations are RELA.  LoongArch has no GLOB_DAT:
 * GOT entries that need a symbol carry R_LARCH_64.
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"
#include "../common/riscv_like.h"   /* R(): table rows named by their type */
#include "reloc_types.h"

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [R_LARCH_NONE] = R(NONE, 0, R_LARCH_NONE),
    [R_LARCH_32] = R(ARCH, 4, R_LARCH_32),                   /* *(int32_t *)PC = S + A */
    [R_LARCH_64] = R(ABS, 8, R_LARCH_64),                    /* *(int64_t *)PC = S + A */
    [R_LARCH_RELATIVE] = R(RELATIVE, 8, R_LARCH_RELATIVE),   /* B + A */
    [R_LARCH_COPY] = R(COPY, 0, R_LARCH_COPY),
    [R_LARCH_JUMP_SLOT] = R(JUMP_SLOT, 8, R_LARCH_JUMP_SLOT), /* S + A, as glibc and musl apply it */
    [R_LARCH_TLS_DTPMOD32] = R(TLS, 4, R_LARCH_TLS_DTPMOD32),
    [R_LARCH_TLS_DTPMOD64] = R(DTPMOD, 8, R_LARCH_TLS_DTPMOD64),
    [R_LARCH_TLS_DTPREL32] = R(TLS, 4, R_LARCH_TLS_DTPREL32),
    [R_LARCH_TLS_DTPREL64] = R(DTPOFF, 8, R_LARCH_TLS_DTPREL64),
    [R_LARCH_TLS_TPREL32] = R(TLS, 4, R_LARCH_TLS_TPREL32),
    [R_LARCH_TLS_TPREL64] = R(TPOFF, 8, R_LARCH_TLS_TPREL64),
    [R_LARCH_IRELATIVE] = R(IRELATIVE, 8, R_LARCH_IRELATIVE), /* ((void *(*)())(B + A))() */
    [R_LARCH_TLS_DESC32] = R(TLS, 8, R_LARCH_TLS_DESC32),
    [R_LARCH_TLS_DESC64] = R(TLSDESC, 16, R_LARCH_TLS_DESC64),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)rela; /* always RELA on LoongArch64 */
    (void)B;
    (void)Z;
    if (type != R_LARCH_32)
        return ELFLD_ERELTYPE;
    /* R_LARCH_32 in an ELF64 object: the value must survive the 32-bit store.  The field is
     * used both sign- and zero-extended, so accept -2^31 <= X < 2^32 (as aaelf64 ABS32). */
    return elfld__put_checked(where, S + (uint64_t)A, 4, ELFLD_FIELD_BITFIELD) ? 0 : ELFLD_ERANGE;
}

/* laelf "e_flags": [2:0] base ABI modifier, [5:3] ABI extension, [7:6] ABI version. */
#define EF_LARCH_ABI_MODIFIER_MASK 0x7u
#define EF_LARCH_ABI_EXT_MASK 0x38u
#define EF_LARCH_OBJABI_MASK 0xc0u

#if defined(__loongarch_double_float)
#define BUILD_ABI_MODIFIER 0x3u   /* lp64d: 64-bit FPRs carry FP arguments */
#elif defined(__loongarch_single_float)
#define BUILD_ABI_MODIFIER 0x2u   /* lp64f */
#elif defined(__loongarch_soft_float)
#define BUILD_ABI_MODIFIER 0x1u   /* lp64s: no FP argument registers */
#else
#error "unknown LoongArch floating-point ABI"
#endif

int elfld_arch_check_flags(uint32_t e_flags) {
    /* The base ABI modifier decides how FP arguments are passed: it must be the build's, or
     * calls between the image and the host would disagree on where arguments are. */
    if ((e_flags & EF_LARCH_ABI_MODIFIER_MASK) != BUILD_ABI_MODIFIER)
        return ELFLD_EMACHINE;
    /* Only the "base" extension (0) is defined; other values are reserved. */
    if (e_flags & EF_LARCH_ABI_EXT_MASK)
        return ELFLD_EMACHINE;
    /* ABI version v0 (stack-operand relocations) and v1 only differ in static relocation
     * types, which never reach a loaded image; 2 and 3 are reserved. */
    if (((e_flags & EF_LARCH_OBJABI_MASK) >> 6) > 1)
        return ELFLD_EMACHINE;
    /* Bits 31:8 are reserved. */
    return (e_flags & ~0xffu) ? ELFLD_EMACHINE : 0;
}

/*
 * laelf gives IRELATIVE as "(B + A)()", no arguments.  glibc (sysdeps/loongarch dl-irel.h)
 * now passes one: a pointer to {size_t _size; uint64_t _hwcap} (sys/ifunc.h).  The
 * freestanding core knows no AT_HWCAP, so we pass the buffer with hwcap 0 ("no optional
 * features": resolvers pick their baseline code); resolvers written for no argument simply
 * ignore the register.
 */
struct ifunc_arg {
    uint64_t size;
    uint64_t hwcap;
};

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    struct ifunc_arg arg = {sizeof arg, 0};
    return ((uintptr_t(*)(const struct ifunc_arg *))resolver)(&arg);
}
