/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_veneer.c - branches between the sections of one object image that need a veneer,
 * per fixture toolchain:
 *   far        for each branch type named on the command line (an object written by
 *              gen_far_branch.py): forward and backward, at the last distance its field encodes
 *              (the branch goes direct) and one instruction step past it (it goes through the
 *              veneer placed after its own section); each branch decoded, each caller run
 *   data       (x86_64) branch-type words `target - .` in a read-only table: out of reach of
 *              their target through a veneer of the area after all text, within reach direct
 *   addend     calls of one global function and of it plus 8, both out of reach: a veneer
 *              each, each going to its own address
 *   interwork  (arm) `return f(x)` at -O2 from Thumb code to an Arm function and from Arm code
 *              to a Thumb function, global and local: a B cannot switch state, so each goes
 *              through a veneer; and a Thumb B.W to a label (not a function) of another
 *              section, which stays in Thumb state and goes direct
 *   near       (aarch64) a conditional branch (no veneer) out of reach: refused, the message
 *              naming the type, the symbol and the distance
 *   bigsec     (arm) a branch in a section longer than its reach, out of reach of its target
 *              and of the veneer after its section: refused, the message saying so
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN KIND... (a gen_far_branch.py kind: range limits, data words
 * or addends; "interwork", "near", "bigsec")
 */
#define _GNU_SOURCE
#include <stdbool.h>

#include "testutil.h"

static int nkinds;
static char **kinds;

static uint32_t rd32(uintptr_t a)
{
    uint32_t v;
    memcpy(&v, (const void *)a, sizeof v);
    return v;
}

static uint32_t rd16(uintptr_t a)
{
    uint16_t v;
    memcpy(&v, (const void *)a, sizeof v);
    return v;
}

static uintptr_t rdword(uintptr_t a)
{
    uintptr_t v;
    memcpy(&v, (const void *)a, sizeof v);
    return v;
}
static int32_t sext(uint32_t v, unsigned bits) {
    return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static elfld_lib *load(struct tu_env *env, const char *name)
{
    struct elfld_input in;
    memset(&in, 0, sizeof in);
    in.name = tu_fixture_ext(name, "o");
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, &in, 1, &o, &lib);
    tu_assert_rc(rc, 0, &d);
    return lib;
}

/* ---------------------------------------------------------------- decoding */
enum mode { A64, ARM, THUMB, X64, RV64, LA64 };

/* Where the branch at p goes. */
static uintptr_t branch_dest(enum mode m, uintptr_t p)
{
    if (m == A64) {
        uint32_t insn = rd32(p);
        assert_true((insn & 0x7c000000u) == 0x14000000u);          /* B / BL */
        return p + (uintptr_t)(intptr_t)(sext(insn & 0x3ffffffu, 26) * 4);
    }
    if (m == ARM) {
        uint32_t insn = rd32(p);
        assert_true((insn & 0x0e000000u) == 0x0a000000u && (insn >> 28) != 0xf);  /* B / BL */
        return p + 8 + (uintptr_t)(intptr_t)(sext(insn & 0xffffffu, 24) * 4);
    }
    if (m == X64) {
        unsigned char op = *(const unsigned char *)p;
        assert_true(op == 0xe8 || op == 0xe9);                       /* call / jmp rel32 */
        return p + 5 + (uintptr_t)(intptr_t)(int32_t)rd32(p + 1);
    }
    if (m == RV64) {
        uint32_t auipc = rd32(p), jalr = rd32(p + 4);
        assert_true((auipc & 0x7fu) == 0x17u && (jalr & 0x707fu) == 0x67u);  /* auipc, jalr */
        return p + (uintptr_t)(intptr_t)(int32_t)(auipc & 0xfffff000u) +
               (uintptr_t)(intptr_t)sext(jalr >> 20, 12);
    }
    if (m == LA64) {
        uint32_t insn = rd32(p);
        assert_true((insn >> 26) == 0x14 || (insn >> 26) == 0x15);   /* b / bl */
        uint32_t offs = ((insn >> 10) & 0xffffu) | (insn & 0x3ffu) << 16;
        return p + (uintptr_t)(intptr_t)(sext(offs, 26) * 4);
    }
    uint32_t hw1 = rd16(p), hw2 = rd16(p + 2);
    assert_true((hw1 & 0xf800u) == 0xf000u);
    if ((hw2 & 0xd000u) == 0x8000u) {                                 /* B<cond>.W */
        uint32_t imm = ((hw1 >> 10) & 1) << 20 | ((hw2 >> 11) & 1) << 19 |
                       ((hw2 >> 13) & 1) << 18 | (hw1 & 0x3f) << 12 | (hw2 & 0x7ff) << 1;
        return p + 4 + (uintptr_t)(intptr_t)sext(imm, 21);
    }
    assert_true((hw2 & 0xd000u) == 0x9000u || (hw2 & 0xd000u) == 0xd000u);  /* B.W, BL */
    uint32_t s = (hw1 >> 10) & 1, i1 = !(((hw2 >> 13) & 1) ^ s), i2 = !(((hw2 >> 11) & 1) ^ s);
    uint32_t imm = s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (hw2 & 0x7ff) << 1;
    return p + 4 + (uintptr_t)(intptr_t)sext(imm, 25);
}

/* The destination the veneer at v jumps to, in the form the branch's state uses. */
static uintptr_t veneer_dest(enum mode m, uintptr_t v)
{
    if (m == A64) {
        assert_int_equal(rd32(v), 0x58000050u);                    /* ldr x16, .+8 */
        assert_int_equal(rd32(v + 4), 0xd61f0200u);                /* br  x16 */
        return rdword(v + 8);
    }
    if (m == ARM) {
        assert_int_equal(rd32(v), 0xe51ff004u);                    /* ldr pc, [pc, #-4] */
        return rd32(v + 4);
    }
    if (m == X64) {
        assert_int_equal(rd16(v), 0x25ffu);                        /* jmp *0(%rip) */
        assert_int_equal(rd32(v + 2), 0);
        return rdword(v + 6);
    }
    if (m == RV64 || m == LA64) {
        /* pc base (auipc / pcaddu12i t1, 0), 8-byte load, jump; the word 8-aligned at +12 or
         * +16 (arch/common/riscv_like.h) */
        assert_int_equal(rd32(v), m == RV64 ? 0x00000317u : 0x1c00000du);
        return rdword(v + (((v + 12) & 7) == 0 ? 12 : 16));
    }
    assert_int_equal(rd16(v), 0xf8dfu);                            /* ldr.w pc, [pc, #0] */
    assert_int_equal(rd16(v + 2), 0xf000u);
    return rd32(v + 4);
}

/* ---------------------------------------------------------------- far: range limits */
struct far_kind {
    const char *name;
    enum mode mode;
    intptr_t reach, neg, step, bias;  /* as gen_far_branch.py: X = S + bias - P encodes
                                         neg <= X <= reach - step */
};

static const struct far_kind far_kinds[] = {
#define SYM(r) (intptr_t)(r), -(intptr_t)(r)       /* -r <= X < r */
    {"a64-call26", A64, SYM(1L << 27), 4, 0},
    {"a64-jump26", A64, SYM(1L << 27), 4, 0},
    {"arm-call", ARM, SYM(1L << 25), 4, -8},
    {"arm-jump24", ARM, SYM(1L << 25), 4, -8},
    {"arm-pc24", ARM, SYM(1L << 25), 4, -8},
    {"arm-plt32", ARM, SYM(1L << 25), 4, -8},
    {"thm-call", THUMB, SYM(1L << 24), 2, -4},
    {"thm-jump24", THUMB, SYM(1L << 24), 2, -4},
    {"thm-jump19", THUMB, SYM(1L << 20), 2, -4},
#if UINTPTR_MAX > 0xffffffffu
    {"x64-call-plt32", X64, SYM(1L << 31), 1, -5},
    {"x64-jmp-plt32", X64, SYM(1L << 31), 1, -5},
    /* auipc+jalr: -2^31 - 2^11 <= X < 2^31 - 2^11 */
    {"rv64-call", RV64, (1L << 31) - (1L << 11), -(1L << 31) - (1L << 11), 4, 0},
    {"rv64-tail", RV64, (1L << 31) - (1L << 11), -(1L << 31) - (1L << 11), 4, 0},
    {"la64-bl", LA64, SYM(1L << 27), 4, 0},
    {"la64-b", LA64, SYM(1L << 27), 4, 0},
#endif
#undef SYM
};

/* One caller: its branch is `want_x` from its target (field value), goes direct or through a
 * veneer as `direct` says, and the caller returns the target's value. */
static void far_case(const struct far_kind *k, elfld_lib *lib, const char *caller,
                     const char *target, intptr_t want_x, bool direct, int value)
{
    char br_name[64];
    snprintf(br_name, sizeof br_name, "%s_br", caller);
    uintptr_t thumb = k->mode == THUMB;
    uintptr_t p = (uintptr_t)tu_sym(lib, br_name) & ~thumb;
    uintptr_t t = (uintptr_t)tu_sym(lib, target);
    intptr_t x = (intptr_t)((t & ~thumb) - p) + k->bias;
    print_message("%s %s: field value %ld (want %ld)\n", k->name, caller, (long)x, (long)want_x);
    assert_true(x == want_x);
    uintptr_t d = branch_dest(k->mode, p);
    if (direct) {
        assert_true(d == (t & ~thumb));
    } else {
        assert_true(d != (t & ~thumb));
        assert_true(d >= elfld_base(lib) && d < elfld_base(lib) + elfld_size(lib));
        /* the Thumb form of Arm's veneer pair is 8 bytes into its area */
        assert_true(veneer_dest(k->mode, d) == t);
    }
    int (*fn)(void) = (int (*)(void))tu_sym(lib, caller);
    assert_int_equal(fn(), value);
}

static void far(struct tu_env *env, const struct far_kind *k)
{
    char name[64];
    snprintf(name, sizeof name, "far-%s", k->name);
    elfld_lib *lib = load(env, name);
    far_case(k, lib, "vnr_fwd_lim", "vnr_tgt_fwd_lim", k->reach - k->step, true, 13);
    far_case(k, lib, "vnr_fwd_past", "vnr_tgt_fwd_past", k->reach, false, 14);
    far_case(k, lib, "vnr_back_lim", "vnr_tgt_back_lim", k->neg, true, 11);
    far_case(k, lib, "vnr_back_past", "vnr_tgt_back_past", k->neg - k->step, false, 12);
    elfld_release(lib);
}

static const struct far_kind *far_kind(const char *name)
{
    for (size_t j = 0; j < sizeof far_kinds / sizeof far_kinds[0]; j++)
        if (strcmp(name, far_kinds[j].name) == 0)
            return &far_kinds[j];
    return NULL;
}

static void test_far(void **state)
{
    for (int i = 0; i < nkinds; i++)
        if (far_kind(kinds[i]))
            far(*state, far_kind(kinds[i]));
}

/* ---------------------------------------------------------------- data words */
struct mode_kind {
    const char *name;
    enum mode mode;
};

/* Branch-type words `target - .` in a read-only table (gen_far_branch.py data_words) */
static const struct mode_kind data_kinds[] = {
    {"x64-data-plt32", X64},
};

/* Where the word `target - .` at w points. */
static uintptr_t word_dest(uintptr_t w)
{
    return w + (uintptr_t)(intptr_t)(int32_t)rd32(w);
}

/* The word out of reach of its target (the first text) points to a veneer in the area after
 * all text (past the last text, vnr_tgt_near, before the table); the one within reach points
 * to its target; calling through each reaches its target. */
static void data_words(struct tu_env *env, const struct mode_kind *k)
{
    char name[64];
    snprintf(name, sizeof name, "far-%s", k->name);
    elfld_lib *lib = load(env, name);
    uintptr_t tbl = (uintptr_t)tu_sym(lib, "vnr_tbl");
    uintptr_t far_tgt = (uintptr_t)tu_sym(lib, "vnr_tgt_data");
    uintptr_t near_tgt = (uintptr_t)tu_sym(lib, "vnr_tgt_near");
    uintptr_t v = word_dest(tbl);
    print_message("%s: word at %#lx -> %#lx, target %#lx, last text %#lx\n", k->name,
                  (unsigned long)tbl, (unsigned long)v, (unsigned long)far_tgt,
                  (unsigned long)near_tgt);
    assert_true(tbl - far_tgt > ((uintptr_t)1 << 31));
    assert_true(v > near_tgt && v < tbl);
    assert_true(veneer_dest(k->mode, v) == far_tgt);
    assert_true(word_dest(tbl + 4) == near_tgt);
    assert_int_equal(((int (*)(void))word_dest(tbl))(), 15);
    assert_int_equal(((int (*)(void))word_dest(tbl + 4))(), 16);
    elfld_release(lib);
}

/* ---------------------------------------------------------------- one target, two addends */
/* Calls of vnr_multi and of vnr_multi + 8, both out of reach (gen_far_branch.py addend_calls) */
static const struct mode_kind addend_kinds[] = {
    {"a64-addend", A64},
    {"arm-addend", ARM},
    {"x64-addend", X64},
    {"rv64-addend", RV64},
    {"la64-addend", LA64},
};

/* Each (target, addend) has its own veneer, going to its own address. */
static void addends(struct tu_env *env, const struct mode_kind *k)
{
    char name[64];
    snprintf(name, sizeof name, "far-%s", k->name);
    elfld_lib *lib = load(env, name);
    static const struct {
        const char *caller, *target;
        int value;
    } calls[] = {{"vnr_add_0", "vnr_multi", 21}, {"vnr_add_8", "vnr_multi_8", 22}};
    uintptr_t veneer[2];
    for (size_t i = 0; i < 2; i++) {
        char br_name[64];
        snprintf(br_name, sizeof br_name, "%s_br", calls[i].caller);
        uintptr_t t = (uintptr_t)tu_sym(lib, calls[i].target);
        veneer[i] = branch_dest(k->mode, (uintptr_t)tu_sym(lib, br_name));
        print_message("%s %s: veneer %#lx -> %#lx (want %#lx)\n", k->name, calls[i].caller,
                      (unsigned long)veneer[i], (unsigned long)veneer_dest(k->mode, veneer[i]),
                      (unsigned long)t);
        assert_true(veneer[i] != t);
        assert_true(veneer_dest(k->mode, veneer[i]) == t);
        int (*fn)(void) = (int (*)(void))tu_sym(lib, calls[i].caller);
        assert_int_equal(fn(), calls[i].value);
    }
    assert_true(veneer[0] != veneer[1]);
    elfld_release(lib);
}

static const struct mode_kind *mode_kind(const struct mode_kind *list, size_t n,
                                         const char *name)
{
    for (size_t j = 0; j < n; j++)
        if (strcmp(name, list[j].name) == 0)
            return &list[j];
    return NULL;
}

#define DATA_KIND(name) mode_kind(data_kinds, sizeof data_kinds / sizeof data_kinds[0], name)
#define ADDEND_KIND(name) \
    mode_kind(addend_kinds, sizeof addend_kinds / sizeof addend_kinds[0], name)

static void test_data_words(void **state)
{
    for (int i = 0; i < nkinds; i++)
        if (DATA_KIND(kinds[i]))
            data_words(*state, DATA_KIND(kinds[i]));
}

static void test_addends(void **state)
{
    for (int i = 0; i < nkinds; i++)
        if (ADDEND_KIND(kinds[i]))
            addends(*state, ADDEND_KIND(kinds[i]));
}

/* ---------------------------------------------------------------- interwork (arm) */
/* The first B (not BL) of the function at f, in mode m: its address. */
static uintptr_t first_jump(enum mode m, uintptr_t f)
{
    for (uintptr_t p = f; p < f + 64;) {
        if (m == ARM) {
            uint32_t insn = rd32(p);
            if ((insn & 0x0f000000u) == 0x0a000000u && (insn >> 28) != 0xf)
                return p;
            p += 4;
            continue;
        }
        uint32_t hw1 = rd16(p);
        if ((hw1 & 0xf800u) == 0xf000u && (rd16(p + 2) & 0xd000u) == 0x9000u)
            return p;
        p += (hw1 >> 11) >= 0x1d ? 4 : 2;         /* 32-bit encodings start 0b11101.. */
    }
    fail_msg("no B in the function at %#lx", (unsigned long)f);
    return 0;
}

static void test_interwork(void **state)
{
    struct tu_env *env = *state;
    struct elfld_input in[2];
    memset(in, 0, sizeof in);
    in[0].name = tu_fixture_ext("iw_thumb", "o");
    in[1].name = tu_fixture_ext("iw_arm", "o");
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_objects(env->ctx, in, 2, &o, &lib), 0, &d);
    int (*thumb_tail)(int) = (int (*)(int))tu_sym(lib, "iw_thumb_tail");
    int (*arm_tail)(int) = (int (*)(int))tu_sym(lib, "iw_arm_tail");
    uintptr_t thumb_leaf = (uintptr_t)tu_sym(lib, "iw_thumb_leaf");
    uintptr_t arm_leaf = (uintptr_t)tu_sym(lib, "iw_arm_leaf");
    assert_true(((uintptr_t)thumb_tail & 1) && (thumb_leaf & 1));
    assert_true(!((uintptr_t)arm_tail & 1) && !(arm_leaf & 1));

    /* Thumb B.W to an Arm function: through the Thumb form of a veneer, to the Arm address */
    uintptr_t b = first_jump(THUMB, (uintptr_t)thumb_tail & ~(uintptr_t)1);
    uintptr_t v = branch_dest(THUMB, b);
    assert_true(v != arm_leaf);
    assert_true(veneer_dest(THUMB, v) == arm_leaf);
    /* Arm B to a Thumb function: through the Arm form, to the address with its Thumb bit */
    b = first_jump(ARM, (uintptr_t)arm_tail);
    v = branch_dest(ARM, b);
    assert_true(v != (thumb_leaf & ~(uintptr_t)1));
    assert_true(veneer_dest(ARM, v) == thumb_leaf);

    assert_int_equal(thumb_tail(10), (10 * 2 + 1) * 3 + 4);
    assert_int_equal(arm_tail(10), (10 + 5) * 7 - 3);
    assert_int_equal(thumb_tail(-4), (-4 * 2 + 1) * 3 + 4);
    assert_int_equal(arm_tail(-9), (-9 + 5) * 7 - 3);
    /* two B to two local functions of the other state: two veneers */
    int (*arm_local)(int) = (int (*)(int))tu_sym(lib, "iw_arm_local");
    int (*thumb_local)(int) = (int (*)(int))tu_sym(lib, "iw_thumb_local");
    assert_int_equal(arm_local(3), 33);
    assert_int_equal(arm_local(-2), -25);
    assert_int_equal(thumb_local(3), 51);
    assert_int_equal(thumb_local(-2), -36);
    elfld_release(lib);
}

/* A B.W to a local label of another section: no mark says Thumb, and it stays Thumb. */
static void test_own_state(void **state)
{
    elfld_lib *lib = load(*state, "thumb_label_jump");
    uintptr_t b = (uintptr_t)tu_sym(lib, "label_jump_br");
    uintptr_t cold = (uintptr_t)tu_sym(lib, "label_cold_entry");
    assert_true(!(b & 1) && !(cold & 1));            /* labels: no Thumb bit */
    assert_true(branch_dest(THUMB, b) == cold);      /* direct, no veneer */
    int (*fn)(void) = (int (*)(void))tu_sym(lib, "label_jump");
    assert_int_equal(fn(), 7);
    elfld_release(lib);
}

/* ---------------------------------------------------------------- branches out of reach */
struct out_of_reach {
    const char *fixture, *type, *symbol;
    const char *reason;               /* the end of the message */
};

/* aarch64: CONDBR19 takes no veneer */
static const struct out_of_reach near_case = {
    "near_branch_a64", "R_AARCH64_CONDBR19", "near_target",
    "branch target 1048592 bytes away is out of reach, this type takes no veneer"};

/* arm: the veneer after a section longer than the branch's reach is out of reach too */
static const struct out_of_reach bigsec_case = {
    "big_section_thumb", "R_ARM_THM_JUMP19", "big_target",
    "bytes away is out of reach, and so is its veneer"};

/* Load the case's fixture: ELFLD_ERANGE, the message naming the type, the symbol and why,
 * nothing left behind. */
static void out_of_reach(struct tu_env *env, const struct out_of_reach *c)
{
    struct tu_snap before = tu_snap_take(env);
    /* from memory under a short name: the message (192 bytes) starts with the input's name */
    size_t size;
    unsigned char *bytes = tu_read_file(tu_fixture_ext(c->fixture, "o"), &size);
    struct elfld_input in = {"far.o", bytes, size, 0};
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_objects(env->ctx, &in, 1, &o, &lib), ELFLD_ERANGE, &d);
    print_message("%s\n", d.message);
    char sym[128];
    snprintf(sym, sizeof sym, "symbol %s", c->symbol);
    assert_non_null(strstr(d.message, c->type));
    assert_non_null(strstr(d.message, sym));
    assert_non_null(strstr(d.message, c->reason));
    assert_string_equal(d.symbol, c->symbol);
    tu_snap_assert_same(env, before);
    free(bytes);
}

static void test_near(void **state) { out_of_reach(*state, &near_case); }
static void test_bigsec(void **state) { out_of_reach(*state, &bigsec_case); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    nkinds = argc - 3;
    kinds = argv + 3;
    /* only the tests the arch has fixtures for: a skipped test fails the run */
    struct CMUnitTest tests[7];
    size_t n = 0;
    bool any_far = false, any_data = false, any_addend = false;
    bool interwork = false, near = false, bigsec = false;
    for (int i = 0; i < nkinds; i++) {
        any_far |= far_kind(kinds[i]) != NULL;
        any_data |= DATA_KIND(kinds[i]) != NULL;
        any_addend |= ADDEND_KIND(kinds[i]) != NULL;
        interwork |= strcmp(kinds[i], "interwork") == 0;
        near |= strcmp(kinds[i], "near") == 0;
        bigsec |= strcmp(kinds[i], "bigsec") == 0;
    }
    if (any_far)
        tests[n++] = (struct CMUnitTest)TU_TEST(test_far);
    if (any_data)
        tests[n++] = (struct CMUnitTest)TU_TEST(test_data_words);
    if (any_addend)
        tests[n++] = (struct CMUnitTest)TU_TEST(test_addends);
    if (interwork) {
        tests[n++] = (struct CMUnitTest)TU_TEST(test_interwork);
        tests[n++] = (struct CMUnitTest)TU_TEST(test_own_state);
    }
    if (near)
        tests[n++] = (struct CMUnitTest)TU_TEST(test_near);
    if (bigsec)
        tests[n++] = (struct CMUnitTest)TU_TEST(test_bigsec);
    return _cmocka_run_group_tests(tu_toolchain, tests, n, NULL, NULL);
}
