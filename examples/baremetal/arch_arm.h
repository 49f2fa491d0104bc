/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_arm.h - baremetal.c's CPU-specific part for 32-bit ARM, EABI (see arch_x86_64.h).
 * Works whether the compiler emits Thumb-2 (Debian's armhf default) or ARM code.  A Cortex-M
 * build (M-profile: no Linux, no Arm state) gets arch_arm_m.h instead: a firmware image. */
#ifndef BAREMETAL_ARCH_ARM_H
#define BAREMETAL_ARCH_ARM_H

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#include "arch_arm_m.h"
#else

#define BM_SYS_write 4
#define BM_SYS_mprotect 125
#define BM_SYS_exit_group 248
#define BM_SYS_cacheflush 0xf0002 /* __ARM_NR_cacheflush */

/* svc 0 with the number in r7 (EABI).  r7 is Thumb's frame pointer: -O2 omits it. */
static inline long bm_syscall3(long n, long a, long b, long c)
{
    register long r7 __asm__("r7") = n;
    register long r0 __asm__("r0") = a;
    register long r1 __asm__("r1") = b;
    register long r2 __asm__("r2") = c;
    __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2) : "memory");
    return r0;
}

/* User space cannot maintain the caches itself on ARMv7 Linux: the cacheflush system call
 * cleans the data cache and invalidates the instruction cache over [start, end). */
static void bm_flush_icache(void *user, void *addr, size_t size)
{
    (void)user;
    bm_syscall3(BM_SYS_cacheflush, (long)addr, (long)((char *)addr + size), 0);
}
#define BM_FLUSH_ICACHE bm_flush_icache

/* A naked C function rather than top-level asm, so _start is assembled in the translation
 * unit's instruction set and marked accordingly (bit 0 of the entry for Thumb); every
 * instruction below exists in both ARM and Thumb-2.  The EABI wants sp 8-byte aligned at a
 * call (16 here); udf traps if bm_start ever returns. */
__attribute__((naked, noreturn, used)) void _start(void);
void _start(void)
{
    __asm__ volatile("mov r11, #0\n\t"
                     "mov lr, #0\n\t"
                     "mov r0, sp\n\t"
                     "bic r1, r0, #15\n\t"
                     "mov sp, r1\n\t"
                     "bl bm_start\n\t"
                     "udf #0\n\t");
}

#endif /* M-profile */
#endif
