/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * divide.c - division in software, for cores without a divide instruction (divide.h): the
 * compiler would otherwise call its runtime (__aeabi_uidivmod), which the core must not need.
 */
#include "divide.h"

#ifdef ELFLD_ARCH_SOFT_DIV
/* Restoring binary long division; d != 0. */
uintptr_t elfld__soft_udivmod(uintptr_t n, uintptr_t d, uintptr_t *rem) {
    uintptr_t q = 0, r = 0;
    for (int bit = (int)(8 * sizeof n) - 1; bit >= 0; bit--) {
        r = (r << 1) | ((n >> bit) & 1);
        if (r >= d) {
            r -= d;
            q |= (uintptr_t)1 << bit;
        }
    }
    *rem = r;
    return q;
}
#endif
