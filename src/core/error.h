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
#include "features.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* Where a failing layer records what went wrong; one per API call. */
struct elfld_err {
    struct elfld_ctx *ctx;
    struct elfld_diag *diag;          /* caller's, may be NULL */
    int phase;
    const char *image;                /* the image being opened: messages begin "<image>: " */
    bool lazy;                        /* a lazy binding (for the trace) */
};

/* Record a failure and return `code`: the diagnostic's fields, and its text from a printf-like
 * format (subset: %s %d %u %ld %lu %zu %x %lx %zx).  The text and the log line exist only in a
 * build with messages (features.h): without them each of these macros becomes
 * elfld__fail_fields, the format and its arguments are never evaluated, and the strings are
 * not in the library.  Each macro evaluates its arguments once. */
#define elfld__fail(e, code, ...)                                                          \
    (ELFLD_WITH_MESSAGES ? elfld__failf((e), (code), __VA_ARGS__)                          \
                         : elfld__fail_fields((e), (code), -1, -1, -1, NULL))
/* Same, also naming a symbol / relocation in the diagnostic. */
#define elfld__fail_reloc(e, code, index, type, sym, ...)                                  \
    (ELFLD_WITH_MESSAGES                                                                   \
         ? elfld__fail_relocf((e), (code), (index), (type), (sym), __VA_ARGS__)             \
         : elfld__fail_fields((e), (code), (index), (type), -1, (sym)))
/* Same, naming a segment. */
#define elfld__fail_segment(e, code, segment, ...)                                         \
    (ELFLD_WITH_MESSAGES ? elfld__fail_segmentf((e), (code), (segment), __VA_ARGS__)       \
                         : elfld__fail_fields((e), (code), -1, -1, (segment), NULL))
/* A relocation record's failure, one format for every table: "<image>: <table> record <i>
 * (<type name>, type <n>[, symbol <s>])[: <why>]" (type_name NULL: "unknown"). */
#define elfld__fail_record(e, code, image, table, index, type, type_name, sym, why)       \
    (ELFLD_WITH_MESSAGES                                                                   \
         ? elfld__fail_recordf((e), (code), (image), (table), (index), (type), (type_name),  \
                               (sym), (why))                                               \
         : elfld__fail_fields((e), (code), (long)(index), (long)(type), -1, (sym)))

int elfld__failf(struct elfld_err *e, int code, const char *fmt, ...);
int elfld__fail_relocf(struct elfld_err *e, int code, long index, long type, const char *sym,
                       const char *fmt, ...);
int elfld__fail_segmentf(struct elfld_err *e, int code, long segment, const char *fmt, ...);
int elfld__fail_recordf(struct elfld_err *e, int code, const char *image, const char *table,
                        size_t index, uint32_t type, const char *type_name, const char *sym,
                        const char *why);
/* The fields alone; the message is elfld_strerror(code). */
int elfld__fail_fields(struct elfld_err *e, int code, long index, long type, long segment,
                       const char *sym);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_ERROR_H */
