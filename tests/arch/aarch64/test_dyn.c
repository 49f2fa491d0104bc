/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_dyn.c - AArch64 dynamic relocations (arch/aarch64/reloc.c), each applied as a shared
 * object's DT_RELA record through the relocation driver (common/dyn.h): every type the
 * backend's table names, with the formula of aaelf64's tables "Static Data relocations" and
 * "Dynamic relocations", addends of both signs, and the limits of every narrow field with the
 * addend counted.  Expected values are the psABI formulas (dyn.c), never the backend's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/arch.h"
#include "dyn.h"           /* tests/arch/common/ */
#include "reloc_types.h"   /* arch/aarch64/: R_AARCH64_* */

#define ER ELFLD_ERANGE

static const struct d_row rows[] = {
    {"NONE", R_AARCH64_NONE, 8, D_NOTHING, 1, 0, 0, 0x55, 0, 0},
    {"NONE (withdrawn 256)", R_AARCH64_NONE_WITHDRAWN, 8, D_NOTHING, 1, 0, 0, 0x55, 0, 0},

    /* ABS64: S + A, no check */
    D_ABS("ABS64 +A", R_AARCH64_ABS64, 8, 0x0123456789abcdefull, 0x1111, 0),
    D_ABS("ABS64 -A", R_AARCH64_ABS64, 8, 0x0000ffff12345678ull, -0x123456789ll, 0),

    /* ABS32: S + A, -2^31 <= X < 2^32 */
    D_ABS("ABS32 +A", R_AARCH64_ABS32, 4, 0x80001234, 0x234, 0),
    D_ABS("ABS32 -A", R_AARCH64_ABS32, 4, 0x80001234, -0x1000, 0),
    D_ABS("ABS32 max -A", R_AARCH64_ABS32, 4, 0xffffffff, -0x10, 0),
    D_ABS("ABS32 2^32 -A", R_AARCH64_ABS32, 4, 0x100000000ll, -0x10, ER),
    D_ABS("ABS32 2^32 +A", R_AARCH64_ABS32, 4, 0x100000000ll, 0x10, ER),
    D_ABS("ABS32 min +A", R_AARCH64_ABS32, 4, -0x80000000ll, 0x10, 0),
    D_ABS("ABS32 -2^31-1 +A", R_AARCH64_ABS32, 4, -0x80000001ll, 0x10, ER),
    D_ABS("ABS32 -2^31-1 -A", R_AARCH64_ABS32, 4, -0x80000001ll, -0x10, ER),

    /* ABS16: S + A, -2^15 <= X < 2^16 */
    D_ABS("ABS16 +A", R_AARCH64_ABS16, 2, 0x1234, 0x234, 0),
    D_ABS("ABS16 -A", R_AARCH64_ABS16, 2, 0x1234, -0xdcc, 0),
    D_ABS("ABS16 max -A", R_AARCH64_ABS16, 2, 0xffff, -6, 0),
    D_ABS("ABS16 2^16 +A", R_AARCH64_ABS16, 2, 0x10000, 0x10, ER),
    D_ABS("ABS16 2^16 -A", R_AARCH64_ABS16, 2, 0x10000, -0x10, ER),
    D_ABS("ABS16 min +A", R_AARCH64_ABS16, 2, -0x8000, 0x10, 0),
    D_ABS("ABS16 -2^15-1 +A", R_AARCH64_ABS16, 2, -0x8001, 0x10, ER),
    D_ABS("ABS16 -2^15-1 -A", R_AARCH64_ABS16, 2, -0x8001, -0x10, ER),

    /* PREL64: S + A - P, no check */
    D_PC("PREL64 +A", R_AARCH64_PREL64, 8, 0x123456789ll, 0x10, 0),
    D_PC("PREL64 -A", R_AARCH64_PREL64, 8, -0x123456789ll, -0x10, 0),
    {"PREL64 far", R_AARCH64_PREL64, 8, D_S_A_P, 1, 0x18, 0, -8, 0, 0},

    /* PREL32, PLT32: S + A - P, -2^31 <= X < 2^31 */
    D_PC("PREL32 +A", R_AARCH64_PREL32, 4, 0x1000, 0x20, 0),
    D_PC("PREL32 -A", R_AARCH64_PREL32, 4, -0x1000, -0x20, 0),
    D_PC("PREL32 max +A", R_AARCH64_PREL32, 4, 0x7fffffff, 0x10, 0),
    D_PC("PREL32 2^31 +A", R_AARCH64_PREL32, 4, 0x80000000, 0x10, ER),
    D_PC("PREL32 max -A", R_AARCH64_PREL32, 4, 0x7fffffff, -0x10, 0),
    D_PC("PREL32 2^31 -A", R_AARCH64_PREL32, 4, 0x80000000, -0x10, ER),
    D_PC("PREL32 min -A", R_AARCH64_PREL32, 4, -0x80000000ll, -0x10, 0),
    D_PC("PREL32 -2^31-1 -A", R_AARCH64_PREL32, 4, -0x80000001ll, -0x10, ER),
    D_PC("PREL32 min +A", R_AARCH64_PREL32, 4, -0x80000000ll, 0x10, 0),
    D_PC("PREL32 -2^31-1 +A", R_AARCH64_PREL32, 4, -0x80000001ll, 0x10, ER),
    D_PC("PLT32 +A", R_AARCH64_PLT32, 4, 0x1000, 8, 0),
    D_PC("PLT32 -A", R_AARCH64_PLT32, 4, -0x1000, -8, 0),
    D_PC("PLT32 max +A", R_AARCH64_PLT32, 4, 0x7fffffff, 0x10, 0),
    D_PC("PLT32 2^31 +A", R_AARCH64_PLT32, 4, 0x80000000, 0x10, ER),
    D_PC("PLT32 min -A", R_AARCH64_PLT32, 4, -0x80000000ll, -0x10, 0),
    D_PC("PLT32 -2^31-1 -A", R_AARCH64_PLT32, 4, -0x80000001ll, -0x10, ER),

    /* PREL16: S + A - P, -2^15 <= X < 2^15 */
    D_PC("PREL16 +A", R_AARCH64_PREL16, 2, 0x123, 8, 0),
    D_PC("PREL16 -A", R_AARCH64_PREL16, 2, -0x123, -8, 0),
    D_PC("PREL16 max +A", R_AARCH64_PREL16, 2, 0x7fff, 0x10, 0),
    D_PC("PREL16 2^15 +A", R_AARCH64_PREL16, 2, 0x8000, 0x10, ER),
    D_PC("PREL16 max -A", R_AARCH64_PREL16, 2, 0x7fff, -0x10, 0),
    D_PC("PREL16 2^15 -A", R_AARCH64_PREL16, 2, 0x8000, -0x10, ER),
    D_PC("PREL16 min -A", R_AARCH64_PREL16, 2, -0x8000, -0x10, 0),
    D_PC("PREL16 -2^15-1 -A", R_AARCH64_PREL16, 2, -0x8001, -0x10, ER),
    D_PC("PREL16 min +A", R_AARCH64_PREL16, 2, -0x8000, 0x10, 0),
    D_PC("PREL16 -2^15-1 +A", R_AARCH64_PREL16, 2, -0x8001, 0x10, ER),

    /* GLOB_DAT, JUMP_SLOT: S + A (aaelf64 "Dynamic relocations") */
    D_ABS("GLOB_DAT +A", R_AARCH64_GLOB_DAT, 8, 0x0000ffff12345678ull, 0x10, 0),
    D_ABS("GLOB_DAT -A", R_AARCH64_GLOB_DAT, 8, 0x0000ffff12345678ull, -0x10, 0),
    D_ABS("GLOB_DAT 0", R_AARCH64_GLOB_DAT, 8, 0x0000ffff12345678ull, 0, 0),
    D_ABS("JUMP_SLOT +A", R_AARCH64_JUMP_SLOT, 8, 0x0000ffffabcdef10ull, 0x20, 0),
    D_ABS("JUMP_SLOT -A", R_AARCH64_JUMP_SLOT, 8, 0x0000ffffabcdef10ull, -0x20, 0),

    /* RELATIVE: Delta(S) + A, with no symbol B + A */
    {"RELATIVE +A", R_AARCH64_RELATIVE, 8, D_B_A, 1, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A", R_AARCH64_RELATIVE, 8, D_B_A, 1, 0, 0, -0x100, 0, 0},

    /* IRELATIVE: the result of the resolver at B + A */
    {"IRELATIVE", R_AARCH64_IRELATIVE, 8, D_IFUNC, 1, 0, 0, 0, 0, 0},

    /* executables only */
    {"COPY", R_AARCH64_COPY, 8, D_NOTHING, 1, 0x1000, 0, 0, 8, ELFLD_ECOPY},
};

int main(void) {
    return d_main(rows, sizeof rows / sizeof rows[0], 0);
}
