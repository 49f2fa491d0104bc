/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_tls.c - thread-local storage of loaded libraries (fixtures/tlsmod.c, tlsuser.c), per
 * access model: general-dynamic, local-dynamic, initial-exec (static TLS) and, where the
 * toolchain emits them, TLS descriptors.
 *
 * Every model is checked the same way: the initialised variable reads 42 and the 64-byte
 * aligned one 7 (values the fixture's source gives), the aligned one lies on a 64-byte
 * boundary, the 100,000-byte .tbss array reads zero, elfld_sym of a thread-local symbol is the
 * calling thread's address; then the main thread, 4 threads created before the load and 4
 * created after it each see their own copy - initial values, distinct addresses, their own
 * writes only.  The count host proves that a thread's blocks are freed when it exits and that
 * a load/unload loop leaves nothing behind.
 *
 * Usage: test_tls FIXTURE_DIR TOOLCHAIN [desc|obj|obj-desc|obj-extreme|obj-desc-extreme]
 *   desc      the descriptor cases only
 *   obj       the models as relocatable objects (elfld_load_objects), local exec included
 *   obj-desc  the descriptor case as an object
 *   obj-extreme, obj-desc-extreme  the same, built for LoongArch's extreme code model
 */
#define _GNU_SOURCE /* pthread_barrier_t */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "count_host.h"
#include "testutil.h"

#define THREADS 4

struct tls_api {
    int *(*init_addr)(void);
    long *(*aligned_addr)(void);
    char *(*big_addr)(void);
    int (*touch)(int);
    unsigned long big_size;
    int init_value;
    long aligned_value;
};

static struct tls_api api_of(elfld_lib *lib)
{
    struct tls_api a;
    a.init_addr = (int *(*)(void))tu_sym(lib, "tls_init_addr");
    a.aligned_addr = (long *(*)(void))tu_sym(lib, "tls_aligned_addr");
    a.big_addr = (char *(*)(void))tu_sym(lib, "tls_big_addr");
    a.touch = (int (*)(int))tu_sym(lib, "tls_touch");
    a.big_size = ((unsigned long (*)(void))tu_sym(lib, "tls_big_size"))();
    a.init_value = ((int (*)(void))tu_sym(lib, "tls_init_expected"))();
    a.aligned_value = ((long (*)(void))tu_sym(lib, "tls_aligned_expected"))();
    return a;
}

/* What one thread sees, checked by the thread itself (cmocka asserts only in the main one). */
struct seen {
    int *init;
    long *aligned;
    char error[200];
};

static void check_thread(const struct tls_api *a, struct seen *s)
{
    s->init = a->init_addr();
    s->aligned = a->aligned_addr();
    char *big = a->big_addr();
    if (*s->init != a->init_value || *s->aligned != a->aligned_value) {
        snprintf(s->error, sizeof s->error, "initial values %d and %ld, expected %d and %ld",
                 *s->init, *s->aligned, a->init_value, a->aligned_value);
        return;
    }
    if ((uintptr_t)s->aligned % 64) {
        snprintf(s->error, sizeof s->error, "aligned variable at %p", (void *)s->aligned);
        return;
    }
    for (size_t i = 0; i < a->big_size; i++)
        if (big[i]) {
            snprintf(s->error, sizeof s->error, ".tbss byte %zu is %d", i, big[i]);
            return;
        }
    /* counter 0 + 10, init, aligned, the array's last byte 1 */
    int want = 10 + a->init_value + (int)a->aligned_value + 1;
    int got = a->touch(10);
    if (got != want) {
        snprintf(s->error, sizeof s->error, "tls_touch(10) = %d, expected %d", got, want);
        return;
    }
    *s->init += 1000;                  /* this thread's copy only */
    if (*a->init_addr() != a->init_value + 1000)
        snprintf(s->error, sizeof s->error, "own write not seen");
}

struct worker {
    pthread_t thread;
    pthread_barrier_t *loaded;         /* NULL: created after the load */
    pthread_barrier_t *checked;        /* every thread stays until all are compared */
    const struct tls_api *api;
    struct seen seen;
};

/* Set while threads of a model case wait on barriers in the case's stack frame: a failed
 * assertion leaves the frame and them behind, and every later case would hang on what
 * reuses that memory, so the teardown ends the process at once (tls_teardown). */
static int threads_parked;

static int tls_teardown(void **state)
{
    if (threads_parked) {
        fprintf(stderr, "a model case failed with its threads still waiting: stopping here\n");
        _exit(1);
    }
    return tu_teardown(state);
}
#define TLS_TEST(f) cmocka_unit_test_setup_teardown(f, tu_setup, tls_teardown)

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    if (w->loaded)
        pthread_barrier_wait(w->loaded);
    check_thread(w->api, &w->seen);
    pthread_barrier_wait(w->checked);  /* the blocks live on while the main thread compares */
    pthread_barrier_wait(w->checked);
    return NULL;
}

/* The main thread and 4 + 4 threads each see their own copies. */
static void check_threads(struct tls_api *api, pthread_barrier_t *loaded,
                          pthread_barrier_t *checked, struct worker *early)
{
    struct worker late[THREADS];
    struct seen main_seen = {0};
    check_thread(api, &main_seen);
    if (main_seen.error[0])
        fail_msg("main thread: %s", main_seen.error);
    pthread_barrier_wait(loaded);
    for (int i = 0; i < THREADS; i++) {
        late[i] = (struct worker){.api = api, .checked = checked};
        assert_int_equal(pthread_create(&late[i].thread, NULL, worker_main, &late[i]), 0);
    }
    pthread_barrier_wait(checked);     /* every thread has checked and still runs */
    struct seen *all[2 * THREADS + 1];
    int n = 0;
    all[n++] = &main_seen;
    for (int i = 0; i < THREADS; i++) {
        all[n++] = &early[i].seen;
        all[n++] = &late[i].seen;
    }
    int distinct = 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            distinct &= all[i]->init != all[j]->init && all[i]->aligned != all[j]->aligned;
    pthread_barrier_wait(checked);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(early[i].thread, NULL);
        pthread_join(late[i].thread, NULL);
    }
    threads_parked = 0;
    for (int i = 0; i < n; i++)
        if (all[i]->error[0])
            fail_msg("thread %d: %s", i, all[i]->error);
    assert_true(distinct);
    /* the others' writes did not reach the main thread's copy */
    assert_int_equal(*api->init_addr(), api->init_value + 1000);
}

static void start_early(struct worker *early, pthread_barrier_t *loaded,
                        pthread_barrier_t *checked, struct tls_api *api)
{
    threads_parked = 1;
    pthread_barrier_init(loaded, NULL, THREADS + 1);
    pthread_barrier_init(checked, NULL, 2 * THREADS + 1);
    for (int i = 0; i < THREADS; i++) {
        early[i] = (struct worker){.loaded = loaded, .checked = checked, .api = api};
        assert_int_equal(pthread_create(&early[i].thread, NULL, worker_main, &early[i]), 0);
    }
}

/* "obj": every model is a relocatable object (tlsmod.c compiled with -c: `tlsobj<model>`,
 * or `tlsobjx<model>` for the extreme code model), linked by elfld_load_objects, instead of a
 * shared object. */
static int use_objects;
static const char *obj_prefix = "tlsobj";

static const char *model_file(const char *fixture)
{
    static char name[64];
    if (!use_objects)
        return tu_fixture(fixture);
    snprintf(name, sizeof name, "%s%s", obj_prefix, fixture + 3);   /* "tlsgd" -> "tlsobjgd" */
    return tu_fixture_ext(name, "o");
}

static elfld_lib *load_model(struct tu_env *env, const char *fixture,
                             const struct elfld_opts *opts)
{
    if (!use_objects)
        return tu_load(env, fixture, opts);
    struct elfld_diag d;
    memset(&d, 0, sizeof d);
    struct elfld_opts o = opts ? *opts : tu_opts(0, NULL);
    if (!o.diag)
        o.diag = &d;
    struct elfld_input in = {.name = model_file(fixture)};
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, &in, 1, &o, &lib);
    if (rc)
        print_error("linking %s\n", in.name);
    tu_assert_rc(rc, 0, o.diag);
    return lib;
}

/* Load `fixture` while 4 threads wait, then check every thread.  `exported`: its variables
 * are exported (not the local-dynamic build's hidden ones), so elfld_sym finds them. */
static void model_case(void **state, const char *fixture, int exported)
{
    struct tu_env *env = *state;
    struct tls_api api;
    struct worker early[THREADS];
    pthread_barrier_t loaded, checked;
    start_early(early, &loaded, &checked, &api);
    elfld_lib *lib = load_model(env, fixture, NULL);
    api = api_of(lib);
    if (exported) {
        /* elfld_sym of a thread-local symbol: the calling thread's copy */
        assert_ptr_equal(tu_sym(lib, "tls_init"), api.init_addr());
        struct elfld_syminfo si;
        assert_int_equal(elfld_sym_info(lib, "tls_aligned", NULL, &si), 0);
        assert_ptr_equal(si.addr, api.aligned_addr());
        assert_int_equal(si.type, ELFLD_SYM_TLS);
    }
    check_threads(&api, &loaded, &checked, early);
    pthread_barrier_destroy(&loaded);
    pthread_barrier_destroy(&checked);
    elfld_release(lib);
}

static void test_general_dynamic(void **state) { model_case(state, "tlsgd", 1); }
static void test_local_dynamic(void **state) { model_case(state, "tlsld", 0); }
static void test_descriptors(void **state) { model_case(state, "tlsdesc", 1); }
/* initial-exec with an all-zero image: the POSIX host's static area, which every thread
 * (existing or new) has zero-filled */
static void test_initial_exec_zero(void **state) { model_case(state, "tlsie0", 1); }

/* initial-exec with initialised data: the POSIX host cannot give it to other threads. */
static void test_initial_exec_refused(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag d;
    if (use_objects) {
        struct elfld_input in = {.name = model_file("tlsie")};
        struct tu_snap before = tu_snap_take(env);
        elfld_lib *lib = NULL;
        struct elfld_opts o = tu_opts(0, &d);
        tu_assert_rc(elfld_load_objects(env->ctx, &in, 1, &o, &lib), ELFLD_ETLS, &d);
        tu_snap_assert_same(env, before);
    } else {
        tu_load_fail(env, tu_fixture("tlsie"), NULL, ELFLD_ETLS, &d);
    }
    assert_non_null(strstr(d.message, "initial-exec"));
    assert_non_null(strstr(d.message, "initialised data"));
}

/* A host that initialises its threads itself (ELFLD_TLS_STATIC_INIT_THREADS), as a kernel
 * does: a static area of the test's own, and elfld_tls_init_thread() in each new thread. */
static _Thread_local unsigned char own_area[1 << 18] __attribute__((aligned(64)));
static size_t own_used;
static elfld_ctx *own_ctx;

static int own_static_reserve(void *user, size_t size, size_t align, intptr_t *tp_offset,
                              unsigned *guarantees)
{
    (void)user;
    size_t at = (own_used + align - 1) & ~(align - 1);
    if (align > 64 || at + size > sizeof own_area)
        return ELFLD_ETLS;
    own_used = at + size;
    *tp_offset = (intptr_t)((uintptr_t)&own_area[at] - elfld_thread_pointer());
    *guarantees = ELFLD_TLS_STATIC_INIT_THREADS;
    return 0;
}

static void *own_thread(void *arg)
{
    struct worker *w = arg;
    if (elfld_tls_init_thread(own_ctx, elfld_thread_pointer()) != 0)
        snprintf(w->seen.error, sizeof w->seen.error, "elfld_tls_init_thread failed");
    else
        check_thread(w->api, &w->seen);
    return NULL;
}

static void test_initial_exec_host_inits(void **state)
{
    struct tu_env *env = *state;
    elfld_ctx_destroy(env->ctx);
    env->host.tls_static_reserve = own_static_reserve;
    env->host.tls_static_release = NULL;
    tu_env_ctx(env);
    own_ctx = env->ctx;
    own_used = 0;
    elfld_lib *lib = load_model(env, "tlsie", NULL);
    struct tls_api api = api_of(lib);
    struct seen main_seen = {0};
    check_thread(&api, &main_seen);
    if (main_seen.error[0])
        fail_msg("main thread: %s", main_seen.error);
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.api = &api};
        assert_int_equal(pthread_create(&w[i].thread, NULL, own_thread, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(w[i].thread, NULL);
        if (w[i].seen.error[0])
            fail_msg("thread %d: %s", i, w[i].seen.error);
        assert_ptr_not_equal(w[i].seen.init, main_seen.init);
    }
    elfld_release(lib);
}

/* A library reading and writing another library's exported thread-local variable. */
static void test_other_library(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_GLOBAL, NULL);
    elfld_lib *mod = tu_load(env, "tlsgd", &o);
    elfld_lib *user = tu_load(env, "tlsuser", NULL);
    struct tls_api api = api_of(mod);
    int (*get)(void) = (int (*)(void))tu_sym(user, "tlsuser_get");
    void (*set)(int) = (void (*)(int))tu_sym(user, "tlsuser_set");
    assert_int_equal(get(), 42);
    set(77);
    assert_int_equal(*api.init_addr(), 77);
    elfld_release(user);
    elfld_release(mod);
}

/* A thread's blocks go when it exits: after the join, the allocations are those before. */
static void *touch_once(void *arg)
{
    struct tls_api *api = arg;
    api->touch(1);
    return NULL;
}

static void test_thread_exit_frees(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_model(env, "tlsgd", NULL);
    struct tls_api api = api_of(lib);
    api.touch(1);                      /* the main thread's block and thread record */
    struct tu_snap alone = tu_snap_take(env);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, touch_once, &api), 0);
    pthread_join(t, NULL);
    /* its block and block table are gone; its (emptied) record stays for the next thread */
    struct tu_snap before = tu_snap_take(env);
    assert_int_equal(before.allocs, alone.allocs + 1);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_create(&t, NULL, touch_once, &api), 0);
        pthread_join(t, NULL);
        tu_snap_assert_same(env, before);
    }
    elfld_release(lib);
}

/* 200 loads and unloads, 4 threads touching the variables in each: nothing accumulates
 * (the teardown proves nothing is left at the end). */
static void test_load_unload_loop(void **state)
{
    struct tu_env *env = *state;
    struct tu_snap first = {0};
    for (int round = 0; round < 200; round++) {
        elfld_lib *lib = load_model(env, round % 2 ? "tlsgd" : "tlsld", NULL);
        struct tls_api api = api_of(lib);
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++)
            assert_int_equal(pthread_create(&t[i], NULL, touch_once, &api), 0);
        for (int i = 0; i < THREADS; i++)
            pthread_join(t[i], NULL);
        elfld_release(lib);
        /* What stays between rounds: the context's module table and one record per thread
         * that ever used TLS at once (an exited thread's record is claimed by the next new
         * thread): at most THREADS more than after the first rounds, however many rounds. */
        struct tu_snap now = tu_snap_take(env);
        if (round == 1)
            first = now;
        else if (round > 1 && (now.reserves != first.reserves || now.allocs > first.allocs + THREADS))
            fail_msg("round %d: %zu allocations, %zu reservations live (after round 1: %zu, %zu)",
                     round, now.allocs, now.reserves, first.allocs, first.reserves);
    }
}

/* TLS relocations against a symbol that is not thread-local: refused, nothing left. */
static void test_not_thread_local(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_GLOBAL, NULL);
    elfld_lib *fake = tu_load(env, "tlsfake", &o);
    struct elfld_diag d;
    tu_load_fail(env, tu_fixture("tlsuser"), NULL, ELFLD_ETLS, &d);
    assert_non_null(strstr(d.message, "not thread-local"));
    assert_string_equal(d.symbol, "tls_init");
    elfld_release(fake);
}

/* An initial-exec module larger than the host's static area: refused, nothing left. */
static int no_room(void *user, size_t size, size_t align, intptr_t *tp_offset,
                   unsigned *guarantees)
{
    (void)user, (void)size, (void)align, (void)tp_offset, (void)guarantees;
    return ELFLD_ETLS;
}

static void test_static_area_full(void **state)
{
    struct tu_env *env = *state;
    elfld_ctx_destroy(env->ctx);
    env->host.tls_static_reserve = no_room;
    tu_env_ctx(env);
    struct elfld_diag d;
    tu_load_fail(env, tu_fixture("tlsie0"), NULL, ELFLD_ETLS, &d);
    assert_non_null(strstr(d.message, "has no room"));
}

/* A host without per-thread values cannot have dynamic TLS: refused, nothing left. */
static void test_no_host_hooks(void **state)
{
    struct tu_env *env = *state;
    elfld_ctx_destroy(env->ctx);
    env->host.tls_key_create = NULL;
    tu_env_ctx(env);
    struct elfld_diag d;
    tu_load_fail(env, tu_fixture("tlsgd"), NULL, ELFLD_ETLS, &d);
    assert_non_null(strstr(d.message, "tls_key_create"));
}

/*
 * The thread-pointer cache (host tls_cache_*): with it a thread asks the host's tls_get only
 * until its table exists; without it (no hook, or every entry taken) on every access, and
 * the values are the same.  The POSIX host's entries are reused once a context is gone.
 */
static void *(*host_tls_get)(void *user, uintptr_t key);
static unsigned long tls_get_calls;

static void *counting_tls_get(void *user, uintptr_t key)
{
    __atomic_add_fetch(&tls_get_calls, 1, __ATOMIC_RELAXED);
    return host_tls_get(user, key);
}

static void count_tls_get(struct tu_env *env, int with_cache)
{
    elfld_ctx_destroy(env->ctx);
    if (env->host.tls_get != counting_tls_get) {
        host_tls_get = env->host.tls_get;
        env->host.tls_get = counting_tls_get;
    }
    if (!with_cache)
        env->host.tls_cache_reserve = NULL;
    tu_env_ctx(env);
}

/* tls_get calls of `touches` tls_touch(0) calls after a first one (each adds 1 to the
 * thread's array byte, which the sum it returns includes: checked). */
static unsigned long tls_get_calls_of(const struct tls_api *api, int touches)
{
    int before = api->touch(0);
    __atomic_store_n(&tls_get_calls, 0, __ATOMIC_RELAXED);
    for (int i = 0; i < touches; i++)
        if (api->touch(0) != before + 1 + i)
            fail_msg("tls_touch: the thread's variables did not advance");
    return __atomic_load_n(&tls_get_calls, __ATOMIC_RELAXED);
}

static void *tls_get_calls_in_thread(void *arg)
{
    return (void *)(uintptr_t)tls_get_calls_of(arg, 100);
}

static void cache_case(void **state, const char *fixture, int with_cache)
{
    struct tu_env *env = *state;
    count_tls_get(env, with_cache);
    /* another module stays loaded throughout, so the main thread's table outlives `lib` */
    elfld_lib *other = load_model(env, strcmp(fixture, "tlsgd") ? "tlsgd" : "tlsld", NULL);
    elfld_lib *lib = load_model(env, fixture, NULL);
    struct tls_api api = api_of(lib);
    unsigned long main_calls = tls_get_calls_of(&api, 100);
    pthread_t t;
    void *thread_calls;
    assert_int_equal(pthread_create(&t, NULL, tls_get_calls_in_thread, &api), 0);
    pthread_join(t, &thread_calls);
    if (with_cache) {
        assert_int_equal(main_calls, 0);
        assert_int_equal((uintptr_t)thread_calls, 0);
    } else {                           /* every access asks: at least one per touch */
        assert_true(main_calls >= 100);
        assert_true((uintptr_t)thread_calls >= 100);
    }
    elfld_release(lib);
    /* Loaded again: the module id comes back with a new generation, and the main thread's
     * table still has the (emptied) entry for that id: it must not be taken for a block. */
    lib = load_model(env, fixture, NULL);
    api = api_of(lib);
    assert_int_equal(*api.init_addr(), api.init_value);
    elfld_release(lib);
    elfld_release(other);
    if (!with_cache)
        model_case(state, fixture, strcmp(fixture, "tlsld") != 0);
}

static void test_cached_general_dynamic(void **state) { cache_case(state, "tlsgd", 1); }
static void test_uncached_general_dynamic(void **state) { cache_case(state, "tlsgd", 0); }
static void test_uncached_local_dynamic(void **state) { cache_case(state, "tlsld", 0); }
static void test_cached_descriptors(void **state) { cache_case(state, "tlsdesc", 1); }
static void test_uncached_descriptors(void **state) { cache_case(state, "tlsdesc", 0); }

/*
 * A thread-local access from a key destructor that runs after libelfld's (pthread runs them
 * in key order; this key is created after the context's), as a C++ runtime's thread_local
 * destructors run when it has no __cxa_thread_atexit_impl.  The POSIX host repeats
 * destructors (ELFLD_HOST_TLS_DESTRUCTOR_ROUNDS), so the thread's blocks are still there and
 * the destructor reads the thread's own value, initial + 5, as it does under glibc's dlopen,
 * which frees a thread's TLS only after every key destructor.  A host that runs destructors
 * once frees the table at once: the access must not find it through the cache and gets a
 * fresh block with the initial value, which pthread's next destructor round frees.
 */
static pthread_key_t late_key;
static int late_value;

static void late_destructor(void *arg)
{
    const struct tls_api *api = arg;
    late_value = *api->init_addr();
}

static void *touch_then_exit(void *arg)
{
    struct tls_api *api = arg;
    *api->init_addr() += 5;            /* this thread's block, then the table, are made */
    pthread_setspecific(late_key, api);
    return NULL;
}

static void late_access_case(void **state, int repeats)
{
    struct tu_env *env = *state;
    if (!repeats) {
        elfld_ctx_destroy(env->ctx);
        env->host.flags &= ~ELFLD_HOST_TLS_DESTRUCTOR_ROUNDS;
        tu_env_ctx(env);
    }
    elfld_lib *lib = load_model(env, "tlsgd", NULL);
    struct tls_api api = api_of(lib);
    api.touch(0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, touch_once, &api), 0);
    pthread_join(t, NULL);             /* its emptied record stays for the next thread */
    assert_int_equal(pthread_key_create(&late_key, late_destructor), 0);
    struct tu_snap before = tu_snap_take(env);
    late_value = -1;
    assert_int_equal(pthread_create(&t, NULL, touch_then_exit, &api), 0);
    pthread_join(t, NULL);
    assert_int_equal(late_value, repeats ? api.init_value + 5 : api.init_value);
    tu_snap_assert_same(env, before);
    pthread_key_delete(late_key);
    elfld_release(lib);
}

static void test_access_from_later_destructor(void **state) { late_access_case(state, 1); }
static void test_access_after_table_freed(void **state) { late_access_case(state, 0); }

/*
 * A context destroyed while a thread that used its TLS still runs: that thread's cache entry
 * is emptied for it, so when the next context is given the same entry, the thread reads its
 * new block, not the destroyed context's freed table.
 */
struct survivor {
    pthread_barrier_t step;
    struct tls_api api;
    int seen;
};

static void *survivor_main(void *arg)
{
    struct survivor *sv = arg;
    sv->api.touch(0);                  /* first context: table and cache entry made */
    pthread_barrier_wait(&sv->step);   /* ... which the main thread destroys */
    pthread_barrier_wait(&sv->step);   /* a new context, given the same entry */
    sv->seen = *sv->api.init_addr();
    return NULL;
}

static elfld_lib *load_in(elfld_ctx *ctx, const char *fixture)
{
    struct elfld_opts o = tu_opts(0, NULL);
    elfld_lib *lib = NULL;
    int rc;
    if (use_objects) {
        struct elfld_input in = {.name = model_file(fixture)};
        rc = elfld_load_objects(ctx, &in, 1, &o, &lib);
    } else {
        rc = elfld_load(ctx, tu_fixture(fixture), &o, &lib);
    }
    assert_int_equal(rc, 0);
    return lib;
}

static void test_cache_entry_outlives_context(void **state)
{
    struct tu_env *env = *state;
    struct survivor sv;
    elfld_ctx *first, *second;
    assert_int_equal(elfld_ctx_create(&env->host, &first), 0);
    sv.api = api_of(load_in(first, "tlsgd"));
    sv.seen = -1;
    pthread_barrier_init(&sv.step, NULL, 2);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, survivor_main, &sv), 0);
    pthread_barrier_wait(&sv.step);
    elfld_ctx_destroy(first);
    assert_int_equal(elfld_ctx_create(&env->host, &second), 0);
    elfld_lib *lib = load_in(second, "tlsgd");
    sv.api = api_of(lib);
    pthread_barrier_wait(&sv.step);
    pthread_join(t, NULL);
    assert_int_equal(sv.seen, sv.api.init_value);
    pthread_barrier_destroy(&sv.step);
    elfld_ctx_destroy(second);
}

/*
 * One context with more modules than its cache has entries (15: module ids 1 to 15): the
 * modules beyond it ask tls_get on every access and read their own values all the same,
 * in the main thread and in another; an id given back below the limit is cached again.
 * Each load of the fixture is a module of its own, with its own variables.
 */
#define CACHED_IDS 15
#define MODULES (CACHED_IDS + 2)

static void *touch_all_in_thread(void *arg)
{
    const struct tls_api *api = arg;
    for (int i = 0; i < MODULES; i++)
        if (*api[i].init_addr() != api[i].init_value)
            return (void *)1;          /* not its own fresh copy */
    return NULL;
}

static void test_modules_beyond_cache(void **state)
{
    struct tu_env *env = *state;
    count_tls_get(env, 1);
    elfld_lib *lib[MODULES];
    struct tls_api api[MODULES];
    for (int i = 0; i < MODULES; i++) {
        lib[i] = load_model(env, "tlsgd", NULL);
        api[i] = api_of(lib[i]);
        *api[i].init_addr() += 1000 + i;   /* this thread's copy of this module only */
    }
    for (int i = 0; i < MODULES; i++) {
        assert_int_equal(*api[i].init_addr(), api[i].init_value + 1000 + i);
        unsigned long calls = tls_get_calls_of(&api[i], 10);
        if (i < CACHED_IDS)
            assert_int_equal(calls, 0);
        else
            assert_true(calls >= 10);
    }
    pthread_t t;
    void *bad;
    assert_int_equal(pthread_create(&t, NULL, touch_all_in_thread, api), 0);
    pthread_join(t, &bad);
    assert_null(bad);
    /* id 3 comes back and is taken by the next module: cached again */
    elfld_release(lib[2]);
    lib[2] = load_model(env, "tlsgd", NULL);
    api[2] = api_of(lib[2]);
    assert_int_equal(*api[2].init_addr(), api[2].init_value);
    assert_int_equal(tls_get_calls_of(&api[2], 10), 0);
    for (int i = 0; i < MODULES; i++)
        elfld_release(lib[i]);
}

/* More live contexts than the POSIX host has cache ranges (16): the later ones ask tls_get
 * and read the same values; once they are destroyed, new contexts get ranges again. */
#define CACHE_RANGES 16
#define CONTEXTS 24
static void test_cache_entries_run_out_and_return(void **state)
{
    struct tu_env *env = *state;
    count_tls_get(env, 1);
    for (int round = 0; round < 2; round++) {
        elfld_ctx *ctx[CONTEXTS];
        int uncached = 0;
        for (int i = 0; i < CONTEXTS; i++) {
            assert_int_equal(elfld_ctx_create(&env->host, &ctx[i]), 0);
            struct tls_api api = api_of(load_in(ctx[i], "tlsgd"));
            assert_int_equal(*api.init_addr(), api.init_value);
            if (tls_get_calls_of(&api, 10))
                uncached++;
        }
        /* a range is taken with a context's first TLS module; the test's own context has
         * none, so all of them are for these */
        assert_int_equal(uncached, CONTEXTS - CACHE_RANGES);
        for (int i = 0; i < CONTEXTS; i++)
            elfld_ctx_destroy(ctx[i]);
    }
}

/* local exec, in objects only (a shared object's code never uses it): static TLS */
static void test_local_exec_zero(void **state) { model_case(state, "tlsle0", 1); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const char *mode = tu_argc > 3 ? tu_argv[3] : "";
    use_objects = strncmp(mode, "obj", 3) == 0;
    size_t len = strlen(mode);
    if (len >= 8 && strcmp(mode + len - 8, "-extreme") == 0)
        obj_prefix = "tlsobjx";
    if (strcmp(mode, "desc") == 0 || strncmp(mode, "obj-desc", 8) == 0) {
        const struct CMUnitTest desc[] = {
            TLS_TEST(test_descriptors),
            TLS_TEST(test_cached_descriptors),
            TLS_TEST(test_uncached_descriptors),
        };
        return cmocka_run_group_tests(desc, NULL, NULL);
    }
    if (use_objects) {
        const struct CMUnitTest objs[] = {
            TLS_TEST(test_general_dynamic),
            TLS_TEST(test_local_dynamic),
            TLS_TEST(test_initial_exec_zero),
            TLS_TEST(test_local_exec_zero),
            TLS_TEST(test_initial_exec_refused),
            TLS_TEST(test_initial_exec_host_inits),
            TLS_TEST(test_thread_exit_frees),
            TLS_TEST(test_load_unload_loop),
            TLS_TEST(test_cached_general_dynamic),
            TLS_TEST(test_uncached_general_dynamic),
        };
        return cmocka_run_group_tests(objs, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {
        TLS_TEST(test_general_dynamic),
        TLS_TEST(test_local_dynamic),
        TLS_TEST(test_initial_exec_zero),
        TLS_TEST(test_initial_exec_refused),
        TLS_TEST(test_initial_exec_host_inits),
        TLS_TEST(test_other_library),
        TLS_TEST(test_thread_exit_frees),
        TLS_TEST(test_load_unload_loop),
        TLS_TEST(test_no_host_hooks),
        TLS_TEST(test_not_thread_local),
        TLS_TEST(test_static_area_full),
        TLS_TEST(test_cached_general_dynamic),
        TLS_TEST(test_uncached_general_dynamic),
        TLS_TEST(test_uncached_local_dynamic),
        TLS_TEST(test_modules_beyond_cache),
        TLS_TEST(test_cache_entries_run_out_and_return),
        TLS_TEST(test_access_from_later_destructor),
        TLS_TEST(test_access_after_table_freed),
        TLS_TEST(test_cache_entry_outlives_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
