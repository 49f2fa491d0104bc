/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_libc.c - integration: a fixture linked the ordinary way, calling libc.
 *
 * Why: real libraries reference libc with symbol versions (snprintf@GLIBC_2.2.5) and carry the
 * crt's DT_INIT, init_array and __cxa_finalize references.  None of that is defined in any
 * loaded library, so it must come through the host's resolve hook ("the system"), versions
 * included; and callbacks from libc back into the library (qsort) must work.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE                 /* dlvsym */
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

static void test_libc_calls(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(flags | tu_libc_fixture_flags(), NULL);
    elfld_lib *lib = tu_load(env, "libc", &o);

    int (*format)(char *, size_t, int, const char *) =
        (int (*)(char *, size_t, int, const char *))tu_sym(lib, "libc_format");
    char buf[64];
    assert_int_equal(format(buf, sizeof buf, 42, "abc"), 10);
    assert_string_equal(buf, "v=42 s=abc");
    /* Second call: through the bound PLT slot. */
    assert_int_equal(format(buf, 6, -7, "x"), 8);
    assert_string_equal(buf, "v=-7 ");

    size_t (*len)(const char *) = (size_t (*)(const char *))tu_sym(lib, "libc_strlen");
    assert_int_equal(len("hello, world"), 12);
    assert_int_equal(len(""), 0);

    int (*sort_sum)(int) = (int (*)(int))tu_sym(lib, "libc_sort_sum");
    assert_int_equal(sort_sum(1000), 1000);

    /* The system answered (snprintf, strlen, malloc, qsort, free, __cxa_finalize...): through
     * the core's index of the process's images where the process has a dynamic symbol table,
     * else (static programs) through the host's resolve hook, one call per symbol. */
    assert_true(env->ch.n_system_images >= 1);
    if (!tu_process_is_dynamic())
        assert_true(env->ch.n_resolve >= 5);
    elfld_release(lib);
}

static void test_libc_lazy(void **state) { test_libc_calls(state, ELFLD_LAZY); }
static void test_libc_now(void **state) { test_libc_calls(state, ELFLD_NOW); }

/* The system's answers carry versions: the host is asked for snprintf with "GLIBC_2.2.5" (on
 * x86_64; other arches have their own base version, so only the GLIBC_ prefix is checked
 * there), or with no version when the fixture has no DT_VERNEED (musl, no libc). */
struct seen {
    int snprintf_calls;
    char version[32];
};

static int pre_spy(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct seen *s = user;
    (void)out;
    if (strcmp(name, "snprintf") == 0) {
        s->snprintf_calls++;
        snprintf(s->version, sizeof s->version, "%s", version ? version : "(null)");
    }
    return 0; /* pass: let the normal order find it */
}

static void test_libc_versions(void **state)
{
    struct tu_env *env = *state;
    struct seen seen = {0, ""};
    struct elfld_opts o = tu_opts(ELFLD_NOW | tu_libc_fixture_flags(), NULL);
    o.pre_find = pre_spy;
    o.find_user = &seen;
    /* Whether the image asks for versions is a property of the file: a fixture linked against
     * glibc has DT_VERNEED (snprintf@GLIBC_x); one linked against musl (zig) or against no
     * C library at all (riscv32 gcc) has none, and then the loader must pass no version. */
    int versioned = tu_elf_dyn(tu_fixture("libc"), 0x6ffffffe /* DT_VERNEED */, NULL);
    elfld_lib *lib = tu_load(env, "libc", &o);
    assert_int_equal(seen.snprintf_calls, 1);
    if (!versioned)
        assert_string_equal(seen.version, "(null)");
#if defined(__x86_64__)
    else
        assert_string_equal(seen.version, "GLIBC_2.2.5");
#else
    else
        assert_memory_equal(seen.version, "GLIBC_", 6);
#endif
    elfld_release(lib);
}

/*
 * Undefined names the system lacks (the crt's weak _ITM_* and __gmon_start__ references, with
 * gcc's crt files, and the fixture's libc_host_only) are not asked of the host's resolve() once
 * more when the host says resolve() only searches the images it listed
 * (ELFLD_HOST_RESOLVE_IS_SYSTEM, set by the POSIX host) and all of them are indexed; without
 * that flag it stays the last resort, asked once for each of them and for nothing else.
 *
 * The host here answers libc_host_only itself (no image defines it), so only the last resort
 * binds it: the fixture's libc_call_host_only() calls it when bound and returns -1 when not.
 * Which names the system lacks comes from the fixture's dynamic symbol table (its undefined
 * entries) and from dlsym(RTLD_DEFAULT), which searches the same images as the index.
 */
#define HOST_ONLY_NAMES 32

static int host_only_impl(int v)
{
    return 3 * v + 1;
}

struct resolve_spy {
    int (*inner)(void *user, const char *name, const char *version, struct elfld_found *out);
    const char *names[HOST_ONLY_NAMES]; /* the distinct names asked, in order */
    char store[HOST_ONLY_NAMES][64];
    size_t n;
    long calls;
};
static struct resolve_spy *the_spy;        /* host.user stays the count host's */

static int spy_resolve(void *user, const char *name, const char *version,
                       struct elfld_found *out)
{
    struct resolve_spy *s = the_spy;
    s->calls++;
    size_t i = 0;
    while (i < s->n && strcmp(s->names[i], name) != 0)
        i++;
    if (i == s->n) {
        assert_true(s->n < HOST_ONLY_NAMES && strlen(name) < sizeof s->store[0]);
        snprintf(s->store[s->n], sizeof s->store[0], "%s", name);
        s->names[s->n] = s->store[s->n];
        s->n++;
    }
    if (s->inner(user, name, version, out))
        return 1;
    if (strcmp(name, "libc_host_only") == 0) {
        out->addr = (void *)(uintptr_t)host_only_impl;
        out->size = 0;
        return 1;
    }
    return 0;
}

/* The fixture's undefined names, and those of them the system lacks (by dlsym). */
struct undef_names {
    const char *all[HOST_ONLY_NAMES], *missing[HOST_ONLY_NAMES];
    size_t n_all, n_missing;
    char store[HOST_ONLY_NAMES][64];
};

static void collect_undef(void *user, const char *name, int weak)
{
    struct undef_names *u = user;
    (void)weak;
    assert_true(u->n_all < HOST_ONLY_NAMES && strlen(name) < sizeof u->store[0]);
    snprintf(u->store[u->n_all], sizeof u->store[0], "%s", name);
    u->all[u->n_all] = u->store[u->n_all];
    if (tu_process_is_dynamic() && dlsym(RTLD_DEFAULT, name) == NULL)
        u->missing[u->n_missing++] = u->store[u->n_all];
    u->n_all++;
}

/* The spy asked exactly the names in want[0..n), each once. */
static void assert_asked(const struct resolve_spy *s, const char *const *want, size_t n)
{
    for (size_t i = 0; i < s->n; i++)
        print_message("  resolve() asked: %s\n", s->names[i]);
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < s->n && strcmp(s->names[j], want[i]) != 0)
            j++;
        if (j == s->n)
            fail_msg("resolve() was not asked for %s", want[i]);
    }
    assert_int_equal(s->n, n);
    assert_int_equal(s->calls, (long)n);
}

static void resolve_run(unsigned host_flags, struct resolve_spy *spy, int *host_only_result)
{
    struct tu_env env;
    tu_env_init(&env);
    env.host.flags = host_flags;
    memset(spy, 0, sizeof *spy);
    spy->inner = env.host.resolve;
    env.host.resolve = spy_resolve;
    the_spy = spy;
    tu_env_ctx(&env);
    struct elfld_opts o = tu_opts(ELFLD_NOW | tu_libc_fixture_flags(), NULL);
    elfld_lib *lib = NULL;
    assert_int_equal(elfld_load(env.ctx, tu_fixture("libc"), &o, &lib), 0);
    int (*sort_sum)(int) = (int (*)(int))tu_sym(lib, "libc_sort_sum");
    assert_int_equal(sort_sum(100), 100);
    int (*call_host_only)(int) = (int (*)(int))tu_sym(lib, "libc_call_host_only");
    *host_only_result = call_host_only(5);
    assert_int_equal(spy->calls, env.ch.n_resolve);
    elfld_release(lib);
    tu_env_destroy(&env);
    the_spy = NULL;
}

static void test_libc_resolve_not_repeated(void **state)
{
    struct tu_env *env = *state;
    assert_true(env->host.flags & ELFLD_HOST_RESOLVE_IS_SYSTEM);
    struct undef_names u;
    memset(&u, 0, sizeof u);
    tu_elf_undefined(tu_fixture("libc"), collect_undef, &u);
    struct resolve_spy with, without;
    int with_result, without_result;
    resolve_run(env->host.flags, &with, &with_result);
    resolve_run(env->host.flags & ~ELFLD_HOST_RESOLVE_IS_SYSTEM, &without, &without_result);
    print_message("resolve() calls: %ld with ELFLD_HOST_RESOLVE_IS_SYSTEM, %ld without; "
                  "%zu undefined names, %zu not in the system\n",
                  with.calls, without.calls, u.n_all, u.n_missing);
    if (tu_process_is_dynamic()) {
        /* the system has snprintf etc.; it lacks at least libc_host_only */
        assert_true(u.n_missing >= 1 && u.n_missing < u.n_all);
        assert_int_equal(with.calls, 0);
        assert_int_equal(with_result, -1);
        assert_asked(&without, u.missing, u.n_missing);
    } else {
        /* a static program has no index: resolve() is the system, flag or not, and is asked
         * for every undefined name */
        assert_asked(&with, u.all, u.n_all);
        assert_asked(&without, u.all, u.n_all);
        assert_int_equal(with_result, host_only_impl(5));
    }
    assert_int_equal(without_result, host_only_impl(5));
}

#if defined(__x86_64__) && defined(__GLIBC__)
/*
 * fmemopen@GLIBC_2.2.5, the old of glibc's two fmemopen definitions: the system name index
 * remembers the first definition with the name's hash (fmemopen@@GLIBC_2.22, earlier in
 * libc's chain) and tries it directly; its version is the wrong one, so the lookup must go on.
 * The answer to match is what glibc's own loader binds in the same file (dlopen): libc's old
 * fmemopen - or, in the address sanitizer's build, its runtime's unversioned fmemopen, which
 * comes first in the search order and, having no version, serves any version asked for.
 */
static void test_libc_old_version(void **state)
{
    struct tu_env *env = *state;
    assert_true(tu_process_is_dynamic());
    void *h = dlopen(tu_fixture("libc"), RTLD_NOW | RTLD_LOCAL);
    assert_non_null(h);
    void *(*g_old)(void) = (void *(*)(void))dlsym(h, "libc_fmemopen_old");
    void *(*g_dflt)(void) = (void *(*)(void))dlsym(h, "libc_fmemopen_default");
    assert_non_null(g_old);
    assert_non_null(g_dflt);
    void *want_old = g_old(), *want_new = g_dflt();
    assert_non_null(want_old);
    /* no interposer: the two versions are two functions, and the test tells them apart */
    if (want_old == dlvsym(RTLD_DEFAULT, "fmemopen", "GLIBC_2.2.5"))
        assert_ptr_not_equal(want_old, want_new);
    struct elfld_opts o = tu_opts(ELFLD_NOW | tu_libc_fixture_flags(), NULL);
    elfld_lib *lib = tu_load(env, "libc", &o);
    void *(*old)(void) = (void *(*)(void))tu_sym(lib, "libc_fmemopen_old");
    void *(*dflt)(void) = (void *(*)(void))tu_sym(lib, "libc_fmemopen_default");
    assert_ptr_equal(old(), want_old);
    assert_ptr_equal(dflt(), want_new);
    elfld_release(lib);
    dlclose(h);
}
#endif

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_libc_lazy),
        TU_TEST(test_libc_now),
        TU_TEST(test_libc_versions),
        TU_TEST(test_libc_resolve_not_repeated),
#if defined(__x86_64__) && defined(__GLIBC__)
        TU_TEST(test_libc_old_version),
#endif
    };
    return cmocka_run_group_tests_name("libc", tests, NULL, NULL);
}
