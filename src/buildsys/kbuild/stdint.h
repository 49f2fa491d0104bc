/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * <stdint.h> for libelfld inside a Linux kernel module (src/buildsys/elfld.kbuild).
 *
 * Kbuild compiles with -nostdinc, so the compiler's own <stdint.h> is out of reach, and its
 * typedefs would clash with the kernel's in a module that includes both <linux/...> headers
 * and <elfld.h>.  The kernel's <linux/types.h> has int8_t..int64_t, uint8_t..uint64_t and
 * uintptr_t; <linux/limits.h> has SIZE_MAX and UINTPTR_MAX (a plain constant, which
 * libelfld tests in #if).  What the kernel lacks is defined here: intptr_t (long has the
 * width of a pointer on every Linux arch), and the exact-width limits as C defines them:
 * plain constants, usable in #if, where the kernel's S32_MIN, U16_MAX ... are casts.
 */
#ifndef ELFLD_KBUILD_STDINT_H
#define ELFLD_KBUILD_STDINT_H

#ifndef __KERNEL__
#error "src/buildsys/kbuild/ is for kernel builds (elfld.kbuild); use the compiler's headers"
#endif

#include <linux/types.h>
#include <linux/limits.h>

typedef long intptr_t;

#define INT8_MIN    (-128)
#define INT8_MAX    127
#define UINT8_MAX   255
#define INT16_MIN   (-32767 - 1)
#define INT16_MAX   32767
#define UINT16_MAX  65535
#define INT32_MIN   (-2147483647 - 1)
#define INT32_MAX   2147483647
#define UINT32_MAX  4294967295U
#define INT64_MIN   (-9223372036854775807LL - 1)
#define INT64_MAX   9223372036854775807LL
#define UINT64_MAX  18446744073709551615ULL
#define INTPTR_MIN  LONG_MIN
#define INTPTR_MAX  LONG_MAX

#endif
