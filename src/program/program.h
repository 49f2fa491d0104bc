/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * program.h - the third wing: programs to start (api/exec.c drives it).  A program and its
 * interpreter are mapped by the core (api/load.c, ELFLD_ROLE_PROGRAM); this wing checks what
 * a start relies on (check.c) and builds the initial process stack (stack.c).
 */
#ifndef ELFLD_PROGRAM_PROGRAM_H
#define ELFLD_PROGRAM_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include "elfld/host.h"
#include "../core/error.h"
#include "../core/lib.h"
#include "../core/parse.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* What a mapped program or interpreter gives a start, each checked: its entry point (inside
 * an executable segment), its program headers as mapped (PT_PHDR inside a segment, else
 * the headers' file bytes inside one), and its interpreter's path (PT_INTERP inside a
 * segment's file bytes, NUL-terminated; NULL for a static program). */
struct elfld_start_image {
    uintptr_t entry;
    uintptr_t phdr;
    unsigned phnum;
    const char *interp;
};
int elfld__program_check(struct elfld_err *e, const struct elfld_lib *lib,
                         const struct elfld_plan *plan, struct elfld_start_image *out);

/* The values of the auxiliary vector that come from the images. */
struct elfld_start_values {
    uintptr_t phdr, phnum, entry;     /* AT_PHDR, AT_PHNUM, AT_ENTRY: the program's */
    uintptr_t interp_base;            /* AT_BASE: the interpreter's load address, or 0 */
    uintptr_t page_size;              /* AT_PAGESZ */
};

/* Build the initial process stack in [mem, mem + size), as Linux's exec does (from the top:
 * an end word, the strings - AT_EXECFN's, the environment's, the arguments', AT_PLATFORM's -
 * AT_RANDOM's 16 bytes, then argc, argv[], NULL, envp[], NULL, the auxiliary vector); *sp
 * receives the stack pointer (argc's address), aligned to 16 bytes.  ELFLD_ENOMEM when the
 * memory is too small for them. */
int elfld__stack_build(struct elfld_err *e, void *mem, size_t size, const char *const *argv,
                       const char *const *envp, const char *execfn,
                       const struct elfld_start_values *v, const struct elfld_process_info *pi,
                       uintptr_t *sp);

#pragma GCC visibility pop

#endif /* ELFLD_PROGRAM_PROGRAM_H */
