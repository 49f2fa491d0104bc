/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_ctx_destroy.c - what elfld_ctx_destroy does to libraries still loaded (the rule in
 * elfld.h): every one, NODELETE included, is finalized and unmapped, its memory given back to
 * the host.  NODELETE only keeps a library past its last elfld_release.
 *   nodelete_released  a -z nodelete library whose last reference is gone stays mapped and
 *                      callable until the context is destroyed, then its destructors run and
 *                      every reservation comes back
 *   exit_handler       natively, the same library registered a process-exit handler inside
 *                      itself with atexit(): its destructors (crtstuff's __cxa_finalize call)
 *                      run that handler during elfld_ctx_destroy and take it off the C
 *                      library's list, so the process later exits without calling into the
 *                      unmapped image (this program's own exit proves it)
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN
 */
#include "testutil.h"

static int exit_handler_runs;

static void test_exit_handler(void **state)
{
    (void)state;
    uint64_t f1 = 0;
    assert_int_equal(tu_elf_dyn(tu_fixture("atexitlib"), 0x6ffffffb /* DT_FLAGS_1 */, &f1), 1);
    assert_true(f1 & 0x8 /* DF_1_NODELETE */);

    struct tu_env env;
    tu_env_init(&env);
    tu_env_ctx(&env);
    elfld_lib *lib = tu_load(&env, "atexitlib", NULL);
    int (*arm)(int *) = (int (*)(int *))tu_sym(lib, "atexit_lib_arm");
    assert_int_equal(arm(&exit_handler_runs), 0);
    elfld_release(lib);
    assert_int_equal(env.ch.reserves.n, 1);             /* NODELETE: still mapped */
    assert_int_equal(exit_handler_runs, 0);
    tu_env_destroy(&env);                               /* asserts every reservation back */
    assert_int_equal(exit_handler_runs, 1);             /* run by its destructors, once */
}

static void test_nodelete_released(void **state)
{
    (void)state;
    struct tu_env env;
    tu_env_init(&env);
    tu_env_ctx(&env);
    elfld_lib *lib = tu_load(&env, "nodel", NULL);
    int (*fn)(void) = (int (*)(void))tu_sym(lib, "nodel_fn");
    elfld_release(lib);
    assert_int_equal(fn(), 0x4e0 + 0x4e);
    assert_int_equal(env.ch.reserves.n, 1);
    assert_ptr_equal(elfld_next(env.ctx, NULL), lib);  /* still listed */
    tu_env_destroy(&env);                               /* asserts every reservation back */
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nodelete_released),
        cmocka_unit_test(test_exit_handler),
    };
    return cmocka_run_group_tests_name(tu_toolchain, tests, NULL, NULL);
}
