/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * names.c - the hash functions of symbol names (GNU and SysV) and a looked-up name's setup.
 */
#include "names.h"

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
static inline uint32_t octet_sum(uint64_t w) {
    const uint64_t lo8 = 0x00ff00ff00ff00ffu, lo16 = 0x0000ffff0000ffffu;
    uint64_t pairs = (w & lo8) * 33 + ((w >> 8) & lo8);
    uint64_t quads = (pairs & lo16) * (33 * 33) + ((pairs >> 16) & lo16);
    return (uint32_t)quads * (33u * 33 * 33 * 33) + (uint32_t)(quads >> 32);
}

static uint32_t hash_and_length(const char *name, size_t *len) {
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
        h = h * (33u * 33 * 33 * 33 * 33 * 33 * 33 * 33) + octet_sum(w);
    }
    unsigned k = elfld__bytes_in_mask(elfld__before_nul_mask(nul));
    if (k)              /* the k characters moved to the top: the bytes after them fall off */
        h = h * pow33[k] + octet_sum(w << (8 * (8 - k)));
    *len = (size_t)(p - (const unsigned char *)name) + k;
    return h;
}

uint32_t elfld__gnu_hash(const char *name) {
    size_t len;
    return hash_and_length(name, &len);
}

uint32_t elfld__sysv_hash(const char *name) {
    uint32_t h = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h = (h << 4) + *p;
        uint32_t g = h & 0xf0000000u;
        h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

void elfld__name_init(struct elfld_name *n, const char *name, const char *version) {
    n->name = name;
    n->gnu_hash = hash_and_length(name, &n->len);
    n->sysv_done = false;
    n->sysv_hash = 0;
    n->version = version;
    n->version_hash = version ? elfld__sysv_hash(version) : 0;
    n->version_len = version ? elfld__strlen(version) : 0;
    n->version_hidden_ok = version != NULL;
}

/* Eight bytes per step (elfld__name_word: page-safe loads). */
size_t elfld__strlen(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n = 0;; n += 8) {
        unsigned k = elfld__chars_before_nul(elfld__name_word(p + n));
        if (k < 8)
            return n + k;
    }
}
