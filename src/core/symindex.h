/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * symindex.h - the layout of elfld_sym()'s index and its probe, inline: a lookup is a hundred
 * and some instructions, and a call or two more would be a tenth of them.  Built and freed
 * in symindex.c; used by elfld_sym() in sym.c.
 */
#ifndef ELFLD_SYMINDEX_H
#define ELFLD_SYMINDEX_H

#include "lib.h"
#include "names.h"
#include "divide.h"
#include "shift64.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/*
 * The largest index: 2^15 slots (128 KiB, libraries of up to 16K exported symbols).  Beyond
 * that a lookup's random slot read misses the caches more often than the GNU table's Bloom
 * filter (about 6 bits per symbol) does, and measured misses got slower (40,000 symbols: 40 ns
 * with a 512 KiB index against 27 ns without), so such libraries keep the hash table.
 */
#define SYMINDEX_MAX_LOG2 15

/*
 * A lookup of a name the library lacks would read one random slot of the index, mostly out of
 * the first-level cache; a filter of about 12 bits per name (one bit of the key, in a word
 * the key picks: about 8% false "maybe"), a sixth of the index's size, answers most of those
 * from one word.  Measured on libcrypto's functions: misses 25.6 -> 17.3 ns, hits 26.1 ->
 * 27.2 ns (the extra load and compare).
 */
struct elfld_symindex {
    uint32_t mask;           /* slots - 1 */
    unsigned shift;          /* 64 - log2(slots): slot from the top bits of the key */
    uint32_t filter_mask;    /* filter words - 1 */
    uint32_t *slot;          /* symbol index << 8 | tag, 0 = empty; after the filter */
    uint64_t filter[];
};

/* Key h's filter bit is bit h % 64 of word (h >> 16) & filter_mask (bits the slot, from the
 * top 15 at most, and the tag, bits 8-15, do not use). */
static inline uint64_t symindex_filter_bit(uint64_t h) {
    return elfld__shl64(1, (unsigned)(h & 63));
}
static inline uint32_t symindex_filter_word(const struct elfld_symindex *ix, uint64_t h) {
    return (uint32_t)(h >> 16) & ix->filter_mask;
}

/*
 * The key of a name and its length: eight bytes per step from the name's start
 * (elfld__name_word), mixed by multiplication.  Bytes after the NUL never reach the key.
 */
static inline __attribute__((always_inline)) uint64_t name_key(const char *name, size_t *len_out) {
    const uint64_t mul = 0x9e3779b97f4a7c15u;
    const unsigned char *p = (const unsigned char *)name;
    uint64_t h = 0, w, nul;
    for (;; p += 8) {                               /* the whole words before the NUL's */
        w = elfld__name_word(p);
        if ((nul = elfld__nul_bits(w)))
            break;
        h = (h ^ w) * mul;
    }
    uint64_t keep = elfld__before_nul_mask(nul);   /* the characters before the NUL only */
    h = (h ^ (w & keep)) * mul;
    size_t len = (size_t)(p - (const unsigned char *)name) + elfld__bytes_in_mask(keep);
    *len_out = len;
    h ^= (uint64_t)len;
    h ^= h >> 29;
    h *= mul;
    return h ^ (h >> 32);
}

/* The slot holding name (length len, key h), or the empty slot where it would go. */
static inline __attribute__((always_inline)) uint32_t *
probe(const struct elfld_lib *lib, const struct elfld_symindex *ix, const char *name, size_t len,
      uint64_t h) {
    uint32_t i = (uint32_t)elfld__shr64(h, ix->shift), tag = (uint32_t)(h >> 8) & 0xff;
    for (;; i = (i + 1) & ix->mask) {
        uint32_t e = ix->slot[i];
        if (!e)
            return (uint32_t *)&ix->slot[i];
        if ((e & 0xff) != tag)
            continue;
        const elf_sym *s = &lib->symtab[e >> 8];
        if (lib->strsz - s->st_name > len && elfld__same_name(lib->strtab + s->st_name, name, len))
            return (uint32_t *)&ix->slot[i];
    }
}

/* The default-version definition of name, or NULL: lib->symindex must exist. */
static inline __attribute__((always_inline)) const elf_sym *
elfld__symindex_find(const struct elfld_lib *lib, const char *name) {
    size_t len;
    uint64_t h = name_key(name, &len);
    const struct elfld_symindex *ix = lib->symindex;
    if (!(ix->filter[symindex_filter_word(ix, h)] & symindex_filter_bit(h)))
        return NULL;                            /* certainly not a name of the index */
    uint32_t e = *probe(lib, ix, name, len, h);
    return e ? &lib->symtab[e >> 8] : NULL;
}

/* One more lookup without an index (call while !symindex_tried); builds it at the threshold. */
void elfld__symindex_count(struct elfld_lib *lib);
/* Freed with the library. */
void elfld__symindex_free(struct elfld_lib *lib);

#pragma GCC visibility pop

#endif
