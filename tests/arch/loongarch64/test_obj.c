/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_obj.c - LoongArch64 object-file relocations (arch/loongarch64/object.c), table driven:
 *   - classification of every type (flags and names; SOP_* refused, TLS types with the form the
 *     core computes for them, or flagged where not applied),
 *   - each instruction encoder: encode, apply, decode the field with an independent decoder,
 *     compare with the laelf formula; other instruction bits unchanged,
 *   - overflow at the exact limits of B16 / B21 / B26 / PCREL20_S2 / CALL36 / HI20 / 32_PCREL,
 *   - pcalau12i pairs and the 4-instruction extreme-model sequences (PCALA, GOT, and the
 *     TLS models' GOT entries and TP offsets) emulated over many values (the result must be
 *     the target address),
 *   - ADD/SUB (6/8/16/24/32/64, ULEB128), ALIGN in both addend encodings,
 *   - branch stubs: decoded, and executed (RWX page: b -> stub -> C function).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/backend.h"
#include "harness.h"
#include "reloc_types.h"   /* arch/loongarch64/: R_LARCH_* */

/* Fields, sign extension, applying a relocation, executable pages: ../common/harness.h. */

/* Independent decoders (LoongArch reference manual instruction formats). */
static int64_t si20(uint32_t x) { return h_sext(x >> 5, 20); }
static int64_t si12(uint32_t x) { return h_sext(x >> 10, 12); }
static uint64_t ui12(uint32_t x) { return (x >> 10) & 0xfff; }
static int64_t offs16(uint32_t x) { return h_sext(x >> 10, 16) * 4; }
static int64_t offs21(uint32_t x) { return h_sext(((x & 0x1f) << 16) | ((x >> 10) & 0xffff), 21) * 4; }
static int64_t offs26(uint32_t x) { return h_sext(((x & 0x3ff) << 16) | ((x >> 10) & 0xffff), 26) * 4; }

/* RELA (every LoongArch object is) with a GOT slot address G, or without one. */
static int apply_g(uint32_t type, unsigned char *where, uint64_t P, uint64_t S, int64_t A,
                   uint64_t G) {
    return h_apply(&(struct h_reloc){.type = type, .where = where, .P = P, .S = S, .A = A,
                                     .G = G, .rela = 1});
}
static int apply(uint32_t type, unsigned char *where, uint64_t P, uint64_t S, int64_t A) {
    return h_apply1(type, where, P, S, A, 1, 0);
}

/* instructions (register fields: rd = $a0 ($r4), rj = $t0 ($r12) where present) */
#define I_BEQ 0x58000000u | (12u << 5) | 4u          /* beq $t0, $a0, 0 */
#define I_BEQZ 0x40000000u | (12u << 5)               /* beqz $t0, 0 */
#define I_BL 0x54000000u                              /* bl 0 */
#define I_PCALAU12I (0x1a000000u | 13u)               /* pcalau12i $t1, 0 */
#define I_ADDI_D_T1 (0x02c00000u | (13u << 5) | 4u)   /* addi.d $a0, $t1, 0 */
#define I_ADDI_D_ZERO (0x02c00000u | 12u)             /* addi.d $t0, $zero, 0 */
#define I_LD_D (0x28c00000u | (13u << 5) | 4u)        /* ld.d $a0, $t1, 0 */
#define I_LU12I_W (0x14000000u | 12u)                 /* lu12i.w $t0, 0 */
#define I_ORI (0x03800000u | (12u << 5) | 12u)        /* ori $t0, $t0, 0 */
#define I_LU32I_D (0x16000000u | 12u)                 /* lu32i.d $t0, 0 */
#define I_LU52I_D (0x03000000u | (12u << 5) | 12u)    /* lu52i.d $t0, $t0, 0 */
#define I_PCADDI (0x18000000u | 4u)                   /* pcaddi $a0, 0 */
#define I_PCADDU18I (0x1e000000u | 1u)                /* pcaddu18i $ra, 0 */
#define I_JIRL_RA (0x4c000000u | (1u << 5) | 1u)      /* jirl $ra, $ra, 0 */

/* ---------------------------------------------------------------- classification */
#define K ELFLD_OBJ_KNOWN
#define NP (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NOP)
#define GS (ELFLD_OBJ_KNOWN | ELFLD_OBJ_GOT)
#define BR (ELFLD_OBJ_KNOWN | ELFLD_OBJ_BRANCH)
#define TL ELFLD_OBJ_TLS
/* a thread-local type applied in objects, and what its psABI formula takes: G, the model's GOT
 * entry (GD and LD: the variable's tls_index pair; IE: the TP offset; DESC: the descriptor), or
 * S, the TP-relative offset */
#define TF(form) (K | TL | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))
#define NB (ELFLD_OBJ_KNOWN | ELFLD_OBJ_NEAR_BRANCH)   /* a branch that takes no stub */

static void test_classify(void **state) {
    (void)state;
    static const struct {
        uint32_t type;
        unsigned flags;
        const char *name;
    } t[] = {
        {R_LARCH_NONE, NP, "R_LARCH_NONE"}, {R_LARCH_32, K, "R_LARCH_32"},
        {R_LARCH_64, K, "R_LARCH_64"}, {R_LARCH_RELATIVE, 0, "R_LARCH_RELATIVE"},
        {R_LARCH_JUMP_SLOT, 0, "R_LARCH_JUMP_SLOT"},
        {R_LARCH_TLS_DTPMOD32, TL, "R_LARCH_TLS_DTPMOD32"},
        {R_LARCH_IRELATIVE, 0, "R_LARCH_IRELATIVE"}, {R_LARCH_TLS_DESC64, TL, "R_LARCH_TLS_DESC64"},
        {15, 0, NULL}, {R_LARCH_MARK_LA, NP, "R_LARCH_MARK_LA"},
        {R_LARCH_MARK_PCREL, NP, "R_LARCH_MARK_PCREL"},
        {R_LARCH_SOP_PUSH_PCREL, 0, "R_LARCH_SOP_PUSH_PCREL"},
        {R_LARCH_SOP_POP_32_S_10_5, 0, "R_LARCH_SOP_POP_32_S_10_5"},
        {R_LARCH_SOP_POP_32_U, 0, "R_LARCH_SOP_POP_32_U"}, {R_LARCH_ADD8, K, "R_LARCH_ADD8"},
        {R_LARCH_ADD24, K, "R_LARCH_ADD24"}, {R_LARCH_SUB64, K, "R_LARCH_SUB64"},
        {R_LARCH_GNU_VTINHERIT, NP, "R_LARCH_GNU_VTINHERIT"}, {59, 0, NULL},
        {R_LARCH_B16, NB, "R_LARCH_B16"}, {R_LARCH_B21, NB, "R_LARCH_B21"},
        {R_LARCH_B26, BR, "R_LARCH_B26"}, {R_LARCH_ABS_HI20, K, "R_LARCH_ABS_HI20"},
        {R_LARCH_ABS64_HI12, K, "R_LARCH_ABS64_HI12"},
        {R_LARCH_PCALA_HI20, K, "R_LARCH_PCALA_HI20"},
        {R_LARCH_PCALA_LO12, K, "R_LARCH_PCALA_LO12"},
        {R_LARCH_PCALA64_LO20, K, "R_LARCH_PCALA64_LO20"},
        {R_LARCH_PCALA64_HI12, K, "R_LARCH_PCALA64_HI12"},
        {R_LARCH_GOT_PC_HI20, GS, "R_LARCH_GOT_PC_HI20"},
        {R_LARCH_GOT_PC_LO12, GS | ELFLD_OBJ_GOT_TLS_GD, "R_LARCH_GOT_PC_LO12"},
        {R_LARCH_GOT64_PC_LO20, GS | ELFLD_OBJ_GOT_TLS_GD, "R_LARCH_GOT64_PC_LO20"},
        {R_LARCH_GOT64_PC_HI12, GS | ELFLD_OBJ_GOT_TLS_GD, "R_LARCH_GOT64_PC_HI12"},
        {R_LARCH_GOT_HI20, GS, "R_LARCH_GOT_HI20"}, {R_LARCH_GOT64_HI12, GS, "R_LARCH_GOT64_HI12"},
        {R_LARCH_TLS_LE_HI20, TF(TPOFF), "R_LARCH_TLS_LE_HI20"},
        {R_LARCH_TLS_LE_LO12, TF(TPOFF), "R_LARCH_TLS_LE_LO12"},
        {R_LARCH_TLS_LE64_LO20, TF(TPOFF), "R_LARCH_TLS_LE64_LO20"},
        {R_LARCH_TLS_LE64_HI12, TF(TPOFF), "R_LARCH_TLS_LE64_HI12"},
        {R_LARCH_TLS_IE_PC_HI20, TF(IE), "R_LARCH_TLS_IE_PC_HI20"},
        {R_LARCH_TLS_IE_PC_LO12, TF(IE), "R_LARCH_TLS_IE_PC_LO12"},
        {R_LARCH_TLS_IE64_PC_LO20, TF(IE), "R_LARCH_TLS_IE64_PC_LO20"},
        {R_LARCH_TLS_IE64_PC_HI12, TF(IE), "R_LARCH_TLS_IE64_PC_HI12"},
        {R_LARCH_TLS_IE_HI20, TL, "R_LARCH_TLS_IE_HI20"},
        {R_LARCH_TLS_LD_PC_HI20, TF(GD), "R_LARCH_TLS_LD_PC_HI20"},
        {R_LARCH_TLS_GD_PC_HI20, TF(GD), "R_LARCH_TLS_GD_PC_HI20"},
        {R_LARCH_TLS_GD_HI20, TL, "R_LARCH_TLS_GD_HI20"}, {R_LARCH_32_PCREL, K, "R_LARCH_32_PCREL"},
        {R_LARCH_RELAX, NP, "R_LARCH_RELAX"}, {101, 0, NULL}, {R_LARCH_ALIGN, K, "R_LARCH_ALIGN"},
        {R_LARCH_PCREL20_S2, K, "R_LARCH_PCREL20_S2"}, {104, 0, NULL},
        {R_LARCH_ADD6, K, "R_LARCH_ADD6"}, {R_LARCH_SUB6, K, "R_LARCH_SUB6"},
        {R_LARCH_ADD_ULEB128, K, "R_LARCH_ADD_ULEB128"},
        {R_LARCH_SUB_ULEB128, K, "R_LARCH_SUB_ULEB128"}, {R_LARCH_64_PCREL, K, "R_LARCH_64_PCREL"},
        {R_LARCH_CALL36, BR, "R_LARCH_CALL36"},
        {R_LARCH_TLS_DESC_PC_HI20, TF(DESC), "R_LARCH_TLS_DESC_PC_HI20"},
        {R_LARCH_TLS_DESC_PC_LO12, TF(DESC), "R_LARCH_TLS_DESC_PC_LO12"},
        {R_LARCH_TLS_DESC64_PC_LO20, TF(DESC), "R_LARCH_TLS_DESC64_PC_LO20"},
        {R_LARCH_TLS_DESC64_PC_HI12, TF(DESC), "R_LARCH_TLS_DESC64_PC_HI12"},
        {R_LARCH_TLS_DESC_HI20, TL, "R_LARCH_TLS_DESC_HI20"},
        {R_LARCH_TLS_DESC_LD, TF(MARK), "R_LARCH_TLS_DESC_LD"},
        {R_LARCH_TLS_DESC_CALL, TF(MARK), "R_LARCH_TLS_DESC_CALL"},
        {R_LARCH_TLS_LE_HI20_R, TL, "R_LARCH_TLS_LE_HI20_R"},
        {R_LARCH_TLS_DESC_PCREL20_S2, TL, "R_LARCH_TLS_DESC_PCREL20_S2"}, {127, 0, NULL},
        {0xffffffffu, 0, NULL},
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
    assert_int_equal(elfld_arch_stub_size, 24);
}

/* ---------------------------------------------------------------- branches */
static const struct {
    uint32_t type;
    int64_t off;
    int rc;
} br[] = {
    {R_LARCH_B16, 0, 0}, {R_LARCH_B16, 4, 0}, {R_LARCH_B16, 0x1fffc, 0},
    {R_LARCH_B16, 0x20000, ELFLD_ERANGE}, {R_LARCH_B16, -0x20000, 0},
    {R_LARCH_B16, -0x20004, ELFLD_ERANGE}, {R_LARCH_B16, 0x12344, 0},
    {R_LARCH_B16, 2, ELFLD_ERANGE}, {R_LARCH_B21, 0x3ffffc, 0},
    {R_LARCH_B21, 0x400000, ELFLD_ERANGE}, {R_LARCH_B21, -0x400000, 0},
    {R_LARCH_B21, -0x400004, ELFLD_ERANGE}, {R_LARCH_B21, 0x2aaaa8, 0}, {R_LARCH_B21, -0x155554, 0},
    {R_LARCH_B21, 1, ELFLD_ERANGE}, {R_LARCH_B26, 0x7fffffc, 0},
    {R_LARCH_B26, 0x8000000, ELFLD_ERANGE}, {R_LARCH_B26, -0x8000000, 0},
    {R_LARCH_B26, -0x8000004, ELFLD_ERANGE}, {R_LARCH_B26, 0x5555554, 0},
    {R_LARCH_B26, -0x2aaaaac, 0}, {R_LARCH_B26, 6, ELFLD_ERANGE}, {R_LARCH_PCREL20_S2, 0x1ffffc, 0},
    {R_LARCH_PCREL20_S2, 0x200000, ELFLD_ERANGE}, {R_LARCH_PCREL20_S2, -0x200000, 0},
    {R_LARCH_PCREL20_S2, -0x200004, ELFLD_ERANGE}, {R_LARCH_PCREL20_S2, 0x12340, 0},
    {R_LARCH_PCREL20_S2, 2, ELFLD_ERANGE},
};

static void test_branches(void **state) {
    (void)state;
    const uint64_t P = 0x120001000ull;
    for (size_t i = 0; i < sizeof br / sizeof br[0]; i++) {
        unsigned char b[4];
        uint32_t insn = br[i].type == R_LARCH_B16 ? I_BEQ : br[i].type == R_LARCH_B21 ? I_BEQZ
                        : br[i].type == R_LARCH_B26 ? I_BL : I_PCADDI;
        h_wr32(b, insn);
        int rc = apply(br[i].type, b, P, P + (uint64_t)br[i].off - 16, 16);
        if (rc != br[i].rc)
            fail_msg("case %zu type %u off %lld: rc %d want %d", i, br[i].type,
                     (long long)br[i].off, rc, br[i].rc);
        if (rc)
            continue;
        uint32_t x = h_rd32(b);
        switch (br[i].type) {
        case R_LARCH_B16:
            assert_int_equal(offs16(x), br[i].off);
            assert_int_equal(x & 0xfc0003ffu, insn & 0xfc0003ffu);
            break;
        case R_LARCH_B21:
            assert_int_equal(offs21(x), br[i].off);
            assert_int_equal(x & 0xfc0003e0u, insn & 0xfc0003e0u);
            break;
        case R_LARCH_B26:
            assert_int_equal(offs26(x), br[i].off);
            assert_int_equal(x & 0xfc000000u, insn);
            break;
        default:
            assert_int_equal(si20(x) * 4, br[i].off);
            assert_int_equal(x & 0xfe00001fu, insn);
        }
    }
}

/* Emulated pcaddu18i + jirl: PC + h_sext(si20 << 18) + h_sext(offs16 << 2) */
static uint64_t emu_call36(uint64_t P, const unsigned char *c) {
    return P + (uint64_t)(si20(h_rd32(c)) * (1 << 18)) + (uint64_t)offs16(h_rd32(c + 4));
}

static void test_call36(void **state) {
    (void)state;
    const uint64_t P = 0x7ff000001000ull;
    static const int64_t offs[] = {
        0, 4, -4, 0x1fffc, 0x20000, -0x20000, -0x20004, 0x123456788LL, -0x1876543210LL,
        (1LL << 37) - 0x20000 - 4, -(1LL << 37) - 0x20000,
    };
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        unsigned char c[8];
        h_wr32(c, I_PCADDU18I);
        h_wr32(c + 4, I_JIRL_RA);
        assert_int_equal(apply(R_LARCH_CALL36, c, P, P + (uint64_t)offs[i], 0), 0);
        assert_int_equal(emu_call36(P, c), P + (uint64_t)offs[i]);
        assert_int_equal(h_rd32(c) & 0xfe00001fu, I_PCADDU18I);
        assert_int_equal(h_rd32(c + 4) & 0xfc0003ffu, I_JIRL_RA);
    }
    unsigned char c[8];
    h_wr32(c, I_PCADDU18I);
    h_wr32(c + 4, I_JIRL_RA);
    assert_int_equal(apply(R_LARCH_CALL36, c, P, P + (1ull << 37) - 0x20000, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_CALL36, c, P, P - (1ull << 37) - 0x20004, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_CALL36, c, P, P + 2, 0), ELFLD_ERANGE);
}

/* ---------------------------------------------------------------- stubs */
static uint64_t check_stub(const unsigned char *s, uint64_t stub_addr) {
    unsigned d = ((stub_addr + 12) & 7) == 0 ? 12 : 16;
    assert_int_equal(h_rd32(s), 0x1c00000du);                   /* pcaddu12i $t1, 0 */
    uint32_t ld = h_rd32(s + 4);
    assert_int_equal(ld & 0xffc003ffu, 0x28c001adu);          /* ld.d $t1, $t1, x */
    assert_int_equal(si12(ld), d);
    assert_int_equal((stub_addr + d) % 8, 0);
    assert_int_equal(h_rd32(s + 8), 0x4c0001a0u);               /* jirl $zero, $t1, 0 */
    return h_rdn(s + d, 8);
}

static void test_stubs(void **state) {
    (void)state;
    for (int mis = 0; mis < 2; mis++) {
        unsigned char b[4], c[8], stub[24];
        const uint64_t P = 0x7ff000001000ull, far = 0x100000002468ull;
        const uint64_t sa = P + 0x4000000 + (mis ? 4 : 0);
        struct elfld_obj_reloc r;
        memset(&r, 0, sizeof r);
        /* B26 out of reach: through the stub */
        h_wr32(b, I_BL);
        r.type = R_LARCH_B26;
        r.where = b;
        r.P = P;
        r.S = far;
        r.stub = stub;
        r.stub_addr = sa;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(P + (uint64_t)offs26(h_rd32(b)), sa);
        assert_int_equal(check_stub(stub, sa), far);
        r.stub_addr = P + 0x8000000;        /* stub itself out of reach */
        assert_int_equal(elfld_arch_obj_apply(&r), ELFLD_ERANGE);
        r.stub = NULL;                        /* no stub planned */
        assert_int_equal(elfld_arch_obj_apply(&r), ELFLD_ERANGE);
        /* CALL36 out of reach (256 TiB away): through the stub */
        h_wr32(c, I_PCADDU18I);
        h_wr32(c + 4, I_JIRL_RA);
        memset(&r, 0, sizeof r);
        r.type = R_LARCH_CALL36;
        r.where = c;
        r.P = P;
        r.S = 0x10000ull;
        r.stub = stub;
        r.stub_addr = sa + 0x100000000ull;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(emu_call36(P, c), sa + 0x100000000ull);
        assert_int_equal(check_stub(stub, sa + 0x100000000ull), 0x10000);
    }
}

static int answer(int x) {
    return x * 3 + 42;
}

static void test_execute_stub(void **state) {
    (void)state;
    unsigned char *pg = h_map_exec(0, 4096);
    assert_non_null(pg);
    uint64_t target = (uintptr_t)answer;
    for (int off = 64; off <= 68; off += 4) {
        uint64_t sa = (uintptr_t)pg + (uint64_t)off;
        /* 1. a B26 at a place (not executed) from which the stub is in reach and the C
         *    function is not: the backend writes the stub */
        unsigned char b[4];
        h_wr32(b, I_BL);
        uint64_t P = target < sa ? sa + 0x7fffff0 : sa - 0x7fffff0;
        struct elfld_obj_reloc r;
        memset(&r, 0, sizeof r);
        r.type = R_LARCH_B26;
        r.where = b;
        r.P = P;
        r.S = target;
        r.stub = pg + off;
        r.stub_addr = sa;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        assert_int_equal(P + (uint64_t)offs26(h_rd32(b)), sa);
        assert_int_equal(check_stub(pg + off, sa), target);
        /* 2. an executed tail branch `b stub` at the start of the page (b: opcode 0x50000000) */
        h_wr32(pg, 0x50000000u);
        assert_int_equal(apply(R_LARCH_B26, pg, (uintptr_t)pg, sa, 0), 0);
        /* 3. an executed CALL36 tail call (pcaddu18i $t1; jirl $zero, $t1) to the function,
         *    through the stub only if the function is beyond 128 GiB */
        h_wr32(pg + 8, 0x1e00000du);
        h_wr32(pg + 12, 0x4c0001a0u);
        memset(&r, 0, sizeof r);
        r.type = R_LARCH_CALL36;
        r.where = pg + 8;
        r.P = (uintptr_t)pg + 8;
        r.S = target;
        r.stub = pg + 128;
        r.stub_addr = (uintptr_t)pg + 128;
        assert_int_equal(elfld_arch_obj_apply(&r), 0);
        h_sync_code(pg, 4096);
        int (*fn)(int) = (int (*)(int))(void *)pg;
        assert_int_equal(fn(5), answer(5));
        int (*st)(int) = (int (*)(int))(void *)(pg + off);
        assert_int_equal(st(-7), answer(-7));
        int (*c36)(int) = (int (*)(int))(void *)(pg + 8);
        assert_int_equal(c36(11), answer(11));
    }
    h_unmap(pg, 4096);
}

/* ---------------------------------------------------------------- address pairs */
static uint64_t emu_pcala(uint64_t pc, uint32_t hi) {
    return (pc & ~0xfffull) + (uint64_t)(si20(hi) * 4096);
}

/* The 4-instruction extreme sequence: pcalau12i $t1; addi.d $t0, $zero; lu32i.d; lu52i.d;
 * result $t0 + $t1 (laelf "Extreme code model"). */
static uint64_t emu_extreme(uint64_t pc, const unsigned char *c) {
    uint64_t t1 = emu_pcala(pc, h_rd32(c));
    uint64_t t0 = (uint64_t)si12(h_rd32(c + 4));
    t0 = ((uint64_t)si20(h_rd32(c + 8)) << 32) | (t0 & 0xffffffffull);
    t0 = (ui12(h_rd32(c + 12)) << 52) | (t0 & ((1ull << 52) - 1));
    return t0 + t1;
}

static uint64_t lcg(uint64_t *s) {
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s;
}

static void test_pcala_normal(void **state) {
    (void)state;
    const uint64_t P = 0x7ff012345ffcull;
    static const int64_t offs[] = {
        0, 0x7ff, 0x800, 0xfff, 0x1000, -1, -0x800, -0x801, 0x12345678, -0x12345678,
    };
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++)
        for (int kind = 0; kind < 2; kind++) {   /* PCALA (addi.d) and GOT_PC (ld.d) */
            unsigned char c[8];
            h_wr32(c, I_PCALAU12I);
            h_wr32(c + 4, kind ? I_LD_D : I_ADDI_D_T1);
            uint64_t X = P + (uint64_t)offs[i];
            if (kind) {
                assert_int_equal(apply_g(R_LARCH_GOT_PC_HI20, c, P, 0, 0, X), 0);
                assert_int_equal(apply_g(R_LARCH_GOT_PC_LO12, c + 4, P + 4, 0, 0, X), 0);
            } else {
                assert_int_equal(apply(R_LARCH_PCALA_HI20, c, P, X - 0x20, 0x20), 0);
                assert_int_equal(apply(R_LARCH_PCALA_LO12, c + 4, P + 4, X - 0x20, 0x20), 0);
            }
            assert_int_equal(emu_pcala(P, h_rd32(c)) + (uint64_t)si12(h_rd32(c + 4)), X);
            assert_int_equal(h_rd32(c) & 0xfe00001fu, I_PCALAU12I);
            assert_int_equal(h_rd32(c + 4) & 0xffc003ffu, kind ? I_LD_D : I_ADDI_D_T1);
        }
    /* exact reach [(PC & ~0xfff) - 2 GiB - 0x800, (PC & ~0xfff) + 2 GiB - 0x800) when no
     * lu32i.d follows (normal / medium code model) */
    unsigned char c[12];
    h_wr32(c, I_PCALAU12I);
    h_wr32(c + 4, I_ADDI_D_T1);
    h_wr32(c + 8, 0x03400000u);   /* nop */
    const uint64_t pg = P & ~0xfffull;
    assert_int_equal(apply(R_LARCH_PCALA_HI20, c, P, pg + 0x80000000ull - 0x801, 0), 0);
    assert_int_equal(apply(R_LARCH_PCALA_HI20, c, P, pg + 0x80000000ull - 0x800, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_PCALA_HI20, c, P, pg - 0x80000000ull - 0x800, 0), 0);
    assert_int_equal(apply(R_LARCH_PCALA_HI20, c, P, pg - 0x80000000ull - 0x801, 0), ELFLD_ERANGE);
    assert_int_equal(apply_g(R_LARCH_GOT_PC_HI20, c, P, 0, 0, pg + 0x80000000ull), ELFLD_ERANGE);
    /* PCALA_LO12 on a jirl (pcalau12i + jirl): offs16 = h_sext(lo12) >> 2 */
    unsigned char j[4];
    h_wr32(j, 0x4c000000u | (13u << 5) | 1u);   /* jirl $ra, $t1, 0 */
    assert_int_equal(apply(R_LARCH_PCALA_LO12, j, P, 0x12345ffcull, 0), 0);
    assert_int_equal(offs16(h_rd32(j)), -4);
    assert_int_equal(apply(R_LARCH_PCALA_LO12, j, P, 0x12345002ull, 0), ELFLD_ERANGE);
}

static void test_extreme(void **state) {
    (void)state;
    uint64_t seed = 12345;
    for (int i = 0; i < 4000; i++) {
        uint64_t P = (lcg(&seed) >> 16) & ~3ull;
        uint64_t X = lcg(&seed);
        if (i % 4 == 1)
            X = (X & ~0xfffull) | 0x800;     /* the sign-extension corner cases */
        if (i % 4 == 2)
            X = (X & ~0xfffull) | 0x7ff;
        if (i % 8 == 3)
            X = P + (X & 0xffffffull);         /* near */
        /* PCALA: X = S + A; the others: X = G, the GOT entry (the GOT's, and the TLS
         * models': IE's TP offset, the GD and LD tls_index pair whose low halves are the
         * GOT_PC / GOT64_PC types, the descriptor) */
        static const uint32_t pc_types[][4] = {
            {R_LARCH_PCALA_HI20, R_LARCH_PCALA_LO12, R_LARCH_PCALA64_LO20, R_LARCH_PCALA64_HI12},
            {R_LARCH_GOT_PC_HI20, R_LARCH_GOT_PC_LO12, R_LARCH_GOT64_PC_LO20,
             R_LARCH_GOT64_PC_HI12},
            {R_LARCH_TLS_IE_PC_HI20, R_LARCH_TLS_IE_PC_LO12, R_LARCH_TLS_IE64_PC_LO20,
             R_LARCH_TLS_IE64_PC_HI12},
            {R_LARCH_TLS_GD_PC_HI20, R_LARCH_GOT_PC_LO12, R_LARCH_GOT64_PC_LO20,
             R_LARCH_GOT64_PC_HI12},
            {R_LARCH_TLS_LD_PC_HI20, R_LARCH_GOT_PC_LO12, R_LARCH_GOT64_PC_LO20,
             R_LARCH_GOT64_PC_HI12},
            {R_LARCH_TLS_DESC_PC_HI20, R_LARCH_TLS_DESC_PC_LO12, R_LARCH_TLS_DESC64_PC_LO20,
             R_LARCH_TLS_DESC64_PC_HI12},
        };
        for (size_t kind = 0; kind < sizeof pc_types / sizeof pc_types[0]; kind++) {
            unsigned char c[16];
            h_wr32(c, I_PCALAU12I);
            h_wr32(c + 4, I_ADDI_D_ZERO);
            h_wr32(c + 8, I_LU32I_D);
            h_wr32(c + 12, I_LU52I_D);
            for (unsigned k = 0; k < 4; k++)
                assert_int_equal(kind ? apply_g(pc_types[kind][k], c + 4 * k, P + 4 * k, 0, 0, X)
                                      : apply(pc_types[kind][k], c + 4 * k, P + 4 * k, X - 8, 8),
                                 0);
            uint64_t got = emu_extreme(P, c);
            if (got != X)
                fail_msg("extreme kind %zu P %#llx X %#llx: got %#llx", kind,
                         (unsigned long long)P, (unsigned long long)X, (unsigned long long)got);
            assert_int_equal(h_rd32(c + 8) & 0xfe00001fu, I_LU32I_D);
            assert_int_equal(h_rd32(c + 12) & 0xffc003ffu, I_LU52I_D);
        }
        /* absolute: lu12i.w + ori + lu32i.d + lu52i.d */
        unsigned char a[16];
        h_wr32(a, I_LU12I_W);
        h_wr32(a + 4, I_ORI);
        h_wr32(a + 8, I_LU32I_D);
        h_wr32(a + 12, I_LU52I_D);
        /* ABS: X = S; GOT: X = G; local exec: X = S, the offset from tp */
        static const uint32_t abs_types[][4] = {
            {R_LARCH_ABS_HI20, R_LARCH_ABS_LO12, R_LARCH_ABS64_LO20, R_LARCH_ABS64_HI12},
            {R_LARCH_GOT_HI20, R_LARCH_GOT_LO12, R_LARCH_GOT64_LO20, R_LARCH_GOT64_HI12},
            {R_LARCH_TLS_LE_HI20, R_LARCH_TLS_LE_LO12, R_LARCH_TLS_LE64_LO20,
             R_LARCH_TLS_LE64_HI12},
        };
        for (size_t kind = 0; kind < sizeof abs_types / sizeof abs_types[0]; kind++) {
            for (unsigned k = 0; k < 4; k++)
                assert_int_equal(kind == 1 ? apply_g(abs_types[kind][k], a + 4 * k, P + 4 * k, 0, 0, X)
                                           : apply(abs_types[kind][k], a + 4 * k, P + 4 * k, X, 0),
                                 0);
            uint64_t t0 = (uint64_t)(si20(h_rd32(a)) * 4096);          /* lu12i.w */
            t0 |= ui12(h_rd32(a + 4));                                  /* ori */
            t0 = ((uint64_t)si20(h_rd32(a + 8)) << 32) | (t0 & 0xffffffffull);
            t0 = (ui12(h_rd32(a + 12)) << 52) | (t0 & ((1ull << 52) - 1));
            assert_int_equal(t0, X);
        }
    }
    /* ABS_HI20 + ORI alone: S + A must be a sign-extended 32-bit value */
    unsigned char a[12];
    h_wr32(a, I_LU12I_W);
    h_wr32(a + 4, I_ORI);
    h_wr32(a + 8, 0x03400000u);
    assert_int_equal(apply(R_LARCH_ABS_HI20, a, 0x1000, 0x7fffffffull, 0), 0);
    assert_int_equal(apply(R_LARCH_ABS_HI20, a, 0x1000, 0x80000000ull, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_ABS_HI20, a, 0x1000, 0xffffffff80000000ull, 0), 0);
    assert_int_equal(apply(R_LARCH_ABS_HI20, a, 0x1000, 0xffffffff7fffffffull, 0), ELFLD_ERANGE);
}

/* ---------------------------------------------------------------- data */
static void test_data(void **state) {
    (void)state;
    unsigned char w[8];
    const uint64_t P = 0x120004000ull;
    assert_int_equal(apply(R_LARCH_32, w, P, 0xfffffff0ull, 0xf), 0);
    assert_int_equal(h_rd32(w), 0xffffffffu);
    assert_int_equal(apply(R_LARCH_32, w, P, 0x100000000ull, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_32, w, P, 0xffffffff80000000ull, 0), 0);
    assert_int_equal(apply(R_LARCH_32, w, P, 0xffffffff7fffffffull, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_64, w, P, 0x123456789abcdef0ull, 1), 0);
    assert_int_equal(h_rdn(w, 8), 0x123456789abcdef1ull);
    assert_int_equal(apply(R_LARCH_32_PCREL, w, P, P + 0x7fffffff, 0), 0);
    assert_int_equal(h_rd32(w), 0x7fffffffu);
    assert_int_equal(apply(R_LARCH_32_PCREL, w, P, P + 0x80000000ull, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_32_PCREL, w, P, P - 0x80000000ull, 0), 0);
    assert_int_equal(apply(R_LARCH_32_PCREL, w, P, P - 0x80000001ull, 0), ELFLD_ERANGE);
    assert_int_equal(apply(R_LARCH_64_PCREL, w, P, 0x10, -0x20), 0);
    assert_int_equal(h_rdn(w, 8), 0x10 - 0x20 - P);

    static const struct {
        uint32_t add, sub;
        unsigned n;
    } p[] = {{R_LARCH_ADD8, R_LARCH_SUB8, 1}, {R_LARCH_ADD16, R_LARCH_SUB16, 2},
             {R_LARCH_ADD24, R_LARCH_SUB24, 3}, {R_LARCH_ADD32, R_LARCH_SUB32, 4},
             {R_LARCH_ADD64, R_LARCH_SUB64, 8}};
    for (size_t i = 0; i < 5; i++) {
        memset(w, 0, 8);
        w[0] = 5;
        assert_int_equal(apply(p[i].add, w, P, 0x120008000ull, 0), 0);
        assert_int_equal(apply(p[i].sub, w, P, 0x120007f00ull, 0x10), 0);
        assert_int_equal(h_rdn(w, p[i].n), 5 + 0xf0);
        for (unsigned b = p[i].n; b < 8; b++)
            assert_int_equal(w[b], 0);
    }
    /* ADD6 / SUB6 keep bits 7:6 */
    w[0] = 0x80 | 0x01;
    assert_int_equal(apply(R_LARCH_ADD6, w, P, 0x1008, 0), 0);
    assert_int_equal(w[0], 0x80 | 0x09);
    assert_int_equal(apply(R_LARCH_SUB6, w, P, 0x100a, 0), 0);
    assert_int_equal(w[0], 0x80 | 0x3f);
    /* ULEB128: ADD then SUB at one place, length kept, intermediate modulo 2^(7n) */
    unsigned char u[3] = {0x80, 0x00, 0x66};
    assert_int_equal(apply(R_LARCH_ADD_ULEB128, u, P, 0x7ff012345678ull, 0), 0);
    assert_int_equal(apply(R_LARCH_SUB_ULEB128, u, P, 0x7ff012345600ull, -0x100), 0);
    assert_int_equal(u[0], 0x80 | (0x178 & 0x7f));
    assert_int_equal(u[1], 0x178 >> 7);
    assert_int_equal(u[2], 0x66);
    unsigned char bad[10];
    memset(bad, 0xff, sizeof bad);
    assert_int_equal(apply(R_LARCH_ADD_ULEB128, bad, P, 1, 0), ELFLD_ERELOC);
}

/*
 * Every data relocation with addends of both signs, the limits of the checked fields with
 * the addend counted.  The expected field is the laelf formula computed here from the row's
 * own S and A (and P, and the field's previous value V): an addend taken with the wrong sign
 * is off by 2A.
 */
enum { F_SA, F_SAP, F_ADD, F_SUB, F_ADD6, F_SUB6 };

static const struct addend_row {
    const char *what;
    uint32_t type;
    unsigned n;           /* bytes of the field */
    int f;                /* F_SA: S + A, F_SAP: S + A - PC, F_ADD: V + S + A, F_SUB: V - S - A,
                             F_ADD6 / F_SUB6: those in the low 6 bits, bits 7:6 kept */
    uint64_t S;           /* F_SAP: relative to P */
    int64_t A;
    int rc;
} addend_rows[] = {
    {"32 +A", R_LARCH_32, 4, F_SA, 0x12345000, 0x678, 0},
    {"32 -A", R_LARCH_32, 4, F_SA, 0x12345000, -0x1000, 0},
    {"32 max -A", R_LARCH_32, 4, F_SA, 0x100000010ull, -0x11, 0},
    {"32 2^32 -A", R_LARCH_32, 4, F_SA, 0x100000010ull, -0x10, ELFLD_ERANGE},
    {"32 -2^31 +A", R_LARCH_32, 4, F_SA, 0xffffffff7ffffff0ull, 0x10, 0},
    {"32 -2^31-1 +A", R_LARCH_32, 4, F_SA, 0xffffffff7fffffefull, 0x10, ELFLD_ERANGE},
    {"64 +A", R_LARCH_64, 8, F_SA, 0x120001000ull, 0x234, 0},
    {"64 -A", R_LARCH_64, 8, F_SA, 0x120001000ull, -0x2000, 0},
    {"32_PCREL +A", R_LARCH_32_PCREL, 4, F_SAP, 0x1000, 0x20, 0},
    {"32_PCREL -A", R_LARCH_32_PCREL, 4, F_SAP, (uint64_t)-0x1000, -0x20, 0},
    {"32_PCREL max +A", R_LARCH_32_PCREL, 4, F_SAP, 0x7fffffef, 0x10, 0},
    {"32_PCREL 2^31 +A", R_LARCH_32_PCREL, 4, F_SAP, 0x7ffffff0, 0x10, ELFLD_ERANGE},
    {"32_PCREL max -A", R_LARCH_32_PCREL, 4, F_SAP, 0x8000000f, -0x10, 0},
    {"32_PCREL 2^31 -A", R_LARCH_32_PCREL, 4, F_SAP, 0x80000010, -0x10, ELFLD_ERANGE},
    {"32_PCREL -2^31 +A", R_LARCH_32_PCREL, 4, F_SAP, (uint64_t)-0x80000010ll, 0x10, 0},
    {"32_PCREL -2^31-1 +A", R_LARCH_32_PCREL, 4, F_SAP, (uint64_t)-0x80000011ll, 0x10,
     ELFLD_ERANGE},
    {"32_PCREL -2^31-1 -A", R_LARCH_32_PCREL, 4, F_SAP, (uint64_t)-0x7ffffff1ll, -0x10,
     ELFLD_ERANGE},
    {"64_PCREL +A", R_LARCH_64_PCREL, 8, F_SAP, 0x123456789ull, 0x10, 0},
    {"64_PCREL -A", R_LARCH_64_PCREL, 8, F_SAP, (uint64_t)-0x123456789ll, -0x10, 0},
    {"ADD6 +A", R_LARCH_ADD6, 1, F_ADD6, 0x1008, 3, 0},
    {"ADD6 -A", R_LARCH_ADD6, 1, F_ADD6, 0x1008, -3, 0},
    {"SUB6 +A", R_LARCH_SUB6, 1, F_SUB6, 0x1004, 2, 0},
    {"SUB6 -A", R_LARCH_SUB6, 1, F_SUB6, 0x1004, -2, 0},
    {"ADD8 +A", R_LARCH_ADD8, 1, F_ADD, 0x5000, 0x10, 0},
    {"ADD8 -A", R_LARCH_ADD8, 1, F_ADD, 0x5000, -0x10, 0},
    {"ADD16 +A", R_LARCH_ADD16, 2, F_ADD, 0x5000, 0x123, 0},
    {"ADD16 -A", R_LARCH_ADD16, 2, F_ADD, 0x5000, -0x123, 0},
    {"ADD24 +A", R_LARCH_ADD24, 3, F_ADD, 0x5000, 0x123, 0},
    {"ADD24 -A", R_LARCH_ADD24, 3, F_ADD, 0x5000, -0x123, 0},
    {"ADD32 +A", R_LARCH_ADD32, 4, F_ADD, 0x5000, 0x123, 0},
    {"ADD32 -A", R_LARCH_ADD32, 4, F_ADD, 0x5000, -0x123, 0},
    {"ADD64 +A", R_LARCH_ADD64, 8, F_ADD, 0x5000, 0x123, 0},
    {"ADD64 -A", R_LARCH_ADD64, 8, F_ADD, 0x5000, -0x123, 0},
    {"SUB8 +A", R_LARCH_SUB8, 1, F_SUB, 0x4f00, 0x10, 0},
    {"SUB8 -A", R_LARCH_SUB8, 1, F_SUB, 0x4f00, -0x10, 0},
    {"SUB16 +A", R_LARCH_SUB16, 2, F_SUB, 0x4f00, 0x123, 0},
    {"SUB16 -A", R_LARCH_SUB16, 2, F_SUB, 0x4f00, -0x123, 0},
    {"SUB24 +A", R_LARCH_SUB24, 3, F_SUB, 0x4f00, 0x123, 0},
    {"SUB24 -A", R_LARCH_SUB24, 3, F_SUB, 0x4f00, -0x123, 0},
    {"SUB32 +A", R_LARCH_SUB32, 4, F_SUB, 0x4f00, 0x123, 0},
    {"SUB32 -A", R_LARCH_SUB32, 4, F_SUB, 0x4f00, -0x123, 0},
    {"SUB64 +A", R_LARCH_SUB64, 8, F_SUB, 0x4f00, 0x123, 0},
    {"SUB64 -A", R_LARCH_SUB64, 8, F_SUB, 0x4f00, -0x123, 0},
};

static void test_data_addends(void **state) {
    (void)state;
    const uint64_t P = 0x120004000ull;
    for (size_t i = 0; i < sizeof addend_rows / sizeof addend_rows[0]; i++) {
        const struct addend_row *t = &addend_rows[i];
        unsigned char w[16], before[16];
        for (unsigned b = 0; b < sizeof w; b++)
            w[b] = (unsigned char)(0x5a + 0x11 * b);
        memcpy(before, w, sizeof w);
        uint64_t V = h_rdn(w, t->n);
        uint64_t S = t->S + (t->f == F_SAP ? P : 0), SA = S + (uint64_t)t->A;
        uint64_t want = t->f == F_SA    ? SA
                      : t->f == F_SAP   ? SA - P
                      : t->f == F_ADD   ? V + SA
                      : t->f == F_SUB   ? V - SA
                      : t->f == F_ADD6  ? (V & 0xc0) | ((V + SA) & 0x3f)
                                        : (V & 0xc0) | ((V - SA) & 0x3f);
        int rc = apply(t->type, w, P, S, t->A);
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

static void test_align(void **state) {
    (void)state;
    unsigned char w[4] = {1, 2, 3, 4};
    static const struct {
        uint64_t P, S;
        int64_t A;
        int rc;
    } t[] = {
        /* symbol index 0 (S = 0): A = nop bytes, alignment = next power of two > A */
        {0x1004, 0, 12, 0}, {0x1000, 0, 12, ELFLD_ERELOC}, {0x1014, 0, 12, 0},
        {0x1008, 0, 4, ELFLD_ERELOC}, {0x1004, 0, 4, 0}, {0x1000, 0, 0, 0},
        {0x1004, 0, 28, 0}, {0x1008, 0, 28, ELFLD_ERELOC}, {0x1000, 0, -4, ELFLD_ERELOC},
        /* symbol (section) form: [7:0] log2(alignment), [63:8] max skip; nops = align - 4 */
        {0x1004, 0x1000, 4, 0}, {0x1000, 0x1000, 4, ELFLD_ERELOC},
        {0x1000, 0x1000, 2, 0},                  /* 4-byte alignment: always satisfied */
        {0x1008, 0x1000, 4 | (8 << 8), ELFLD_ERELOC},  /* needs 8 <= max 8: alignment asked */
        {0x1004, 0x1000, 4 | (8 << 8), 0},       /* aligned after the 12 bytes of nops */
        {0x1004, 0x1000, 5 | (4 << 8), 0},       /* aligned after the 28 bytes of nops */
        {0x1018, 0x1000, 5 | (4 << 8), 0},       /* needs 8 > max 4: no alignment asked */
        {0x1008, 0x1000, 5 | (16 << 8), 0},  /* needs 24 > max 16: not asked, nops kept */
        {0x1008, 0x1000, 5 | (30 << 8), ELFLD_ERELOC},  /* needs 24 <= 30: asked, not met */
        {0x1000 + 4, 0x1000, 63, ELFLD_ERELOC},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int rc = apply(R_LARCH_ALIGN, w, t[i].P, t[i].S, t[i].A);
        if (rc != t[i].rc)
            fail_msg("ALIGN case %zu: rc %d want %d", i, rc, t[i].rc);
    }
    assert_int_equal(apply(R_LARCH_RELAX, w, 0x1000, 0x1234, 0), 0);
    assert_int_equal(apply(R_LARCH_MARK_LA, w, 0x1000, 0x1234, 0), 0);
    assert_int_equal(apply(R_LARCH_NONE, w, 0x1000, 0x1234, 0), 0);
    assert_int_equal(h_rd32(w), 0x04030201u);
    assert_int_equal(apply(R_LARCH_SOP_PUSH_PCREL, w, 0x1000, 0, 0), ELFLD_ERELTYPE);
    assert_int_equal(apply(R_LARCH_TLS_DTPMOD64, w, 0x1000, 0, 0), ELFLD_ERELTYPE);
    assert_int_equal(h_rd32(w), 0x04030201u);
}

/* ---------------------------------------------------------------- field sizes */
/*
 * Every type the backend applies, with the bytes of its field from laelf: every instruction is
 * a 32-bit word (4), CALL36 the pair pcaddu18i + jirl (8); the data words their name's width
 * (ADD24 / SUB24 3 bytes), the 6-bit fields (ADD6 / SUB6) 1 byte; a ULEB128 as long as its
 * bytes say (driven as the 3-byte 80 80 00).  ALIGN touches no byte.  Accepted when the field
 * ends exactly at the end of its section, refused (ELFLD_ERELOC, nothing written) one byte
 * further.
 */
static const struct h_field field_sizes[] = {
    {R_LARCH_32, 4}, {R_LARCH_64, 8},
    {R_LARCH_ADD8, 1}, {R_LARCH_ADD16, 2}, {R_LARCH_ADD24, 3}, {R_LARCH_ADD32, 4},
    {R_LARCH_ADD64, 8}, {R_LARCH_SUB8, 1}, {R_LARCH_SUB16, 2}, {R_LARCH_SUB24, 3},
    {R_LARCH_SUB32, 4}, {R_LARCH_SUB64, 8},
    {R_LARCH_B16, 4}, {R_LARCH_B21, 4}, {R_LARCH_B26, 4},
    {R_LARCH_ABS_HI20, 4}, {R_LARCH_ABS_LO12, 4}, {R_LARCH_ABS64_LO20, 4}, {R_LARCH_ABS64_HI12, 4},
    {R_LARCH_PCALA_HI20, 4}, {R_LARCH_PCALA_LO12, 4}, {R_LARCH_PCALA64_LO20, 4},
    {R_LARCH_PCALA64_HI12, 4}, {R_LARCH_GOT_PC_HI20, 4}, {R_LARCH_GOT_PC_LO12, 4},
    {R_LARCH_GOT64_PC_LO20, 4}, {R_LARCH_GOT64_PC_HI12, 4}, {R_LARCH_GOT_HI20, 4},
    {R_LARCH_GOT_LO12, 4}, {R_LARCH_GOT64_LO20, 4}, {R_LARCH_GOT64_HI12, 4},
    {R_LARCH_32_PCREL, 4}, {R_LARCH_ALIGN, 0}, {R_LARCH_PCREL20_S2, 4},
    {R_LARCH_ADD6, 1}, {R_LARCH_SUB6, 1},
    {R_LARCH_ADD_ULEB128, H_ULEB128}, {R_LARCH_SUB_ULEB128, H_ULEB128},
    {R_LARCH_64_PCREL, 8}, {R_LARCH_CALL36, 8},
    {R_LARCH_TLS_LE_HI20, 4}, {R_LARCH_TLS_LE_LO12, 4}, {R_LARCH_TLS_IE_PC_HI20, 4},
    {R_LARCH_TLS_IE_PC_LO12, 4}, {R_LARCH_TLS_LD_PC_HI20, 4}, {R_LARCH_TLS_GD_PC_HI20, 4},
    {R_LARCH_TLS_DESC_PC_HI20, 4}, {R_LARCH_TLS_DESC_PC_LO12, 4}, {R_LARCH_TLS_DESC_LD, 0},
    {R_LARCH_TLS_DESC_CALL, 0}, {R_LARCH_TLS_LE64_LO20, 4}, {R_LARCH_TLS_LE64_HI12, 4},
    {R_LARCH_TLS_IE64_PC_LO20, 4}, {R_LARCH_TLS_IE64_PC_HI12, 4},
    {R_LARCH_TLS_DESC64_PC_LO20, 4}, {R_LARCH_TLS_DESC64_PC_HI12, 4},
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
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_call36),
        cmocka_unit_test(test_stubs),
        cmocka_unit_test(test_execute_stub),
        cmocka_unit_test(test_pcala_normal),
        cmocka_unit_test(test_extreme),
        cmocka_unit_test(test_data),
        cmocka_unit_test(test_data_addends),
        cmocka_unit_test(test_align),
        cmocka_unit_test(test_field_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
