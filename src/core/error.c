/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * error.c - elfld_strerror (one static message per ELFLD_E* code) and the recorder every layer
 * fills a failing call's diagnostic with.
 */
#include <stdarg.h>

#include "error.h"
#include "util.h"

static const char *const messages[] = {
    [0] = "success",
    [1] = "invalid argument",
    [2] = "out of memory",
    [3] = "no such file",
    [4] = "input/output error",
    [5] = "not supported by this host or build",
    [6] = "truncated input",
    [7] = "not an ELF file",
    [8] = "wrong ELF class for this architecture",
    [9] = "wrong data encoding for this architecture",
    [10] = "unsupported ELF version",
    [11] = "wrong machine for this architecture",
    [12] = "ELF type not loadable by this call",
    [13] = "invalid ELF header",
    [14] = "invalid program header or segment layout",
    [15] = "invalid dynamic section",
    [16] = "invalid symbol hash table",
    [17] = "invalid symbol table",
    [18] = "invalid string table",
    [19] = "invalid symbol versioning data",
    [20] = "invalid relocation",
    [21] = "unknown relocation type",
    [22] = "thread-local storage unavailable or malformed",
    [23] = "COPY relocation in a library",
    [24] = "symbol not found",
    [25] = "relocated value out of range",
    [26] = "executable stack not allowed",
    [27] = "text relocations not allowed",
    [28] = "memory protection failed",
    [29] = "library busy or in the wrong state",
    [30] = "not found",
    [31] = "malformed archive",
    [32] = "invalid section header or section index",
    [33] = "duplicate symbol definition",
    [34] = "no placement reaches every target",
    [35] = "the program's fixed address range is in use",
};

const char *elfld_strerror(int code) {
    unsigned idx = code <= 0 ? (unsigned)-(long)code : ~0u;
    if (idx < sizeof messages / sizeof messages[0] && messages[idx])
        return messages[idx];
    return "unknown error";
}

/* ------------------------------------------------------------------ diagnostics */
static void copy_trunc(char *dst, size_t cap, const char *src) {
    size_t i = 0;
    for (; src && src[i] && i + 1 < cap; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

/* Begin `msg` (a formatted message) with "<image>: " unless it already begins so (as every
 * relocation record's does: elfld__fail_record); the end is cut when it no longer fits. */
static void name_image(char *msg, size_t cap, const char *image) {
    size_t n = 0, len = 0;
    while (image[n])
        n++;
    while (msg[len])
        len++;
    if (!n || (len > n && __builtin_memcmp(msg, image, n) == 0 && msg[n] == ':'))
        return;
    if (n + 2 >= cap)
        n = cap - 3;                          /* a name longer than the message: cut it */
    if (len + n + 2 >= cap)
        len = cap - n - 3;
    __builtin_memmove(msg + n + 2, msg, len);
    msg[n + 2 + len] = 0;
    __builtin_memcpy(msg, image, n);
    msg[n] = ':';
    msg[n + 1] = ' ';
}

static void fill(struct elfld_err *e, int code, long index, long type, long segment,
                 const char *sym, const char *msg) {
    if (!e->diag)
        return;
    struct elfld_diag *d = e->diag;
    d->code = code;
    d->phase = e->phase;
    copy_trunc(d->message, sizeof d->message, msg);
    copy_trunc(d->symbol, sizeof d->symbol, sym);
    d->reloc_index = index;
    d->reloc_type = type;
    d->segment = segment;
}

static int record(struct elfld_err *e, int code, long index, long type, long segment,
                  const char *sym, const char *fmt, va_list ap) {
    char msg[sizeof ((struct elfld_diag *)0)->message];
    elfld__vformat(msg, sizeof msg, fmt, ap);
    if (e->image)
        name_image(msg, sizeof msg, e->image);
    fill(e, code, index, type, segment, sym, msg);
    if (e->ctx)
        elfld__log(e->ctx, ELFLD_LOG_INFO, "%s (%s)", msg, elfld_strerror(code));
    return code;
}

int elfld__fail_fields(struct elfld_err *e, int code, long index, long type, long segment,
                       const char *sym) {
    fill(e, code, index, type, segment, sym, elfld_strerror(code));
    return code;
}

int elfld__failf(struct elfld_err *e, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    record(e, code, -1, -1, -1, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int elfld__fail_relocf(struct elfld_err *e, int code, long index, long type, const char *sym,
                       const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    record(e, code, index, type, -1, sym, fmt, ap);
    va_end(ap);
    return code;
}

int elfld__fail_segmentf(struct elfld_err *e, int code, long segment, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    record(e, code, -1, -1, segment, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int elfld__fail_recordf(struct elfld_err *e, int code, const char *image, const char *table,
                        size_t index, uint32_t type, const char *type_name, const char *sym,
                        const char *why) {
    return elfld__fail_relocf(e, code, (long)index, (long)type, sym,
                              "%s: %s record %zu (%s, type %u%s%s)%s%s", image, table, index,
                              type_name ? type_name : "unknown", type, sym ? ", symbol " : "",
                              sym ? sym : "", why && *why ? ": " : "", why ? why : "");
}
