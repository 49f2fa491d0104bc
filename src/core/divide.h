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
 * n / d where d divides n exactly (a count of table entries from a byte distance, a pointer
 * difference): the odd part of d has an inverse modulo 2^bits, so the quotient is n shifted
 * by d's trailing zeros times that inverse - multiplies only, whatever the core and the
 * optimisation level (a pointer difference of 12-byte records compiles to a runtime division
 * call at -O0 on cores without a divide instruction).  Newton's iteration doubles the correct
 * low bits of the inverse each step: 3, 6, 12, 24, 48, 96; with a constant d the compiler
 * folds it all into one multiply.
 */
static inline size_t elfld__exact_udiv(size_t n, size_t d) {
    while (!(d & 1)) {                /* (a loop, not ctz: some cores would call a runtime) */
        d >>= 1;
        n >>= 1;
    }
    size_t odd = d, inv = odd;
    for (int step = 0; step < 5; step++)
        inv *= 2 - odd * inv;
    return n * inv;
}

/* The index of entry p of the table starting at first, entries of `size` bytes. */
#define ELFLD_INDEX_OF(p, first, size) \
    elfld__exact_udiv((size_t)((const char *)(p) - (const char *)(first)), (size))

/*
 * n / 10 and n % 10 by shifts and adds (Hacker's Delight, "Unsigned Division by 10"): the
 * quotient's estimate n * 0.8 / 8, built from shifted sums, is low by at most one, which the
 * remainder corrects.  Compilers turn a constant division into a multiply at -O2 but call
 * their runtime (__aeabi_uidivmod) at -Os on cores without a divide instruction.
 */
static inline unsigned long elfld__udiv10(unsigned long n, unsigned *rem) {
    unsigned long q = (n >> 1) + (n >> 2);
    q += q >> 4;
    q += q >> 8;
    q += q >> 16;
    if (sizeof q > 4)
        q += q >> 16 >> 16;           /* (two shifts: one of 32 would be undefined at 32 bits) */
    q >>= 3;
    unsigned long r = n - q * 10;
    if (r > 9) {
        q++;
        r -= 10;
    }
    *rem = (unsigned)r;
    return q;
}

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
