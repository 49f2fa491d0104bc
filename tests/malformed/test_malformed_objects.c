/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_malformed_objects.c - the malformed-input corpus for relocatable objects and archives:
 * every case gen_obj.py wrote (a mutation of objects built from obj/ sources or of archives
 * assembled from them, or a fuzzer finding kept in regress-obj/) is loaded with
 * elfld_load_objects through the counting host and must
 *   - return exactly the ELFLD_E* code the case names (0 for the controls, which must load and
 *     release cleanly), with a diagnostic carrying the same code and a message;
 *   - for ELFLD_EDUPSYM, name both inputs in the message and the symbol in diag.symbol;
 *   - leave nothing behind: reservations, allocations and blobs back to what the empty
 *     context holds, no bad free / unreserve, no W+X protect request, no library listed.
 * Inputs are exactly sized heap copies (a read past the end shows under ASan).  One cmocka
 * test per case, named after it.
 *
 * Usage: test_malformed_objects OBJ_DIR TOOLCHAIN CASES_FILE
 */
#define _GNU_SOURCE /* strndup */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

struct minput {
    unsigned flags;
    char *label;
    unsigned char *data;
    size_t size;
};

struct mcase {
    char *name;
    int expect;
    unsigned flags;
    char **require;
    size_t nrequire;
    struct minput *in;
    size_t nin;
};

struct mstate {
    struct tu_env env;
    const struct mcase *c;
};

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
    tu_env_destroy(&st->env);
    free(st);
    return 0;
}

static void run_case(void **state)
{
    struct mstate *st = *state;
    const struct mcase *c = st->c;
    struct tu_env *env = &st->env;
    struct elfld_input *in = calloc(c->nin ? c->nin : 1, sizeof *in);
    assert_non_null(in);
    for (size_t i = 0; i < c->nin; i++) {
        unsigned char *copy = malloc(c->in[i].size ? c->in[i].size : 1);
        assert_non_null(copy);
        memcpy(copy, c->in[i].data, c->in[i].size);
        in[i].name = c->in[i].label;
        in[i].data = copy;
        in[i].size = c->in[i].size;
        in[i].flags = c->in[i].flags;
    }
    struct tu_snap before = tu_snap_take(env);
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(c->flags, &diag);
    o.require = (const char *const *)c->require;
    o.require_count = c->nrequire;
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, in, c->nin, &o, &lib);
    for (size_t i = 0; i < c->nin; i++)
        free((void *)in[i].data);
    free(in);
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
    if (rc == ELFLD_EDUPSYM) {
        assert_true(diag.symbol[0] != 0);
        assert_non_null(strstr(diag.message, diag.symbol));
        /* both definitions are named: two distinct input labels appear in the message */
        size_t named = 0;
        for (size_t i = 0; i < c->nin; i++)
            named += strstr(diag.message, c->in[i].label) != NULL;
        assert_true(named >= 2 || strstr(diag.message, "libmo.a(") != NULL);
    }
    tu_snap_assert_same(env, before);
    count_host_assert_no_errors(&env->ch);
    assert_null(elfld_next(env->ctx, NULL));
}

/* ------------------------------------------------------------------ the cases file */
static const unsigned char *p, *end;
static const char *cases_path;

static void bad_file(void)
{
    fprintf(stderr, "test_malformed_objects: %s is not a valid cases file\n", cases_path);
    exit(2);
}

static uint32_t rd32(void)
{
    if (end - p < 4)
        bad_file();
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    p += 4;
    return v;
}

static uint64_t rd64(void)
{
    uint64_t lo = rd32();
    return lo | (uint64_t)rd32() << 32;
}

static unsigned char *rdbytes(size_t n, int nul)
{
    if ((size_t)(end - p) < n)
        bad_file();
    unsigned char *b = malloc(n + 1);
    assert_non_null(b);
    memcpy(b, p, n);
    if (nul)
        b[n] = 0;
    p += n;
    return b;
}

static struct mcase *read_cases(const char *path, size_t *n_out)
{
    size_t size;
    unsigned char *f = tu_read_file(path, &size);
    cases_path = path;
    p = f;
    end = f + size;
    if (size < 16 || memcmp(p, "ELFLDMOB", 8) != 0)
        bad_file();
    p += 8;
    if (rd32() != 1)
        bad_file();
    size_t n = rd32();
    struct mcase *cases = calloc(n ? n : 1, sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        struct mcase *c = &cases[i];
        uint32_t len = rd32();
        c->name = (char *)rdbytes(len, 1);
        c->expect = (int32_t)rd32();
        c->flags = rd32();
        c->nrequire = rd32();
        c->require = calloc(c->nrequire ? c->nrequire : 1, sizeof *c->require);
        for (size_t k = 0; k < c->nrequire; k++) {
            len = rd32();
            c->require[k] = (char *)rdbytes(len, 1);
        }
        c->nin = rd32();
        c->in = calloc(c->nin ? c->nin : 1, sizeof *c->in);
        for (size_t k = 0; k < c->nin; k++) {
            c->in[k].flags = rd32();
            len = rd32();
            c->in[k].label = (char *)rdbytes(len, 1);
            c->in[k].size = (size_t)rd64();
            c->in[k].data = rdbytes(c->in[k].size, 0);
        }
    }
    if (p != end)
        bad_file();
    free(f);
    *n_out = n;
    return cases;
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 4) {
        fprintf(stderr, "usage: %s OBJ_DIR TOOLCHAIN CASES_FILE\n", argv[0]);
        return 2;
    }
    size_t n;
    struct mcase *cases = read_cases(argv[3], &n);
    if (n == 0) {
        fprintf(stderr, "test_malformed_objects: no cases\n");
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
    int failed = _cmocka_run_group_tests("malformed-objects", tests, n, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        free(cases[i].name);
        for (size_t k = 0; k < cases[i].nrequire; k++)
            free(cases[i].require[k]);
        free(cases[i].require);
        for (size_t k = 0; k < cases[i].nin; k++) {
            free(cases[i].in[k].label);
            free(cases[i].in[k].data);
        }
        free(cases[i].in);
    }
    free(cases);
    free(tests);
    return failed;
}
