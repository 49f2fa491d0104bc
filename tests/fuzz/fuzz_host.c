/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* fuzz_host.c - see fuzz_host.h. */
#define _GNU_SOURCE   /* MAP_ANONYMOUS, MAP_32BIT */
#include "fuzz_host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch_defs.h"

void fuzz_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FUZZ FINDING: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

void fuzz_note(const char *fmt, ...)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("FUZZ_VERBOSE") != NULL;
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The one address every fake system symbol resolves to.  Never called: the harnesses stop
 * after relocation, before any code of the image could run. */
static void fuzz_dummy(void)
{
    fuzz_die("fuzz_dummy called: loaded code was executed");
}

/* What the fixtures (and therefore the seeds) import, plus a few common libc names. */
static const char *const fake_symbols[] = {
    "puts", "printf", "snprintf", "malloc", "free", "calloc", "realloc", "qsort", "strlen",
    "memcpy", "memset", "memmove", "memcmp", "abort", "__cxa_finalize", "__gmon_start__",
    "__stack_chk_fail", "_ITM_deregisterTMCloneTable", "_ITM_registerTMCloneTable",
    "record", "record_args", "ifunc_test_choice", "ext_avx", "ext_float", "ext_many",
    "ext_variadic", "foo", "bar", "mo_hyb_lib_fn", "mo_nowhere",
};

/*
 * A 32-bit backend fuzzed on this 64-bit host (tests/fuzz/meson.build) must see the addresses
 * its target has: images and fake symbols below 4 GiB, so that absolute 32-bit fields hold
 * them and pc-relative distances are the target's.  MAP_32BIT places mappings in the low 2 GiB.
 */
#define FUZZ_LOW_ADDRESSES (ELFLD_ELFCLASS == 1)

/* Where every fake system symbol is: fuzz_dummy, or for a 32-bit backend a low page that
 * is never readable (calling it faults). */
static void *fake_symbol_address(void)
{
    static void *low_page;
    if (!FUZZ_LOW_ADDRESSES)
        return (void *)(uintptr_t)&fuzz_dummy;
    if (low_page == NULL) {
        low_page = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
        if (low_page == MAP_FAILED)
            fuzz_die("no page below 4 GiB for the fake symbols");
    }
    return low_page;
}

static int fake_resolve(void *user, const char *name, const char *version,
                        struct elfld_found *out)
{
    (void)user;
    (void)version;
    for (size_t i = 0; i < sizeof fake_symbols / sizeof fake_symbols[0]; i++) {
        if (strcmp(name, fake_symbols[i]) == 0) {
            out->addr = fake_symbol_address();
            out->size = 0;
            return 1;
        }
    }
    return 0;
}

static void *(*posix_reserve)(void *, size_t, size_t);
static int (*posix_protect)(void *, void *, size_t, unsigned);
static struct fuzz_env *current;     /* libFuzzer runs one input at a time */

/* The POSIX host's reserve, within the low 2 GiB: a larger mapping trimmed to the
 * alignment on both ends.  Unreserved by the POSIX host's munmap. */
static void *low_reserve(size_t size, size_t align)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (size == 0)
        return NULL;
    size = (size + page - 1) & ~(page - 1);
    if (align < page)
        align = page;
    if ((align & (align - 1)) != 0)
        return NULL;
    size_t total = size + align - page;
    void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uintptr_t start = (uintptr_t)p;
    uintptr_t aligned = (start + align - 1) & ~(uintptr_t)(align - 1);
    size_t head = (size_t)(aligned - start), tail = total - head - size;
    if (head != 0)
        munmap(p, head);
    if (tail != 0)
        munmap((void *)(aligned + size), tail);
    return (void *)aligned;
}

static void *capped_reserve(void *user, size_t size, size_t align)
{
    if (size > FUZZ_MAX_RESERVE || align > FUZZ_MAX_RESERVE)
        return NULL;
    if (FUZZ_LOW_ADDRESSES)
        return low_reserve(size, align);
    return posix_reserve(user, size, align);
}

/* The count host records a protect() outside every reservation as an error but still passes
 * it on; here it must never reach mprotect (it would change memory that is not the image's,
 * and the crash would come later, somewhere else). */
static int checked_protect(void *user, void *addr, size_t size, unsigned prot)
{
    const struct count_table *t = &current->ch.reserves;
    uintptr_t a = (uintptr_t)addr;
    for (size_t i = 0; i < t->n; i++) {
        uintptr_t s = (uintptr_t)t->v[i].addr, e = s + t->v[i].size;
        if (a >= s && a <= e && size <= e - a)
            return posix_protect(user, addr, size, prot);
    }
    fuzz_die("protect(%p, %zu, %u) outside every reservation", addr, size, prot);
}

/* What image_ready reports is read whole: every table the core checked must be readable memory
 * of the size it says (ASan and the SEGV handler catch one that is not); the process's own
 * tools are never given fuzzed tables. */
static volatile unsigned char touched;

static void touch(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; p && i < n; i++)
        touched ^= b[i];
}

static void fuzz_image_ready(void *user, const struct elfld_image_info *info)
{
    (void)user;
    touch(info->eh_frame_hdr, info->eh_frame_hdr_size);
    touch(info->eh_frame, info->eh_frame_size);
    touch(info->arm_exidx, info->arm_exidx_count * 8);
    for (size_t i = 0; i < info->nsymbols; i++)
        touch(info->symbols[i].name, 1);
}

void fuzz_env_init(struct fuzz_env *env)
{
    memset(env, 0, sizeof *env);
    count_host_init(&env->ch, &env->host, 0, NULL, NULL);
    posix_reserve = env->ch.inner.reserve;
    env->ch.inner.reserve = capped_reserve;
    posix_protect = env->ch.inner.protect;
    env->ch.inner.protect = checked_protect;
    current = env;
    env->host.resolve = fake_resolve;
    /* The fake system is the resolve hook alone: indexing the fuzzer process's own libraries
     * (libc, the sanitizer runtime) for every input cost two thirds of each run. */
    env->host.system_images = NULL;
    env->host.system_generation = NULL;
    /* No named sources and no search: an input's DT_NEEDED names never reach the file
     * system (a fuzzed name could be any library of this machine, constructors and all);
     * without these hooks and the system's images they are taken as the system's. */
    env->host.open = NULL;
    env->host.close = NULL;
    env->host.search = NULL;
    env->host.lazy_fail = NULL;
    env->host.log = NULL;
    env->host.image_ready = fuzz_image_ready;
    env->host.image_going = NULL;
    env->ch.verbose = 0;
    int rc = elfld_ctx_create(&env->host, &env->ctx);
    if (rc != 0)
        fuzz_die("elfld_ctx_create: %d", rc);
    env->live_empty = count_host_live(&env->ch);
}

static void check(struct fuzz_env *env, size_t want, const char *what)
{
    const struct count_host *ch = &env->ch;
    if (ch->errors != 0)
        fuzz_die("%s: count host bookkeeping error: %s", what, ch->first_error);
    if (count_host_live(ch) != want)
        fuzz_die("%s: left behind %zu reservation(s) (%zu bytes), %zu allocation(s) (%zu "
                 "bytes), %zu blob(s); expected %zu live resource(s)",
                 what, ch->reserves.n, ch->reserved_bytes, ch->allocs.n, ch->alloc_bytes,
                 ch->blobs.n, want);
}

void fuzz_env_check_empty(struct fuzz_env *env, const char *what)
{
    check(env, env->live_empty, what);
}

void fuzz_env_fini(struct fuzz_env *env)
{
    elfld_ctx_destroy(env->ctx);
    env->ctx = NULL;
    check(env, 0, "after elfld_ctx_destroy");
    count_host_fini(&env->ch);
}
