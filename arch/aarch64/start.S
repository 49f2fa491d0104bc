/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#include "gnu_property.h"

/*
 * elfld_arch_start(entry x0, sp x1): start a program (src/core/arch.h).  Linux's AArch64
 * process entry, as glibc's and musl's _start read it: sp the initial stack (argc at [sp],
 * 16-byte aligned), x0 a function for atexit or 0, and every other general register 0 as
 * the kernel leaves them (the frame pointer and link register 0: the deepest frame).
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, %function
elfld_arch_start:
    BTI_C
    mov     sp, x1
    mov     x16, x0
    .irp    r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,17,18,19,20,21,22,23,24,25,26,27,28,29,30
    mov     x\r, #0
    .endr
    br      x16
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", %progbits
    gnu_property_note
