/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * cases.c - the malformed-input driver: the cases file, one cmocka test per case on a fresh
 * counting-host context, and the checks every case gets (see cases.h).
 */
#define _GNU_SOURCE /* mkdtemp */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The program being run: the cmocka test functions below reach its run_case through it. */
static const struct mc_program *program;

/* ------------------------------------------------------------------ the cases file */
static void bad_file(const struct mc_reader *r)
{
    fprintf(stderr, "%s: %s is not a valid cases file\n", program->prog, r->path);
    exit(2);
}

uint32_t mc_u32(struct mc_reader *r)
{
    if (r->end - r->p < 4)
        bad_file(r);
    const unsigned char *p = r->p;
    r->p += 4;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t mc_u64(struct mc_reader *r)
{
    uint64_t lo = mc_u32(r);
    return lo | (uint64_t)mc_u32(r) << 32;
}

unsigned char *mc_bytes(struct mc_reader *r, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        bad_file(r);
    unsigned char *b = malloc(n + 1);
    assert_non_null(b);
    memcpy(b, r->p, n);
    b[n] = 0;
    r->p += n;
    return b;
}

char *mc_str(struct mc_reader *r)
{
    uint32_t len = mc_u32(r);
    return (char *)mc_bytes(r, len);
}

/* The cases of `path`, program->case_size bytes each; *n_out gets their count. */
static unsigned char *read_cases(const char *path, size_t *n_out)
{
    size_t size;
    unsigned char *f = tu_read_file(path, &size);
    struct mc_reader r = {f, f + size, path};
    if (size < 16 || memcmp(f, program->magic, 8) != 0)
        bad_file(&r);
    r.p += 8;
    if (mc_u32(&r) != 1)
        bad_file(&r);
    size_t n = mc_u32(&r);
    unsigned char *cases = calloc(n ? n : 1, program->case_size);
    assert_non_null(cases);
    for (size_t i = 0; i < n; i++) {
        struct mc_case *c = (struct mc_case *)(cases + i * program->case_size);
        c->name = mc_str(&r);
        c->expect = (int32_t)mc_u32(&r);
        c->flags = mc_u32(&r);
        program->read_case(&r, c);
    }
    if (r.p != r.end)
        bad_file(&r);
    free(f);
    *n_out = n;
    return cases;
}

/* ------------------------------------------------------------------ files for the path route */
char *mc_write_file(const char *name, const void *data, size_t size)
{
    char dir[] = "/tmp/elfld-malformed-XXXXXX";
    assert_non_null(mkdtemp(dir));
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *path = malloc(len);
    assert_non_null(path);
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    return path;
}

void mc_remove_file(char *path)
{
    assert_int_equal(unlink(path), 0);
    *strrchr(path, '/') = 0;
    assert_int_equal(rmdir(path), 0);
    free(path);
}

/* ------------------------------------------------------------------ two tests per case */
struct mc_test {
    const void *c;
    enum mc_route route;
    char *name;               /* the by-path test's name (the by-memory one is the case's) */
};

struct mc_state {
    struct tu_env env;
    const struct mc_test *t;
};

static int case_setup(void **state)
{
    struct mc_state *st = calloc(1, sizeof *st);
    assert_non_null(st);
    st->t = *state;
    tu_env_init(&st->env);
    tu_env_ctx(&st->env);
    *state = st;
    return 0;
}

static int case_teardown(void **state)
{
    struct mc_state *st = *state;
    tu_env_destroy(&st->env);     /* asserts: nothing live after the context is destroyed */
    free(st);
    return 0;
}

static void run_case(void **state)
{
    struct mc_state *st = *state;
    program->run_case(&st->env, st->t->c, st->t->route);
}

int mc_main(int argc, char **argv, const struct mc_program *prog)
{
    program = prog;
    tu_init(argc, argv);
    if (argc < 4) {
        fprintf(stderr, "usage: %s %s TOOLCHAIN CASES_FILE\n", argv[0], prog->dir_arg);
        return 2;
    }
    size_t n;
    unsigned char *cases = read_cases(argv[3], &n);
    if (n == 0) {
        fprintf(stderr, "%s: no cases\n", prog->prog);
        return 2;
    }
    struct CMUnitTest *tests = calloc(2 * n, sizeof *tests);
    struct mc_test *t = calloc(2 * n, sizeof *t);
    assert_non_null(tests);
    assert_non_null(t);
    for (size_t i = 0; i < 2 * n; i++) {
        struct mc_case *c = (struct mc_case *)(cases + (i / 2) * prog->case_size);
        t[i].c = c;
        t[i].route = i % 2 ? MC_BY_PATH : MC_BY_MEMORY;
        if (t[i].route == MC_BY_PATH) {
            size_t len = strlen(c->name) + sizeof " (by path)";
            t[i].name = malloc(len);
            assert_non_null(t[i].name);
            snprintf(t[i].name, len, "%s (by path)", c->name);
        }
        tests[i].name = t[i].name ? t[i].name : c->name;
        tests[i].test_func = run_case;
        tests[i].setup_func = case_setup;
        tests[i].teardown_func = case_teardown;
        tests[i].initial_state = &t[i];
    }
    int failed = _cmocka_run_group_tests(prog->group, tests, 2 * n, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        struct mc_case *c = (struct mc_case *)(cases + i * prog->case_size);
        free(c->name);
        prog->free_case(c);
    }
    for (size_t i = 0; i < 2 * n; i++)
        free(t[i].name);
    free(cases);
    free(tests);
    free(t);
    return failed;
}

/* ------------------------------------------------------------------ the checks */
void mc_check_rc(const struct mc_case *c, int rc, elfld_lib *lib, const struct elfld_diag *diag)
{
    if (rc != c->expect) {
        print_error("%s: got %d (%s), want %d (%s); diag: phase %d, \"%s\"\n", c->name, rc,
                    elfld_strerror(rc), c->expect, elfld_strerror(c->expect), diag->phase,
                    diag->message);
        if (rc == 0)
            elfld_release(lib);
        fail();
    }
    if (rc == 0) {
        assert_non_null(lib);
        elfld_release(lib);
    } else {
        assert_null(lib);
        assert_int_equal(diag->code, rc);
        assert_true(diag->message[0] != 0);
        print_message("%s: %s (%s)\n", c->name, elfld_strerror(rc), diag->message);
    }
}

void mc_assert_nothing_left(const struct tu_env *env, struct tu_snap before)
{
    tu_snap_assert_same(env, before);
    count_host_assert_no_errors(&env->ch);
}
