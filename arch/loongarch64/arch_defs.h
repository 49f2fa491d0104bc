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

#endif
