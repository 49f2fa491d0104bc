/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_obj.c - RISC-V object-file relocations (arch/riscv-common/object.c), built for riscv64
 * and riscv32, table driven:
 *   - classification of every type (flags and names),
 *   - each instruction encoder: encode an instruction, apply, decode the field with an
 *     independent decoder and compare with the psABI formula (riscv-elf.adoc "Relocation
 *     types"); the other bits of the instruction must be unchanged,
 *   - overflow at the exact limits (last value that fits: 0, first that does not: ERANGE),
 *   - hi20/lo12 pairs emulated (auipc/lui + addi) over the whole reachable range,
 *   - label arithmetic (ADD/SUB/SET/SUB6/SET6/ULEB128), ALIGN,
 *   - RV64 branch stubs: decoded, and executed (a stub in an RWX page jumps to a C function).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/backend.h"
#include "harness.h"
#include "../../../arch/riscv-common/reloc_types.h"   /* R_RISCV_* */

#if __riscv_xlen == 64
#define RV64 1
#else
#define RV64 0
#endif

/* Fields, sign extension, applying a relocation, executable pages: ../common/harness.h. */

/* Independent decoders (RISC-V unprivileged ISA, base formats and RVC formats). */
static int64_t dec_i(uint32_t x) { return h_sext(x >> 20, 12); }
static int64_t dec_s(uint32_t x) { return h_sext(((x >> 25) << 5) | ((x >> 7) & 0x1f), 12); }
static int64_t dec_u(uint32_t x) { return h_sext(x & 0xfffff000u, 32); }
static int64_t dec_b(uint32_t x) {
    uint32_t v = ((x >> 31) & 1) << 12 | ((x >> 7) & 1) << 11 | ((x >> 25) & 0x3f) << 5 |
                 ((x >> 8) & 0xf) << 1;
    return h_sext(v, 13);
}
static int64_t dec_j(uint32_t x) {
    uint32_t v = ((x >> 31) & 1) << 20 | ((x >> 12) & 0xff) << 12 | ((x >> 20) & 1) << 11 |
                 ((x >> 21) & 0x3ff) << 1;
    return h_sext(v, 21);
}
static int64_t dec_cb(uint16_t x) {
    uint32_t v = ((x >> 12) & 1) << 8 | ((x >> 5) & 3) << 6 | ((x >> 2) & 1) << 5 |
                 ((x >> 10) & 3) << 3 | ((x >> 3) & 3) << 1;
    return h_sext(v, 9);
}
static int64_t dec_cj(uint16_t x) {
    uint32_t v = ((x >> 12) & 1) << 11 | ((x >> 8) & 1) << 10 | ((x >> 9) & 3) << 8 |
                 ((x >> 6) & 1) << 7 | ((x >> 7) & 1) << 6 | ((x >> 2) & 1) << 5 |
                 ((x >> 11) & 1) << 4 | ((x >> 3) & 7) << 1;
    return h_sext(v, 12);
}

/* RELA (every RISC-V object is), no GOT, stub or symbol type: what most rows need. */
static int apply(uint32_t type, unsigned char *where, uintptr_t P, uintptr_t S, intptr_t A) {
    return h_apply1(type, where, P, S, A, 1, 0);
}

#define BASE ((uintptr_t)0x40001000u)   /* a P that is valid on RV32 and RV64 */

/* ---------------------------------------------------------------- classification */
#define K ELFLD_OBJ_KNOWN
#define NP (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP)
#define TL ELFLD_OBJ_TLS
/* a thread-local type applied in objects, and what its psABI formula takes: G, the model's GOT
 * entry (GD: the tls_index pair; IE: the TP offset), or S, the DTP- or TP-relative offset */
#define TF(form) (K | TL | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))
#define PH ELFLD_OBJ_PAIR_HI
#define NB (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NEAR_BRANCH)   /* a branch that takes no stub */
#if RV64
#define CB (ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH)
#else
#define CB ELFLD_OBJ_KNOWN
#endif

static void test_classify(void **state) {
    (void)state;
    static const struct {
        uint32_t type;
        unsigned flags;
        const char *name;
    } t[] = {
        {R_RISCV_NONE, NP, "R_RISCV_NONE"}, {R_RISCV_32, K, "R_RISCV_32"},
        {R_RISCV_64, K, "R_RISCV_64"}, {R_RISCV_RELATIVE, 0, "R_RISCV_RELATIVE"},
        {R_RISCV_JUMP_SLOT, 0, "R_RISCV_JUMP_SLOT"},
        {R_RISCV_TLS_DTPMOD32, TL, "R_RISCV_TLS_DTPMOD32"},
        {R_RISCV_TLS_DTPREL64, TF(DTPOFF), "R_RISCV_TLS_DTPREL64"},
        {R_RISCV_TLSDESC, TL, "R_RISCV_TLSDESC"}, {R_RISCV_BRANCH, NB, "R_RISCV_BRANCH"},
        {R_RISCV_JAL, NB, "R_RISCV_JAL"}, {R_RISCV_CALL, CB, "R_RISCV_CALL"},
        {R_RISCV_CALL_PLT, CB, "R_RISCV_CALL_PLT"},
        {R_RISCV_GOT_HI20, K | ELFLD_OBJ_GOT | ELFLD_OBJ_PAIR_HI, "R_RISCV_GOT_HI20"},
        {R_RISCV_TLS_GOT_HI20, TF(IE) | PH, "R_RISCV_TLS_GOT_HI20"},
        {R_RISCV_TLS_GD_HI20, TF(GD) | PH, "R_RISCV_TLS_GD_HI20"},
        {R_RISCV_PCREL_HI20, K | ELFLD_OBJ_PAIR_HI, "R_RISCV_PCREL_HI20"},
        {R_RISCV_PCREL_LO12_I, K | ELFLD_OBJ_PAIR_LO, "R_RISCV_PCREL_LO12_I"},
        {R_RISCV_PCREL_LO12_S, K | ELFLD_OBJ_PAIR_LO, "R_RISCV_PCREL_LO12_S"},
        {R_RISCV_HI20, K, "R_RISCV_HI20"}, {R_RISCV_LO12_I, K, "R_RISCV_LO12_I"},
        {R_RISCV_LO12_S, K, "R_RISCV_LO12_S"}, {R_RISCV_TPREL_HI20, TF(TPOFF), "R_RISCV_TPREL_HI20"},
        {R_RISCV_TPREL_LO12_I, TF(TPOFF), "R_RISCV_TPREL_LO12_I"},
        {R_RISCV_TPREL_LO12_S, TF(TPOFF), "R_RISCV_TPREL_LO12_S"},
        {R_RISCV_TPREL_ADD, TF(MARK), "R_RISCV_TPREL_ADD"}, {R_RISCV_ADD8, K, "R_RISCV_ADD8"},
        {R_RISCV_ADD64, K, "R_RISCV_ADD64"}, {R_RISCV_SUB8, K, "R_RISCV_SUB8"},
        {R_RISCV_SUB64, K, "R_RISCV_SUB64"},
        {R_RISCV_GOT32_PCREL, K | ELFLD_OBJ_GOT, "R_RISCV_GOT32_PCREL"}, {42, 0, NULL},
        {R_RISCV_ALIGN, K, "R_RISCV_ALIGN"}, {R_RISCV_RVC_BRANCH, NB, "R_RISCV_RVC_BRANCH"},
        {R_RISCV_RVC_JUMP, NB, "R_RISCV_RVC_JUMP"}, {46, 0, NULL},
        {R_RISCV_RELAX, NP, "R_RISCV_RELAX"}, {R_RISCV_SUB6, K, "R_RISCV_SUB6"},
        {R_RISCV_SET6, K, "R_RISCV_SET6"}, {R_RISCV_SET32, K, "R_RISCV_SET32"},
        {R_RISCV_32_PCREL, K, "R_RISCV_32_PCREL"}, {R_RISCV_IRELATIVE, 0, "R_RISCV_IRELATIVE"},
        {R_RISCV_PLT32, CB, "R_RISCV_PLT32"}, {R_RISCV_SET_ULEB128, K, "R_RISCV_SET_ULEB128"},
        {R_RISCV_SUB_ULEB128, K, "R_RISCV_SUB_ULEB128"},
        {R_RISCV_TLSDESC_HI20, TF(DESC) | PH, "R_RISCV_TLSDESC_HI20"},
        {R_RISCV_TLSDESC_CALL, TF(MARK), "R_RISCV_TLSDESC_CALL"}, {66, 0, NULL},
        {R_RISCV_VENDOR, 0, "R_RISCV_VENDOR"}, {192, 0, NULL}, {0xffffffffu, 0, NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *name = "unset";
        unsigned f = h_classify(t[i].type, &name);
        if (f != t[i].flags)
            fail_msg("type %u: flags %#x, want %#x", t[i].type, f, t[i].flags);
        if (t[i].name)
            assert_string_equal(name, t[i].name);
        else
            assert_null(name);
    }
    assert_int_equal(h_classify(R_RISCV_32, NULL), K);   /* name pointer optional */
    assert_int_equal(elfld_arch_stub_size, RV64 ? 24 : 0);
}

/* ---------------------------------------------------------------- short branches */
/*
 * Table: type, offset S + A - P, expected return.  The last fitting value and the first
 * non-fitting one on each side of every field, plus odd (misaligned) offsets.
 */
static const struct br_case {
    uint32_t type;
    int64_t off;
    int rc;
} br_cases[] = {
    {R_RISCV_BRANCH, 0, 0}, {R_RISCV_BRANCH, 2, 0}, {R_RISCV_BRANCH, -2, 0},
    {R_RISCV_BRANCH, 0x554, 0}, {R_RISCV_BRANCH, 4094, 0}, {R_RISCV_BRANCH, 4096, ELFLD_ERANGE},
    {R_RISCV_BRANCH, -4096, 0}, {R_RISCV_BRANCH, -4098, ELFLD_ERANGE},
    {R_RISCV_BRANCH, 3, ELFLD_ERANGE}, {R_RISCV_JAL, 0xffffe, 0},
    {R_RISCV_JAL, 0x100000, ELFLD_ERANGE}, {R_RISCV_JAL, -0x100000, 0},
    {R_RISCV_JAL, -0x100002, ELFLD_ERANGE}, {R_RISCV_JAL, 0x5aaaa, 0}, {R_RISCV_JAL, -0x2468a, 0},
    {R_RISCV_JAL, 1, ELFLD_ERANGE}, {R_RISCV_RVC_BRANCH, 254, 0},
    {R_RISCV_RVC_BRANCH, 256, ELFLD_ERANGE}, {R_RISCV_RVC_BRANCH, -256, 0},
    {R_RISCV_RVC_BRANCH, -258, ELFLD_ERANGE}, {R_RISCV_RVC_BRANCH, 0xaa, 0},
    {R_RISCV_RVC_BRANCH, -0x56, 0}, {R_RISCV_RVC_BRANCH, 5, ELFLD_ERANGE},
    {R_RISCV_RVC_JUMP, 2046, 0}, {R_RISCV_RVC_JUMP, 2048, ELFLD_ERANGE},
    {R_RISCV_RVC_JUMP, -2048, 0}, {R_RISCV_RVC_JUMP, -2050, ELFLD_ERANGE},
    {R_RISCV_RVC_JUMP, 0x2aa, 0}, {R_RISCV_RVC_JUMP, -0x556, 0},
    {R_RISCV_RVC_JUMP, 7, ELFLD_ERANGE},
};

static void test_short_branches(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof br_cases / sizeof br_cases[0]; i++) {
        const struct br_case *c = &br_cases[i];
        unsigned char buf[4];
        int is16 = c->type == R_RISCV_RVC_BRANCH || c->type == R_RISCV_RVC_JUMP;
        /* beq a0, a1 / jal ra / c.beqz a0 / c.j with a zero offset */
        uint32_t insn = c->type == R_RISCV_BRANCH       ? 0x00b50063u
                        : c->type == R_RISCV_JAL        ? 0x000000efu
                        : c->type == R_RISCV_RVC_BRANCH ? 0xc101u
                                                        : 0xa001u;
        if (is16)
            h_wr16(buf, (uint16_t)insn);
        else
            h_wr32(buf, insn);
        /* S + A - P = off, split between S and A */
        int rc = apply(c->type, buf, BASE, (uintptr_t)(BASE + (uintptr_t)c->off - 8), 8);
        if (rc != c->rc)
            fail_msg("case %zu type %u off %lld: rc %d want %d", i, c->type, (long long)c->off,
                     rc, c->rc);
        if (rc)
            continue;
        int64_t got;
        uint32_t keep;
        if (c->type == R_RISCV_BRANCH) {
            got = dec_b(h_rd32(buf));
            keep = 0x01fff07fu;
        } else if (c->type == R_RISCV_JAL) {
            got = dec_j(h_rd32(buf));
            keep = 0xfffu;
        } else if (c->type == R_RISCV_RVC_BRANCH) {
            got = dec_cb(h_rd16(buf));
            keep = 0xe383u;
        } else {
            got = dec_cj(h_rd16(buf));
            keep = 0xe003u;
        }
        assert_int_equal(got, c->off);
        uint32_t now = is16 ? h_rd16(buf) : h_rd32(buf);
        assert_int_equal(now & keep, insn & keep);
    }
}

/* ---------------------------------------------------------------- hi20 / lo12 pairs */
/* Emulate auipc (or lui, base 0) + addi: returns the computed address. */
static uint64_t emu_pair(uint64_t base, uint32_t hi, uint32_t lo) {
    uint64_t v = base + (uint64_t)dec_u(hi) + (uint64_t)dec_i(lo);
    return RV64 ? v : (uint32_t)v;
}

static void test_pcrel_pairs(void **state) {
    (void)state;
    /* offsets S + A - P; on RV64 the limits of auipc+addi, on RV32 everything wraps */
    static const int64_t offs[] = {
        0, 1, 0x7ff, 0x800, 0x801, 0xfff, 0x1000, -1, -0x800, -0x801, 0x12345678, -0x12345678,
        0x7ffff7ff, -0x80000000LL, -0x80000800LL,
    };
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        unsigned char code[12];
        h_wr32(code, 0x00000517u);      /* auipc a0, 0 */
        h_wr32(code + 4, 0x00050513u);  /* addi a0, a0, 0 */
        h_wr32(code + 8, 0x00a52023u);  /* sw a0, 0(a0) */
        uintptr_t P = BASE, S = (uintptr_t)(BASE + (uintptr_t)offs[i]);
        assert_int_equal(apply(R_RISCV_PCREL_HI20, code, P, S, 0), 0);
        /* the core hands the LO its HI's value, S + A - P_hi */
        struct elfld_obj_reloc r;
        memset(&r, 0, sizeof r);
        r.type = R_RISCV_PCREL_LO12_I;
        r.where = code + 4;
        r.P = P + 4;
        r.S = P;
        r.hi_value = S - P;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        r.type = R_RISCV_PCREL_LO12_S;
        r.where = code + 8;
        r.P = P + 8;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(emu_pair(P, h_rd32(code), h_rd32(code + 4)), (uint64_t)S);
        assert_int_equal((uint64_t)(P + (uint64_t)dec_u(h_rd32(code)) +
                                    (uint64_t)dec_s(h_rd32(code + 8))) & (RV64 ? ~0ull : 0xffffffffull),
                         (uint64_t)S);
        assert_int_equal(h_rd32(code) & 0xfff, 0x517);              /* rd, opcode kept */
        assert_int_equal(h_rd32(code + 4) & 0xfffff, 0x50513);
        assert_int_equal(h_rd32(code + 8) & 0x01fff07fu, 0x00a52023u & 0x01fff07fu);
    }
#if RV64
    /* exact limits of a pc-relative hi20 on RV64: [-2^31 - 0x800, 2^31 - 0x800) */
    unsigned char code[4];
    h_wr32(code, 0x00000517u);
    assert_int_equal(apply(R_RISCV_PCREL_HI20, code, BASE, BASE + 0x7ffff7ffu, 0), 0);
    assert_int_equal(apply(R_RISCV_PCREL_HI20, code, BASE, BASE + 0x7ffff800u, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_RISCV_PCREL_HI20, code, BASE, BASE - 0x80000800u, 0), 0);
    assert_int_equal(apply(R_RISCV_PCREL_HI20, code, BASE, BASE - 0x80000801u, 0), ELFLD_ERANGE);
#endif
}

static void test_got_hi20(void **state) {
    (void)state;
    unsigned char code[8];
    h_wr32(code, 0x00000517u);          /* auipc a0, 0 */
    h_wr32(code + 4, 0x00053503u);      /* ld a0, 0(a0) */
    struct elfld_obj_reloc r;
    memset(&r, 0, sizeof r);
    r.type = R_RISCV_GOT_HI20;
    r.where = code;
    r.P = BASE;
    r.S = 0x1234;                     /* the symbol itself is irrelevant: G is used */
    r.G = BASE + 0x12fe8;
    assert_int_equal(elfld_arch_obj_apply(&r), 0);
    r.type = R_RISCV_PCREL_LO12_I;
    r.where = code + 4;
    r.P = BASE + 4;
    r.hi_value = r.G - BASE;
    assert_int_equal(elfld_arch_obj_apply(&r), 0);
    assert_int_equal(emu_pair(BASE, h_rd32(code), h_rd32(code + 4)), BASE + 0x12fe8);
#if RV64
    r.type = R_RISCV_GOT_HI20;
    r.where = code;
    r.P = BASE;
    r.G = BASE + 0x80000000u;
    assert_int_equal(elfld_arch_obj_apply(&r), ELFLD_ERANGE);
#endif
    /* GOT32_PCREL: G + GOT + A - P (G: slot address here) */
    unsigned char w[4];
    memset(&r, 0, sizeof r);
    r.type = R_RISCV_GOT32_PCREL;
    r.where = w;
    r.P = BASE;
    r.G = BASE + 0x100;
    r.A = -4;
    assert_int_equal(elfld_arch_obj_apply(&r), 0);
    assert_int_equal(h_rd32(w), 0xfc);
}

static void test_abs_pairs(void **state) {
    (void)state;
    static const uint64_t vals[] = {
        0, 0x7ff, 0x800, 0xfff, 0x12345678, 0x7ffff7ff,
#if RV64
        0xffffffff7ffff800ull, 0xfffffffffffff800ull, 0xffffffff80000000ull,
#else
        0x80000000u, 0xfffff800u, 0xffffffffu,
#endif
    };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        unsigned char code[12];
        h_wr32(code, 0x000005b7u);      /* lui a1, 0 */
        h_wr32(code + 4, 0x00058593u);  /* addi a1, a1, 0 */
        h_wr32(code + 8, 0x00b5a023u);  /* sw a1, 0(a1) */
        /* split S + A with a nonzero addend */
        uintptr_t S = (uintptr_t)(vals[i] - 16);
        assert_int_equal(apply(R_RISCV_HI20, code, BASE, S, 16), 0);
        assert_int_equal(apply(R_RISCV_LO12_I, code + 4, BASE + 4, S, 16), 0);
        assert_int_equal(apply(R_RISCV_LO12_S, code + 8, BASE + 8, S, 16), 0);
        assert_int_equal(emu_pair(0, h_rd32(code), h_rd32(code + 4)), vals[i]);
        uint64_t st = (uint64_t)dec_u(h_rd32(code)) + (uint64_t)dec_s(h_rd32(code + 8));
        assert_int_equal(RV64 ? st : (uint32_t)st, vals[i]);
        assert_int_equal(h_rd32(code) & 0xfff, 0x5b7);
    }
#if RV64
    /* medlow reach: [0xFFFFFFFF7FFFF800, 0x7FFFF7FF] */
    unsigned char code[4];
    h_wr32(code, 0x000005b7u);
    assert_int_equal(apply(R_RISCV_HI20, code, BASE, 0x7ffff7ffu, 0), 0);
    assert_int_equal(apply(R_RISCV_HI20, code, BASE, 0x7ffff800u, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_RISCV_HI20, code, BASE, (uintptr_t)0xffffffff7ffff800ull, 0), 0);
    assert_int_equal(apply(R_RISCV_HI20, code, BASE, (uintptr_t)0xffffffff7ffff7ffull, 0),
                     ELFLD_ERANGE);
#endif
}

/* ---------------------------------------------------------------- calls */
static void test_call_pair(void **state) {
    (void)state;
    static const int64_t offs[] = {
        0, 8, -8, 0x800, 0x7fe, -0x800, 0x123456, -0x7654320, 0x7ffff7fe, -0x80000800LL,
    };
    for (int type = R_RISCV_CALL; type <= R_RISCV_CALL_PLT; type++)
        for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
            unsigned char code[8];
            h_wr32(code, 0x00000097u);      /* auipc ra, 0 */
            h_wr32(code + 4, 0x000080e7u);  /* jalr ra, 0(ra) */
            uintptr_t S = (uintptr_t)(BASE + (uintptr_t)offs[i]);
            assert_int_equal(apply((uint32_t)type, code, BASE, S, 0), 0);
            assert_int_equal(emu_pair(BASE, h_rd32(code), h_rd32(code + 4)), (uint64_t)S);
            assert_int_equal(h_rd32(code) & 0xfff, 0x097);
            assert_int_equal(h_rd32(code + 4) & 0xfffff, 0x080e7);
        }
#if RV64
    /* out of reach, no stub planned: refused */
    unsigned char code[8];
    h_wr32(code, 0x00000097u);
    h_wr32(code + 4, 0x000080e7u);
    assert_int_equal(apply(R_RISCV_CALL_PLT, code, BASE, BASE + 0x7ffff7ffu, 0), 0);
    assert_int_equal(apply(R_RISCV_CALL_PLT, code, BASE, BASE + 0x7ffff800u, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_RISCV_CALL, code, BASE, BASE - 0x80000801u, 0), ELFLD_ERANGE);
#endif
}

#if RV64
/* Decode a stub: returns its target, checks the instructions. */
static uint64_t check_stub(const unsigned char *s, uint64_t stub_addr) {
    unsigned d = ((stub_addr + 12) & 7) == 0 ? 12 : 16;
    assert_int_equal(h_rd32(s), 0x00000317u);                          /* auipc t1, 0 */
    uint32_t ld = h_rd32(s + 4);
    assert_int_equal(ld & 0xfffff, 0x33303u);                        /* ld t1, x(t1) */
    assert_int_equal(dec_i(ld), d);
    assert_int_equal((stub_addr + d) % 8, 0);
    assert_int_equal(h_rd32(s + 8), 0x00030067u);                      /* jr t1 */
    uint64_t t = 0;
    for (int i = 7; i >= 0; i--)
        t = t << 8 | s[d + i];
    return t;
}

static void test_call_stub(void **state) {
    (void)state;
    for (int misalign = 0; misalign < 2; misalign++) {
        unsigned char code[8], stub[24];
        memset(stub, 0xee, sizeof stub);
        h_wr32(code, 0x00000097u);
        h_wr32(code + 4, 0x000080e7u);
        uint64_t P = 0x7f0000001000ull, far = 0x100000002468ull;
        uint64_t stub_addr = P + 0x40000000u + (misalign ? 4 : 0);
        struct elfld_obj_reloc r;
        memset(&r, 0, sizeof r);
        r.type = R_RISCV_CALL_PLT;
        r.where = code;
        r.P = P;
        r.S = far;
        r.stub = stub;
        r.stub_addr = stub_addr;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(emu_pair(P, h_rd32(code), h_rd32(code + 4)), stub_addr);
        assert_int_equal(check_stub(stub, stub_addr), far);
        /* stub itself out of reach: refused */
        r.stub_addr = P + 0x80000000u;
        assert_int_equal(elfld_arch_obj_apply(&r), ELFLD_ERANGE);
        /* in reach: the stub is not used */
        r.S = P + 0x1000;
        r.stub_addr = stub_addr;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(emu_pair(P, h_rd32(code), h_rd32(code + 4)), P + 0x1000);
    }
    /* PLT32 (data word, positional addend): S + A - P, or stub + A - P */
    unsigned char w[4], stub[24];
    struct elfld_obj_reloc r;
    memset(&r, 0, sizeof r);
    r.type = R_RISCV_PLT32;
    r.where = w;
    r.P = 0x7f0000001000ull;
    r.S = r.P + 0x7fffffffu + 4;
    r.A = -4;
    assert_int_equal(elfld_arch_obj_apply(&r), 0);
    assert_int_equal(h_rd32(w), 0x7fffffffu);
    r.S += 1;
    assert_int_equal(elfld_arch_obj_apply(&r), ELFLD_ERANGE);
    r.stub = stub;
    r.stub_addr = r.P + 0x100;
    assert_int_equal(elfld_arch_obj_apply(&r), 0);
    assert_int_equal(h_rd32(w), 0x100 - 4);
    assert_int_equal(check_stub(stub, r.stub_addr), r.S);
}

/* Executed: a stub written into an RWX page jumps to a C function with its arguments. */
static int answer(int x) {
    return x * 3 + 42;
}

static void test_execute_stub(void **state) {
    (void)state;
    unsigned char *pg = h_map_exec(0, 4096);
    assert_non_null(pg);
    uintptr_t target = (uintptr_t)answer;
    for (int off = 64; off <= 68; off += 4) {   /* both placements of the 8-byte word */
        uintptr_t stub_addr = (uintptr_t)pg + (uintptr_t)off;
        /* 1. a CALL_PLT at a place (not executed) from which the stub is just in reach and
         *    the C function is not: the backend writes the stub and aims the pair at it */
        unsigned char far_code[8];
        h_wr32(far_code, 0x00000097u);
        h_wr32(far_code + 4, 0x000080e7u);
        uintptr_t P = target < stub_addr ? stub_addr + 0x7ffff000u : stub_addr - 0x7ffff000u;
        struct elfld_obj_reloc r;
        memset(&r, 0, sizeof r);
        r.type = R_RISCV_CALL_PLT;
        r.where = far_code;
        r.P = P;
        r.S = target;
        r.stub = pg + off;
        r.stub_addr = stub_addr;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(emu_pair(P, h_rd32(far_code), h_rd32(far_code + 4)), stub_addr);
        assert_int_equal(check_stub(pg + off, stub_addr), target);
        /* 2. an executed tail call at the start of the page, aimed at the stub */
        h_wr32(pg, 0x00000317u);      /* auipc t1, 0 */
        h_wr32(pg + 4, 0x00030067u);  /* jalr x0, 0(t1) */
        assert_int_equal(apply(R_RISCV_CALL_PLT, pg, (uintptr_t)pg, stub_addr, 0), 0);
        h_sync_code(pg, 4096);
        int (*fn)(int) = (int (*)(int))(void *)pg;
        assert_int_equal(fn(5), answer(5));
        /* 3. the stub called directly: arguments and return address pass through */
        int (*st)(int) = (int (*)(int))(void *)(pg + off);
        assert_int_equal(st(-7), answer(-7));
    }
    h_unmap(pg, 4096);
}
#endif

/* ---------------------------------------------------------------- data words */
static void test_data_words(void **state) {
    (void)state;
    unsigned char w[8];
    /* 32: S + A */
    memset(w, 0, 8);
    assert_int_equal(apply(R_RISCV_32, w, BASE, 0x12345678u, 0x10), 0);
    assert_int_equal(h_rd32(w), 0x12345688u);
#if RV64
    assert_int_equal(apply(R_RISCV_32, w, BASE, 0xffffffffu, 0), 0);
    assert_int_equal(apply(R_RISCV_32, w, BASE, (uintptr_t)0x100000000ull, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_RISCV_32, w, BASE, (uintptr_t)0xffffffff80000000ull, 0), 0);
    assert_int_equal(apply(R_RISCV_32, w, BASE, (uintptr_t)0xffffffff7fffffffull, 0), ELFLD_ERANGE);
#endif
    /* 64: S + A */
    assert_int_equal(apply(R_RISCV_64, w, BASE, 0x1000, -8), 0);
    uint64_t q = 0;
    for (int i = 7; i >= 0; i--)
        q = q << 8 | w[i];
    assert_int_equal(q, 0xff8);
    /* 32_PCREL: S + A - P, signed 32 */
    assert_int_equal(apply(R_RISCV_32_PCREL, w, BASE, BASE - 0x10, 4), 0);
    assert_int_equal(h_rd32(w), (uint32_t)-12);
#if RV64
    assert_int_equal(apply(R_RISCV_32_PCREL, w, BASE, BASE + 0x7fffffffu, 0), 0);
    assert_int_equal(apply(R_RISCV_32_PCREL, w, BASE, BASE + 0x80000000u, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_RISCV_32_PCREL, w, BASE, BASE - 0x80000000u, 0), 0);
    assert_int_equal(apply(R_RISCV_32_PCREL, w, BASE, BASE - 0x80000001u, 0), ELFLD_ERANGE);
#endif
}

/*
 * Every data relocation with addends of both signs, the limits of the checked fields with
 * the addend counted.  The expected field is the psABI formula computed here from the row's
 * own S and A (and P = BASE, and the field's previous value V): an addend taken with the
 * wrong sign is off by 2A.  Addresses are computed in the target's width (uintptr_t).
 */
enum { F_SA, F_SAP, F_ADD, F_SUB, F_SET6, F_SUB6 };

static const struct addend_row {
    const char *what;
    uint32_t type;
    unsigned n;           /* bytes of the field */
    int f;                /* F_SA: S + A, F_SAP: S + A - P, F_ADD: V + S + A, F_SUB: V - S - A,
                             F_SET6 / F_SUB6: the low 6 bits of S + A / V - S - A */
    uint64_t S;           /* F_SAP: relative to P */
    int64_t A;
    int rc;
} addend_rows[] = {
    {"32 +A", R_RISCV_32, 4, F_SA, 0x12345000, 0x678, 0},
    {"32 -A", R_RISCV_32, 4, F_SA, 0x12345000, -0x1000, 0},
#if RV64
    {"32 max -A", R_RISCV_32, 4, F_SA, 0x100000010ull, -0x11, 0},
    {"32 2^32 -A", R_RISCV_32, 4, F_SA, 0x100000010ull, -0x10, ELFLD_ERANGE},
    {"32 -2^31 +A", R_RISCV_32, 4, F_SA, 0xffffffff7ffffff0ull, 0x10, 0},
    {"32 -2^31-1 +A", R_RISCV_32, 4, F_SA, 0xffffffff7fffffefull, 0x10, ELFLD_ERANGE},
#endif
    {"64 +A", R_RISCV_64, 8, F_SA, 0x1000, 0x234, 0},
    {"64 -A", R_RISCV_64, 8, F_SA, 0x12345000, -0x2000, 0},
    {"64 wraps", R_RISCV_64, 8, F_SA, (uintptr_t)-8, 0x10, 0},
    {"32_PCREL +A", R_RISCV_32_PCREL, 4, F_SAP, 0x1000, 0x20, 0},
    {"32_PCREL -A", R_RISCV_32_PCREL, 4, F_SAP, (uint64_t)-0x1000, -0x20, 0},
#if RV64
    {"32_PCREL max +A", R_RISCV_32_PCREL, 4, F_SAP, 0x7fffffef, 0x10, 0},
    {"32_PCREL 2^31 +A", R_RISCV_32_PCREL, 4, F_SAP, 0x7ffffff0, 0x10, ELFLD_ERANGE},
    {"32_PCREL max -A", R_RISCV_32_PCREL, 4, F_SAP, 0x8000000f, -0x10, 0},
    {"32_PCREL 2^31 -A", R_RISCV_32_PCREL, 4, F_SAP, 0x80000010, -0x10, ELFLD_ERANGE},
    {"32_PCREL -2^31 +A", R_RISCV_32_PCREL, 4, F_SAP, (uint64_t)-0x80000010ll, 0x10, 0},
    {"32_PCREL -2^31-1 +A", R_RISCV_32_PCREL, 4, F_SAP, (uint64_t)-0x80000011ll, 0x10,
     ELFLD_ERANGE},
    {"32_PCREL -2^31-1 -A", R_RISCV_32_PCREL, 4, F_SAP, (uint64_t)-0x7ffffff1ll, -0x10,
     ELFLD_ERANGE},
#endif
    {"PLT32 +A", R_RISCV_PLT32, 4, F_SAP, 0x1000, 8, 0},
    {"PLT32 -A", R_RISCV_PLT32, 4, F_SAP, (uint64_t)-0x1000, -8, 0},
    {"SET8 +A", R_RISCV_SET8, 1, F_SA, 0x1230, 5, 0},
    {"SET8 -A", R_RISCV_SET8, 1, F_SA, 0x1234, -0x40, 0},
    {"SET16 +A", R_RISCV_SET16, 2, F_SA, 0x12345, 0x1111, 0},
    {"SET16 -A", R_RISCV_SET16, 2, F_SA, 0x12345, -0x345, 0},
    {"SET32 +A", R_RISCV_SET32, 4, F_SA, 0x89abc000u, 0xdef, 0},
    {"SET32 -A", R_RISCV_SET32, 4, F_SA, 0x89abc000u, -0x1000, 0},
    {"SET6 +A", R_RISCV_SET6, 1, F_SET6, 0x1008, 3, 0},
    {"SET6 -A", R_RISCV_SET6, 1, F_SET6, 0x1008, -3, 0},
    {"SUB6 +A", R_RISCV_SUB6, 1, F_SUB6, 0x1004, 2, 0},
    {"SUB6 -A", R_RISCV_SUB6, 1, F_SUB6, 0x1004, -2, 0},
    {"ADD8 +A", R_RISCV_ADD8, 1, F_ADD, 0x5000, 0x10, 0},
    {"ADD8 -A", R_RISCV_ADD8, 1, F_ADD, 0x5000, -0x10, 0},
    {"ADD16 +A", R_RISCV_ADD16, 2, F_ADD, 0x5000, 0x123, 0},
    {"ADD16 -A", R_RISCV_ADD16, 2, F_ADD, 0x5000, -0x123, 0},
    {"ADD32 +A", R_RISCV_ADD32, 4, F_ADD, 0x5000, 0x123, 0},
    {"ADD32 -A", R_RISCV_ADD32, 4, F_ADD, 0x5000, -0x123, 0},
    {"ADD64 +A", R_RISCV_ADD64, 8, F_ADD, 0x5000, 0x123, 0},
    {"ADD64 -A", R_RISCV_ADD64, 8, F_ADD, 0x5000, -0x123, 0},
    {"SUB8 +A", R_RISCV_SUB8, 1, F_SUB, 0x4f00, 0x10, 0},
    {"SUB8 -A", R_RISCV_SUB8, 1, F_SUB, 0x4f00, -0x10, 0},
    {"SUB16 +A", R_RISCV_SUB16, 2, F_SUB, 0x4f00, 0x123, 0},
    {"SUB16 -A", R_RISCV_SUB16, 2, F_SUB, 0x4f00, -0x123, 0},
    {"SUB32 +A", R_RISCV_SUB32, 4, F_SUB, 0x4f00, 0x123, 0},
    {"SUB32 -A", R_RISCV_SUB32, 4, F_SUB, 0x4f00, -0x123, 0},
    {"SUB64 +A", R_RISCV_SUB64, 8, F_SUB, 0x4f00, 0x123, 0},
    {"SUB64 -A", R_RISCV_SUB64, 8, F_SUB, 0x4f00, -0x123, 0},
};

static void test_data_addends(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof addend_rows / sizeof addend_rows[0]; i++) {
        const struct addend_row *t = &addend_rows[i];
        unsigned char w[16], before[16];
        for (unsigned b = 0; b < sizeof w; b++)
            w[b] = (unsigned char)(0x5a + 0x11 * b);
        memcpy(before, w, sizeof w);
        uint64_t V = h_rdn(w, t->n);
        uintptr_t P = BASE, S = (uintptr_t)t->S + (t->f == F_SAP ? P : 0);
        uintptr_t SA = S + (uintptr_t)t->A;
        uint64_t want = t->f == F_SA    ? (uint64_t)SA
                      : t->f == F_SAP   ? (uint64_t)(uintptr_t)(SA - P)
                      : t->f == F_ADD   ? V + SA
                      : t->f == F_SUB   ? V - SA
                      : t->f == F_SET6  ? (V & 0xc0) | (SA & 0x3f)
                                        : (V & 0xc0) | ((V - SA) & 0x3f);
        int rc = apply(t->type, w, P, S, (intptr_t)t->A);
        if (rc != t->rc)
            fail_msg("%s: rc %d, want %d", t->what, rc, t->rc);
        if (rc) {
            if (memcmp(w, before, sizeof w) != 0)
                fail_msg("%s: written although refused", t->what);
            continue;
        }
        uint64_t mask = t->n == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * t->n)) - 1;
        if (h_rdn(w, t->n) != (want & mask))
            fail_msg("%s: field %#llx, want %#llx", t->what, (unsigned long long)h_rdn(w, t->n),
                     (unsigned long long)(want & mask));
        if (memcmp(w + t->n, before + t->n, sizeof w - t->n) != 0)
            fail_msg("%s: wrote past the field", t->what);
    }
}

static void test_label_arith(void **state) {
    (void)state;
    unsigned char w[8];
    /* ADDn / SUBn pairs: .wordN a - b with a = 0x5000, b = 0x4f00 + 0x10 */
    static const struct {
        uint32_t add, sub;
        unsigned n;
    } p[] = {{R_RISCV_ADD8, R_RISCV_SUB8, 1}, {R_RISCV_ADD16, R_RISCV_SUB16, 2},
             {R_RISCV_ADD32, R_RISCV_SUB32, 4}, {R_RISCV_ADD64, R_RISCV_SUB64, 8}};
    for (size_t i = 0; i < 4; i++) {
        memset(w, 0, 8);
        w[0] = 3;   /* an initial V */
        assert_int_equal(apply(p[i].add, w, BASE, 0x5000, 0), 0);
        assert_int_equal(apply(p[i].sub, w, BASE, 0x4f00, 0x10), 0);
        uint64_t v = 0;
        for (int b = (int)p[i].n - 1; b >= 0; b--)
            v = v << 8 | w[b];
        assert_int_equal(v, 3 + 0xf0);
        for (unsigned b = p[i].n; b < 8; b++)
            assert_int_equal(w[b], 0);   /* nothing written past the field */
        /* negative difference wraps modulo the width */
        memset(w, 0, 8);
        assert_int_equal(apply(p[i].add, w, BASE, 0x100, 0), 0);
        assert_int_equal(apply(p[i].sub, w, BASE, 0x101, 0), 0);
        for (unsigned b = 0; b < p[i].n; b++)
            assert_int_equal(w[b], 0xff);
    }
    /* SET6 / SUB6 keep the two high bits (DWARF DW_CFA_advance_loc) */
    w[0] = 0x40 | 0x3f;
    assert_int_equal(apply(R_RISCV_SET6, w, BASE, 0x1008, 2), 0);
    assert_int_equal(w[0], 0x40 | 0x0a);
    assert_int_equal(apply(R_RISCV_SUB6, w, BASE, 0x1004, 0), 0);
    assert_int_equal(w[0], 0x40 | 0x06);
    assert_int_equal(apply(R_RISCV_SUB6, w, BASE, 0x7, 0), 0);
    assert_int_equal(w[0], 0x40 | 0x3f);
    /* SETn: S + A */
    memset(w, 0xaa, 8);
    assert_int_equal(apply(R_RISCV_SET8, w, BASE, 0x1234, 1), 0);
    assert_int_equal(w[0], 0x35);
    assert_int_equal(w[1], 0xaa);
    assert_int_equal(apply(R_RISCV_SET16, w, BASE, 0x12345, 0), 0);
    assert_int_equal(h_rd16(w), 0x2345);
    assert_int_equal(apply(R_RISCV_SET32, w, BASE, 0x89abcdefu, 0), 0);
    assert_int_equal(h_rd32(w), 0x89abcdefu);
    assert_int_equal(w[4], 0xaa);
}

static void test_uleb128(void **state) {
    (void)state;
    /* 3-byte field as assembled (redundant 0x80 bytes); difference 0x1234 = 4660 */
    unsigned char w[4] = {0x80, 0x80, 0x00, 0x5a};
    assert_int_equal(apply(R_RISCV_SET_ULEB128, w, BASE, (uintptr_t)0x40345678u, 0), 0);
    assert_int_equal(apply(R_RISCV_SUB_ULEB128, w, BASE, (uintptr_t)0x40344444u, 0), 0);
    assert_int_equal(w[0], 0x80 | (0x1234 & 0x7f));
    assert_int_equal(w[1], 0x80 | ((0x1234 >> 7) & 0x7f));
    assert_int_equal(w[2], 0x00);
    assert_int_equal(w[3], 0x5a);   /* length kept */
    /* 1-byte field */
    unsigned char b[2] = {0x00, 0x77};
    assert_int_equal(apply(R_RISCV_SET_ULEB128, b, BASE, 0x1050, 0), 0);
    assert_int_equal(apply(R_RISCV_SUB_ULEB128, b, BASE, 0x1000, 8), 0);
    assert_int_equal(b[0], 0x48);
    assert_int_equal(b[1], 0x77);
    /* a field with no terminating byte in 10 bytes is malformed */
    unsigned char bad[10];
    memset(bad, 0x80, sizeof bad);
    assert_int_equal(apply(R_RISCV_SET_ULEB128, bad, BASE, 1, 0), ELFLD_ERELOC);
}

static void test_align_relax_none(void **state) {
    (void)state;
    unsigned char w[4] = {1, 2, 3, 4};
    /* ALIGN addend N bytes of nops at P: P + N must be aligned to the next power of two > N */
    static const struct {
        uintptr_t P;
        intptr_t A;
        int rc;
    } t[] = {
        {0x1000, 0, 0},             /* no padding */
        {0x1002, 2, 0},             /* 0x1004: 4-aligned */
        {0x1000, 2, ELFLD_ERELOC},  /* 0x1002 */
        {0x1002, 6, 0},             /* 0x1008: 8-aligned */
        {0x1006, 6, ELFLD_ERELOC},  /* 0x100c */
        {0x1000, 6, ELFLD_ERELOC},
        {0x1002, 14, 0},            /* 0x1010 */
        {0x1004, 12, 0},            /* 0x1010, padding without RVC */
        {0x1000, 12, ELFLD_ERELOC},
        {0x1000, -2, ELFLD_ERELOC},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int rc = apply(R_RISCV_ALIGN, w, t[i].P, 0, t[i].A);
        if (rc != t[i].rc)
            fail_msg("ALIGN case %zu: rc %d want %d", i, rc, t[i].rc);
    }
    /* RELAX and NONE change nothing */
    assert_int_equal(apply(R_RISCV_RELAX, w, BASE, 0x1234, 0), 0);
    assert_int_equal(apply(R_RISCV_NONE, w, BASE, 0x1234, 0), 0);
    assert_int_equal(h_rd32(w), 0x04030201u);
    /* dynamic-only TLS types and unknown types are not applied */
    assert_int_equal(apply(R_RISCV_TLS_DTPMOD64, w, BASE, 0, 0), ELFLD_ERELTYPE);
    assert_int_equal(apply(42, w, BASE, 0, 0), ELFLD_ERELTYPE);   /* reserved */
    assert_int_equal(apply(200, w, BASE, 0, 0), ELFLD_ERELTYPE);  /* nonstandard range */
    assert_int_equal(h_rd32(w), 0x04030201u);
}

/* ---------------------------------------------------------------- field sizes */
/*
 * Every type the backend applies, with the bytes of its field from the psABI's "Field
 * Symbols": an instruction is 4 bytes, a compressed one (RVC_BRANCH, RVC_JUMP) 2, CALL /
 * CALL_PLT the pair auipc + jalr (8); data words their name's width, word6 (SET6 / SUB6) the
 * low bits of 1 byte; a ULEB128 as long as its bytes say (driven as the 3-byte 80 80 00).
 * ALIGN touches no byte.  Accepted when the field ends exactly at the end of its section,
 * refused (ELFLD_ERELOC, nothing written) one byte further.
 */
static const struct h_field field_sizes[] = {
    {R_RISCV_32, 4}, {R_RISCV_64, 8}, {R_RISCV_BRANCH, 4}, {R_RISCV_JAL, 4},
    {R_RISCV_CALL, 8}, {R_RISCV_CALL_PLT, 8}, {R_RISCV_GOT_HI20, 4}, {R_RISCV_PCREL_HI20, 4},
    {R_RISCV_PCREL_LO12_I, 4}, {R_RISCV_PCREL_LO12_S, 4}, {R_RISCV_HI20, 4},
    {R_RISCV_LO12_I, 4}, {R_RISCV_LO12_S, 4},
    {R_RISCV_ADD8, 1}, {R_RISCV_ADD16, 2}, {R_RISCV_ADD32, 4}, {R_RISCV_ADD64, 8},
    {R_RISCV_SUB8, 1}, {R_RISCV_SUB16, 2}, {R_RISCV_SUB32, 4}, {R_RISCV_SUB64, 8},
    {R_RISCV_GOT32_PCREL, 4}, {R_RISCV_ALIGN, 0}, {R_RISCV_RVC_BRANCH, 2}, {R_RISCV_RVC_JUMP, 2},
    {R_RISCV_SUB6, 1}, {R_RISCV_SET6, 1}, {R_RISCV_SET8, 1}, {R_RISCV_SET16, 2},
    {R_RISCV_SET32, 4}, {R_RISCV_32_PCREL, 4}, {R_RISCV_PLT32, 4},
    {R_RISCV_SET_ULEB128, H_ULEB128}, {R_RISCV_SUB_ULEB128, H_ULEB128},
    {R_RISCV_TLS_GOT_HI20, 4}, {R_RISCV_TLS_GD_HI20, 4}, {R_RISCV_TPREL_HI20, 4},
    {R_RISCV_TPREL_LO12_I, 4}, {R_RISCV_TPREL_LO12_S, 4}, {R_RISCV_TPREL_ADD, 0},
    {R_RISCV_TLS_DTPREL32, 4}, {R_RISCV_TLS_DTPREL64, 8}, {R_RISCV_TLSDESC_HI20, 4},
    {R_RISCV_TLSDESC_LOAD_LO12, 4}, {R_RISCV_TLSDESC_ADD_LO12, 4}, {R_RISCV_TLSDESC_CALL, 0},
};

static void test_field_sizes(void **state) {
    (void)state;
    const struct h_reloc tmpl = {.S = 0x40, .rela = 1, .G = 0x80, .GOT = 0x10};
    const char *why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0],
                                     256, &tmpl);
    if (why)
        fail_msg("%s", why);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_short_branches),
        cmocka_unit_test(test_pcrel_pairs),
        cmocka_unit_test(test_got_hi20),
        cmocka_unit_test(test_abs_pairs),
        cmocka_unit_test(test_call_pair),
#if RV64
        cmocka_unit_test(test_call_stub),
        cmocka_unit_test(test_execute_stub),
#endif
        cmocka_unit_test(test_data_words),
        cmocka_unit_test(test_data_addends),
        cmocka_unit_test(test_label_arith),
        cmocka_unit_test(test_uleb128),
        cmocka_unit_test(test_align_relax_none),
        cmocka_unit_test(test_field_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
