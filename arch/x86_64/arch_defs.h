/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - x86_64 constants for the core (see src/core/arch.h). */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 2          /* ELFCLASS64 */
#define ELFLD_EM 62               /* EM_X86_64 */
#define ELFLD_ARCH_NAME "x86_64"
#define ELFLD_ARCH_RELA 1         /* dynamic relocations carry explicit addends */
#define ELFLD_ARCH_SHN_LCOMMON 0xff02 /* SHN_X86_64_LCOMMON: COMMON symbols of the medium and
                                         large code models (psABI 4.1.1) */

/* Thread-local storage (src/core/arch.h): variant II; %fs:0 holds the thread pointer itself
 * (the TCB's self pointer, psABI "Thread-Local Storage"). */
#define ELFLD_ARCH_DTV_OFFSET 0
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer); not in the
 * fuzz harnesses, which build this backend's tables for another host. */
#ifndef ELFLD_FOREIGN_TABLES
#define ELFLD_ARCH_READ_TP(tp_) __asm__("movq %%fs:0, %0" : "=r"(tp_))
#endif
/* tls.S has __tls_get_addr and a descriptor resolver for cached modules (src/core/arch.h). */
#define ELFLD_ARCH_TLS_CACHED_ENTRIES 1
/* Code the descriptor resolver runs with vector registers live. */
#define ELFLD_ARCH_GENERAL_REGS_ONLY __attribute__((target("general-regs-only")))

/*
 * Read by lazy.S at offset 0 of the library pointer stored in GOT[1]; keep the layout in sync
 * with the offsets there.
 */
struct elfld_arch_lazy {
    uint32_t xsave_size;          /* bytes of the XSAVE area; 0: use FXSAVE (512 bytes) */
    uint32_t reserved;
    uint64_t xsave_mask;          /* XCR0 components to save (EDX:EAX of XSAVE) */
};

#endif
