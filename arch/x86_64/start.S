/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#include "endbr.h"

/*
 * elfld_arch_start(entry %rdi, sp %rsi): start a program (src/core/arch.h).  The x86_64
 * psABI's process entry ("Process Initialization"): %rsp the initial stack (argc at 0(%rsp),
 * 16-byte aligned), %rdx a function for atexit or 0, %rbp 0 (the deepest frame); the other
 * registers are unspecified and cleared here so nothing of the caller leaks in.
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, @function
elfld_arch_start:
    ENDBR
    mov     %rsi, %rsp
    mov     %rdi, %r11
    xor     %eax, %eax
    xor     %ebx, %ebx
    xor     %ecx, %ecx
    xor     %edx, %edx
    xor     %esi, %esi
    xor     %edi, %edi
    xor     %ebp, %ebp
    xor     %r8d, %r8d
    xor     %r9d, %r9d
    xor     %r10d, %r10d
    xor     %r12d, %r12d
    xor     %r13d, %r13d
    xor     %r14d, %r14d
    xor     %r15d, %r15d
    jmp     *%r11
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", @progbits
