/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_prog.c - the multi-file program (prog_*.c) as four relocatable objects of one
 * compiler x PIC mode x code model x optimization variant, linked by elfld_load_objects and
 * run: its report must equal, byte for byte, the report of the same sources linked normally
 * (prog_ref, run at build time).  Covers cross references in both directions, pointers to
 * functions and data in data, string literals, jump tables, floating-point constants, a 6 MiB
 * .bss, COMMON symbols, weak definitions overridden, constructor priorities and destructors.
 *
 * Arguments: FIXTURE_DIR VARIANT REPORT_FILE low|any.  low: non-PIC code whose 32-bit
 * absolute fields put the image in the low 2 or 4 GiB (tests/object/meson.build).  Its host's
 * reserve() places images far above that, so only the placement window (the POSIX host's
 * reserve_within, asked by the core) can bring the image low enough; the test checks that it
 * did.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include <unistd.h>

#include "obj_place.h"

static const char *report_path;
static int want_low;
static char *expected;
static size_t expected_len;

static const char *const prog_names[] = {"prog_main", "prog_util", "prog_data", "prog_math"};

static int setup(void **state)
{
    struct tu_env *env = calloc(1, sizeof *env);
    assert_non_null(env);
    tu_env_init(env);
    if (want_low) {
        obj_far_from = 0;                   /* reserve() alone: above 6 GiB */
        env->ch.inner.reserve = obj_reserve_far;
    }
    tu_env_ctx(env);
    *state = env;
    return 0;
}

static int teardown(void **state)
{
    struct tu_env *env = *state;
    tu_env_destroy(env);
    free(env);
    return 0;
}

static void prog_inputs(struct elfld_input in[4])
{
    for (int i = 0; i < 4; i++) {
        memset(&in[i], 0, sizeof in[i]);
        in[i].name = tu_fixture_ext(prog_names[i], "o");
    }
}

static elfld_lib *load_prog(struct tu_env *env)
{
    struct elfld_input in[4];
    struct elfld_diag d;
    prog_inputs(in);
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    o.name = "prog";
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, in, 4, &o, &lib);
    tu_assert_rc(rc, 0, &d);
    assert_non_null(lib);
    /* R_X86_64_32S and RISC-V HI20 reach the low 2 GiB, R_X86_64_32 the low 4 GiB: a window
     * asked for puts the base there (clang's medium model addresses the image's data with
     * 64-bit fields and PC-relative ones only, and needs none).  The link itself checked
     * every field. */
#if UINTPTR_MAX > 0xffffffffu
    if (want_low && env->ch.n_reserve_within > 0)
        assert_true(elfld_base(lib) < ((uintptr_t)1 << 32));
#endif
    return lib;
}

typedef int (*main_fn)(char *, size_t);

static void run_and_compare(elfld_lib *lib)
{
    main_fn pm = (main_fn)tu_sym(lib, "program_main");
    static char out[4096];
    memset(out, 0x55, sizeof out);
    int n = pm(out, sizeof out);
    if ((size_t)n != expected_len || memcmp(out, expected, expected_len) != 0) {
        print_error("report differs from %s\n--- expected (%zu bytes)\n%s--- got (%d bytes)\n%s---\n",
                    report_path, expected_len, expected, n, out);
        fail();
    }
}

/* The report equals the reference; destructors run in the reference order at release. */
static void test_report(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_prog(env);
    run_and_compare(lib);

    void (*set_sink)(char *, size_t) = (void (*)(char *, size_t))tu_sym(lib, "program_set_sink");
    static char sink[64];
    set_sink(sink, sizeof sink);
    elfld_release(lib);
    /* .fini_array.00101, .fini_array.00200, then the plain ones in input order (main, data),
     * run backwards */
    assert_string_equal(sink, "~D~M~200~101");
}

/* A second load is a fresh image: same report (data re-initialised, .bss zero again). */
static void test_twice(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a = load_prog(env);
    run_and_compare(a);
    elfld_release(a);
    elfld_lib *b = load_prog(env);
    run_and_compare(b);
    /* and a second image alongside the first */
    elfld_lib *c = load_prog(env);
    assert_true(elfld_base(c) != elfld_base(b));
    run_and_compare(c);
    elfld_release(b);
    elfld_release(c);
}

/* The exported symbol table: globals, COMMON merged, weak overridden, statics absent. */
static void test_symbols(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_prog(env);
    uintptr_t base = elfld_base(lib), size = elfld_size(lib);
    struct elfld_syminfo si;

    assert_int_equal(elfld_sym_info(lib, "common_small", NULL, &si), 0);
    assert_int_equal(si.size, 64);                    /* the larger COMMON wins */
    assert_int_equal(si.type, ELFLD_SYM_OBJECT);
    assert_int_equal(elfld_sym_info(lib, "common_large", NULL, &si), 0);
    assert_int_equal(si.size, 40000 * sizeof(int));
    assert_int_equal(((uintptr_t)si.addr) % sizeof(int), 0);
    int *cl = si.addr;
    assert_int_equal(cl[0], 0);
    assert_int_equal(cl[39999], 0);
    assert_int_equal(elfld_sym_info(lib, "common_counter", NULL, &si), 0);
    assert_int_equal(si.size, sizeof(int));

    assert_int_equal(elfld_sym_info(lib, "weak_value", NULL, &si), 0);
    assert_int_equal(si.bind, ELFLD_BIND_GLOBAL);     /* the strong one from prog_math.o */
    assert_int_equal(((int (*)(void))si.addr)(), 2);
    int *tunable = tu_sym(lib, "tunable");
    assert_int_equal(*tunable, 9);
    assert_int_equal(elfld_sym_info(lib, "tunable", NULL, &si), 0);
    assert_int_equal(si.bind, ELFLD_BIND_GLOBAL);

    /* static functions and data are not exported */
    assert_null(elfld_sym(lib, "local_triple"));
    assert_null(elfld_sym(lib, "twice"));
    assert_null(elfld_sym(lib, "big_bss"));
    assert_null(elfld_sym(lib, "datum_c"));
    assert_null(elfld_sym(lib, "ctor101"));

    /* data pointing at data and functions, relocated */
    int **seed_ptr = tu_sym(lib, "data_seed_ptr");
    assert_ptr_equal(*seed_ptr, tu_sym(lib, "data_seed"));
    assert_int_equal(**seed_ptr, 1000);
    struct op {
        const char *name;
        int (*fn)(int);
        const int *datum;
    } *ops = tu_sym(lib, "op_table");
    assert_string_equal(ops[0].name, "square");
    assert_ptr_equal((void *)ops[0].fn, tu_sym(lib, "math_square"));
    assert_int_equal(ops[1].fn(5), -5);
    assert_ptr_equal(ops[3].datum, tu_sym(lib, "data_seed"));
    const char *const *greet = tu_sym(lib, "greetings");
    assert_string_equal(greet[1], "bonjour");

    /* every symbol inside the image */
    void *pm = tu_sym(lib, "program_main");
    assert_true((uintptr_t)pm >= base && (uintptr_t)pm < base + size);
    assert_true((uintptr_t)cl >= base && (uintptr_t)cl + 40000 * sizeof(int) <= base + size);

    /* elfld_addr_info maps an address inside a function back to it */
    assert_int_equal(elfld_addr_info(env->ctx, (char *)pm + 1, &si), 0);
    assert_string_equal(si.name, "program_main");
    assert_ptr_equal(si.lib, lib);
    elfld_release(lib);
}

/* W^X: text runs and refuses writes, read-only data (.rodata, .data.rel.ro) refuses writes,
 * data and .bss take them and are not executable (the count host also fails any W+X
 * protect request). */
static void test_protections(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_prog(env);
    char perms[5];
    assert_int_equal(tu_write_faults(tu_sym(lib, "program_main")), 1);
    assert_int_equal(tu_write_faults(tu_sym(lib, "greetings")), 1);
    assert_int_equal(tu_write_faults(tu_sym(lib, "op_table")), 1);
    assert_int_equal(tu_write_faults(tu_sym(lib, "data_seed")), 0);
    assert_int_equal(tu_write_faults(tu_sym(lib, "common_large")), 0);
    assert_int_equal(tu_maps_perms(tu_sym(lib, "program_main"), perms), 0);
    /* qemu-i386 7.2 lists guest code pages without x (an x86 page without NX runs what it
     * can read): there the text proves it by running, below */
    assert_memory_equal(perms, perms[2] == 'x' ? "r-x" : "r--", 3);
    assert_int_equal(tu_maps_perms(tu_sym(lib, "data_seed"), perms), 0);
    assert_memory_equal(perms, "rw-", 3);
    assert_int_equal(tu_maps_perms(tu_sym(lib, "common_large"), perms), 0);
    assert_memory_equal(perms, "rw-", 3);
    /* and the code still runs */
    run_and_compare(lib);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 5) {
        fprintf(stderr, "usage: %s FIXTURE_DIR VARIANT REPORT_FILE low|any\n", argv[0]);
        return 2;
    }
    report_path = argv[3];
    want_low = strcmp(argv[4], "low") == 0;
    expected = (char *)tu_read_file(report_path, &expected_len);
    expected = realloc(expected, expected_len + 1);
    expected[expected_len] = 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symbols, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protections, setup, teardown),
    };
    int rc = cmocka_run_group_tests_name(tu_toolchain, tests, NULL, NULL);
    free(expected);
    return rc;
}
