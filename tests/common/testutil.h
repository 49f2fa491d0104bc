/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * testutil.h - shared helpers for the cmocka test programs.
 *
 * Every test program is started by meson as `prog FIXTURE_DIR TOOLCHAIN [EXTRA...]`; fixtures
 * are named `<name>-<toolchain>.so` in FIXTURE_DIR (see tests/fixtures/meson.build).  Tests
 * use the per-test setup/teardown below: setup builds a context on a count_host, teardown
 * destroys it and asserts that nothing is left (no reservation, allocation or open blob), so
 * every test checks for leaks without saying so.
 */
#ifndef ELFLD_TEST_UTIL_H
#define ELFLD_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count_host.h"
#include "elfld.h"

/* Parse argv: argv[1] fixture dir, argv[2] toolchain name.  Exits with status 2 (a loud
 * failure, never a skip) when they are missing.  Extra arguments stay in tu_argc/tu_argv. */
void tu_init(int argc, char **argv);
extern int tu_argc;
extern char **tu_argv;
extern const char *tu_fixture_dir;
extern const char *tu_toolchain;

/* "<dir>/<name>-<toolchain>.so" (or `.o` etc. through tu_fixture_ext).  The returned string
 * lives until the program ends. */
const char *tu_fixture(const char *name);
const char *tu_fixture_ext(const char *name, const char *ext);

/* What the per-test setup creates.  `argc/argv` are the synthetic process arguments given to
 * the host (checked by the init/fini tests). */
struct tu_env {
    struct count_host ch;
    struct elfld_host host;
    elfld_ctx *ctx;
};
extern int tu_host_argc;
extern char *tu_host_argv[];
extern char **tu_host_envp;

/* cmocka setup / teardown: create the context, then destroy it and assert no leaks. */
int tu_setup(void **state);
int tu_teardown(void **state);

/* Build a context on an env whose host the caller already adjusted (e.g. lazy_fail). */
void tu_env_init(struct tu_env *env);
void tu_env_ctx(struct tu_env *env);
void tu_env_destroy(struct tu_env *env); /* destroy ctx, assert clean, free tables */

#define TU_TEST(fn) cmocka_unit_test_setup_teardown(fn, tu_setup, tu_teardown)

/* What is live in the count host now: a failed call must leave exactly this behind. */
struct tu_snap {
    size_t reserves, allocs, blobs, reserved_bytes, alloc_bytes;
};
struct tu_snap tu_snap_take(const struct tu_env *env);
void tu_snap_assert_same(const struct tu_env *env, struct tu_snap before);

/* Load flags for the fixture built against a C library (libc-<toolchain>.so): ELFLD_NO_DEPS
 * where that C library is not this program's - zig's musl fixtures in a glibc program - so its
 * DT_NEEDED names a library the system does not have (musl's libc.so), while the functions it
 * calls still come from the system by name. */
unsigned tu_libc_fixture_flags(void);

/* Default options with struct_size set and a diag attached. */
struct elfld_opts tu_opts(unsigned flags, struct elfld_diag *diag);

/* Load `fixture` (a tu_fixture name) and assert success, printing the diag otherwise. */
elfld_lib *tu_load(struct tu_env *env, const char *fixture, const struct elfld_opts *opts);
elfld_lib *tu_load_path(struct tu_env *env, const char *path, const struct elfld_opts *opts);

/* Load `path` expecting failure `want`: asserts the code, that diag->code matches, and that
 * nothing was left behind (snapshot before == after).  `opts` may be NULL; a diag is attached
 * when it has none and copied to *diag_out when not NULL. */
void tu_load_fail(struct tu_env *env, const char *path, const struct elfld_opts *opts, int want,
                  struct elfld_diag *diag_out);
void tu_load_mem_fail(struct tu_env *env, const void *buf, size_t size,
                      const struct elfld_opts *opts, int want, struct elfld_diag *diag_out);

/* Assert `rc == want`, printing the diagnostic when it is not. */
void tu_assert_rc(int rc, int want, const struct elfld_diag *diag);

/* A pre_find / post_find callback supplying one variable: find_user points to a
 * struct tu_supply naming it; every other name is left to the scopes. */
struct tu_supply {
    const char *name;
    void *addr;
    size_t size;
};
int tu_supply_one(void *user, const char *name, const char *version, struct elfld_found *out);

/* A post_find callback answering the C library functions a plugin built by `zig c++` (libc++,
 * libc++abi and libunwind linked in) imports, from this program's own C library: a static
 * musl program has no dynamic symbol table for the system to be searched in. */
int tu_find_libc(void *user, const char *name, const char *version, struct elfld_found *out);

/* Look up `name` in `lib` and fail the test when absent. */
void *tu_sym(elfld_lib *lib, const char *name);

/* Read a whole file into malloc'd memory (fails the test on error). */
unsigned char *tu_read_file(const char *path, size_t *size);

/* ELF inspection of a fixture file (for checking that the fixture is what the test thinks,
 * independently of the library under test).  Returns 1 and the value when the dynamic
 * section has `tag`, 0 otherwise. */
int tu_elf_dyn(const char *path, int64_t tag, uint64_t *value);

/* The dynamic symbol table's undefined names (SHN_UNDEF, name not empty), read through the
 * section headers: fn(user, name, weak) once per entry, in table order.  Returns how many. */
size_t tu_elf_undefined(const char *path, void (*fn)(void *user, const char *name, int weak),
                        void *user);

/* The first dynamic relocation record naming symbol `sym`, in the order the relocation
 * sections (SHT_RELA / SHT_REL) come in the file: 1 and its type and its index in its
 * section, 0 when there is none. */
int tu_elf_reloc_of(const char *path, const char *sym, long *type, long *index);

/* Type of a PT_* program header present (1) or not (0); *flags gets its p_flags. */
int tu_elf_phdr(const char *path, uint32_t type, uint32_t *flags);

/* Permissions of the mapping containing `addr` from /proc/self/maps ("r-xp" ...); returns 0
 * when found. */
int tu_maps_perms(const void *addr, char perms[5]);

/* 1 when this test program is dynamically linked (it has a dynamic symbol table the POSIX
 * host can index), 0 for static programs. */
int tu_process_is_dynamic(void);

/* 1 when an image of this process (dl_iterate_phdr) has `part` in its name. */
int tu_system_has(const char *part);
/* How many libraries `ctx` holds; the first whose name contains `part` (or NULL). */
size_t tu_count_libs(elfld_ctx *ctx);
elfld_lib *tu_lib_named(elfld_ctx *ctx, const char *part);

/* 1 when writing to `addr` faults, 0 when the write works (it writes the byte it reads). */
int tu_write_faults(volatile char *addr);

#endif /* ELFLD_TEST_UTIL_H */
