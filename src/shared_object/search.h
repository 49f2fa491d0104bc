/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * search.h - search path elements and their dynamic string tokens (search.c).
 */
#ifndef ELFLD_SO_SEARCH_H
#define ELFLD_SO_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#pragma GCC visibility push(hidden)   /* see util.h */

/* What the tokens of a path expand to; NULL: the token has no value here. */
struct elfld_tokens {
    const char *origin;       /* the needing library's directory */
    size_t origin_len;
    const char *lib;          /* $LIB */
    const char *platform;     /* $PLATFORM */
};

#define ELFLD_EXPAND_FAILED ((size_t)-1)

/*
 * Expand $ORIGIN, $LIB, $PLATFORM (and their ${...} forms) in the `len` bytes at `in`.
 * Writes at most `cap` bytes to dst (which may be NULL when cap is 0) and returns the length
 * of the whole expansion (no NUL), or ELFLD_EXPAND_FAILED when a token has no value.
 */
size_t elfld__expand_tokens(char *dst, size_t cap, const char *in, size_t len,
                            const struct elfld_tokens *t);

/* The directory part of a source name ("a/b/c.so" -> "a/b", "c.so" -> "."): its length, and
 * *dir points at it. */
size_t elfld__dir_of(const char *path, const char **dir);

#pragma GCC visibility pop

#endif /* ELFLD_SO_SEARCH_H */
