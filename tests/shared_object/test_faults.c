/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_faults.c - fault injection: make the k-th fallible host call (reserve, alloc, open,
 * protect, read_source, reserve_source, map_zero) fail, for every k, until an operation
 * succeeds without reaching k.
 *
 * Why: the design's "all or nothing" rule is easiest to break on rarely taken cleanup paths.
 * Each failed attempt must return exactly the code of the hook that failed, and leave the
 * count host exactly as before; the loop proves every cleanup point.  The hooks' codes
 * (count_host_fault_code): reserve, alloc and reserve_source return NULL, which the core
 * reports as ENOMEM; open and map_zero fail with ENOMEM, protect with EPROTECT, read_source
 * with EIO, and the core passes those codes through.  A failure the load absorbs (rc 0: an
 * optional step, e.g. a source mapping that falls back to a copy) must leave a library that
 * works: the operation's check calls into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_K 5000

static int supply_record(void *user, const char *name, const char *version,
                         struct elfld_found *out);

/* One attempt of `op`; returns the load's rc, fills *injected. */
typedef int (*op_fn)(struct tu_env *env, elfld_lib **libs, size_t *nlibs);
/* What shows that the libraries op loaded work (calls into them). */
typedef void (*check_fn)(elfld_lib **libs, size_t nlibs);

/* Returns how many injected failures the operation absorbed. */
static long run_faults(struct tu_env *env, op_fn op, check_fn check, const char *what)
{
    long absorbed = 0;
    int k;
    for (k = 1; k <= MAX_K; k++) {
        struct tu_snap before = tu_snap_take(env);
        env->ch.fail_at = k;
        env->ch.fallible_calls = 0;
        env->ch.injected = 0;
        elfld_lib *libs[4] = {NULL, NULL, NULL, NULL};
        size_t nlibs = 0;
        int rc = op(env, libs, &nlibs);
        long injected = env->ch.injected;
        env->ch.fail_at = 0; /* cleanup never fails */
        if (injected == 0) {
            /* k is past the last fallible call: the operation ran clean. */
            if (rc != 0)
                fail_msg("%s: k=%d: no fault injected but rc=%d (%s)", what, k, rc,
                         elfld_strerror(rc));
            check(libs, nlibs);
            for (size_t i = 0; i < nlibs; i++)
                elfld_release(libs[i]);
            break;
        }
        int hook = env->ch.injected_hook;
        if (rc == 0) {
            /* The failure was absorbed (an optional step): fine, but it must work. */
            print_message("%s: k=%d: the %s failure was absorbed\n", what, k,
                          count_host_hook_name(hook));
            absorbed++;
            check(libs, nlibs);
            for (size_t i = 0; i < nlibs; i++)
                elfld_release(libs[i]);
            tu_snap_assert_same(env, before);
            continue;
        }
        if (rc != count_host_fault_code(hook))
            fail_msg("%s: k=%d: the %s failure gave rc=%d (%s), want %d (%s)", what, k,
                     count_host_hook_name(hook), rc, elfld_strerror(rc),
                     count_host_fault_code(hook), elfld_strerror(count_host_fault_code(hook)));
        for (size_t i = 0; i < nlibs; i++)
            elfld_release(libs[i]); /* members of a failed group are still the caller's */
        tu_snap_assert_same(env, before);
    }
    if (k > MAX_K)
        fail_msg("%s: still failing after %d injected faults", what, MAX_K);
    print_message("%s: %d fault points checked, %ld absorbed\n", what, k - 1, absorbed);
    assert_true(k > 3); /* at least a few fallible calls: the counting is live */
    return absorbed;
}

static int op_basic_now(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    int rc = elfld_load(env->ctx, tu_fixture("basic"), &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

static int op_libc_lazy(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    struct elfld_opts o = tu_opts(ELFLD_LAZY | tu_libc_fixture_flags(), NULL);
    int rc = elfld_load(env->ctx, tu_fixture("libc"), &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

static int op_initfini(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.pre_find = supply_record;
    int rc = elfld_load(env->ctx, tu_fixture("initfini"), &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

static int op_versions(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    struct elfld_opts o = tu_opts(ELFLD_GLOBAL, NULL);
    int rc = elfld_load(env->ctx, tu_fixture("ver"), &o, &libs[0]);
    if (rc != 0)
        return rc;
    *n = 1;
    o = tu_opts(ELFLD_NOW, NULL);
    rc = elfld_load(env->ctx, tu_fixture("vuserold"), &o, &libs[1]);
    if (rc == 0)
        *n = 2;
    return rc;
}

static int op_group(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    int rc = elfld_open(env->ctx, tu_fixture("grpa"), &o, &libs[0]);
    if (rc != 0)
        return rc;
    *n = 1;
    rc = elfld_open(env->ctx, tu_fixture("grpb"), &o, &libs[1]);
    if (rc != 0)
        return rc;
    *n = 2;
    return elfld_link(env->ctx, libs, 2, NULL);
}

/*
 * basic, then enough lookups that elfld_sym builds its lookup index (elfld.h: more than
 * nsyms/8 + 64 of them), through host->alloc: a failure there is absorbed (lookups keep using
 * the hash table), so this operation takes the "absorbed" branch.
 */
static int op_basic_lookups(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    int rc = op_basic_now(env, libs, n);
    for (int i = 0; rc == 0 && i < 200; i++)
        if (elfld_sym(libs[0], i % 2 ? "basic_add" : "basic_mul") == NULL)
            fail_msg("lookup %d failed", i);
    return rc;
}

static unsigned char *relr_buf;
static size_t relr_size;

/* Dependency trees (fixtures/deps): every library of the tree comes and goes with the load. */
static int noted;
static void deps_note(int event, int id)
{
    (void)event;
    noted += id;
}

static struct tu_supply note_supply = {"deps_note", NULL, 0};

static int op_deps(struct tu_env *env, elfld_lib **libs, size_t *n, const char *root)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/deps-%s/%s", tu_fixture_dir, tu_toolchain, root);
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    void (*note)(int, int) = deps_note;
    memcpy(&note_supply.addr, &note, sizeof note_supply.addr);
    o.post_find = tu_supply_one;
    o.find_user = &note_supply;
    int rc = elfld_load(env->ctx, path, &o, &libs[0]);
    *n = rc == 0;
    return rc;
}
static int op_deps_diamond(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    return op_deps(env, libs, n, "dproot.so");
}
static int op_deps_cycle(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    return op_deps(env, libs, n, "dpcyc.so");
}

static int op_relr_mem(struct tu_env *env, elfld_lib **libs, size_t *n)
{
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    int rc = elfld_load_mem(env->ctx, relr_buf, relr_size, &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

static void rec(int what) { (void)what; }
static void rec_args(int which, int argc, char **argv, char **envp)
{
    (void)which, (void)argc, (void)argv, (void)envp;
}

static int supply_record(void *user, const char *name, const char *version,
                         struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "record") == 0)
        out->addr = (void *)rec;
    else if (strcmp(name, "record_args") == 0)
        out->addr = (void *)rec_args;
    else
        return 0;
    out->size = 0;
    return 1;
}

/* The checks: values from the fixtures' sources (tests/shared_object/fixtures/). */
typedef int (*int_fn)(void);

static void check_basic(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    assert_int_equal(((int (*)(int, int))tu_sym(libs[0], "basic_call_plt"))(2, 3), 15);
}

static void check_libc(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    assert_int_equal(((int (*)(int))tu_sym(libs[0], "libc_sort_sum"))(100), 100);
}

static void check_initfini(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    assert_int_equal(((int_fn)tu_sym(libs[0], "initfini_alive"))(), 0x1f);
}

static void check_versions(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 2);
    assert_int_equal(((int_fn)tu_sym(libs[1], "vuser_call_foo"))(), 1);   /* foo@VER_1 */
    assert_int_equal(((int_fn)tu_sym(libs[1], "vuser_call_bar"))(), 3);
}

static void check_group(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 2);
    assert_int_equal(((int_fn)tu_sym(libs[0], "a_calls_b"))(), 'b' + 1000);
    assert_int_equal(((int_fn)tu_sym(libs[1], "b_calls_a"))(), 'a' + 2000);
}

static void check_relr(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    assert_int_equal(((int_fn)tu_sym(libs[0], "relr_check"))(), 0);
}

static void test_basic_now(void **state)
{
    run_faults(*state, op_basic_now, check_basic, "basic NOW");
}
static void test_basic_lookups(void **state)
{
    assert_true(run_faults(*state, op_basic_lookups, check_basic, "basic + lookup index") >= 1);
}
static void test_libc_lazy(void **state)
{
    run_faults(*state, op_libc_lazy, check_libc, "libc LAZY");
}
static void test_initfini(void **state)
{
    run_faults(*state, op_initfini, check_initfini, "initfini");
}
static void test_versions(void **state)
{
    run_faults(*state, op_versions, check_versions, "ver + vuserold");
}
static void test_group(void **state)
{
    run_faults(*state, op_group, check_group, "group link");
}
static void check_deps_diamond(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    assert_int_equal(((int_fn)tu_sym(libs[0], "dp_root"))(), 38);
}
static void check_deps_cycle(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    assert_int_equal(((int_fn)tu_sym(libs[0], "dp_cyc"))(), 107);
}
static void test_deps_diamond(void **state)
{
    run_faults(*state, op_deps_diamond, check_deps_diamond, "dependency tree (diamond)");
}
static void test_deps_cycle(void **state)
{
    run_faults(*state, op_deps_cycle, check_deps_cycle, "dependency tree (cycle)");
}

static void test_relr_mem(void **state)
{
    relr_buf = tu_read_file(tu_fixture("relr"), &relr_size);
    run_faults(*state, op_relr_mem, check_relr, "relr from memory");
    free(relr_buf);
}

/* Context creation itself. */
static void test_ctx_create(void **state)
{
    (void)state;
    int k;
    for (k = 1; k < 100; k++) {
        struct tu_env env;
        tu_env_init(&env);
        env.ch.fail_at = k;
        elfld_ctx *ctx = NULL;
        int rc = elfld_ctx_create(&env.host, &ctx);
        long injected = env.ch.injected;
        env.ch.fail_at = 0;
        if (injected == 0) {
            assert_int_equal(rc, 0);
            env.ctx = ctx;
            tu_env_destroy(&env);
            break;
        }
        if (rc == 0) {
            env.ctx = ctx;
        } else {
            assert_int_equal(rc, ELFLD_ENOMEM);
            assert_null(ctx);
        }
        tu_env_destroy(&env);
    }
    assert_true(k < 100);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_basic_now),
        TU_TEST(test_basic_lookups),
        TU_TEST(test_libc_lazy),
        TU_TEST(test_initfini),
        TU_TEST(test_versions),
        TU_TEST(test_group),
        TU_TEST(test_relr_mem),
        TU_TEST(test_deps_diamond),
        TU_TEST(test_deps_cycle),
        TU_TEST(test_ctx_create),
    };
    return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
