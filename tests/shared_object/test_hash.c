/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_hash.c - integration: symbol lookup through GNU hash, SysV hash, and both.
 *
 * Why: the same library (fixtures/hash.c) is linked three ways; every exported symbol must be
 * found, with the right address, through whichever table the file has, and misses (names
 * sharing bloom bits, prefixes, hidden and static symbols) must miss.  The test first checks,
 * by reading the file itself, that each variant really has the tables it is meant to have.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#ifndef DT_GNU_HASH
#define DT_GNU_HASH 0x6ffffef5
#endif
#define DT_HASH_TAG 4

static const int hash_ids[] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 20, 21, 22,
    23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 47,
    50, 51, 52, 53, 54, 55,
};

static void check_variant(void **state, const char *fixture, int want_gnu, int want_sysv)
{
    struct tu_env *env = *state;
    const char *path = tu_fixture(fixture);
    assert_int_equal(tu_elf_dyn(path, DT_GNU_HASH, NULL), want_gnu);
    assert_int_equal(tu_elf_dyn(path, DT_HASH_TAG, NULL), want_sysv);

    elfld_lib *lib = tu_load(env, fixture, NULL);
    char name[64];
    for (size_t i = 0; i < sizeof hash_ids / sizeof hash_ids[0]; i++) {
        int id = hash_ids[i];
        snprintf(name, sizeof name, "hash_fn_%d", id);
        int (*fn)(void) = (int (*)(void))elfld_sym(lib, name);
        if (fn == NULL)
            fail_msg("%s: %s not found", fixture, name);
        assert_int_equal(fn(), id);
        snprintf(name, sizeof name, "hash_data_%d", id);
        int *data = elfld_sym(lib, name);
        if (data == NULL)
            fail_msg("%s: %s not found", fixture, name);
        assert_int_equal(*data, id * 1000);
    }
    /* Hits with similar names. */
    static const struct { const char *name; int value; } similar[] = {
        {"hash_a", 0xa}, {"hash_b", 0xb}, {"hash_ab", 0xab}, {"hash_ba", 0xba},
        {"hash_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         0xaa},
    };
    for (size_t i = 0; i < sizeof similar / sizeof similar[0]; i++) {
        int (*fn)(void) = (int (*)(void))elfld_sym(lib, similar[i].name);
        if (fn == NULL)
            fail_msg("%s: %s not found", fixture, similar[i].name);
        assert_int_equal(fn(), similar[i].value);
    }
    /* Misses: never-defined numbers, prefixes/extensions of real names, hidden, static, and
     * 1000 more names to make bloom false positives likely. */
    static const char *const misses[] = {
        "hash_fn_18", "hash_fn_19", "hash_fn_56", "hash_fn_", "hash_fn_1x", "hash_fn_100",
        "hash_", "hash_aa", "hash_abc", "hash_c", "hash_hidden", "hash_static", "", "h",
        "hash_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
        if (elfld_sym(lib, misses[i]) != NULL)
            fail_msg("%s: '%s' found but not exported", fixture, misses[i]);
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "miss_%d_x", i);
        assert_null(elfld_sym(lib, name));
    }
    elfld_release(lib);
}

static void test_gnu(void **state) { check_variant(state, "hashgnu", 1, 0); }
static void test_sysv(void **state) { check_variant(state, "hashsysv", 0, 1); }
static void test_both(void **state) { check_variant(state, "hashboth", 1, 1); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_gnu),
        TU_TEST(test_sysv),
        TU_TEST(test_both),
    };
    return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
