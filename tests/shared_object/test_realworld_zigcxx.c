/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_realworld_zigcxx.c - a C++ plugin that carries its own C++ runtime: cxx/cxx_plugin.cpp
 * built by `zig c++`, which links LLVM's libc++ and libc++abi (and libunwind) into the shared
 * library.  The plugin needs only the C library.  On riscv32 and loongarch64 it is built for
 * musl and this is a static musl program, with no dynamic symbol table to search: the names
 * come from a table (post_find: tu_find_libc).  On riscv64 it is built for glibc, whose copy
 * in this process answers (the system), and the table is never asked.
 *
 * What it shows: the plugin's thread_local object and its guard (dynamic TLS through
 * __tls_get_addr, module records only: R_*_TLS_DTPMOD*) work in the main thread, in 4
 * threads this program starts and in 4 the plugin starts with std::thread: each thread's
 * object is constructed on first use with its initial state, keeps its own count and
 * address, and is destroyed when its thread exits.
 *
 * Two ways of running thread_local destructors:
 * - this program answers __cxa_thread_atexit_impl itself (pre_find), as glibc would, keeping
 *   each thread's list under a key of its own - on glibc too, whose own would run the main
 *   thread's destructors at process exit, after the plugin is gone.  The main thread's
 *   objects and the plugin's __cxa_atexit handlers are the loader user's to run before the
 *   plugin goes (as glibc's dlclose runs __cxa_finalize): __cxa_atexit is answered here too,
 *   and plugin_finalize runs both;
 * - on musl, which has no __cxa_thread_atexit_impl, libc++abi's own fallback: it keeps each
 *   thread's list in the plugin's TLS and runs it from a pthread key it makes on first use,
 *   after the context's TLS key.  Key destructors run in key order, so this works only
 *   because the POSIX host repeats destructors and the core keeps an exiting thread's blocks
 *   for one more round (ELFLD_HOST_TLS_DESTRUCTOR_ROUNDS).  The main thread's objects are
 *   destroyed by a handler the runtime registers with __cxa_atexit (plugin_finalize).
 *
 * Exceptions thrown in such a plugin: tests/tools (unwind-zig).
 *
 * Expected values come from the plugin's source: cxx_uses(n) adds n to the calling thread's
 * tracker.uses (0 after construction) and returns it; cxx_run(4) starts 4 threads adding
 * 1..4 (sum 10 * 1000 + 4 names in the map); one Tracker constructed per thread that uses it.
 *
 * Usage: test_realworld_zigcxx FIXTURE_DIR TOOLCHAIN CXX_PLUGIN
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE                 /* dladdr, syscall */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>

#include "count_host.h"
#include "testutil.h"

static const char *cxx_plugin;

/* ---------------------------------------------------------------- __cxa_atexit and
 * __cxa_thread_atexit_impl, answered by this program */
static struct {
    void (*fn)(void *);
    void *arg;
} handlers[16];
static int n_handlers, n_handlers_run;
static pthread_mutex_t handlers_lock = PTHREAD_MUTEX_INITIALIZER;

static int plugin_cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
    (void)dso;
    pthread_mutex_lock(&handlers_lock);
    int ok = n_handlers < (int)(sizeof handlers / sizeof handlers[0]);
    if (ok) {
        handlers[n_handlers].fn = fn;
        handlers[n_handlers].arg = arg;
        n_handlers++;
    }
    pthread_mutex_unlock(&handlers_lock);
    return ok ? 0 : -1;
}

/* A thread's thread_local destructors, newest first, kept under a key made before the
 * context (so before the context's own TLS key): the C library runs key destructors in key
 * order, so these run while the thread's TLS blocks still exist. */
struct thread_dtor {
    void (*fn)(void *);
    void *obj;
    struct thread_dtor *next;
};
static pthread_key_t thread_dtors;
static int n_thread_dtors_run;

static int plugin_cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso)
{
    (void)dso;
    struct thread_dtor *d = malloc(sizeof *d);
    if (d == NULL)
        return -1;
    d->fn = fn;
    d->obj = obj;
    d->next = pthread_getspecific(thread_dtors);
    if (pthread_setspecific(thread_dtors, d) != 0) {
        free(d);
        return -1;
    }
    return 0;
}

/* Runs the list and any a destructor adds meanwhile. */
static void run_thread_dtors(void *head)
{
    for (struct thread_dtor *d = head; d != NULL; d = head) {
        head = d->next;
        d->fn(d->obj);
        free(d);
        __atomic_add_fetch(&n_thread_dtors_run, 1, __ATOMIC_RELAXED);
        if (head == NULL) {
            head = pthread_getspecific(thread_dtors);
            pthread_setspecific(thread_dtors, NULL);
        }
    }
}

/* Before the plugin goes: the main thread's thread_local destructors, then its exit handlers. */
static void plugin_finalize(void)
{
    struct thread_dtor *mine = pthread_getspecific(thread_dtors);
    pthread_setspecific(thread_dtors, NULL);
    run_thread_dtors(mine);
    while (n_handlers > 0) {
        n_handlers--;
        handlers[n_handlers].fn(handlers[n_handlers].arg);
        n_handlers_run++;
    }
}

/* __cxa_atexit only: libc++abi then keeps thread_local destructors in its own list. */
static int find_cxa_atexit_only(void *user, const char *name, const char *version,
                                struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "__cxa_atexit") != 0)
        return 0;
    out->addr = (void *)plugin_cxa_atexit;
    out->size = 0;
    return 1;
}

static int find_atexit(void *user, const char *name, const char *version,
                       struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "__cxa_atexit") == 0)
        out->addr = (void *)plugin_cxa_atexit;
    else if (strcmp(name, "__cxa_thread_atexit_impl") == 0)
        out->addr = (void *)plugin_cxa_thread_atexit_impl;
    else
        return 0;
    out->size = 0;
    return 1;
}

/* ---------------------------------------------------------------- the test */
static int (*uses)(int);
static void *(*tracker_addr)(void);
static pthread_barrier_t all_used;   /* the threads are alive together: distinct objects */

struct worker {
    int n;
    int first, second;
    void *addr;
};

static void *worker_main(void *p)
{
    struct worker *w = p;
    w->first = uses(w->n);
    w->second = uses(1);
    w->addr = tracker_addr();
    pthread_barrier_wait(&all_used);
    return NULL;
}

/* own_list: this program's __cxa_thread_atexit_impl; else the C++ runtime's fallback. */
static void zigcxx_case(void **state, int own_list)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.pre_find = own_list ? find_atexit : find_cxa_atexit_only;
    int dtors_before = n_thread_dtors_run;
    o.post_find = tu_find_libc;
    elfld_lib *plugin = tu_load_path(env, cxx_plugin, &o);
    uses = (int (*)(int))tu_sym(plugin, "cxx_uses");
    tracker_addr = (void *(*)(void))tu_sym(plugin, "cxx_tracker_addr");
    int (*run)(int) = (int (*)(int))tu_sym(plugin, "cxx_run");
    int (*constructed)(void) = (int (*)(void))tu_sym(plugin, "cxx_constructed");
    int (*destroyed)(void) = (int (*)(void))tu_sym(plugin, "cxx_destroyed");

    /* The main thread: constructed on first use, counting from 0. */
    assert_int_equal(constructed(), 0);
    assert_int_equal(uses(5), 5);
    assert_int_equal(uses(2), 7);
    void *main_addr = tracker_addr();
    assert_int_equal(constructed(), 1);
    assert_int_equal(destroyed(), 0);

    /* 4 threads of this program: each its own object from scratch, destroyed at its exit
     * (before pthread_join returns), while the main thread's lives on. */
    struct worker w[4];
    pthread_t t[4];
    assert_int_equal(pthread_barrier_init(&all_used, NULL, 4), 0);
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){.n = 10 * (i + 1)};
        assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&all_used);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(w[i].first, 10 * (i + 1));
        assert_int_equal(w[i].second, 10 * (i + 1) + 1);
        assert_ptr_not_equal(w[i].addr, main_addr);
        for (int j = 0; j < i; j++)
            assert_ptr_not_equal(w[i].addr, w[j].addr);
    }
    assert_int_equal(constructed(), 5);
    assert_int_equal(destroyed(), 4);

    /* 4 threads of the plugin's own (std::thread), twice: new objects each time. */
    assert_int_equal(run(4), (1 + 2 + 3 + 4) * 1000 + 4);
    assert_int_equal(constructed(), 9);
    assert_int_equal(destroyed(), 8);
    assert_int_equal(run(4), 10 * 1000 + 4);
    assert_int_equal(constructed(), 13);
    assert_int_equal(destroyed(), 12);

    /* The main thread's object kept its count and address through all that. */
    assert_int_equal(uses(0), 7);
    assert_ptr_equal(tracker_addr(), main_addr);
    assert_int_equal(constructed(), 13);

    /* Before the plugin goes: its exit handlers, which destroy the main thread's object. */
    plugin_finalize();
    assert_int_equal(destroyed(), 13);
    /* every destructor through this program's list, or none */
    assert_int_equal(n_thread_dtors_run - dtors_before, own_list ? 13 : 0);
    elfld_release(plugin);
}

static void test_zigcxx_plugin(void **state) { zigcxx_case(state, 1); }
#ifndef __GLIBC__
static void test_zigcxx_plugin_runtime_list(void **state) { zigcxx_case(state, 0); }
#endif

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (tu_argc < 4) {
        print_error("usage: %s FIXTURE_DIR TOOLCHAIN CXX_PLUGIN\n", argv[0]);
        return 2;
    }
    cxx_plugin = tu_argv[3];
    if (pthread_key_create(&thread_dtors, run_thread_dtors) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        TU_TEST(test_zigcxx_plugin),
#ifndef __GLIBC__
        TU_TEST(test_zigcxx_plugin_runtime_list),
#endif
    };
    return cmocka_run_group_tests_name("zig c++", tests, NULL, NULL);
}
