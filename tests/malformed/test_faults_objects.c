/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_faults_objects.c - fault injection for object and archive loads, one hook at a time.
 *
 * A host layered over the count host (tests/common/count_host.h) makes the k-th call to ONE
 * hook fail - alloc (NULL), reserve (NULL), protect (-1), open (ELFLD_EIO), resolve ("not
 * found"), read_source (ELFLD_EIO) - for k = 1, 2, ... until a load completes without reaching k.  Scenarios:
 *   objects   mo_a.o + mo_b.o by name (a call across objects, COMMON merged from both, a
 *             constructor, strlen from the host, GOT and .data.rel.ro), lazy and now
 *   archive   mo_ar_main.o + libmo.a by name, opts.require = mo_ar_required_value: members
 *             pulled over two passes (the long-named one comes first), the unused one left out;
 *             lazy and now, and once more from memory
 *   hybrid    elfld_open(mo_hyb_lib.so) + elfld_open_objects(mo_hyb_obj.o) + elfld_link of
 *             both (calls in both directions), lazy and now
 * After each injected failure: the exact code (ENOMEM, ENOMEM, EPROTECT, EIO, ENOSYM, EIO), a
 * diagnostic with that code, every reservation / allocation / blob given back (count host
 * snapshot), no library left in the context, and then the same load succeeds on the same
 * context and computes the right values.  A failure a load absorbs (rc 0) must still give a
 * working image.  The host's system_images hook is removed so that undefined symbols reach
 * host->resolve.
 *
 * Usage: test_faults_objects OBJ_DIR TOOLCHAIN
 *   OBJ_DIR holds mo_a-T.o mo_b-T.o mo_ar_main-T.o libmo-T.a mo_hyb_obj-T.o mo_hyb_lib-T.so
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_K 20000

enum hook { H_ALLOC, H_RESERVE, H_PROTECT, H_OPEN, H_RESOLVE, H_READ, NHOOKS };
static const char *const hook_name[NHOOKS] = {"alloc", "reserve", "protect", "open", "resolve",
                                              "read_source"};
static const int hook_code[NHOOKS] = {ELFLD_ENOMEM, ELFLD_ENOMEM, ELFLD_EPROTECT, ELFLD_EIO,
                                      ELFLD_ENOSYM, ELFLD_EIO};

/* ------------------------------------------------------------------ the faulty host */
static struct {
    struct elfld_host inner;       /* the count host's hooks */
    int hook;                      /* armed hook, or -1 */
    long k, calls, injected;
} F = {.hook = -1};

static int inject(int hook)
{
    if (F.hook != hook)
        return 0;
    if (++F.calls != F.k)
        return 0;
    F.injected++;
    return 1;
}

static void *f_alloc(void *user, size_t size)
{
    return inject(H_ALLOC) ? NULL : F.inner.alloc(user, size);
}

static void *f_reserve(void *user, size_t size, size_t align)
{
    return inject(H_RESERVE) ? NULL : F.inner.reserve(user, size, align);
}

static int f_protect(void *user, void *addr, size_t size, unsigned prot)
{
    return inject(H_PROTECT) ? -1 : F.inner.protect(user, addr, size, prot);
}

static int f_open(void *user, const char *name, struct elfld_blob *out)
{
    return inject(H_OPEN) ? ELFLD_EIO : F.inner.open(user, name, out);
}

static int f_resolve(void *user, const char *name, const char *version, struct elfld_found *out)
{
    return inject(H_RESOLVE) ? 0 : F.inner.resolve(user, name, version, out);
}

/* The POSIX host opens without a view: object files and archives are read whole. */
static int f_read_source(void *user, const struct elfld_blob *blob, size_t offset, void *dst,
                         size_t size)
{
    return inject(H_READ) ? ELFLD_EIO : F.inner.read_source(user, blob, offset, dst, size);
}

struct fenv {
    struct tu_env env;             /* count host; env.ctx is built on `host` below */
    struct elfld_host host;
};

static int fenv_setup(void **state)
{
    struct fenv *fe = calloc(1, sizeof *fe);
    assert_non_null(fe);
    tu_env_init(&fe->env);
    F.inner = fe->env.host;
    fe->host = fe->env.host;
    fe->host.alloc = f_alloc;
    fe->host.reserve = f_reserve;
    fe->host.protect = f_protect;
    fe->host.open = f_open;
    fe->host.resolve = f_resolve;
    fe->host.read_source = f_read_source;
    fe->host.system_images = NULL;     /* undefined symbols go through host->resolve */
    assert_int_equal(elfld_ctx_create(&fe->host, &fe->env.ctx), 0);
    *state = fe;
    return 0;
}

static int fenv_teardown(void **state)
{
    struct fenv *fe = *state;
    F.hook = -1;
    tu_env_destroy(&fe->env);          /* asserts nothing is left */
    free(fe);
    return 0;
}

/* ------------------------------------------------------------------ fixtures and scenarios */
static char path_a[4096], path_b[4096], path_armain[4096], path_lib_a[4096], path_hobj[4096],
    path_hlib[4096];

static void fixture_path(char *out, const char *name, const char *ext)
{
    snprintf(out, 4096, "%s/%s-%s.%s", tu_fixture_dir, name, tu_toolchain, ext);
}

static struct elfld_input named(const char *path, unsigned flags)
{
    struct elfld_input in = {path, NULL, 0, flags};
    return in;
}

/* An operation: fills libs (references the caller releases) and returns the rc. */
typedef int (*op_fn)(elfld_ctx *ctx, unsigned flags, struct elfld_diag *d, elfld_lib **libs,
                     size_t *n);
/* Checks a successful operation's result. */
typedef void (*verify_fn)(elfld_lib **libs, size_t n);

static int op_objects(elfld_ctx *ctx, unsigned flags, struct elfld_diag *d, elfld_lib **libs,
                      size_t *n)
{
    struct elfld_input in[2] = {named(path_a, 0), named(path_b, 0)};
    struct elfld_opts o = tu_opts(flags, d);
    int rc = elfld_load_objects(ctx, in, 2, &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

static void verify_objects(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    int (*entry)(const char *) = (int (*)(const char *))tu_sym(libs[0], "mo_entry");
    /* strlen("ab") = 2: mo_b_mul(2) = 6 + 1 + 0, table[2] = 3, data 7, common 0, ctor 1 */
    assert_int_equal(entry("ab"), 6 + 1 + 3 + 7 + 0 + 1);
    struct elfld_syminfo si;
    assert_int_equal(elfld_sym_info(libs[0], "mo_common", NULL, &si), 0);
    assert_int_equal(si.size, sizeof(long));   /* the larger COMMON won */
}

static int op_archive(elfld_ctx *ctx, unsigned flags, struct elfld_diag *d, elfld_lib **libs,
                      size_t *n)
{
    static const char *const require[] = {"mo_ar_required_value"};
    struct elfld_input in[2] = {named(path_armain, 0), named(path_lib_a, 0)};
    struct elfld_opts o = tu_opts(flags, d);
    o.require = require;
    o.require_count = 1;
    int rc = elfld_load_objects(ctx, in, 2, &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

/* The same inputs from memory (no open): member names come from the archive itself. */
static unsigned char *mem_armain, *mem_lib_a;
static size_t size_armain, size_lib_a;

static int op_archive_mem(elfld_ctx *ctx, unsigned flags, struct elfld_diag *d, elfld_lib **libs,
                          size_t *n)
{
    static const char *const require[] = {"mo_ar_required_value"};
    struct elfld_input in[2] = {{"mo_ar_main.o", mem_armain, size_armain, 0},
                                {"libmo.a", mem_lib_a, size_lib_a, 0}};
    struct elfld_opts o = tu_opts(flags, d);
    o.require = require;
    o.require_count = 1;
    int rc = elfld_load_objects(ctx, in, 2, &o, &libs[0]);
    *n = rc == 0;
    return rc;
}

static void verify_archive(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 1);
    int (*entry)(int) = (int (*)(int))tu_sym(libs[0], "mo_ar_entry");
    assert_int_equal(entry(1), (1 + 10) * 2 + 1);
    assert_int_equal(*(int *)tu_sym(libs[0], "mo_ar_required_value"), 42);
    assert_null(elfld_sym(libs[0], "mo_ar_unused"));
}

static int op_hybrid(elfld_ctx *ctx, unsigned flags, struct elfld_diag *d, elfld_lib **libs,
                     size_t *n)
{
    struct elfld_opts o = tu_opts(flags, d);
    int rc = elfld_open(ctx, path_hlib, &o, &libs[0]);
    if (rc)
        return rc;
    *n = 1;
    struct elfld_input in = named(path_hobj, 0);
    o = tu_opts(flags, d);
    if ((rc = elfld_open_objects(ctx, &in, 1, &o, &libs[1])))
        return rc;
    *n = 2;
    return elfld_link(ctx, libs, 2, d);
}

static void verify_hybrid(elfld_lib **libs, size_t n)
{
    assert_int_equal(n, 2);
    int (*entry)(int) = (int (*)(int))tu_sym(libs[1], "mo_hyb_entry");
    assert_int_equal(entry(1), (1 + 1 + 100) * 2);
}

static void release_all(elfld_lib **libs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        elfld_release(libs[i]);
}

/* Run `op` once, unarmed, and check it works and leaves the context as it found it. */
static void run_clean(struct fenv *fe, op_fn op, verify_fn verify, unsigned flags,
                      const char *what)
{
    struct tu_snap before = tu_snap_take(&fe->env);
    elfld_lib *libs[2] = {NULL, NULL};
    size_t n = 0;
    struct elfld_diag d;
    int rc = op(fe->env.ctx, flags, &d, libs, &n);
    if (rc != 0)
        fail_msg("%s: the load without a fault failed: %d (%s): %s", what, rc,
                 elfld_strerror(rc), d.message);
    verify(libs, n);
    release_all(libs, n);
    tu_snap_assert_same(&fe->env, before);
    assert_null(elfld_next(fe->env.ctx, NULL));
}

/* For each hook: k = 1, 2, ... until the load no longer reaches a k-th call. */
/* Returns how many injected failures the load absorbed, over all hooks. */
static long run_faults(struct fenv *fe, op_fn op, verify_fn verify, unsigned flags,
                       const char *what)
{
    long total = 0, absorbed_all = 0;
    char summary[256] = "";
    run_clean(fe, op, verify, flags, what);
    for (int h = 0; h < NHOOKS; h++) {
        long k, absorbed = 0;
        for (k = 1; k <= MAX_K; k++) {
            struct tu_snap before = tu_snap_take(&fe->env);
            elfld_lib *libs[2] = {NULL, NULL};
            size_t n = 0;
            struct elfld_diag d;
            F.hook = h;
            F.k = k;
            F.calls = 0;
            F.injected = 0;
            int rc = op(fe->env.ctx, flags, &d, libs, &n);
            long injected = F.injected;
            F.hook = -1;                       /* cleanup and checks never fail */
            if (injected == 0) {               /* k is past the last call: a clean load */
                if (rc != 0)
                    fail_msg("%s: %s k=%ld: no fault injected but rc=%d (%s): %s", what,
                             hook_name[h], k, rc, elfld_strerror(rc), d.message);
                verify(libs, n);
                release_all(libs, n);
                tu_snap_assert_same(&fe->env, before);
                break;
            }
            if (rc == 0) {                     /* absorbed: the image must still be right */
                absorbed++;
                verify(libs, n);
                release_all(libs, n);
                tu_snap_assert_same(&fe->env, before);
                continue;
            }
            if (rc != hook_code[h])
                fail_msg("%s: %s k=%ld failed: rc=%d (%s), want %d (%s): %s", what,
                         hook_name[h], k, rc, elfld_strerror(rc), hook_code[h],
                         elfld_strerror(hook_code[h]), d.message);
            assert_int_equal(d.code, rc);
            assert_true(d.message[0] != 0);
            release_all(libs, n);              /* a failed group's members are the caller's */
            tu_snap_assert_same(&fe->env, before);
            assert_null(elfld_next(fe->env.ctx, NULL));
            run_clean(fe, op, verify, flags, what);   /* the same load now succeeds */
        }
        if (k > MAX_K)
            fail_msg("%s: %s still failing after %d faults", what, hook_name[h], MAX_K);
        total += k - 1;
        absorbed_all += absorbed;
        size_t len = strlen(summary);
        snprintf(summary + len, sizeof summary - len, " %s=%ld%s", hook_name[h], k - 1,
                 absorbed ? "(some absorbed)" : "");
    }
    print_message("%s:%s (total %ld fault points)\n", what, summary, total);
    assert_true(total > 10);
    return absorbed_all;
}

static void test_objects_lazy(void **s) { run_faults(*s, op_objects, verify_objects, ELFLD_LAZY, "objects lazy"); }
static void test_objects_now(void **s) { run_faults(*s, op_objects, verify_objects, ELFLD_NOW, "objects now"); }
static void test_archive_now(void **s) { run_faults(*s, op_archive, verify_archive, ELFLD_NOW, "archive + require now"); }
static void test_archive_lazy(void **s) { run_faults(*s, op_archive, verify_archive, ELFLD_LAZY, "archive + require lazy"); }
static void test_archive_mem(void **s) { run_faults(*s, op_archive_mem, verify_archive, ELFLD_NOW, "archive from memory"); }
/* The hybrid link absorbs a resolve() failure (the name is found in the other library after
 * the host says "not found"): the absorbed branch is taken there. */
static void test_hybrid_lazy(void **s)
{
    assert_true(run_faults(*s, op_hybrid, verify_hybrid, ELFLD_LAZY, "hybrid lazy") >= 1);
}
static void test_hybrid_now(void **s)
{
    assert_true(run_faults(*s, op_hybrid, verify_hybrid, ELFLD_NOW, "hybrid now") >= 1);
}

#define FTEST(fn) cmocka_unit_test_setup_teardown(fn, fenv_setup, fenv_teardown)

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 3) {
        fprintf(stderr, "usage: %s OBJ_DIR TOOLCHAIN\n", argv[0]);
        return 2;
    }
    fixture_path(path_a, "mo_a", "o");
    fixture_path(path_b, "mo_b", "o");
    fixture_path(path_armain, "mo_ar_main", "o");
    fixture_path(path_lib_a, "libmo", "a");
    fixture_path(path_hobj, "mo_hyb_obj", "o");
    fixture_path(path_hlib, "mo_hyb_lib", "so");
    const struct CMUnitTest tests[] = {
        FTEST(test_objects_lazy), FTEST(test_objects_now), FTEST(test_archive_now),
        FTEST(test_archive_lazy), FTEST(test_archive_mem),
        FTEST(test_hybrid_lazy), FTEST(test_hybrid_now),
    };
    mem_armain = tu_read_file(path_armain, &size_armain);
    mem_lib_a = tu_read_file(path_lib_a, &size_lib_a);
    int failed = cmocka_run_group_tests_name("faults-objects", tests, NULL, NULL);
    free(mem_armain);
    free(mem_lib_a);
    return failed;
}
