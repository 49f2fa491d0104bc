/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * names.h - symbol names: their GNU and SysV hashes (names.c) and the word-at-a-time reads
 * and compares every lookup uses (inline: they are most of a lookup's instructions).
 */
#ifndef ELFLD_CORE_NAMES_H
#define ELFLD_CORE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "shift64.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* strlen, eight bytes per step (elfld__name_word: reads that never cross a granule). */
size_t elfld__strlen(const char *s);

/* A name being looked up, with its hashes computed once. */
struct elfld_name {
    const char *name;
    size_t len;                       /* strlen(name), found while hashing */
    uint32_t gnu_hash;
    uint32_t sysv_hash;               /* computed on first need */
    bool sysv_done;
    const char *version;              /* required version name or NULL */
    uint32_t version_hash;
    size_t version_len;
    bool version_hidden_ok;           /* explicit request: hidden versions acceptable */
};

/*
 * The unit of memory protection the core may assume: an 8-byte load that stays inside one
 * aligned unit cannot fault when any byte of the unit is readable.  4 KiB, the smallest page
 * of any supported MMU.  Firmware whose memory protection is finer (an MPU's 32-byte regions)
 * builds with -DELFLD_READ_GRANULE=<its granule>, a power of two >= 8 (names are then read
 * bytewise wherever a load would cross a granule).
 */
#ifndef ELFLD_READ_GRANULE
#define ELFLD_READ_GRANULE 4096
#endif

/*
 * Eight characters of a name from p on, the first in the low byte (fewer when the NUL comes
 * first; what follows the NUL may be anything).  One load from p whatever its alignment,
 * except where it could cross into the next ELFLD_READ_GRANULE unit: there the bytes are read
 * one by one up to the NUL, so no read leaves the unit that holds it.  The load may read past
 * the end of the name's object, which the address sanitizer would report: hence the attribute.
 */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize_address)
#define ELFLD_WORD_READS __attribute__((no_sanitize_address))
#endif
#endif
#ifndef ELFLD_WORD_READS
#define ELFLD_WORD_READS
#endif
ELFLD_WORD_READS static inline uint64_t elfld__name_word(const unsigned char *p) {
    uint64_t w = 0;
    if (((uintptr_t)p & (ELFLD_READ_GRANULE - 1)) <= ELFLD_READ_GRANULE - 8) {
        __builtin_memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        return w;
    }
    for (unsigned k = 0; k < 8 && p[k]; k++)
        w |= elfld__shl64(p[k], 8 * k);
    return w;
}

/*
 * The NULs of a name word (elfld__name_word): the top bit of every NUL byte set, and maybe of
 * bytes after the first NUL; 0 when it has none.  The lowest set bit is exact, so the mask of
 * the whole bytes before the first NUL, and their count, follow from it.
 */
static inline uint64_t elfld__nul_bits(uint64_t w) {
    return (w - 0x0101010101010101u) & ~w & 0x8080808080808080u;
}
static inline uint64_t elfld__before_nul_mask(uint64_t nul_bits) {   /* nul_bits != 0 */
    return ((nul_bits & (0 - nul_bits)) - 1) >> 7;
}
static inline unsigned elfld__bytes_in_mask(uint64_t byte_mask) {
    const uint64_t ones = 0x0101010101010101u;
    return (unsigned)(((byte_mask & ones) * ones) >> 56);
}
/* How many characters of a name word precede its first NUL: 8 when it has none. */
static inline unsigned elfld__chars_before_nul(uint64_t w) {
    uint64_t z = elfld__nul_bits(w);
    return z ? elfld__bytes_in_mask(elfld__before_nul_mask(z)) : 8;
}

/*
 * Are the len + 1 bytes at a (a string table entry with at least that many bytes left) those
 * of name (len bytes and its NUL)?  Eight bytes per compare: up to 24 bytes as three
 * overlapping words (the first, the last, and one halfway), combined without a branch -
 * symbol names are mostly that long, and a loop's exit, which depends on the length,
 * mispredicts; longer names a word per step, the last eight overlapping the ones before;
 * names shorter than eight bytes bytewise.  (Inline: a memcmp call costs more than the
 * compare of a typical symbol name.)
 */
static inline uint64_t elfld__load8(const char *p) {
    uint64_t x;
    __builtin_memcpy(&x, p, 8);
    return x;
}
static inline __attribute__((always_inline)) bool elfld__same_name(const char *a,
                                                                   const char *name,
                                                                   size_t len) {
    size_t n = len + 1;
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != name[i])
                return false;
        return true;
    }
    if (n <= 24) {
        size_t mid = (n - 8) / 2;
        return ((elfld__load8(a) ^ elfld__load8(name)) |
                (elfld__load8(a + mid) ^ elfld__load8(name + mid)) |
                (elfld__load8(a + n - 8) ^ elfld__load8(name + n - 8))) == 0;
    }
    for (size_t i = 0; i + 8 < n; i += 8)
        if (elfld__load8(a + i) != elfld__load8(name + i))
            return false;
    return elfld__load8(a + n - 8) == elfld__load8(name + n - 8);
}

/*
 * The GNU hash (h = h * 33 + c from 5381) and length of a name, eight characters per step:
 * h * 33^8 + (c0 * 33^7 + ... + c7), the bracket built from the word in three multiply-add
 * rounds on pairs, quads and the two halves (no lane can overflow: pairs stay below 2^14,
 * quads below 2^24).  The word holding the NUL contributes its k leading characters the same
 * way, moved to the top of the word: h * 33^k + (c0 * 33^(k-1) + ... ).  Words are loaded from
 * the name's start whatever its alignment, except where a load could cross into the next
 * protection unit (elfld__name_word, ELFLD_READ_GRANULE).
 */
/* c0 * 33^7 + c1 * 33^6 + ... + c7 (mod 2^32) for the characters c0.. of w, first lowest. */
static inline uint32_t elfld__octet_sum(uint64_t w) {
    const uint64_t lo8 = 0x00ff00ff00ff00ffu, lo16 = 0x0000ffff0000ffffu;
    uint64_t pairs = (w & lo8) * 33 + ((w >> 8) & lo8);
    uint64_t quads = (pairs & lo16) * (33 * 33) + ((pairs >> 16) & lo16);
    return (uint32_t)quads * (33u * 33 * 33 * 33) + (uint32_t)(quads >> 32);
}

static inline uint32_t elfld__hash_and_length(const char *name, size_t *len) {
    static const uint32_t pow33[8] = {1u, 33u, 33u * 33, 33u * 33 * 33, 33u * 33 * 33 * 33,
                                      33u * 33 * 33 * 33 * 33, 33u * 33 * 33 * 33 * 33 * 33,
                                      33u * 33 * 33 * 33 * 33 * 33 * 33};
    const unsigned char *p = (const unsigned char *)name;
    uint32_t h = 5381;
    uint64_t w, nul;
    for (;; p += 8) {                               /* the whole words before the NUL's */
        w = elfld__name_word(p);
        if ((nul = elfld__nul_bits(w)))
            break;
        h = h * (33u * 33 * 33 * 33 * 33 * 33 * 33 * 33) + elfld__octet_sum(w);
    }
    unsigned k = elfld__bytes_in_mask(elfld__before_nul_mask(nul));
    if (k)              /* the k characters moved to the top: the bytes after them fall off */
        h = h * pow33[k] + elfld__octet_sum(elfld__shl64(w, 8 * (8 - k)));
    *len = (size_t)(p - (const unsigned char *)name) + k;
    return h;
}

static inline uint32_t elfld__gnu_hash(const char *name) {
    size_t len;
    return elfld__hash_and_length(name, &len);
}

static inline uint32_t elfld__sysv_hash(const char *name) {
    uint32_t h = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h = (h << 4) + *p;
        uint32_t g = h & 0xf0000000u;
        h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

static inline void elfld__name_init(struct elfld_name *n, const char *name, const char *version) {
    n->name = name;
    n->gnu_hash = elfld__hash_and_length(name, &n->len);
    n->sysv_done = false;
    n->sysv_hash = 0;
    n->version = version;
    n->version_hash = version ? elfld__sysv_hash(version) : 0;
    n->version_len = version ? elfld__strlen(version) : 0;
    n->version_hidden_ok = version != NULL;
}

#pragma GCC visibility pop

#endif /* ELFLD_CORE_NAMES_H */
