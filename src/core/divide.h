/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * divide.h - division by values known only at run time, and the GNU hash bucket's remainder
 * without a divide (divide.c: the software division some cores need).
 */
#ifndef ELFLD_CORE_DIVIDE_H
#define ELFLD_CORE_DIVIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch_defs.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/*
 * Division by a value known only at run time.  Cores without a divide instruction (ARMv7-A
 * without IDIV) would otherwise call the compiler runtime (__aeabi_uidivmod), which a
 * freestanding libelfld.a must not depend on: their backend sets ELFLD_ARCH_SOFT_DIV and the
 * core divides in software.
 */
#ifdef ELFLD_ARCH_SOFT_DIV
uintptr_t elfld__soft_udivmod(uintptr_t n, uintptr_t d, uintptr_t *rem);
static inline uintptr_t elfld__udiv(uintptr_t n, uintptr_t d) {
    uintptr_t r;
    return elfld__soft_udivmod(n, d, &r);
}
static inline uintptr_t elfld__umod(uintptr_t n, uintptr_t d) {
    uintptr_t r;
    elfld__soft_udivmod(n, d, &r);
    return r;
}
#else
static inline uintptr_t elfld__udiv(uintptr_t n, uintptr_t d) { return n / d; }
static inline uintptr_t elfld__umod(uintptr_t n, uintptr_t d) { return n % d; }
#endif

/*
 * h % d for the GNU hash bucket, the one division on every lookup.  Where the compiler has
 * 128-bit multiplication it is done as two multiplies with a constant set up once per library
 * (Lemire's "faster remainder by direct computation"): a hardware divide costs 20-40 cycles,
 * a good part of a lookup.
 */
#if defined(__SIZEOF_INT128__)
static inline uint64_t elfld__bucket_magic(uint32_t d) { return UINT64_MAX / d + 1; }
static inline uint32_t elfld__bucket_of(uint32_t h, uint32_t d, uint64_t magic) {
    uint64_t low = magic * h;
    return (uint32_t)(((unsigned __int128)low * d) >> 64);
}
#else
static inline uint64_t elfld__bucket_magic(uint32_t d) { (void)d; return 0; }
static inline uint32_t elfld__bucket_of(uint32_t h, uint32_t d, uint64_t magic) {
    (void)magic;
    return (uint32_t)elfld__umod(h, d);
}
#endif

#pragma GCC visibility pop

#endif /* ELFLD_CORE_DIVIDE_H */
