/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_unwind.c - C++ exceptions and backtraces through code libelfld loaded, by every route
 * (a shared object from a file, the same bytes from memory, the plugin's object file linked
 * as an object module), with the POSIX host registering frame tables (posix_unwind.c):
 *
 *   (a) the plugin throws and catches inside itself;
 *   (b) the plugin throws through two of its frames and the host catches (HOST_CXX);
 *   (c) the host's callback throws, the plugin catches (HOST_CXX);
 *   (d) _Unwind_Backtrace inside the plugin lists its frames and the host's around them;
 *   and once unloaded, the unwinder no longer claims the plugin's addresses; a second build
 *   of the plugin loaded at the same address unwinds by its own tables.
 *
 * Three programs are built from this file (tests/tools/meson.build):
 *   - with HOST_CXX, linked with host_cxx.cpp: a C++ host program.  The C++ runtime and the
 *     unwinder are the system's; the plugin's libstdc++ is that one.
 *   - without: a C host that links no C++ runtime and no libgcc_s.  libelfld loads
 *     libstdc++.so.6 and libgcc_s.so.1 with the plugin, and the POSIX host registers frames
 *     with that libgcc_s (the only unwinder in the process).
 *   - with RUNTIME_INSIDE: a C host loading the plugin as `zig c++` builds it, LLVM's libc++,
 *     libc++abi and libunwind linked into the shared object.  That libunwind finds frames
 *     through dl_iterate_phdr, which the POSIX host answers for loaded code (posix_dlfcn.c);
 *     no object module (its C++ runtime would have to be linked with it), and the unwinder's
 *     claim is asked of the plugin's own _Unwind_Find_FDE while it is loaded.
 * Expected values come from C++ itself: what() of the thrown std::runtime_error is
 * "plugin <v + EH_VARIANT>" (eh_plugin.cpp), a caught int is the value thrown.
 *
 * Usage: test_unwind FIXTURE_DIR TOOLCHAIN PLUGIN_SO VARIANT_SO PLUGIN_O [RUNTIME_DIR]
 *   PLUGIN_O: "-" with RUNTIME_INSIDE;
 *   RUNTIME_DIR: where libstdc++.so.6 and libgcc_s.so.1 are (the C host's search path).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "testutil.h"

#ifdef HOST_CXX
int host_catch_through(int (*fn)(int), int v, char *what, size_t cap);   /* host_cxx.cpp */
void host_throw_int(int v);
#endif

static const char *plugin_so, *variant_so, *plugin_o, *runtime_dir;

struct plugin {
    elfld_lib *lib;
    int (*catch_inside)(int);
    int (*throw_through)(int);
    int (*catch_host)(void (*)(int), int);
    int (*backtrace)(int (*)(void **, int), void **, int);
    int (*backtrace_inner)(void **, int);
    int (*variant)(void);
};

enum route { FROM_FILE, FROM_MEMORY, FROM_OBJECT };

static struct elfld_opts load_opts(void)
{
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.search_path = runtime_dir;          /* the C host: where libelfld finds the C++ runtime */
#ifdef RUNTIME_INSIDE
    o.post_find = tu_find_libc;           /* a static musl program: the C library by name */
#endif
    return o;
}

static void bind(struct plugin *p)
{
    p->catch_inside = (int (*)(int))tu_sym(p->lib, "eh_catch_inside");
    p->throw_through = (int (*)(int))tu_sym(p->lib, "eh_throw_through");
    p->catch_host = (int (*)(void (*)(int), int))tu_sym(p->lib, "eh_catch_host");
    p->backtrace = (int (*)(int (*)(void **, int), void **, int))tu_sym(p->lib, "eh_backtrace");
    p->backtrace_inner = (int (*)(void **, int))tu_sym(p->lib, "eh_backtrace_inner");
    p->variant = (int (*)(void))tu_sym(p->lib, "eh_variant");
}

/* From bytes already read (and kept by the caller). */
static void load_bytes(struct tu_env *env, const unsigned char *bytes, size_t size,
                       const char *name, struct plugin *p)
{
    struct elfld_opts o = load_opts();
    struct elfld_diag diag;
    memset(&diag, 0, sizeof diag);
    o.diag = &diag;
    o.name = name;
    memset(p, 0, sizeof *p);
    int rc = elfld_load_mem(env->ctx, bytes, size, &o, &p->lib);
    tu_assert_rc(rc, 0, &diag);
    bind(p);
}

static void load(struct tu_env *env, enum route how, const char *so, struct plugin *p)
{
    struct elfld_opts o = load_opts();
    struct elfld_diag diag;
    memset(&diag, 0, sizeof diag);
    o.diag = &diag;
    memset(p, 0, sizeof *p);
    if (how == FROM_FILE) {
        p->lib = tu_load_path(env, so, &o);
    } else if (how == FROM_MEMORY) {
        size_t size;
        unsigned char *bytes = tu_read_file(so, &size);
        o.name = so;
        int rc = elfld_load_mem(env->ctx, bytes, size, &o, &p->lib);
        free(bytes);                      /* the image is a copy: the bytes may go */
        tu_assert_rc(rc, 0, &diag);
    } else {
        /* the object file and, as a static link's -lstdc++ would, the C++ runtime */
        size_t size;
        unsigned char *bytes = tu_read_file(plugin_o, &size);
        struct elfld_input in[2] = {{plugin_o, bytes, size, 0},
                                    {"libstdc++.so.6", NULL, 0, ELFLD_INPUT_LIBRARY}};
        int rc = elfld_load_objects(env->ctx, in, 2, &o, &p->lib);
        free(bytes);
        tu_assert_rc(rc, 0, &diag);
    }
    bind(p);
}

/* ------------------------------------------------------------------ (a) - (c) */
static void check_exceptions(const struct plugin *p, int variant)
{
    char expect[32];
    /* (a) */
    snprintf(expect, sizeof expect, "plugin %d", 3 + variant);
    assert_int_equal(p->catch_inside(3), 1000 + (int)strlen(expect));
    assert_int_equal(p->catch_inside(-5), -5 + 1);           /* no throw: the normal return */
    assert_int_equal(p->variant(), variant);
#ifdef HOST_CXX
    /* (b) */
    char what[64] = "";
    assert_int_equal(host_catch_through(p->throw_through, 7, what, sizeof what), 1);
    snprintf(expect, sizeof expect, "plugin %d", 7 + variant);
    assert_string_equal(what, expect);
    assert_int_equal(host_catch_through(p->throw_through, -9, what, sizeof what), 0);
    /* (c) */
    assert_int_equal(p->catch_host(host_throw_int, 42), 2042);
#endif
}

/* ------------------------------------------------------------------ (d) */
static int (*inner)(void **, int);

/* The host frame between the plugin's two: calls back into the plugin. */
__attribute__((noinline)) static int host_frame(void **ips, int max)
{
    volatile int n = inner(ips, max);
    return n;
}

/* Whether ip (a return address) lies in the function called `name` in lib. */
static int in_plugin_function(elfld_ctx *ctx, void *ip, const char *name)
{
    struct elfld_syminfo si;
    return elfld_addr_info(ctx, (char *)ip - 1, &si) == 0 && si.name && strcmp(si.name, name) == 0;
}

static void check_backtrace(struct tu_env *env, const struct plugin *p)
{
    void *ips[64];
    inner = p->backtrace_inner;
    int n = p->backtrace(host_frame, ips, 64);
    /* plugin (inner) -> host_frame -> plugin (eh_backtrace) -> this function -> ... */
    int at = -1;
    for (int i = 0; i < n && at < 0; i++)
        if (in_plugin_function(env->ctx, ips[i], "eh_backtrace_inner"))
            at = i;
    if (at < 0 || at + 3 >= n)
        print_error("backtrace: %d frames, eh_backtrace_inner at %d\n", n, at);
    assert_true(at >= 0 && at + 3 < n);
    uintptr_t host = (uintptr_t)ips[at + 1] - (uintptr_t)host_frame;
    assert_true(host < 512);                                  /* the return into host_frame */
    assert_true(in_plugin_function(env->ctx, ips[at + 2], "eh_backtrace"));
    uintptr_t self = (uintptr_t)ips[at + 3] - (uintptr_t)check_backtrace;
    assert_true(self < 4096);                                 /* and back here */
}

/* ------------------------------------------------------------------ the unwinder's claim */
struct dwarf_eh_bases {
    void *tbase, *dbase, *func;
};

/* Whether the process's unwinder has frame information for pc: libgcc's _Unwind_Find_FDE on
 * DWARF arches, the EHABI index lookup on arm. */
static int unwinder_claims(struct tu_env *env, void *pc)
{
#if defined(RUNTIME_INSIDE)
    /* the plugin's own unwinder: the library holding pc is the plugin */
    struct elfld_syminfo si;
    assert_int_equal(elfld_addr_info(env->ctx, pc, &si), 0);
    void *sym = elfld_sym(si.lib, "_Unwind_Find_FDE");
    assert_non_null(sym);
    const void *(*find)(void *, struct dwarf_eh_bases *);
    memcpy(&find, &sym, sizeof find);
    struct dwarf_eh_bases bases;
    return find(pc, &bases) != NULL;
#elif defined(__ARM_EABI__) && !defined(__ARM_DWARF_EH__)
    (void)env;
    uintptr_t __gnu_Unwind_Find_exidx(uintptr_t pc, int *count);
    int count = 0;
    return __gnu_Unwind_Find_exidx((uintptr_t)pc, &count) != 0;
#else
    void *sym = dlsym(RTLD_DEFAULT, "_Unwind_Find_FDE");
    if (!sym) {                                /* the C host: the libgcc_s libelfld loaded */
        elfld_lib *gcc = tu_lib_named(env->ctx, "libgcc_s");
        assert_non_null(gcc);
        sym = elfld_sym(gcc, "_Unwind_Find_FDE");
    }
    assert_non_null(sym);
    const void *(*find)(void *, struct dwarf_eh_bases *);
    memcpy(&find, &sym, sizeof find);
    struct dwarf_eh_bases bases;
    return find(pc, &bases) != NULL;
#endif
}

static void exercise(void **state, enum route how)
{
    struct tu_env *env = *state;
    struct plugin p;
    load(env, how, plugin_so, &p);
    check_exceptions(&p, 0);
    check_backtrace(env, &p);
    void *pc = (char *)(uintptr_t)p.catch_inside + 1;
    assert_true(unwinder_claims(env, pc));
#ifdef RUNTIME_INSIDE
    elfld_release(p.lib);                         /* its unwinder goes with it */
#else
    /* The C host's unwinder goes with the plugin's tree: held for the check that follows. */
    elfld_lib *keep = runtime_dir ? elfld_retain(tu_lib_named(env->ctx, "libgcc_s")) : NULL;
    elfld_release(p.lib);
    assert_false(unwinder_claims(env, pc));       /* gone with the plugin */
    if (keep)
        elfld_release(keep);
#endif
}

static void test_from_file(void **state) { exercise(state, FROM_FILE); }
static void test_from_memory(void **state) { exercise(state, FROM_MEMORY); }
#ifndef RUNTIME_INSIDE
static void test_object_module(void **state) { exercise(state, FROM_OBJECT); }
#endif

/* ------------------------------------------------------------------ the same address again */
static void *hint;                            /* where the next reservation must go */
static size_t held;                           /* bytes at hint this test holds inaccessible */

/* Keep [hint, hint + size) from every other mapping until reserve_at_hint takes it: the
 * loader's and the C library's own allocations between two loads may otherwise land there. */
static void hold_hint(size_t size)
{
    void *p = mmap(hint, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    assert_true(p == hint);
    held = size;
}

static void *reserve_at_hint(void *user, size_t size, size_t align)
{
    (void)user;
    if (hint && held >= size) {               /* over the range held for it */
        void *p = mmap(hint, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p != MAP_FAILED && held > size)
            munmap((char *)hint + size, held - size);
        held = 0;
        return p == MAP_FAILED ? NULL : p;
    }
    if (hint) {                               /* an earlier reservation's address: aligned */
        if (held)
            munmap(hint, held);
        held = 0;
        void *p = mmap(hint, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    char *p = mmap(NULL, size + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char *at = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
    if (at > p)
        munmap(p, (size_t)(at - p));
    if (at + size < p + size + align)
        munmap(at + size, (size_t)(p + size + align - (at + size)));
    return at;
}

static void test_same_address(void **state)
{
    struct tu_env *env = *state;
    struct plugin p;
    /* the second build's bytes read first: a large buffer (malloc maps it) read later could
     * take the range the first build leaves */
    size_t variant_size;
    unsigned char *variant = tu_read_file(variant_so, &variant_size);
    load(env, FROM_MEMORY, plugin_so, &p);
    check_exceptions(&p, 0);
    hint = (void *)elfld_base(p.lib);
    size_t span = elfld_size(p.lib);
    void *pc = (char *)(uintptr_t)p.catch_inside + 1;
    /* the C host's C++ runtime and unwinder stay (held by a second reference) */
    elfld_lib *keep = runtime_dir ? elfld_retain(tu_lib_named(env->ctx, "libstdc++")) : NULL;
    elfld_release(p.lib);
    hold_hint(span);
#ifndef RUNTIME_INSIDE
    assert_false(unwinder_claims(env, pc));
#else
    (void)pc;
#endif
    load_bytes(env, variant, variant_size, variant_so, &p);
    free(variant);
    assert_ptr_equal((void *)elfld_base(p.lib), hint);
    check_exceptions(&p, 1);                  /* the new tables: the variant's values */
    check_backtrace(env, &p);
    elfld_release(p.lib);
    if (keep)
        elfld_release(keep);
    hint = NULL;
}

static int setup_at_hint(void **state)
{
    struct tu_env *env = calloc(1, sizeof *env);
    tu_env_init(env);
    env->ch.inner.reserve = reserve_at_hint;  /* the count host still accounts for it */
    tu_env_ctx(env);
    *state = env;
    return 0;
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (tu_argc < 6) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN PLUGIN_SO VARIANT_SO PLUGIN_O "
                "[RUNTIME_DIR]\n", argv[0]);
        return 2;
    }
    plugin_so = tu_argv[3];
    variant_so = tu_argv[4];
    plugin_o = tu_argv[5];
    runtime_dir = tu_argc > 6 ? tu_argv[6] : NULL;
    const struct CMUnitTest tests[] = {
        TU_TEST(test_from_file),
        TU_TEST(test_from_memory),
#ifndef RUNTIME_INSIDE
        TU_TEST(test_object_module),
#endif
        cmocka_unit_test_setup_teardown(test_same_address, setup_at_hint, tu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
