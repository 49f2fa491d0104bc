/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_initfini.c - integration: constructors and destructors (fixtures/initfini.c +
 * initfini_arr.c).
 *
 * Why: order matters to real code (a constructor may use what DT_INIT set up).  The fixture
 * logs each initializer/finalizer through record() (which this test supplies); the exact
 * sequences, checked against the system loader when the fixture was written, are:
 *   load:    DT_INIT, .init_array in order (priorities 101, 102 first, then plain ones in link
 *            order);
 *   release: .fini_array in reverse, then DT_FINI.
 * Initializers also get the host's argc/argv/envp, as the system loader passes them.
 */
#include <string.h>

#include "testutil.h"

static int log_v[64];
static int log_n;

static void record(int what)
{
    if (log_n < 64)
        log_v[log_n] = what;
    log_n++;
}

static struct {
    int calls;
    int argc;
    char **argv;
    char **envp;
} args_seen[2]; /* [0]: DT_INIT, [1]: plain constructor */

static void record_args(int which, int argc, char **argv, char **envp)
{
    int k = which == 1 ? 0 : 1;
    args_seen[k].calls++;
    args_seen[k].argc = argc;
    args_seen[k].argv = argv;
    args_seen[k].envp = envp;
}

static int pre_find(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "record") == 0)
        out->addr = (void *)record;
    else if (strcmp(name, "record_args") == 0)
        out->addr = (void *)record_args;
    else
        return 0;
    out->size = 0;
    return 1;
}

static void assert_log(const int *want, int n)
{
    if (log_n != n || memcmp(log_v, want, (size_t)n * sizeof *want) != 0) {
        print_error("log (%d entries):", log_n);
        for (int i = 0; i < log_n && i < 64; i++)
            print_error(" %d", log_v[i]);
        print_error("\nwant (%d entries):", n);
        for (int i = 0; i < n; i++)
            print_error(" %d", want[i]);
        print_error("\n");
    }
    assert_int_equal(log_n, n);
    assert_memory_equal(log_v, want, (size_t)n * sizeof *want);
}

static const int want_init[] = {1, 10, 11, 12, 20, 21};
static const int want_fini[] = {61, 60, 52, 51, 50, 100};

static elfld_lib *load_initfini(struct tu_env *env, unsigned flags)
{
    log_n = 0;
    memset(args_seen, 0, sizeof args_seen);
    struct elfld_opts o = tu_opts(flags, NULL);
    o.pre_find = pre_find;
    return tu_load(env, "initfini", &o);
}

static void check_order(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_initfini(env, flags);
    assert_log(want_init, 6);

    int (*alive)(void) = (int (*)(void))tu_sym(lib, "initfini_alive");
    assert_int_equal(alive(), 0x1f);
    assert_log(want_init, 6); /* calling into it runs nothing more */

    /* An extra reference: release does not finalize until the last one. */
    elfld_retain(lib);
    assert_int_equal(elfld_refcount(lib), 2);
    elfld_release(lib);
    assert_log(want_init, 6);

    log_n = 0;
    elfld_release(lib);
    assert_log(want_fini, 6);
}

static void test_order_lazy(void **state) { check_order(state, ELFLD_LAZY); }
static void test_order_now(void **state) { check_order(state, ELFLD_NOW); }

/* DT_INIT and constructors receive the host's argc/argv/envp. */
static void test_init_args(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_initfini(env, ELFLD_LAZY);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(args_seen[k].calls, 1);
        assert_int_equal(args_seen[k].argc, tu_host_argc);
        assert_ptr_equal(args_seen[k].argv, tu_host_argv);
        assert_ptr_equal(args_seen[k].envp, tu_host_envp);
    }
    assert_string_equal(args_seen[1].argv[1], "--alpha");
    elfld_release(lib);
}

/* Destroying the context finalizes what is still loaded. */
static void test_destroy_runs_fini(void **state)
{
    struct tu_env *env = *state;
    load_initfini(env, ELFLD_LAZY);
    assert_log(want_init, 6);
    log_n = 0;
    elfld_ctx_destroy(env->ctx);
    env->ctx = NULL;
    assert_log(want_fini, 6);
    count_host_assert_clean(&env->ch);
    tu_env_ctx(env); /* teardown destroys a fresh context */
}

/*
 * Destroying a context that still holds several libraries runs their destructors newest
 * library first (elfld.h), the reverse of their constructors: finia, finib, finic are loaded in
 * that order and never released.
 */
static void test_destroy_newest_first(void **state)
{
    struct tu_env *env = *state;
    static const char *const names[] = {"finia", "finib", "finic"};
    log_n = 0;
    for (int i = 0; i < 3; i++) {
        struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
        o.pre_find = pre_find;
        elfld_lib *lib = tu_load(env, names[i], &o);
        int (*id)(void) = (int (*)(void))tu_sym(lib, "finiorder_id");
        assert_int_equal(id(), i + 1);
    }
    static const int want_ctors[] = {1, 2, 3};
    assert_log(want_ctors, 3);
    log_n = 0;
    elfld_ctx_destroy(env->ctx);
    env->ctx = NULL;
    static const int want_dtors[] = {103, 102, 101};
    assert_log(want_dtors, 3);
    count_host_assert_clean(&env->ch);
    tu_env_ctx(env); /* teardown destroys a fresh context */
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_order_lazy),
        TU_TEST(test_order_now),
        TU_TEST(test_init_args),
        TU_TEST(test_destroy_runs_fini),
        TU_TEST(test_destroy_newest_first),
    };
    return cmocka_run_group_tests_name("initfini", tests, NULL, NULL);
}
