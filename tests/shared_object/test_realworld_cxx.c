/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_realworld_cxx.c - the C++ runtime and OpenMP, loaded by libelfld into a C program that
 * links neither (it links only libc, libm and libgcc_s, which libstdc++ needs from "the
 * system"):
 *   - Debian's libstdc++.so.6 (this arch's, from the cross toolchain's package elsewhere),
 *     loaded ELFLD_GLOBAL, then a C++ plugin (cxx/cxx_plugin.cpp, built by g++) using
 *     std::string, std::map, std::thread and a thread_local object with a constructor and a
 *     destructor, from 4 threads: libstdc++'s own TLS (general-dynamic) and the plugin's;
 *   - with "omp": Debian's libgomp.so.1 (initial-exec TLS with an all-zero image: the POSIX
 *     host's static area) and an OpenMP plugin (cxx/omp_plugin.c) running parallel loops.
 * Expected values come from the plugins' source: threads add 1..4 uses (sum 10), 4 names in
 * the map; one thread_local constructed and destroyed per thread; sum 1..100000 mod 1e9+7.
 *
 * The main thread never touches the thread_local: its destructor would run at process exit,
 * after the plugin is gone (glibc runs thread_local destructors of the main thread then).
 * libgomp's pool threads wait inside libgomp between parallel regions: the plugin ends the
 * pool (omp_pause_resource_all) before libgomp is unloaded, as any loader's user must.
 *
 * Usage: test_realworld_cxx FIXTURE_DIR TOOLCHAIN LIBSTDCXX CXX_PLUGIN [LIBGOMP OMP_PLUGIN]
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "count_host.h"
#include "testutil.h"

static const char *libstdcxx, *cxx_plugin, *libgomp, *omp_plugin;

static void test_libstdcxx_plugin(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts global = tu_opts(ELFLD_GLOBAL | ELFLD_NOW, NULL);
    elfld_lib *cxx = tu_load_path(env, libstdcxx, &global);
    elfld_lib *plugin = tu_load_path(env, cxx_plugin, NULL);   /* lazy binding */
    int (*run)(int) = (int (*)(int))tu_sym(plugin, "cxx_run");
    int (*constructed)(void) = (int (*)(void))tu_sym(plugin, "cxx_constructed");
    int (*destroyed)(void) = (int (*)(void))tu_sym(plugin, "cxx_destroyed");
    assert_int_equal(run(4), (1 + 2 + 3 + 4) * 1000 + 4);
    assert_int_equal(constructed(), 4);
    assert_int_equal(destroyed(), 4);     /* each at its thread's exit, before the join returned */
    assert_int_equal(run(4), 10 * 1000 + 4);   /* new threads: new objects from scratch */
    assert_int_equal(constructed(), 8);
    assert_int_equal(destroyed(), 8);
    elfld_release(plugin);
    elfld_release(cxx);
}

static void test_libgomp_plugin(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts global = tu_opts(ELFLD_GLOBAL | ELFLD_NOW, NULL);
    elfld_lib *gomp = tu_load_path(env, libgomp, &global);
    elfld_lib *plugin = tu_load_path(env, omp_plugin, NULL);
    int (*sum)(int) = (int (*)(int))tu_sym(plugin, "omp_sum");
    int (*team)(void) = (int (*)(void))tu_sym(plugin, "omp_team_size");
    assert_int_equal(sum(100000), (int)(5000050000LL % 1000000007));
    assert_int_equal(team(), 4);
    int (*shutdown)(void) = (int (*)(void))tu_sym(plugin, "omp_shutdown");
    assert_int_equal(shutdown(), 0);
    elfld_release(plugin);
    elfld_release(gomp);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (tu_argc < 5 || tu_argc == 6) {
        print_error("usage: %s FIXTURE_DIR TOOLCHAIN LIBSTDCXX CXX_PLUGIN [LIBGOMP OMP_PLUGIN]\n",
                    argv[0]);
        return 2;
    }
    libstdcxx = tu_argv[3];
    cxx_plugin = tu_argv[4];
    const struct CMUnitTest cxx[] = {TU_TEST(test_libstdcxx_plugin)};
    int failed = cmocka_run_group_tests_name("libstdc++", cxx, NULL, NULL);
    if (tu_argc > 6) {
        libgomp = tu_argv[5];
        omp_plugin = tu_argv[6];
        const struct CMUnitTest omp[] = {TU_TEST(test_libgomp_plugin)};
        failed += cmocka_run_group_tests_name("libgomp", omp, NULL, NULL);
    }
    return failed;
}
