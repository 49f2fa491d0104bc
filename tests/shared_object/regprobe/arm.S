/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Arm register probe (layout: regprobe.h; the test and the three functions' contracts:
 * test_regprobe.c, x86_64.S).  Integer slots r0-r3; under the VFP variant of the AAPCS
 * (armhf) also d0-d7.  Arm state (callers reach it by BLX from Thumb code); ip (r12) is the
 * probe's own scratch: the PLT clobbers it anyway.
 */
#include "regprobe.h"

    .syntax unified
    .arm
#if PROBE_NFP
    .fpu    vfp
#endif

    .bss
    .p2align 6
    .globl  elfld_probe_in, elfld_probe_out
    .hidden elfld_probe_in, elfld_probe_out
elfld_probe_in:  .zero PROBE_SIZE
elfld_probe_out: .zero PROBE_SIZE

    .text
    .globl  elfld_probe_call
    .type   elfld_probe_call, %function
    .p2align 2
elfld_probe_call:
    push    {r4, lr}
    mov     ip, r0                      /* fn */
    ldr     r4, 2f
1:  add     r4, pc, r4                  /* pc reads as 1b + 8 */
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vldr    d\k, [r4, #PROBE_FP_OFF + \k * 8]
    .endr
#endif
    ldm     r4, {r0-r3}
    blx     ip
    pop     {r4, lr}
    bx      lr
    .p2align 2
2:  .word   elfld_probe_in - (1b + 8)
    .size   elfld_probe_call, .-elfld_probe_call

    .globl  elfld_probe_callee
    .type   elfld_probe_callee, %function
    .p2align 2
elfld_probe_callee:
    ldr     ip, 2f
1:  add     ip, pc, ip
    stm     ip, {r0-r3}
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vstr    d\k, [ip, #PROBE_FP_OFF + \k * 8]
    .endr
#endif
    bx      lr
    .p2align 2
2:  .word   elfld_probe_out - (1b + 8)
    .size   elfld_probe_callee, .-elfld_probe_callee

/* All ones in r0-r3 and d0-d7: never a pattern of the test. */
    .globl  elfld_probe_trash
    .type   elfld_probe_trash, %function
    .p2align 2
elfld_probe_trash:
    mvn     r0, #0
    mvn     r1, #0
    mvn     r2, #0
    mvn     r3, #0
#if PROBE_NFP
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vmov    d\k, r0, r1
    .endr
#endif
    bx      lr
    .size   elfld_probe_trash, .-elfld_probe_trash

    .section .note.GNU-stack, "", %progbits
