/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_loongarch64.h - baremetal.c's CPU-specific part for LoongArch64 (see arch_x86_64.h). */
#ifndef BAREMETAL_ARCH_LOONGARCH64_H
#define BAREMETAL_ARCH_LOONGARCH64_H

/* the generic (asm-generic/unistd.h) numbers */
#define BM_SYS_write 64
#define BM_SYS_mprotect 226
#define BM_SYS_exit_group 94

/* syscall 0 with the number in a7; the kernel may clobber t0-t8. */
static inline long bm_syscall3(long n, long a, long b, long c)
{
    register long a7 __asm__("$a7") = n;
    register long a0 __asm__("$a0") = a;
    register long a1 __asm__("$a1") = b;
    register long a2 __asm__("$a2") = c;
    __asm__ volatile("syscall 0"
                     : "+r"(a0)
                     : "r"(a7), "r"(a1), "r"(a2)
                     : "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "memory");
    return a0;
}

/* The data side is coherent with instruction fetch on LoongArch; ibar 0 orders this hart's
 * instruction fetch after the stores that wrote the code. */
static void bm_flush_icache(void *user, void *addr, size_t size)
{
    (void)user;
    (void)addr;
    (void)size;
    __asm__ volatile("ibar 0" : : : "memory");
}
#define BM_FLUSH_ICACHE bm_flush_icache

/* fp = ra = 0 end unwinding; the stack is aligned to 16; break traps if bm_start returns. */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "    move $fp, $zero\n"
        "    move $ra, $zero\n"
        "    move $a0, $sp\n"
        "    bstrins.d $sp, $zero, 3, 0\n"
        "    bl bm_start\n"
        "    break 0\n"
        ".size _start, . - _start\n");

#endif
