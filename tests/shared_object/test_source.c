/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_source.c - integration: how a source reaches memory.
 *
 * Why: the POSIX host opens a file without a view (open + fstat), and the core reads the
 * headers through host->read_source and lets host->reserve_source map the first segment with
 * the reservation, like the system loader (its system-call budget).  That path must give the
 * same image as the others: .bss zero and writable even when the reservation showed file
 * bytes there, gaps between segments inaccessible, and any failure of the new hooks a precise
 * error with nothing left behind.  Also: a host that can only read (no map_source), and a
 * host compiled before these hooks existed (smaller struct_size) that gives views.
 *
 * Fixtures: basic (fixtures/basic.c: 1 MiB .bss), gap (the same linked with 64 KiB maximum
 * page size, so the toolchains leave unmapped pages between segments).
 */
#define _GNU_SOURCE /* mkstemp under c_std=c11 */
#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#if UINTPTR_MAX > 0xffffffffu
typedef Elf64_Ehdr t_ehdr;
typedef Elf64_Phdr t_phdr;
#else
typedef Elf32_Ehdr t_ehdr;
typedef Elf32_Phdr t_phdr;
#endif

typedef int (*fn_ii)(int, int);
typedef int (*fn_v)(void);

/* The image works: a call, and the 1 MiB .bss reads as zero and takes writes. */
static void assert_basic_works(elfld_lib *lib)
{
    fn_ii add = (fn_ii)tu_sym(lib, "basic_add");
    assert_int_equal(add(40, 2), 42);
    fn_v bss = (fn_v)tu_sym(lib, "basic_bss_zero_then_touch");
    assert_int_equal(bss(), 1);
}

static elfld_lib *load_ok(struct tu_env *env, const char *fixture)
{
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    return tu_load(env, fixture, &o);
}

/* ------------------------------------------------------------------ the POSIX host's way */

/* Default POSIX host: one reserve_source, no plain reserve, a header read, zero pages for the
 * .bss past the file. */
static void test_reserve_source(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_ok(env, "basic");
    assert_int_equal(env->ch.n_reserve_source, 1);
    assert_int_equal(env->ch.n_reserve, 0);
    assert_true(env->ch.n_read_source >= 1);
    assert_true(env->ch.n_map_zero >= 1);      /* 1 MiB of .bss: pages past the file */
    assert_basic_works(lib);
    elfld_release(lib);
}

/* Pages between two segments (vaddr) of the fixture file, after the load: none readable. */
static void test_gaps_inaccessible(void **state)
{
    struct tu_env *env = *state;
    const char *path = tu_fixture("gap");
    size_t size;
    unsigned char *file = tu_read_file(path, &size);
    t_ehdr eh;
    memcpy(&eh, file, sizeof eh);

    elfld_lib *lib = load_ok(env, "gap");
    assert_int_equal(env->ch.n_reserve_source, 1);
    assert_basic_works(lib);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), prev_end = 0;
    int gaps = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        t_phdr ph;
        memcpy(&ph, file + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uintptr_t lo = ph.p_vaddr & ~(page - 1);
        for (uintptr_t a = prev_end; prev_end && a < lo; a += page) {
            char perms[5];
            assert_int_equal(tu_maps_perms((void *)(elfld_base(lib) + a), perms), 0);
            if (perms[0] != '-' || perms[1] != '-' || perms[2] != '-')
                fail_msg("gap page at vaddr %#lx is %s after the load", (unsigned long)a, perms);
            gaps++;
        }
        prev_end = (ph.p_vaddr + ph.p_memsz + page - 1) & ~(page - 1);
    }
    print_message("gap fixture: %d gap page(s) checked\n", gaps);
    assert_true(gaps > 0);   /* the fixture really has gaps, so the check above means something */
    elfld_release(lib);
    free(file);
}

/* An empty file: the same clear error as before, nothing left open. */
static void test_empty_file(void **state)
{
    struct tu_env *env = *state;
    char path[] = "/tmp/elfld-empty-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    tu_load_fail(env, path, NULL, ELFLD_ETRUNC, NULL);
    unlink(path);
}

/* ------------------------------------------------------------------ failing hooks */
/* The count host's hooks, with one of the new ones failing at its k-th call. */
static struct {
    struct elfld_host inner;
    long k, calls, injected;
} W;

static int fail_now(void)
{
    if (++W.calls != W.k)
        return 0;
    W.injected++;
    return 1;
}

static int w_read_source(void *user, const struct elfld_blob *blob, size_t offset, void *dst,
                         size_t size)
{
    return fail_now() ? ELFLD_EIO : W.inner.read_source(user, blob, offset, dst, size);
}

static void *w_reserve_source(void *user, const struct elfld_blob *blob, size_t offset,
                              size_t size, size_t align, unsigned prot)
{
    return fail_now() ? NULL : W.inner.reserve_source(user, blob, offset, size, align, prot);
}

static int w_map_zero(void *user, void *addr, size_t size, unsigned prot)
{
    return fail_now() ? ELFLD_ENOMEM : W.inner.map_zero(user, addr, size, prot);
}

enum which { READ, RESERVE_SOURCE, MAP_ZERO };

/*
 * For k = 1, 2, ...: a load whose `which` hook fails at its k-th call gives `want`, a
 * message naming the file, and leaves nothing behind; until a load reaches no k-th call and
 * works.  `viewless_copy`: the host has no map_source (every segment is read).
 */
static void run_failing(enum which which, int want, bool viewless_copy)
{
    struct tu_env env;
    tu_env_init(&env);
    W.inner = env.host;
    if (which == READ)
        env.host.read_source = w_read_source;
    else if (which == RESERVE_SOURCE)
        env.host.reserve_source = w_reserve_source;
    else
        env.host.map_zero = w_map_zero;
    if (viewless_copy)
        env.host.map_source = NULL;
    tu_env_ctx(&env);
    const char *path = tu_fixture("basic");
    long k;
    for (k = 1; k < 100; k++) {
        W.k = k;
        W.calls = W.injected = 0;
        struct elfld_diag d;
        struct tu_snap before = tu_snap_take(&env);
        struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
        elfld_lib *lib = NULL;
        int rc = elfld_load(env.ctx, path, &o, &lib);
        if (!W.injected) {
            tu_assert_rc(rc, 0, &d);
            assert_basic_works(lib);
            elfld_release(lib);
            break;
        }
        tu_assert_rc(rc, want, &d);
        if (which == READ && strstr(d.message, path) == NULL)
            fail_msg("read failure message does not name the file: %s", d.message);
        tu_snap_assert_same(&env, before);
        assert_null(elfld_next(env.ctx, NULL));
    }
    assert_true(k > 1 && k < 100);
    W.k = 0;
    tu_env_destroy(&env);
}

static void test_read_fails(void **state)
{
    (void)state;
    run_failing(READ, ELFLD_EIO, false);
}

static void test_read_fails_copying(void **state)
{
    (void)state;
    run_failing(READ, ELFLD_EIO, true);
}

static void test_reserve_source_fails(void **state)
{
    (void)state;
    run_failing(RESERVE_SOURCE, ELFLD_ENOMEM, false);
}

static void test_map_zero_fails(void **state)
{
    (void)state;
    run_failing(MAP_ZERO, ELFLD_ENOMEM, false);
}

/* ------------------------------------------------------------------ other hosts */

/* A host that can only read: no map_source, so no reserve_source either; every segment is
 * read into a plain reservation. */
static void test_read_only_host(void **state)
{
    (void)state;
    struct tu_env env;
    tu_env_init(&env);
    env.host.map_source = NULL;
    tu_env_ctx(&env);
    elfld_lib *lib = load_ok(&env, "basic");
    assert_int_equal(env.ch.n_reserve_source, 0);
    assert_int_equal(env.ch.n_reserve, 1);
    assert_true(env.ch.n_read_source >= 2);    /* headers, then the segments */
    assert_basic_works(lib);
    elfld_release(lib);
    tu_env_destroy(&env);
}

/* A host compiled before read_source existed: smaller struct_size, an open that gives a
 * view of the whole file.  Whatever follows struct_size must not be read. */
static int view_open(void *user, const char *name, struct elfld_blob *out)
{
    (void)user;
    size_t size;
    unsigned char *p = tu_read_file(name, &size);
    out->data = p;
    out->size = size;
    out->cookie = p;
    return 0;
}

static void view_close(void *user, struct elfld_blob *blob)
{
    (void)user;
    free(blob->cookie);
}

static int poison_read(void *user, const struct elfld_blob *blob, size_t offset, void *dst,
                       size_t size)
{
    (void)user, (void)blob, (void)offset, (void)dst, (void)size;
    fail_msg("read_source of an old host's struct was called");
    return ELFLD_EIO;
}

static void test_old_host(void **state)
{
    (void)state;
    struct tu_env env;
    tu_env_init(&env);
    env.host.struct_size = offsetof(struct elfld_host, read_source);
    env.host.open = view_open;
    env.host.close = view_close;
    env.host.map_source = NULL;            /* its blobs have no file descriptor behind them */
    env.host.read_source = poison_read;
    env.host.reserve_source = NULL;
    tu_env_ctx(&env);
    elfld_lib *lib = load_ok(&env, "basic");
    assert_int_equal(env.ch.n_read_source, 0);
    assert_basic_works(lib);
    elfld_release(lib);
    tu_env_destroy(&env);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_reserve_source),
        TU_TEST(test_gaps_inaccessible),
        TU_TEST(test_empty_file),
        TU_TEST(test_read_fails),
        TU_TEST(test_read_fails_copying),
        TU_TEST(test_reserve_source_fails),
        TU_TEST(test_map_zero_fails),
        TU_TEST(test_read_only_host),
        TU_TEST(test_old_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
