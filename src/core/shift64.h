/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * shift64.h - 64-bit shifts by an amount known only at run time, without the compiler
 * runtime.  On 32-bit targets a compiler may turn `x << n` on a 64-bit value into a call to
 * its runtime (__ashldi3, __lshrdi3: gcc does at -Os on riscv32), which the freestanding core
 * must not need; there the shift is done on two 32-bit halves.  On 64-bit targets these are
 * the plain operators.  Used by the core and by the arch backends (arch/common/fields.h).
 */
#ifndef ELFLD_CORE_SHIFT64_H
#define ELFLD_CORE_SHIFT64_H

#include <stdint.h>

/* x << n, n < 64 */
static inline uint64_t elfld__shl64(uint64_t x, unsigned n) {
#if UINTPTR_MAX > 0xffffffffu
    return x << n;
#else
    uint32_t lo = (uint32_t)x, hi = (uint32_t)(x >> 32);
    if (n & 32) {
        hi = lo << (n & 31);
        lo = 0;
    } else if (n) {
        hi = (hi << n) | (lo >> (32 - n));
        lo <<= n;
    }
    return (uint64_t)hi << 32 | lo;
#endif
}

/* x >> n (logical), n < 64 */
static inline uint64_t elfld__shr64(uint64_t x, unsigned n) {
#if UINTPTR_MAX > 0xffffffffu
    return x >> n;
#else
    uint32_t lo = (uint32_t)x, hi = (uint32_t)(x >> 32);
    if (n & 32) {
        lo = hi >> (n & 31);
        hi = 0;
    } else if (n) {
        lo = (lo >> n) | (hi << (32 - n));
        hi >>= n;
    }
    return (uint64_t)hi << 32 | lo;
#endif
}

#endif /* ELFLD_CORE_SHIFT64_H */
