/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_versions.c - integration: symbol versioning (fixtures/ver.c, vuser.c).
 *
 * Why: versioned libraries keep old ABIs alive under hidden versions.  elfld_sym() must give
 * the default version, elfld_sym_info() any named one (hidden included, flagged as such); and
 * a library linked against an older or newer release must bind to exactly the version it
 * recorded in its version needs: vuser.so wants foo@VER_2 (returns 2), vuserold.so was linked
 * against a release where foo@@VER_1 was the default and wants foo@VER_1 (returns 1).
 */
#include <string.h>

#include "testutil.h"

typedef int (*int_fn)(void);

static void test_default_and_named(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *ver = tu_load(env, "ver", NULL);

    int_fn foo = (int_fn)tu_sym(ver, "foo");
    assert_int_equal(foo(), 2);

    struct elfld_syminfo si;
    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_sym_info(ver, "foo", NULL, &si), 0);
    assert_int_equal(((int_fn)si.addr)(), 2);
    assert_non_null(si.version);
    assert_string_equal(si.version, "VER_2");
    assert_int_equal(si.hidden_version, 0);

    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_sym_info(ver, "foo", "VER_2", &si), 0);
    assert_int_equal(((int_fn)si.addr)(), 2);
    assert_int_equal(si.hidden_version, 0);

    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_sym_info(ver, "foo", "VER_1", &si), 0);
    assert_int_equal(((int_fn)si.addr)(), 1);
    assert_string_equal(si.version, "VER_1");
    assert_int_equal(si.hidden_version, 1);
    assert_string_equal(si.name, "foo");
    assert_ptr_equal(si.lib, ver);

    assert_int_equal(elfld_sym_info(ver, "foo", "VER_3", &si), ELFLD_ENOTFOUND);
    assert_int_equal(elfld_sym_info(ver, "bar", "VER_2", &si), ELFLD_ENOTFOUND);
    /* The version names themselves and the base version are not symbols. */
    assert_null(elfld_sym(ver, "VER_1"));
    assert_int_equal(elfld_sym_info(ver, "foo", "libver.so", &si), ELFLD_ENOTFOUND);

    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_sym_info(ver, "bar", "VER_1", &si), 0);
    assert_int_equal(((int_fn)si.addr)(), 3);
    assert_int_equal(si.hidden_version, 0);

    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_sym_info(ver, "ver_data", NULL, &si), 0);
    assert_int_equal(*(int *)si.addr, 4);
    assert_string_equal(si.version, "VER_2");
    assert_int_equal(si.type, ELFLD_SYM_OBJECT);

    /* The local implementation names are not exported. */
    assert_null(elfld_sym(ver, "foo_v1"));
    assert_null(elfld_sym(ver, "foo_v2"));
    elfld_release(ver);
}

/* What version each lookup asked for (pre_find sees it, then passes). */
struct asked {
    char foo_version[32];
    int foo_calls;
};

static int spy(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct asked *a = user;
    (void)out;
    if (strcmp(name, "foo") == 0) {
        a->foo_calls++;
        snprintf(a->foo_version, sizeof a->foo_version, "%s", version ? version : "(null)");
    }
    return 0;
}

static void check_user(void **state, const char *user_fixture, int want, const char *want_ver,
                       unsigned flags, int by_scope)
{
    struct tu_env *env = *state;
    struct elfld_opts vo = tu_opts(by_scope ? ELFLD_LOCAL : ELFLD_GLOBAL, NULL);
    elfld_lib *ver = tu_load(env, "ver", &vo);

    struct asked a;
    memset(&a, 0, sizeof a);
    struct elfld_opts o = tu_opts(flags, NULL);
    o.pre_find = spy;
    o.find_user = &a;
    elfld_lib *const scope[1] = {ver};
    if (by_scope) {
        o.scope = scope;
        o.scope_count = 1;
    }
    elfld_lib *lib = tu_load(env, user_fixture, &o);

    int_fn *ptr = tu_sym(lib, "vuser_foo_ptr");
    assert_int_equal((*ptr)(), want);
    int_fn call = (int_fn)tu_sym(lib, "vuser_call_foo");
    assert_int_equal(call(), want);
    assert_int_equal(call(), want);
    int_fn call_bar = (int_fn)tu_sym(lib, "vuser_call_bar");
    assert_int_equal(call_bar(), 3);

    assert_true(a.foo_calls >= 1);
    assert_string_equal(a.foo_version, want_ver);
    elfld_release(lib);
    elfld_release(ver);
}

static void test_vuser_lazy(void **state) { check_user(state, "vuser", 2, "VER_2", ELFLD_LAZY, 0); }
static void test_vuser_now(void **state) { check_user(state, "vuser", 2, "VER_2", ELFLD_NOW, 0); }
static void test_vuserold_lazy(void **state)
{
    check_user(state, "vuserold", 1, "VER_1", ELFLD_LAZY, 0);
}
static void test_vuserold_now(void **state)
{
    check_user(state, "vuserold", 1, "VER_1", ELFLD_NOW, 0);
}
static void test_vuserold_scope(void **state)
{
    check_user(state, "vuserold", 1, "VER_1", ELFLD_LAZY, 1);
}

/* A library that needs a version the provider lacks does not bind to another version. */
static void test_missing_version(void **state)
{
    struct tu_env *env = *state;
    /* verold.so has only foo@@VER_1: vuser.so (needs foo@VER_2) must not bind to it. */
    struct elfld_opts vo = tu_opts(ELFLD_GLOBAL, NULL);
    elfld_lib *old = tu_load(env, "verold", &vo);
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    tu_load_fail(env, tu_fixture("vuser"), &o, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "foo");
    elfld_release(old);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_default_and_named),
        TU_TEST(test_vuser_lazy),
        TU_TEST(test_vuser_now),
        TU_TEST(test_vuserold_lazy),
        TU_TEST(test_vuserold_now),
        TU_TEST(test_vuserold_scope),
        TU_TEST(test_missing_version),
    };
    return cmocka_run_group_tests_name("versions", tests, NULL, NULL);
}
