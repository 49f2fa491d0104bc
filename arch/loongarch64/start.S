/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld_arch_start(entry $a0, sp $a1): start a program (src/core/arch.h).  Linux's LoongArch
 * process entry, as glibc's and musl's _start read it: $sp the initial stack (argc at
 * 0($sp), 16-byte aligned), $a0 a function for atexit or 0, and every other register 0 as
 * the kernel leaves them ($ra and $fp 0: the deepest frame; $tp the program sets itself).
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, @function
elfld_arch_start:
    move    $sp, $a1
    move    $t0, $a0
    .irp    r, ra,tp,a0,a1,a2,a3,a4,a5,a6,a7,t1,t2,t3,t4,t5,t6,t7,t8,r21,fp,s0,s1,s2,s3,s4,s5,s6,s7,s8
    move    $\r, $zero
    .endr
    jirl    $zero, $t0, 0
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", @progbits
