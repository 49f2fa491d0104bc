/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unit_api.c - unit tests of the public API surface that need no fixture semantics:
 * error strings, diagnostics, context creation rules, NULL handling.  (Unit tests of internal
 * functions get their own files; this one is about the API contract.)
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define FIRST_CODE ELFLD_OK
#define LAST_CODE ELFLD_EADDRINUSE

/* Every code has its own non-empty string; unknown codes share "unknown error". */
static void test_strerror(void **state)
{
    (void)state;
    const char *seen[64];
    int n = 0;
    for (int code = FIRST_CODE; code >= LAST_CODE; code--) {
        const char *s = elfld_strerror(code);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        if (strcmp(s, "unknown error") == 0)
            fail_msg("code %d has no string of its own", code);
        for (int i = 0; i < n; i++)
            if (strcmp(seen[i], s) == 0)
                fail_msg("codes %d and %d share the string '%s'", -i, code, s);
        seen[n++] = s;
    }
    assert_int_equal(n, 36);
    const int unknown[] = {1, 42, LAST_CODE - 1, -1000, 0x7fffffff, -0x7fffffff - 1};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_non_null(elfld_strerror(unknown[i]));
        assert_string_equal(elfld_strerror(unknown[i]), "unknown error");
    }
}

/* ctx_create validates its host. */
static void test_ctx_create_rules(void **state)
{
    (void)state;
    struct tu_env env;
    elfld_ctx *ctx = NULL;
    tu_env_init(&env);

    assert_int_equal(elfld_ctx_create(NULL, &ctx), ELFLD_EINVAL);
    assert_int_equal(elfld_ctx_create(&env.host, NULL), ELFLD_EINVAL);

    struct elfld_host h = env.host;
    h.struct_size = 0;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    h = env.host;
    h.struct_size = offsetof(struct elfld_host, reserve); /* too small to hold the hooks */
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);

    /* Each REQUIRED hook. */
    h = env.host;
    h.reserve = NULL;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    h = env.host;
    h.unreserve = NULL;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    h = env.host;
    h.alloc = NULL;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    h = env.host;
    h.free = NULL;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    /* open without close. */
    h = env.host;
    h.close = NULL;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    /* Page size not a power of two. */
    h = env.host;
    h.page_size = 3000;
    assert_int_equal(elfld_ctx_create(&h, &ctx), ELFLD_EINVAL);
    assert_null(ctx);
    count_host_assert_clean(&env.ch);

    /* Page size 0 means 4096: accepted. */
    h = env.host;
    h.page_size = 0;
    assert_int_equal(elfld_ctx_create(&h, &ctx), 0);
    assert_non_null(ctx);
    elfld_ctx_destroy(ctx);
    elfld_ctx_destroy(NULL); /* ignored */
    count_host_assert_clean(&env.ch);
    count_host_fini(&env.ch);
}

/* The host struct is copied: the caller's copy may go away. */
static void test_host_copied(void **state)
{
    (void)state;
    struct tu_env env;
    tu_env_init(&env);
    struct elfld_host *h = malloc(sizeof *h);
    assert_non_null(h);
    *h = env.host;
    elfld_ctx *ctx = NULL;
    assert_int_equal(elfld_ctx_create(h, &ctx), 0);
    memset(h, 0, sizeof *h);
    free(h);
    env.ctx = ctx;
    elfld_lib *lib = tu_load(&env, "basic", NULL);
    int (*add)(int, int) = (int (*)(int, int))tu_sym(lib, "basic_add");
    assert_int_equal(add(1, 2), 3);
    elfld_release(lib);
    tu_env_destroy(&env);
}

/* Diagnostics: filled on failure, with code, phase, message, and -1 for unknown fields. */
static void test_diag_enoent(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag d;
    tu_load_fail(env, "/nonexistent/x.so", NULL, ELFLD_ENOENT, &d);
    assert_int_equal(d.code, ELFLD_ENOENT);
    assert_int_equal(d.phase, ELFLD_PHASE_READ);
    assert_string_equal(d.symbol, "");
    assert_int_equal(d.reloc_index, -1);
    assert_int_equal(d.reloc_type, -1);
    assert_int_equal(d.segment, -1);
}

static void test_diag_parse(void **state)
{
    struct tu_env *env = *state;
    static const char junk[128] = "definitely not an ELF image";
    struct elfld_diag d;
    tu_load_mem_fail(env, junk, sizeof junk, NULL, ELFLD_EMAGIC, &d);
    assert_int_equal(d.phase, ELFLD_PHASE_PARSE);
    assert_string_equal(d.symbol, "");
    assert_int_equal(d.reloc_index, -1);
    assert_int_equal(d.reloc_type, -1);
}

static void test_diag_enosym(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag d;
    tu_load_fail(env, tu_fixture("missing"), NULL, ELFLD_ENOSYM, &d);
    assert_int_equal(d.phase, ELFLD_PHASE_RELOC);
    assert_string_equal(d.symbol, "elfld_test_missing_data");
    assert_true(d.reloc_index >= 0);
#if defined(__x86_64__)
    assert_int_equal(d.reloc_type, 6); /* R_X86_64_GLOB_DAT */
#endif
}

/* A successful load reports no error in the diag: it is either left alone or cleared. */
static void test_diag_clean_on_success(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag d;
    memset(&d, 0x5a, sizeof d);
    struct elfld_opts o = tu_opts(0, &d);
    elfld_lib *lib = NULL;
    assert_int_equal(elfld_load(env->ctx, tu_fixture("basic"), &o, &lib), 0);
    unsigned char untouched[sizeof d];
    memset(untouched, 0x5a, sizeof untouched);
    if (memcmp(&d, untouched, sizeof d) != 0) {
        assert_int_equal(d.code, ELFLD_OK);
        assert_string_equal(d.message, "");
        assert_string_equal(d.symbol, "");
    }
    elfld_release(lib);
}

/* NULL arguments to the query functions. */
static void test_null_queries(void **state)
{
    struct tu_env *env = *state;
    struct elfld_syminfo si;
    assert_null(elfld_sym(NULL, "x"));
    elfld_lib *lib = tu_load(env, "basic", NULL);
    assert_null(elfld_sym(lib, NULL));
    assert_int_equal(elfld_sym_info(NULL, "x", NULL, &si), ELFLD_EINVAL);
    assert_int_equal(elfld_sym_info(lib, NULL, NULL, &si), ELFLD_EINVAL);
    assert_int_equal(elfld_sym_info(lib, "basic_add", NULL, NULL), ELFLD_EINVAL);
    assert_int_equal(elfld_addr_info(NULL, (void *)1, &si), ELFLD_EINVAL);
    assert_null(elfld_next(NULL, NULL));
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_ctx_create_rules),
        cmocka_unit_test(test_host_copied),
        TU_TEST(test_diag_enoent),
        TU_TEST(test_diag_parse),
        TU_TEST(test_diag_enosym),
        TU_TEST(test_diag_clean_on_success),
        TU_TEST(test_null_queries),
    };
    return cmocka_run_group_tests_name("unit_api", tests, NULL, NULL);
}
