/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#include "endbr.h"

/*
 * x86_64 lazy-binding trampoline, reached from PLT0 with
 *     0(%rsp) = library (GOT[1]),  8(%rsp) = JMPREL index,  16(%rsp) = caller's return address
 * and %rsp = 8 mod 16.  It must preserve everything a call may carry in registers: rdi rsi rdx
 * rcx r8 r9 (integer args), rax (vector-arg count of variadic calls), r10 (static chain) and
 * the whole vector state (xmm/ymm/zmm 0-7 args, plus what the OS enabled: XSAVE with the mask
 * and size lazy.c found; FXSAVE when there is no XSAVE).  Then it calls
 *     uintptr_t elfld__lazy_bind(struct elfld_lib *lib, size_t index)
 * which patches the GOT and returns the target, and tail-jumps there.
 *
 * struct elfld_arch_lazy (arch_defs.h) is at offset 0 of the library:
 *     0: uint32 xsave_size   8: uint64 xsave_mask
 */
    .text
    .globl  elfld__x86_64_lazy_entry
    .hidden elfld__x86_64_lazy_entry
    .type   elfld__x86_64_lazy_entry, @function
    .p2align 4
elfld__x86_64_lazy_entry:
    .cfi_startproc
    .cfi_adjust_cfa_offset 16           /* library + index pushed by the PLT */
    ENDBR
    pushq   %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rbx, 0
    movq    %rsp, %rbx                  /* rbx: frame anchor; lib at 8(%rbx), index at 16 */
    .cfi_def_cfa_register %rbx
    andq    $-64, %rsp
    subq    $64, %rsp                   /* integer save area: -64..-8 from the aligned top */
    movq    %rax, 0(%rsp)
    movq    %rcx, 8(%rsp)
    movq    %rdx, 16(%rsp)
    movq    %rsi, 24(%rsp)
    movq    %rdi, 32(%rsp)
    movq    %r8, 40(%rsp)
    movq    %r9, 48(%rsp)
    movq    %r10, 56(%rsp)

    movq    8(%rbx), %r11               /* library */
    movl    0(%r11), %ecx               /* xsave_size */
    testl   %ecx, %ecx
    jz      1f
    subq    %rcx, %rsp                  /* size is a multiple of 64: stays 64-aligned */
    /* XRSTOR faults unless header bytes 8..63 are zero; XSAVE writes only XSTATE_BV. */
    xorl    %edx, %edx
    movq    %rdx, 512(%rsp)
    movq    %rdx, 520(%rsp)
    movq    %rdx, 528(%rsp)
    movq    %rdx, 536(%rsp)
    movq    %rdx, 544(%rsp)
    movq    %rdx, 552(%rsp)
    movq    %rdx, 560(%rsp)
    movq    %rdx, 568(%rsp)
    movl    8(%r11), %eax
    movl    12(%r11), %edx
    xsave64 (%rsp)
    jmp     2f
1:  subq    $512, %rsp
    fxsave64 (%rsp)
2:
    movq    8(%rbx), %rdi
    movq    16(%rbx), %rsi
    call    elfld__lazy_bind
    movq    %rax, %r11                  /* target: r11 is scratch in every PLT sequence */

    movq    8(%rbx), %rcx
    cmpl    $0, 0(%rcx)
    je      3f
    movl    8(%rcx), %eax
    movl    12(%rcx), %edx
    xrstor64 (%rsp)
    jmp     4f
3:  fxrstor64 (%rsp)
4:
    movq    %rbx, %rcx
    andq    $-64, %rcx                  /* the aligned top, as computed on entry */
    movq    -64(%rcx), %rax
    movq    -48(%rcx), %rdx
    movq    -40(%rcx), %rsi
    movq    -32(%rcx), %rdi
    movq    -24(%rcx), %r8
    movq    -16(%rcx), %r9
    movq    -8(%rcx), %r10
    movq    -56(%rcx), %rcx
    movq    %rbx, %rsp
    .cfi_def_cfa_register %rsp
    popq    %rbx
    .cfi_adjust_cfa_offset -8
    .cfi_restore %rbx
    addq    $16, %rsp                   /* drop library + index */
    .cfi_adjust_cfa_offset -16
    jmp     *%r11
    .cfi_endproc
    .size   elfld__x86_64_lazy_entry, .-elfld__x86_64_lazy_entry

    .section .note.GNU-stack, "", @progbits
