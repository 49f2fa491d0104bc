/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_threads.c - the threading rules of include/elfld.h, exercised as documented (and run
 * under ThreadSanitizer by tests/tsan.sh):
 *   - contexts share nothing: threads that each own a context load, look up, call and unload
 *     at the same time;
 *   - calls into a loaded library may come from many threads at once, lazily bound slots
 *     included: lazy binding reads the context's tables and stores one word, so threads that
 *     reach an unbound slot together all get the right target.
 *
 * Usage: test_threads FIXTURE_DIR TOOLCHAIN (loads basic-TOOLCHAIN.so)
 */
#define _GNU_SOURCE /* pthread_barrier_t */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "elfld.h"
#include "elfld/posix.h"

#define THREADS 4
#define ROUNDS 25

static char fixture[4096];

struct worker {
    pthread_t thread;
    int (*plt)(int, int);     /* basic_call_plt of the shared library (lazy test) */
    pthread_barrier_t *start;
    char error[256];          /* first failure, empty when none */
};

static void *own_context(void *arg)
{
    struct worker *w = arg;
    for (int round = 0; round < ROUNDS && !w->error[0]; round++) {
        elfld_ctx *ctx = NULL;
        int rc = elfld_posix_ctx_create(&ctx, 0, NULL, NULL);
        if (rc) {
            snprintf(w->error, sizeof w->error, "ctx_create: %s", elfld_strerror(rc));
            break;
        }
        struct elfld_opts o = {.struct_size = sizeof o, .flags = round % 2 ? ELFLD_LAZY : ELFLD_NOW};
        elfld_lib *lib = NULL;
        rc = elfld_load(ctx, fixture, &o, &lib);
        if (rc) {
            snprintf(w->error, sizeof w->error, "load: %s", elfld_strerror(rc));
        } else {
            int (*plt)(int, int) = (int (*)(int, int))elfld_sym(lib, "basic_call_plt");
            int (*sum)(void) = (int (*)(void))elfld_sym(lib, "basic_static_sum");
            if (!plt || !sum || plt(round, 1) != (round + 1) * 3 || sum() != 307)
                snprintf(w->error, sizeof w->error, "round %d: wrong results", round);
            elfld_release(lib);
        }
        elfld_ctx_destroy(ctx);
    }
    return NULL;
}

/* Counts lookups of basic_mul (only a PLT call reaches it: bound lazily at the first call of
 * basic_call_plt); passes. */
static int asked_mul;

static int count_mul(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)version;
    (void)out;
    if (strcmp(name, "basic_mul") == 0)
        __atomic_fetch_add(&asked_mul, 1, __ATOMIC_RELAXED);
    return 0;
}

static void *call_shared(void *arg)
{
    struct worker *w = arg;
    pthread_barrier_wait(w->start);       /* every thread reaches the unbound slots at once */
    for (int i = 0; i < 1000 && !w->error[0]; i++)
        if (w->plt(i, 2) != (i + 2) * 3)
            snprintf(w->error, sizeof w->error, "call %d: wrong result", i);
    return NULL;
}

static void run(struct worker *w, void *(*fn)(void *))
{
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&w[i].thread, NULL, fn, &w[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(w[i].thread, NULL), 0);
        if (w[i].error[0])
            fail_msg("thread %d: %s", i, w[i].error);
    }
}

static void test_context_per_thread(void **state)
{
    (void)state;
    struct worker w[THREADS];
    memset(w, 0, sizeof w);
    run(w, own_context);
}

static void test_lazy_binding_from_many_threads(void **state)
{
    (void)state;
    elfld_ctx *ctx = NULL;
    assert_int_equal(elfld_posix_ctx_create(&ctx, 0, NULL, NULL), 0);
    struct elfld_opts o = {.struct_size = sizeof o, .flags = ELFLD_LAZY, .pre_find = count_mul};
    elfld_lib *lib = NULL;
    asked_mul = 0;
    assert_int_equal(elfld_load(ctx, fixture, &o, &lib), 0);
    assert_int_equal(asked_mul, 0);               /* nothing bound yet */
    /* the lookup is an API call on the context: made here, by the one thread that uses it */
    int (*plt)(int, int) = (int (*)(int, int))elfld_sym(lib, "basic_call_plt");
    assert_non_null(plt);
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
    struct worker w[THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < THREADS; i++) {
        w[i].plt = plt;
        w[i].start = &start;
    }
    run(w, call_shared);
    /* bound in the threads: once, or once by each thread that reached the slot unbound */
    int asked = __atomic_load_n(&asked_mul, __ATOMIC_RELAXED);
    assert_true(asked >= 1 && asked <= THREADS);
    pthread_barrier_destroy(&start);
    elfld_release(lib);
    elfld_ctx_destroy(ctx);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN\n", argv[0]);
        return 2;
    }
    snprintf(fixture, sizeof fixture, "%s/basic-%s.so", argv[1], argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context_per_thread),
        cmocka_unit_test(test_lazy_binding_from_many_threads),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
