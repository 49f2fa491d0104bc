/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* error.c - elfld_strerror: one static message per ELFLD_E* code. */
#include "internal.h"

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
    [22] = "thread-local storage not supported",
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
};

const char *elfld_strerror(int code) {
    unsigned idx = code <= 0 ? (unsigned)-(long)code : ~0u;
    if (idx < sizeof messages / sizeof messages[0] && messages[idx])
        return messages[idx];
    return "unknown error";
}
