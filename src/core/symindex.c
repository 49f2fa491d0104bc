/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * symindex.c - a lookup index for elfld_sym() on libraries that are asked often.
 *
 * elfld_sym() on the GNU hash table costs the GNU hash of the whole name (a dependency chain
 * of one multiply-add per character), the Bloom filter, a bucket, a chain walk and the
 * candidate checks.  A plugin host that looks up thousands of names in one library does
 * better with an index made for exactly that question - "the default-version definition
 * of this name" - keyed by a hash that takes the name eight bytes at a time:
 *
 *   - open addressing, linear probing, at most half full: a 32-bit slot holds the symbol
 *     index (high 24 bits) and 8 more bits of the hash as a tag, so a miss rarely touches
 *     the symbol or string table; in front of it a one-bit-per-key filter (about 12 bits
 *     per name) turns most misses away without reading a slot;
 *   - built from the GNU hash table's own symbols (those at or after symoffset, the only
 *     ones a GNU lookup can find), in index order and first name wins, so it answers exactly
 *     what the chain walk would;
 *   - built only once a library has served symindex_threshold() lookups, so its cost (a
 *     few dozen instructions and under 10 bytes per exported symbol) is paid by
 *     libraries that are asked often, and never by one that is asked a handful of times.
 *
 * Allocation failure, a table beyond 2^24 symbols or an index larger than SYMINDEX_MAX_LOG2
 * allows just leaves the library without an index: lookups keep using the hash table.
 * The index's layout and its probe are in symindex.h, inlined into elfld_sym() (sym.c).
 */
#include "symindex.h"
#include "util.h"

/* Would elfld_sym() accept symbol i (at or after symoffset) as a definition of its name? */
static bool exported(const struct elfld_lib *lib, uint32_t i) {
    const elf_sym *s = &lib->symtab[i];
    unsigned bind = ELF_ST_BIND(s->st_info), vis = ELF_ST_VISIBILITY(s->st_other);
    if (s->st_shndx == SHN_UNDEF || s->st_name >= lib->strsz ||
        (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE) ||
        (vis != STV_DEFAULT && vis != STV_PROTECTED))
        return false;
    if (!lib->versym)
        return true;
    uint16_t v = lib->versym[i];
    return (v & VERSYM_VERSION) != VER_NDX_LOCAL && !(v & VERSYM_HIDDEN);
}

/* Filter words for n names: about 12 bits per name (a power of two, at least 8 words). */
static uint32_t filter_words(uint32_t n) {
    uint32_t w = 8;
    while (w < elfld__udiv(n, 6))
        w *= 2;
    return w;
}

/* The index in one block: header, filter, slots. */
static size_t index_bytes(uint32_t slots, uint32_t fwords) {
    return sizeof(struct elfld_symindex) + (size_t)fwords * sizeof(uint64_t) +
           (size_t)slots * sizeof(uint32_t);
}

static void build(struct elfld_lib *lib) {
    lib->symindex_tried = true;
    uint32_t first = lib->gnu_symoffset, n = 0;
    if (!lib->gnu_buckets || lib->nsyms >= (1u << 24))
        return;
    for (uint32_t i = first; i < lib->nsyms; i++)
        n += exported(lib, i);
    unsigned log2 = 4;
    while ((1u << log2) < 2 * n)
        log2++;
    if (log2 > SYMINDEX_MAX_LOG2)
        return;
    uint32_t slots = 1u << log2, fwords = filter_words(n);
    struct elfld_symindex *ix = elfld__alloc(lib->ctx, index_bytes(slots, fwords));
    if (!ix)
        return;
    ix->mask = slots - 1;
    ix->shift = 64 - log2;
    ix->filter_mask = fwords - 1;
    ix->slot = (uint32_t *)(void *)(ix->filter + fwords);
    __builtin_memset(ix->filter, 0, (size_t)fwords * sizeof(uint64_t));
    __builtin_memset(ix->slot, 0, (size_t)slots * sizeof(uint32_t));
    for (uint32_t i = first; i < lib->nsyms; i++) {
        if (!exported(lib, i))
            continue;
        const char *name = lib->strtab + lib->symtab[i].st_name;
        size_t len;
        uint64_t h = name_key(name, &len);
        if (len >= lib->strsz - lib->symtab[i].st_name)
            continue;                          /* runs to the table's end: not a name */
        uint32_t *slot = probe(lib, ix, name, len, h);
        if (!*slot)                            /* the first definition of a name wins */
            *slot = i << 8 | ((uint32_t)(h >> 8) & 0xff);
        ix->filter[symindex_filter_word(ix, h)] |= symindex_filter_bit(h);
    }
    lib->symindex = ix;
}

/* Lookups a library serves before it gets an index: an eighth of its symbols, at least 64. */
static uint32_t symindex_threshold(const struct elfld_lib *lib) {
    return (lib->nsyms >> 3) + 64;
}

/* One more elfld_sym() lookup without an index (called while !symindex_tried): builds the
 * index at the threshold. */
void elfld__symindex_count(struct elfld_lib *lib) {
    if (++lib->symindex_lookups >= symindex_threshold(lib))
        build(lib);
}

void elfld__symindex_free(struct elfld_lib *lib) {
    if (lib->symindex)
        elfld__free(lib->ctx, lib->symindex,
                    index_bytes(lib->symindex->mask + 1, lib->symindex->filter_mask + 1));
    lib->symindex = NULL;
}
