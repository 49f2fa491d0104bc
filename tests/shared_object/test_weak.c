/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_weak.c - integration: undefined weak references and missing strong ones.
 *
 * Why: an undefined weak symbol resolves to 0 and is not an error (code tests `if (fn)`); an
 * undefined strong one is an error the caller must be able to diagnose by name.  Both the
 * library's own view (weak_check, data words) and the load result are checked.
 */
#include "testutil.h"

static void check_weak(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(flags, NULL);
    elfld_lib *lib = tu_load(env, "weak", &o);
    int (*check)(void) = (int (*)(void))tu_sym(lib, "weak_check");
    assert_int_equal(check(), 3); /* both the function and the data address are NULL */
    void **fn_ptr = tu_sym(lib, "weak_fn_ptr");
    void **data_ptr = tu_sym(lib, "weak_data_ptr");
    assert_null(*fn_ptr);
    assert_null(*data_ptr);
    int (*call)(void) = (int (*)(void))tu_sym(lib, "weak_call_if_present");
    assert_int_equal(call(), -1);
    elfld_release(lib);
}

static void test_weak_lazy(void **state) { check_weak(state, ELFLD_LAZY); }
static void test_weak_now(void **state) { check_weak(state, ELFLD_NOW); }

/* A weak reference is still bound when something does define it: a GLOBAL library or the
 * pre_find can supply it (here: pre_find). */
static int weak_impl(void) { return 77; }
static int provided_data = 5;

static int supply(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (name[0] == 'w' && __builtin_strcmp(name, "weak_missing_fn") == 0)
        out->addr = (void *)weak_impl;
    else if (__builtin_strcmp(name, "weak_missing_data") == 0)
        out->addr = &provided_data;
    else
        return 0;
    out->size = 0;
    return 1;
}

static void test_weak_supplied(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_LAZY, NULL);
    o.pre_find = supply;
    elfld_lib *lib = tu_load(env, "weak", &o);
    int (*check)(void) = (int (*)(void))tu_sym(lib, "weak_check");
    assert_int_equal(check(), 0);
    int (*call)(void) = (int (*)(void))tu_sym(lib, "weak_call_if_present");
    assert_int_equal(call(), 77);
    int **data_ptr = tu_sym(lib, "weak_data_ptr");
    assert_ptr_equal(*data_ptr, &provided_data);
    elfld_release(lib);
}

/* A strong data reference nobody defines: ELFLD_ENOSYM naming it, in lazy mode too (data is
 * never lazy), and nothing left behind. */
static void check_missing(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(flags, NULL);
    tu_load_fail(env, tu_fixture("missing"), &o, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "elfld_test_missing_data");
    assert_int_equal(diag.phase, ELFLD_PHASE_RELOC);
    assert_null(elfld_next(env->ctx, NULL)); /* not in the context's list */
}

static void test_missing_lazy(void **state) { check_missing(state, ELFLD_LAZY); }
static void test_missing_now(void **state) { check_missing(state, ELFLD_NOW); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_weak_lazy),
        TU_TEST(test_weak_now),
        TU_TEST(test_weak_supplied),
        TU_TEST(test_missing_lazy),
        TU_TEST(test_missing_now),
    };
    return cmocka_run_group_tests_name("weak", tests, NULL, NULL);
}
