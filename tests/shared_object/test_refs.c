/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_refs.c - integration: reference counts, unloading, NODELETE, iteration and address
 * lookup.
 *
 * Why: the design's lifetime rule is "a library holds a reference on everything it bound to".
 * If B binds to A, releasing A's last caller reference must not unmap it while B lives, and
 * releasing B must then unmap both.  NODELETE libraries (DF_1_NODELETE or the flag) stay
 * mapped until the context dies.  The count host shows what is really mapped.
 */
#include <string.h>

#include "testutil.h"

static elfld_lib *load_b_over(struct tu_env *env, elfld_lib *a)
{
    elfld_lib *const scope[1] = {a};
    struct elfld_opts o = tu_opts(0, NULL);
    o.scope = scope;
    o.scope_count = 1;
    return tu_load(env, "scopeb", &o);
}

static void test_bound_keeps_alive(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a = tu_load(env, "scopea", NULL);
    assert_int_equal(elfld_refcount(a), 1);

    /* b references a (for the scope it was given and/or for what it bound): how many
     * references is the core's business, but they must all go when b goes. */
    elfld_lib *b = load_b_over(env, a);
    unsigned held = elfld_refcount(a) - 1;
    assert_true(held >= 1);
    assert_int_equal(elfld_refcount(b), 1);
    elfld_release(b);
    assert_int_equal(elfld_refcount(a), 1);
    assert_int_equal(env->ch.reserves.n, 1);

    b = load_b_over(env, a);
    assert_int_equal(elfld_refcount(a), 1 + held);
    assert_int_equal(env->ch.reserves.n, 2);
    elfld_release(a); /* our reference: a must stay, b still uses it */
    assert_int_equal(elfld_refcount(a), held);
    assert_int_equal(env->ch.reserves.n, 2); /* still mapped */
    int (*get)(void) = (int (*)(void))tu_sym(b, "scope_b_get");
    assert_int_equal(get(), 847); /* calls into a (lazily bound now) */

    elfld_release(b); /* drops b's references on a: both go */
    assert_int_equal(env->ch.reserves.n, 0);
    assert_null(elfld_next(env->ctx, NULL));
}

static void test_retain_release(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a = tu_load(env, "scopea", NULL);
    assert_ptr_equal(elfld_retain(a), a);
    assert_ptr_equal(elfld_retain(a), a);
    assert_int_equal(elfld_refcount(a), 3);
    elfld_release(a);
    elfld_release(a);
    assert_int_equal(elfld_refcount(a), 1);
    assert_int_equal(env->ch.reserves.n, 1);
    elfld_release(a);
    assert_int_equal(env->ch.reserves.n, 0);
    elfld_release(NULL); /* ignored */
}

/* DF_1_NODELETE: after the last release the code is still there and callable. */
static void test_nodelete_file(void **state)
{
    struct tu_env *env = *state;
    uint64_t f1 = 0;
    assert_int_equal(tu_elf_dyn(tu_fixture("nodel"), 0x6ffffffb /* DT_FLAGS_1 */, &f1), 1);
    assert_true(f1 & 0x8 /* DF_1_NODELETE */);
    elfld_lib *lib = tu_load(env, "nodel", NULL);
    int (*fn)(void) = (int (*)(void))tu_sym(lib, "nodel_fn");
    assert_int_equal(fn(), 0x4e0 + 0x4e);
    elfld_release(lib);
    assert_int_equal(env->ch.reserves.n, 1);
    assert_int_equal(fn(), 0x4e0 + 0x4e);
    /* teardown: the context destroy unmaps it */
}

/* ELFLD_NODELETE on an ordinary library: same. */
static void test_nodelete_flag(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NODELETE, NULL);
    elfld_lib *lib = tu_load(env, "scopea", &o);
    int (*fn)(void) = (int (*)(void))tu_sym(lib, "scope_val");
    elfld_release(lib);
    assert_int_equal(env->ch.reserves.n, 1);
    assert_int_equal(fn(), 770);
}

/* elfld_next lists libraries in load order and ends with NULL; released ones disappear. */
static void test_iteration(void **state)
{
    struct tu_env *env = *state;
    assert_null(elfld_next(env->ctx, NULL));
    struct elfld_opts o1 = tu_opts(0, NULL), o2 = o1, o3 = o1;
    o1.name = "one";
    o2.name = "two";
    o3.name = "three";
    elfld_lib *l1 = tu_load(env, "scopea", &o1);
    elfld_lib *l2 = tu_load(env, "basic", &o2);
    elfld_lib *l3 = tu_load(env, "nodel", &o3);
    elfld_lib *it = elfld_next(env->ctx, NULL);
    assert_ptr_equal(it, l1);
    assert_string_equal(elfld_name(it), "one");
    it = elfld_next(env->ctx, it);
    assert_ptr_equal(it, l2);
    assert_string_equal(elfld_name(it), "two");
    it = elfld_next(env->ctx, it);
    assert_ptr_equal(it, l3);
    assert_null(elfld_next(env->ctx, it));

    elfld_release(l2);
    assert_ptr_equal(elfld_next(env->ctx, l1), l3);
    elfld_release(l1);
    assert_ptr_equal(elfld_next(env->ctx, NULL), l3);
}

/* Address to symbol. */
static void test_addr_info(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *basic = tu_load(env, "basic", NULL);
    elfld_lib *a = tu_load(env, "scopea", NULL);
    struct elfld_syminfo si;

    char *add = tu_sym(basic, "basic_add");
    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_addr_info(env->ctx, add, &si), 0);
    assert_string_equal(si.name, "basic_add");
    assert_ptr_equal(si.addr, add);
    assert_ptr_equal(si.lib, basic);
    assert_int_equal(si.type, ELFLD_SYM_FUNC);

    /* Inside the function, not at its start. */
    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_addr_info(env->ctx, add + 1, &si), 0);
    assert_string_equal(si.name, "basic_add");
    assert_ptr_equal(si.addr, add);

    /* Inside a data object of the other library. */
    char *data = tu_sym(a, "scope_data");
    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_addr_info(env->ctx, data + 2, &si), 0);
    assert_string_equal(si.name, "scope_data");
    assert_ptr_equal(si.lib, a);
    assert_int_equal(si.size, sizeof(int));

    /* Inside the 1 MiB .bss object. */
    char *bss = tu_sym(basic, "basic_bss");
    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_addr_info(env->ctx, bss + 500000, &si), 0);
    assert_string_equal(si.name, "basic_bss");

    /* Outside every library. */
    int local;
    assert_int_equal(elfld_addr_info(env->ctx, &local, &si), ELFLD_ENOTFOUND);
    assert_int_equal(elfld_addr_info(env->ctx, (void *)test_addr_info, &si), ELFLD_ENOTFOUND);

    /* After release, its addresses are no longer known. */
    elfld_release(a);
    assert_int_equal(elfld_addr_info(env->ctx, data, &si), ELFLD_ENOTFOUND);
    elfld_release(basic);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_bound_keeps_alive),
        TU_TEST(test_retain_release),
        TU_TEST(test_nodelete_file),
        TU_TEST(test_nodelete_flag),
        TU_TEST(test_iteration),
        TU_TEST(test_addr_info),
    };
    return cmocka_run_group_tests_name("refs", tests, NULL, NULL);
}
