/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * error.h - the error sink of one API call and the functions that fill it (error.c).
 */
#ifndef ELFLD_CORE_ERROR_H
#define ELFLD_CORE_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elfld.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* Where a failing layer records what went wrong; one per API call. */
struct elfld_err {
    struct elfld_ctx *ctx;
    struct elfld_diag *diag;          /* caller's, may be NULL */
    int phase;
    const char *image;                /* the image being opened: messages begin "<image>: " */
    bool lazy;                        /* a lazy binding (for the trace) */
};

/* Record a failure (printf-like subset: %s %d %u %ld %lu %zu %x %lx %zx) and return `code`. */
int elfld__fail(struct elfld_err *e, int code, const char *fmt, ...);
/* Same, also naming a symbol / relocation / segment in the diagnostic. */
int elfld__fail_reloc(struct elfld_err *e, int code, long index, long type, const char *sym,
                      const char *fmt, ...);
/* A relocation record's failure, one format for every table: "<image>: <table> record <i>
 * (<type name>, type <n>[, symbol <s>])[: <why>]" (type_name NULL: "unknown"). */
int elfld__fail_record(struct elfld_err *e, int code, const char *image, const char *table,
                       size_t index, uint32_t type, const char *type_name, const char *sym,
                       const char *why);
int elfld__fail_segment(struct elfld_err *e, int code, long segment, const char *fmt, ...);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_ERROR_H */
