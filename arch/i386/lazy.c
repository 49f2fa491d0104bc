/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 lazy binding setup.  The PLT header pushes GOT[1] and jumps to GOT[2] (Intel386 psABI,
 * "Procedure Linkage Table"; PIC PLTs address the GOT through %ebx, non-PIC ones absolutely);
 * each PLT entry first pushes the byte offset of its record in DT_JMPREL.  We store the
 * library and our trampoline there, and find out once how much FP/vector state the
 * trampoline must save (fp_state.c).
 */
#include "../../src/core/backend.h"
#include "fp_state.h"

__attribute__((visibility("hidden"))) void elfld__i386_lazy_entry(void);
/* Called by lazy.S: turns the pushed byte offset into a record index. */
__attribute__((visibility("hidden"))) uintptr_t elfld__i386_lazy_bind(struct elfld_lib *lib,
                                                                       uint32_t offset);

const uint32_t elfld_arch_pltgot_reserved = 3;

uintptr_t elfld__i386_lazy_bind(struct elfld_lib *lib, uint32_t offset) {
    /* The PLT pushes index * sizeof(record): 8 for Elf32_Rel (what every i386 linker
     * emits), 12 if the image chose DT_PLTREL = DT_RELA.  A misaligned offset is made
     * out of range, so the core reports the failure instead of binding a wrong slot. */
    size_t entsize = lib->jmprel_is_rela ? sizeof(elf_rela) : sizeof(elf_rel);
    size_t index = offset % entsize ? (size_t)-1 : offset / entsize;
    return elfld__lazy_bind(lib, index);
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    elfld__arch_lazy_probe_once(lib, elfld__i386_probe_fp_state);
    pltgot[1] = (uintptr_t)lib;
    pltgot[2] = (uintptr_t)&elfld__i386_lazy_entry;
    return 0;
}
