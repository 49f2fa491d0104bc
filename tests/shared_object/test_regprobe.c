/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_regprobe.c - integration: the lazy-binding trampoline (arch/<arch>/lazy.S) hands the
 * callee every register a call may carry, at full width (fixtures/regprobe.c).
 *
 * Why: test_lazy.c calls C functions, so it sees only what C names, and an argument register
 * the trampoline forgets can survive by luck.  Here an assembly caller (regprobe/<arch>.S)
 * loads every register the psABI passes arguments or hidden values in, plus what lazy.S
 * promises (the list is in regprobe/regprobe.h), with distinct patterns, and calls the
 * fixture's probe_fwd, which jumps through a lazy PLT slot to ext_probe: an assembly callee
 * here (supplied by pre_find) that stores every one of them.  pre_find runs inside the binding
 * path and overwrites every probed register last thing before it returns, so a register the
 * trampoline does not restore arrives as garbage, not by luck as the pattern.  The first call
 * binds (through the trampoline), the second goes through the patched slot; each compares
 * every register with its pattern and names the ones that differ.
 */
#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "regprobe/regprobe.h"

extern unsigned char elfld_probe_in[PROBE_SIZE], elfld_probe_out[PROBE_SIZE];
void elfld_probe_call(void (*fn)(void));
void elfld_probe_callee(void);
void elfld_probe_trash(void);

/* Names in slot order (regprobe.h); the .S files load and store in this order. */
#if defined(__x86_64__)
static const char *const int_names[PROBE_NINT] = {"rdi", "rsi", "rdx", "rcx",
                                                  "r8",  "r9",  "rax", "r10"};
static const char *const fp_names[3][8] = {
    {"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"},
    {"ymm0", "ymm1", "ymm2", "ymm3", "ymm4", "ymm5", "ymm6", "ymm7"},
    {"zmm0", "zmm1", "zmm2", "zmm3", "zmm4", "zmm5", "zmm6", "zmm7"}};
extern int elfld_probe_vec; /* 0: xmm, 1: ymm, 2: zmm (regprobe/x86_64.S) */
#define FP_NAME(k) fp_names[elfld_probe_vec][k]
#define FP_WIDTH ((size_t)16 << elfld_probe_vec)
#elif defined(__i386__)
static const char *const int_names[PROBE_NINT] = {"eax", "edx", "ecx"};
static const char *const fp_names[8] = {"xmm0", "xmm1", "xmm2", "xmm3",
                                        "xmm4", "xmm5", "xmm6", "xmm7"};
#elif defined(__aarch64__)
static const char *const int_names[PROBE_NINT] = {"x0", "x1", "x2", "x3", "x4",
                                                  "x5", "x6", "x7", "x8"};
static const char *const fp_names[8] = {"q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7"};
#elif defined(__arm__)
static const char *const int_names[PROBE_NINT] = {"r0", "r1", "r2", "r3"};
static const char *const fp_names[8] = {"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"};
#elif defined(__riscv) || defined(__loongarch64)
static const char *const int_names[PROBE_NINT] = {"a0", "a1", "a2", "a3",
                                                  "a4", "a5", "a6", "a7"};
static const char *const fp_names[8] = {"fa0", "fa1", "fa2", "fa3",
                                        "fa4", "fa5", "fa6", "fa7"};
#else
#error "regprobe: no register names for this arch"
#endif
#ifndef FP_NAME
#define FP_NAME(k) fp_names[k]
#define FP_WIDTH ((size_t)PROBE_FPSLOT)
#endif

/* ---------------------------------------------------------------- patterns
 * Distinct per register, per byte and per call (seed), and never all-ones (the trash) or
 * zero: integer k is 0x5a..., FP byte j of register k is a byte of a multiplicative hash. */
static void fill_patterns(unsigned seed)
{
    memset(elfld_probe_in, 0, sizeof elfld_probe_in);
    for (int k = 0; k < PROBE_NINT; k++) {
        uint64_t v = 0x5a3c96e1d2b4780fULL ^ ((uint64_t)(k + 1) * 0x0101010101010101ULL) ^
                     ((uint64_t)seed << 40);
        memcpy(elfld_probe_in + k * PROBE_WORD, &v, PROBE_WORD); /* little-endian: low part */
    }
    for (int k = 0; k < PROBE_NFP; k++)
        for (int j = 0; j < PROBE_FPSLOT; j++) {
            uint32_t h = ((uint32_t)(seed * 1000 + k * 64 + j) + 1u) * 2654435761u;
            uint8_t b = (uint8_t)(h >> 24);
            elfld_probe_in[PROBE_FP_OFF + k * PROBE_FPSLOT + j] = (uint8_t)(b == 0xff ? 0x7f : b);
        }
}

static void hex(char *buf, const unsigned char *p, size_t n)
{
    /* most significant byte first, as the register reads */
    for (size_t j = 0; j < n; j++)
        snprintf(buf + 2 * j, 3, "%02x", p[n - 1 - j]);
}

/* Compare elfld_probe_out with elfld_probe_in; print each register that differs; return the
 * number of them. */
static int compare(const char *when)
{
    int bad = 0;
    char got[2 * 64 + 1], want[2 * 64 + 1];
    for (int k = 0; k < PROBE_NINT; k++) {
        const unsigned char *w = elfld_probe_in + k * PROBE_WORD;
        const unsigned char *g = elfld_probe_out + k * PROBE_WORD;
        if (memcmp(g, w, PROBE_WORD) != 0) {
            hex(got, g, PROBE_WORD);
            hex(want, w, PROBE_WORD);
            print_error("%s: %s = 0x%s, want 0x%s\n", when, int_names[k], got, want);
            bad++;
        }
    }
    for (int k = 0; k < PROBE_NFP; k++) {
        const unsigned char *w = elfld_probe_in + PROBE_FP_OFF + k * PROBE_FPSLOT;
        const unsigned char *g = elfld_probe_out + PROBE_FP_OFF + k * PROBE_FPSLOT;
        if (memcmp(g, w, FP_WIDTH) != 0) {
            hex(got, g, FP_WIDTH);
            hex(want, w, FP_WIDTH);
            print_error("%s: %s = 0x%s, want 0x%s\n", when, FP_NAME(k), got, want);
            bad++;
        }
    }
#if PROBE_NFP == 0
    (void)fp_names;
#endif
    return bad;
}

/* ---------------------------------------------------------------- pre_find */
struct finder {
    int probe; /* ext_probe supplied */
    int others;
};

static int pre_find(void *user, const char *name, const char *version, struct elfld_found *out)
{
    struct finder *f = user;
    (void)version;
    if (strcmp(name, "ext_probe") != 0) {
        f->others++;
        return 0;
    }
    f->probe++;
    out->addr = (void *)elfld_probe_callee;
    out->size = 0;
    /* Last: whatever the binding path does after this, no probed register still holds the
     * caller's pattern unless the trampoline put it back. */
    elfld_probe_trash();
    return 1;
}

static int probe_round(void (*fn)(void), unsigned seed, const char *when)
{
    fill_patterns(seed);
    memset(elfld_probe_out, 0, sizeof elfld_probe_out);
    elfld_probe_call(fn);
    return compare(when);
}

/* ELFLD_LAZY: nothing bound at load; the first call binds through the trampoline, the second
 * uses the patched slot; every register arrives as the caller loaded it both times. */
static void test_registers_survive_lazy_binding(void **state)
{
    struct tu_env *env = *state;
    struct finder f = {0, 0};
    struct elfld_opts o = tu_opts(ELFLD_LAZY, NULL);
    o.pre_find = pre_find;
    o.find_user = &f;
#if defined(__x86_64__)
    elfld_probe_vec = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx") ? 1 : 0;
#endif
    print_message("probing %d integer and %d FP/vector registers (%u bytes each)\n", PROBE_NINT,
                  PROBE_NFP, (unsigned)FP_WIDTH);
    elfld_lib *lib = tu_load(env, "regprobe", &o);
    assert_int_equal(f.probe, 0);
    void (*fn)(void) = (void (*)(void))tu_sym(lib, "probe_fwd");

    int bad = probe_round(fn, 1, "first call (lazy binding)");
    assert_int_equal(f.probe, 1); /* it did go through the binding path */
    bad += probe_round(fn, 2, "second call (patched slot)");
    assert_int_equal(f.probe, 1);
    assert_int_equal(f.others, 0);
    elfld_release(lib);
    if (bad)
        fail_msg("%d register(s) differ (listed above)", bad);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_registers_survive_lazy_binding),
    };
    return cmocka_run_group_tests_name("regprobe", tests, NULL, NULL);
}
