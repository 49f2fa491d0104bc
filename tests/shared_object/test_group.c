/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_group.c - integration: two libraries that reference each other (grpa.so <-> grpb.so),
 * linked as one group with elfld_open + elfld_open + elfld_link.
 *
 * Why: neither can be loaded first on its own (each has a load-time data reference into the
 * other), which is exactly what the two-phase API is for.  Calls and data pointers are checked
 * in both directions; loading one alone must fail with ELFLD_ENOSYM; the API's state rules
 * (no symbols before linking, no double linking, no duplicates) are checked; and releasing
 * both must unmap both even though they reference each other.
 */
#include "testutil.h"

typedef int (*int_fn)(void);

static void open2(struct tu_env *env, elfld_lib **a, elfld_lib **b)
{
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(0, &diag);
    tu_assert_rc(elfld_open(env->ctx, tu_fixture("grpa"), &o, a), 0, &diag);
    tu_assert_rc(elfld_open(env->ctx, tu_fixture("grpb"), &o, b), 0, &diag);
}

static void check_pair(elfld_lib *a, elfld_lib *b)
{
    int_fn a_calls_b = (int_fn)tu_sym(a, "a_calls_b");
    int_fn b_calls_a = (int_fn)tu_sym(b, "b_calls_a");
    assert_int_equal(a_calls_b(), 'b' + 1000);
    assert_int_equal(b_calls_a(), 'a' + 2000);
    assert_int_equal(a_calls_b(), 'b' + 1000);

    int **a_ptr = tu_sym(a, "a_ptr_to_b");
    int **b_ptr = tu_sym(b, "b_ptr_to_a");
    assert_ptr_equal(*a_ptr, tu_sym(b, "b_data"));
    assert_ptr_equal(*b_ptr, tu_sym(a, "a_data"));
    assert_int_equal(**a_ptr, 20);
    assert_int_equal(**b_ptr, 10);

    int_fn a_reads_b = (int_fn)tu_sym(a, "a_reads_b");
    int_fn b_reads_a = (int_fn)tu_sym(b, "b_reads_a");
    *(int *)tu_sym(b, "b_data") = 21;
    *(int *)tu_sym(a, "a_data") = 11;
    assert_int_equal(a_reads_b(), 21);
    assert_int_equal(b_reads_a(), 11);
}

static void test_group_link(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a, *b;
    open2(env, &a, &b);

    /* Opened, not linked: no symbols yet. */
    assert_null(elfld_sym(a, "a_func"));
    struct elfld_syminfo si;
    assert_int_equal(elfld_sym_info(a, "a_func", NULL, &si), ELFLD_EBUSY);

    struct elfld_diag diag;
    elfld_lib *const libs[2] = {a, b};
    tu_assert_rc(elfld_link(env->ctx, libs, 2, &diag), 0, &diag);
    check_pair(a, b);

    /* Linking again is refused: they are no longer in the opened state. */
    assert_int_equal(elfld_link(env->ctx, libs, 2, NULL), ELFLD_EBUSY);

    elfld_release(a);
    elfld_release(b);
    /* Both gone although each referenced the other. */
    assert_int_equal(env->ch.reserves.n, 0);
    assert_null(elfld_next(env->ctx, NULL));
}

/* Release order must not matter. */
static void test_group_release_reverse(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a, *b;
    open2(env, &a, &b);
    elfld_lib *const libs[2] = {b, a};
    struct elfld_diag diag;
    tu_assert_rc(elfld_link(env->ctx, libs, 2, &diag), 0, &diag);
    check_pair(a, b);
    elfld_release(b);
    /* a still works after its partner's caller reference is gone. */
    int_fn a_calls_b = (int_fn)tu_sym(a, "a_calls_b");
    assert_int_equal(a_calls_b(), 'b' + 1000);
    elfld_release(a);
    assert_int_equal(env->ch.reserves.n, 0);
}

/* ELFLD_NOW on both members. */
static void test_group_now(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a, *b;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &diag);
    tu_assert_rc(elfld_open(env->ctx, tu_fixture("grpa"), &o, &a), 0, &diag);
    tu_assert_rc(elfld_open(env->ctx, tu_fixture("grpb"), &o, &b), 0, &diag);
    elfld_lib *const libs[2] = {a, b};
    tu_assert_rc(elfld_link(env->ctx, libs, 2, &diag), 0, &diag);
    check_pair(a, b);
    elfld_release(a);
    elfld_release(b);
}

/* One alone cannot be loaded: its data reference into the other is unresolved. */
static void test_one_alone_fails(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    tu_load_fail(env, tu_fixture("grpa"), NULL, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "b_data");
    tu_load_fail(env, tu_fixture("grpb"), NULL, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "a_data");
}

/* Linking a one-member group of an incomplete library fails; the member is left failed and
 * must still be released by the caller; nothing else is left behind. */
static void test_link_failure(void **state)
{
    struct tu_env *env = *state;
    struct tu_snap before = tu_snap_take(env);
    elfld_lib *a;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(0, &diag);
    tu_assert_rc(elfld_open(env->ctx, tu_fixture("grpa"), &o, &a), 0, &diag);
    elfld_lib *const libs[1] = {a};
    tu_assert_rc(elfld_link(env->ctx, libs, 1, &diag), ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "b_data");
    assert_null(elfld_sym(a, "a_func"));
    assert_int_equal(elfld_link(env->ctx, libs, 1, NULL), ELFLD_EBUSY);
    assert_int_equal(env->ch.reserves.n, 0); /* image unmapped already */
    elfld_release(a);
    tu_snap_assert_same(env, before);
}

/* A duplicate member is refused (EINVAL), leaving both still openable/linkable. */
static void test_duplicate_member(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a, *b;
    open2(env, &a, &b);
    elfld_lib *const dup[3] = {a, b, a};
    assert_int_equal(elfld_link(env->ctx, dup, 3, NULL), ELFLD_EINVAL);
    elfld_lib *const libs[2] = {a, b};
    struct elfld_diag diag;
    tu_assert_rc(elfld_link(env->ctx, libs, 2, &diag), 0, &diag);
    check_pair(a, b);
    elfld_release(a);
    elfld_release(b);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_group_link),
        TU_TEST(test_group_release_reverse),
        TU_TEST(test_group_now),
        TU_TEST(test_one_alone_fails),
        TU_TEST(test_link_failure),
        TU_TEST(test_duplicate_member),
    };
    return cmocka_run_group_tests_name("group", tests, NULL, NULL);
}
