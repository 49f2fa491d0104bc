/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_scope.c - integration: explicit scopes (fixtures/scope_a.c, scope_b.c).
 *
 * Why: a LOCAL library is invisible to later loads unless a load names it in opts.scope.
 * scopeb.so needs scope_data (at load) and scope_val (lazily) from scopea.so.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "testutil.h"

static void check_with_scope(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    elfld_lib *a = tu_load(env, "scopea", NULL); /* LOCAL */
    elfld_lib *const scope[1] = {a};
    struct elfld_opts o = tu_opts(flags, NULL);
    o.scope = scope;
    o.scope_count = 1;
    elfld_lib *b = tu_load(env, "scopeb", &o);

    int **ptr = tu_sym(b, "scope_b_ptr");
    assert_ptr_equal(*ptr, tu_sym(a, "scope_data"));
    int (*get)(void) = (int (*)(void))tu_sym(b, "scope_b_get");
    assert_int_equal(get(), 77 + 770);
    assert_int_equal(get(), 77 + 770);
    elfld_release(b);
    elfld_release(a);
}

static void test_scope_lazy(void **state) { check_with_scope(state, ELFLD_LAZY); }
static void test_scope_now(void **state) { check_with_scope(state, ELFLD_NOW); }

/* Without the scope, the LOCAL provider is not searched: ELFLD_ENOSYM. */
static void test_no_scope_fails(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a = tu_load(env, "scopea", NULL);
    struct elfld_diag diag;
    tu_load_fail(env, tu_fixture("scopeb"), NULL, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "scope_data");
    assert_int_equal(elfld_refcount(a), 1); /* the failed load took no reference */
    elfld_release(a);
}

/* A GLOBAL provider needs no scope. */
static void test_global_provider(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts ao = tu_opts(ELFLD_GLOBAL, NULL);
    elfld_lib *a = tu_load(env, "scopea", &ao);
    elfld_lib *b = tu_load(env, "scopeb", NULL);
    int (*get)(void) = (int (*)(void))tu_sym(b, "scope_b_get");
    assert_int_equal(get(), 847);
    elfld_release(b);
    elfld_release(a);
}

/* A scope entry taken from another context is rejected (EINVAL), nothing left behind. */
static void test_foreign_scope(void **state)
{
    struct tu_env *env = *state;
    struct tu_env other;
    tu_env_init(&other);
    tu_env_ctx(&other);
    elfld_lib *a = tu_load(&other, "scopea", NULL);
    elfld_lib *const scope[1] = {a};
    struct elfld_opts o = tu_opts(0, NULL);
    o.scope = scope;
    o.scope_count = 1;
    tu_load_fail(env, tu_fixture("scopeb"), &o, ELFLD_EINVAL, NULL);
    elfld_release(a);
    tu_env_destroy(&other);
}

/*
 * The program's own libraries change under a context: scopea.so, dlopen'ed GLOBAL by the
 * program, provides scopeb's symbols through the system index; once it is closed and
 * scopea2.so (the same names, other values, a larger image) opened in its place - as many
 * images as before - scopeb must bind to scopea2's, not read the closed library's tables
 * from the index.  Then with scopea2 closed too: ELFLD_ENOSYM.
 */
static void test_system_changes(void **state)
{
    struct tu_env *env = *state;
    void *ha = dlopen(tu_fixture("scopea"), RTLD_NOW | RTLD_GLOBAL);
    assert_non_null(ha);
    elfld_lib *b = tu_load(env, "scopeb", NULL);
    int (*get)(void) = (int (*)(void))tu_sym(b, "scope_b_get");
    assert_int_equal(get(), 77 + 770);
    elfld_release(b);
    assert_int_equal(dlclose(ha), 0);

    void *h2 = dlopen(tu_fixture("scopea2"), RTLD_NOW | RTLD_GLOBAL);
    assert_non_null(h2);
    b = tu_load(env, "scopeb", NULL);
    get = (int (*)(void))tu_sym(b, "scope_b_get");
    assert_ptr_equal(*(int **)tu_sym(b, "scope_b_ptr"), dlsym(h2, "scope_data"));
    assert_int_equal(get(), 99 + 990);
    elfld_release(b);
    assert_int_equal(dlclose(h2), 0);

    /* a load re-reads the changed images first (the index is a cache of the context, not
     * something a failed load may leave behind): let one do it before the check below */
    elfld_release(tu_load(env, "basic", NULL));
    struct elfld_diag diag;
    tu_load_fail(env, tu_fixture("scopeb"), NULL, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "scope_data");
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_scope_lazy),
        TU_TEST(test_scope_now),
        TU_TEST(test_no_scope_fails),
        TU_TEST(test_global_provider),
        TU_TEST(test_foreign_scope),
        TU_TEST(test_system_changes),        /* last: dynamic programs only */
    };
    size_t n = sizeof tests / sizeof *tests;
    if (!tu_process_is_dynamic()) {            /* a static program has no dlopen() */
        printf("static program: test_system_changes does not apply (no dlopen)\n");
        n--;
    }
    return _cmocka_run_group_tests("scope", tests, n, NULL, NULL);
}
