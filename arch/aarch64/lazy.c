/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 lazy binding setup (sysvabi64, "Global Offset Table" and "Procedure Linkage Table").
 *
 * .got.plt[1] and [2] are reserved for the dynamic linker.  PLT[N] loads ip0 (x16) with the
 * address of its own .got.plt slot and branches to the slot's content, initially PLT[0].
 * PLT[0] pushes {ip0, lr}, sets ip0 = &.got.plt[2], ip1 (x17) = .got.plt[2] and does BR ip1.
 * So we store the library in .got.plt[1] (the trampoline reads it at [ip0, #-8]) and the
 * trampoline in .got.plt[2].  The JMPREL index is derived from the stacked slot address in C
 * below rather than in assembly, so it can be checked against the record's r_offset.
 */
#include "../../src/core/backend.h"

__attribute__((visibility("hidden"))) void elfld__aarch64_lazy_entry(void);
__attribute__((visibility("hidden"))) uintptr_t elfld__aarch64_lazy_fixup(struct elfld_lib *lib,
                                                                          uintptr_t slot);

const uint32_t elfld_arch_pltgot_reserved = 3;

#define STO_AARCH64_VARIANT_PCS 0x80u

/*
 * Called by lazy.S with the library and the address of the .got.plt slot PLT[N] used (the ip0
 * value PLT[0] stacked).  sysvabi64: "PLT[N] will be .got.plt[N + 3]" when the slots are in
 * JMPREL order, which every linker we know emits; the record must name that slot in r_offset,
 * otherwise we look for the record that does.  A slot no record names ends up as an index
 * elfld__lazy_bind rejects (lazy_fail hook or trap), never as a wrong binding.
 */
uintptr_t elfld__aarch64_lazy_fixup(struct elfld_lib *lib, uintptr_t slot) {
    const elf_rela *rel = (const elf_rela *)lib->jmprel;
    uintptr_t first = lib->pltgot + 3 * ELF_WORD_SIZE;
    uintptr_t want = slot - lib->base;          /* the slot's vaddr, as r_offset holds it */
    size_t index = lib->njmprel;
    if (slot >= first && (slot - first) % ELF_WORD_SIZE == 0) {
        size_t guess = (slot - first) / ELF_WORD_SIZE;
        if (guess < lib->njmprel && rel[guess].r_offset == want &&
            ELF_R_TYPE(rel[guess].r_info) == R_AARCH64_JUMP_SLOT)
            index = guess;
    }
    for (size_t i = 0; index == lib->njmprel && i < lib->njmprel; i++)
        if (rel[i].r_offset == want && ELF_R_TYPE(rel[i].r_info) == R_AARCH64_JUMP_SLOT)
            index = i;
    return elfld__lazy_bind(lib, index);
}

/*
 * aaelf64 "Processor specific st_other flags": code between a caller and a function marked
 * STO_AARCH64_VARIANT_PCS must preserve every register but ip0/ip1 and the flags (SVE z/p
 * registers, x9-x15, PSTATE.SM/ZA...).  The trampoline calls ordinary C code, which does not,
 * so such slots are bound now, as glibc does (DT_AARCH64_VARIANT_PCS).
 */
static int bind_variant_pcs_now(struct elfld_lib *lib) {
    const elf_rela *rel = (const elf_rela *)lib->jmprel;
    for (size_t i = 0; i < lib->njmprel; i++) {
        uint32_t symidx = ELF_R_SYM(rel[i].r_info);
        if (ELF_R_TYPE(rel[i].r_info) != R_AARCH64_JUMP_SLOT || symidx == STN_UNDEF ||
            symidx >= lib->nsyms || !(lib->symtab[symidx].st_other & STO_AARCH64_VARIANT_PCS))
            continue;
        struct elfld_err e = {.ctx = lib->ctx, .diag = NULL, .phase = ELFLD_PHASE_RELOC};
        struct elfld_def def;
        int rc = elfld__resolve(&e, lib, symidx, &def);
        if (rc) {
            elfld__log(lib->ctx, ELFLD_LOG_ERROR,
                       "libelfld: %s: variant-PCS function '%s' (bound at load) not found",
                       lib->name, elfld__sym_name(lib, symidx));
            return rc;
        }
        /* The driver validated and rebased this slot (a JUMP_SLOT in the writable image). */
        elf_addr target = (elf_addr)(def.value + (uintptr_t)rel[i].r_addend);
        __builtin_memcpy((void *)(lib->base + (uintptr_t)rel[i].r_offset), &target, sizeof target);
    }
    return 0;
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    if (!lib->jmprel_is_rela)             /* DT_PLTREL must be DT_RELA on AArch64 LP64 */
        return ELFLD_ENOTSUP;
    int rc = bind_variant_pcs_now(lib);
    if (rc)
        return rc;
    lib->arch_lazy.reserved = 0;
    pltgot[1] = (uintptr_t)lib;
    pltgot[2] = (uintptr_t)&elfld__aarch64_lazy_entry;
    return 0;
}
