/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld_arch_start(entry a0, sp a1): start a program (src/core/arch.h), riscv64 and riscv32.
 * The RISC-V psABI's process entry ("Process Initialization"): sp the initial stack (argc at
 * 0(sp), 16-byte aligned), a0 a function for atexit or 0, and every other register 0 as the
 * kernel leaves them (ra and the frame pointer 0: the deepest frame; gp and tp the program
 * sets itself).
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, @function
elfld_arch_start:
    mv      sp, a1
    mv      t0, a0
    .irp    r, ra,gp,tp,t1,t2,s0,s1,a0,a1,a2,a3,a4,a5,a6,a7,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,t3,t4,t5,t6
    li      \r, 0
    .endr
    jr      t0
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", @progbits
