/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_symindex.c - elfld_sym()'s lookup index (src/symindex.c) answers exactly what the
 * library's hash table answers.
 *
 * Why: the index is a second way to the same question, built only after a library has
 * served many lookups; a difference between the two (a hidden version returned, a local or
 * undefined symbol found, a duplicate name resolved to the other definition, a miss that
 * hits) would show up only in long-running hosts.  So every name in the dynamic symbol
 * table, and near misses of each, is looked up both ways: in fixtures with versions, with
 * SysV-only hashing (no index is built there) and in the system's libz.  Names that end right
 * before an inaccessible page check that the word-at-a-time key never reads past the page of
 * the terminating NUL.  White-box: reads the library's tables through src/core/sym.h.
 * argv: fixture dir, toolchain, libz path.
 */
#define _DEFAULT_SOURCE             /* MAP_ANONYMOUS under -std=c11 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/sym.h"
#include "testutil.h"

/* The hash table's answer: elfld_sym_info() with no version never uses the index. */
static void *by_hash_table(elfld_lib *lib, const char *name)
{
    struct elfld_syminfo info;
    return elfld_sym_info(lib, name, NULL, &info) == 0 ? info.addr : NULL;
}

/* Drive lib past the index threshold with names nobody defines. */
static void warm_up(elfld_lib *lib)
{
    for (uint32_t i = 0; i < lib->nsyms / 8 + 64 && !lib->symindex_tried; i++)
        assert_null(elfld_sym(lib, "__elfld_no_such_name__"));
}

static void compare_name(elfld_lib *lib, const char *name, size_t *hits)
{
    void *want = by_hash_table(lib, name), *got = elfld_sym(lib, name);
    if (want != got)
        fail_msg("%s: elfld_sym(\"%s\") = %p, hash table says %p", lib->name, name, got, want);
    *hits += want != NULL;
}

/* Every dynamic symbol's name, the name with a suffix, and the name without its last byte. */
static size_t compare_all(elfld_lib *lib)
{
    size_t hits = 0;
    char buf[512];
    for (uint32_t i = 1; i < lib->nsyms; i++) {
        const char *name = elfld__sym_name(lib, i);
        if (!name || strlen(name) + 3 > sizeof buf)
            continue;
        compare_name(lib, name, &hits);
        snprintf(buf, sizeof buf, "%s_x", name);
        compare_name(lib, buf, &hits);
        size_t n = strlen(name);
        if (n > 0) {
            memcpy(buf, name, n - 1);
            buf[n - 1] = '\0';
            compare_name(lib, buf, &hits);
        }
    }
    compare_name(lib, "", &hits);
    return hits;
}

static void check_library(elfld_lib *lib, int expect_index)
{
    assert_false(lib->symindex_tried);
    warm_up(lib);
    if (expect_index)
        assert_non_null(lib->symindex);
    else
        assert_null(lib->symindex);
    size_t hits = compare_all(lib);
    assert_true(hits > 0);
    print_message("%s: %zu names found, index %s\n", lib->name, hits,
                  lib->symindex ? "built" : "not built");
}

static void test_fixtures(void **state)
{
    struct tu_env *env = *state;
    static const char *const gnu_hashed[] = {"ver", "basic", "weak", "verold", "hashboth", "hashgnu", "relr"};
    for (size_t i = 0; i < sizeof gnu_hashed / sizeof *gnu_hashed; i++) {
        struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
        elfld_lib *lib = tu_load(env, gnu_hashed[i], &o);
        check_library(lib, lib->gnu_buckets != NULL);
        elfld_release(lib);
    }
}

/* An exported IFUNC through the index: the implementation its resolver picks (the resolver
 * reads ifunc_test_choice, supplied here). */
static int ifunc_test_choice = 2;

static void test_ifunc(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    struct tu_supply choice = {"ifunc_test_choice", &ifunc_test_choice, sizeof ifunc_test_choice};
    o.pre_find = tu_supply_one;
    o.find_user = &choice;
    elfld_lib *lib = tu_load(env, "ifunc", &o);
    check_library(lib, 1);
    int (*pick)(void) = (int (*)(void))elfld_sym(lib, "ifunc_pick");
    assert_non_null(pick);
    assert_int_equal(pick(), 0xB);
    elfld_release(lib);
}

/* The hash fixture in its SysV-only form has no GNU table: no index, same answers. */
static void test_sysv_only(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load(env, "hashsysv", &o);
    assert_null(lib->gnu_buckets);
    check_library(lib, 0);
    elfld_release(lib);
}

static void test_libz(void **state)
{
    struct tu_env *env = *state;
    if (tu_argc < 4 || tu_argv[3][0] == '\0')
        fail_msg("no libz path configured for this arch");
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    elfld_lib *z = tu_load_path(env, tu_argv[3], &o);
    check_library(z, 1);
    /* versioned definitions: the default one, as the hash table gives it */
    assert_non_null(elfld_sym(z, "crc32"));
    elfld_release(z);
}

/* Names ending at the last bytes of a page followed by an inaccessible one. */
static void test_page_end(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load(env, "basic", &o);
    warm_up(lib);
    assert_non_null(lib->symindex);
    long page = sysconf(_SC_PAGESIZE);
    char *two = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    assert_true(two != MAP_FAILED);
    assert_int_equal(mprotect(two + page, (size_t)page, PROT_NONE), 0);
    static const char *const names[] = {"basic_add", "basic_counter", "x", "", "basic_mulx"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t n = strlen(names[i]) + 1;
        for (size_t slack = 0; slack < 9; slack++) {   /* the NUL 0..8 bytes before the end */
            char *at = two + page - n - slack;
            memcpy(at, names[i], n);
            assert_ptr_equal(elfld_sym(lib, at), by_hash_table(lib, names[i]));
        }
    }
    munmap(two, 2 * (size_t)page);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_fixtures),
        TU_TEST(test_ifunc),
        TU_TEST(test_sysv_only),
        TU_TEST(test_libz),
        TU_TEST(test_page_end),
    };
    return cmocka_run_group_tests_name("symindex", tests, NULL, NULL);
}
