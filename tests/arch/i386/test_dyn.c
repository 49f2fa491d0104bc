/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_dyn.c - i386 dynamic relocations (arch/i386/reloc.c), each applied as a shared
 * object's DT_REL record (the implicit addend read from the place), and as a DT_RELA one
 * (legal, if no toolchain emits it), through the relocation driver (common/dyn.h): every
 * type the backend's table names, with the formula of the Intel386 psABI's table 2.1
 * ("Relocation Types"), addends of both signs, modulo 2^32.  Expected values are the psABI
 * formulas (dyn.c), never the backend's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/arch.h"
#include "dyn.h"           /* tests/arch/common/ */
#include "reloc_types.h"   /* arch/i386/: R_386_* */

static const struct d_row rows[] = {
    {"NONE", R_386_NONE, 4, D_NOTHING, 0, 0, 0, 0x55, 0, 0},

    /* R_386_32: S + A */
    D_ABS_REL("32 +A", R_386_32, 4, 0x80001234, 0x234, 0),
    D_ABS_REL("32 -A", R_386_32, 4, 0x80001234, -0x1000, 0),
    D_ABS_REL("32 wraps", R_386_32, 4, 0x8, 0x10, 0),            /* S = 0xfffffff8 */
    D_ABS("32 +A (RELA)", R_386_32, 4, 0x80001234, 0x234, 0),
    D_ABS("32 -A (RELA)", R_386_32, 4, 0x80001234, -0x1000, 0),

    /* R_386_PC32: S + A - P */
    D_PC_REL("PC32 +A", R_386_PC32, 4, 0x1000, 4, 0),
    D_PC_REL("PC32 -A", R_386_PC32, 4, -0x2000, -4, 0),
    D_PC_REL("PC32 +A far", R_386_PC32, 4, 0x7fff0000, 0x100, 0),
    {"PC32 wraps", R_386_PC32, 4, D_S_A_P, 0, 0x18, 0, -8, 0, 0},   /* S absolute, small */
    D_PC("PC32 +A (RELA)", R_386_PC32, 4, 0x1000, 4, 0),
    D_PC("PC32 -A (RELA)", R_386_PC32, 4, -0x2000, -4, 0),

    /* R_386_SIZE32: Z + A */
    {"SIZE32 +A", R_386_SIZE32, 4, D_Z_A, 0, 0x1000, 0, 8, 0x40, 0},
    {"SIZE32 -A", R_386_SIZE32, 4, D_Z_A, 0, 0x1000, 0, -0x10, 0x40, 0},
    {"SIZE32 +A (RELA)", R_386_SIZE32, 4, D_Z_A, 1, 0x1000, 0, 8, 0x40, 0},
    {"SIZE32 -A (RELA)", R_386_SIZE32, 4, D_Z_A, 1, 0x1000, 0, -0x10, 0x40, 0},

    /* GLOB_DAT, JMP_SLOT: S, whatever the place held */
    {"GLOB_DAT", R_386_GLOB_DAT, 4, D_S, 0, 0x08049abc, 0, 0x11223344, 0, 0},
    {"JMP_SLOT", R_386_JMP_SLOT, 4, D_S, 0, 0xf7001230u, 0, 0x08048456, 0, 0},
    {"GLOB_DAT (RELA)", R_386_GLOB_DAT, 4, D_S, 1, 0x08049abc, 0, 0, 0, 0},
    {"JMP_SLOT (RELA)", R_386_JMP_SLOT, 4, D_S, 1, 0xf7001230u, 0, 0, 0, 0},

    /* RELATIVE: B + A */
    {"RELATIVE +A", R_386_RELATIVE, 4, D_B_A, 0, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A", R_386_RELATIVE, 4, D_B_A, 0, 0, 0, -0x100, 0, 0},
    {"RELATIVE +A (RELA)", R_386_RELATIVE, 4, D_B_A, 1, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A (RELA)", R_386_RELATIVE, 4, D_B_A, 1, 0, 0, -0x100, 0, 0},

    /* IRELATIVE: the result of the resolver at B + A */
    {"IRELATIVE", R_386_IRELATIVE, 4, D_IFUNC, 0, 0, 0, 0, 0, 0},
    {"IRELATIVE (RELA)", R_386_IRELATIVE, 4, D_IFUNC, 1, 0, 0, 0, 0, 0},

    /* executables only */
    {"COPY", R_386_COPY, 4, D_NOTHING, 0, 0x1000, 0, 0, 8, ELFLD_ECOPY},
};

int main(void) {
    return d_main(rows, sizeof rows / sizeof rows[0], 1);
}
