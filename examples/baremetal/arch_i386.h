/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_i386.h - baremetal.c's CPU-specific part for i386 (see arch_x86_64.h for the contract). */
#ifndef BAREMETAL_ARCH_I386_H
#define BAREMETAL_ARCH_I386_H

#define BM_SYS_write 4
#define BM_SYS_mprotect 125
#define BM_SYS_exit_group 252

/* x86 keeps instruction fetch coherent with stores. */
#define BM_FLUSH_ICACHE NULL

/* int $0x80: number in %eax, arguments in %ebx, %ecx, %edx (the program is not PIC, so %ebx
 * is free). */
static inline long bm_syscall3(long n, long a, long b, long c)
{
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

/* The i386 psABI wants %esp 16-byte aligned at a call: align, then push the one argument
 * (the initial stack pointer) so that the call happens on an aligned stack. */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    movl %esp, %eax\n"
        "    andl $-16, %esp\n"
        "    subl $12, %esp\n"
        "    pushl %eax\n"
        "    call bm_start\n"
        "    hlt\n"
        ".size _start, . - _start\n");

#endif
