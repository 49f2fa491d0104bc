/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_deps.c - integration: DT_NEEDED trees (fixtures/deps/make_deps.py builds them into
 * deps-<toolchain>/).
 *
 * Why: a library that brings its own libraries must load as under the system loader - each
 * dependency found where glibc's search finds it (DT_RPATH before the caller's path list,
 * DT_RUNPATH after it, $ORIGIN the library's directory, a file for another machine skipped),
 * shared when it is loaded already, a cycle linked as one unit, constructors in glibc's
 * order and destructors in its exact reverse, and a failure leaving nothing behind.  Where the
 * test program has glibc's dlopen, the constructor and destructor orders are also compared
 * with glibc's own for the same files.
 *
 * The libraries report their constructors and destructors through deps_note(), which this
 * program exports and also supplies through post_find (a static program exports nothing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <dlfcn.h>
#endif

#include "testutil.h"

typedef int (*int_fn)(void);

static char notes[256];
static size_t nnotes;

/* event 'i' (constructor) or 'f' (destructor) of the library with this id */
__attribute__((visibility("default"))) void deps_note(int event, int id);
__attribute__((visibility("default"))) void deps_note(int event, int id)
{
    if (nnotes + 3 < sizeof notes) {
        notes[nnotes++] = (char)event;
        notes[nnotes++] = (char)id;
        notes[nnotes] = 0;
    }
}

static void notes_reset(void)
{
    nnotes = 0;
    notes[0] = 0;
}

/* deps_note for the fixtures, through post_find (tu_supply_one) */
static struct tu_supply note_supply = {"deps_note", NULL, 0};

static char dir[1024];

static const char *deps_path(const char *rel)
{
    static char buf[1200];
    snprintf(buf, sizeof buf, "%s/%s", dir, rel);
    return buf;
}

static struct elfld_opts opts(unsigned flags, struct elfld_diag *diag)
{
    struct elfld_opts o = tu_opts(flags, diag);
    o.post_find = tu_supply_one;
    o.find_user = &note_supply;
    return o;
}

static elfld_lib *find_lib(elfld_ctx *ctx, const char *soname)
{
    for (elfld_lib *l = elfld_next(ctx, NULL); l; l = elfld_next(ctx, l))
        if (elfld_soname(l) && strcmp(elfld_soname(l), soname) == 0)
            return l;
    return NULL;
}

static int call(elfld_lib *lib, const char *name)
{
    int_fn fn = (int_fn)tu_sym(lib, name);
    return fn();
}

/* The constructors and destructors glibc's dlopen and dlclose run for `rel`, or NULL when
 * this program has no dlopen. */
static const char *glibc_order(const char *rel, char *init, char *fini, size_t cap)
{
#if defined(__GLIBC__)
    if (!tu_process_is_dynamic())
        return NULL;
    notes_reset();
    void *h = dlopen(deps_path(rel), RTLD_NOW | RTLD_LOCAL);
    if (!h)
        fail_msg("glibc's dlopen(%s): %s", rel, dlerror());
    snprintf(init, cap, "%s", notes);
    notes_reset();
    dlclose(h);
    snprintf(fini, cap, "%s", notes);
    notes_reset();
    print_message("glibc's dlopen of %s: constructors %s, destructors %s\n", rel, init, fini);
    return init;
#else
    (void)rel, (void)init, (void)fini, (void)cap;
    return NULL;
#endif
}

/* A diamond: root needs l and r, both need d.  Constructors d r l R (glibc's depth-first
 * sort visits the breadth-first list from its end), destructors the reverse. */
static void tree(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(flags, NULL);
    notes_reset();
    elfld_lib *root = tu_load_path(env, deps_path("dproot.so"), &o);
    assert_int_equal(call(root, "dp_root"), (10 + 4) + (20 + 4));
    assert_string_equal(notes, "idiriliR");
    assert_int_equal(tu_count_libs(env->ctx), 4);
    elfld_lib *d = find_lib(env->ctx, "libdpd.so");
    assert_non_null(d);
    assert_int_equal(elfld_refcount(d), 2);           /* l and r */
    notes_reset();
    elfld_release(root);
    assert_string_equal(notes, "fRflfrfd");
    assert_int_equal(tu_count_libs(env->ctx), 0);

    char init[64], fini[64];
    if (glibc_order("dproot.so", init, fini, sizeof init)) {
        assert_string_equal(init, "idiriliR");
        assert_string_equal(fini, "fRflfrfd");
    }
}
static void test_diamond_lazy(void **state) { tree(state, ELFLD_LAZY); }
static void test_diamond_now(void **state) { tree(state, ELFLD_NOW); }

/* ELFLD_NO_INIT: the diamond mapped and linked as with constructors (the same four
 * libraries, d referenced by l and r), yet no constructor ran, and no destructor runs at
 * release. */
static void test_no_init(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW | ELFLD_NO_INIT, NULL);
    notes_reset();
    elfld_lib *root = tu_load_path(env, deps_path("dproot.so"), &o);
    assert_string_equal(notes, "");
    assert_int_equal(tu_count_libs(env->ctx), 4);
    elfld_lib *d = find_lib(env->ctx, "libdpd.so");
    assert_non_null(d);
    assert_int_equal(elfld_refcount(d), 2);
    assert_true(elfld_flags(d) & ELFLD_NO_INIT);      /* the tree's flag */
    elfld_release(root);
    assert_string_equal(notes, "");
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* ------------------------------------------------------------ the trace (ELFLD_LOG_TRACE) */
static char trace[8192];
static size_t ntrace;

static void trace_log(void *user, int level, const char *msg)
{
    (void)user;
    assert_int_equal(level, ELFLD_LOG_TRACE);         /* log_levels asked for nothing else */
    int n = snprintf(trace + ntrace, sizeof trace - ntrace, "%s\n", msg);
    assert_true(n > 0 && (size_t)n < sizeof trace - ntrace);
    ntrace += (size_t)n;
}

/* How many lines of the trace are `line` exactly. */
static int trace_has(const char *line)
{
    int count = 0;
    size_t n = strlen(line);
    for (const char *p = trace; (p = strstr(p, line)) != NULL; p += n)
        if ((p == trace || p[-1] == '\n') && p[n] == '\n')
            count++;
    return count;
}

static int trace_count(const char *prefix)
{
    int count = 0;
    for (const char *p = trace; *p; p = strchr(p, '\n') + 1)
        count += strncmp(p, prefix, strlen(prefix)) == 0;
    return count;
}

/* "placed NAME at 0xSTART-0xEND, base 0xBASE": the range is the library's reservation (the
 * API's elfld_size and elfld_lib_at agree), the base the API's elfld_base. */
static void expect_placed(elfld_ctx *ctx, elfld_lib *lib)
{
    char head[1200];
    snprintf(head, sizeof head, "placed %s at ", elfld_name(lib));
    const char *p = strstr(trace, head);
    assert_non_null(p);
    unsigned long start, end, base;
    assert_int_equal(sscanf(p + strlen(head), "0x%lx-0x%lx, base 0x%lx", &start, &end, &base), 3);
    assert_int_equal(end - start, elfld_size(lib));
    assert_ptr_equal(elfld_lib_at(ctx, (void *)start), lib);
    assert_ptr_equal(elfld_lib_at(ctx, (void *)(end - 1)), lib);
    assert_int_equal(base, elfld_base(lib));
}

/* "[lazily ]bound IMPORTER: NAME -> PROVIDER at 0xADDR", ADDR what elfld_sym finds in the
 * provider (or, for the host's deps_note, its address in this program) */
static int bound_lines(const char *how, elfld_lib *importer, const char *name,
                       const char *provider, void *addr)
{
    char line[2600];
    snprintf(line, sizeof line, "%s %s: %s -> %s at 0x%lx", how, elfld_name(importer), name,
             provider, (unsigned long)(uintptr_t)addr);
    return trace_has(line);
}

/* The diamond loaded with the trace on: each library placed where the API says it is, each
 * symbol looked up by name bound where elfld_sym finds it (deps_note by the host, through
 * post_find), each library unmapped at release - nothing else.  Lazily: the constructors'
 * calls bound at load, dp_root's calls only when they are made. */
static void traced(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_host host = env->host;
    host.log = trace_log;
    host.log_levels = 1u << ELFLD_LOG_TRACE;
    elfld_ctx *ctx;
    assert_int_equal(elfld_ctx_create(&host, &ctx), 0);
    ntrace = 0;
    trace[0] = 0;
    struct elfld_opts o = opts(flags, NULL);
    elfld_lib *root;
    assert_int_equal(elfld_load(ctx, deps_path("dproot.so"), &o, &root), 0);
    elfld_lib *l = find_lib(ctx, "libdpl.so"), *r = find_lib(ctx, "libdpr.so");
    elfld_lib *d = find_lib(ctx, "libdpd.so");
    assert_true(l && r && d);
    elfld_lib *all[] = {root, l, r, d};
    for (size_t i = 0; i < 4; i++)
        expect_placed(ctx, all[i]);
    assert_int_equal(trace_count("placed "), 4);
    /* eager for a library linked with -z now (DF_BIND_NOW, in elfld_flags) even when lazy */
    const char *how[4];
    int eager[4];
    for (size_t i = 0; i < 4; i++) {
        eager[i] = (elfld_flags(all[i]) & ELFLD_NOW) != 0;
        how[i] = eager[i] ? "bound" : "lazily bound";
    }
    for (size_t i = 0; i < 4; i++)   /* every constructor called deps_note: this program's
                                        symbol when it exports it, else post_find's answer */
        assert_int_equal(bound_lines(how[i], all[i], "deps_note", "the program", (void *)deps_note) +
                         bound_lines(how[i], all[i], "deps_note", "the host", (void *)deps_note), 1);
    /* dp_root's calls: root -> dp_l, dp_r; l, r -> dp_d; bound at load only when eager */
    elfld_lib *importer[4] = {root, root, l, r}, *provider[4] = {l, r, d, d};
    size_t imp[4] = {0, 0, 1, 2};                       /* importer's index in all[] */
    const char *callee[4] = {"dp_l", "dp_r", "dp_d", "dp_d"};
    int at_load = 0;
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(bound_lines(how[imp[k]], importer[k], callee[k], elfld_name(provider[k]),
                                     elfld_sym(provider[k], callee[k])), eager[imp[k]]);
        at_load += eager[imp[k]];
    }
    assert_int_equal(trace_count("bound ") + trace_count("lazily bound "), 4 + at_load);
    assert_int_equal(call(root, "dp_root"), (10 + 4) + (20 + 4));
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(bound_lines(how[imp[k]], importer[k], callee[k], elfld_name(provider[k]),
                                     elfld_sym(provider[k], callee[k])), 1);
    assert_int_equal(trace_count("bound ") + trace_count("lazily bound "), 8);
    char names[4][1200];
    for (size_t i = 0; i < 4; i++)
        snprintf(names[i], sizeof names[i], "unmapping %s at 0x", elfld_name(all[i]));
    elfld_release(root);
    for (size_t i = 0; i < 4; i++)
        assert_non_null(strstr(trace, names[i]));
    assert_int_equal(trace_count("unmapping "), 4);
    elfld_ctx_destroy(ctx);
}
static void test_trace_now(void **state) { traced(state, ELFLD_NOW); }
static void test_trace_lazy(void **state) { traced(state, ELFLD_LAZY); }

/* A cycle ca <-> cb below the root: one link group, constructed a, b, then the root. */
static void test_cycle(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    notes_reset();
    elfld_lib *root = tu_load_path(env, deps_path("dpcyc.so"), &o);
    assert_int_equal(call(root, "dp_cyc"), 100 + 7);
    elfld_lib *cb = find_lib(env->ctx, "libdpcb.so");
    assert_non_null(cb);
    assert_int_equal(call(cb, "dp_cb"), 200 + 3);
    assert_string_equal(notes, "iaibiC");
    notes_reset();
    elfld_release(root);
    assert_string_equal(notes, "fCfbfa");
    assert_int_equal(tu_count_libs(env->ctx), 0);

    char init[64], fini[64];
    if (glibc_order("dpcyc.so", init, fini, sizeof init)) {
        assert_string_equal(init, "iaibiC");
        assert_string_equal(fini, "fCfbfa");
    }
}

/* One dependency also held by the caller: the root's release unloads only what nothing
 * else holds, and the rest goes with the caller's last reference. */
static void test_shared_dependency(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *root = tu_load_path(env, deps_path("dproot.so"), &o);
    elfld_lib *r = elfld_retain(find_lib(env->ctx, "libdpr.so"));
    assert_non_null(r);
    assert_int_equal(elfld_refcount(r), 2);
    assert_int_equal(tu_count_libs(env->ctx), 4);
    notes_reset();
    elfld_release(root);
    assert_string_equal(notes, "fRfl");
    assert_int_equal(tu_count_libs(env->ctx), 2);        /* r and the d it needs */
    assert_int_equal(call(r, "dp_r"), 24);
    notes_reset();
    elfld_release(r);
    assert_string_equal(notes, "frfd");
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* A dependency loaded before its user, by the caller: found by its DT_SONAME, not loaded
 * a second time. */
static void test_loaded_first(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *d = tu_load_path(env, deps_path("alt/libdpd.so"), &o);  /* returns 5 */
    elfld_lib *root = tu_load_path(env, deps_path("dproot.so"), &o);
    assert_int_equal(call(root, "dp_root"), (10 + 5) + (20 + 5));
    assert_int_equal(tu_count_libs(env->ctx), 4);
    assert_int_equal(elfld_refcount(d), 3);
    elfld_release(root);
    assert_int_equal(elfld_refcount(d), 1);
    elfld_release(d);
}

/* One file under two names: the root needs libdpd.so, then libdpalias.so, a link to it whose
 * name matches nothing loaded - loaded once all the same, recognised by the host's source
 * identity. */
static void test_same_file_two_names(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load_path(env, deps_path("dpalias.so"), &o);
    assert_int_equal(call(lib, "dp_alias"), 4);
    assert_int_equal(tu_count_libs(env->ctx), 2);
    elfld_release(lib);
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* DT_RPATH comes before the caller's search path; DT_RUNPATH after it.  Both with $ORIGIN. */
static void test_rpath_before_search_path(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    char lib[1300];
    snprintf(lib, sizeof lib, "%s", deps_path("lib"));
    o.search_path = lib;
    elfld_lib *a = tu_load_path(env, deps_path("dprpath.so"), &o);
    assert_int_equal(call(a, "dp_rpath"), 5);           /* alt/, from DT_RPATH */
    elfld_release(a);
    elfld_lib *b = tu_load_path(env, deps_path("dprunpath.so"), &o);
    assert_int_equal(call(b, "dp_runpath"), 4);         /* lib/, from the search path */
    elfld_release(b);
    o.search_path = NULL;
    b = tu_load_path(env, deps_path("dprunpath.so"), &o);
    assert_int_equal(call(b, "dp_runpath"), 5);         /* alt/, from DT_RUNPATH */
    elfld_release(b);
}

/* The first candidates on the path are for another machine and of the other ELF class:
 * skipped, the next one taken. */
static void test_wrong_machine_skipped(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load_path(env, deps_path("dpwrong.so"), &o);
    assert_int_equal(call(lib, "dp_wrong"), 4);
    elfld_release(lib);
}

/* A DF_1_NODELETE dependency stays when the library that loaded it goes. */
static void test_nodelete_dependency(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    notes_reset();
    elfld_lib *lib = tu_load_path(env, deps_path("dpnodel.so"), &o);
    assert_int_equal(call(lib, "dp_nodel"), 9);
    assert_string_equal(notes, "iNiK");
    notes_reset();
    elfld_release(lib);
    assert_string_equal(notes, "fK");
    assert_int_equal(tu_count_libs(env->ctx), 1);
    elfld_lib *nd = find_lib(env->ctx, "libdpnd.so");
    assert_non_null(nd);
    assert_int_equal(elfld_refcount(nd), 0);
    assert_int_equal(call(nd, "dp_nd"), 9);          /* still there, still working */
}

/* A missing dependency: ELFLD_ENOENT naming it, the library that needed it and where it was
 * looked for; nothing left behind (tu_load_fail checks the host's books). */
static void test_missing(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    struct elfld_opts o = opts(ELFLD_NOW, &diag);
    tu_load_fail(env, deps_path("dpmissing.so"), &o, ELFLD_ENOENT, &diag);
    assert_non_null(strstr(diag.message, "libdpnone.so"));
    assert_non_null(strstr(diag.message, "dpmissing.so"));
    assert_non_null(strstr(diag.message, "/lib/libdpnone.so"));    /* $ORIGIN/lib, expanded */
    assert_string_equal(diag.symbol, "libdpnone.so");
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* A tree whose second level fails to link (the diamond without ELFLD_NO_DEPS's help is fine;
 * with it, the root's own references are unresolved): nothing is left. */
static void test_no_deps(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    struct elfld_opts o = opts(ELFLD_NOW | ELFLD_NO_DEPS, &diag);
    tu_load_fail(env, deps_path("dproot.so"), &o, ELFLD_ENOSYM, NULL);
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* From memory: $ORIGIN has no value, so the root's DT_RUNPATH leads nowhere; the caller's
 * search path finds the dependencies. */
static void test_from_memory(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *bytes = tu_read_file(deps_path("dproot.so"), &size);
    struct elfld_diag diag;
    struct elfld_opts o = opts(ELFLD_NOW, &diag);
    elfld_lib *lib = NULL;
    assert_int_equal(elfld_load_mem(env->ctx, bytes, size, &o, &lib), ELFLD_ENOENT);
    assert_int_equal(tu_count_libs(env->ctx), 0);
    char path[1300];
    snprintf(path, sizeof path, "/nonexistent:%s", deps_path("lib"));
    o.search_path = path;
    int rc = elfld_load_mem(env->ctx, bytes, size, &o, &lib);
    tu_assert_rc(rc, 0, &diag);
    free(bytes);
    assert_int_equal(call(lib, "dp_root"), 38);
    assert_int_equal(tu_count_libs(env->ctx), 4);
    elfld_release(lib);
}

/* A library that calls dlopen and friends (dpdl.so, -nostdlib): they are the POSIX host's,
 * which load through the library's context - found by its DT_RUNPATH, unloaded at dlclose -
 * and answer dladdr, dlerror and dl_iterate_phdr for it.  On musl's static programs the
 * system's dlopen cannot load anything: there only these can. */
static void dlfcn_calls(struct tu_env *env, int others)
{
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load_path(env, deps_path("dpdl.so"), &o);
    int (*open_call)(const char *, const char *, int) =
        (int (*)(const char *, const char *, int))tu_sym(lib, "dpdl_open_call");
    const char *(*error_of)(const char *) = (const char *(*)(const char *))tu_sym(lib, "dpdl_error_of");
    int (*global)(const char *, const char *) =
        (int (*)(const char *, const char *))tu_sym(lib, "dpdl_global");
    int (*self)(void) = (int (*)(void))tu_sym(lib, "dpdl_self");
    int (*listed)(void) = (int (*)(void))tu_sym(lib, "dpdl_listed");
    const int now = 2;                                /* RTLD_NOW */

    notes_reset();
    assert_int_equal(open_call("libdpd.so", "dp_d", now), 4);
    assert_string_equal(notes, "idfd");               /* loaded, and gone at dlclose */
    assert_int_equal(tu_count_libs(env->ctx), 1 + others);
    assert_int_equal(open_call("libdpl.so", "dp_l", now), 14);
    assert_int_equal(open_call("libdpl.so", "dp_d", now), 4);   /* a dependency's, via the handle */
    assert_int_equal(open_call("libdpl.so", "dp_none", now), -2);
    assert_int_equal(tu_count_libs(env->ctx), 1 + others);

    const char *msg = error_of("libdpabsent.so");
    assert_non_null(msg);
    assert_non_null(strstr(msg, "libdpabsent.so"));
    assert_int_equal(global("libdpd.so", "dp_d"), 4);  /* RTLD_GLOBAL, then RTLD_DEFAULT */
    assert_int_equal(self(), 1);
    assert_int_equal(listed(), 1);
    assert_int_equal(tu_count_libs(env->ctx), 1 + others);
    elfld_release(lib);
}

static void test_dlfcn(void **state) { dlfcn_calls(*state, 0); }

/* The same once a large library (symsysvbig: 20,000 names) has made the core index the
 * system's names: the names the host intercepts are marked in that index, and must still
 * reach the host first. */
static void test_dlfcn_indexed_system(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *big = tu_load(env, "symsysvbig", &o);
    dlfcn_calls(env, 1);
    elfld_release(big);
}

/* A two-phase group whose members need a library: elfld_link loads it (once, for both) and
 * runs its constructor first, then the members' in the group's order; releasing both
 * members unloads it too. */
static void test_group_with_dependencies(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    struct elfld_opts o = opts(ELFLD_NOW, &diag);
    elfld_lib *g[2] = {NULL, NULL};
    tu_assert_rc(elfld_open(env->ctx, deps_path("lib/libdpr.so"), &o, &g[0]), 0, &diag);
    tu_assert_rc(elfld_open(env->ctx, deps_path("lib/libdpl.so"), &o, &g[1]), 0, &diag);
    notes_reset();
    tu_assert_rc(elfld_link(env->ctx, g, 2, &diag), 0, &diag);
    assert_string_equal(notes, "idiril");
    assert_int_equal(tu_count_libs(env->ctx), 3);
    assert_int_equal(call(g[0], "dp_r"), 24);
    assert_int_equal(call(g[1], "dp_l"), 14);
    notes_reset();
    elfld_release(g[0]);
    assert_string_equal(notes, "");                  /* the group lives while g[1] does */
    elfld_release(g[1]);
    assert_string_equal(notes, "flfrfd");
    assert_int_equal(tu_count_libs(env->ctx), 0);

    /* a member whose dependency is missing: the link fails, the members are left failed for
     * the caller to release, nothing else stays */
    tu_assert_rc(elfld_open(env->ctx, deps_path("dpmissing.so"), &o, &g[0]), 0, &diag);
    assert_int_equal(elfld_link(env->ctx, g, 1, &diag), ELFLD_ENOENT);
    assert_int_equal(tu_count_libs(env->ctx), 1);
    elfld_release(g[0]);
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* glibc's dlvsym and dlinfo(RTLD_DI_ORIGIN) from loaded code (dpdlv.so): a hidden version
 * through a handle, and the directory of a library found by name.  Only in glibc programs:
 * musl has neither function (dpdl.so covers the rest there). */
#if defined(__GLIBC__)
static void test_dlfcn_glibc(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load_path(env, deps_path("dpdlv.so"), &o);
    int (*versioned)(const char *, const char *, const char *) =
        (int (*)(const char *, const char *, const char *))tu_sym(lib, "dpdlv_versioned");
    int (*origin)(const char *, char *) = (int (*)(const char *, char *))tu_sym(lib, "dpdlv_origin");
    char ver[1200];
    snprintf(ver, sizeof ver, "%s", tu_fixture("ver"));
    assert_int_equal(versioned(ver, "foo", "VER_1"), 1);       /* the hidden, old version */
    assert_int_equal(versioned(ver, "foo", "VER_2"), 2);
    assert_int_equal(versioned(ver, "foo", "VER_9"), -2);
    char dir[1200] = "";
    assert_int_equal(origin("libdpd.so", dir), 0);
    assert_string_equal(dir, deps_path("lib"));
    assert_int_equal(tu_count_libs(env->ctx), 1);
    elfld_release(lib);
}
#endif

/* The dlfcn layer turned off (host.intercept = NULL): loaded code's dlopen is the system's,
 * which neither searches the library's DT_RUNPATH nor loads into the context: in a dynamic
 * program it finds no libdpd.so; a static one (musl) exports no dlopen at all, so the library
 * cannot even be linked. */
static void test_dlfcn_off(void **state)
{
    (void)state;
    struct tu_env env;
    tu_env_init(&env);
    env.host.intercept = NULL;
    tu_env_ctx(&env);
    struct elfld_diag diag;
    struct elfld_opts o = opts(ELFLD_NOW, &diag);
    if (!tu_process_is_dynamic()) {
        tu_load_fail(&env, deps_path("dpdl.so"), &o, ELFLD_ENOSYM, &diag);
        assert_true(strncmp(diag.symbol, "dl", 2) == 0);   /* dlopen, dlsym, ...: unbound */
        tu_env_destroy(&env);
        return;
    }
    elfld_lib *lib = tu_load_path(&env, deps_path("dpdl.so"), &o);
    int (*open_call)(const char *, const char *, int) =
        (int (*)(const char *, const char *, int))tu_sym(lib, "dpdl_open_call");
    assert_int_equal(open_call("libdpd.so", "dp_d", 2), -1);
    assert_int_equal(tu_count_libs(env.ctx), 1);
    elfld_release(lib);
    tu_env_destroy(&env);
}

/* Objects linked against shared libraries (ELFLD_INPUT_LIBRARY): libdpl.so by name through
 * the search path, with the libdpd.so it needs, or from a path; they stay while the image
 * does. */
static void test_objects_with_libraries(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    struct elfld_opts o = opts(ELFLD_NOW, &diag);
    char lib[1300], obj[1300];
    snprintf(lib, sizeof lib, "%s", deps_path("lib"));
    snprintf(obj, sizeof obj, "%s", deps_path("dpobj.o"));
    o.search_path = lib;
    struct elfld_input in[2] = {
        {obj, NULL, 0, 0},
        {"libdpl.so", NULL, 0, ELFLD_INPUT_LIBRARY},
    };
    elfld_lib *img = NULL;
    tu_assert_rc(elfld_load_objects(env->ctx, in, 2, &o, &img), 0, &diag);
    assert_int_equal(call(img, "dpobj_sum"), 14 * 100 + 4);
    assert_int_equal(tu_count_libs(env->ctx), 3);
    notes_reset();
    elfld_release(img);
    assert_string_equal(notes, "flfd");
    assert_int_equal(tu_count_libs(env->ctx), 0);

    /* a missing library fails the link, naming it; nothing stays */
    in[1].name = "libdpabsent.so";
    assert_int_equal(elfld_load_objects(env->ctx, in, 2, &o, &img), ELFLD_ENOENT);
    assert_non_null(strstr(diag.message, "libdpabsent.so"));
    assert_int_equal(tu_count_libs(env->ctx), 0);
}

/* A tree naming the C library besides its own dependency: the system's (by its soname in a
 * dynamic program; in a static one, the host's search says so), never loaded. */
static void test_system_in_tree(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW, NULL);
    elfld_lib *lib = tu_load_path(env, deps_path("dpsys.so"), &o);
    assert_int_equal(call(lib, "dp_sys"), 4);
    assert_int_equal(tu_count_libs(env->ctx), 2);
    elfld_release(lib);
}

/* The C library a fixture needs is the system's: nothing loaded besides the fixture. */
static void test_system_provides(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = opts(ELFLD_NOW | tu_libc_fixture_flags(), NULL);
    elfld_lib *lib = tu_load(env, "libc", &o);
    assert_int_equal(tu_count_libs(env->ctx), 1);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    void (*note)(int, int) = deps_note;
    memcpy(&note_supply.addr, &note, sizeof note_supply.addr);
    snprintf(dir, sizeof dir, "%s/deps-%s", argv[1], argv[2]);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_diamond_lazy),
        TU_TEST(test_diamond_now),
        TU_TEST(test_no_init),
        TU_TEST(test_trace_now),
        TU_TEST(test_trace_lazy),
        TU_TEST(test_cycle),
        TU_TEST(test_shared_dependency),
        TU_TEST(test_loaded_first),
        TU_TEST(test_same_file_two_names),
        TU_TEST(test_rpath_before_search_path),
        TU_TEST(test_wrong_machine_skipped),
        TU_TEST(test_missing),
        TU_TEST(test_no_deps),
        TU_TEST(test_from_memory),
        TU_TEST(test_system_provides),
        TU_TEST(test_system_in_tree),
        TU_TEST(test_dlfcn),
        TU_TEST(test_dlfcn_indexed_system),
        TU_TEST(test_dlfcn_off),
        TU_TEST(test_objects_with_libraries),
        TU_TEST(test_nodelete_dependency),
#if defined(__GLIBC__)
        TU_TEST(test_dlfcn_glibc),
#endif
        TU_TEST(test_group_with_dependencies),
    };
    return cmocka_run_group_tests_name("deps", tests, NULL, NULL);
}
