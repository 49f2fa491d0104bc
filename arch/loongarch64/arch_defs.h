/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - LoongArch64 (LP64) constants for the core (see src/core/arch.h). */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 2          /* ELFCLASS64: the lp64* ABIs */
#define ELFLD_EM 258              /* EM_LOONGARCH */
#define ELFLD_ARCH_NAME "loongarch64"
#define ELFLD_ARCH_RELA 1         /* dynamic relocations carry explicit addends */

/*
 * Placed at offset 0 of every struct elfld_lib.  The trampoline needs nothing per library
 * beyond the library pointer (the register set to save is fixed by the build's ABI); one
 * word is kept so the struct is never empty.
 */
struct elfld_arch_lazy {
    uintptr_t reserved;
};

/* Thread-local storage (src/core/arch.h): variant I: $tp points just past the TCB. */
#define ELFLD_ARCH_DTV_OFFSET 0
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer); not in the
 * fuzz harnesses, which build this backend's tables for another host. */
#ifndef ELFLD_FOREIGN_TABLES
#define ELFLD_ARCH_READ_TP(tp_) __asm__("move %0, $tp" : "=r"(tp_))
#endif
/* Code a TLS descriptor resolver runs between its own register saves. */
#define ELFLD_ARCH_GENERAL_REGS_ONLY

#endif
