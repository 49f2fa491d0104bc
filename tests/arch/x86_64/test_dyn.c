/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_dyn.c - x86_64 dynamic relocations (arch/x86_64/reloc.c), each applied as a shared
 * object's DT_RELA record through the relocation driver (common/dyn.h): every type the
 * backend's table names, with the formula of the x86-64 psABI's table 4.9 ("Relocation
 * Types"), addends of both signs, and the limits of every narrow field with the addend
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
#include "reloc_types.h"   /* arch/x86_64/: R_X86_64_* */

static const struct d_row rows[] = {
    {"NONE", R_X86_64_NONE, 8, D_NOTHING, 1, 0, 0, 0x55, 0, 0},

    /* word64 = S + A */
    D_ABS("64 +A", R_X86_64_64, 8, 0x0123456789abcdefull, 0x1111, 0),
    D_ABS("64 -A", R_X86_64_64, 8, 0x00007f0012345678ull, -0x123456789ll, 0),
    D_ABS("64 wraps", R_X86_64_64, 8, 0x100, 0x200, 0),     /* S = -0x100 */

    /* word32 = S + A - P, sign-extending to the 64-bit value */
    D_PC("PC32 +A", R_X86_64_PC32, 4, 0x1000, 4, 0),
    D_PC("PC32 -A", R_X86_64_PC32, 4, -0x2000, -4, 0),
    D_PC("PC32 max", R_X86_64_PC32, 4, 0x7fffffff, 0x10, 0),
    D_PC("PC32 max+1", R_X86_64_PC32, 4, 0x80000000, 0x10, ELFLD_ERANGE),
    D_PC("PC32 min", R_X86_64_PC32, 4, -0x80000000ll, -0x20, 0),
    D_PC("PC32 min-1", R_X86_64_PC32, 4, -0x80000001ll, -0x20, ELFLD_ERANGE),
    D_PC("PC32 max -A", R_X86_64_PC32, 4, 0x7fffffff, -0x10, 0),
    D_PC("PC32 min-1 +A", R_X86_64_PC32, 4, -0x80000001ll, 0x20, ELFLD_ERANGE),

    /* word32 = S + A, zero-extending to the 64-bit value */
    D_ABS("32 +A", R_X86_64_32, 4, 0x80001234, 0x234, 0),
    D_ABS("32 -A", R_X86_64_32, 4, 0x80001234, -0x1000, 0),
    D_ABS("32 max", R_X86_64_32, 4, 0xffffffff, -0x10, 0),           /* S = 2^32 + 0xf */
    D_ABS("32 max+1", R_X86_64_32, 4, 0x100000000ll, -0x10, ELFLD_ERANGE),
    D_ABS("32 max+1 +A", R_X86_64_32, 4, 0x100000000ll, 0x10, ELFLD_ERANGE),
    D_ABS("32 -1", R_X86_64_32, 4, -1, -0x11, ELFLD_ERANGE),              /* S = 0x10 */
    D_ABS("32 0", R_X86_64_32, 4, 0, -0x10, 0),

    /* word32 = S + A, sign-extending to the 64-bit value */
    D_ABS("32S +A", R_X86_64_32S, 4, 0x12345678, 0x78, 0),
    D_ABS("32S -A", R_X86_64_32S, 4, -0x1000, -0x40, 0),
    D_ABS("32S max", R_X86_64_32S, 4, 0x7fffffff, 0x10, 0),
    D_ABS("32S max+1", R_X86_64_32S, 4, 0x80000000, 0x10, ELFLD_ERANGE),
    D_ABS("32S min", R_X86_64_32S, 4, -0x80000000ll, -0x40, 0),
    D_ABS("32S min-1", R_X86_64_32S, 4, -0x80000001ll, -0x40, ELFLD_ERANGE),
    D_ABS("32S min-1 +A", R_X86_64_32S, 4, -0x80000001ll, 0x40, ELFLD_ERANGE),

    /* word16 = S + A.  Values from 0 to 0xffff fit whether the field is read signed or
     * unsigned; negative ones are left out (see the note in reloc.c). */
    D_ABS("16 +A", R_X86_64_16, 2, 0x1234, 0x234, 0),
    D_ABS("16 -A", R_X86_64_16, 2, 0x1234, -0xdcc, 0),
    D_ABS("16 max", R_X86_64_16, 2, 0xffff, -6, 0),
    D_ABS("16 max+1", R_X86_64_16, 2, 0x10000, 0x10, ELFLD_ERANGE),
    D_ABS("16 max+1 -A", R_X86_64_16, 2, 0x10000, -0x10, ELFLD_ERANGE),
    D_ABS("16 -2^15-1", R_X86_64_16, 2, -0x8001, -0x100, ELFLD_ERANGE),

    /* word16 = S + A - P, signed */
    D_PC("PC16 +A", R_X86_64_PC16, 2, 0x123, 8, 0),
    D_PC("PC16 -A", R_X86_64_PC16, 2, -0x123, -8, 0),
    D_PC("PC16 max", R_X86_64_PC16, 2, 0x7fff, 0x10, 0),
    D_PC("PC16 max+1", R_X86_64_PC16, 2, 0x8000, 0x10, ELFLD_ERANGE),
    D_PC("PC16 min", R_X86_64_PC16, 2, -0x8000, -0x10, 0),
    D_PC("PC16 min-1", R_X86_64_PC16, 2, -0x8001, -0x10, ELFLD_ERANGE),
    D_PC("PC16 min-1 +A", R_X86_64_PC16, 2, -0x8001, 0x10, ELFLD_ERANGE),

    /* word8 = S + A (0 to 0xff: see R_X86_64_16) */
    D_ABS("8 +A", R_X86_64_8, 1, 0x12, 2, 0),
    D_ABS("8 -A", R_X86_64_8, 1, 0x12, -0x30, 0),
    D_ABS("8 max", R_X86_64_8, 1, 0xff, -1, 0),
    D_ABS("8 max+1", R_X86_64_8, 1, 0x100, 1, ELFLD_ERANGE),
    D_ABS("8 max+1 -A", R_X86_64_8, 1, 0x100, -1, ELFLD_ERANGE),
    D_ABS("8 -2^7-1", R_X86_64_8, 1, -0x81, -0x10, ELFLD_ERANGE),

    /* word8 = S + A - P, signed */
    D_PC("PC8 +A", R_X86_64_PC8, 1, 0x12, 3, 0),
    D_PC("PC8 -A", R_X86_64_PC8, 1, -0x12, -3, 0),
    D_PC("PC8 max", R_X86_64_PC8, 1, 0x7f, 0x10, 0),
    D_PC("PC8 max+1", R_X86_64_PC8, 1, 0x80, 0x10, ELFLD_ERANGE),
    D_PC("PC8 min", R_X86_64_PC8, 1, -0x80, -0x10, 0),
    D_PC("PC8 min-1", R_X86_64_PC8, 1, -0x81, -0x10, ELFLD_ERANGE),
    D_PC("PC8 min-1 +A", R_X86_64_PC8, 1, -0x81, 0x10, ELFLD_ERANGE),

    /* word64 = S + A - P, no check */
    D_PC("PC64 +A", R_X86_64_PC64, 8, 0x123456789ll, 0x10, 0),
    D_PC("PC64 -A", R_X86_64_PC64, 8, -0x123456789ll, -0x10, 0),
    {"PC64 far", R_X86_64_PC64, 8, D_S_A_P, 1, 0x18, 0, -8, 0, 0},   /* S absolute, small */

    /* word32 = Z + A, unsigned; word64 = Z + A */
    {"SIZE32 +A", R_X86_64_SIZE32, 4, D_Z_A, 1, 0x1000, 0, 8, 0x40, 0},
    {"SIZE32 -A", R_X86_64_SIZE32, 4, D_Z_A, 1, 0x1000, 0, -0x10, 0x40, 0},
    {"SIZE32 max", R_X86_64_SIZE32, 4, D_Z_A, 1, 0x1000, 0, -0x10, 0x10000000full, 0},
    {"SIZE32 max+1", R_X86_64_SIZE32, 4, D_Z_A, 1, 0x1000, 0, 0x10, 0xfffffff0ull, ELFLD_ERANGE},
    {"SIZE64 +A", R_X86_64_SIZE64, 8, D_Z_A, 1, 0x1000, 0, 0x7fff, 0x1000, 0},
    {"SIZE64 -A", R_X86_64_SIZE64, 8, D_Z_A, 1, 0x1000, 0, -8, 0x40, 0},

    /* word64 = S (the psABI gives no addend; compilers write 0) */
    {"GLOB_DAT", R_X86_64_GLOB_DAT, 8, D_S, 1, 0x00007f0012345678ull, 0, 0, 0, 0},
    {"JUMP_SLOT", R_X86_64_JUMP_SLOT, 8, D_S, 1, 0x00007f00abcdef10ull, 0, 0, 0, 0},

    /* word64 = B + A */
    {"RELATIVE +A", R_X86_64_RELATIVE, 8, D_B_A, 1, 0, 0, 0x1234, 0, 0},
    {"RELATIVE -A", R_X86_64_RELATIVE, 8, D_B_A, 1, 0, 0, -0x100, 0, 0},

    /* word64 = the result of the resolver at B + A */
    {"IRELATIVE", R_X86_64_IRELATIVE, 8, D_IFUNC, 1, 0, 0, 0, 0, 0},

    /* executables only */
    {"COPY", R_X86_64_COPY, 8, D_NOTHING, 1, 0x1000, 0, 0, 8, ELFLD_ECOPY},
};

int main(void) {
    return d_main(rows, sizeof rows / sizeof rows[0], 0);
}
