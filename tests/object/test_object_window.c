/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_window.c - the placement window: non-PIC code (window_obj.c, built -fno-pic by
 * one fixture toolchain) reads two host variables, far_a and far_b, through limited-reach
 * PC-relative fields, and the image must be placed within reach of both.  The host's
 * reserve() is made to put images far away (more than 6 GiB from far_a, beyond every such
 * field's reach), so only the window - the core asking reserve_within - can place the image
 * where the fields reach.
 *
 * 64-bit arches:
 *   honoured       far_a and far_b a page apart: the load succeeds through reserve_within
 *                  (once), the image lies within reach of them, and the code reads their values
 *   no_hook        the same without reserve_within: the image goes where reserve() puts it and
 *                  the link fails with ELFLD_ERANGE, nothing left behind
 *   unsatisfiable  far_b 16 GiB from far_a: no placement reaches both, ELFLD_EPLACE before
 *                  anything is reserved, the message naming both symbols and the distance
 *   host_refuses   reserve_within returns NULL: ELFLD_EPLACE naming the window
 *   host_misplaces reserve_within returns memory outside the window: ELFLD_EPLACE, the region
 *                  given back
 * 32-bit arches (every field reaches every address: the arithmetic wraps):
 *   anywhere       far_a and far_b far apart, the image far from both: the load asks no window
 *                  and the code reads both values
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <sys/mman.h>

#include "testutil.h"
#include "obj_place.h"

#define IS64 (UINTPTR_MAX > 0xffffffffu)
#define MAGIC_A 0x5a17a
#define MAGIC_B 0x5a17b

/* The two variables, each at the start of its own page mapped for the test. */
static int *far_a, *far_b;

static int supply_far(void *user, const char *name, const char *version,
                      struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "far_a") == 0)
        out->addr = far_a;
    else if (strcmp(name, "far_b") == 0)
        out->addr = far_b;
    else
        return 0;
    out->size = sizeof(int);
    return 1;
}

/* A page at `hint` (or anywhere when 0), at least `min` bytes from `from` when from != 0. */
static int *map_page(uintptr_t hint, uintptr_t from, uintptr_t min)
{
    void *p = mmap((void *)hint, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                   0);
    assert_true(p != MAP_FAILED);
    if (from && obj_dist((uintptr_t)p, from) < min) {
        munmap(p, 4096);
        return NULL;
    }
    return p;
}

/* far_b at `gap` bytes or more from far_a (a hint above it, else below). */
static void place_vars(uintptr_t gap)
{
    far_a = map_page(0, 0, 0);
    if (gap <= 4096) {
        far_b = far_a + 4096 / 2 / sizeof *far_a;   /* the same page, its second half */
    } else {
        far_b = NULL;
        for (int k = 1; !far_b && k < 8; k++) {
            uintptr_t a = (uintptr_t)far_a, off = (uintptr_t)k * gap;
            if (a < UINTPTR_MAX - off)
                far_b = map_page(a + off, a, gap);
            if (!far_b && a > off)
                far_b = map_page(a - off, a, gap);
        }
        assert_non_null(far_b);
    }
    *far_a = MAGIC_A;
    *far_b = MAGIC_B;
}

static void unplace_vars(void)
{
    if ((uintptr_t)far_b - (uintptr_t)far_a >= 4096)
        munmap(far_b, 4096);
    munmap(far_a, 4096);
}

/* A context whose reserve() puts images far from far_a; `within` replaces reserve_within
 * (NULL: none at all; the POSIX one when keep_within). */
static void make_env(struct tu_env *env, bool keep_within,
                     void *(*within)(void *, size_t, size_t, uintptr_t, uintptr_t))
{
    tu_env_init(env);
    obj_far_from = (uintptr_t)far_a;
    env->ch.inner.reserve = obj_reserve_far;
    if (!keep_within) {
        env->ch.inner.reserve_within = within;
        if (!within)
            env->host.reserve_within = NULL;
    }
    tu_env_ctx(env);
}

static int load(struct tu_env *env, elfld_lib **lib, struct elfld_diag *d)
{
    struct elfld_input in;
    memset(&in, 0, sizeof in);
    in.name = tu_fixture_ext("window_obj", "o");
    struct elfld_opts o = tu_opts(ELFLD_NOW, d);
    o.pre_find = supply_far;
    *lib = NULL;
    return elfld_load_objects(env->ctx, &in, 1, &o, lib);
}

#if IS64
/* A failing load: the code, the diag, and nothing left behind. */
static void load_fails(struct tu_env *env, int want, struct elfld_diag *d)
{
    struct tu_snap before = tu_snap_take(env);
    elfld_lib *lib;
    int rc = load(env, &lib, d);
    tu_assert_rc(rc, want, d);
    assert_int_equal(d->code, want);
    assert_null(lib);
    tu_snap_assert_same(env, before);
    assert_null(elfld_next(env->ctx, NULL));
}

static void test_honoured(void **state)
{
    (void)state;
    place_vars(4096);
    struct tu_env env;
    make_env(&env, true, NULL);
    struct elfld_diag d;
    elfld_lib *lib;
    tu_assert_rc(load(&env, &lib, &d), 0, &d);
    assert_int_equal(env.ch.n_reserve_within, 1);
    assert_int_equal(env.ch.n_reserve, 0);
    /* within 2 GiB of far_a (every arch's field reaches at least that far) */
    uintptr_t base = elfld_base(lib), end = base + elfld_size(lib);
    assert_true(obj_dist(base, (uintptr_t)far_a) < ((uintptr_t)1 << 31));
    assert_true(obj_dist(end, (uintptr_t)far_a) < ((uintptr_t)1 << 31));
    int (*read_a)(void) = (int (*)(void))tu_sym(lib, "read_a");
    int (*read_b)(void) = (int (*)(void))tu_sym(lib, "read_b");
    assert_int_equal(read_a(), MAGIC_A);
    assert_int_equal(read_b(), MAGIC_B);
    *far_a = 7;                                     /* the very variable, not a copy */
    assert_int_equal(read_a(), 7);
    elfld_release(lib);
    tu_env_destroy(&env);
    unplace_vars();
}

static void test_no_hook(void **state)
{
    (void)state;
    place_vars(4096);
    struct tu_env env;
    make_env(&env, false, NULL);
    struct elfld_diag d;
    load_fails(&env, ELFLD_ERANGE, &d);
    assert_int_equal(env.ch.n_reserve, 1);          /* it was placed far away, and failed */
    print_message("%s\n", d.message);
    assert_non_null(strstr(d.message, "beyond the field"));
    assert_non_null(strstr(d.message, "reserve_within"));
    tu_env_destroy(&env);
    unplace_vars();
}

static void test_unsatisfiable(void **state)
{
    (void)state;
    place_vars((uintptr_t)16 << 30);
    struct tu_env env;
    make_env(&env, true, NULL);
    struct elfld_diag d;
    load_fails(&env, ELFLD_EPLACE, &d);
    assert_int_equal(env.ch.n_reserve + env.ch.n_reserve_within, 0);  /* nothing asked */
    assert_non_null(strstr(d.message, "'far_a'"));
    assert_non_null(strstr(d.message, "'far_b'"));
    print_message("%s\n", d.message);
    assert_non_null(strstr(d.message, "too far apart"));
    assert_non_null(strstr(d.message, "window_obj"));          /* the object named */
    assert_true(strcmp(d.symbol, "far_a") == 0 || strcmp(d.symbol, "far_b") == 0);
    tu_env_destroy(&env);
    unplace_vars();
}

static void *refuse(void *user, size_t size, size_t align, uintptr_t first, uintptr_t last)
{
    (void)user, (void)size, (void)align, (void)first, (void)last;
    return NULL;
}

static void test_host_refuses(void **state)
{
    (void)state;
    place_vars(4096);
    struct tu_env env;
    make_env(&env, false, refuse);
    struct elfld_diag d;
    load_fails(&env, ELFLD_EPLACE, &d);
    assert_int_equal(env.ch.n_reserve_within, 1);
    assert_int_equal(env.ch.n_reserve, 0);
    assert_non_null(strstr(d.message, "could not reserve"));
    tu_env_destroy(&env);
    unplace_vars();
}

/* A broken host: ignores the window (the count host notes that as a bookkeeping error,
 * which this test then expects and clears). */
static void *misplace(void *user, size_t size, size_t align, uintptr_t first, uintptr_t last)
{
    (void)first, (void)last;
    return obj_reserve_far(user, size, align);
}

static void test_host_misplaces(void **state)
{
    (void)state;
    place_vars(4096);
    struct tu_env env;
    make_env(&env, false, misplace);
    struct elfld_diag d;
    elfld_lib *lib;
    struct tu_snap before = tu_snap_take(&env);
    int rc = load(&env, &lib, &d);
    tu_assert_rc(rc, ELFLD_EPLACE, &d);
    assert_null(lib);
    assert_non_null(strstr(d.message, "outside the window"));
    assert_int_equal(env.ch.errors, 1);             /* the count host saw it too */
    env.ch.errors = 0;
    tu_snap_assert_same(&env, before);              /* the region was given back */
    tu_env_destroy(&env);
    unplace_vars();
}

#else
static void test_anywhere(void **state)
{
    (void)state;
    place_vars((uintptr_t)1 << 30);
    struct tu_env env;
    make_env(&env, true, NULL);
    struct elfld_diag d;
    elfld_lib *lib;
    tu_assert_rc(load(&env, &lib, &d), 0, &d);
    assert_int_equal(env.ch.n_reserve_within, 0);
    assert_int_equal(env.ch.n_reserve, 1);
    int (*read_a)(void) = (int (*)(void))tu_sym(lib, "read_a");
    int (*read_b)(void) = (int (*)(void))tu_sym(lib, "read_b");
    assert_int_equal(read_a(), MAGIC_A);
    assert_int_equal(read_b(), MAGIC_B);
    elfld_release(lib);
    tu_env_destroy(&env);
    unplace_vars();
}
#endif

int main(int argc, char **argv)
{
    tu_init(argc, argv);
#if IS64
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_honoured),
        cmocka_unit_test(test_no_hook),
        cmocka_unit_test(test_unsatisfiable),
        cmocka_unit_test(test_host_refuses),
        cmocka_unit_test(test_host_misplaces),
    };
#else
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anywhere),
    };
#endif
    return cmocka_run_group_tests_name(tu_toolchain, tests, NULL, NULL);
}
