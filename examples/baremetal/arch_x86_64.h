/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * arch_x86_64.h - everything baremetal.c needs that depends on the CPU: process entry, the
 * two system calls it makes, and instruction cache maintenance.  A port to another arch is a
 * new arch_<arch>.h providing the same four things:
 *
 *   _start             entry point: calls bm_start(sp) with the initial stack pointer
 *                      (argc, argv..., NULL, envp..., NULL) on an ABI-aligned stack
 *   bm_syscall3()      raw system call with up to three arguments
 *   BM_SYS_write, BM_SYS_mprotect, BM_SYS_exit_group   system call numbers
 *   BM_FLUSH_ICACHE    a host flush_icache hook, or NULL when fetch is coherent
 */
#ifndef BAREMETAL_ARCH_X86_64_H
#define BAREMETAL_ARCH_X86_64_H

#define BM_SYS_write 1
#define BM_SYS_mprotect 10
#define BM_SYS_exit_group 231

/* x86 keeps instruction fetch coherent with stores. */
#define BM_FLUSH_ICACHE NULL

static inline long bm_syscall3(long n, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

/* %rbp = 0 ends frame-pointer unwinding; the kernel leaves %rsp 16-byte aligned but we do not
 * rely on it.  bm_start never returns; hlt faults if it somehow does. */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    movq %rsp, %rdi\n"
        "    andq $-16, %rsp\n"
        "    call bm_start\n"
        "    hlt\n"
        ".size _start, . - _start\n");

#endif
