/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * debian_archive.h - what the tests that link one of Debian's static archives share: how
 * the test program was itself built (its host kind), its arguments, loading the archive with
 * the entry points it requires, and looking those up with their prototypes checked.
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
#ifndef DEBIAN_ARCHIVE_H
#define DEBIAN_ARCHIVE_H

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

/* The archive's path (argument 3). */
static const char *archive;

/* Arguments: FIXTURE_DIR TOOLCHAIN ARCHIVE HOST_KIND; exits 2 on a usage error or a program
 * built as another kind. */
static inline void archive_args(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 5 || argv[3][0] == 0) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN ARCHIVE pie|fpic|nopie\n", argv[0]);
        exit(2);
    }
    archive = argv[3];
    host_kind_check(argv[4]);
}

/* Link the archive's members that `required` needs (pre_find, when not NULL, consulted first)
 * and fail the test unless it loads. */
static inline elfld_lib *archive_load(struct tu_env *env, const char *const *required,
                                      size_t nrequired, elfld_find_fn pre_find)
{
    struct elfld_input in = {.name = archive};
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    o.require = required;
    o.require_count = nrequired;
    o.pre_find = pre_find;
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_objects(env->ctx, &in, 1, &o, &lib), 0, &d);
    return lib;
}

/* Look `name` up in the image and store it in `slot`.  The assignment inside sizeof is never
 * evaluated (nothing in the program references the symbol), but the compiler still checks the
 * slot's type against the prototype in the package's headers. */
#define LOOKUP(lib, slot, name)                                                                \
    do {                                                                                       \
        (void)sizeof((slot) = &name);                                                          \
        void *addr_ = tu_sym((lib), #name);                                                    \
        memcpy(&(slot), &addr_, sizeof addr_);                                                 \
    } while (0)

#endif
