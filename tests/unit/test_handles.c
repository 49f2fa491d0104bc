/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_handles.c - handles used after their release or after their context was destroyed,
 * against the core built with handle checks (meson option handle_checks, see
 * src/core/handles.h): each such call fails as it would for a NULL handle, and the host's log
 * names the call and the misuse.  Nothing reads freed memory (the asan suite runs this too).
 *
 * Usage: test_handles FIXTURE_DIR TOOLCHAIN (loads basic-TOOLCHAIN.so)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "elfld.h"
#include "elfld/posix.h"

static char fixture[4096];
static int host_argc;
static char **host_argv;

/* What the host's log received since the last reset. */
static char logged[4096];

static void record_log(void *user, int level, const char *msg)
{
    (void)user;
    if (level == ELFLD_LOG_ERROR)
        snprintf(logged + strlen(logged), sizeof logged - strlen(logged), "%s\n", msg);
}

/* In this build the core keeps every released library record and destroyed context (poisoned)
 * instead of freeing it: every handle made here stays referenced from this table, so that
 * LeakSanitizer (the asan suite) sees those records reachable. */
static void *handles_made[16];
static size_t nhandles_made;

static void keep(void *handle)
{
    assert_true(nhandles_made < sizeof handles_made / sizeof handles_made[0]);
    handles_made[nhandles_made++] = handle;
}

static elfld_ctx *new_ctx(void)
{
    struct elfld_host host;
    elfld_posix_host(&host, host_argc, host_argv, NULL);
    host.log = record_log;
    elfld_ctx *ctx = NULL;
    assert_int_equal(elfld_ctx_create(&host, &ctx), 0);
    keep(ctx);
    return ctx;
}

static elfld_lib *load_basic(elfld_ctx *ctx)
{
    elfld_lib *lib = NULL;
    assert_int_equal(elfld_load(ctx, fixture, NULL, &lib), 0);
    keep(lib);
    int (*sum)(void) = (int (*)(void))elfld_sym(lib, "basic_static_sum");
    assert_non_null(sum);
    assert_int_equal(sum(), 307);
    return lib;
}

static void assert_logged(const char *a, const char *b)
{
    if (!strstr(logged, a) || !strstr(logged, b))
        fail_msg("log lacks \"%s\" / \"%s\":\n%s", a, b, logged);
    logged[0] = 0;
}

/* Live handles work and log nothing. */
static void test_live(void **state)
{
    (void)state;
    logged[0] = 0;
    elfld_ctx *ctx = new_ctx();
    elfld_lib *lib = load_basic(ctx);
    assert_ptr_equal(elfld_retain(lib), lib);
    assert_int_equal(elfld_refcount(lib), 2);
    elfld_release(lib);
    assert_ptr_equal(elfld_next(ctx, NULL), lib);
    elfld_release(lib);
    elfld_ctx_destroy(ctx);
    assert_string_equal(logged, "");
}

/* A second release, and every call on the handle after its last release. */
static void test_after_release(void **state)
{
    (void)state;
    logged[0] = 0;
    elfld_ctx *ctx = new_ctx();
    elfld_lib *lib = load_basic(ctx);
    elfld_release(lib);
    assert_string_equal(logged, "");

    elfld_release(lib);
    assert_logged("elfld_release: library", "was released");
    assert_null(elfld_sym(lib, "basic_static_sum"));
    assert_logged("elfld_sym: library", "was released");
    struct elfld_syminfo info;
    assert_int_equal(elfld_sym_info(lib, "basic_static_sum", NULL, &info), ELFLD_EINVAL);
    assert_logged("elfld_sym_info: library", "was released");
    assert_null(elfld_retain(lib));
    assert_logged("elfld_retain: library", "was released");
    assert_int_equal(elfld_refcount(lib), 0);
    assert_logged("elfld_refcount: library", "was released");
    assert_null(elfld_name(lib));
    assert_logged("elfld_name: library", "was released");
    assert_int_equal(elfld_link(ctx, &lib, 1, NULL), ELFLD_EINVAL);
    assert_logged("elfld_link: library", "was released");

    /* the context itself is still fine */
    elfld_lib *again = load_basic(ctx);
    elfld_release(again);
    elfld_ctx_destroy(ctx);
    assert_string_equal(logged, "");
}

/* A library left loaded when its context is destroyed, then the context's own handle. */
static void test_after_ctx_destroy(void **state)
{
    (void)state;
    logged[0] = 0;
    elfld_ctx *ctx = new_ctx();
    elfld_lib *lib = load_basic(ctx);
    elfld_ctx_destroy(ctx);
    assert_string_equal(logged, "");

    elfld_release(lib);
    assert_logged("elfld_release: library", "context was destroyed");
    assert_null(elfld_sym(lib, "basic_static_sum"));
    assert_logged("elfld_sym: library", "context was destroyed");

    elfld_ctx_destroy(ctx);
    assert_logged("elfld_ctx_destroy: context", "was destroyed");
    elfld_lib *out = NULL;
    assert_int_equal(elfld_load(ctx, fixture, NULL, &out), ELFLD_EINVAL);
    assert_null(out);
    assert_logged("elfld_load: context", "was destroyed");
    assert_null(elfld_next(ctx, NULL));
    assert_logged("elfld_next: context", "was destroyed");
    struct elfld_syminfo info;
    assert_int_equal(elfld_addr_info(ctx, (void *)&info, &info), ELFLD_EINVAL);
    assert_logged("elfld_addr_info: context", "was destroyed");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN\n", argv[0]);
        return 2;
    }
    snprintf(fixture, sizeof fixture, "%s/basic-%s.so", argv[1], argv[2]);
    host_argc = argc;
    host_argv = argv;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live),
        cmocka_unit_test(test_after_release),
        cmocka_unit_test(test_after_ctx_destroy),
    };
    return cmocka_run_group_tests_name("handles", tests, NULL, NULL);
}
