/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * bench.c - the measuring program of tests/bench/run.sh: libelfld against the system loader
 * (glibc dlopen/dlsym), one library per process.  run.sh / bench.py drive it; every command
 * prints `key=value` lines on stdout and exits 0, or prints `error=<message>` and exits 3 when
 * the library cannot be loaded.
 *
 *   bench probe PROBE.so
 *       Which order does libelfld's default resolution use?  PROBE.so defines
 *       bench_probe_sym and points bench_probe_ptr at it; this program defines (and exports)
 *       bench_probe_sym too.  Under the standard ELF order (global scope first) the reference
 *       binds to the program's definition.  Prints default_order=std|self-first.
 *
 *   bench once [common options] LIB
 *       One load in this (fresh) process.  Prints ns= (wall clock of the load), heap= (live
 *       malloc bytes added by the load, mallinfo2), for elfld heap_hook= / heap_peak_hook= (bytes
 *       the core asked the host for: live after the load / peak during it), and check= when
 *       --check was given.  Around the load it writes the markers BENCH_BEGIN / BENCH_END to
 *       fd -1 (an EBADF write), so `strace -o` output can be cut to exactly the load, and it
 *       brackets the load with callgrind client requests (collection on only inside; one dump
 *       "ctx" for elfld_ctx_create, one dump "load"), no-ops outside valgrind.
 *
 *   bench loop [common options] --iters N LIB
 *       N times load + unload in one process (one elfld context).  Prints load/unload medians,
 *       min, max, and whether the image really went away (/proc/self/maps).
 *
 *   bench sym [common options] --reps R --names FILE LIB
 *       Loads LIB with both loaders in this process, then times elfld_sym and dlsym over every
 *       name in FILE (hits) and over the same names with "_nx" appended (misses), R repetitions
 *       alternating the loaders; prints ns per lookup (median and min over repetitions).  The
 *       two loaders must agree (same offset from their load bias) on every hit.  With --ir
 *       (under callgrind) one pass of each kind instead, each in its own callgrind dump
 *       (elfld_hit, glibc_hit, elfld_miss, glibc_miss).
 *
 *   bench tls [common options] --reps R --iters N LIB
 *       Loads LIB (a library exporting long tls_loop(long accesses): tls_lib.c) with both
 *       loaders in this process, then times tls_loop(N) R times alternating the loaders;
 *       prints ns per access (median and min), and the sums both got (they must agree).
 *       With --ir (under callgrind) one warm pass of each loader instead, each in its own
 *       callgrind dump (elfld_tls, glibc_tls).
 *
 *   Common options:
 *       --loader elfld|glibc   (once, loop)
 *       --mode now|lazy        ELFLD_NOW vs RTLD_NOW, ELFLD_LAZY vs RTLD_LAZY (always _LOCAL)
 *       --order std|default    elfld resolution order: std = the process's global scope
 *                              (the host's resolve hook, i.e. dlsym(RTLD_DEFAULT)) before the
 *                              library itself, via pre_find; default = libelfld's own order
 *       --sysdep NAME          a system library (libm.so.6 ...) dlopen'ed RTLD_GLOBAL first,
 *                              for both loaders
 *       --dep PATH             a non-system dependency loaded first: dlopen RTLD_NOW|GLOBAL
 *                              for glibc, elfld_load ELFLD_NOW|ELFLD_GLOBAL for elfld
 *       --check NAME:str|uint  after the load call NAME() and print its result
 *       --heap-hooks           (once) wrap the host's alloc/free to count the core's bytes
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

#include "elfld.h"
#include "elfld/posix.h"

/* ------------------------------------------------------------------ the order probe symbol */
int bench_probe_sym(void);
__attribute__((noinline, used)) int bench_probe_sym(void) { return 1; }

/* ------------------------------------------------------------------ small utilities */
static void die(const char *fmt, const char *arg) {
    printf("error=");
    printf(fmt, arg);
    printf("\n");
    fflush(stdout);
    _exit(3);
}

static size_t heap_live(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static void marker(const char *s) {
    /* a raw write to an invalid fd: visible in strace, no effect */
    syscall(SYS_write, -1, s, strlen(s));
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------ options */
#define MAX_DEPS 32
struct opts {
    const char *cmd;
    const char *lib;
    int elfld;               /* loader */
    int lazy;
    int std_order;
    const char *sysdeps[MAX_DEPS];
    int nsysdeps;
    const char *deps[MAX_DEPS];
    int ndeps;
    const char *check;
    int heap_hooks;
    int ir;                  /* sym: one pass per kind bracketed by callgrind dumps */
    long iters;
    long reps;
    const char *names;
};

static void parse(int argc, char **argv, struct opts *o) {
    memset(o, 0, sizeof *o);
    o->std_order = 1;
    o->iters = 100;
    o->reps = 21;
    if (argc < 3)
        die("usage: bench probe|once|loop|sym [options] LIB%s", "");
    o->cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() do { if (!v) die("option %s needs a value", a); i++; } while (0)
        if (!strcmp(a, "--loader")) {
            NEEDV();
            if (!strcmp(v, "elfld")) o->elfld = 1;
            else if (!strcmp(v, "glibc")) o->elfld = 0;
            else die("unknown loader %s", v);
        } else if (!strcmp(a, "--mode")) {
            NEEDV();
            if (!strcmp(v, "now")) o->lazy = 0;
            else if (!strcmp(v, "lazy")) o->lazy = 1;
            else die("unknown mode %s", v);
        } else if (!strcmp(a, "--order")) {
            NEEDV();
            if (!strcmp(v, "std")) o->std_order = 1;
            else if (!strcmp(v, "default")) o->std_order = 0;
            else die("unknown order %s", v);
        } else if (!strcmp(a, "--sysdep")) {
            NEEDV();
            if (o->nsysdeps == MAX_DEPS) die("too many %s", a);
            o->sysdeps[o->nsysdeps++] = v;
        } else if (!strcmp(a, "--dep")) {
            NEEDV();
            if (o->ndeps == MAX_DEPS) die("too many %s", a);
            o->deps[o->ndeps++] = v;
        } else if (!strcmp(a, "--check")) {
            NEEDV();
            o->check = v;
        } else if (!strcmp(a, "--heap-hooks")) {
            o->heap_hooks = 1;
        } else if (!strcmp(a, "--ir")) {
            o->ir = 1;
        } else if (!strcmp(a, "--iters")) {
            NEEDV();
            o->iters = atol(v);
        } else if (!strcmp(a, "--reps")) {
            NEEDV();
            o->reps = atol(v);
        } else if (!strcmp(a, "--names")) {
            NEEDV();
            o->names = v;
        } else if (a[0] == '-') {
            die("unknown option %s", a);
        } else {
            o->lib = a;
        }
#undef NEEDV
    }
    if (!o->lib)
        die("no library given%s", "");
    /* The same absolute path for both loaders (dlopen would search a name without '/'). */
    static char real[4096];
    if (realpath(o->lib, real))
        o->lib = real;
    if (o->iters < 1) o->iters = 1;
    if (o->reps < 1) o->reps = 1;
}

/* ------------------------------------------------------------------ elfld side */
/* Book-keeping wrappers around the POSIX host's alloc/free (only with --heap-hooks). */
static struct {
    void *(*alloc)(void *, size_t);
    void (*free)(void *, void *, size_t);
    int (*resolve)(void *, const char *, const char *, struct elfld_found *);
    size_t live, peak;
    long nalloc;
} H;

static void *count_alloc(void *user, size_t size) {
    void *p = H.alloc(user, size);
    if (p) {
        H.live += size;
        H.nalloc++;
        if (H.live > H.peak)
            H.peak = H.live;
    }
    return p;
}

static void count_free(void *user, void *ptr, size_t size) {
    if (ptr)
        H.live -= size;
    H.free(user, ptr, size);
}

/* Standard ELF order: the process's global scope (what the POSIX host's resolve hook
 * searches) before anything else -- as glibc searches the executable and its libraries
 * before the library being loaded. */
static int sys_first(void *user, const char *name, const char *version, struct elfld_found *out) {
    return H.resolve(user, name, version, out);
}

static elfld_ctx *g_ctx;
static struct elfld_host g_host;

__attribute__((noinline, noclone)) static void bench_do_ctx(const struct opts *o, char **envp) {
    elfld_posix_host(&g_host, 0, NULL, envp);
    H.alloc = g_host.alloc;
    H.free = g_host.free;
    H.resolve = g_host.resolve;
    if (o->heap_hooks) {
        g_host.alloc = count_alloc;
        g_host.free = count_free;
    }
    int rc = elfld_ctx_create(&g_host, &g_ctx);
    if (rc)
        die("elfld_ctx_create: %s", elfld_strerror(rc));
}

static int elfld_open_lib(const struct opts *o, const char *path, unsigned flags, elfld_lib **out,
                          struct elfld_diag *d) {
    struct elfld_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.struct_size = sizeof eo;
    eo.flags = flags;
    if (o->std_order)
        eo.pre_find = sys_first;
    eo.diag = d;
    return elfld_load(g_ctx, path, &eo, out);
}

/* ------------------------------------------------------------------ both loaders */
struct loaded {
    elfld_lib *el;
    void *dl;
};

static void load_deps(const struct opts *o, int for_elfld) {
    for (int i = 0; i < o->nsysdeps; i++)
        if (!dlopen(o->sysdeps[i], RTLD_NOW | RTLD_GLOBAL))
            die("system dependency: %s", dlerror());
    for (int i = 0; i < o->ndeps; i++) {
        if (for_elfld) {
            elfld_lib *l;
            struct elfld_diag d;
            int rc = elfld_open_lib(o, o->deps[i], ELFLD_NOW | ELFLD_GLOBAL, &l, &d);
            if (rc)
                die("dependency: %s", d.message);
        } else if (!dlopen(o->deps[i], RTLD_NOW | RTLD_GLOBAL)) {
            die("dependency: %s", dlerror());
        }
    }
}

/* The measured operation.  noinline/noclone keep it one named function in profiles. */
__attribute__((noinline, noclone)) static int bench_do_load(const struct opts *o, int elfld,
                                                            struct loaded *out,
                                                            struct elfld_diag *d) {
    if (elfld)
        return elfld_open_lib(o, o->lib, o->lazy ? ELFLD_LAZY : ELFLD_NOW, &out->el, d);
    out->dl = dlopen(o->lib, (o->lazy ? RTLD_LAZY : RTLD_NOW) | RTLD_LOCAL);
    return out->dl ? 0 : -1;
}

__attribute__((noinline, noclone)) static void bench_do_unload(int elfld, struct loaded *l) {
    if (elfld)
        elfld_release(l->el);
    else
        dlclose(l->dl);
}

static void *lookup(int elfld, const struct loaded *l, const char *name) {
    return elfld ? elfld_sym(l->el, name) : dlsym(l->dl, name);
}

static uintptr_t bias(int elfld, const struct loaded *l) {
    if (elfld)
        return elfld_base(l->el);
    struct link_map *lm = NULL;
    if (dlinfo(l->dl, RTLD_DI_LINKMAP, &lm) != 0 || !lm)
        return 0;
    return lm->l_addr;
}

/* Load or exit with error=<message> (the message run.sh turns into "SKIPPED reason=..."). */
static void load_or_die(const struct opts *o, int elfld, struct loaded *l) {
    struct elfld_diag d;
    memset(&d, 0, sizeof d);
    if (bench_do_load(o, elfld, l, &d) != 0) {
        if (elfld)
            die("%s", d.message[0] ? d.message : elfld_strerror(d.code));
        die("%s", dlerror());
    }
}

static void do_check(const struct opts *o, int elfld, const struct loaded *l) {
    if (!o->check)
        return;
    char name[256];
    snprintf(name, sizeof name, "%s", o->check);
    char *kind = strchr(name, ':');
    if (kind)
        *kind++ = 0;
    void *p = lookup(elfld, l, name);
    if (!p) {
        printf("check=missing:%s\n", name);
        return;
    }
    if (kind && !strcmp(kind, "str")) {
        const char *(*fn)(void);
        memcpy(&fn, &p, sizeof p);
        printf("check=%s\n", fn());
    } else if (kind && !strncmp(kind, "int", 3)) {
        /* int:ARG -> fn(ARG) */
        int (*fn)(int);
        memcpy(&fn, &p, sizeof p);
        printf("check=%d\n", fn(kind[3] == ':' ? atoi(kind + 4) : 0));
    } else {
        unsigned long (*fn)(void);
        memcpy(&fn, &p, sizeof p);
        printf("check=%lu\n", fn());
    }
}

/* ------------------------------------------------------------------ commands */
static int cmd_probe(const struct opts *o, char **envp) {
    struct opts po = *o;
    po.std_order = 0;
    bench_do_ctx(&po, envp);
    elfld_lib *l;
    struct elfld_diag d;
    int rc = elfld_open_lib(&po, po.lib, ELFLD_NOW, &l, &d);
    if (rc)
        die("%s", d.message);
    void *pp = elfld_sym(l, "bench_probe_ptr");
    void *mine = elfld_sym(l, "bench_probe_sym");
    if (!pp || !mine)
        die("probe library lacks bench_probe_ptr / bench_probe_sym%s", "");
    void *bound;
    memcpy(&bound, pp, sizeof bound);
    int (*self)(void) = bench_probe_sym;
    void *exe;
    memcpy(&exe, &self, sizeof exe);
    printf("default_order=%s\n", bound == exe ? "std" : bound == mine ? "self-first" : "other");
    /* the same question to glibc, as a check of the probe itself */
    void *h = dlopen(po.lib, RTLD_NOW | RTLD_LOCAL);
    void *gpp = h ? dlsym(h, "bench_probe_ptr") : NULL;
    void *gmine = h ? dlsym(h, "bench_probe_sym") : NULL;
    if (gpp) {
        memcpy(&bound, gpp, sizeof bound);
        printf("glibc_order=%s\n", bound == exe ? "std" : bound == gmine ? "self-first" : "other");
    }
    return 0;
}

static int cmd_once(const struct opts *o, char **envp) {
    int elfld = o->elfld;
    struct loaded l = {0, 0};
    /* Settle one-time costs that are not the loader's: stdio buffer, vDSO clock, malloc. */
    printf("loader=%s\n", elfld ? "elfld" : "glibc");
    fflush(stdout);
    (void)now_ns();
    (void)heap_live();
    if (elfld) {
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        bench_do_ctx(o, envp);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("ctx");
    }
    load_deps(o, elfld);
    size_t hook0 = H.live;
    H.peak = H.live;
    size_t h0 = heap_live();
    marker("BENCH_BEGIN");
    uint64_t t0 = now_ns();
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    struct elfld_diag d;
    memset(&d, 0, sizeof d);
    int rc = bench_do_load(o, elfld, &l, &d);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("load");
    uint64_t t1 = now_ns();
    marker("BENCH_END");
    size_t h1 = heap_live();
    if (rc != 0) {
        if (elfld)
            die("%s", d.message[0] ? d.message : elfld_strerror(d.code));
        die("%s", dlerror());
    }
    printf("ns=%llu\n", (unsigned long long)(t1 - t0));
    printf("heap=%lld\n", (long long)h1 - (long long)h0);
    if (elfld && o->heap_hooks) {
        printf("heap_hook=%zu\n", H.live - hook0);
        printf("heap_peak_hook=%zu\n", H.peak - hook0);
    }
    do_check(o, elfld, &l);
    fflush(stdout);
    _exit(0); /* no destructors, no unload: the process only measured one load */
}

/* Mappings in /proc/self/maps: total count, and how many mention `path` or overlap
 * [lo, hi). */
static void scan_maps(const char *path, uintptr_t lo, uintptr_t hi, long *total, long *hits) {
    *total = *hits = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        (*total)++;
        unsigned long a, b;
        if (path && strstr(line, path))
            (*hits)++;
        else if (hi > lo && sscanf(line, "%lx-%lx", &a, &b) == 2 && a < hi && b > lo)
            (*hits)++;
    }
    fclose(f);
}

static const char *base_name(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int cmd_loop(const struct opts *o, char **envp) {
    int elfld = o->elfld;
    if (elfld)
        bench_do_ctx(o, envp);
    load_deps(o, elfld);
    uint64_t *tl = calloc((size_t)o->iters, sizeof *tl);
    uint64_t *tu = calloc((size_t)o->iters, sizeof *tu);
    if (!tl || !tu)
        die("out of memory%s", "");
    /* A real path for glibc: what /proc/self/maps shows. */
    char real[4096];
    if (!realpath(o->lib, real))
        snprintf(real, sizeof real, "%s", o->lib);
    long maps_before, dummy;
    scan_maps(NULL, 0, 0, &maps_before, &dummy);
    uintptr_t lo = 0, hi = 0;
    for (long i = 0; i < o->iters; i++) {
        struct loaded l = {0, 0};
        uint64_t t0 = now_ns();
        load_or_die(o, elfld, &l);
        uint64_t t1 = now_ns();
        if (elfld) {
            lo = elfld_base(l.el);
            hi = lo + elfld_size(l.el);
        }
        bench_do_unload(elfld, &l);
        uint64_t t2 = now_ns();
        tl[i] = t1 - t0;
        tu[i] = t2 - t1;
    }
    long maps_after, left;
    /* glibc: any mapping of the file left?  elfld: anything left over its last image range?
     * (either way the number of mappings must be back to where it started) */
    if (elfld)
        scan_maps(NULL, lo, hi, &maps_after, &left);
    else
        scan_maps(base_name(real), 0, 0, &maps_after, &left);
    qsort(tl, (size_t)o->iters, sizeof *tl, cmp_u64);
    qsort(tu, (size_t)o->iters, sizeof *tu, cmp_u64);
    size_t m = (size_t)o->iters / 2;
    printf("load_med=%llu\nload_min=%llu\nload_max=%llu\n", (unsigned long long)tl[m],
           (unsigned long long)tl[0], (unsigned long long)tl[o->iters - 1]);
    printf("unload_med=%llu\nunload_min=%llu\nunload_max=%llu\n", (unsigned long long)tu[m],
           (unsigned long long)tu[0], (unsigned long long)tu[o->iters - 1]);
    printf("maps_before=%ld\nmaps_after=%ld\nleft=%ld\n", maps_before, maps_after, left);
    printf("unmapped=%s\n", left == 0 && maps_after <= maps_before ? "yes" : "no");
    fflush(stdout);
    _exit(0);
}

static char **read_names(const char *path, size_t *count) {
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open %s", path);
    size_t n = 0, cap = 1024;
    char **v = malloc(cap * sizeof *v);
    char line[1024];
    while (v && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0])
            continue;
        if (n == cap) {
            cap *= 2;
            char **nv = realloc(v, cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        v[n++] = strdup(line);
    }
    fclose(f);
    if (!v)
        die("out of memory%s", "");
    *count = n;
    return v;
}

static volatile uintptr_t sink;

__attribute__((noinline)) static double time_lookups(int elfld, const struct loaded *l,
                                                     char **names, size_t n) {
    uintptr_t acc = 0;
    uint64_t t0 = now_ns();
    for (size_t i = 0; i < n; i++)
        acc += (uintptr_t)lookup(elfld, l, names[i]);
    uint64_t t1 = now_ns();
    sink = acc;
    return (double)(t1 - t0) / (double)n;
}

static int cmd_sym(const struct opts *o, char **envp) {
    if (!o->names)
        die("sym needs --names%s", "");
    size_t n;
    char **hits = read_names(o->names, &n);
    if (n == 0)
        die("no names in %s", o->names);
    char **miss = malloc(n * sizeof *miss);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(hits[i]);
        miss[i] = malloc(len + 4);
        memcpy(miss[i], hits[i], len);
        memcpy(miss[i] + len, "_nx", 4);
    }
    bench_do_ctx(o, envp);
    struct loaded le = {0, 0}, lg = {0, 0};
    struct opts oe = *o, og = *o;
    oe.elfld = 1;
    og.elfld = 0;
    load_deps(&oe, 1);
    load_or_die(&oe, 1, &le);
    load_deps(&og, 0);
    load_or_die(&og, 0, &lg);

    /* Keep the names both loaders find (default version only), and check they agree. */
    uintptr_t be = bias(1, &le), bg = bias(0, &lg);
    size_t k = 0, only_e = 0, only_g = 0, disagree = 0;
    for (size_t i = 0; i < n; i++) {
        void *pe = lookup(1, &le, hits[i]), *pg = lookup(0, &lg, hits[i]);
        if (pe && pg) {
            if ((uintptr_t)pe - be != (uintptr_t)pg - bg)
                disagree++;
            hits[k] = hits[i];
            miss[k] = miss[i];
            k++;
        } else if (pe) {
            only_e++;
        } else if (pg) {
            only_g++;
        }
    }
    size_t false_hits = 0;
    for (size_t i = 0; i < k; i++)
        if (lookup(1, &le, miss[i]) || lookup(0, &lg, miss[i]))
            false_hits++;
    printf("names=%zu\nhits_both=%zu\nonly_elfld=%zu\nonly_glibc=%zu\ndisagree=%zu\n"
           "miss_found=%zu\n", n, k, only_e, only_g, disagree, false_hits);
    if (k == 0)
        die("no name is found by both loaders%s", "");

    if (o->ir) {
        /* Under callgrind: one pass of each kind, each in its own dump. */
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        time_lookups(1, &le, hits, k);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("elfld_hit");
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        time_lookups(0, &lg, hits, k);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("glibc_hit");
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        time_lookups(1, &le, miss, k);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("elfld_miss");
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        time_lookups(0, &lg, miss, k);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("glibc_miss");
        fflush(stdout);
        _exit(0);
    }
    size_t reps = (size_t)o->reps;
    double *eh = calloc(reps, sizeof(double)), *gh = calloc(reps, sizeof(double));
    double *em = calloc(reps, sizeof(double)), *gm = calloc(reps, sizeof(double));
    /* warm-up, then alternate so drift hits both the same */
    time_lookups(1, &le, hits, k);
    time_lookups(0, &lg, hits, k);
    time_lookups(1, &le, miss, k);
    time_lookups(0, &lg, miss, k);
    for (size_t r = 0; r < reps; r++) {
        eh[r] = time_lookups(1, &le, hits, k);
        gh[r] = time_lookups(0, &lg, hits, k);
        em[r] = time_lookups(1, &le, miss, k);
        gm[r] = time_lookups(0, &lg, miss, k);
    }
    qsort(eh, reps, sizeof(double), cmp_dbl);
    qsort(gh, reps, sizeof(double), cmp_dbl);
    qsort(em, reps, sizeof(double), cmp_dbl);
    qsort(gm, reps, sizeof(double), cmp_dbl);
    size_t m = reps / 2;
    printf("elfld_hit_med=%.2f\nelfld_hit_min=%.2f\nelfld_hit_max=%.2f\n", eh[m], eh[0],
           eh[reps - 1]);
    printf("glibc_hit_med=%.2f\nglibc_hit_min=%.2f\nglibc_hit_max=%.2f\n", gh[m], gh[0],
           gh[reps - 1]);
    printf("elfld_miss_med=%.2f\nelfld_miss_min=%.2f\nelfld_miss_max=%.2f\n", em[m], em[0],
           em[reps - 1]);
    printf("glibc_miss_med=%.2f\nglibc_miss_min=%.2f\nglibc_miss_max=%.2f\n", gm[m], gm[0],
           gm[reps - 1]);
    fflush(stdout);
    _exit(0);
}

static double time_tls(long (*loop)(long), long n, long *sum) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    *sum = loop(n);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
}

static int cmd_tls(const struct opts *o, char **envp) {
    bench_do_ctx(o, envp);
    struct loaded le = {0, 0}, lg = {0, 0};
    struct opts oe = *o, og = *o;
    oe.elfld = 1;
    og.elfld = 0;
    load_or_die(&oe, 1, &le);
    load_or_die(&og, 0, &lg);
    long (*fe)(long) = (long (*)(long))lookup(1, &le, "tls_loop");
    long (*fg)(long) = (long (*)(long))lookup(0, &lg, "tls_loop");
    if (!fe || !fg)
        die("no tls_loop in %s", o->lib);
    long n = o->iters > 0 ? o->iters : 1000000, se, sg;
    size_t reps = (size_t)(o->reps > 0 ? o->reps : 21);
    double *te = calloc(reps, sizeof(double)), *tg = calloc(reps, sizeof(double));
    time_tls(fe, n, &se);              /* warm-up: blocks made, caches filled */
    time_tls(fg, n, &sg);
    if (o->ir) {
        /* Under callgrind: one pass of each loader, each in its own dump. */
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        se = fe(n);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("elfld_tls");
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
        sg = fg(n);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT("glibc_tls");
        printf("elfld_sum=%ld\nglibc_sum=%ld\naccesses=%ld\n", se, sg, n);
        fflush(stdout);
        _exit(0);
    }
    for (size_t r = 0; r < reps; r++) {
        te[r] = time_tls(fe, n, &se);
        tg[r] = time_tls(fg, n, &sg);
    }
    qsort(te, reps, sizeof(double), cmp_dbl);
    qsort(tg, reps, sizeof(double), cmp_dbl);
    printf("elfld_med=%.3f\nelfld_min=%.3f\nglibc_med=%.3f\nglibc_min=%.3f\n", te[reps / 2],
           te[0], tg[reps / 2], tg[0]);
    printf("elfld_sum=%ld\nglibc_sum=%ld\naccesses=%ld\n", se, sg, n);
    fflush(stdout);
    _exit(0);
}

int main(int argc, char **argv, char **envp) {
    struct opts o;
    parse(argc, argv, &o);
    if (!strcmp(o.cmd, "probe"))
        return cmd_probe(&o, envp);
    if (!strcmp(o.cmd, "once"))
        return cmd_once(&o, envp);
    if (!strcmp(o.cmd, "loop"))
        return cmd_loop(&o, envp);
    if (!strcmp(o.cmd, "sym"))
        return cmd_sym(&o, envp);
    if (!strcmp(o.cmd, "tls"))
        return cmd_tls(&o, envp);
    die("unknown command %s", o.cmd);
    return 3;
}
