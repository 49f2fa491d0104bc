/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - 32-bit Arm (AArch32, EABI5, little-endian) constants for the core. */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 1          /* ELFCLASS32 */
#define ELFLD_EM 40               /* EM_ARM */
#define ELFLD_ARCH_NAME "arm"
#define ELFLD_ARCH_RELA 0         /* dynamic relocations are REL: addends live in the place */

/*
 * At offset 0 of every struct elfld_lib.  The Arm trampoline needs no per-library data (it
 * saves a fixed register set), so this is one reserved word.
 */
struct elfld_arch_lazy {
    uint32_t reserved;
};

#endif
