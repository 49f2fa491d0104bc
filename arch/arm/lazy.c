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
#include "reloc_types.h"

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

#if !defined(__ARM_ARCH_PROFILE) || __ARM_ARCH_PROFILE != 'M'
int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    pltgot[1] = (uintptr_t)lib;
    pltgot[2] = (uintptr_t)&elfld__arm_lazy_entry;
    return 0;
}
#else
/*
 * M-profile cores (ARMv7-M, ARMv8-M Mainline: Thumb only) get a Thumb-2 PLT whose header,
 * `push {lr}; ldr.w lr, [pc, #8]; add lr, pc; ldr.w pc, [lr, #8]!`, should leave lr = &GOT[2]
 * and enter GOT[2] as the Arm one does.  Neither linker here gets its literal right: GNU ld
 * 2.40 writes &GOT[0] minus the literal's own address, but `add lr, pc` adds the add's
 * address + 4, two bytes less, so lr ends at &GOT[0] - 2 and pc is loaded from the unaligned
 * &GOT[0] + 6; LLD 19 lands at &GOT[0] - 6 and leaves the slots' initial values without the
 * Thumb bit.  No lazy call gets through such a header, so every PLT slot is bound now, as
 * with ELFLD_NOW (a function that cannot be found fails the load).  lazy.S still assembles,
 * in Thumb-2, for a header that keeps the contract.
 */
static int bind_slots_now(struct elfld_lib *lib, const void *table, size_t n, bool rela) {
    for (size_t i = 0; i < n; i++) {
        uintptr_t offset, info;
        if (rela) {
            offset = (uintptr_t)((const elf_rela *)table)[i].r_offset;
            info = (uintptr_t)((const elf_rela *)table)[i].r_info;
        } else {
            offset = (uintptr_t)((const elf_rel *)table)[i].r_offset;
            info = (uintptr_t)((const elf_rel *)table)[i].r_info;
        }
        if (ELF_R_TYPE(info) != R_ARM_JUMP_SLOT)
            continue;
        /* The driver checked the symbol index and rebased this slot (a JUMP_SLOT in the
         * writable image) before asking for lazy binding. */
        uint32_t symidx = ELF_R_SYM(info);
        struct elfld_err e = {.ctx = lib->ctx, .diag = NULL, .phase = ELFLD_PHASE_RELOC};
        struct elfld_def def;
        int rc = elfld__resolve(&e, lib, symidx, &def);
        if (rc) {
            elfld__log(lib->ctx, ELFLD_LOG_ERROR,
                       "libelfld: %s: function '%s' (bound at load: Thumb-only PLT) not found",
                       lib->name, elfld__sym_name(lib, symidx));
            return rc;
        }
        elf_addr target = (elf_addr)def.value;   /* REL: the place held no addend, the PLT */
        __builtin_memcpy((void *)(lib->base + offset), &target, sizeof target);
    }
    return 0;
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    (void)pltgot;
    int rc = bind_slots_now(lib, lib->rel, lib->nrel, false);
    if (!rc)
        rc = bind_slots_now(lib, lib->rela, lib->nrela, true);
    if (!rc)
        rc = bind_slots_now(lib, lib->jmprel, lib->njmprel, lib->jmprel_is_rela);
    return rc;
}
#endif
