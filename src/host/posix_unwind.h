/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_unwind.h - loaded code's frame tables registered with the process's unwinders
 * (posix_unwind.c).
 */
#ifndef ELFLD_POSIX_UNWIND_H
#define ELFLD_POSIX_UNWIND_H

#include <stdint.h>
#include "elfld/host.h"

#pragma GCC visibility push(hidden)
/* Called by the POSIX host's image_ready / image_going (posix_tools.c). */
void elfld__px_unwind_ready(const struct elfld_image_info *info);
void elfld__px_unwind_going(const struct elfld_image_info *info);
/* The ARM EHABI index of the loaded image holding pc, or 0 (*count: its entries). */
uintptr_t elfld__px_find_exidx(uintptr_t pc, int *count);
/* The system loader's images added plus removed since the program started (posix.c): a
 * change means a dlopen or dlclose has mapped or unmapped something. */
unsigned long long elfld__px_images_generation(void);
#pragma GCC visibility pop

#if defined(__ARM_EABI__) && !defined(__ARM_DWARF_EH__)
/* The EHABI's lookup, defined for the whole process: the loaded images, then glibc's. */
__attribute__((visibility("default"))) uintptr_t __gnu_Unwind_Find_exidx(uintptr_t pc,
                                                                         int *count);
#endif

#endif /* ELFLD_POSIX_UNWIND_H */
