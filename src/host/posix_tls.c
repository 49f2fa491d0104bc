/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_tls.c - thread-local storage for the POSIX host.
 *
 * Dynamic TLS: one pthread key per context (tls_key_* hooks); pthread_getspecific is what
 * every access of loaded code costs on top of the core's table lookup, and it uses no vector
 * register, as the hook's contract requires.  The key's destructor frees a thread's blocks
 * when it exits.
 *
 * Static TLS: ELFLD_POSIX_STATIC_TLS bytes (meson option posix_static_tls) of initial-exec
 * thread-local storage of this library itself - so the C library gives every thread, those
 * that exist and those created later, its own zero-filled copy at one offset from the thread
 * pointer.  Modules take ranges from it in load order and the ranges are never handed out
 * again, not even after their module is unloaded: that keeps the promise that every thread
 * reads zeros in a fresh range (ELFLD_TLS_STATIC_ZEROED), which is what lets a module with an
 * all-zero image (libgomp's, for one) run in threads libelfld never saw.  A module with
 * initialised static TLS is refused (the core says why): no thread but the loader's could
 * get its image.
 *
 * The thread-pointer cache of dynamic TLS (tls_cache_* hooks): ELFLD_POSIX_TLS_CACHES
 * ranges of ELFLD_POSIX_TLS_CACHE_WORDS words (16 and 32: 4 KiB in every thread) in a
 * second initial-exec array, one per context while it lives; the core zeroes what it wrote
 * before it gives a range back, so ranges are reused.  Contexts beyond that count work
 * without one (every access asks pthread_getspecific).
 *
 * Process state here: the static area's fill mark and the cache entries in use, under a mutex.
 */
#include "posix_tls.h"

#include <pthread.h>
#include <stdint.h>

#ifndef ELFLD_POSIX_STATIC_TLS
#define ELFLD_POSIX_STATIC_TLS 4096
#endif
#define STATIC_TLS_ALIGN 64

#if ELFLD_POSIX_STATIC_TLS > 0
static _Thread_local unsigned char static_area[ELFLD_POSIX_STATIC_TLS]
    __attribute__((tls_model("initial-exec"), aligned(STATIC_TLS_ALIGN)));
#endif
#ifndef ELFLD_POSIX_TLS_CACHES
#define ELFLD_POSIX_TLS_CACHES 16
#endif
#ifndef ELFLD_POSIX_TLS_CACHE_WORDS
#define ELFLD_POSIX_TLS_CACHE_WORDS 32
#endif
#define CACHES_PER_MASK 32

static _Thread_local void *cache_area[ELFLD_POSIX_TLS_CACHES][ELFLD_POSIX_TLS_CACHE_WORDS]
    __attribute__((tls_model("initial-exec")));
static uint32_t cache_used[(ELFLD_POSIX_TLS_CACHES + CACHES_PER_MASK - 1) / CACHES_PER_MASK];
static size_t static_used;
static pthread_mutex_t static_lock = PTHREAD_MUTEX_INITIALIZER;

static int px_tls_key_create(void *user, void (*destructor)(void *), uintptr_t *key)
{
    (void)user;
    pthread_key_t k;
    if (pthread_key_create(&k, destructor))
        return ELFLD_ENOMEM;
    *key = (uintptr_t)k;
    return 0;
}

static void px_tls_key_delete(void *user, uintptr_t key)
{
    (void)user;
    pthread_key_delete((pthread_key_t)key);
}

static void *px_tls_get(void *user, uintptr_t key)
{
    (void)user;
    return pthread_getspecific((pthread_key_t)key);
}

static int px_tls_set(void *user, uintptr_t key, void *value)
{
    (void)user;
    return pthread_setspecific((pthread_key_t)key, value) ? ELFLD_ENOMEM : 0;
}

static int px_tls_static_reserve(void *user, size_t size, size_t align, intptr_t *tp_offset,
                                 unsigned *guarantees)
{
    (void)user;
#if ELFLD_POSIX_STATIC_TLS > 0
    if (align > STATIC_TLS_ALIGN)
        return ELFLD_ETLS;
    int rc = ELFLD_ETLS;
    pthread_mutex_lock(&static_lock);
    size_t at = (static_used + align - 1) & ~(align - 1);
    if (at <= sizeof static_area && sizeof static_area - at >= size) {
        static_used = at + size;
        *tp_offset = (intptr_t)((uintptr_t)&static_area[at] - elfld_thread_pointer());
        *guarantees = ELFLD_TLS_STATIC_ZEROED;
        rc = 0;
    }
    pthread_mutex_unlock(&static_lock);
    return rc;
#else
    (void)size, (void)align, (void)tp_offset, (void)guarantees;
    return ELFLD_ETLS;
#endif
}

static int px_tls_cache_reserve(void *user, size_t words, intptr_t *tp_offset)
{
    (void)user;
    if (words > ELFLD_POSIX_TLS_CACHE_WORDS)
        return ELFLD_ETLS;
    int rc = ELFLD_ETLS;
    pthread_mutex_lock(&static_lock);
    for (size_t i = 0; i < ELFLD_POSIX_TLS_CACHES; i++) {
        uint32_t bit = UINT32_C(1) << (i % CACHES_PER_MASK);
        if (cache_used[i / CACHES_PER_MASK] & bit)
            continue;
        cache_used[i / CACHES_PER_MASK] |= bit;
        *tp_offset = (intptr_t)((uintptr_t)cache_area[i] - elfld_thread_pointer());
        rc = 0;
        break;
    }
    pthread_mutex_unlock(&static_lock);
    return rc;
}

static void px_tls_cache_release(void *user, intptr_t tp_offset, size_t words)
{
    (void)user, (void)words;
    uintptr_t at = elfld_thread_pointer() + (uintptr_t)tp_offset;
    size_t i = (at - (uintptr_t)cache_area[0]) / sizeof cache_area[0];
    pthread_mutex_lock(&static_lock);
    cache_used[i / CACHES_PER_MASK] &= ~(UINT32_C(1) << (i % CACHES_PER_MASK));
    pthread_mutex_unlock(&static_lock);
}

void elfld__px_tls_hooks(struct elfld_host *host)
{
    host->tls_key_create = px_tls_key_create;
    host->tls_key_delete = px_tls_key_delete;
    host->tls_get = px_tls_get;
    host->tls_set = px_tls_set;
    host->tls_static_reserve = px_tls_static_reserve;
    host->tls_static_release = NULL;    /* ranges are never reused: see above */
    host->tls_cache_reserve = px_tls_cache_reserve;
    host->tls_cache_release = px_tls_cache_release;
}
