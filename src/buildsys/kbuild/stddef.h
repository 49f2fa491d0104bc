/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * <stddef.h> for libelfld inside a Linux kernel module (src/buildsys/elfld.kbuild).
 *
 * Kbuild compiles with -nostdinc, so the compiler's own <stddef.h> is out of reach, and
 * defining size_t, ptrdiff_t or NULL here would clash with the kernel's definitions in a
 * module that includes both <linux/...> headers and <elfld.h>.  The kernel's headers define
 * them: size_t and ptrdiff_t in <linux/types.h>, NULL and offsetof in <linux/stddef.h>.
 */
#ifndef ELFLD_KBUILD_STDDEF_H
#define ELFLD_KBUILD_STDDEF_H

#ifndef __KERNEL__
#error "src/buildsys/kbuild/ is for kernel builds (elfld.kbuild); use the compiler's headers"
#endif

#include <linux/types.h>
#include <linux/stddef.h>

#endif
