/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 register probe (layout: regprobe.h; the test and the three functions'
 * contracts: test_regprobe.c, x86_64.S).  Integer slots a0-a7; FP slots fa0-fa7 (FRLEN) for
 * the lp64d / lp64f ABIs.  t0 and t8 are the probe's own scratch: temporaries, no argument
 * registers.
 */
#include "regprobe.h"

#if PROBE_FPSLOT == 8
#define FST fst.d
#define FLD fld.d
#define FTRASH(k) movgr2fr.d $fa##k, $t0
#else
#define FST fst.s
#define FLD fld.s
#define FTRASH(k) movgr2fr.w $fa##k, $t0
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
    addi.d  $sp, $sp, -16
    st.d    $ra, $sp, 8
    move    $t8, $a0                    /* fn */
    pcalau12i $t0, %pc_hi20(elfld_probe_in)
    addi.d  $t0, $t0, %pc_lo12(elfld_probe_in)
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    FLD     $fa\k, $t0, PROBE_FP_OFF + \k * PROBE_FPSLOT
    .endr
#endif
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    ld.d    $a\k, $t0, \k * 8
    .endr
    jirl    $ra, $t8, 0
    ld.d    $ra, $sp, 8
    addi.d  $sp, $sp, 16
    jr      $ra
    .size   elfld_probe_call, .-elfld_probe_call

    .globl  elfld_probe_callee
    .type   elfld_probe_callee, @function
    .p2align 2
elfld_probe_callee:
    pcalau12i $t0, %pc_hi20(elfld_probe_out)
    addi.d  $t0, $t0, %pc_lo12(elfld_probe_out)
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    st.d    $a\k, $t0, \k * 8
    .endr
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    FST     $fa\k, $t0, PROBE_FP_OFF + \k * PROBE_FPSLOT
    .endr
#endif
    jr      $ra
    .size   elfld_probe_callee, .-elfld_probe_callee

/* All ones in a0-a7 and fa0-fa7: never a pattern of the test. */
    .globl  elfld_probe_trash
    .type   elfld_probe_trash, @function
    .p2align 2
elfld_probe_trash:
    addi.d  $t0, $zero, -1
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    move    $a\k, $t0
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
    jr      $ra
    .size   elfld_probe_trash, .-elfld_probe_trash

    .section .note.GNU-stack, "", @progbits
