/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V register probe, riscv64 and riscv32 (layout: regprobe.h; the test and the three
 * functions' contracts: test_regprobe.c, x86_64.S).  Integer slots a0-a7 (XLEN); FP slots
 * fa0-fa7 (FLEN) when the F or D extension is there.  t0 and t2 are the probe's own scratch:
 * temporaries, no argument registers.
 */
#include "regprobe.h"

#if __riscv_xlen == 64
#define SREG sd
#define LREG ld
#else
#define SREG sw
#define LREG lw
#endif
#if PROBE_NFP && __riscv_flen >= 64
#define FSREG fsd
#define FLREG fld
#define FTRASH(k) fcvt.d.w fa##k, t0
#elif PROBE_NFP
#define FSREG fsw
#define FLREG flw
#define FTRASH(k) fmv.w.x fa##k, t0
#endif

    .bss
    .p2align 6
    .globl  elfld_probe_in, elfld_probe_out
    .hidden elfld_probe_in, elfld_probe_out
elfld_probe_in:  .zero PROBE_SIZE
elfld_probe_out: .zero PROBE_SIZE

    .text
    .globl  elfld_probe_call
    .type   elfld_probe_call, @function
    .p2align 2
elfld_probe_call:
    addi    sp, sp, -16
    SREG    ra, 0(sp)
    mv      t2, a0                      /* fn */
    lla     t0, elfld_probe_in
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    FLREG   fa\k, PROBE_FP_OFF + \k * PROBE_FPSLOT(t0)
    .endr
#endif
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    LREG    a\k, \k * PROBE_WORD(t0)
    .endr
    jalr    t2
    LREG    ra, 0(sp)
    addi    sp, sp, 16
    ret
    .size   elfld_probe_call, .-elfld_probe_call

    .globl  elfld_probe_callee
    .type   elfld_probe_callee, @function
    .p2align 2
elfld_probe_callee:
    lla     t0, elfld_probe_out
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    SREG    a\k, \k * PROBE_WORD(t0)
    .endr
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    FSREG   fa\k, PROBE_FP_OFF + \k * PROBE_FPSLOT(t0)
    .endr
#endif
    ret
    .size   elfld_probe_callee, .-elfld_probe_callee

/* All ones in a0-a7, -1.0 (or an all-ones NaN box for F only) in fa0-fa7: never a pattern. */
    .globl  elfld_probe_trash
    .type   elfld_probe_trash, @function
    .p2align 2
elfld_probe_trash:
    li      t0, -1
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    mv      a\k, t0
    .endr
#if PROBE_NFP
    FTRASH(0)
    FTRASH(1)
    FTRASH(2)
    FTRASH(3)
    FTRASH(4)
    FTRASH(5)
    FTRASH(6)
    FTRASH(7)
#endif
    ret
    .size   elfld_probe_trash, .-elfld_probe_trash

    .section .note.GNU-stack, "", @progbits
