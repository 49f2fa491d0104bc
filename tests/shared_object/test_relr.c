/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_relr.c - integration: packed relative relocations (DT_RELR) and a plain twin.
 *
 * Why: RELR encodes relative relocations as address entries plus bitmaps; decoding errors show
 * up as single wrong pointers among hundreds.  relr.so is built so the encoding has dense,
 * sparse, gapped and isolated pointers; every pointer is checked from inside (relr_check) and
 * from outside.  The file is checked first to really have DT_RELR (and the twin not to).
 */
#include "testutil.h"

#define DT_RELR_TAG 36

struct pair { int *p; long tag; };
struct triple { int *p; long a, b; };
struct gap { int *p; long pad[80]; };

static void check(void **state, const char *fixture, int want_relr, unsigned flags)
{
    struct tu_env *env = *state;
    assert_int_equal(tu_elf_dyn(tu_fixture(fixture), DT_RELR_TAG, NULL), want_relr);
    struct elfld_opts o = tu_opts(flags, NULL);
    elfld_lib *lib = tu_load(env, fixture, &o);

    int (*relr_check)(void) = (int (*)(void))tu_sym(lib, "relr_check");
    assert_int_equal(relr_check(), 0);

    int *(*target_base)(void) = (int *(*)(void))tu_sym(lib, "relr_target_base");
    int *t = target_base();
    assert_true((uintptr_t)t > elfld_base(lib));

    int **dense = tu_sym(lib, "relr_dense");
    for (int i = 0; i < 300; i++)
        if (dense[i] != &t[i])
            fail_msg("relr_dense[%d] = %p, want %p", i, (void *)dense[i], (void *)&t[i]);
    struct pair *pairs = tu_sym(lib, "relr_pairs");
    struct triple *triples = tu_sym(lib, "relr_triples");
    for (int i = 0; i < 100; i++) {
        if (pairs[i].p != &t[i] || pairs[i].tag != i)
            fail_msg("relr_pairs[%d] wrong", i);
        if (triples[i].p != &t[i] || triples[i].a != -1 || triples[i].b != -2)
            fail_msg("relr_triples[%d] wrong", i);
    }
    struct gap *gaps = tu_sym(lib, "relr_gaps");
    for (int i = 0; i < 8; i++) {
        assert_ptr_equal(gaps[i].p, &t[i + 1]);
        for (int k = 0; k < 80; k++)
            assert_int_equal(gaps[i].pad[k], 0);
    }
    int **lonely = tu_sym(lib, "relr_lonely");
    assert_int_equal(**lonely, 7);
    const char **str = tu_sym(lib, "relr_str");
    assert_string_equal(*str, "relr");
    int (**fnptr)(void) = tu_sym(lib, "relr_fnptr");
    assert_int_equal((*fnptr)(), 99);
    elfld_release(lib);
}

static void test_relr_lazy(void **state) { check(state, "relr", 1, ELFLD_LAZY); }
static void test_relr_now(void **state) { check(state, "relr", 1, ELFLD_NOW); }
static void test_plain_twin(void **state) { check(state, "relrnone", 0, ELFLD_LAZY); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_relr_lazy),
        TU_TEST(test_relr_now),
        TU_TEST(test_plain_twin),
    };
    return cmocka_run_group_tests_name("relr", tests, NULL, NULL);
}
