/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * <stdarg.h> for libelfld inside a Linux kernel module (src/buildsys/elfld.kbuild).
 *
 * Kbuild compiles with -nostdinc; the kernel's <linux/stdarg.h> (Linux 5.15 and later)
 * defines va_list and va_start/va_arg/va_end/va_copy over the compiler's builtins, as the
 * compiler's own <stdarg.h> does.
 */
#ifndef ELFLD_KBUILD_STDARG_H
#define ELFLD_KBUILD_STDARG_H

#ifndef __KERNEL__
#error "src/buildsys/kbuild/ is for kernel builds (elfld.kbuild); use the compiler's headers"
#endif

#include <linux/stdarg.h>

#endif
