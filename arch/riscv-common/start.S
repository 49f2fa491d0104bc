/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld_arch_start(entry a0, sp a1): start a program (src/core/arch.h), riscv64 and riscv32.
 * The RISC-V psABI's process entry ("Process Initialization"): sp the initial stack (argc at
 * 0(sp), 16-byte aligned), a0 a function for atexit or 0; ra and the frame pointer 0 (the
 * deepest frame).
 */
    .text
    .globl  elfld_arch_start
    .hidden elfld_arch_start
    .type   elfld_arch_start, @function
elfld_arch_start:
    mv      sp, a1
    mv      t0, a0
    li      a0, 0
    li      a1, 0
    li      ra, 0
    li      s0, 0
    jr      t0
    .size   elfld_arch_start, .-elfld_arch_start

    .section .note.GNU-stack, "", @progbits
