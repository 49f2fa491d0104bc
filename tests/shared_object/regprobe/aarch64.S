/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 register probe (layout: regprobe.h; the test and the three functions' contracts:
 * test_regprobe.c, x86_64.S).  Integer slots x0-x8; vector slots q0-q7.  x9 and x10 are the
 * probe's own scratch: caller-saved and no argument register.
 */
#include "regprobe.h"

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
    hint    #34                         /* BTI c */
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    mov     x10, x0                     /* fn */
    adrp    x9, elfld_probe_in
    add     x9, x9, :lo12:elfld_probe_in
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    ldr     q\k, [x9, #PROBE_FP_OFF + \k * 16]
    .endr
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8
    ldr     x\k, [x9, #\k * 8]
    .endr
    blr     x10
    ldp     x29, x30, [sp], #16
    ret
    .size   elfld_probe_call, .-elfld_probe_call

    .globl  elfld_probe_callee
    .type   elfld_probe_callee, %function
    .p2align 2
elfld_probe_callee:
    hint    #34                         /* BTI c: entered by BR x17 */
    adrp    x9, elfld_probe_out
    add     x9, x9, :lo12:elfld_probe_out
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8
    str     x\k, [x9, #\k * 8]
    .endr
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    str     q\k, [x9, #PROBE_FP_OFF + \k * 16]
    .endr
    ret
    .size   elfld_probe_callee, .-elfld_probe_callee

/* All ones in x0-x8 and q0-q7: never a pattern of the test. */
    .globl  elfld_probe_trash
    .type   elfld_probe_trash, %function
    .p2align 2
elfld_probe_trash:
    hint    #34
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8
    mov     x\k, #-1
    .endr
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    movi    v\k\().2d, #0xffffffffffffffff
    .endr
    ret
    .size   elfld_probe_trash, .-elfld_probe_trash

    .section .note.GNU-stack, "", %progbits
