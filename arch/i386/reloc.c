/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 backend: relocation table (Intel386 psABI, "Relocation Types" table, plus the TLS,
 * SIZE32, IRELATIVE and GOT32X additions) and the appliers for the types that are not plain
 * word stores.  i386 dynamic relocations are REL: the addend is the value already at P.
 */
#include "../../src/core/backend.h"
#include "../common/x86_common.h"
#include "reloc_types.h"

/* Types no linker leaves in a dynamic table (GNU ld resolves even R_386_16 / R_386_8 against
 * undefined symbols statically, and glibc does not apply them), named so a stray one is
 * reported by name; like any unknown type they go to the relocation hook. */
#define RS(type) {ELFLD_RK_UNKNOWN, 0, 0, #type}

/* Indexed by relocation type.  Gaps are zero (= unknown). */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [R_386_NONE] = R(NONE, 0, R_386_NONE),
    [R_386_32] = R(ABS, 4, R_386_32),
    [R_386_PC32] = R(ARCH, 4, R_386_PC32),
    [R_386_GOT32] = RS(R_386_GOT32),
    [R_386_PLT32] = RS(R_386_PLT32),
    [R_386_COPY] = R(COPY, 0, R_386_COPY),
    [R_386_GLOB_DAT] = R(GLOB_DAT, 4, R_386_GLOB_DAT),
    [R_386_JMP_SLOT] = R(JUMP_SLOT, 4, R_386_JMP_SLOT),
    [R_386_RELATIVE] = R(RELATIVE, 4, R_386_RELATIVE),
    [R_386_GOTOFF] = RS(R_386_GOTOFF),
    [R_386_GOTPC] = RS(R_386_GOTPC),
    [R_386_32PLT] = RS(R_386_32PLT),
    [R_386_TLS_TPOFF] = R(TPOFF, 4, R_386_TLS_TPOFF),
    [R_386_TLS_IE] = R(TLS, 4, R_386_TLS_IE),
    [R_386_TLS_GOTIE] = R(TLS, 4, R_386_TLS_GOTIE),
    [R_386_TLS_LE] = R(TLS, 4, R_386_TLS_LE),
    [R_386_TLS_GD] = R(TLS, 4, R_386_TLS_GD),
    [R_386_TLS_LDM] = R(TLS, 4, R_386_TLS_LDM),
    [R_386_16] = RS(R_386_16),
    [R_386_PC16] = RS(R_386_PC16),
    [R_386_8] = RS(R_386_8),
    [R_386_PC8] = RS(R_386_PC8),
    [R_386_TLS_GD_32] = R(TLS, 4, R_386_TLS_GD_32),
    [R_386_TLS_GD_PUSH] = R(TLS, 4, R_386_TLS_GD_PUSH),
    [R_386_TLS_GD_CALL] = R(TLS, 4, R_386_TLS_GD_CALL),
    [R_386_TLS_GD_POP] = R(TLS, 4, R_386_TLS_GD_POP),
    [R_386_TLS_LDM_32] = R(TLS, 4, R_386_TLS_LDM_32),
    [R_386_TLS_LDM_PUSH] = R(TLS, 4, R_386_TLS_LDM_PUSH),
    [R_386_TLS_LDM_CALL] = R(TLS, 4, R_386_TLS_LDM_CALL),
    [R_386_TLS_LDM_POP] = R(TLS, 4, R_386_TLS_LDM_POP),
    [R_386_TLS_LDO_32] = R(TLS, 4, R_386_TLS_LDO_32),
    [R_386_TLS_IE_32] = R(TLS, 4, R_386_TLS_IE_32),
    [R_386_TLS_LE_32] = R(TLS, 4, R_386_TLS_LE_32),
    [R_386_TLS_DTPMOD32] = R(DTPMOD, 4, R_386_TLS_DTPMOD32),
    [R_386_TLS_DTPOFF32] = R(DTPOFF, 4, R_386_TLS_DTPOFF32),
    [R_386_TLS_TPOFF32] = R(TPOFF_NEG, 4, R_386_TLS_TPOFF32),
    [R_386_SIZE32] = RZ(4, R_386_SIZE32),
    [R_386_TLS_GOTDESC] = R(TLS, 4, R_386_TLS_GOTDESC),
    [R_386_TLS_DESC_CALL] = R(TLS, 0, R_386_TLS_DESC_CALL),
    [R_386_TLS_DESC] = R(TLSDESC, 8, R_386_TLS_DESC),
    [R_386_IRELATIVE] = R(IRELATIVE, 4, R_386_IRELATIVE),
    [R_386_GOT32X] = RS(R_386_GOT32X),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

/* Store a 32-bit result at P.  32-bit fields in a 32-bit address space cannot overflow: the
 * value is taken modulo 2^32 like every address (hence no check). */
static int word32(void *where, uint32_t v) {
    return elfld__x86_store(where, v, 4, ELFLD_FIELD_ANY);
}

/*
 * The ELFLD_RK_ARCH types, formulas from the psABI's table (S symbol, A addend, P place,
 * Z symbol size), modulo 2^32.  REL: the addend is the word at P (text relocations need not be
 * aligned).  An image with DT_RELA (legal on i386, though no toolchain emits it) carries it
 * explicitly.
 */
int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)B;
    const uint32_t a = rela ? (uint32_t)A : (uint32_t)elfld__get_le(where, 4);
    const uint32_t P = (uint32_t)(uintptr_t)where;
    switch (type) {
    case R_386_PC32:   return word32(where, (uint32_t)S + a - P);   /* S + A - P */
    case R_386_SIZE32: return word32(where, (uint32_t)Z + a);       /* Z + A */
    default:           return ELFLD_ERELTYPE;
    }
}

int elfld_arch_check_flags(uint32_t e_flags) {
    (void)e_flags; /* the Intel386 psABI defines no e_flags */
    return 0;
}

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    /* x86 IFUNC resolvers take no arguments (they query cpuid themselves). */
    return ((uintptr_t(*)(void))resolver)();
}
