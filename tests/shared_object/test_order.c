/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_order.c - integration: the host program is part of the global scope.
 *
 * Why: in the standard ELF order "the system" (the host program and its libraries) is
 * searched before a library's own definitions, as glibc searches the executable first.  This
 * program exports shared_name() and shared_data (it is linked with -rdynamic), the same names
 * symplain.so defines and uses through a PLT call and a GOT load: with the standard order the
 * program's definitions win; a symbolic library (ELFLD_SYMBOLIC) keeps its own; a pre-find
 * callback comes before both.  A static program (musl builds) has no dynamic symbol table, so
 * there the system cannot define anything and the library's own definitions are used.
 * Small libraries meet the system through its images' Bloom filters and chains; a large one
 * (symsysvbig) makes the core index the system's names first: both must bind alike.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

typedef int (*int_fn)(void);

/* Exported through -rdynamic: the system's definitions. */
__attribute__((visibility("default"), noinline)) int shared_name(void) { return 9; }
__attribute__((visibility("default"))) int shared_data = 900;

static void check(elfld_lib *lib, int want_call, int want_data)
{
    int_fn call = (int_fn)tu_sym(lib, "call_shared_name");
    int_fn get = (int_fn)tu_sym(lib, "get_shared_data");
    assert_int_equal(call(), want_call);
    assert_int_equal(call(), want_call);        /* second call: through the bound slot */
    assert_int_equal(get(), want_data);
}

static void standard(void **state, const char *fixture, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(flags, NULL);
    elfld_lib *lib = tu_load(env, fixture, &o);
    if (tu_process_is_dynamic())
        check(lib, 9, 900);
    else
        check(lib, 2, 200);
    elfld_release(lib);
}
static void test_system_first_lazy(void **state) { standard(state, "symplain", ELFLD_LAZY); }
static void test_system_first_now(void **state) { standard(state, "symplain", ELFLD_NOW); }
/* The same library with only a SysV hash table: its own definitions are not settled from hash
 * chains before relocating but one by one, by name, as records use them. */
static void test_system_first_sysv_lazy(void **state) { standard(state, "symsysv", ELFLD_LAZY); }
static void test_system_first_sysv_now(void **state) { standard(state, "symsysv", ELFLD_NOW); }
/* And with a GNU table but far more names than relocations (the names of hash.c added): also
 * settled per name, from the hash chain, not all up front. */
static void test_system_first_many_lazy(void **state) { standard(state, "symmany", ELFLD_LAZY); }
static void test_system_first_many_now(void **state) { standard(state, "symmany", ELFLD_NOW); }

/* And a SysV-only library with 20,000 more names than symsysv, far more than the system has:
 * its definitions are settled up front by looking each system name up in its table.  The two
 * the program defines must still come from the program; every other one from the library,
 * as its table of pointers to all of them (many_table) and elfld_sym() agree. */
static void sysv_big(void **state, unsigned flags)
{
    standard(state, "symsysvbig", flags);
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(flags, NULL);
    elfld_lib *lib = tu_load(env, "symsysvbig", &o);
    int *const *table = tu_sym(lib, "many_table");
    uintptr_t base = elfld_base(lib), size = elfld_size(lib);
    for (int i = 0; i < 20000; i++) {
        char name[16];
        snprintf(name, sizeof name, "%c_%04d", i < 10000 ? 'v' : 'w', i % 10000);
        int *own = elfld_sym(lib, name);
        if (table[i] != own || (uintptr_t)own - base >= size || *own != 1)
            fail_msg("%s: table %p, elfld_sym %p (image %#lx + %#lx)", name, (void *)table[i],
                     (void *)own, (unsigned long)base, (unsigned long)size);
    }
    elfld_release(lib);
}
static void test_system_first_sysv_big_lazy(void **state) { sysv_big(state, ELFLD_LAZY); }
static void test_system_first_sysv_big_now(void **state) { sysv_big(state, ELFLD_NOW); }

static void symbolic_keeps_own(void **state, const char *fixture)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_SYMBOLIC | ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load(env, fixture, &o);
    check(lib, 2, 200);
    elfld_release(lib);
}
static void test_symbolic_keeps_own(void **state) { symbolic_keeps_own(state, "symplain"); }
static void test_symbolic_keeps_own_sysv(void **state) { symbolic_keeps_own(state, "symsysv"); }

static int seven(void) { return 7; }

static int pre(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "shared_name") != 0)
        return 0;
    out->addr = (void *)seven;
    return 1;
}

static void test_pre_find_before_system(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.pre_find = pre;
    elfld_lib *lib = tu_load(env, "symplain", &o);
    check(lib, 7, tu_process_is_dynamic() ? 900 : 200);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_system_first_lazy),
        TU_TEST(test_system_first_now),
        TU_TEST(test_system_first_sysv_lazy),
        TU_TEST(test_system_first_sysv_now),
        TU_TEST(test_system_first_many_lazy),
        TU_TEST(test_system_first_many_now),
        TU_TEST(test_system_first_sysv_big_lazy),
        TU_TEST(test_system_first_sysv_big_now),
        TU_TEST(test_symbolic_keeps_own),
        TU_TEST(test_symbolic_keeps_own_sysv),
        TU_TEST(test_pre_find_before_system),
    };
    return cmocka_run_group_tests_name("order", tests, NULL, NULL);
}
