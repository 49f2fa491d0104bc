/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - AArch64 (LP64) constants for the core (see src/core/arch.h). */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 2          /* ELFCLASS64 (ILP32 "P32" objects are not supported) */
#define ELFLD_EM 183              /* EM_AARCH64 */
#define ELFLD_ARCH_NAME "aarch64"
#define ELFLD_ARCH_RELA 1         /* dynamic relocations carry explicit addends */

/*
 * Placed at offset 0 of every struct elfld_lib.  The AArch64 trampoline needs no per-library
 * data beyond the library pointer itself (the register state to save is fixed by AAPCS64 and
 * variant-PCS functions are bound eagerly, see lazy.c); one word is kept so the struct is
 * never empty.
 */
struct elfld_arch_lazy {
    uintptr_t reserved;
};

/* Thread-local storage (src/core/arch.h): variant I: TPIDR_EL0 points at the TCB (16 bytes), the first module after it. */
#define ELFLD_ARCH_DTV_OFFSET 0
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer). */
#define ELFLD_ARCH_READ_TP(tp_) __asm__("mrs %0, tpidr_el0" : "=r"(tp_))
/* Code a TLS descriptor resolver runs between its own register saves. */
#define ELFLD_ARCH_GENERAL_REGS_ONLY

#endif
