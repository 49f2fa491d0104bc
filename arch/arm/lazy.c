/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Arm lazy binding setup.  The PLT header (AAELF32 "PLT sequences and usage models"; GNU ld
 * and lld emit the same register contract) does
 *     str lr, [sp, #-4]!  ;  lr = &GOT[0]  ;  ldr pc, [lr, #8]!
 * so it jumps to GOT[2] with lr = &GOT[2], and every PLT entry leaves ip addressing its own
 * PLTGOT slot.  We store the library in GOT[1] (read by lazy.S as [lr, #-4]) and our
 * trampoline in GOT[2]; GOT[0] stays the linker's (_DYNAMIC).
 */
#include "../../src/core/backend.h"

__attribute__((visibility("hidden"))) void elfld__arm_lazy_entry(void);
/* Called by lazy.S: turns the PLTGOT slot address into a JMPREL index. */
__attribute__((visibility("hidden"))) uintptr_t elfld__arm_lazy_bind(struct elfld_lib *lib,
                                                                      uintptr_t slot);

const uint32_t elfld_arch_pltgot_reserved = 3;

static uintptr_t jmprel_offset(const struct elfld_lib *lib, size_t i) {
    if (lib->jmprel_is_rela)
        return (uintptr_t)((const elf_rela *)lib->jmprel)[i].r_offset;
    return (uintptr_t)((const elf_rel *)lib->jmprel)[i].r_offset;
}

uintptr_t elfld__arm_lazy_bind(struct elfld_lib *lib, uintptr_t slot) {
    /*
     * Linkers lay the slots out in JMPREL order right after the three reserved words, so
     * (slot - &GOT[3]) / 4 is the index; check that the record really targets this slot and
     * otherwise search (a layout we do not know must not bind the wrong function).  A slot
     * no record names gets an out-of-range index: the core reports it.
     */
    uintptr_t vaddr = slot - lib->base;
    size_t guess = (size_t)((slot - (lib->pltgot + 3 * ELF_WORD_SIZE)) >> 2);   /* 4-byte slots */
    if (guess < lib->njmprel && jmprel_offset(lib, guess) == vaddr)
        return elfld__lazy_bind(lib, guess);
    for (size_t i = 0; i < lib->njmprel; i++)
        if (jmprel_offset(lib, i) == vaddr)
            return elfld__lazy_bind(lib, i);
    return elfld__lazy_bind(lib, (size_t)-1);
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    pltgot[1] = (uintptr_t)lib;
    pltgot[2] = (uintptr_t)&elfld__arm_lazy_entry;
    return 0;
}
