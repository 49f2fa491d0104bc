/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_dyn.c - Arm dynamic relocations (arch/arm/reloc.c), each applied as a shared object's
 * DT_REL record (the implicit addend read from the place), and as a DT_RELA one, through the
 * relocation driver (common/dyn.h): every type the backend's table names, with the formula
 * of AAELF32's table "Relocation codes" ((S + A) | T for ABS32, ((S + A) | T) - P for REL32:
 * T, the Thumb bit, is bit 0 of a Thumb function's S), addends of both signs, modulo 2^32.
 * Expected values are the psABI formulas (dyn.c), never the backend's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/arch.h"
#include "dyn.h"           /* tests/arch/common/ */
#include "reloc_types.h"   /* arch/arm/: R_ARM_* */

static const struct d_row rows[] = {
    {"NONE", R_ARM_NONE, 4, D_NOTHING, 0, 0, 0, 0x55, 0, 0},

    /* ABS32: (S + A) | T */
    D_ABS_REL("ABS32 +A", R_ARM_ABS32, 4, 0x80001234, 0x234, 0),
    D_ABS_REL("ABS32 -A", R_ARM_ABS32, 4, 0x80001234, -0x1000, 0),
    D_ABS_REL("ABS32 wraps", R_ARM_ABS32, 4, 0x8, 0x10, 0),          /* S = 0xfffffff8 */
    D_ABS_REL("ABS32 Thumb fn +A", R_ARM_ABS32, 4, 0x20005, 4, 0),   /* S = 0x20001: T set */
    D_ABS("ABS32 +A (RELA)", R_ARM_ABS32, 4, 0x80001234, 0x234, 0),
    D_ABS("ABS32 -A (RELA)", R_ARM_ABS32, 4, 0x80001234, -0x1000, 0),

    /* REL32: ((S + A) | T) - P */
    D_PC_REL("REL32 +A", R_ARM_REL32, 4, 0x1000, 4, 0),
    D_PC_REL("REL32 -A", R_ARM_REL32, 4, -0x2000, -4, 0),
    D_PC_REL("REL32 +A far", R_ARM_REL32, 4, 0x7fff0000, 0x100, 0),
    D_PC_REL("REL32 Thumb fn -A", R_ARM_REL32, 4, 0x1001, -0x10, 0),  /* S = P + 0x1011 */
    {"REL32 wraps", R_ARM_REL32, 4, D_S_A_P, 0, 0x18, 0, -8, 0, 0},   /* S absolute, small */
    D_PC("REL32 +A (RELA)", R_ARM_REL32, 4, 0x1000, 4, 0),
    D_PC("REL32 -A (RELA)", R_ARM_REL32, 4, -0x2000, -4, 0),

    /* GLOB_DAT, JUMP_SLOT: S | T, whatever the place held (the REL form has no addend in
     * glibc's and musl's loaders either) */
    {"GLOB_DAT", R_ARM_GLOB_DAT, 4, D_S, 0, 0x00049abc, 0, 0x11223344, 0, 0},
    {"GLOB_DAT Thumb fn", R_ARM_GLOB_DAT, 4, D_S, 0, 0x00049abd, 0, 0x11223344, 0, 0},
    {"JUMP_SLOT", R_ARM_JUMP_SLOT, 4, D_S, 0, 0xb6001231u, 0, 0x00010456, 0, 0},
    {"GLOB_DAT (RELA)", R_ARM_GLOB_DAT, 4, D_S, 1, 0x00049abc, 0, 0, 0, 0},
    {"JUMP_SLOT (RELA)", R_ARM_JUMP_SLOT, 4, D_S, 1, 0xb6001231u, 0, 0, 0, 0},

    /* RELATIVE: B + A */
    {"RELATIVE +A", R_ARM_RELATIVE, 4, D_B_A, 0, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A", R_ARM_RELATIVE, 4, D_B_A, 0, 0, 0, -0x100, 0, 0},
    {"RELATIVE +A (RELA)", R_ARM_RELATIVE, 4, D_B_A, 1, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A (RELA)", R_ARM_RELATIVE, 4, D_B_A, 1, 0, 0, -0x100, 0, 0},

    /* IRELATIVE: the result of the resolver at B + A */
    {"IRELATIVE", R_ARM_IRELATIVE, 4, D_IFUNC, 0, 0, 0, 0, 0, 0},
    {"IRELATIVE (RELA)", R_ARM_IRELATIVE, 4, D_IFUNC, 1, 0, 0, 0, 0, 0},

    /* executables only */
    {"COPY", R_ARM_COPY, 4, D_NOTHING, 0, 0x1000, 0, 0, 8, ELFLD_ECOPY},
};

int main(void) {
    return d_main(rows, sizeof rows / sizeof rows[0], 1);
}
