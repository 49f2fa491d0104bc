/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sysset.h - the set of the GNU hashes of the names "the system" defines: its layout and
 * probes, inline.  Built by shared_object/system.c; probed by sym.c and the relocation driver.
 */
#ifndef ELFLD_CORE_SYSSET_H
#define ELFLD_CORE_SYSSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ctx.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/*
 * The set of the GNU hashes of every name the system defines, without their low bit (which a
 * GNU hash chain does not keep, so it is built from the chains without hashing a name): open
 * addressing, at most a quarter full, a slot holding the hash with its low bit set (never 0,
 * so 0 = empty; a chain entry is its own key with one OR).  "Maybe" only for a name whose 31
 * hash bits equal one of the system's.  The set is built only once lookups have paid for it
 * (system.c); until then the images' own Bloom filters and chains answer
 * (elfld__system_tables_may).
 */
static inline uint32_t elfld__names_key(uint32_t h) { return h | 1u; }
static inline uint32_t elfld__names_home(uint32_t key, unsigned log2) {
    return (key * 0x9e3779b1u) >> (32 - log2);
}
static inline uint32_t elfld__names_slot(const uint32_t *set, unsigned log2, uint32_t h) {
    uint32_t key = elfld__names_key(h), mask = (1u << log2) - 1;
    uint32_t i = elfld__names_home(key, log2);
    while (set[i] && set[i] != key)
        i = (i + 1) & mask;
    return i;                         /* the name's slot, or the empty one where it would go */
}
/* Is hash h in the (non-NULL) set?  The loop form of elfld__names_slot() for a yes/no: the
 * usual answer, an empty home slot, costs one load and two compares. */
static inline bool elfld__names_has(const uint32_t *set, unsigned log2, uint32_t h) {
    uint32_t key = elfld__names_key(h), mask = (1u << log2) - 1;
    for (uint32_t i = elfld__names_home(key, log2);; i = (i + 1) & mask) {
        uint32_t v = set[i];
        if (v == key)
            return true;
        if (!v)
            return false;
    }
}

/* The image number of a name-set slot whose name the host intercepts (sys_first). */
#define ELFLD_SYS_INTERCEPTED 254u

/* Is h the hash of a name the host intercepts (host->intercept_names)? */
static inline bool elfld__intercepted(const struct elfld_ctx *ctx, uint32_t h) {
    for (unsigned i = 0; i < ctx->nintercept; i++)
        if ((ctx->intercept_hash[i] | 1u) == (h | 1u))
            return true;
    return false;
}

/*
 * May a system image define a name with GNU hash h (low bit unknown, as in a chain entry)?
 * Without the set, each image's tables answer as precisely as the set: its Bloom filter
 * first (both values of the low bit tried), then, past the filter, its hash chain.  An image
 * without a GNU table cannot say: "maybe".  (sym.c)
 */
bool elfld__system_tables_may(const struct elfld_ctx *ctx, uint32_t h);

/* May the system - or the host's interception, which comes before it - define a name with
 * GNU hash h?  false: certainly not.  (The set holds the intercepted names too.) */
static inline bool elfld__system_may_define(const struct elfld_ctx *ctx, uint32_t h) {
    if (ctx->sys_names)
        return elfld__names_has(ctx->sys_names, ctx->sys_names_log2, h);
    return elfld__system_tables_may(ctx, h) || elfld__intercepted(ctx, h);
}

#pragma GCC visibility pop

#endif /* ELFLD_CORE_SYSSET_H */
