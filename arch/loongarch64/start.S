/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld_arch_start(entry $a0, sp $a1): start a program (src/core/arch.h).  Linux's LoongArch
 * process entry, as glibc's and musl's _start read it: $sp the initial stack (argc at
 * 0($sp), 16-byte aligned), $a0 a function for atexit or 0; $ra and $fp 0 (the deepest
 * frame).
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, @function
elfld_arch_start:
    move    $sp, $a1
    move    $t0, $a0
    move    $a0, $zero
    move    $a1, $zero
    move    $ra, $zero
    move    $fp, $zero
    jirl    $zero, $t0, 0
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", @progbits
