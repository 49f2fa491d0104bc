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

#pragma GCC visibility push(hidden)   /* see util.h */

/* strlen, eight bytes per step (elfld__name_word: reads that never cross a granule). */
size_t elfld__strlen(const char *s);
uint32_t elfld__gnu_hash(const char *name);
uint32_t elfld__sysv_hash(const char *name);

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
void elfld__name_init(struct elfld_name *n, const char *name, const char *version);

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
        w |= (uint64_t)p[k] << (8 * k);
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

#pragma GCC visibility pop

#endif /* ELFLD_CORE_NAMES_H */
