/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* fuzz_host.c - see fuzz_host.h. */
#include "fuzz_host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int fake_resolve(void *user, const char *name, const char *version,
                        struct elfld_found *out)
{
    (void)user;
    (void)version;
    for (size_t i = 0; i < sizeof fake_symbols / sizeof fake_symbols[0]; i++) {
        if (strcmp(name, fake_symbols[i]) == 0) {
            out->addr = (void *)(uintptr_t)&fuzz_dummy;
            out->size = 0;
            return 1;
        }
    }
    return 0;
}

static void *(*posix_reserve)(void *, size_t, size_t);
static int (*posix_protect)(void *, void *, size_t, unsigned);
static struct fuzz_env *current;     /* libFuzzer runs one input at a time */

static void *capped_reserve(void *user, size_t size, size_t align)
{
    if (size > FUZZ_MAX_RESERVE || align > FUZZ_MAX_RESERVE)
        return NULL;
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
    env->host.lazy_fail = NULL;
    env->host.log = NULL;
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
