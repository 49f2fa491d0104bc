/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * dyn.h - the plumbing of the per-arch dynamic relocation tests (tests/arch/<arch>/test_dyn.c):
 * each relocation goes, as a one-record DT_REL or DT_RELA table of a hand-made library, through
 * the relocation driver (elfld__relocate), which applies the common kinds itself and hands
 * the arch-specific ones to the backend's elfld_arch_apply() - the path a loaded shared object
 * takes.  Each test file holds only its table of rows; the formulas that give the expected
 * values are here, written from the psABI definitions (S symbol value, A addend, P place,
 * B load bias, Z symbol size), never from the library's code.
 *
 * The hand-made library: base d_base(), one writable segment holding D_IMG_SIZE bytes of
 * image, one executable segment holding an IFUNC resolver, and one local symbol defined in a
 * section whose value (base + st_value) is the row's S.
 */
#ifndef ELFLD_TESTS_ARCH_DYN_H
#define ELFLD_TESTS_ARCH_DYN_H

#include <stddef.h>
#include <stdint.h>

#include "elfld.h"       /* ELFLD_E* */

/* What the value stored at P is, by the psABI's formula for the type. */
enum d_formula {
    D_NOTHING,   /* NONE, or a refused type: the image is left as it was */
    D_S_A,       /* S + A */
    D_S_A_P,     /* S + A - P */
    D_S,         /* S: the addend (explicit, or the word at P) does not take part */
    D_B_A,       /* B + A, the record naming no symbol */
    D_Z_A,       /* Z + A */
    D_IFUNC,     /* the result of the resolver at B + A (A is set by the runner) */
};

/*
 * One relocation and what it must do.  Values are 64-bit whatever the target; on a 32-bit
 * target addresses are taken modulo 2^32 (S + A, S + A - P, B + A as the address arithmetic of
 * the target computes them), then zero-extended into a field wider than a word.
 */
struct d_row {
    const char *what;
    uint32_t type;
    unsigned size;        /* bytes of the field at P */
    enum d_formula f;
    int rela;             /* 1: DT_RELA with A explicit; 0: DT_REL, A stored at P first */
    uint64_t S;           /* the symbol's value; with pcrel, its distance from P (S = P + S) */
    int pcrel;
    int64_t A;            /* the addend; for REL, written in the field's `size` bytes at P */
    uint64_t Z;           /* the symbol's st_size */
    int rc;               /* what the driver returns: 0 or ELFLD_E* */
};

/* Apply every row, each on a fresh image, and check the result: rc, the exact bytes of the
 * field (rc 0) and every other byte of the image unchanged (with rc != 0, every byte). */
void d_run_rows(const struct d_row *rows, size_t n);

/* Every type the backend's table names, except the thread-local ones (refused with ELFLD_ETLS,
 * checked by d_check_refused) and the ones it does not apply (ELFLD_RK_UNKNOWN: ELFLD_ERELTYPE
 * without a relocation hook, idem), has a row. */
void d_check_covered(const struct d_row *rows, size_t n);

/* Each thread-local type of the table is refused with ELFLD_ETLS, each type the table names
 * but does not apply with ELFLD_ERELTYPE, and neither writes anything. */
void d_check_refused(int rela);

/* main() of a dyn-appliers program: d_run_rows, d_check_covered and d_check_refused (for
 * RELA records, and for REL ones too when `rel` is set) as three cmocka tests. */
int d_main(const struct d_row *rows, size_t n, int rel);

/*
 * Row shorthands, naming the value X the formula must produce and solving for S: with
 * S = X - A (absolute) or S = P + X - A (pc-relative), S + A (- P) is X exactly, so the
 * limits of a field can be written down with the addend counted; the runner computes the
 * expected bytes from S, A and P by the formula itself, so an addend taken with the wrong
 * sign, or P forgotten, gives X - 2A or X + P instead and fails.
 */
#define D_ABS(what, type, size, X, A, rc) \
    {what, type, size, D_S_A, 1, (uint64_t)(X) - (uint64_t)(int64_t)(A), 0, A, 0, rc}
#define D_PC(what, type, size, X, A, rc) \
    {what, type, size, D_S_A_P, 1, (uint64_t)(X) - (uint64_t)(int64_t)(A), 1, A, 0, rc}
/* The same for a REL record: A is stored at P, the formula reads it from there. */
#define D_ABS_REL(what, type, size, X, A, rc) \
    {what, type, size, D_S_A, 0, (uint64_t)(X) - (uint64_t)(int64_t)(A), 0, A, 0, rc}
#define D_PC_REL(what, type, size, X, A, rc) \
    {what, type, size, D_S_A_P, 0, (uint64_t)(X) - (uint64_t)(int64_t)(A), 1, A, 0, rc}

#endif /* ELFLD_TESTS_ARCH_DYN_H */
