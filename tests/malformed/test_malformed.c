/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_malformed.c - the malformed-input corpus: every case gen.py wrote into the cases file
 * (a deliberate mutation of a fixture built by this suite, or a fuzzer finding kept as a
 * regression input) is loaded with elfld_load_mem through the counting host, and must
 *   - return exactly the ELFLD_E* code the case names (0 for the controls, which must load
 *     and then release cleanly), with a diagnostic carrying the same code and a message;
 *   - leave nothing behind: reservations, allocations and open blobs back to what the empty
 *     context holds, no bad free / unreserve, no W+X protect request (count host errors);
 *   - for cases marked "no reserve" (absurd sizes), fail before asking the host for memory.
 * One cmocka test per case, named after it, so the SUMMARY counts cases.
 *
 * Usage: test_malformed FIXTURE_DIR TOOLCHAIN CASES_FILE
 */
#define _GNU_SOURCE /* strndup */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define CHECK_NO_RESERVE 1u   /* the host's reserve() must not be called */
#define CHECK_SUPPLY_ALL 2u   /* a pre_find callback supplies every symbol (a dummy address) */

struct mcase {
    char *name;
    int expect;
    unsigned flags;           /* ELFLD_* load flags */
    unsigned checks;          /* CHECK_* */
    unsigned char *data;
    size_t size;
};

struct mstate {
    struct tu_env env;
    const struct mcase *c;
};

static void dummy(void) {}

static int supply_all(void *user, const char *name, const char *version,
                      struct elfld_found *out)
{
    (void)user, (void)name, (void)version;
    out->addr = (void *)(uintptr_t)&dummy;
    out->size = 0;
    return 1;
}

static int case_setup(void **state)
{
    struct mstate *st = calloc(1, sizeof *st);
    assert_non_null(st);
    st->c = *state;
    tu_env_init(&st->env);
    tu_env_ctx(&st->env);
    *state = st;
    return 0;
}

static int case_teardown(void **state)
{
    struct mstate *st = *state;
    tu_env_destroy(&st->env);     /* asserts: nothing live after the context is destroyed */
    free(st);
    return 0;
}

static void run_case(void **state)
{
    struct mstate *st = *state;
    const struct mcase *c = st->c;
    struct tu_env *env = &st->env;
    /* an exactly sized copy: a read past the end of the input shows under ASan */
    unsigned char *copy = malloc(c->size ? c->size : 1);
    assert_non_null(copy);
    memcpy(copy, c->data, c->size);

    struct tu_snap before = tu_snap_take(env);
    long reserves_before = env->ch.n_reserve;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(c->flags, &diag);
    if (c->checks & CHECK_SUPPLY_ALL)
        o.pre_find = supply_all;
    elfld_lib *lib = NULL;
    int rc = elfld_load_mem(env->ctx, copy, c->size, &o, &lib);
    free(copy);
    if (rc != c->expect) {
        print_error("%s: got %d (%s), want %d (%s); diag: phase %d, \"%s\"\n", c->name, rc,
                    elfld_strerror(rc), c->expect, elfld_strerror(c->expect), diag.phase,
                    diag.message);
        if (rc == 0)
            elfld_release(lib);
        fail();
    }
    if (rc == 0) {
        assert_non_null(lib);
        elfld_release(lib);
    } else {
        assert_null(lib);
        assert_int_equal(diag.code, rc);
        assert_true(diag.message[0] != 0);
        print_message("%s: %s (%s)\n", c->name, elfld_strerror(rc), diag.message);
    }
    if (c->checks & CHECK_NO_RESERVE)
        assert_int_equal(env->ch.n_reserve, reserves_before);
    tu_snap_assert_same(env, before);
    count_host_assert_no_errors(&env->ch);
}

/* ------------------------------------------------------------------ the cases file */
static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void bad_file(const char *path)
{
    fprintf(stderr, "test_malformed: %s is not a valid cases file\n", path);
    exit(2);
}

static struct mcase *read_cases(const char *path, size_t *n_out)
{
    size_t size;
    unsigned char *f = tu_read_file(path, &size), *p = f, *end = f + size;
    if (size < 16 || memcmp(p, "ELFLDMAL", 8) != 0 || rd32(p + 8) != 1)
        bad_file(path);
    size_t n = rd32(p + 12);
    p += 16;
    struct mcase *cases = calloc(n ? n : 1, sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        struct mcase *c = &cases[i];
        if (end - p < 4)
            bad_file(path);
        uint32_t len = rd32(p);
        p += 4;
        if ((size_t)(end - p) < (size_t)len + 20)
            bad_file(path);
        c->name = strndup((const char *)p, len);
        p += len;
        c->expect = (int32_t)rd32(p);
        c->flags = rd32(p + 4);
        c->checks = rd32(p + 8);
        uint64_t sz = rd64(p + 12);
        p += 20;
        if ((uint64_t)(end - p) < sz)
            bad_file(path);
        c->size = (size_t)sz;
        c->data = malloc(c->size ? c->size : 1);
        memcpy(c->data, p, c->size);
        p += c->size;
    }
    if (p != end)
        bad_file(path);
    free(f);
    *n_out = n;
    return cases;
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 4) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN CASES_FILE\n", argv[0]);
        return 2;
    }
    size_t n;
    struct mcase *cases = read_cases(argv[3], &n);
    if (n == 0) {
        fprintf(stderr, "test_malformed: no cases\n");
        return 2;
    }
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = run_case;
        tests[i].setup_func = case_setup;
        tests[i].teardown_func = case_teardown;
        tests[i].initial_state = &cases[i];
    }
    int failed = _cmocka_run_group_tests("malformed", tests, n, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        free(cases[i].name);
        free(cases[i].data);
    }
    free(cases);
    free(tests);
    return failed;
}
