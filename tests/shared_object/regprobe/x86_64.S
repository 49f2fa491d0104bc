/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 register probe (layout: regprobe.h; the test: test_regprobe.c).
 *     void elfld_probe_call(void (*fn)(void))  loads every probed register from
 *         elfld_probe_in and calls fn (the fixture's probe_fwd: jmp ext_probe@PLT);
 *     elfld_probe_callee                       (supplied as ext_probe) stores them all into
 *         elfld_probe_out, touching no register before it has stored it;
 *     void elfld_probe_trash(void)             overwrites every probed register (pre_find).
 * Integer slots: rdi rsi rdx rcx r8 r9 rax r10.  Vector slots: zmm0-7 when
 * elfld_probe_vec = 2 (AVX-512), ymm0-7 when 1 (AVX), else xmm0-7.
 */
#include "regprobe.h"

#define IN(off) elfld_probe_in + (off)(%rip)
#define OUT(off) elfld_probe_out + (off)(%rip)
#define V(k) PROBE_FP_OFF + (k) * PROBE_FPSLOT

    .bss
    .p2align 6
    .globl  elfld_probe_in, elfld_probe_out
    .hidden elfld_probe_in, elfld_probe_out
elfld_probe_in:  .zero PROBE_SIZE
elfld_probe_out: .zero PROBE_SIZE
    .globl  elfld_probe_vec
    .hidden elfld_probe_vec
elfld_probe_vec: .zero 4

    .text
    .globl  elfld_probe_call
    .type   elfld_probe_call, @function
elfld_probe_call:
    endbr64
    pushq   %rbx                        /* callee-saved; aligns the stack for the call */
    movq    %rdi, %r11                  /* fn: r11 is not probed */
    movl    elfld_probe_vec(%rip), %ebx
    cmpl    $2, %ebx
    jne     1f
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vmovdqu64 IN(V(\k)), %zmm\k
    .endr
    jmp     3f
1:  cmpl    $1, %ebx
    jne     2f
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vmovdqu IN(V(\k)), %ymm\k
    .endr
    jmp     3f
2:
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    movdqu  IN(V(\k)), %xmm\k
    .endr
3:  movq    IN(0), %rdi
    movq    IN(8), %rsi
    movq    IN(16), %rdx
    movq    IN(24), %rcx
    movq    IN(32), %r8
    movq    IN(40), %r9
    movq    IN(48), %rax
    movq    IN(56), %r10
    call    *%r11
    testl   %ebx, %ebx
    jz      4f
    vzeroupper
4:  popq    %rbx
    ret
    .size   elfld_probe_call, .-elfld_probe_call

    .globl  elfld_probe_callee
    .type   elfld_probe_callee, @function
elfld_probe_callee:
    endbr64
    movq    %rdi, OUT(0)
    movq    %rsi, OUT(8)
    movq    %rdx, OUT(16)
    movq    %rcx, OUT(24)
    movq    %r8, OUT(32)
    movq    %r9, OUT(40)
    movq    %rax, OUT(48)
    movq    %r10, OUT(56)
    cmpl    $2, elfld_probe_vec(%rip)   /* flags only: every register is still as called */
    jne     1f
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vmovdqu64 %zmm\k, OUT(V(\k))
    .endr
    ret
1:  cmpl    $1, elfld_probe_vec(%rip)
    jne     2f
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vmovdqu %ymm\k, OUT(V(\k))
    .endr
    ret
2:
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    movdqu  %xmm\k, OUT(V(\k))
    .endr
    ret
    .size   elfld_probe_callee, .-elfld_probe_callee

/* All ones in every probed register, vectors at full width: never a pattern of the test. */
    .globl  elfld_probe_trash
    .type   elfld_probe_trash, @function
elfld_probe_trash:
    endbr64
    movq    $-1, %rdi
    movq    $-1, %rsi
    movq    $-1, %rdx
    movq    $-1, %rcx
    movq    $-1, %r8
    movq    $-1, %r9
    movq    $-1, %rax
    movq    $-1, %r10
    cmpl    $2, elfld_probe_vec(%rip)
    jne     1f
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vpternlogd $0xff, %zmm\k, %zmm\k, %zmm\k
    .endr
    ret
1:  cmpl    $1, elfld_probe_vec(%rip)
    jne     2f
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    vpcmpeqd %ymm\k, %ymm\k, %ymm\k
    .endr
    ret
2:
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7
    pcmpeqd %xmm\k, %xmm\k
    .endr
    ret
    .size   elfld_probe_trash, .-elfld_probe_trash

    .section .note.GNU-stack, "", @progbits
