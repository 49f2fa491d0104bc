/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_dyn.c - LoongArch64 dynamic relocations (arch/loongarch64/reloc.c), each applied as a
 * shared object's DT_RELA record through the relocation driver (common/dyn.h): every type the
 * backend's table names, with the formula of laelf's table "ELF Relocation types" (32 / 64:
 * S + A, RELATIVE: B + A, JUMP_SLOT: S + A as glibc and musl apply it, IRELATIVE: the
 * resolver at B + A), addends of both signs, and the limits of the 32-bit word with the addend
 * counted.  Expected values are the psABI formulas (dyn.c), never the backend's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/arch.h"
#include "dyn.h"           /* tests/arch/common/ */
#include "reloc_types.h"   /* arch/loongarch64/: R_LARCH_* */

#define ER ELFLD_ERANGE

static const struct d_row rows[] = {
    {"NONE", R_LARCH_NONE, 8, D_NOTHING, 1, 0, 0, 0x55, 0, 0},

    /* R_LARCH_32: S + A in 32 bits, read signed or unsigned: -2^31 <= X < 2^32 */
    D_ABS("32 +A", R_LARCH_32, 4, 0x80001234, 0x234, 0),
    D_ABS("32 -A", R_LARCH_32, 4, 0x80001234, -0x1000, 0),
    D_ABS("32 max -A", R_LARCH_32, 4, 0xffffffff, -0x10, 0),
    D_ABS("32 2^32 -A", R_LARCH_32, 4, 0x100000000ll, -0x10, ER),
    D_ABS("32 2^32 +A", R_LARCH_32, 4, 0x100000000ll, 0x10, ER),
    D_ABS("32 min +A", R_LARCH_32, 4, -0x80000000ll, 0x10, 0),
    D_ABS("32 -2^31-1 +A", R_LARCH_32, 4, -0x80000001ll, 0x10, ER),
    D_ABS("32 -2^31-1 -A", R_LARCH_32, 4, -0x80000001ll, -0x10, ER),

    /* R_LARCH_64: S + A */
    D_ABS("64 +A", R_LARCH_64, 8, 0x0123456789abcdefull, 0x1111, 0),
    D_ABS("64 -A", R_LARCH_64, 8, 0x00007fff12345678ull, -0x123456789ll, 0),
    D_ABS("64 wraps", R_LARCH_64, 8, 0x8, 0x10, 0),

    /* JUMP_SLOT: S + A */
    D_ABS("JUMP_SLOT +A", R_LARCH_JUMP_SLOT, 8, 0x00007fffabcdef10ull, 0x20, 0),
    D_ABS("JUMP_SLOT -A", R_LARCH_JUMP_SLOT, 8, 0x00007fffabcdef10ull, -0x20, 0),

    /* RELATIVE: B + A */
    {"RELATIVE +A", R_LARCH_RELATIVE, 8, D_B_A, 1, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A", R_LARCH_RELATIVE, 8, D_B_A, 1, 0, 0, -0x100, 0, 0},

    /* IRELATIVE: the result of the resolver at B + A */
    {"IRELATIVE", R_LARCH_IRELATIVE, 8, D_IFUNC, 1, 0, 0, 0, 0, 0},

    /* executables only */
    {"COPY", R_LARCH_COPY, 8, D_NOTHING, 1, 0x1000, 0, 0, 8, ELFLD_ECOPY},
};

int main(void) {
    return d_main(rows, sizeof rows / sizeof rows[0], 0);
}
