/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_aarch64.h - baremetal.c's CPU-specific part for AArch64 (see arch_x86_64.h). */
#ifndef BAREMETAL_ARCH_AARCH64_H
#define BAREMETAL_ARCH_AARCH64_H

/* the generic (asm-generic/unistd.h) numbers */
#define BM_SYS_write 64
#define BM_SYS_mprotect 226
#define BM_SYS_exit_group 94

static inline long bm_syscall3(long n, long a, long b, long c)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

/* Instruction fetch is not coherent with data stores: clean the data cache to the point of
 * unification, invalidate the instruction cache over the range, then synchronize.  Line sizes
 * come from CTR_EL0 (readable at EL0 under Linux and at EL1 in firmware). */
static void bm_flush_icache(void *user, void *addr, size_t size)
{
    unsigned long ctr;
    (void)user;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    uintptr_t dline = (uintptr_t)4 << ((ctr >> 16) & 15), iline = (uintptr_t)4 << (ctr & 15);
    uintptr_t start = (uintptr_t)addr, end = start + size;
    for (uintptr_t p = start & ~(dline - 1); p < end; p += dline)
        __asm__ volatile("dc cvau, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb ish" : : : "memory");
    for (uintptr_t p = start & ~(iline - 1); p < end; p += iline)
        __asm__ volatile("ic ivau, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb ish\n\tisb" : : : "memory");
}
#define BM_FLUSH_ICACHE bm_flush_icache

/* x29 = x30 = 0 end frame-record unwinding; sp is 16-byte aligned by the kernel (and by the
 * and below); brk traps if bm_start ever returns. */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start, %function\n"
        "_start:\n"
        "    mov x29, #0\n"
        "    mov x30, #0\n"
        "    mov x0, sp\n"
        "    and sp, x0, #-16\n"
        "    bl bm_start\n"
        "    brk #0\n"
        ".size _start, . - _start\n");

#endif
