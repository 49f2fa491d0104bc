/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_lazy.c - integration: lazy binding (fixtures/lazy.c, lazynow = the same with -z now,
 * lazyfail.c).
 *
 * Why: the lazy trampoline runs between a caller that has loaded every argument register and
 * a callee that expects them untouched.  The functions here take more integer and vector
 * arguments than there are registers, return float/double, use varargs and 256-bit vectors;
 * the test-supplied callees record every argument, so one clobbered argument register is one
 * failing assertion.  What C does not name is not seen here: x86_64's variadic callee reads
 * %al only as zero / non-zero (its va_start prologue skips saving the vector registers when
 * %al is 0), so a trampoline that loses %rax passes unless %al happens to become 0; %rax in
 * full, %r10, x8 and every other argument register at full width are test_regprobe.c's.
 * To make clobbering certain rather than luck, the pre_find callback (which runs inside the
 * binding path) deliberately trashes every caller-saved register, vector upper halves
 * included.  Counting pre_find calls shows when binding happens: at the first call (lazy), at
 * load (ELFLD_NOW or DF_BIND_NOW), and never again after the GOT slot is patched.
 * A DT_PLTGOT that is not word-aligned cannot hold the backend's resolver words: the library
 * is bound at load instead, from memory and by path alike.
 */
#define _GNU_SOURCE /* mkstemp under c_std=c11 */
#include <elf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* ---------------------------------------------------------------- callees */
static struct {
    long i[10];
    double d[10];
    float fa;
    double fb;
    int fc;
    int vn;
    long vl[3];
    double vd[3];
} rec;

static double ext_many(long i1, long i2, long i3, long i4, long i5, long i6, long i7, long i8,
                       long i9, long i10, double d1, double d2, double d3, double d4, double d5,
                       double d6, double d7, double d8, double d9, double d10)
{
    long iv[10] = {i1, i2, i3, i4, i5, i6, i7, i8, i9, i10};
    double dv[10] = {d1, d2, d3, d4, d5, d6, d7, d8, d9, d10};
    memcpy(rec.i, iv, sizeof iv);
    memcpy(rec.d, dv, sizeof dv);
    double r = 0;
    for (int k = 0; k < 10; k++)
        r += (double)iv[k] * (k + 1) + dv[k] * (k + 11);
    return r;
}

static float ext_float(float a, double b, int c)
{
    rec.fa = a;
    rec.fb = b;
    rec.fc = c;
    return a * 2.0f + (float)b + (float)c;
}

static long ext_variadic(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    rec.vn = n;
    long r = 0;
    for (int k = 0; k < n / 2 && k < 3; k++) {
        rec.vl[k] = va_arg(ap, long);
        rec.vd[k] = va_arg(ap, double);
        r += rec.vl[k] * 10 + (long)(rec.vd[k] * 4);
    }
    va_end(ap);
    return r;
}

static int expected_many_sum(long k, double x, double *out)
{
    double r = 0;
    for (int j = 0; j < 10; j++)
        r += (double)(k + j + 1) * (j + 1) + (x + (j + 1)) * (j + 11);
    *out = r;
    return 0;
}

/* The 256-bit vector part is x86_64-only by construction (ymm registers, and asm on both
 * sides): on every other arch test_avx_upper_halves is not built at all (not skipped), and the
 * lazy tests there check the integer and FP argument registers through lazy_many / lazy_float /
 * lazy_variadic with the portable clobbering below. */
#if defined(__x86_64__)
#define HAVE_AVX_TEST 1
/* ext_avx(%ymm0 = a, %ymm1 = b) -> %ymm0 = a + b, recording a and b: in assembly so that the
 * register convention does not depend on the compiler (see fixtures/lazy.c). */
float elfld_test_avx_a[8], elfld_test_avx_b[8];
extern char elfld_test_ext_avx[];
__asm__(".text\n"
        ".type elfld_test_ext_avx, @function\n"
        "elfld_test_ext_avx:\n"
        "    vmovups %ymm0, elfld_test_avx_a(%rip)\n"
        "    vmovups %ymm1, elfld_test_avx_b(%rip)\n"
        "    vaddps %ymm1, %ymm0, %ymm0\n"
        "    ret\n"
        ".size elfld_test_ext_avx, .-elfld_test_ext_avx\n");

/* Trash every vector register, upper halves included (vzeroall), then fill the low halves
 * with all-ones: a trampoline that saves only xmm (or nothing) loses data. */
__attribute__((target("avx"))) static void clobber_vectors(void)
{
    __asm__ volatile("vzeroall\n\t"
                     "pcmpeqd %%xmm0, %%xmm0\n\tpcmpeqd %%xmm1, %%xmm1\n\t"
                     "pcmpeqd %%xmm2, %%xmm2\n\tpcmpeqd %%xmm3, %%xmm3\n\t"
                     "pcmpeqd %%xmm4, %%xmm4\n\tpcmpeqd %%xmm5, %%xmm5\n\t"
                     "pcmpeqd %%xmm6, %%xmm6\n\tpcmpeqd %%xmm7, %%xmm7\n\t"
                     ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                         "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

static void clobber_sse(void)
{
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\tpcmpeqd %%xmm1, %%xmm1\n\t"
                     "pcmpeqd %%xmm2, %%xmm2\n\tpcmpeqd %%xmm3, %%xmm3\n\t"
                     "pcmpeqd %%xmm4, %%xmm4\n\tpcmpeqd %%xmm5, %%xmm5\n\t"
                     "pcmpeqd %%xmm6, %%xmm6\n\tpcmpeqd %%xmm7, %%xmm7\n\t"
                     ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7");
}

/* Every integer argument register, %rax (the varargs vector count) and the scratch ones. */
static void clobber_ints(void)
{
    __asm__ volatile("mov $-1, %%rax\n\tmov $-1, %%rdi\n\tmov $-1, %%rsi\n\tmov $-1, %%rdx\n\t"
                     "mov $-1, %%rcx\n\tmov $-1, %%r8\n\tmov $-1, %%r9\n\tmov $-1, %%r10\n\t"
                     "mov $-1, %%r11\n\t"
                     ::: "rax", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10", "r11");
}
#endif

/* ---------------------------------------------------------------- portable clobbering
 * For every arch (x86_64 adds its asm above): pre_find runs inside the lazy binding path, so
 * whatever it leaves in the argument registers is what a trampoline that fails to save them
 * would pass on.  A call through a volatile function pointer with 10 integer and 10 double
 * arguments of garbage loads every integer and FP argument register of every calling
 * convention here (x0-x7/d0-d7, r0-r3/d0-d7, a0-a7/fa0-fa7, ...), and the callee's mixed FP and
 * integer work (16 live accumulators of each) overwrites the other caller-saved registers.
 * noinline and the volatile pointer keep the compiler from propagating or dropping any of it. */
volatile double elfld_test_clobber_d;
volatile long elfld_test_clobber_l;

__attribute__((noinline)) void elfld_test_clobber(long a1, long a2, long a3, long a4, long a5,
                                                  long a6, long a7, long a8, long a9, long a10,
                                                  double d1, double d2, double d3, double d4,
                                                  double d5, double d6, double d7, double d8,
                                                  double d9, double d10);
__attribute__((noinline)) void elfld_test_clobber(long a1, long a2, long a3, long a4, long a5,
                                                  long a6, long a7, long a8, long a9, long a10,
                                                  double d1, double d2, double d3, double d4,
                                                  double d5, double d6, double d7, double d8,
                                                  double d9, double d10)
{
    long li[10] = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10};
    double ld[10] = {d1, d2, d3, d4, d5, d6, d7, d8, d9, d10};
    double acc[16];
    unsigned long iacc[16];
    for (int k = 0; k < 16; k++) {
        acc[k] = ld[k % 10] * 1.0000001 + k;
        iacc[k] = (unsigned long)li[k % 10] ^ (0x9e3779b9UL * (unsigned long)(k + 1));
    }
    for (int r = 0; r < 32; r++)
        for (int k = 0; k < 16; k++) {
            acc[k] = acc[k] * 0.999 + acc[(k + 5) & 15] * 0.001 - acc[(k + 11) & 15] * 1e-6;
            iacc[k] = iacc[k] * 31u + (iacc[(k + 3) & 15] >> 3) + (unsigned long)r;
        }
    double sd = 0;
    unsigned long sl = 0;
    for (int k = 0; k < 16; k++) {
        sd += acc[k];
        sl ^= iacc[k];
    }
    elfld_test_clobber_d = sd;
    elfld_test_clobber_l = (long)sl;
}

static void (*volatile clobber_call)(long, long, long, long, long, long, long, long, long, long,
                                     double, double, double, double, double, double, double,
                                     double, double, double) = elfld_test_clobber;

static void clobber_portable(void)
{
    clobber_call(-0x5a5a5a5, -0x5a5a5a6, -0x5a5a5a7, -0x5a5a5a8, -0x5a5a5a9, -0x5a5a5aa,
                 -0x5a5a5ab, -0x5a5a5ac, -0x5a5a5ad, -0x5a5a5ae, -1.0e300, -2.0e300, -3.0e300,
                 -4.0e300, -5.0e300, -6.0e300, -7.0e300, -8.0e300, -9.0e300, -1.0e299);
}

/* ---------------------------------------------------------------- pre_find */
enum { F_MANY, F_FLOAT, F_VARIADIC, F_AVX, F_COUNT };
static const char *const fnames[F_COUNT] = {"ext_many", "ext_float", "ext_variadic", "ext_avx"};

struct finder {
    int calls[F_COUNT];
    int others;        /* names we do not supply */
    int bad_version;   /* a version was passed for these unversioned references */
};

static int pre_find(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct finder *f = user;
    clobber_portable();
#if defined(__x86_64__)
    clobber_ints();
    if (__builtin_cpu_supports("avx"))
        clobber_vectors();
    else
        clobber_sse();
#endif
    if (version != NULL)
        f->bad_version++;
    void *addr = NULL;
    int which = -1;
    for (int k = 0; k < F_COUNT; k++)
        if (strcmp(name, fnames[k]) == 0)
            which = k;
    switch (which) {
    case F_MANY: addr = (void *)ext_many; break;
    case F_FLOAT: addr = (void *)ext_float; break;
    case F_VARIADIC: addr = (void *)ext_variadic; break;
#ifdef HAVE_AVX_TEST
    case F_AVX: addr = (void *)elfld_test_ext_avx; break;
#endif
    default: f->others++; return 0;
    }
    f->calls[which]++;
    out->addr = addr;
    out->size = 0;
    return 1;
}

static elfld_lib *load_with_finder(struct tu_env *env, const char *fixture, unsigned flags,
                                   struct finder *f)
{
    memset(f, 0, sizeof *f);
    struct elfld_opts o = tu_opts(flags, NULL);
    o.pre_find = pre_find;
    o.find_user = f;
    return tu_load(env, fixture, &o);
}

/* ---------------------------------------------------------------- checks */
typedef double (*many_fn)(long, double);
typedef float (*float_fn)(float);
typedef long (*variadic_fn)(long);

static void check_many(elfld_lib *lib, long k, double x)
{
    many_fn many = (many_fn)tu_sym(lib, "lazy_many");
    memset(&rec, 0, sizeof rec);
    double got = many(k, x), want;
    expected_many_sum(k, x, &want);
    for (int j = 0; j < 10; j++) {
        if (rec.i[j] != k + j + 1)
            fail_msg("integer argument %d: got %ld, want %ld", j + 1, rec.i[j], k + j + 1);
        if (rec.d[j] != x + (j + 1))
            fail_msg("double argument %d: got %g, want %g", j + 1, rec.d[j], x + (j + 1));
    }
    assert_true(got == want);
}

static void check_float(elfld_lib *lib, float a)
{
    float_fn f = (float_fn)tu_sym(lib, "lazy_float");
    memset(&rec, 0, sizeof rec);
    float got = f(a);
    assert_true(rec.fa == a);
    assert_true(rec.fb == 2.5);
    assert_int_equal(rec.fc, 7);
    assert_true(got == a * 2.0f + 2.5f + 7.0f);
}

static void check_variadic(elfld_lib *lib, long k)
{
    variadic_fn f = (variadic_fn)tu_sym(lib, "lazy_variadic");
    memset(&rec, 0, sizeof rec);
    long got = f(k);
    assert_int_equal(rec.vn, 6);
    assert_int_equal(rec.vl[0], k);
    assert_int_equal(rec.vl[1], k + 1);
    assert_int_equal(rec.vl[2], k + 2);
    assert_true(rec.vd[0] == 1.5 && rec.vd[1] == 2.5 && rec.vd[2] == 3.5);
    assert_int_equal(got, (k * 10 + 6) + ((k + 1) * 10 + 10) + ((k + 2) * 10 + 14));
}

static void assert_calls(const struct finder *f, int many, int flt, int var)
{
    assert_int_equal(f->calls[F_MANY], many);
    assert_int_equal(f->calls[F_FLOAT], flt);
    assert_int_equal(f->calls[F_VARIADIC], var);
    assert_int_equal(f->others, 0);
    assert_int_equal(f->bad_version, 0);
}

/* ELFLD_LAZY: nothing is bound at load; each function is bound at its first call, exactly
 * once; the second call goes through the patched GOT slot (pre_find not consulted again). */
static void test_lazy(void **state)
{
    struct tu_env *env = *state;
    struct finder f;
    elfld_lib *lib = load_with_finder(env, "lazy", ELFLD_LAZY, &f);
    assert_calls(&f, 0, 0, 0);

    check_many(lib, 100, 0.5);
    assert_calls(&f, 1, 0, 0);
    check_many(lib, -50, -2.25);
    assert_calls(&f, 1, 0, 0);

    check_float(lib, 1.25f);
    assert_calls(&f, 1, 1, 0);
    check_float(lib, -3.5f);

    check_variadic(lib, 7);
    assert_calls(&f, 1, 1, 1);
    check_variadic(lib, -1000);
    assert_calls(&f, 1, 1, 1);
    elfld_release(lib);
}

/* ELFLD_NOW: everything bound during the load. */
static void test_now(void **state)
{
    struct tu_env *env = *state;
    struct finder f;
    elfld_lib *lib = load_with_finder(env, "lazy", ELFLD_NOW, &f);
    assert_calls(&f, 1, 1, 1);
#ifdef HAVE_AVX_TEST
    assert_int_equal(f.calls[F_AVX], 1);
#endif
    check_many(lib, 1, 1.0);
    check_float(lib, 0.75f);
    check_variadic(lib, 3);
    assert_calls(&f, 1, 1, 1);
    elfld_release(lib);
}

/* DF_BIND_NOW in the file (-z now) wins over ELFLD_LAZY. */
static void test_df_bind_now(void **state)
{
    struct tu_env *env = *state;
    struct finder f;
    uint64_t flags = 0;
    assert_int_equal(tu_elf_dyn(tu_fixture("lazynow"), 30 /* DT_FLAGS */, &flags), 1);
    assert_true(flags & 0x8 /* DF_BIND_NOW */);
    elfld_lib *lib = load_with_finder(env, "lazynow", ELFLD_LAZY, &f);
    assert_calls(&f, 1, 1, 1);
    check_many(lib, 9, 9.5);
    check_variadic(lib, 9);
    check_float(lib, 9.0f);
    assert_calls(&f, 1, 1, 1);
    elfld_release(lib);
}

#ifdef HAVE_AVX_TEST
typedef void (*avx_fn)(const float *, const float *, float *);

static int avx_round(elfld_lib *lib, float seed)
{
    avx_fn f = (avx_fn)elfld_sym(lib, "lazy_avx");
    if (f == NULL)
        return -1;
    float a[8], b[8], r[8];
    for (int j = 0; j < 8; j++) {
        a[j] = seed + (float)j;
        b[j] = seed * 2 - (float)j * 3;
    }
    memset(elfld_test_avx_a, 0, sizeof elfld_test_avx_a);
    memset(elfld_test_avx_b, 0, sizeof elfld_test_avx_b);
    f(a, b, r);
    for (int j = 0; j < 8; j++) {
        if (elfld_test_avx_a[j] != a[j] || elfld_test_avx_b[j] != b[j]) {
            print_error("lane %d: got a=%g b=%g, want a=%g b=%g\n", j,
                        (double)elfld_test_avx_a[j], (double)elfld_test_avx_b[j], (double)a[j],
                        (double)b[j]);
            return 100 + j; /* argument lane j lost (j >= 4: an upper half) */
        }
        if (r[j] != a[j] + b[j])
            return 200 + j;
    }
    return 0;
}

/* 256-bit arguments survive the trampoline even though pre_find zeroes every upper half. */
static void test_avx_upper_halves(void **state)
{
    struct tu_env *env = *state;
    if (!__builtin_cpu_supports("avx")) {
        print_message("SKIPPED LOUDLY: this CPU has no AVX, ymm upper halves not testable\n");
        skip();
    }
    struct finder f;
    elfld_lib *lib = load_with_finder(env, "lazy", ELFLD_LAZY, &f);
    assert_int_equal(f.calls[F_AVX], 0);
    assert_int_equal(avx_round(lib, 1.5f), 0); /* binds */
    assert_int_equal(f.calls[F_AVX], 1);
    assert_int_equal(avx_round(lib, -20.0f), 0); /* patched slot */
    assert_int_equal(f.calls[F_AVX], 1);
    elfld_release(lib);
}
#endif

/* ---------------------------------------------------------------- lazy failure */
struct fail_rec {
    int calls;
    elfld_lib *lib;
    char name[64];
};

static int sentinel_fn(int x)
{
    return 0x5e17 + x * 0;
}

static void *record_fail(void *cookie, struct elfld_lib *lib, const char *name)
{
    struct fail_rec *r = cookie;
    r->calls++;
    r->lib = lib;
    snprintf(r->name, sizeof r->name, "%s", name ? name : "(null)");
    return (void *)sentinel_fn;
}

/* A function nobody defines: the lazy load succeeds; the first call reaches the host's
 * lazy_fail hook with the library and the name, and continues where the hook says. */
static void test_lazy_fail_hook(void **state)
{
    struct tu_env *env = *state;
    struct fail_rec r = {0, NULL, ""};
    env->ch.lazy_fail = record_fail;
    env->ch.lazy_fail_cookie = &r;
    elfld_lib *lib = tu_load(env, "lazyfail", NULL);
    assert_int_equal(r.calls, 0);
    int (*call)(int) = (int (*)(int))tu_sym(lib, "lazyfail_call");
    assert_int_equal(call(5), 0x5e18);
    assert_int_equal(r.calls, 1);
    assert_ptr_equal(r.lib, lib);
    assert_string_equal(r.name, "elfld_test_missing_fn");
    assert_int_equal(call(6), 0x5e18); /* the sentinel again, through the hook once more */
    assert_int_equal(r.calls, 2); /* the slot stays unbound: the second call is reported too */
    elfld_release(lib);
    env->ch.lazy_fail = NULL;
}

/* The same library with ELFLD_NOW: the missing function is a load error naming it. */
static void test_lazy_fail_now(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    tu_load_fail(env, tu_fixture("lazyfail"), &o, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "elfld_test_missing_fn");
    assert_int_equal(diag.phase, ELFLD_PHASE_RELOC);
}

/* ---------------------------------------------------------------- a misaligned DT_PLTGOT */
#if UINTPTR_MAX > 0xffffffffu
typedef Elf64_Ehdr ehdr_t;
typedef Elf64_Phdr phdr_t;
typedef Elf64_Dyn dyn_t;
#else
typedef Elf32_Ehdr ehdr_t;
typedef Elf32_Phdr phdr_t;
typedef Elf32_Dyn dyn_t;
#endif

/* Move the DT_PLTGOT of the ELF image in buf by `delta` bytes. */
static void shift_pltgot(unsigned char *buf, size_t size, long delta)
{
    ehdr_t eh;
    memcpy(&eh, buf, sizeof eh);
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        phdr_t ph;
        memcpy(&ph, buf + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_DYNAMIC)
            continue;
        for (size_t off = ph.p_offset; off + sizeof(dyn_t) <= size; off += sizeof(dyn_t)) {
            dyn_t d;
            memcpy(&d, buf + off, sizeof d);
            if (d.d_tag == DT_NULL)
                break;
            if (d.d_tag == DT_PLTGOT) {
                d.d_un.d_ptr += delta;
                memcpy(buf + off, &d, sizeof d);
                return;
            }
        }
    }
    fail_msg("the lazy fixture has no DT_PLTGOT");
}

/* The resolver words cannot go to a DT_PLTGOT one byte past the real one (they would be
 * stored misaligned, and the PLT would not find them): every function is bound during the
 * load, and every call works.  From memory and by path through the host's mapping route. */
static void test_misaligned_pltgot_binds_at_load(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *buf = tu_read_file(tu_fixture("lazy"), &size);
    shift_pltgot(buf, size, 1);
    char path[] = "/tmp/elfld-pltgot-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, size), (long)size);
    close(fd);
    for (int by_path = 0; by_path < 2; by_path++) {
        struct finder f;
        memset(&f, 0, sizeof f);
        struct elfld_diag diag;
        struct elfld_opts o = tu_opts(ELFLD_LAZY, &diag);
        o.pre_find = pre_find;
        o.find_user = &f;
        elfld_lib *lib = NULL;
        int rc = by_path ? elfld_load(env->ctx, path, &o, &lib)
                         : elfld_load_mem(env->ctx, buf, size, &o, &lib);
        tu_assert_rc(rc, 0, &diag);
        assert_calls(&f, 1, 1, 1);
        check_many(lib, 9, 0.5);
        check_float(lib, 1.5f);
        check_variadic(lib, 4);
        assert_calls(&f, 1, 1, 1);
        elfld_release(lib);
    }
    unlink(path);
    free(buf);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_lazy),
        TU_TEST(test_now),
        TU_TEST(test_df_bind_now),
#ifdef HAVE_AVX_TEST
        TU_TEST(test_avx_upper_halves),
#endif
        TU_TEST(test_lazy_fail_hook),
        TU_TEST(test_lazy_fail_now),
        TU_TEST(test_misaligned_pltgot_binds_at_load),
    };
    return cmocka_run_group_tests_name("lazy", tests, NULL, NULL);
}
