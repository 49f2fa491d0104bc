/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_obj.c - x86_64 object-file relocations (arch/x86_64/object.c), table driven:
 *   - classification of every type (flags and names),
 *   - every data formula against the psABI's (x86-64 psABI 4.4.1, "Relocation Types"),
 *     including the exact overflow limits of each field width,
 *   - instruction encoders: call/jmp rel32 (PLT32) with and without the far-branch stub,
 *     the GOTPCRELX relaxations (mov->lea, call/jmp through the GOT -> direct),
 *   - executed: stubs and relaxed instructions written into an RWX page far (> 2 GiB) from
 *     a C function, then called.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/backend.h"
#include "harness.h"       /* tests/arch/common/ */
#include "reloc_types.h"   /* arch/x86_64/: R_X86_64_* */

/* ---------------------------------------------------------------- classification */

#define K ELFLD_OBJ_KNOWN
#define GS ELFLD_OBJ_GOT
#define BR ELFLD_OBJ_BRANCH
#define TL ELFLD_OBJ_TLS
/* a thread-local type applied in objects, and what the psABI's formula for it takes (G: the
 * GOT entries of the model; S: the DTP- or TP-relative offset) */
#define TF(form) (K | TL | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))
#define NP ELFLD_OBJ_NOP
#define GB ELFLD_OBJ_GOT_BASE

static const struct {
    uint32_t type;
    unsigned flags;
    const char *name;     /* NULL: not a type at all */
} class_table[] = {
    {R_X86_64_NONE, K | NP, "R_X86_64_NONE"},
    {R_X86_64_64, K, "R_X86_64_64"},
    {R_X86_64_PC32, K, "R_X86_64_PC32"},
    {R_X86_64_GOT32, K | GS | GB, "R_X86_64_GOT32"},
    {R_X86_64_PLT32, K | BR, "R_X86_64_PLT32"},
    {R_X86_64_COPY, 0, "R_X86_64_COPY"},
    {R_X86_64_GLOB_DAT, 0, "R_X86_64_GLOB_DAT"},
    {R_X86_64_JUMP_SLOT, 0, "R_X86_64_JUMP_SLOT"},
    {R_X86_64_RELATIVE, 0, "R_X86_64_RELATIVE"},
    {R_X86_64_GOTPCREL, K | GS, "R_X86_64_GOTPCREL"},
    {R_X86_64_32, K, "R_X86_64_32"},
    {R_X86_64_32S, K, "R_X86_64_32S"},
    {R_X86_64_16, K, "R_X86_64_16"},
    {R_X86_64_PC16, K, "R_X86_64_PC16"},
    {R_X86_64_8, K, "R_X86_64_8"},
    {R_X86_64_PC8, K, "R_X86_64_PC8"},
    {R_X86_64_DTPMOD64, TL, "R_X86_64_DTPMOD64"},
    {R_X86_64_DTPOFF64, TF(DTPOFF), "R_X86_64_DTPOFF64"},
    {R_X86_64_TPOFF64, TF(TPOFF), "R_X86_64_TPOFF64"},
    {R_X86_64_TLSGD, TF(GD), "R_X86_64_TLSGD"},
    {R_X86_64_TLSLD, TF(LD), "R_X86_64_TLSLD"},
    {R_X86_64_DTPOFF32, TF(DTPOFF), "R_X86_64_DTPOFF32"},
    {R_X86_64_GOTTPOFF, TF(IE), "R_X86_64_GOTTPOFF"},
    {R_X86_64_TPOFF32, TF(TPOFF), "R_X86_64_TPOFF32"},
    {R_X86_64_PC64, K, "R_X86_64_PC64"},
    {R_X86_64_GOTOFF64, K | GB, "R_X86_64_GOTOFF64"},
    {R_X86_64_GOTPC32, K | GB, "R_X86_64_GOTPC32"},
    {R_X86_64_GOT64, K | GS | GB, "R_X86_64_GOT64"},
    {R_X86_64_GOTPCREL64, K | GS, "R_X86_64_GOTPCREL64"},
    {R_X86_64_GOTPC64, K | GB, "R_X86_64_GOTPC64"},
    {R_X86_64_GOTPLT64, K | GS | GB, "R_X86_64_GOTPLT64"},
    {R_X86_64_PLTOFF64, K | BR | GB, "R_X86_64_PLTOFF64"},
    {R_X86_64_SIZE32, K, "R_X86_64_SIZE32"},
    {R_X86_64_SIZE64, K, "R_X86_64_SIZE64"},
    {R_X86_64_GOTPC32_TLSDESC, TF(DESC), "R_X86_64_GOTPC32_TLSDESC"},
    {R_X86_64_TLSDESC_CALL, TF(MARK), "R_X86_64_TLSDESC_CALL"},
    {R_X86_64_TLSDESC, TL, "R_X86_64_TLSDESC"},
    {R_X86_64_IRELATIVE, 0, "R_X86_64_IRELATIVE"},
    {R_X86_64_RELATIVE64, 0, "R_X86_64_RELATIVE64"},
    {39, 0, NULL},        /* reserved: was R_X86_64_PC32_BND */
    {40, 0, NULL},        /* reserved: was R_X86_64_PLT32_BND */
    {R_X86_64_GOTPCRELX, K | GS, "R_X86_64_GOTPCRELX"},
    {R_X86_64_REX_GOTPCRELX, K | GS, "R_X86_64_REX_GOTPCRELX"},
    {R_X86_64_CODE_4_GOTPCRELX, K | GS, "R_X86_64_CODE_4_GOTPCRELX"},
    {R_X86_64_CODE_4_GOTTPOFF, TF(IE), "R_X86_64_CODE_4_GOTTPOFF"},
    {R_X86_64_CODE_4_GOTPC32_TLSDESC, TF(DESC), "R_X86_64_CODE_4_GOTPC32_TLSDESC"},
    {R_X86_64_CODE_5_GOTPCRELX, K | GS, "R_X86_64_CODE_5_GOTPCRELX"},
    {R_X86_64_CODE_5_GOTTPOFF, TF(IE), "R_X86_64_CODE_5_GOTTPOFF"},
    {R_X86_64_CODE_5_GOTPC32_TLSDESC, TF(DESC), "R_X86_64_CODE_5_GOTPC32_TLSDESC"},
    {R_X86_64_CODE_6_GOTPCRELX, K | GS, "R_X86_64_CODE_6_GOTPCRELX"},
    {R_X86_64_CODE_6_GOTTPOFF, TF(IE), "R_X86_64_CODE_6_GOTTPOFF"},
    {R_X86_64_CODE_6_GOTPC32_TLSDESC, TF(DESC), "R_X86_64_CODE_6_GOTPC32_TLSDESC"},
    {52, 0, NULL},        /* past the last type */
    {250, 0, NULL},
    {0xffffffffu, 0, NULL},
};

static void test_classify(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof class_table / sizeof class_table[0]; i++) {
        const char *name = "sentinel";
        unsigned f = h_classify(class_table[i].type, &name);
        if (f != class_table[i].flags)
            fail_msg("type %u: flags %#x, want %#x", class_table[i].type, f,
                     class_table[i].flags);
        if (class_table[i].name == NULL)
            assert_null(name);
        else
            assert_string_equal(name, class_table[i].name);
        assert_int_equal(h_classify(class_table[i].type, NULL), f);
        /* A type that is not KNOWN is never applied. */
        if (!(f & K)) {
            unsigned char buf[16] = {0};
            struct h_reloc r = {.type = class_table[i].type, .where = buf + 4, .rela = 1};
            assert_int_equal(h_apply(&r), ELFLD_ERELTYPE);
        }
    }
    assert_int_equal(elfld_arch_stub_size, 16);
}

/* ---------------------------------------------------------------- data formulas */

/* The psABI formulas, written from the table (G is the slot's offset in the GOT there; the
 * interface passes the slot's address). */
static uint64_t psabi_value(uint32_t type, uint64_t S, int64_t A, uint64_t P, uint64_t Gaddr,
                            uint64_t GOT, uint64_t Z) {
    uint64_t a = (uint64_t)A, G = Gaddr - GOT;
    switch (type) {
    case R_X86_64_64:
    case R_X86_64_32:
    case R_X86_64_32S:
    case R_X86_64_16:
    case R_X86_64_8:
        return S + a;
    case R_X86_64_PC32:
    case R_X86_64_PC16:
    case R_X86_64_PC8:
    case R_X86_64_PC64:
        return S + a - P;
    case R_X86_64_GOT32:
    case R_X86_64_GOT64:
    case R_X86_64_GOTPLT64:
        return G + a;
    case R_X86_64_GOTPCREL:
    case R_X86_64_GOTPCREL64:
    case R_X86_64_GOTPCRELX:
    case R_X86_64_REX_GOTPCRELX:
    case R_X86_64_CODE_4_GOTPCRELX:
    case R_X86_64_CODE_5_GOTPCRELX:
    case R_X86_64_CODE_6_GOTPCRELX:
        return G + GOT + a - P;
    case R_X86_64_GOTOFF64:
        return S + a - GOT;
    case R_X86_64_GOTPC32:
    case R_X86_64_GOTPC64:
        return GOT + a - P;
    case R_X86_64_PLTOFF64:
        return S - GOT + a;                                       /* L = S */
    case R_X86_64_SIZE32:
    case R_X86_64_SIZE64:
        return Z + a;
    case R_X86_64_PLT32:
        return S + a - P;                                         /* L = S */
    }
    fail_msg("no formula for type %u", type);
    return 0;
}

/* Which input a row varies to reach a chosen value: every formula is that input plus a
 * constant. */
enum var { V_S, V_G, V_GOT, V_Z };

enum ck { NONE, SIGNED, UNSIGNED, BITFIELD };

static const struct data_type {
    uint32_t type;
    unsigned size;
    enum ck ck;
    enum var var;
} data_types[] = {
    {R_X86_64_64, 8, NONE, V_S},
    {R_X86_64_PC32, 4, SIGNED, V_S},
    {R_X86_64_GOT32, 4, SIGNED, V_G},
    {R_X86_64_GOTPCREL, 4, SIGNED, V_G},
    {R_X86_64_32, 4, UNSIGNED, V_S},             /* zero-extends to the value */
    {R_X86_64_32S, 4, SIGNED, V_S},              /* sign-extends */
    {R_X86_64_16, 2, BITFIELD, V_S},
    {R_X86_64_PC16, 2, SIGNED, V_S},
    {R_X86_64_8, 1, BITFIELD, V_S},
    {R_X86_64_PC8, 1, SIGNED, V_S},
    {R_X86_64_PC64, 8, NONE, V_S},
    {R_X86_64_GOTOFF64, 8, NONE, V_S},
    {R_X86_64_GOTPC32, 4, SIGNED, V_GOT},
    {R_X86_64_GOT64, 8, NONE, V_G},
    {R_X86_64_GOTPCREL64, 8, NONE, V_G},
    {R_X86_64_GOTPC64, 8, NONE, V_GOT},
    {R_X86_64_GOTPLT64, 8, NONE, V_G},
    {R_X86_64_PLTOFF64, 8, NONE, V_S},           /* no stub planned: L = S */
    {R_X86_64_SIZE32, 4, UNSIGNED, V_Z},
    {R_X86_64_SIZE64, 8, NONE, V_Z},
    {R_X86_64_CODE_4_GOTPCRELX, 4, SIGNED, V_G}, /* never relaxed */
    {R_X86_64_CODE_5_GOTPCRELX, 4, SIGNED, V_G},
    {R_X86_64_CODE_6_GOTPCRELX, 4, SIGNED, V_G},
};

struct inputs {
    uint64_t S, P, G, GOT, Z;
    int64_t A;
};

static unsigned char field[32];

/* Apply `d->type` at field+8 with inputs `in`.  REL (rela 0): the addend goes in the field,
 * at its width.  *before receives the buffer as it was just before the call. */
static int apply_data(const struct data_type *d, const struct inputs *in, int rela,
                      unsigned char *before) {
    memset(field, 0xa5, sizeof field);
    struct h_reloc r = {
        .type = d->type, .where = field + 8, .P = in->P, .S = in->S, .A = rela ? in->A : 0,
        .rela = rela, .G = in->G, .GOT = in->GOT, .Z = in->Z, .sym_type = STT_OBJECT,
    };
    if (!rela)
        h_wrn(field + 8, (uint64_t)in->A, d->size);
    memcpy(before, field, sizeof field);
    return h_apply(&r);
}

static uint64_t read_field(unsigned size, bool sign) {
    uint64_t v = h_rdn(field + 8, size);
    return sign ? (uint64_t)h_sext(v, 8 * size) : v;
}

static void check_guard(unsigned size) {
    for (unsigned i = 0; i < sizeof field; i++)
        if (i < 8 || i >= 8 + size)
            if (field[i] != 0xa5)
                fail_msg("byte %u outside the %u-byte field was written", i, size);
}

/* Set the row's free input so that the formula yields `want`. */
static void aim(const struct data_type *d, struct inputs *in, uint64_t want) {
    uint64_t *x = d->var == V_S ? &in->S : d->var == V_G ? &in->G
                : d->var == V_GOT ? &in->GOT : &in->Z;
    *x = 0;
    uint64_t c = psabi_value(d->type, in->S, in->A, in->P, in->G, in->GOT, in->Z);
    *x = want - c;
}

/* Limits of a field: [lo, hi] as signed 64-bit numbers (NONE: everything). */
static void limits(const struct data_type *d, int64_t *lo, int64_t *hi) {
    unsigned bits = d->size * 8;
    switch (d->ck) {
    case SIGNED: *lo = -((int64_t)1 << (bits - 1)); *hi = ((int64_t)1 << (bits - 1)) - 1; break;
    case UNSIGNED: *lo = 0; *hi = (int64_t)(((uint64_t)1 << bits) - 1); break;
    case BITFIELD: *lo = -((int64_t)1 << (bits - 1)); *hi = (int64_t)(((uint64_t)1 << bits) - 1);
        break;
    default: *lo = INT64_MIN; *hi = INT64_MAX; break;
    }
}

static unsigned n_data_checks;

static void check_value(const struct data_type *d, const struct inputs *in, int rela,
                         uint64_t want_full, bool want_ok) {
    unsigned char before[sizeof field];
    int rc = apply_data(d, in, rela, before);
    n_data_checks++;
    if (!want_ok) {
        if (rc != ELFLD_ERANGE)
            fail_msg("type %u value %#llx: rc %d, want ERANGE", d->type,
                     (unsigned long long)want_full, rc);
        if (memcmp(before, field, sizeof field) != 0)   /* untouched on failure */
            fail_msg("type %u: field written although out of range", d->type);
        return;
    }
    if (rc != 0)
        fail_msg("type %u value %#llx: rc %d, want 0", d->type, (unsigned long long)want_full,
                 rc);
    check_guard(d->size);
    /* decode: the field, extended the way the CPU / the psABI extends it, is the value */
    bool sign = d->ck == SIGNED || (d->ck == BITFIELD && (int64_t)want_full < 0);
    uint64_t got = read_field(d->size, sign);
    if (got != want_full)
        fail_msg("type %u: field %#llx, want %#llx", d->type, (unsigned long long)got,
                 (unsigned long long)want_full);
}

static void test_data_formulas(void **state) {
    (void)state;
    /* Typical inputs, arbitrary but distinct, the place at a high address. */
    const struct inputs base = {
        .S = 0x7f1234560000ull, .P = 0x7f1234001000ull, .G = 0x7f1234100040ull,
        .GOT = 0x7f1234100000ull, .Z = 0x40, .A = -4,
    };
    for (size_t i = 0; i < sizeof data_types / sizeof data_types[0]; i++) {
        const struct data_type *d = &data_types[i];
        int64_t lo, hi;
        limits(d, &lo, &hi);
        /* a negative and a positive addend: a formula that takes A with the wrong sign is off
         * by 2A at every value below, limits included */
        for (int k = 0; k < 4; k++) {
            int rela = k < 2;
            struct inputs in = base;
            in.A = k % 2 ? 0x1235 : -4;
            if (!rela && d->size < 8)
                in.A = k % 2 ? 3 : -2;       /* fits every width when implicit */
            /* the formula at a value well inside the field */
            aim(d, &in, 0x12);
            check_value(d, &in, rela, 0x12, true);
            aim(d, &in, (uint64_t)-3);
            check_value(d, &in, rela, (uint64_t)-3, d->ck != UNSIGNED);
            if (d->ck == NONE) {
                aim(d, &in, 0x8000000000000000ull);
                check_value(d, &in, rela, 0x8000000000000000ull, true);
                aim(d, &in, 0x7fffffffffffffffull);
                check_value(d, &in, rela, 0x7fffffffffffffffull, true);
                continue;
            }
            /* exact limits: last value that fits, first that does not */
            aim(d, &in, (uint64_t)hi);
            check_value(d, &in, rela, (uint64_t)hi, true);
            aim(d, &in, (uint64_t)hi + 1);
            check_value(d, &in, rela, (uint64_t)hi + 1, false);
            aim(d, &in, (uint64_t)lo);
            check_value(d, &in, rela, (uint64_t)lo, true);
            aim(d, &in, (uint64_t)lo - 1);
            check_value(d, &in, rela, (uint64_t)lo - 1, false);
        }
    }
    /* the formula itself, once per type and addend sign with independent inputs (not aimed) */
    struct inputs in = base;
    in.S = 0x7f1234001010ull;          /* near P: the pc-relative ones fit, even PC8 */
    for (size_t i = 0; i < 2 * (sizeof data_types / sizeof data_types[0]); i++) {
        const struct data_type *d = &data_types[i / 2];
        struct inputs x = in;
        x.A = i % 2 ? 0x15 : -4;
        if (d->type == R_X86_64_32 || d->type == R_X86_64_32S || d->type == R_X86_64_16 ||
            d->type == R_X86_64_8)       /* absolute narrow fields: low addresses */
            x.S = d->type == R_X86_64_8 ? 0x30 : 0x1230;
        if (d->type == R_X86_64_GOTPC32)
            x.GOT = 0x7f1234002000ull;
        uint64_t want = psabi_value(d->type, x.S, x.A, x.P, x.G, x.GOT, x.Z);
        check_value(d, &x, 1, want, true);
    }
    print_message("%u data-field checks\n", n_data_checks);
}

/* ---------------------------------------------------------------- PLT32 branches, stubs */

static unsigned char code[64], stubarea[32];

/* Decode the jump a stub makes: ff 25 00000000 <quad>. */
static uint64_t stub_target(const unsigned char *s) {
    assert_int_equal(s[0], 0xff);
    assert_int_equal(s[1], 0x25);
    assert_int_equal(s[2] | s[3] | s[4] | s[5], 0);
    uint64_t t = h_rd64(s + 6);
    assert_int_equal(s[14], 0xcc);
    assert_int_equal(s[15], 0xcc);
    return t;
}

static int32_t rel32_at(const unsigned char *p) { return (int32_t)h_rd32(p); }

/* A call or jmp rel32 at run-time address `insn` (the opcode): apply PLT32 to target S.
 * Returns rc; *dest receives the decoded destination, *stub_used whether the stub changed. */
static int branch(unsigned char opcode, uint64_t insn, uint64_t S, bool with_stub,
                  uint64_t stub_addr, uint64_t *dest, bool *stub_used) {
    memset(code, 0x90, sizeof code);
    memset(stubarea, 0, sizeof stubarea);
    code[0] = opcode;
    struct h_reloc r = {
        .type = R_X86_64_PLT32, .where = code + 1, .P = insn + 1, .S = S, .A = -4, .rela = 1,
        .stub = with_stub ? stubarea : NULL, .stub_addr = stub_addr, .sym_type = STT_FUNC,
    };
    int rc = h_apply(&r);
    assert_int_equal(code[0], opcode);
    assert_int_equal(code[5], 0x90);
    *dest = insn + 5 + (uint64_t)(int64_t)rel32_at(code + 1);   /* rel32 from the next insn */
    *stub_used = false;
    for (size_t i = 0; i < sizeof stubarea; i++)
        if (stubarea[i])
            *stub_used = true;
    return rc;
}

static void test_plt32(void **state) {
    (void)state;
    const uint64_t insn = 0x7f0000100000ull;     /* P = insn + 1, next insn = insn + 5 */
    const uint64_t stub = insn + 0x10000;
    static const unsigned char ops[] = {0xe8, 0xe9};   /* call rel32, jmp rel32 */
    unsigned n = 0;
    for (size_t o = 0; o < sizeof ops; o++) {
        uint64_t dest;
        bool used;
        /* S + A - P: A = -4 makes the rel32 relative to the next instruction */
        static const int64_t in_range[] = {0, 1, -1, -5, 0x1000, -0x1000, INT32_MAX,
                                           INT32_MIN};
        for (size_t i = 0; i < sizeof in_range / sizeof in_range[0]; i++) {
            uint64_t S = insn + 5 + (uint64_t)in_range[i];
            for (int ws = 0; ws < 2; ws++) {
                assert_int_equal(branch(ops[o], insn, S, ws, stub, &dest, &used), 0);
                assert_true(dest == S);
                assert_false(used);          /* in range: the stub is left alone */
                n++;
            }
        }
        /* one past each limit: ERANGE without a stub, through the stub with one */
        static const int64_t out_range[] = {(int64_t)INT32_MAX + 1, (int64_t)INT32_MIN - 1,
                                            (int64_t)1 << 40, -((int64_t)1 << 45)};
        for (size_t i = 0; i < sizeof out_range / sizeof out_range[0]; i++) {
            uint64_t S = insn + 5 + (uint64_t)out_range[i];
            assert_int_equal(branch(ops[o], insn, S, false, 0, &dest, &used),
                             ELFLD_ERANGE);
            assert_int_equal(rel32_at(code + 1), (int32_t)0x90909090);  /* untouched */
            assert_int_equal(branch(ops[o], insn, S, true, stub, &dest, &used), 0);
            assert_true(used);
            assert_true(dest == stub);
            assert_true(stub_target(stubarea) == S);
            n += 2;
        }
        /* the stub itself out of reach: ERANGE */
        uint64_t far = insn + ((uint64_t)1 << 40);
        assert_int_equal(branch(ops[o], insn, far, true, insn + 5 + (uint64_t)INT32_MAX + 1,
                                &dest, &used), ELFLD_ERANGE);
        assert_int_equal(branch(ops[o], insn, far, true, insn + 5 + (uint64_t)INT32_MAX,
                                &dest, &used), 0);
        assert_true(dest == insn + 5 + (uint64_t)INT32_MAX);
        n += 2;
        /* undefined weak (S = 0) from a high address: through the stub, which jumps to 0 */
        assert_int_equal(branch(ops[o], insn, 0, true, stub, &dest, &used), 0);
        assert_true(dest == stub && stub_target(stubarea) == 0);
        n++;
    }
    print_message("%u branch checks\n", n);
}

static void test_pltoff64(void **state) {
    (void)state;
    /* PLTOFF64: L - GOT + A, L = the stub when one is planned, else S */
    unsigned char buf[8];
    memset(stubarea, 0, sizeof stubarea);
    struct h_reloc r = {
        .type = R_X86_64_PLTOFF64, .where = buf, .P = 0x1000, .S = 0x7f0011223344ull, .A = 8,
        .rela = 1, .GOT = 0x555500001000ull, .stub = NULL, .sym_type = STT_FUNC,
    };
    assert_int_equal(h_apply(&r), 0);
    uint64_t v = h_rd64(buf);
    assert_true(v == 0x7f0011223344ull - 0x555500001000ull + 8);
    r.stub = stubarea;
    r.stub_addr = 0x555500002000ull;
    assert_int_equal(h_apply(&r), 0);
    v = h_rd64(buf);
    assert_true(v == 0x555500002000ull - 0x555500001000ull + 8);
    assert_true(stub_target(stubarea) == 0x7f0011223344ull);
}

/* ---------------------------------------------------------------- GOTPCRELX relaxation */

struct relax_case {
    const char *what;
    uint32_t type;
    unsigned char insn[8];        /* the instruction, field zero */
    unsigned len, field;          /* its length, offset of the 4-byte field */
    int64_t A;
    unsigned sym_type;
    bool near;                    /* S within reach */
    unsigned char want[8];        /* expected bytes before the field when relaxed (else the
                                     same as insn) */
    int kind;                     /* expected result: 0 not relaxed (GOT load), 1 lea/mov
                                     form, 2 call rel32 (field at the same place), 3 jmp rel32
                                     one byte earlier + nop */
};

static const struct relax_case relax_cases[] = {
    {"mov foo@GOTPCREL(%rip),%rax", R_X86_64_REX_GOTPCRELX,
     {0x48, 0x8b, 0x05}, 7, 3, -4, STT_OBJECT, true,
     {0x48, 0x8d, 0x05}, 1},
    {"mov foo@GOTPCREL(%rip),%r12", R_X86_64_REX_GOTPCRELX,
     {0x4c, 0x8b, 0x25}, 7, 3, -4, STT_FUNC, true,
     {0x4c, 0x8d, 0x25}, 1},
    {"mov foo@GOTPCREL(%rip),%eax", R_X86_64_GOTPCRELX,
     {0x8b, 0x05}, 6, 2, -4, STT_OBJECT, true,
     {0x8d, 0x05}, 1},
    {"mov far@GOTPCREL(%rip),%rax", R_X86_64_REX_GOTPCRELX,
     {0x48, 0x8b, 0x05}, 7, 3, -4, STT_OBJECT, false,
     {0x48, 0x8b, 0x05}, 0},
    {"mov ifunc@GOTPCREL(%rip),%rax", R_X86_64_REX_GOTPCRELX,
     {0x48, 0x8b, 0x05}, 7, 3, -4, STT_GNU_IFUNC, true,
     {0x48, 0x8b, 0x05}, 0},
    {"mov foo@GOTPCREL+8(%rip),%rax", R_X86_64_REX_GOTPCRELX,
     {0x48, 0x8b, 0x05}, 7, 3, 4, STT_OBJECT, true,
     {0x48, 0x8b, 0x05}, 0},
    {"add foo@GOTPCREL(%rip),%rax", R_X86_64_REX_GOTPCRELX,
     {0x48, 0x03, 0x05}, 7, 3, -4, STT_OBJECT, true,
     {0x48, 0x03, 0x05}, 0},
    {"call *foo@GOTPCREL(%rip)", R_X86_64_GOTPCRELX,
     {0xff, 0x15}, 6, 2, -4, STT_FUNC, true,
     {0x67, 0xe8}, 2},
    {"call *far@GOTPCREL(%rip)", R_X86_64_GOTPCRELX,
     {0xff, 0x15}, 6, 2, -4, STT_FUNC, false,
     {0xff, 0x15}, 0},
    {"jmp *foo@GOTPCREL(%rip)", R_X86_64_GOTPCRELX,
     {0xff, 0x25}, 6, 2, -4, STT_FUNC, true,
     {0xe9}, 3},
    {"jmp *far@GOTPCREL(%rip)", R_X86_64_GOTPCRELX,
     {0xff, 0x25}, 6, 2, -4, STT_FUNC, false,
     {0xff, 0x25}, 0},
    {"call *foo@GOTPCREL(%rip) as GOTPCREL", R_X86_64_GOTPCREL,
     {0xff, 0x15}, 6, 2, -4, STT_FUNC, true,
     {0xff, 0x15}, 0},
    {"mov foo@GOTPCREL(%rip),%rax as GOTPCREL", R_X86_64_GOTPCREL,
     {0x48, 0x8b, 0x05}, 7, 3, -4, STT_OBJECT, true,
     {0x48, 0x8b, 0x05}, 0},
    {"cmpq $0,foo@GOTPCREL(%rip) (A = -5)", R_X86_64_GOTPCREL,
     {0x48, 0x83, 0x3d}, 8, 3, -5, STT_OBJECT, true,
     {0x48, 0x83, 0x3d}, 0},
};

static void test_gotpcrelx(void **state) {
    (void)state;
    const uint64_t insn = 0x7f0000200000ull;
    const uint64_t G = insn + 0x3000;            /* the GOT slot */
    for (size_t i = 0; i < sizeof relax_cases / sizeof relax_cases[0]; i++) {
        const struct relax_case *c = &relax_cases[i];
        unsigned char buf[16];
        memset(buf, 0xcc, sizeof buf);
        memcpy(buf, c->insn, c->field);
        memset(buf + c->field, 0, 4);
        memcpy(buf + c->field + 4, c->insn + c->field + 4, c->len - c->field - 4);
        uint64_t S = c->near ? insn + 0x7000 : insn + ((uint64_t)1 << 33);
        uint64_t P = insn + c->field;
        struct h_reloc r = {
            .type = c->type, .where = buf + c->field, .P = P, .S = S, .A = c->A, .rela = 1,
            .G = G, .GOT = G - 0x40, .sym_type = c->sym_type,
        };
        assert_int_equal(h_apply(&r), 0);
        const unsigned char *want = c->kind == 0 ? c->insn : c->want;
        unsigned head = c->kind == 3 ? 1 : c->field;
        if (memcmp(buf, want, head) != 0)
            fail_msg("%s: opcode bytes %02x %02x %02x", c->what, buf[0], buf[1], buf[2]);
        uint64_t next = insn + c->len;           /* the displacement's base */
        switch (c->kind) {
        case 0:   /* still reads the slot: G + A - P, i.e. the slot relative to the field */
            assert_true(P + (uint64_t)(int64_t)rel32_at(buf + c->field) - (uint64_t)c->A == G);
            break;
        case 1:   /* lea: next + disp = S */
        case 2:   /* addr32 call rel32: next + rel = S */
            assert_true(next + (uint64_t)(int64_t)rel32_at(buf + c->field) == S);
            break;
        case 3:   /* e9 rel32 90: the jmp ends one byte before the old end */
            assert_int_equal(buf[5], 0x90);
            assert_true(insn + 5 + (uint64_t)(int64_t)rel32_at(buf + 1) == S);
            break;
        }
        assert_int_equal(buf[c->len], 0xcc);     /* nothing written past the instruction */
    }
}

/* The opcode and ModRM bytes a relaxation reads and rewrites must be the field's own section's:
 * a GOTPCRELX one byte into its section keeps the GOT load, two bytes in it is relaxed. */
static void test_gotpcrelx_section_start(void **state) {
    (void)state;
    static const unsigned char mov[3] = {0x48, 0x8b, 0x05};   /* mov foo@GOTPCREL(%rip),%rax */
    const uint64_t P = 0x7f0000200003ull, G = P + 0x3000, S = P + 0x7000;
    for (unsigned before = 0; before <= 3; before++) {
        unsigned char buf[16];
        memset(buf, 0xcc, sizeof buf);
        memcpy(buf, mov, 3);
        memset(buf + 3, 0, 4);
        struct h_reloc r = {
            .type = R_X86_64_REX_GOTPCRELX, .where = buf + 3, .P = P, .S = S, .A = -4,
            .rela = 1, .G = G, .GOT = G - 0x40, .sym_type = STT_OBJECT, .sec = buf + 3 - before,
        };
        assert_int_equal(h_apply(&r), 0);
        if (before < 2) {         /* the GOT load, its bytes before the section untouched */
            assert_memory_equal(buf, mov, 3);
            assert_true(P + (uint64_t)(int64_t)rel32_at(buf + 3) + 4 == G);
        } else {                  /* lea foo(%rip),%rax */
            assert_int_equal(buf[1], 0x8d);
            assert_true(P + 4 + (uint64_t)(int64_t)rel32_at(buf + 3) == S);
        }
    }
}

/* ---------------------------------------------------------------- field sizes */
/*
 * Every type the backend applies, with the width of its field from the psABI's table
 * "Relocation Types" (word8 / word16 / word32 / word64): accepted when the field ends exactly
 * at the end of its section, refused (ELFLD_ERELOC, nothing written) one byte further.
 */
static const struct h_field field_sizes[] = {
    {R_X86_64_64, 8},           {R_X86_64_PC32, 4},         {R_X86_64_GOT32, 4},
    {R_X86_64_PLT32, 4},        {R_X86_64_GOTPCREL, 4},     {R_X86_64_32, 4},
    {R_X86_64_32S, 4},          {R_X86_64_16, 2},           {R_X86_64_PC16, 2},
    {R_X86_64_8, 1},            {R_X86_64_PC8, 1},          {R_X86_64_PC64, 8},
    {R_X86_64_GOTOFF64, 8},     {R_X86_64_GOTPC32, 4},      {R_X86_64_GOT64, 8},
    {R_X86_64_GOTPCREL64, 8},   {R_X86_64_GOTPC64, 8},      {R_X86_64_GOTPLT64, 8},
    {R_X86_64_PLTOFF64, 8},     {R_X86_64_SIZE32, 4},       {R_X86_64_SIZE64, 8},
    {R_X86_64_GOTPCRELX, 4},    {R_X86_64_REX_GOTPCRELX, 4},
    {R_X86_64_CODE_4_GOTPCRELX, 4}, {R_X86_64_CODE_5_GOTPCRELX, 4},
    {R_X86_64_CODE_6_GOTPCRELX, 4},
};

static void test_field_sizes(void **state) {
    (void)state;
    const struct h_reloc rela = {.S = 0x40, .A = 0, .rela = 1, .G = 0x80, .GOT = 0x10};
    const struct h_reloc rel = {.S = 0x40, .rela = 0, .G = 0x80, .GOT = 0x10};
    const char *why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0],
                                     256, &rela);
    if (why)
        fail_msg("RELA: %s", why);
    why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0], 256, &rel);
    if (why)
        fail_msg("REL: %s", why);
}

/* ---------------------------------------------------------------- executed */

__attribute__((noinline)) static int answer(int x) { return x + 42; }

static int data_word = 1234;

/* An RWX page more than 4 GiB (so out of rel32 reach, and less than 2^47) away from
 * answer(). */
static unsigned char *far_page(void) {
    uintptr_t a = (uintptr_t)&answer;
    static const int64_t offs[] = {(int64_t)8 << 30, -((int64_t)8 << 30), (int64_t)64 << 30,
                                   -((int64_t)64 << 30), (int64_t)1 << 40};
    uintptr_t hints[sizeof offs / sizeof offs[0]];
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++)
        hints[i] = (a + (uintptr_t)offs[i]) & ~(uintptr_t)0xfff;
    return h_map_exec_far(hints, sizeof hints / sizeof hints[0], 4096, &a, 1,
                          ((uintptr_t)1 << 32) + 1);
}

static void put(unsigned char *dst, const void *bytes, size_t n) { memcpy(dst, bytes, n); }

static void test_execute(void **state) {
    (void)state;
    unsigned char *pg = far_page();
    if (!pg)
        skip();
    uintptr_t base = (uintptr_t)pg;
    memset(pg, 0xcc, 4096);

    /* 1. jmp rel32 to answer() through a stub: int f(int) { return answer(x); } */
    unsigned char *f1 = pg, *stub1 = pg + 0x800;
    f1[0] = 0xe9;
    struct h_reloc r = {
        .type = R_X86_64_PLT32, .where = f1 + 1, .P = base + 1, .S = (uintptr_t)&answer,
        .A = -4, .rela = 1, .stub = stub1, .stub_addr = base + 0x800, .sym_type = STT_FUNC,
    };
    assert_int_equal(h_apply(&r), 0);
    r.stub = NULL;
    assert_int_equal(h_apply(&r), ELFLD_ERANGE);   /* far: needs the stub */

    /* 2. call rel32 through a stub: sub $8,%rsp; call answer; add $8,%rsp; ret */
    unsigned char *f2 = pg + 0x40, *stub2 = pg + 0x810;
    static const unsigned char c2[] = {0x48, 0x83, 0xec, 0x08, 0xe8, 0, 0, 0, 0,
                                       0x48, 0x83, 0xc4, 0x08, 0xc3};
    put(f2, c2, sizeof c2);
    r = (struct h_reloc){
        .type = R_X86_64_PLT32, .where = f2 + 5, .P = base + 0x45, .S = (uintptr_t)&answer,
        .A = -4, .rela = 1, .stub = stub2, .stub_addr = base + 0x810, .sym_type = STT_FUNC,
    };
    assert_int_equal(h_apply(&r), 0);

    /* 3. mov data_word@GOTPCREL(%rip),%rax; ret: far data, not relaxed, reads the slot */
    unsigned char *f3 = pg + 0x80, *slot3 = pg + 0x900;
    static const unsigned char c3[] = {0x48, 0x8b, 0x05, 0, 0, 0, 0, 0xc3};
    put(f3, c3, sizeof c3);
    uintptr_t far_data = (uintptr_t)&data_word;
    h_wr64(slot3, far_data);                     /* the core stores S in the slot */
    r = (struct h_reloc){
        .type = R_X86_64_REX_GOTPCRELX, .where = f3 + 3, .P = base + 0x83, .S = far_data,
        .A = -4, .rela = 1, .G = base + 0x900, .GOT = base + 0x900, .sym_type = STT_OBJECT,
    };
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(f3[1], 0x8b);

    /* 4. the same against data in the page: relaxed to lea, the slot is poisoned to prove
     * it is not read */
    unsigned char *f4 = pg + 0xc0, *slot4 = pg + 0x908, *near_data = pg + 0xa00;
    put(f4, c3, sizeof c3);
    memset(slot4, 0xee, 8);
    r.where = f4 + 3;
    r.P = base + 0xc3;
    r.S = base + 0xa00;
    r.G = base + 0x908;
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(f4[1], 0x8d);

    /* 5. sub $8,%rsp; call *near_fn@GOTPCREL(%rip); add $8,%rsp; ret -> addr32 call */
    unsigned char *f5 = pg + 0x100, *slot5 = pg + 0x910, *near_fn = pg + 0x200;
    static const unsigned char c5[] = {0x48, 0x83, 0xec, 0x08, 0xff, 0x15, 0, 0, 0, 0,
                                       0x48, 0x83, 0xc4, 0x08, 0xc3};
    static const unsigned char lea_eax_rdi_100[] = {0x8d, 0x87, 0x64, 0, 0, 0, 0xc3};
    put(f5, c5, sizeof c5);
    put(near_fn, lea_eax_rdi_100, sizeof lea_eax_rdi_100);      /* return x + 100 */
    memset(slot5, 0xee, 8);
    r = (struct h_reloc){
        .type = R_X86_64_GOTPCRELX, .where = f5 + 6, .P = base + 0x106, .S = base + 0x200,
        .A = -4, .rela = 1, .G = base + 0x910, .GOT = base + 0x900, .sym_type = STT_FUNC,
    };
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(f5[4], 0x67);
    assert_int_equal(f5[5], 0xe8);

    /* 6. jmp *near_fn@GOTPCREL(%rip) -> jmp near_fn; nop */
    unsigned char *f6 = pg + 0x140, *slot6 = pg + 0x918;
    static const unsigned char c6[] = {0xff, 0x25, 0, 0, 0, 0};
    put(f6, c6, sizeof c6);
    memset(slot6, 0xee, 8);
    r.where = f6 + 2;
    r.P = base + 0x142;
    r.G = base + 0x918;
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(f6[0], 0xe9);
    assert_int_equal(f6[5], 0x90);

    /* 7. jmp *answer@GOTPCREL(%rip): far, stays an indirect jump through the slot */
    unsigned char *f7 = pg + 0x180, *slot7 = pg + 0x920;
    put(f7, c6, sizeof c6);
    uintptr_t ans = (uintptr_t)&answer;
    h_wr64(slot7, ans);
    r.where = f7 + 2;
    r.P = base + 0x182;
    r.S = ans;
    r.G = base + 0x920;
    assert_int_equal(h_apply(&r), 0);
    assert_int_equal(f7[0], 0xff);

    h_sync_code(pg, 4096);
    int (*fn)(int);
    long (*getp)(void);
    fn = (int (*)(int))(void *)f1;
    assert_int_equal(fn(1), 43);
    fn = (int (*)(int))(void *)f2;
    assert_int_equal(fn(2), 44);
    getp = (long (*)(void))(void *)f3;
    assert_true((uintptr_t)getp() == far_data);
    getp = (long (*)(void))(void *)f4;
    assert_true((uintptr_t)getp() == (uintptr_t)near_data);
    fn = (int (*)(int))(void *)f5;
    assert_int_equal(fn(5), 105);
    fn = (int (*)(int))(void *)f6;
    assert_int_equal(fn(6), 106);
    fn = (int (*)(int))(void *)f7;
    assert_int_equal(fn(7), 49);
    h_unmap(pg, 4096);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_data_formulas),
        cmocka_unit_test(test_plt32),
        cmocka_unit_test(test_pltoff64),
        cmocka_unit_test(test_gotpcrelx),
        cmocka_unit_test(test_gotpcrelx_section_start),
        cmocka_unit_test(test_field_sizes),
        cmocka_unit_test(test_execute),
    };
    return cmocka_run_group_tests_name("obj-encoders-x86_64", tests, NULL, NULL);
}
