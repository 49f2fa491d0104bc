/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld_arch_start(entry r0, sp r1): start a program (src/core/arch.h).  Linux's Arm process
 * entry, as glibc's and musl's _start read it: sp the initial stack (argc at [sp]), r0 a
 * function for atexit or 0, and every other register 0 as the kernel leaves them (glibc's
 * ld.so loads through r4 before setting it).  BX enters the entry in the state its bit 0
 * names (a Thumb _start's address is odd).  Unified syntax: the same code assembles for Arm
 * and for Thumb-2 (Cortex-M) builds.
 */
    .syntax unified
#if defined(__ARM_ARCH_ISA_ARM)
    .arm
#define FUNC_STATE
#else
    .thumb
#define FUNC_STATE .thumb_func
#endif
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, %function
    FUNC_STATE
elfld_arch_start:
    mov     sp, r1
    mov     r12, r0
    movs    r0, #0
    mov     r1, r0
    mov     r2, r0
    mov     r3, r0
    mov     r4, r0
    mov     r5, r0
    mov     r6, r0
    mov     r7, r0
    mov     r8, r0
    mov     r9, r0
    mov     r10, r0
    mov     r11, r0
    mov     lr, r0
    bx      r12
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", %progbits
