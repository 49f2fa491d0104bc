/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_obj.c - i386 object-file relocations (arch/i386/object.c), table driven:
 *   - classification of every type (flags and names),
 *   - every data formula against the psABI's (Intel386 psABI, "Relocation Types"), with the
 *     addend read from the place (REL) and given explicitly (RELA), the 32-bit fields
 *     wrapping modulo 2^32, the exact overflow limits of the 16- and 8-bit fields,
 *   - GOT32 / GOT32X: the base-register and the absolute (no base register) forms, the
 *     optional mov -> lea relaxation and every case that must decline it,
 *   - executed: call rel32 (PC32, PLT32), GOTPC + GOTOFF, GOT loads with and without a base
 *     register, relaxed and not, written into an RWX page and called.
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
#include "reloc_types.h"   /* arch/i386/: R_386_* */

/* ---------------------------------------------------------------- classification */

#define K ELFLD_OBJ_KNOWN
#define GS ELFLD_OBJ_GOT
#define BR ELFLD_OBJ_BRANCH
#define TL ELFLD_OBJ_TLS
#define NP ELFLD_OBJ_NOP
#define GB ELFLD_OBJ_GOT_BASE
#define TF(form) (K | TL | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))

static const struct {
    uint32_t type;
    unsigned flags;
    const char *name;     /* NULL: not a type at all */
} class_table[] = {
    {R_386_NONE, K | NP, "R_386_NONE"},
    {R_386_32, K, "R_386_32"},
    {R_386_PC32, K, "R_386_PC32"},
    {R_386_GOT32, K | GS | GB, "R_386_GOT32"},
    {R_386_PLT32, K | BR, "R_386_PLT32"},
    {R_386_COPY, 0, "R_386_COPY"},
    {R_386_GLOB_DAT, 0, "R_386_GLOB_DAT"},
    {R_386_JMP_SLOT, 0, "R_386_JMP_SLOT"},
    {R_386_RELATIVE, 0, "R_386_RELATIVE"},
    {R_386_GOTOFF, K | GB, "R_386_GOTOFF"},
    {R_386_GOTPC, K | GB, "R_386_GOTPC"},
    {R_386_32PLT, 0, "R_386_32PLT"},
    {12, 0, NULL},        /* unassigned */
    {13, 0, NULL},
    {R_386_TLS_TPOFF, TL, "R_386_TLS_TPOFF"},
    {R_386_TLS_IE, TL, "R_386_TLS_IE"},
    {R_386_TLS_GOTIE, TF(IE) | GB, "R_386_TLS_GOTIE"},
    {R_386_TLS_LE, TF(TPOFF), "R_386_TLS_LE"},
    {R_386_TLS_GD, TF(GD) | GB, "R_386_TLS_GD"},
    {R_386_TLS_LDM, TF(LD) | GB, "R_386_TLS_LDM"},
    {R_386_16, K, "R_386_16"},
    {R_386_PC16, K, "R_386_PC16"},
    {R_386_8, K, "R_386_8"},
    {R_386_PC8, K, "R_386_PC8"},
    {R_386_TLS_GD_32, TL, "R_386_TLS_GD_32"},
    {R_386_TLS_GD_PUSH, TL, "R_386_TLS_GD_PUSH"},
    {R_386_TLS_GD_CALL, TL, "R_386_TLS_GD_CALL"},
    {R_386_TLS_GD_POP, TL, "R_386_TLS_GD_POP"},
    {R_386_TLS_LDM_32, TL, "R_386_TLS_LDM_32"},
    {R_386_TLS_LDM_PUSH, TL, "R_386_TLS_LDM_PUSH"},
    {R_386_TLS_LDM_CALL, TL, "R_386_TLS_LDM_CALL"},
    {R_386_TLS_LDM_POP, TL, "R_386_TLS_LDM_POP"},
    {R_386_TLS_LDO_32, TF(DTPOFF), "R_386_TLS_LDO_32"},
    {R_386_TLS_IE_32, TL, "R_386_TLS_IE_32"},
    {R_386_TLS_LE_32, TL, "R_386_TLS_LE_32"},
    {R_386_TLS_DTPMOD32, TL, "R_386_TLS_DTPMOD32"},
    {R_386_TLS_DTPOFF32, TL, "R_386_TLS_DTPOFF32"},
    {R_386_TLS_TPOFF32, TL, "R_386_TLS_TPOFF32"},
    {R_386_SIZE32, K, "R_386_SIZE32"},
    {R_386_TLS_GOTDESC, TF(DESC) | GB, "R_386_TLS_GOTDESC"},
    {R_386_TLS_DESC_CALL, TF(MARK), "R_386_TLS_DESC_CALL"},
    {R_386_TLS_DESC, TL, "R_386_TLS_DESC"},
    {R_386_IRELATIVE, 0, "R_386_IRELATIVE"},
    {R_386_GOT32X, K | GS | GB, "R_386_GOT32X"},
    {44, 0, NULL},        /* past the last type */
    {200, 0, NULL},
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
        if (!(f & K)) {
            unsigned char buf[16] = {0};
            struct h_reloc r = {.type = class_table[i].type, .where = buf + 4};
            assert_int_equal(h_apply(&r), ELFLD_ERELTYPE);
        }
    }
    assert_int_equal(elfld_arch_stub_size, 0);
}

/* ---------------------------------------------------------------- data formulas */

/* The psABI formulas, modulo 2^32 (G: the slot's address, as "G + A - GOT" uses it). */
static uint32_t psabi_value(uint32_t type, uint32_t S, uint32_t A, uint32_t P, uint32_t G,
                            uint32_t GOT, uint32_t Z) {
    switch (type) {
    case R_386_32:
    case R_386_16:
    case R_386_8:
        return S + A;
    case R_386_PC32:
    case R_386_PC16:
    case R_386_PC8:
        return S + A - P;
    case R_386_PLT32:
        return S + A - P;                                   /* L = S */
    case R_386_GOT32:
    case R_386_GOT32X:
        return G + A - GOT;                                 /* with a base register */
    case R_386_GOTOFF:
        return S + A - GOT;
    case R_386_GOTPC:
        return GOT + A - P;
    case R_386_SIZE32:
        return Z + A;
    /* thread-local: G is the GOT entry the form names, S the DTP- or TP-relative offset */
    case R_386_TLS_GD:
    case R_386_TLS_LDM:
    case R_386_TLS_GOTIE:
    case R_386_TLS_GOTDESC:
        return G + A - GOT;
    case R_386_TLS_LDO_32:
    case R_386_TLS_LE:
        return S + A;
    }
    fail_msg("no formula for type %u", type);
    return 0;
}

enum var { V_S, V_G, V_GOT, V_Z };
enum ck { WRAP, SIGNED, BITFIELD };

static const struct data_type {
    uint32_t type;
    unsigned size;
    enum ck ck;
    enum var var;
    unsigned char before[2];      /* the two bytes before the field (opcode, ModRM) */
} data_types[] = {
    {R_386_32, 4, WRAP, V_S, {0xb8, 0x00}},        /* mov $imm32, %eax has the field */
    {R_386_PC32, 4, WRAP, V_S, {0x00, 0xe8}},
    {R_386_PLT32, 4, WRAP, V_S, {0x00, 0xe8}},
    {R_386_GOT32, 4, WRAP, V_G, {0x8b, 0x83}},     /* mov disp32(%ebx): never relaxed */
    {R_386_GOT32X, 4, WRAP, V_G, {0x03, 0x83}},    /* add disp32(%ebx): not a mov */
    {R_386_GOTOFF, 4, WRAP, V_S, {0x8d, 0x83}},
    {R_386_GOTPC, 4, WRAP, V_GOT, {0x81, 0xc3}},
    {R_386_SIZE32, 4, WRAP, V_Z, {0x00, 0x00}},
    {R_386_16, 2, BITFIELD, V_S, {0x00, 0x00}},
    {R_386_PC16, 2, SIGNED, V_S, {0x00, 0x00}},
    {R_386_8, 1, BITFIELD, V_S, {0x00, 0x00}},
    {R_386_PC8, 1, SIGNED, V_S, {0x00, 0x00}},      /* data_types[11] below */
    {R_386_TLS_GD, 4, WRAP, V_G, {0x8d, 0x04}},    /* lea x@tlsgd(,%ebx,1), %eax */
    {R_386_TLS_LDM, 4, WRAP, V_G, {0x8d, 0x83}},   /* lea x@tlsldm(%ebx), %eax */
    {R_386_TLS_GOTIE, 4, WRAP, V_G, {0x8b, 0x83}}, /* mov x@gotntpoff(%ebx), %eax */
    {R_386_TLS_GOTDESC, 4, WRAP, V_G, {0x8d, 0x83}}, /* lea x@tlsdesc(%ebx), %eax */
    {R_386_TLS_LDO_32, 4, WRAP, V_S, {0x8d, 0x80}}, /* lea x@dtpoff(%eax), %eax */
    {R_386_TLS_LE, 4, WRAP, V_S, {0x00, 0x00}},    /* %gs:x@ntpoff */
};

struct inputs {
    uint32_t S, P, G, GOT, Z, A;
};

static unsigned char field[32];
static unsigned n_data_checks;

/* Apply d->type at field+8; REL (rela 0): the addend in the field at its width. */
static int apply_data(const struct data_type *d, const struct inputs *in, int rela,
                      unsigned char *before) {
    memset(field, 0xa5, sizeof field);
    field[6] = d->before[0];
    field[7] = d->before[1];
    struct h_reloc r = {
        .type = d->type, .where = field + 8, .P = in->P, .S = in->S,
        .A = rela ? (int32_t)in->A : 0, .rela = rela, .G = in->G, .GOT = in->GOT, .Z = in->Z,
        .sym_type = STT_OBJECT,
    };
    if (!rela)
        h_wrn(field + 8, in->A, d->size);
    memcpy(before, field, sizeof field);
    return h_apply(&r);
}

static void aim(const struct data_type *d, struct inputs *in, uint32_t want) {
    uint32_t *x = d->var == V_S ? &in->S : d->var == V_G ? &in->G
                : d->var == V_GOT ? &in->GOT : &in->Z;
    *x = 0;
    *x = want - psabi_value(d->type, in->S, in->A, in->P, in->G, in->GOT, in->Z);
}

static void check_value(const struct data_type *d, const struct inputs *in, int rela,
                        int32_t want, bool want_ok) {
    unsigned char before[sizeof field];
    int rc = apply_data(d, in, rela, before);
    n_data_checks++;
    if (!want_ok) {
        if (rc != ELFLD_ERANGE)
            fail_msg("type %u value %d: rc %d, want ERANGE", d->type, want, rc);
        if (memcmp(before, field, sizeof field) != 0)
            fail_msg("type %u: field written although out of range", d->type);
        return;
    }
    if (rc != 0)
        fail_msg("type %u value %d: rc %d, want 0", d->type, want, rc);
    for (unsigned i = 0; i < sizeof field; i++)
        if ((i < 8 || i >= 8 + d->size) && field[i] != before[i])
            fail_msg("type %u: byte %u outside the field changed", d->type, i);
    uint32_t v = (uint32_t)h_rdn(field + 8, d->size);
    uint32_t mask = d->size == 4 ? 0xffffffffu : (1u << (8 * d->size)) - 1;
    if (v != ((uint32_t)want & mask))
        fail_msg("type %u: field %#x, want %#x", d->type, v, (uint32_t)want & mask);
}

static void test_data_formulas(void **state) {
    (void)state;
    const struct inputs base = {
        .S = 0x08049000u, .P = 0x08048100u, .G = 0x0804a010u, .GOT = 0x0804a000u, .Z = 0x40,
        .A = (uint32_t)-4,
    };
    for (size_t i = 0; i < sizeof data_types / sizeof data_types[0]; i++) {
        const struct data_type *d = &data_types[i];
        /* a negative and a positive addend: a formula that takes A with the wrong sign is off
         * by 2A at every value below, limits included */
        for (int k = 0; k < 4; k++) {
            int rela = k < 2;
            struct inputs in = base;
            in.A = k % 2 ? 0x15u : (uint32_t)-4;
            if (!rela && d->type == R_386_GOTPC)
                in.A = 3;                              /* as in `add $GOT+[.-1b], %ebx` */
            /* inside the field */
            aim(d, &in, 0x12);
            check_value(d, &in, rela, 0x12, true);
            aim(d, &in, (uint32_t)-3);
            check_value(d, &in, rela, -3, true);
            if (d->ck == WRAP) {
                /* the independent inputs, not aimed: the formula modulo 2^32 */
                struct inputs x = base;
                x.A = k % 2 ? (rela ? 0x10 : 0x18) : (rela ? (uint32_t)-0x10 : (uint32_t)-8);
                x.S = 0xfffffff8u;                     /* wraps for the S + A ones */
                x.P = 0xfffff000u;
                x.GOT = 0x00001000u;
                x.G = 0x00001ff0u;
                check_value(d, &x, rela,
                            (int32_t)psabi_value(d->type, x.S, x.A, x.P, x.G, x.GOT, x.Z),
                            true);
                continue;
            }
            int32_t lo = -(1 << (8 * d->size - 1));
            int32_t hi = d->ck == SIGNED ? (1 << (8 * d->size - 1)) - 1 : (1 << (8 * d->size)) - 1;
            aim(d, &in, (uint32_t)hi);
            check_value(d, &in, rela, hi, true);
            aim(d, &in, (uint32_t)hi + 1);
            check_value(d, &in, rela, hi + 1, false);
            aim(d, &in, (uint32_t)lo);
            check_value(d, &in, rela, lo, true);
            aim(d, &in, (uint32_t)lo - 1);
            check_value(d, &in, rela, lo - 1, false);
        }
    }
    /* REL: a narrow field's implicit addend is sign-extended from its width */
    {
        const struct data_type *pc8 = &data_types[11];
        struct inputs in = {.S = 0x1000, .P = 0x1000, .A = (uint32_t)-100};
        check_value(pc8, &in, 0, -100, true);
        in.A = 0x7f;
        in.S = 0x1001;
        check_value(pc8, &in, 0, 0x80, false);
    }
    print_message("%u data-field checks\n", n_data_checks);
}

/* ---------------------------------------------------------------- GOT32 / GOT32X forms */

struct got_case {
    const char *what;
    uint32_t type;
    unsigned char insn[8];        /* the instruction, field zero */
    unsigned len, field;
    uint32_t A;                   /* the implicit addend (in the field) */
    unsigned sym_type;
    unsigned char want0;          /* byte at field-2 afterwards */
    int kind;                     /* 0: G + A - GOT, 1: G + A (absolute), 2: S + A - GOT
                                     (relaxed to lea) */
};

static const struct got_case got_cases[] = {
    {"mov foo@GOT(%ebx),%eax", R_386_GOT32X, {0x8b, 0x83}, 6, 2, 0, STT_OBJECT, 0x8d, 2},
    {"mov foo@GOT(%ecx),%edx", R_386_GOT32X, {0x8b, 0x91}, 6, 2, 0, STT_FUNC, 0x8d, 2},
    {"mov foo@GOT(%ebx),%eax as GOT32", R_386_GOT32, {0x8b, 0x83}, 6, 2, 0, STT_OBJECT, 0x8b, 0},
    {"mov foo@GOT+4(%ebx),%eax", R_386_GOT32X, {0x8b, 0x83}, 6, 2, 4, STT_OBJECT, 0x8b, 0},
    {"mov ifunc@GOT(%ebx),%eax", R_386_GOT32X, {0x8b, 0x83}, 6, 2, 0, STT_GNU_IFUNC, 0x8b, 0},
    {"mov foo@GOT(%ebx,%ecx,1),%eax", R_386_GOT32X,
     {0x8b, 0x84, 0x0b}, 7, 3, 0, STT_OBJECT, 0x84, 0},
    {"call *foo@GOT(%ebx)", R_386_GOT32X, {0xff, 0x93}, 6, 2, 0, STT_FUNC, 0xff, 0},
    {"cmpl $0,foo@GOT(%ebx)", R_386_GOT32,
     {0x83, 0xbb, 0, 0, 0, 0, 0}, 7, 2, 0, STT_OBJECT, 0x83, 0},
    {"mov foo@GOT,%eax (no base)", R_386_GOT32X, {0x8b, 0x05}, 6, 2, 0, STT_OBJECT, 0x8b, 1},
    {"call *foo@GOT (no base)", R_386_GOT32X, {0xff, 0x15}, 6, 2, 0, STT_FUNC, 0xff, 1},
    {"jmp *foo@GOT+4 (no base)", R_386_GOT32, {0xff, 0x25}, 6, 2, 4, STT_FUNC, 0xff, 1},
    {"lea foo@GOT,%eax (the offset)", R_386_GOT32, {0x8d, 0x05}, 6, 2, 0, STT_OBJECT, 0x8d, 0},
};

static void test_got32(void **state) {
    (void)state;
    const uint32_t insn = 0x08048400u, GOT = 0x0804c000u, G = GOT + 0x24, S = 0xf7d01230u;
    for (int rela = 0; rela < 2; rela++) {
        for (size_t i = 0; i < sizeof got_cases / sizeof got_cases[0]; i++) {
            const struct got_case *c = &got_cases[i];
            unsigned char buf[16];
            memset(buf, 0xcc, sizeof buf);
            memcpy(buf, c->insn, c->len);
            if (!rela)
                h_wr32(buf + c->field, c->A);
            struct h_reloc r = {
                .type = c->type, .where = buf + c->field, .P = insn + c->field, .S = S,
                .A = rela ? (intptr_t)c->A : 0, .rela = rela, .G = G, .GOT = GOT,
                .sym_type = c->sym_type,
            };
            assert_int_equal(h_apply(&r), 0);
            uint32_t v = h_rd32(buf + c->field);
            uint32_t want = c->kind == 0 ? G + c->A - GOT : c->kind == 1 ? G + c->A
                                                                         : S + c->A - GOT;
            if (v != want || buf[c->field - 2] != c->want0)
                fail_msg("%s: field %#x byte %#x, want %#x %#x", c->what, v,
                         buf[c->field - 2], want, c->want0);
            assert_int_equal(buf[c->field - 1], c->insn[c->field - 1]);
            for (unsigned j = c->field + 4; j < c->len; j++)
                assert_int_equal(buf[j], c->insn[j]);
            assert_int_equal(buf[c->len], 0xcc);
        }
    }
}

/* PLT32 / PC32 call rel32: every target is reachable modulo 2^32; no stub is ever used. */
static void test_branch(void **state) {
    (void)state;
    static const uint32_t places[] = {0x00001000u, 0x08048100u, 0xf7f00000u, 0xfffff000u};
    static const uint32_t targets[] = {0x00000000u, 0x00001005u, 0x7fffffffu, 0x80000000u,
                                       0xf7d01230u, 0xffffffffu};
    unsigned n = 0;
    static const uint32_t types[] = {R_386_PC32, R_386_PLT32};
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
            for (size_t j = 0; j < sizeof targets / sizeof targets[0]; j++) {
                unsigned char buf[8] = {0xe8, 0xfc, 0xff, 0xff, 0xff, 0x90};  /* A = -4 */
                struct h_reloc r = {
                    .type = types[t], .where = buf + 1, .P = places[i] + 1,
                    .S = targets[j], .rela = 0, .sym_type = STT_FUNC,
                };
                assert_int_equal(h_apply(&r), 0);
                uint32_t rel = h_rd32(buf + 1);
                assert_int_equal(buf[0], 0xe8);
                assert_int_equal(buf[5], 0x90);
                assert_true((uint32_t)(places[i] + 5 + rel) == targets[j]);   /* decoded */
                n++;
            }
        }
    }
    print_message("%u branch checks\n", n);
}

/* ---------------------------------------------------------------- executed */

__attribute__((noinline)) static int answer(int x) { return x + 42; }

static int data_word = 1234;

/* Apply `type` at page offset `off` with the REL addend `A` put in the field first. */
static void rel(unsigned char *pg, uint32_t off, uint32_t type, uint32_t S, uint32_t A,
                uint32_t G, uint32_t GOT, unsigned sym_type) {
    h_wr32(pg + off, A);
    struct h_reloc r = {
        .type = type, .where = pg + off, .P = (uintptr_t)pg + off, .S = S, .rela = 0, .G = G,
        .GOT = GOT, .sym_type = sym_type,
    };
    assert_int_equal(h_apply(&r), 0);
}

static void test_execute(void **state) {
    (void)state;
    unsigned char *pg = h_map_exec(0, 4096);
    if (!pg)
        skip();
    memset(pg, 0xcc, 4096);
    uint32_t base = (uint32_t)(uintptr_t)pg;
    uint32_t GOT = base + 0x800;                 /* the "GOT": slots at GOT + 0x10 ... */
    uint32_t ans = (uint32_t)(uintptr_t)&answer, dat = (uint32_t)(uintptr_t)&data_word;

    /* f1 (0x000): push 4(%esp); call answer (PC32); add $4,%esp; ret
     * f2 (0x020): the same with PLT32 */
    static const unsigned char call_answer[] = {0xff, 0x74, 0x24, 0x04, 0xe8, 0, 0, 0, 0,
                                                0x83, 0xc4, 0x04, 0xc3};
    memcpy(pg, call_answer, sizeof call_answer);
    rel(pg, 0x005, R_386_PC32, ans, (uint32_t)-4, 0, 0, STT_FUNC);
    memcpy(pg + 0x20, call_answer, sizeof call_answer);
    rel(pg, 0x025, R_386_PLT32, ans, (uint32_t)-4, 0, 0, STT_FUNC);

    /* PIC prologue: push %ebx; call 1f; 1: pop %ebx; add $GOT+[.-1b],%ebx (GOTPC), then one
     * 6-byte instruction using %ebx as the GOT pointer, then pop %ebx; ret. */
    static const unsigned char pic[] = {0x53, 0xe8, 0, 0, 0, 0, 0x5b, 0x81, 0xc3, 0, 0, 0, 0,
                                        0x8d, 0x83, 0, 0, 0, 0, 0x5b, 0xc3};
    /* f3 (0x040): lea data_word@GOTOFF(%ebx),%eax */
    memcpy(pg + 0x40, pic, sizeof pic);
    rel(pg, 0x049, R_386_GOTPC, 0, 3, 0, GOT, STT_NOTYPE);     /* A = 9 - 6 */
    rel(pg, 0x04f, R_386_GOTOFF, dat, 0, 0, GOT, STT_OBJECT);
    /* f4 (0x060): mov data_word@GOT(%ebx),%eax, GOT32X: relaxed (slot poisoned) */
    memcpy(pg + 0x60, pic, sizeof pic);
    pg[0x60 + 13] = 0x8b;
    memset(pg + 0x810, 0xee, 4);
    rel(pg, 0x069, R_386_GOTPC, 0, 3, 0, GOT, STT_NOTYPE);
    rel(pg, 0x06f, R_386_GOT32X, dat, 0, GOT + 0x10, GOT, STT_OBJECT);
    assert_int_equal(pg[0x60 + 13], 0x8d);
    /* f5 (0x080): the same as GOT32: reads the slot, which holds S */
    memcpy(pg + 0x80, pic, sizeof pic);
    pg[0x80 + 13] = 0x8b;
    h_wr32(pg + 0x814, dat);
    rel(pg, 0x089, R_386_GOTPC, 0, 3, 0, GOT, STT_NOTYPE);
    rel(pg, 0x08f, R_386_GOT32, dat, 0, GOT + 0x14, GOT, STT_OBJECT);
    assert_int_equal(pg[0x80 + 13], 0x8b);
    /* f6 (0x0a0): mov data_word@GOT,%eax; ret (no base register: the slot's address) */
    static const unsigned char mov_abs[] = {0x8b, 0x05, 0, 0, 0, 0, 0xc3};
    memcpy(pg + 0xa0, mov_abs, sizeof mov_abs);
    h_wr32(pg + 0x818, dat);
    rel(pg, 0x0a2, R_386_GOT32X, dat, 0, GOT + 0x18, GOT, STT_OBJECT);
    /* f7 (0x0c0): jmp *answer@GOT (no base register) */
    static const unsigned char jmp_abs[] = {0xff, 0x25, 0, 0, 0, 0};
    memcpy(pg + 0xc0, jmp_abs, sizeof jmp_abs);
    h_wr32(pg + 0x81c, ans);
    rel(pg, 0x0c2, R_386_GOT32X, ans, 0, GOT + 0x1c, GOT, STT_FUNC);
    /* f8 (0x0e0): mov $data_word,%eax; ret (R_386_32) */
    static const unsigned char mov_imm[] = {0xb8, 0, 0, 0, 0, 0xc3};
    memcpy(pg + 0xe0, mov_imm, sizeof mov_imm);
    rel(pg, 0x0e1, R_386_32, dat, 0, 0, 0, STT_OBJECT);

    int (*fn)(int);
    long (*getp)(void);
    fn = (int (*)(int))(void *)pg;
    assert_int_equal(fn(1), 43);
    fn = (int (*)(int))(void *)(pg + 0x20);
    assert_int_equal(fn(2), 44);
    getp = (long (*)(void))(void *)(pg + 0x40);
    assert_true((uint32_t)getp() == dat);
    getp = (long (*)(void))(void *)(pg + 0x60);
    assert_true((uint32_t)getp() == dat);
    getp = (long (*)(void))(void *)(pg + 0x80);
    assert_true((uint32_t)getp() == dat);
    getp = (long (*)(void))(void *)(pg + 0xa0);
    assert_true((uint32_t)getp() == dat);
    fn = (int (*)(int))(void *)(pg + 0xc0);
    assert_int_equal(fn(7), 49);
    getp = (long (*)(void))(void *)(pg + 0xe0);
    assert_true((uint32_t)getp() == dat);
    h_unmap(pg, 4096);
}

/* ---------------------------------------------------------------- field sizes */
/*
 * Every type the backend applies, with the width of its field from the i386 psABI's table
 * "Relocation Types" (word8 / word16 / word32).  Accepted when the field ends exactly at the
 * end of its section, refused (ELFLD_ERELOC, nothing read or written) one byte further.
 */
static const struct h_field field_sizes[] = {
    {R_386_32, 4},     {R_386_PC32, 4},   {R_386_GOT32, 4},  {R_386_PLT32, 4},
    {R_386_GOTOFF, 4}, {R_386_GOTPC, 4},  {R_386_16, 2},     {R_386_PC16, 2},
    {R_386_8, 1},      {R_386_PC8, 1},    {R_386_SIZE32, 4}, {R_386_GOT32X, 4},
};

static void test_field_sizes(void **state) {
    (void)state;
    const struct h_reloc rel = {.S = 0x40, .rela = 0, .G = 0x80, .GOT = 0x10};
    const struct h_reloc rela = {.S = 0x40, .rela = 1, .G = 0x80, .GOT = 0x10};
    const char *why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0],
                                     256, &rel);
    if (why)
        fail_msg("REL: %s", why);
    why = h_fields_check(field_sizes, sizeof field_sizes / sizeof field_sizes[0], 256, &rela);
    if (why)
        fail_msg("RELA: %s", why);
}

/* GOT32 / GOT32X read the opcode and ModRM bytes before the field only when they are its own
 * section's: one byte into its section, `mov foo@GOT,%eax` (8b 05, no base register) is taken
 * as a data word (the offset G + A - GOT), and `mov foo@GOT(%ebx),%eax` (8b 83) is not relaxed. */
static void test_got_section_start(void **state) {
    (void)state;
    const uint64_t P = 0x10000002u, G = 0x10003000u, GOT = 0x10002f00u, S = 0x10007000u;
    for (unsigned before = 0; before <= 2; before++) {
        unsigned char buf[8] = {0x8b, 0x05, 0, 0, 0, 0, 0xcc, 0xcc};
        struct h_reloc r = {.type = R_386_GOT32X, .where = buf + 2, .P = P, .S = S, .rela = 1,
                            .G = G, .GOT = GOT, .sym_type = STT_OBJECT, .sec = buf + 2 - before};
        assert_int_equal(h_apply(&r), 0);
        assert_int_equal(h_rd32(buf + 2), before < 2 ? (uint32_t)(G - GOT) : (uint32_t)G);
        unsigned char rel[8] = {0x8b, 0x83, 0, 0, 0, 0, 0xcc, 0xcc};
        r.where = rel + 2;
        r.sec = rel + 2 - before;
        assert_int_equal(h_apply(&r), 0);
        assert_int_equal(rel[0], before < 2 ? 0x8b : 0x8d);
        assert_int_equal(h_rd32(rel + 2), before < 2 ? (uint32_t)(G - GOT) : (uint32_t)(S - GOT));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_data_formulas),
        cmocka_unit_test(test_got32),
        cmocka_unit_test(test_branch),
        cmocka_unit_test(test_execute),
        cmocka_unit_test(test_field_sizes),
        cmocka_unit_test(test_got_section_start),
    };
    return cmocka_run_group_tests_name("obj-encoders-i386", tests, NULL, NULL);
}
