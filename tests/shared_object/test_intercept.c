/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_intercept.c - integration: pre_find and post_find (fixtures/icpt.c).
 *
 * Why: pre_find runs before every scope, so it can replace even a function the library
 * defines itself (its own calls go through the PLT); post_find runs after everything else
 * (global scope, own scope, the system) and can supply a symbol nobody defines.  The test
 * records which names each callback saw, to check that post_find is asked only for what
 * nothing else had.
 */
#include <string.h>

#include "testutil.h"

static int replacement(void) { return 5; }
static int supplied(void) { return 7; }

struct spy {
    int replace;            /* pre_find supplies icpt_target */
    int pre_calls, post_calls;
    char post_names[4][64];
    int post_named;
    int pre_saw_target, pre_saw_supplied;
};

static int pre(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct spy *s = user;
    s->pre_calls++;
    assert_null(version);
    if (strcmp(name, "icpt_target") == 0) {
        s->pre_saw_target++;
        if (s->replace) {
            out->addr = (void *)replacement;
            out->size = 0;
            return 1;
        }
    }
    if (strcmp(name, "icpt_supplied") == 0)
        s->pre_saw_supplied++;
    return 0;
}

static int post(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct spy *s = user;
    (void)version;
    s->post_calls++;
    if (s->post_named < 4)
        snprintf(s->post_names[s->post_named++], 64, "%s", name);
    if (strcmp(name, "icpt_supplied") == 0) {
        out->addr = (void *)supplied;
        out->size = 0;
        return 1;
    }
    return 0;
}

static void check(void **state, int replace, unsigned flags)
{
    struct tu_env *env = *state;
    struct spy s;
    memset(&s, 0, sizeof s);
    s.replace = replace;
    struct elfld_opts o = tu_opts(flags, NULL);
    o.pre_find = pre;
    o.post_find = post;
    o.find_user = &s;
    elfld_lib *lib = tu_load(env, "icpt", &o);

    int (*call)(void) = (int (*)(void))tu_sym(lib, "icpt_call");
    assert_int_equal(call(), replace ? 57 : 17);
    assert_int_equal(call(), replace ? 57 : 17);

    /* Both references went through pre_find; only the undefined one reached post_find. */
    assert_int_equal(s.pre_saw_target, 1);
    assert_int_equal(s.pre_saw_supplied, 1);
    assert_int_equal(s.post_calls, 1);
    assert_string_equal(s.post_names[0], "icpt_supplied");

    /* elfld_sym is a plain lookup in the library: not intercepted. */
    int (*target)(void) = (int (*)(void))tu_sym(lib, "icpt_target");
    assert_int_equal(target(), 1);
    elfld_release(lib);
}

static void test_replace_lazy(void **state) { check(state, 1, ELFLD_LAZY); }
static void test_replace_now(void **state) { check(state, 1, ELFLD_NOW); }
static void test_pass_lazy(void **state) { check(state, 0, ELFLD_LAZY); }
static void test_pass_now(void **state) { check(state, 0, ELFLD_NOW); }

/* pre_find wins over the global scope too: a GLOBAL copy of icpt.so would otherwise provide
 * icpt_target (returning 1) to the second copy. */
static void test_pre_before_global(void **state)
{
    struct tu_env *env = *state;
    struct spy s1, s2;
    memset(&s1, 0, sizeof s1);
    memset(&s2, 0, sizeof s2);
    struct elfld_opts o1 = tu_opts(ELFLD_GLOBAL | ELFLD_NOW, NULL);
    o1.post_find = post;
    o1.find_user = &s1;
    elfld_lib *g = tu_load(env, "icpt", &o1);

    s2.replace = 1;
    struct elfld_opts o2 = tu_opts(ELFLD_NOW, NULL);
    o2.pre_find = pre;
    o2.post_find = post;
    o2.find_user = &s2;
    elfld_lib *lib = tu_load(env, "icpt", &o2);
    int (*call)(void) = (int (*)(void))tu_sym(lib, "icpt_call");
    assert_int_equal(call(), 57);
    /* icpt_supplied is defined by nobody (the global copy got it from its own post_find):
     * the second copy's post_find is asked for it, once. */
    assert_int_equal(s2.post_calls, 1);
    assert_string_equal(s2.post_names[0], "icpt_supplied");
    elfld_release(lib);
    elfld_release(g);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_replace_lazy),
        TU_TEST(test_replace_now),
        TU_TEST(test_pass_lazy),
        TU_TEST(test_pass_now),
        TU_TEST(test_pre_before_global),
    };
    return cmocka_run_group_tests_name("intercept", tests, NULL, NULL);
}
