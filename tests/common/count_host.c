/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* count_host.c - see count_host.h. */
#define _GNU_SOURCE /* open, read, lseek ... for the libc table (c_std=c11 hides POSIX) */
#include "count_host.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "elfld/posix.h"

static void ch_error(struct count_host *ch, const char *fmt, ...)
{
    ch->errors++;
    if (ch->errors == 1) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ch->first_error, sizeof ch->first_error, fmt, ap);
        va_end(ap);
    }
}

static void table_add(struct count_table *t, void *addr, size_t size)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct count_entry *v = realloc(t->v, cap * sizeof *v);
        if (v == NULL) {
            fprintf(stderr, "count_host: out of memory for bookkeeping\n");
            abort();
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n].addr = addr;
    t->v[t->n].size = size;
    t->v[t->n].inner = addr;
    t->n++;
}

/* Remove `addr`; returns its entry through *out, or 0 when unknown. */
static int table_take(struct count_table *t, const void *addr, struct count_entry *out)
{
    for (size_t i = t->n; i-- > 0;) {
        if (t->v[i].addr == addr) {
            *out = t->v[i];
            t->v[i] = t->v[t->n - 1];
            t->n--;
            return 1;
        }
    }
    return 0;
}

/* Remove `addr`; returns its recorded size through *size, or 0 when unknown. */
static int table_remove(struct count_table *t, const void *addr, size_t *size)
{
    struct count_entry e;
    if (!table_take(t, addr, &e))
        return 0;
    *size = e.size;
    return 1;
}

/* Fault injection: should this fallible call fail? */
static int ch_inject(struct count_host *ch, int hook)
{
    if (ch->fail_at <= 0)
        return 0;
    ch->fallible_calls++;
    if (ch->fallible_calls == ch->fail_at) {
        ch->injected++;
        ch->injected_hook = hook;
        return 1;
    }
    return 0;
}

const char *count_host_hook_name(int hook)
{
    static const char *const names[] = {"none", "reserve", "alloc", "open", "protect",
                                        "read_source", "reserve_source", "map_zero",
                                        "reserve_within"};
    return hook >= 0 && hook <= CH_HOOK_RESERVE_WITHIN ? names[hook] : "?";
}

int count_host_fault_code(int hook)
{
    switch (hook) {
    case CH_HOOK_PROTECT:
        return ELFLD_EPROTECT;
    case CH_HOOK_READ_SOURCE:
        return ELFLD_EIO;
    case CH_HOOK_RESERVE: case CH_HOOK_ALLOC: case CH_HOOK_OPEN: case CH_HOOK_RESERVE_SOURCE:
    case CH_HOOK_MAP_ZERO:
        return ELFLD_ENOMEM;
    case CH_HOOK_RESERVE_WITHIN:
        return ELFLD_EPLACE;
    default:
        return 0;
    }
}

static void *ch_reserve(void *user, size_t size, size_t align)
{
    struct count_host *ch = user;
    ch->n_reserve++;
    if (ch_inject(ch, CH_HOOK_RESERVE))
        return NULL;
    if (align == 0 || (align & (align - 1)) != 0)
        ch_error(ch, "reserve: align %zu is not a power of two", align);
    void *p = ch->inner.reserve(ch->inner.user, size, align);
    if (p != NULL) {
        if (((uintptr_t)p & (align - 1)) != 0)
            ch_error(ch, "reserve: inner host returned %p not aligned to %zu", p, align);
        table_add(&ch->reserves, p, size);
        ch->reserved_bytes += size;
    }
    return p;
}

/* reserve_within: a reservation like reserve()'s, which must lie inside [first, last]. */
static void *ch_reserve_within(void *user, size_t size, size_t align, uintptr_t first,
                               uintptr_t last)
{
    struct count_host *ch = user;
    ch->n_reserve_within++;
    if (ch_inject(ch, CH_HOOK_RESERVE_WITHIN))
        return NULL;
    if (align == 0 || (align & (align - 1)) != 0)
        ch_error(ch, "reserve_within: align %zu is not a power of two", align);
    if (first > last || last - first < size - 1)
        ch_error(ch, "reserve_within: window [%#lx, %#lx] cannot hold %zu bytes",
                 (unsigned long)first, (unsigned long)last, size);
    void *p = ch->inner.reserve_within(ch->inner.user, size, align, first, last);
    if (p != NULL) {
        uintptr_t a = (uintptr_t)p;
        if ((a & (align - 1)) != 0 || a < first || a + (size - 1) > last)
            ch_error(ch, "reserve_within: inner host returned %p, not %zu-aligned in [%#lx, %#lx]",
                     p, align, (unsigned long)first, (unsigned long)last);
        table_add(&ch->reserves, p, size);
        ch->reserved_bytes += size;
    }
    return p;
}

static void ch_unreserve(void *user, void *addr, size_t size)
{
    struct count_host *ch = user;
    size_t had;
    if (!table_remove(&ch->reserves, addr, &had)) {
        ch_error(ch, "unreserve(%p, %zu): not a live reservation", addr, size);
        return; /* do not unmap something we never handed out */
    }
    if (had != size)
        ch_error(ch, "unreserve(%p, %zu): reserved with size %zu", addr, size, had);
    ch->reserved_bytes -= had;
    ch->inner.unreserve(ch->inner.user, addr, had);
}

/* The range must lie inside one live reservation (host.h contract), and never be W+X. */
static void ch_check_range(struct count_host *ch, const char *what, void *addr, size_t size,
                           unsigned prot)
{
    int inside = 0;
    for (size_t i = 0; i < ch->reserves.n; i++) {
        uintptr_t s = (uintptr_t)ch->reserves.v[i].addr, e = s + ch->reserves.v[i].size;
        if ((uintptr_t)addr >= s && (uintptr_t)addr <= e && size <= e - (uintptr_t)addr)
            inside = 1;
    }
    if (!inside)
        ch_error(ch, "%s(%p, %zu): not inside a live reservation", what, addr, size);
    if ((prot & ELFLD_PROT_WRITE) && (prot & ELFLD_PROT_EXEC) && !ch->allow_wx)
        ch_error(ch, "%s(%p, %zu): W+X requested", what, addr, size);
}

static int ch_protect(void *user, void *addr, size_t size, unsigned prot)
{
    struct count_host *ch = user;
    ch->n_protect++;
    ch_check_range(ch, "protect", addr, size, prot);
    if (ch_inject(ch, CH_HOOK_PROTECT))
        return ELFLD_EPROTECT;
    if (ch->inner.protect == NULL)
        return 0;
    return ch->inner.protect(ch->inner.user, addr, size, prot);
}

/* reserve_source: a reservation like reserve()'s (released by unreserve), with file bytes. */
static void *ch_reserve_source(void *user, const struct elfld_blob *blob, size_t offset,
                               size_t size, size_t align, unsigned prot)
{
    struct count_host *ch = user;
    ch->n_reserve_source++;
    if (ch_inject(ch, CH_HOOK_RESERVE_SOURCE))
        return NULL;
    if (align == 0 || (align & (align - 1)) != 0)
        ch_error(ch, "reserve_source: align %zu is not a power of two", align);
    if ((prot & ELFLD_PROT_WRITE) && (prot & ELFLD_PROT_EXEC) && !ch->allow_wx)
        ch_error(ch, "reserve_source: W+X requested");
    void *p = ch->inner.reserve_source(ch->inner.user, blob, offset, size, align, prot);
    if (p != NULL) {
        if (((uintptr_t)p & (align - 1)) != 0)
            ch_error(ch, "reserve_source: inner host returned %p not aligned to %zu", p, align);
        table_add(&ch->reserves, p, size);
        ch->reserved_bytes += size;
    }
    return p;
}

static int ch_map_zero(void *user, void *addr, size_t size, unsigned prot)
{
    struct count_host *ch = user;
    ch->n_map_zero++;
    ch_check_range(ch, "map_zero", addr, size, prot);
    if (ch_inject(ch, CH_HOOK_MAP_ZERO))
        return ELFLD_ENOMEM;
    return ch->inner.map_zero(ch->inner.user, addr, size, prot);
}

static int ch_read_source(void *user, const struct elfld_blob *blob, size_t offset, void *dst,
                          size_t size)
{
    struct count_host *ch = user;
    ch->n_read_source++;
    if (offset > blob->size || size > blob->size - offset)
        ch_error(ch, "read_source(%zu, %zu): past the end of a %zu-byte source", offset, size,
                 blob->size);
    if (ch_inject(ch, CH_HOOK_READ_SOURCE))
        return ELFLD_EIO;
    return ch->inner.read_source(ch->inner.user, blob, offset, dst, size);
}

static void ch_flush_icache(void *user, void *addr, size_t size)
{
    struct count_host *ch = user;
    if (ch->inner.flush_icache != NULL)
        ch->inner.flush_icache(ch->inner.user, addr, size);
}

/* Thread-local blocks are allocated and freed by the threads that use them, so the
 * metadata table is shared by several threads: one lock for all count hosts. */
static pthread_mutex_t alloc_lock = PTHREAD_MUTEX_INITIALIZER;

/* Metadata blocks are handed out exactly as aligned as the host contract promises and no
 * more: 16 bytes past a 64-byte boundary.  malloc often returns 32- or 64-byte aligned
 * memory by chance; a core that relied on that (a thread-local block aligned for its
 * PT_TLS alignment, say) would pass or fail at random instead of failing every time. */
#define CH_ALLOC_ALIGN 16u
#define CH_ALLOC_SKEW 64u             /* the returned address is CH_ALLOC_ALIGN modulo this */
#define CH_ALLOC_SLACK (CH_ALLOC_SKEW - CH_ALLOC_ALIGN)

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CH_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CH_ASAN 1
#endif
#ifdef CH_ASAN
#include <sanitizer/asan_interface.h>
#define CH_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define CH_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define CH_POISON(p, n) ((void)(p), (void)(n))
#define CH_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

static void *ch_alloc_locked(struct count_host *ch, size_t size)
{
    ch->n_alloc++;
    if (ch_inject(ch, CH_HOOK_ALLOC))
        return NULL;
    unsigned char *p = ch->inner.alloc(ch->inner.user, size + CH_ALLOC_SLACK);
    if (p == NULL)
        return NULL;
    if (((uintptr_t)p & (CH_ALLOC_ALIGN - 1)) != 0)
        ch_error(ch, "alloc: inner host returned %p not 16-aligned", (void *)p);
    size_t skip = (CH_ALLOC_ALIGN - (uintptr_t)p) & (CH_ALLOC_SKEW - 1);
    unsigned char *q = p + skip;     /* skip <= CH_ALLOC_SLACK for a 16-aligned p */
    CH_POISON(p, skip);               /* the slack stays out of bounds for ASan */
    CH_POISON(q + size, CH_ALLOC_SLACK - skip);
    table_add(&ch->allocs, q, size);
    ch->allocs.v[ch->allocs.n - 1].inner = p;
    ch->alloc_bytes += size;
    return q;
}

static void *ch_alloc(void *user, size_t size)
{
    pthread_mutex_lock(&alloc_lock);
    void *p = ch_alloc_locked(user, size);
    pthread_mutex_unlock(&alloc_lock);
    return p;
}

static void ch_free_locked(struct count_host *ch, void *ptr, size_t size)
{
    struct count_entry e;
    if (!table_take(&ch->allocs, ptr, &e)) {
        ch_error(ch, "free(%p, %zu): not a live allocation (double free?)", ptr, size);
        return;
    }
    if (e.size != size)
        ch_error(ch, "free(%p, %zu): allocated with size %zu", ptr, size, e.size);
    ch->alloc_bytes -= e.size;
    CH_UNPOISON(e.inner, e.size + CH_ALLOC_SLACK);
    ch->inner.free(ch->inner.user, e.inner, e.size + CH_ALLOC_SLACK);
}

static void ch_free(void *user, void *ptr, size_t size)
{
    if (ptr == NULL)
        return;
    pthread_mutex_lock(&alloc_lock);
    ch_free_locked(user, ptr, size);
    pthread_mutex_unlock(&alloc_lock);
}

/* A blob is known by its view, or by its cookie when it has none (several may be open). */
static void *blob_key(const struct elfld_blob *blob)
{
    return blob->data != NULL ? (void *)(uintptr_t)blob->data : blob->cookie;
}

static int ch_open(void *user, const char *name, struct elfld_blob *out)
{
    struct count_host *ch = user;
    ch->n_open++;
    if (ch_inject(ch, CH_HOOK_OPEN))
        return ELFLD_ENOMEM;
    int rc = ch->inner.open(ch->inner.user, name, out);
    if (rc == 0)
        table_add(&ch->blobs, blob_key(out), out->size);
    return rc;
}

static void ch_close(void *user, struct elfld_blob *blob)
{
    struct count_host *ch = user;
    size_t had;
    if (!table_remove(&ch->blobs, blob_key(blob), &had)) {
        ch_error(ch, "close(%p): not an open blob", blob_key(blob));
        return;
    }
    if (had != blob->size)
        ch_error(ch, "close(%p): size %zu, opened with %zu", blob_key(blob), blob->size, had);
    ch->inner.close(ch->inner.user, blob);
}

/*
 * The C library functions the fixtures (libc_user.c) and libz call, by address.  The POSIX host
 * finds "the system" with dlsym, which sees nothing in a static program (the zig/musl builds of
 * riscv32 and loongarch64 have no dynamic symbol table): there these come from this table
 * instead.  It is consulted only after the POSIX host's own answer, so on a dynamic (glibc)
 * program it changes nothing; it is used the same way on every arch.
 */
#if defined(__riscv) && __riscv_xlen == 32
/* The 64-bit division helpers of the compiler runtime: libz built for riscv32 without a
 * runtime (tests/setup.sh, zig -rtlib=none) needs __umoddi3; the static test program has
 * them from its own compiler_rt.  (Debian's 32-bit libz builds carry libgcc's copy inside.) */
extern unsigned long long __udivdi3(unsigned long long, unsigned long long);
extern unsigned long long __umoddi3(unsigned long long, unsigned long long);
extern long long __divdi3(long long, long long);
extern long long __moddi3(long long, long long);
#define CH_RT_FNS CH_FN(__udivdi3), CH_FN(__umoddi3), CH_FN(__divdi3), CH_FN(__moddi3),
#else
#define CH_RT_FNS
#endif

static const struct {
    const char *name;
    void *addr;
} ch_libc[] = {
#define CH_FN(f) {#f, (void *)(f)}
    CH_RT_FNS
    CH_FN(memcpy), CH_FN(memmove), CH_FN(memset), CH_FN(memcmp), CH_FN(memchr),
    CH_FN(strlen), CH_FN(strcmp), CH_FN(strncmp), CH_FN(strcpy), CH_FN(strncpy),
    CH_FN(strchr), CH_FN(strrchr), CH_FN(strerror),
    CH_FN(malloc), CH_FN(calloc), CH_FN(realloc), CH_FN(free), CH_FN(qsort), CH_FN(abort),
    CH_FN(snprintf), CH_FN(vsnprintf), CH_FN(sprintf), CH_FN(vsprintf),
    CH_FN(open), CH_FN(close), CH_FN(read), CH_FN(write), CH_FN(lseek),
    CH_FN(__errno_location),
#undef CH_FN
};

static int ch_resolve(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct count_host *ch = user;
    ch->n_resolve++;
    if (ch->inner.resolve != NULL && ch->inner.resolve(ch->inner.user, name, version, out))
        return 1;
    for (size_t i = 0; i < sizeof ch_libc / sizeof ch_libc[0]; i++)
        if (strcmp(name, ch_libc[i].name) == 0) {
            out->addr = ch_libc[i].addr;
            out->size = 0;
            return 1;
        }
    return 0;
}

static size_t ch_system_images(void *user, struct elfld_system_image *out, size_t cap)
{
    struct count_host *ch = user;
    ch->n_system_images++;
    return ch->inner.system_images(ch->inner.user, out, cap);
}

static unsigned long long ch_system_generation(void *user)
{
    struct count_host *ch = user;
    return ch->inner.system_generation(ch->inner.user);
}

static void *ch_lazy_fail(void *user, struct elfld_lib *lib, const char *name)
{
    struct count_host *ch = user;
    ch->n_lazy_fail++;
    if (ch->lazy_fail != NULL)
        return ch->lazy_fail(ch->lazy_fail_cookie, lib, name);
    if (ch->inner.lazy_fail != NULL)
        return ch->inner.lazy_fail(ch->inner.user, lib, name);
    return NULL;
}

static void ch_log(void *user, int level, const char *msg)
{
    struct count_host *ch = user;
    ch->n_log++;
    if (msg == NULL) {
        ch_error(ch, "log: NULL message");
        return;
    }
    if (level <= ELFLD_LOG_WARN)
        snprintf(ch->last_log, sizeof ch->last_log, "%s", msg);
    if (ch->verbose)
        fprintf(stderr, "[elfld log %d] %s\n", level, msg);
}

void count_host_init(struct count_host *ch, struct elfld_host *host, int argc, char **argv,
                     char **envp)
{
    memset(ch, 0, sizeof *ch);
    elfld_posix_host(&ch->inner, argc, argv, envp);
    const char *v = getenv("ELFLD_TEST_VERBOSE");
    ch->verbose = v != NULL && *v != '\0' && strcmp(v, "0") != 0;

    *host = ch->inner;
    host->user = ch;
    host->reserve = ch_reserve;
    host->unreserve = ch_unreserve;
    host->protect = ch->inner.protect ? ch_protect : NULL;
    host->flush_icache = ch->inner.flush_icache ? ch_flush_icache : NULL;
    host->alloc = ch_alloc;
    host->free = ch_free;
    host->open = ch->inner.open ? ch_open : NULL;
    host->close = ch->inner.close ? ch_close : NULL;
    host->read_source = ch->inner.read_source ? ch_read_source : NULL;
    host->reserve_source = ch->inner.reserve_source ? ch_reserve_source : NULL;
    host->map_zero = ch->inner.map_zero ? ch_map_zero : NULL;
    host->resolve = ch_resolve;
    host->system_images = ch->inner.system_images ? ch_system_images : NULL;
    host->system_generation = ch->inner.system_generation ? ch_system_generation : NULL;
    host->reserve_within = ch->inner.reserve_within ? ch_reserve_within : NULL;
    host->lazy_fail = ch_lazy_fail;
    host->log = ch_log;
}

void count_host_fini(struct count_host *ch)
{
    free(ch->reserves.v);
    free(ch->allocs.v);
    free(ch->blobs.v);
    ch->reserves = (struct count_table){0};
    ch->allocs = (struct count_table){0};
    ch->blobs = (struct count_table){0};
}

size_t count_host_live(const struct count_host *ch)
{
    return ch->reserves.n + ch->allocs.n + ch->blobs.n;
}

void count_host_assert_no_errors(const struct count_host *ch)
{
    if (ch->errors != 0)
        print_error("count_host: %ld bookkeeping error(s), first: %s\n", ch->errors,
                    ch->first_error);
    assert_int_equal(ch->errors, 0);
}

void count_host_assert_clean(const struct count_host *ch)
{
    if (count_host_live(ch) != 0) {
        print_error("count_host: left behind %zu reservation(s) (%zu bytes), %zu allocation(s) "
                    "(%zu bytes), %zu open blob(s)\n",
                    ch->reserves.n, ch->reserved_bytes, ch->allocs.n, ch->alloc_bytes,
                    ch->blobs.n);
        for (size_t i = 0; i < ch->allocs.n && i < 8; i++)
            print_error("  live alloc %p size %zu\n", ch->allocs.v[i].addr,
                        ch->allocs.v[i].size);
    }
    count_host_assert_no_errors(ch);
    assert_int_equal(ch->reserves.n, 0);
    assert_int_equal(ch->reserved_bytes, 0);
    assert_int_equal(ch->allocs.n, 0);
    assert_int_equal(ch->alloc_bytes, 0);
    assert_int_equal(ch->blobs.n, 0);
}
