/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 register probe (layout: regprobe.h; the test and the three functions' contracts:
 * test_regprobe.c, x86_64.S).  Integer slots eax edx ecx; vector slots xmm0-7.  The records
 * are reached GOT-relative through %ebx, which the probe saves and restores (callee-saved).
 */
#include "regprobe.h"

#define IN(off) elfld_probe_in@GOTOFF + (off)(%ebx)
#define OUT(off) elfld_probe_out@GOTOFF + (off)(%ebx)
#define V(k) PROBE_FP_OFF + (k) * PROBE_FPSLOT

    .bss
    .p2align 6
    .globl  elfld_probe_in, elfld_probe_out
    .hidden elfld_probe_in, elfld_probe_out
elfld_probe_in:  .zero PROBE_SIZE
elfld_probe_out: .zero PROBE_SIZE

    .text
    .globl  elfld_probe_call
    .type   elfld_probe_call, @function
elfld_probe_call:
    pushl   %ebx
    pushl   %esi
    movl    12(%esp), %esi              /* fn */
    call    1f
1:  popl    %ebx
    addl    $_GLOBAL_OFFSET_TABLE_ + (. - 1b), %ebx
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    movdqu  IN(V(\k)), %xmm\k
    .endr
    movl    IN(0), %eax
    movl    IN(4), %edx
    movl    IN(8), %ecx
    call    *%esi
    popl    %esi
    popl    %ebx
    ret
    .size   elfld_probe_call, .-elfld_probe_call

    .globl  elfld_probe_callee
    .type   elfld_probe_callee, @function
elfld_probe_callee:
    pushl   %ebx                        /* the only register touched before the stores */
    call    1f
1:  popl    %ebx
    addl    $_GLOBAL_OFFSET_TABLE_ + (. - 1b), %ebx
    movl    %eax, OUT(0)
    movl    %edx, OUT(4)
    movl    %ecx, OUT(8)
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    movdqu  %xmm\k, OUT(V(\k))
    .endr
    popl    %ebx
    ret
    .size   elfld_probe_callee, .-elfld_probe_callee

/* All ones in eax edx ecx and xmm0-7: never a pattern of the test. */
    .globl  elfld_probe_trash
    .type   elfld_probe_trash, @function
elfld_probe_trash:
    movl    $-1, %eax
    movl    $-1, %edx
    movl    $-1, %ecx
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    pcmpeqd %xmm\k, %xmm\k
    .endr
    ret
    .size   elfld_probe_trash, .-elfld_probe_trash

    .section .note.GNU-stack, "", @progbits
