/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V lazy binding setup (riscv64 and riscv32).
 *
 * psABI "Procedure Linkage Table" (riscv-elf.adoc): DT_PLTGOT is the start of .got.plt, and
 *   .got.plt[0] is the resolver PLT0 jumps to (loaded into t3),
 *   .got.plt[1] is the "link map" PLT0 hands over in t0,
 * followed by one word per PLT entry, in DT_JMPREL order, each holding the address of PLT0
 * until bound.  A PLT entry calls its word with `jalr t1, t3`, so ra still holds the caller's
 * return address, and PLT0 turns t1 into the byte offset of the entry's .got.plt word past the
 * two reserved ones (entry index * XLEN/8).  The trampoline (lazy.S) divides it back into the
 * JMPREL index.
 */
#include "../../src/core/backend.h"
#include "reloc_types.h"

const uint32_t elfld_arch_pltgot_reserved = 2;

#if defined(__riscv_32e) || defined(__riscv_64e) || defined(__riscv_abi_rve)

/* The standard PLT uses t3 (x28), which the E base ISA does not have: PLT code cannot run on
 * an RVE build whether bound lazily or not, so do not pretend lazy binding works. */
int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    (void)lib;
    (void)pltgot;
    return ELFLD_ENOTSUP;
}

#else

__attribute__((visibility("hidden"))) void elfld__riscv_lazy_entry(void);

#define STO_RISCV_VARIANT_CC 0x80   /* psABI "Symbol Table" */

/*
 * psABI "Dynamic Linking": a function whose calling convention is not the standard one (it
 * takes arguments in vector registers) is marked STO_RISCV_VARIANT_CC, and the run-time
 * linker must bind it directly instead of going through a resolver that would have to save
 * the whole, variable-sized vector state.  So bind those slots now, as glibc does; a symbol
 * that cannot be found fails the load like an eager binding would.  An undefined weak one
 * (value 0) is left lazy, so a call reaches elfld__lazy_bind's failure path, not address 0.
 */
static int bind_variant_cc(struct elfld_lib *lib) {
    const elf_rela *rel = (const elf_rela *)lib->jmprel;
    for (size_t i = 0; i < lib->njmprel; i++) {
        uint32_t symidx = ELF_R_SYM(rel[i].r_info);
        if (ELF_R_TYPE(rel[i].r_info) != R_RISCV_JUMP_SLOT || symidx == STN_UNDEF ||
            symidx >= lib->nsyms || !(lib->symtab[symidx].st_other & STO_RISCV_VARIANT_CC))
            continue;
        struct elfld_err e = {.ctx = lib->ctx, .diag = NULL, .phase = ELFLD_PHASE_RELOC};
        struct elfld_def def;
        int rc = elfld__resolve(&e, lib, symidx, &def);
        if (rc) {
            elfld__log(lib->ctx, ELFLD_LOG_ERROR,
                       "%s: variant-CC function '%s' (bound at load) not found", lib->name,
                       elfld__sym_name(lib, symidx));
            return rc;
        }
        if (!def.value)
            continue;
        /* The slot was checked to be writable image memory when the driver rebased it. */
        elf_addr target = (elf_addr)(def.value + (uintptr_t)(intptr_t)rel[i].r_addend);
        __builtin_memcpy((void *)(lib->base + (uintptr_t)rel[i].r_offset), &target,
                         sizeof target);
    }
    return 0;
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    if (!lib->jmprel_is_rela)           /* DT_PLTREL is always DT_RELA on RISC-V */
        return ELFLD_ENOTSUP;
    int rc = bind_variant_cc(lib);
    if (rc)
        return rc;
    lib->arch_lazy.reserved = 0;
    pltgot[0] = (uintptr_t)&elfld__riscv_lazy_entry;
    pltgot[1] = (uintptr_t)lib;
    return 0;
}

#endif
