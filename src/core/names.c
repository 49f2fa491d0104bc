/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * names.c - strlen, eight bytes per step.  (The hash functions are inline, in names.h: a lookup
 * hashes its name once, and a call would be a tenth of its instructions.)
 */
#include "names.h"

/* Eight bytes per step (elfld__name_word: page-safe loads). */
size_t elfld__strlen(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n = 0;; n += 8) {
        unsigned k = elfld__chars_before_nul(elfld__name_word(p + n));
        if (k < 8)
            return n + k;
    }
}
