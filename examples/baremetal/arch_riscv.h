/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_riscv.h - baremetal.c's CPU-specific part for RISC-V, RV64 and RV32 alike (included by
 * arch_riscv64.h / arch_riscv32.h; see arch_x86_64.h for the contract). */
#ifndef BAREMETAL_ARCH_RISCV_H
#define BAREMETAL_ARCH_RISCV_H

/* the generic (asm-generic/unistd.h) numbers */
#define BM_SYS_write 64
#define BM_SYS_mprotect 226
#define BM_SYS_exit_group 94
#define BM_SYS_riscv_flush_icache 259

static inline long bm_syscall3(long n, long a, long b, long c)
{
    register long a7 __asm__("a7") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
    return a0;
}

/* Instruction fetch is not coherent with stores: fence.i makes this hart see them (all a
 * single-hart firmware needs); under Linux the thread may migrate, so the kernel is asked to
 * make every hart see them (riscv_flush_icache; an old kernel or emulator without it is
 * harmless here). */
static void bm_flush_icache(void *user, void *addr, size_t size)
{
    (void)user;
    __asm__ volatile("fence.i" : : : "memory");
    bm_syscall3(BM_SYS_riscv_flush_icache, (long)addr, (long)((char *)addr + size), 0);
}
#define BM_FLUSH_ICACHE bm_flush_icache

/* gp first: GNU ld relaxes accesses near __global_pointer$ into gp-relative ones, so gp must
 * hold it before any C code runs (norelax: this one load must not be relaxed against itself).
 * ra = 0 ends unwinding; the stack is aligned to 16 (the psABI's alignment); unimp traps if
 * bm_start ever returns. */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "    .option push\n"
        "    .option norelax\n"
        "    lla gp, __global_pointer$\n"
        "    .option pop\n"
        "    li ra, 0\n"
        "    mv a0, sp\n"
        "    andi sp, sp, -16\n"
        "    call bm_start\n"
        "    unimp\n"
        ".size _start, . - _start\n");

#endif
