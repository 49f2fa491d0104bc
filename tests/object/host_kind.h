/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * host_kind.h - how a test program that links Debian's static archives was itself built.
 *
 * Each of those tests is built three times (tests/object/meson.build), because the program
 * calling libelfld decides where the C library's data that the archives reference lives:
 *   pie    -fPIE -pie:        gcc makes the program's own references to stderr and the like
 *                             direct, so the linker copies those variables into the program
 *                             (COPY relocations) and every other user, a linked image too,
 *                             binds to the copy inside the executable (clang 14 reaches them
 *                             through the GOT, as for fpic);
 *   fpic   -fPIC, linked -pie: the program reaches them through its GOT, so they stay in
 *                             libc.so, among the mappings the POSIX host's images join;
 *   nopie  -fno-pie -no-pie:  a fixed-address executable (ET_EXEC) in the low 2 GiB, with the
 *                             copied variables in it as for pie.
 * The test names the kind it was built as (an argument); host_kind_check() fails the run when
 * the compiler's macros or the executable's load address say otherwise, so a change of the
 * build flags cannot silently turn three kinds into one.
 */
#ifndef HOST_KIND_H
#define HOST_KIND_H

#include <link.h>
#include <string.h>

#include "testutil.h"

/* The first object dl_iterate_phdr reports is the executable: its load bias, 0 for ET_EXEC. */
static int host_kind_first(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    *(ElfW(Addr) *)data = info->dlpi_addr;
    return 1;
}

static inline void host_kind_check(const char *kind)
{
#if defined(__PIE__)
    const char *compiled = "pie";
#elif defined(__PIC__)
    const char *compiled = "fpic";
#else
    const char *compiled = "nopie";
#endif
    ElfW(Addr) bias = 1;
    dl_iterate_phdr(host_kind_first, &bias);
    int linked_pie = bias != 0;
    int want_pie = strcmp(kind, "nopie") != 0;
    if (strcmp(kind, compiled) != 0 || linked_pie != want_pie) {
        fprintf(stderr, "host kind %s expected, but this program was compiled as %s and linked %s\n",
                kind, compiled, linked_pie ? "position-independent" : "at a fixed address");
        exit(2);
    }
}

#endif
