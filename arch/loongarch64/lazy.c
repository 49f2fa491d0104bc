/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 lazy binding setup.  laelf leaves JUMP_SLOT "implementation-defined"; the PLT
 * that GNU ld and LLD both emit (checked by disassembling LLD-linked objects) is:
 *
 *   PLT[N] (16 bytes):  pcaddu12i t3, %hi(slot) ; ld.d t3, t3, %lo(slot) ; jirl t1, t3, 0 ; nop
 *   PLT0   (32 bytes):  pcaddu12i t2, %hi(.got.plt)
 *                       sub.d     t1, t1, t3              # (PLT[N] + 12) - PLT0
 *                       ld.d      t3, t2, %lo(.got.plt)   # .got.plt[0]: resolver
 *                       addi.d    t1, t1, -(32 + 12)      # 16 * N
 *                       addi.d    t0, t2, %lo(.got.plt)
 *                       srli.d    t1, t1, 1               # 8 * N
 *                       ld.d      t0, t0, 8               # .got.plt[1]: link map
 *                       jirl      zero, t3, 0
 *
 * so the trampoline lives in .got.plt[0], the library in .got.plt[1], PLT[N]'s slot is
 * .got.plt[2 + N], and the trampoline gets t0 = library, t1 = 8 * N.  Unbound slots hold
 * PLT0's address (rebased by the core).
 */
#include "../../src/core/backend.h"
#include "reloc_types.h"

__attribute__((visibility("hidden"))) void elfld__loongarch64_lazy_entry(void);
__attribute__((visibility("hidden"))) uintptr_t
elfld__loongarch64_lazy_fixup(struct elfld_lib *lib, uintptr_t offset);

const uint32_t elfld_arch_pltgot_reserved = 2;

/*
 * Called by lazy.S with the library (t0) and the byte offset 8 * N of the slot past the two
 * reserved words (t1).  Slots are in JMPREL order in every linker's output, so N is the
 * JMPREL index; the record must name that slot in r_offset, otherwise we look for the record
 * that does.  A slot no record names becomes an index elfld__lazy_bind rejects (lazy_fail
 * hook or trap), never a wrong binding.
 */
uintptr_t elfld__loongarch64_lazy_fixup(struct elfld_lib *lib, uintptr_t offset) {
    const elf_rela *rel = (const elf_rela *)lib->jmprel;
    uintptr_t want = lib->pltgot - lib->base + 2 * ELF_WORD_SIZE + offset;   /* vaddr */
    size_t index = lib->njmprel;
    if (offset % ELF_WORD_SIZE == 0) {
        size_t guess = offset / ELF_WORD_SIZE;
        if (guess < lib->njmprel && rel[guess].r_offset == want &&
            ELF_R_TYPE(rel[guess].r_info) == R_LARCH_JUMP_SLOT)
            index = guess;
    }
    for (size_t i = 0; index == lib->njmprel && i < lib->njmprel; i++)
        if (rel[i].r_offset == want && ELF_R_TYPE(rel[i].r_info) == R_LARCH_JUMP_SLOT)
            index = i;
    return elfld__lazy_bind(lib, index);
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    if (!lib->jmprel_is_rela)             /* DT_PLTREL must be DT_RELA on LoongArch64 */
        return ELFLD_ENOTSUP;
    lib->arch_lazy.reserved = 0;
    pltgot[0] = (uintptr_t)&elfld__loongarch64_lazy_entry;
    pltgot[1] = (uintptr_t)lib;
    return 0;
}
