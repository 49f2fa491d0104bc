/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld_arch_start(entry, sp): start a program (src/core/arch.h).  The i386 psABI's process
 * entry: %esp the initial stack (argc at 0(%esp); Linux aligns it to 16 bytes), %edx a
 * function for atexit or 0, %ebp 0 (the deepest frame); the others are cleared.
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, @function
elfld_arch_start:
    mov     4(%esp), %ecx
    mov     8(%esp), %esp
    xor     %eax, %eax
    xor     %ebx, %ebx
    xor     %edx, %edx
    xor     %esi, %esi
    xor     %edi, %edi
    xor     %ebp, %ebp
    jmp     *%ecx
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", @progbits
