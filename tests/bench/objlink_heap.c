/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * objlink_heap.c - objlink_heap.so, preloaded (LD_PRELOAD) into an objlink-LOADER process only
 * for its heap run: it interposes the C library's allocation functions to keep the live malloc
 * bytes (malloc_usable_size of each block) and their peak.  glibc has no running peak of its
 * own (mallinfo2 gives the current state only), and massif would count the whole process,
 * libLLVM's start-up included; this counts whatever the region between objlink_heap_reset()
 * and objlink_heap_peak() allocates, from any library.  Preloaded only then, so the timed and
 * callgrind runs pay nothing for it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <unistd.h>

/* glibc's own entry points, which the interposed functions forward to. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static size_t live, peak;

/* Atomics: LLVM may allocate from helper threads. */
static void *counted(void *p) {
    if (p) {
        size_t now = __atomic_add_fetch(&live, malloc_usable_size(p), __ATOMIC_RELAXED);
        size_t old = __atomic_load_n(&peak, __ATOMIC_RELAXED);
        while (now > old &&
               !__atomic_compare_exchange_n(&peak, &old, now, 1, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED))
            ;
    }
    return p;
}

static void uncounted(void *p) {
    if (p)
        __atomic_sub_fetch(&live, malloc_usable_size(p), __ATOMIC_RELAXED);
}

size_t objlink_heap_reset(void) {
    size_t now = __atomic_load_n(&live, __ATOMIC_RELAXED);
    __atomic_store_n(&peak, now, __ATOMIC_RELAXED);
    return now;
}

size_t objlink_heap_peak(void) { return __atomic_load_n(&peak, __ATOMIC_RELAXED); }

void *malloc(size_t n) { return counted(__libc_malloc(n)); }
void *calloc(size_t n, size_t m) { return counted(__libc_calloc(n, m)); }
void free(void *p) {
    uncounted(p);
    __libc_free(p);
}
void *realloc(void *p, size_t n) {
    /* counted as the old block freed, then the new one allocated */
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q || n == 0)
        __atomic_sub_fetch(&live, old, __ATOMIC_RELAXED);
    return counted(q);
}
void *memalign(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
void *aligned_alloc(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
void *valloc(size_t n) { return counted(__libc_memalign((size_t)sysconf(_SC_PAGESIZE), n)); }
int posix_memalign(void **out, size_t align, size_t n) {
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    void *p = counted(__libc_memalign(align, n));
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
