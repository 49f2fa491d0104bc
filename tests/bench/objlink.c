/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * objlink.c - the measuring program of the object-link benchmark (objlink.py drives it): one
 * loader (objlink.h; the program is built once per loader) links a set of relocatable objects
 * - or dlopen loads the shared object a static linker made of them - and the first call into
 * the result is checked, in this fresh process.
 *
 *   objlink-LOADER --check zlib|gen|sqlite3 [--force SYM]... INPUT...
 *
 * Two measured regions, each bracketed by callgrind client requests (collection on only inside,
 * one dump each: "start", "link"; no-ops outside valgrind) and timed with CLOCK_MONOTONIC:
 *   start   the loader's start(): libelfld context, LLJIT instance (nothing for dlopen)
 *   link    link(INPUTS), the lookup of every --force symbol (one defined function of each
 *           object, so a loader that links on demand - LLJIT - links every object, as the
 *           others do), then the first call(s) the check makes
 * Prints key=value lines: start_ns, link_ns, check=<what the calls returned>, rss_peak_kb
 * (VmHWM of the whole process), and with objlink_heap.so preloaded heap_peak / heap_start_peak
 * (malloc bytes above the level before start(): at most, during start+link / during start).
 * Exits 3 with error=<message> when a step fails.
 */
#ifndef _GNU_SOURCE /* llvm-config --cflags defines it too */
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

#include "objlink.h"

#define MAX_FORCE 4096

static char err[512];

static void die(const char *what) {
    printf("error=%s%s%s\n", what, err[0] ? ": " : "", err);
    fflush(stdout);
    _exit(3);
}

static long vm_hwm_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

static void *need(const char *name) {
    void *p = objlink_loader.sym(name, err, sizeof err);
    if (!p) {
        static char what[160];
        snprintf(what, sizeof what, "symbol %s", name);
        die(what);
    }
    return p;
}

/* ------------------------------------------------------------------ first calls */
/* Function pointers from data pointers: memcpy, as POSIX's dlsym users do. */
#define FN(var, name) do { void *p_ = need(name); memcpy(&(var), &p_, sizeof(var)); } while (0)

static char check[256];

/* zlib: CRC-32 of "123456789" and Adler-32 of "Wikipedia"; objlink.py compares them with the
 * check values of the two definitions (0xCBF43926, 0x11E60398). */
static void check_zlib(void) {
    typedef unsigned long (*sum_fn)(unsigned long, const unsigned char *, unsigned);
    sum_fn crc, adler;
    FN(crc, "crc32");
    FN(adler, "adler32");
    unsigned long c = crc(0, (const unsigned char *)"123456789", 9);
    unsigned long a = adler(1, (const unsigned char *)"Wikipedia", 9);
    snprintf(check, sizeof check, "crc32:%08lx,adler32:%08lx", c, a);
}

/* The generated objects (gen_objects.py): their generator computes the same value. */
static void check_gen(void) {
    unsigned long (*entry)(void);
    FN(entry, "gen_entry");
    snprintf(check, sizeof check, "gen_entry:%016lx", entry());
}

/* SQLite: its version number, and one query through sqlite3_exec.  The prototypes are SQLite's
 * documented C interface, with opaque pointers (this program does not include sqlite3.h). */
static char select_out[64];
static int select_row(void *user, int n, char **values, char **names) {
    (void)user, (void)names;
    snprintf(select_out, sizeof select_out, "%s", n > 0 && values[0] ? values[0] : "NULL");
    return 0;
}

static void *sqlite_db;
static void (*sqlite_close)(void *);

static void check_sqlite3(void) {
    typedef int (*exec_fn)(void *, const char *, int (*)(void *, int, char **, char **), void *,
                           char **);
    int (*version)(void);
    int (*open)(const char *, void **);
    exec_fn exec;
    FN(version, "sqlite3_libversion_number");
    FN(open, "sqlite3_open");
    FN(exec, "sqlite3_exec");
    FN(sqlite_close, "sqlite3_close");
    int v = version();
    if (open(":memory:", &sqlite_db) != 0)
        die("sqlite3_open(\":memory:\") failed");
    char *msg = NULL;
    int rc = exec(sqlite_db, "select 6*7", select_row, NULL, &msg);
    snprintf(check, sizeof check, "version:%d,select:%s,rc:%d", v, select_out, rc);
}

/* ------------------------------------------------------------------ main */
int main(int argc, char **argv, char **envp) {
    const char *kind = NULL, *inputs[argc], *force[MAX_FORCE];
    int ninputs = 0, nforce = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check") && i + 1 < argc) {
            kind = argv[++i];
        } else if (!strcmp(argv[i], "--force") && i + 1 < argc) {
            if (nforce == MAX_FORCE)
                die("too many --force symbols");
            force[nforce++] = argv[++i];
        } else if (argv[i][0] == '-') {
            die("usage: objlink-LOADER --check zlib|gen|sqlite3 [--force SYM]... INPUT...");
        } else {
            inputs[ninputs++] = argv[i];
        }
    }
    void (*run_check)(void) = NULL;
    if (kind && !strcmp(kind, "zlib"))
        run_check = check_zlib;
    else if (kind && !strcmp(kind, "gen"))
        run_check = check_gen;
    else if (kind && !strcmp(kind, "sqlite3"))
        run_check = check_sqlite3;
    if (!run_check || ninputs == 0)
        die("usage: objlink-LOADER --check zlib|gen|sqlite3 [--force SYM]... INPUT...");

    /* The malloc counter exists only when objlink_heap.so is preloaded (heap runs). */
    size_t (*heap_reset)(void) = (size_t (*)(void))dlsym(RTLD_DEFAULT, "objlink_heap_reset");
    size_t (*heap_peak)(void) = (size_t (*)(void))dlsym(RTLD_DEFAULT, "objlink_heap_peak");

    /* Settle one-time costs that are not the loader's: stdio buffer, vDSO clock. */
    printf("loader=%s\n", objlink_loader.name);
    fflush(stdout);
    (void)now_ns();

    size_t base = heap_reset ? heap_reset() : 0;
    uint64_t t0 = now_ns();
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    int rc = objlink_loader.start(envp, err, sizeof err);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("start");
    uint64_t t1 = now_ns();
    if (rc)
        die("start");
    size_t start_peak = heap_peak ? heap_peak() : 0;

    uint64_t t2 = now_ns();
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    rc = objlink_loader.link(inputs, ninputs, err, sizeof err);
    if (rc == 0) {
        for (int i = 0; i < nforce; i++)
            (void)need(force[i]);
        run_check();
    }
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("link");
    uint64_t t3 = now_ns();
    if (rc)
        die("link");
    size_t peak = heap_peak ? heap_peak() : 0;

    if (sqlite_db)
        sqlite_close(sqlite_db);
    printf("start_ns=%llu\n", (unsigned long long)(t1 - t0));
    printf("link_ns=%llu\n", (unsigned long long)(t3 - t2));
    printf("check=%s\n", check);
    printf("forced=%d\n", nforce);
    if (heap_peak) {
        printf("heap_start_peak=%zu\n", start_peak - base);
        printf("heap_peak=%zu\n", peak - base);
    }
    printf("rss_peak_kb=%ld\n", vm_hwm_kb());
    fflush(stdout);
    _exit(0); /* no destructors, no unload: the process only measured one link */
}
