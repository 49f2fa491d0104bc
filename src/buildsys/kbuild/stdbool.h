/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * <stdbool.h> for libelfld inside a Linux kernel module (src/buildsys/elfld.kbuild).
 *
 * Kbuild compiles with -nostdinc.  The kernel has its own bool (a typedef of _Bool in
 * <linux/types.h>) and true/false (enum constants in <linux/stddef.h>); C's macros would
 * clash with them, so this takes the kernel's.  They differ from C's only in that true and
 * false are not usable in #if, which libelfld does not do.
 */
#ifndef ELFLD_KBUILD_STDBOOL_H
#define ELFLD_KBUILD_STDBOOL_H

#ifndef __KERNEL__
#error "src/buildsys/kbuild/ is for kernel builds (elfld.kbuild); use the compiler's headers"
#endif

#include <linux/types.h>
#include <linux/stddef.h>

#endif
