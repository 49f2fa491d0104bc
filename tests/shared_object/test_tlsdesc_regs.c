/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_tlsdesc_regs.c - integration: the TLS descriptor resolvers (arch/<arch>/tls.S) give
 * back every register but the result as the caller left it (fixtures/tlsdescprobe/).
 *
 * Why: a C caller sees only what the compiler keeps live across the descriptor call, and a
 * register the resolver forgets can survive by luck.  The fixture's assembly loads distinct
 * patterns into every general and vector register the contract covers, reaches its own
 * thread-local variable through a descriptor and stores them all again.  In a fresh thread
 * the first access allocates the block (the slow path, with the host's allocator and the
 * image copy between the saves), the second finds it (the fast path); each names every
 * register that changed and checks the address against elfld_sym in that thread.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "fixtures/tlsdescprobe/probe.h"

#if defined(__aarch64__)
static const char *const int_names[PROBE_NINT] = {
    "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
    "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20",
    "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28"};
#define VEC_PREFIX "q"
static int wide(void) { return 0; }
#define VEC_WIDTH(w) ((void)(w), (size_t)PROBE_VEC_SLOT)
#elif defined(__x86_64__)
static const char *const int_names[PROBE_NINT] = {"rbx", "rcx", "rdx", "rsi", "rdi",
                                                  "rbp", "r8",  "r9",  "r10", "r11",
                                                  "r12", "r13", "r14", "r15"};
#define VEC_PREFIX (w ? "ymm" : "xmm")
/* The upper ymm halves are probed when the CPU and the OS have AVX. */
static int wide(void) { return __builtin_cpu_supports("avx"); }
#define VEC_WIDTH(w) ((size_t)((w) ? 32 : 16))
#elif defined(__i386__)
static const char *const int_names[PROBE_NINT] = {"ebx", "ecx", "edx", "esi", "edi", "ebp"};
#define VEC_PREFIX "xmm"
/* xmm0-7 are probed when the CPU has SSE2. */
static int wide(void) { return __builtin_cpu_supports("sse2"); }
#define VEC_WIDTH(w) ((size_t)((w) ? 16 : 0))
#elif defined(__riscv)
static const char *const int_names[PROBE_NINT] = {
    "ra", "t1", "t2", "s0", "s1",  "a1",  "a2", "a3", "a4", "a5", "a6", "a7", "s2",
    "s3", "s4", "s5", "s6", "s7",  "s8",  "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
#define VEC_PREFIX "f"
static int wide(void) { return 0; }
#define VEC_WIDTH(w) ((void)(w), (size_t)PROBE_VEC_SLOT)
#elif defined(__loongarch64)
static const char *const int_names[PROBE_NINT] = {
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4", "t5", "t6",
    "t7", "t8", "r21", "fp", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
#define VEC_PREFIX "f"
static int wide(void) { return 0; }
#define VEC_WIDTH(w) ((void)(w), (size_t)PROBE_VEC_SLOT)
#elif defined(__arm__)
static const char *const int_names[PROBE_NINT] = {"r2", "r3", "r4",  "r5",  "r6", "r7",
                                                  "r8", "r9", "r10", "r11", "r12"};
#define VEC_PREFIX "d"
static int wide(void) { return 0; }
#define VEC_WIDTH(w) ((void)(w), (size_t)PROBE_VEC_SLOT)
#else
#error "test_tlsdesc_regs: no register names for this arch"
#endif

typedef uintptr_t probe_fn(const void *in, void *out, int wide);

struct job {
    elfld_lib *lib;
    probe_fn *probe;
    int bad;
    char log[4096];
};

__attribute__((format(printf, 2, 3))) static void say(struct job *j, const char *fmt, ...)
{
    size_t n = strlen(j->log);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->log + n, sizeof j->log - n, fmt, ap);
    va_end(ap);
}

/* Distinct per register, byte and round; never zero. */
static void fill(unsigned char *in, unsigned round)
{
    memset(in, 0, PROBE_SIZE);
    for (int k = 0; k < PROBE_NINT; k++) {
        /* 32-bit words: the low half, still distinct per register and round. */
        uint64_t v64 = 0x5a3c96e1d2b4780fULL ^ ((uint64_t)(k + 1) * 0x0101010101010101ULL) ^
                       ((uint64_t)round << 40) ^ ((uint64_t)round << 8);
        uintptr_t v = (uintptr_t)v64;
        memcpy(in + k * PROBE_WORD, &v, PROBE_WORD);
    }
    for (int k = 0; k < PROBE_NVEC; k++)
        for (int b = 0; b < PROBE_VEC_SLOT; b++) {
            uint32_t h = ((uint32_t)(round * 5000 + k * 64 + b) + 1u) * 2654435761u;
            in[PROBE_VEC_OFF + k * PROBE_VEC_SLOT + b] = (unsigned char)((h >> 24) | 1u);
        }
}

static void round_(struct job *j, unsigned round, const char *when)
{
    static _Thread_local unsigned char in[PROBE_SIZE], out[PROBE_SIZE];
    int w = wide();
    fill(in, round);
    memset(out, 0, sizeof out);
    uintptr_t got = j->probe(in, out, w);
    for (int k = 0; k < PROBE_NINT; k++) {
        uintptr_t a, b;
        memcpy(&a, in + k * PROBE_WORD, PROBE_WORD);
        memcpy(&b, out + k * PROBE_WORD, PROBE_WORD);
        if (a != b) {
            say(j, "%s: %s = 0x%0*llx, want 0x%0*llx\n", when, int_names[k],
                2 * PROBE_WORD, (unsigned long long)b, 2 * PROBE_WORD, (unsigned long long)a);
            j->bad++;
        }
    }
    for (int k = 0; k < PROBE_NVEC; k++) {
        size_t off = PROBE_VEC_OFF + (size_t)k * PROBE_VEC_SLOT;
        if (memcmp(in + off, out + off, VEC_WIDTH(w)) != 0) {
            char name[16];
            snprintf(name, sizeof name, "%s%d", VEC_PREFIX, k);
            say(j, "%s: %s changed (%zu bytes probed)\n", when, name, VEC_WIDTH(w));
            j->bad++;
        }
    }
    uintptr_t want = (uintptr_t)elfld_sym(j->lib, "tlsdesc_probe_var");
    if (got != want) {
        say(j, "%s: address 0x%llx, elfld_sym gives 0x%llx\n", when, (unsigned long long)got,
            (unsigned long long)want);
        j->bad++;
    }
}

static void *thread_main(void *arg)
{
    struct job *j = arg;
    round_(j, 1, "first access (allocates)");
    round_(j, 2, "second access (block exists)");
    return NULL;
}

static void test_registers(void **state)
{
    struct tu_env *env = *state;
    struct job j = {0};
    j.lib = tu_load(env, "tlsdescprobe", NULL);
    j.probe = (probe_fn *)tu_sym(j.lib, "tlsdesc_probe");
    for (int t = 0; t < 2; t++) { /* two fresh threads: each allocates its own block */
        pthread_t th;
        assert_int_equal(pthread_create(&th, NULL, thread_main, &j), 0);
        assert_int_equal(pthread_join(th, NULL), 0);
    }
    if (j.bad)
        print_error("%s", j.log);
    assert_int_equal(j.bad, 0);
    elfld_release(j.lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {TU_TEST(test_registers)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
