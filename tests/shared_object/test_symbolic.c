/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_symbolic.c - integration: standard vs symbolic resolution order.
 *
 * Why: in the standard ELF order a library's references to its own exported symbols go to the
 * global scope first, so an earlier ELFLD_GLOBAL library preempts them; DF_SYMBOLIC (or the
 * ELFLD_SYMBOLIC flag) makes the library look in itself first.  symglobal.so returns 1 / holds
 * 100; symplain.so defines the same names returning 2 / holding 200 and uses them through a
 * PLT call and a GOT load.  The DF_SYMBOLIC case patches the flag into a memory copy of
 * symplain.so, because a file linked -Bsymbolic has already had the linker bind those
 * references (symbsym.so is loaded too, to check that such files work).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DT_FLAGS_TAG 30
#define DF_SYMBOLIC_BIT 0x2

typedef int (*int_fn)(void);

static elfld_lib *load_global(struct tu_env *env)
{
    struct elfld_opts o = tu_opts(ELFLD_GLOBAL, NULL);
    return tu_load(env, "symglobal", &o);
}

static void check_lib(elfld_lib *lib, int want_call, int want_data)
{
    int_fn call = (int_fn)tu_sym(lib, "call_shared_name");
    int_fn get = (int_fn)tu_sym(lib, "get_shared_data");
    assert_int_equal(call(), want_call);
    assert_int_equal(call(), want_call);
    assert_int_equal(get(), want_data);
    /* elfld_sym looks only in the library itself, whatever the binding order. */
    int_fn own = (int_fn)tu_sym(lib, "shared_name");
    assert_int_equal(own(), 2);
}

/* Standard order: the global library wins. */
static void check_standard(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    elfld_lib *g = load_global(env);
    struct elfld_opts o = tu_opts(flags, NULL);
    elfld_lib *lib = tu_load(env, "symplain", &o);
    check_lib(lib, 1, 100);
    /* It bound to g: g is referenced by lib. */
    assert_int_equal(elfld_refcount(g), 2);
    elfld_release(lib);
    assert_int_equal(elfld_refcount(g), 1);
    elfld_release(g);
}
static void test_standard_lazy(void **state) { check_standard(state, ELFLD_LAZY); }
static void test_standard_now(void **state) { check_standard(state, ELFLD_NOW); }

/* Without the global library its own definitions are used. */
static void test_alone(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = tu_load(env, "symplain", NULL);
    check_lib(lib, 2, 200);
    elfld_release(lib);
}

/* A LOCAL library does not preempt anything. */
static void test_local_does_not_preempt(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *g = tu_load(env, "symglobal", NULL); /* LOCAL */
    elfld_lib *lib = tu_load(env, "symplain", NULL);
    check_lib(lib, 2, 200);
    assert_int_equal(elfld_refcount(g), 1);
    elfld_release(lib);
    elfld_release(g);
}

/* ELFLD_SYMBOLIC: its own definitions win. */
static void check_flag(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    elfld_lib *g = load_global(env);
    struct elfld_opts o = tu_opts(ELFLD_SYMBOLIC | flags, NULL);
    elfld_lib *lib = tu_load(env, "symplain", &o);
    check_lib(lib, 2, 200);
    assert_int_equal(elfld_refcount(g), 1);
    elfld_release(lib);
    elfld_release(g);
}
static void test_flag_lazy(void **state) { check_flag(state, ELFLD_LAZY); }
static void test_flag_now(void **state) { check_flag(state, ELFLD_NOW); }

/* DF_SYMBOLIC in DT_FLAGS (patched into a copy of symplain.so): its own definitions win. */
static void check_df_symbolic(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *buf = tu_read_file(tu_fixture("symplain"), &size);
    /* Find DT_FLAGS through the section-free route: program headers -> PT_DYNAMIC. */
    int patched = 0;
    if (buf[4] == 2) { /* ELFCLASS64 */
        uint64_t phoff, off;
        uint16_t phentsize, phnum;
        memcpy(&phoff, buf + 32, 8);
        memcpy(&phentsize, buf + 54, 2);
        memcpy(&phnum, buf + 56, 2);
        for (unsigned i = 0; i < phnum; i++) {
            const unsigned char *ph = buf + phoff + (size_t)i * phentsize;
            uint32_t type;
            memcpy(&type, ph, 4);
            if (type != 2) /* PT_DYNAMIC */
                continue;
            memcpy(&off, ph + 8, 8);
            for (unsigned char *d = buf + off;; d += 16) {
                int64_t tag;
                uint64_t val;
                memcpy(&tag, d, 8);
                if (tag == 0)
                    break;
                if (tag == DT_FLAGS_TAG) {
                    memcpy(&val, d + 8, 8);
                    val |= DF_SYMBOLIC_BIT;
                    memcpy(d + 8, &val, 8);
                    patched = 1;
                }
            }
        }
    } else { /* ELFCLASS32 */
        uint32_t phoff, off;
        uint16_t phentsize, phnum;
        memcpy(&phoff, buf + 28, 4);
        memcpy(&phentsize, buf + 42, 2);
        memcpy(&phnum, buf + 44, 2);
        for (unsigned i = 0; i < phnum; i++) {
            const unsigned char *ph = buf + phoff + (size_t)i * phentsize;
            uint32_t type;
            memcpy(&type, ph, 4);
            if (type != 2)
                continue;
            memcpy(&off, ph + 4, 4);
            for (unsigned char *d = buf + off;; d += 8) {
                int32_t tag;
                uint32_t val;
                memcpy(&tag, d, 4);
                if (tag == 0)
                    break;
                if (tag == DT_FLAGS_TAG) {
                    memcpy(&val, d + 4, 4);
                    val |= DF_SYMBOLIC_BIT;
                    memcpy(d + 4, &val, 4);
                    patched = 1;
                }
            }
        }
    }
    assert_int_equal(patched, 1);

    elfld_lib *g = load_global(env);
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(flags, &diag);
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_mem(env->ctx, buf, size, &o, &lib), 0, &diag);
    free(buf);
    check_lib(lib, 2, 200);
    elfld_release(lib);
    elfld_release(g);
}
static void test_df_symbolic_lazy(void **state) { check_df_symbolic(state, ELFLD_LAZY); }
static void test_df_symbolic_now(void **state) { check_df_symbolic(state, ELFLD_NOW); }

/* A real -Bsymbolic library (linker-bound) loads and uses its own definitions. */
static void test_bsymbolic_file(void **state)
{
    struct tu_env *env = *state;
    uint64_t flags = 0;
    assert_int_equal(tu_elf_dyn(tu_fixture("symbsym"), DT_FLAGS_TAG, &flags), 1);
    assert_true(flags & DF_SYMBOLIC_BIT);
    elfld_lib *g = load_global(env);
    elfld_lib *lib = tu_load(env, "symbsym", NULL);
    check_lib(lib, 2, 200);
    elfld_release(lib);
    elfld_release(g);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_standard_lazy),
        TU_TEST(test_standard_now),
        TU_TEST(test_alone),
        TU_TEST(test_local_does_not_preempt),
        TU_TEST(test_flag_lazy),
        TU_TEST(test_flag_now),
        TU_TEST(test_df_symbolic_lazy),
        TU_TEST(test_df_symbolic_now),
        TU_TEST(test_bsymbolic_file),
    };
    return cmocka_run_group_tests_name("symbolic", tests, NULL, NULL);
}
