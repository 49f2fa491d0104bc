/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * util.h - memory, string and formatting helpers of the core (util.c), which calls no libc,
 * and the small arithmetic helpers every layer uses.
 *
 * Everything the core declares is hidden (the visibility pragma in each header): PIC builds
 * reach it without a GOT, and a shared object embedding libelfld does not export it.
 */
#ifndef ELFLD_CORE_UTIL_H
#define ELFLD_CORE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elfld.h"
#include "features.h"

#pragma GCC visibility push(hidden)   /* see util.h */

void *elfld__alloc(struct elfld_ctx *ctx, size_t size);          /* zeroed */
void elfld__free(struct elfld_ctx *ctx, void *p, size_t size);
/* Room for one more of `used` elements of `elem` bytes: the array itself while *cap > used,
 * else a copy twice as large (4 to start; *cap updated, the old one freed); NULL without
 * memory, the array and *cap then untouched. */
void *elfld__grow(struct elfld_ctx *ctx, void *arr, size_t used, size_t *cap, size_t elem);
int elfld__strcmp(const char *a, const char *b);
void elfld__vformat(char *buf, size_t cap, const char *fmt, va_list ap);
/* A line for the host's log hook, if it has one and wants `level`; nothing at all in a
 * build without messages (features.h), where the arguments are not evaluated. */
#define elfld__log(ctx, level, ...) \
    (ELFLD_WITH_MESSAGES ? elfld__logf((ctx), (level), __VA_ARGS__) : (void)0)
void elfld__logf(struct elfld_ctx *ctx, int level, const char *fmt, ...);
/* Overflow-checked a + b; returns false on overflow. */
static inline bool elfld__add_ok(uintptr_t a, uintptr_t b, uintptr_t *out) {
    return !__builtin_add_overflow(a, b, out);
}
static inline bool elfld__is_pow2(uintptr_t x) { return x && !(x & (x - 1)); }

/* A sort key and what it carries (the object linker sorts init/fini sections by priority and
 * PC-relative HI records by location). */
struct elfld_keyed {
    uint64_t key;
    uint64_t val;
};
/* Heap sort by key: O(n log n) whatever the input, no allocation. */
void elfld__sort_keyed(struct elfld_keyed *a, size_t n);

static inline uintptr_t elfld__align_down(uintptr_t x, uintptr_t a) { return x & ~(a - 1); }

#pragma GCC visibility pop

#endif /* ELFLD_CORE_UTIL_H */
