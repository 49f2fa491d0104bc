/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_dyn.c - RISC-V dynamic relocations (arch/riscv-common/reloc.c, RV64 and RV32), each
 * applied as a shared object's DT_RELA record through the relocation driver (common/dyn.h):
 * every type the backend's table names, with the formula of the RISC-V psABI's table
 * "Relocation types" (word32 / word64 = S + A, RELATIVE B + A, JUMP_SLOT S, IRELATIVE the
 * resolver at B + A), addends of both signs, and on RV64 the limits of the 32-bit word with
 * the addend counted.  Expected values are the psABI formulas (dyn.c), never the backend's
 * output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/arch.h"
#include "dyn.h"           /* tests/arch/common/ */
#include "../../../arch/riscv-common/reloc_types.h"   /* R_RISCV_* */

#if __riscv_xlen == 64
#define RV64 1
#define WORD 8
#else
#define RV64 0
#define WORD 4
#endif

#define ER ELFLD_ERANGE

static const struct d_row rows[] = {
    {"NONE", R_RISCV_NONE, 8, D_NOTHING, 1, 0, 0, 0x55, 0, 0},

    /* word32 = S + A.  RV64: the value must survive the 32-bit store read signed or unsigned,
     * -2^31 <= X < 2^32; RV32: the whole address, modulo 2^32 */
    D_ABS("32 +A", R_RISCV_32, 4, 0x80001234, 0x234, 0),
    D_ABS("32 -A", R_RISCV_32, 4, 0x80001234, -0x1000, 0),
#if RV64
    D_ABS("32 max -A", R_RISCV_32, 4, 0xffffffff, -0x10, 0),
    D_ABS("32 2^32 -A", R_RISCV_32, 4, 0x100000000ll, -0x10, ER),
    D_ABS("32 2^32 +A", R_RISCV_32, 4, 0x100000000ll, 0x10, ER),
    D_ABS("32 min +A", R_RISCV_32, 4, -0x80000000ll, 0x10, 0),
    D_ABS("32 -2^31-1 +A", R_RISCV_32, 4, -0x80000001ll, 0x10, ER),
    D_ABS("32 -2^31-1 -A", R_RISCV_32, 4, -0x80000001ll, -0x10, ER),
#else
    D_ABS("32 wraps", R_RISCV_32, 4, 0x8, 0x10, 0),               /* S = 0xfffffff8 */
#endif

    /* word64 = S + A (RV32: the 32-bit address, zero-extended) */
    D_ABS("64 +A", R_RISCV_64, 8, 0x01234567, 0x1111, 0),
    D_ABS("64 -A", R_RISCV_64, 8, 0x81234567, -0x12345, 0),
    D_ABS("64 wraps", R_RISCV_64, 8, 0x8, 0x10, 0),               /* S = -8 */

    /* JUMP_SLOT: S (compilers write addend 0) */
    {"JUMP_SLOT", R_RISCV_JUMP_SLOT, WORD, D_S, 1, 0x3f12345670ull, 0, 0, 0, 0},

    /* RELATIVE: B + A */
    {"RELATIVE +A", R_RISCV_RELATIVE, WORD, D_B_A, 1, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A", R_RISCV_RELATIVE, WORD, D_B_A, 1, 0, 0, -0x100, 0, 0},

    /* IRELATIVE: the result of the resolver at B + A */
    {"IRELATIVE", R_RISCV_IRELATIVE, WORD, D_IFUNC, 1, 0, 0, 0, 0, 0},

    /* executables only */
    {"COPY", R_RISCV_COPY, WORD, D_NOTHING, 1, 0x1000, 0, 0, 8, ELFLD_ECOPY},
};

int main(void) {
    return d_main(rows, sizeof rows / sizeof rows[0], 0);
}
