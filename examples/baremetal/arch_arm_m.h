/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * arch_arm_m.h - baremetal.c's CPU-specific part for Cortex-M (ARMv7-M, ARMv8-M Mainline:
 * Thumb only), included by arch_arm.h.  No operating system at all: the program is a firmware
 * image for Arm's MPS2 boards as qemu-system-arm models them (mps2-an385: Cortex-M3;
 * mps2-an505: Cortex-M33), linked by cortex-m.ld.
 *
 *   reset      the vector table below: the core loads sp from entry 0 and enters entry 1
 *   console    semihosting (`bkpt 0xab`), the debugger's channel; qemu answers it with
 *   and exit   -semihosting-config enable=on,target=native, and exits with the status given
 *   memory     all RAM is executable while no MPU region says otherwise: nothing to do
 *   caches     maintained through the System Control Block when the core has them enabled
 */
#ifndef BAREMETAL_ARCH_ARM_M_H
#define BAREMETAL_ARCH_ARM_M_H

/* baremetal.c asks for these three Linux system calls; bm_syscall3 does each as a firmware
 * would. */
#define BM_SYS_write 4
#define BM_SYS_mprotect 125
#define BM_SYS_exit_group 248

/* Semihosting operations and the exit reason (Arm, "Semihosting for AArch32 and AArch64"). */
#define BM_SEMI_WRITE0 0x04u        /* r1: a NUL-terminated string */
#define BM_SEMI_EXIT_EXTENDED 0x20u /* r1: {reason, status}: the status reaches qemu's exit */
#define BM_SEMI_APPLICATION_EXIT 0x20026u

static inline long bm_semihost(unsigned long op, const void *arg)
{
    register unsigned long r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return (long)r0;
}

__attribute__((noreturn)) static void bm_semihost_exit(unsigned long status)
{
    const unsigned long block[2] = {BM_SEMI_APPLICATION_EXIT, status};
    for (;;)
        bm_semihost(BM_SEMI_EXIT_EXTENDED, block);
}

static long bm_syscall3(long n, long a, long b, long c)
{
    switch (n) {
    case BM_SYS_write: { /* a: the descriptor (the console either way), b: bytes, c: count */
        char chunk[64];
        unsigned long len = (unsigned long)c < sizeof chunk - 1 ? (unsigned long)c
                                                                 : sizeof chunk - 1;
        const char *s = (const char *)b;
        for (unsigned long i = 0; i < len; i++)
            chunk[i] = s[i];
        chunk[len] = '\0';
        bm_semihost(BM_SEMI_WRITE0, chunk);
        return (long)len;
    }
    case BM_SYS_mprotect: /* no MPU region programmed: RAM is already executable */
        return 0;
    case BM_SYS_exit_group:
        bm_semihost_exit((unsigned long)a);
    }
    return -38; /* ENOSYS */
}

/* System Control Block registers (ARMv7-M and ARMv8-M: the same addresses). */
#define BM_SCB_REG(off) (*(volatile uint32_t *)(uintptr_t)(0xe000e000u + (off)))
#define BM_SCB_CCR BM_SCB_REG(0xd14)     /* bit 16: D-cache on, bit 17: I-cache on */
#define BM_SCB_CTR BM_SCB_REG(0xd7c)     /* line sizes, as Arm's CTR: log2 words */
#define BM_SCB_ICIMVAU BM_SCB_REG(0xf58) /* invalidate I-cache line by address */
#define BM_SCB_DCCMVAU BM_SCB_REG(0xf64) /* clean D-cache line by address */
#define BM_SCB_BPIALL BM_SCB_REG(0xf78)  /* invalidate the branch predictor */

/* Cortex-M3 and M33 have no caches (the MPS2 boards' do not): a barrier makes the stores
 * visible to instruction fetch.  Cores with caches (Cortex-M7, M55) clean the data cache and
 * invalidate the instruction cache over the range first, as arch_aarch64.h does with dc/ic. */
static void bm_flush_icache(void *user, void *addr, size_t size)
{
    (void)user;
    if (BM_SCB_CCR & (3u << 16)) {
        uint32_t ctr = BM_SCB_CTR;
        uintptr_t dline = (uintptr_t)4 << ((ctr >> 16) & 15), iline = (uintptr_t)4 << (ctr & 15);
        uintptr_t start = (uintptr_t)addr, end = start + size;
        __asm__ volatile("dsb" : : : "memory");
        for (uintptr_t p = start & ~(dline - 1); p < end; p += dline)
            BM_SCB_DCCMVAU = (uint32_t)p;
        __asm__ volatile("dsb" : : : "memory");
        for (uintptr_t p = start & ~(iline - 1); p < end; p += iline)
            BM_SCB_ICIMVAU = (uint32_t)p;
        BM_SCB_BPIALL = 0;
    }
    __asm__ volatile("dsb\n\tisb" : : : "memory");
}
#define BM_FLUSH_ICACHE bm_flush_icache

/* ---------------------------------------------------------------- reset and faults */

/* cortex-m.ld's: the top of RAM (the initial stack) and the .bss bounds. */
extern char bm_stack_top[], bm_bss_start[], bm_bss_end[];

__attribute__((noreturn)) void bm_start(long *sp);

/* What Linux would have put on the initial stack: argc 0, argv and envp empty. */
static long bm_boot_args[3];

/* The reset handler.  qemu loads the whole image into RAM; a device that boots from flash
 * would copy .data here too.  .bss is cleared byte by byte: memset is not defined yet. */
__attribute__((noreturn, used)) void _start(void);
void _start(void)
{
    for (volatile char *p = bm_bss_start; p < bm_bss_end; p++)
        *p = 0;
    bm_start(bm_boot_args);
}

/* Any fault (a bad trampoline, an undefined instruction, a bus error) ends the run with
 * status 3 and the exception number, rather than leaving the core locked up. */
__attribute__((noreturn, used)) void bm_fault(void);
void bm_fault(void)
{
    unsigned long ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    char msg[] = "baremetal: CPU exception 00\n";
    msg[25] = (char)('0' + (ipsr & 0x1ff) / 10 % 10);
    msg[26] = (char)('0' + (ipsr & 0x1ff) % 10);
    bm_semihost(BM_SEMI_WRITE0, msg);
    bm_semihost_exit(3);
}

/* Entries 0-15: the initial sp, reset, then NMI, HardFault, MemManage, BusFault,
 * UsageFault, SecureFault (v8-M), reserved, SVCall, DebugMonitor, reserved, PendSV, SysTick.
 * No interrupt is enabled, so no external entries follow.  Function addresses carry the
 * Thumb bit, which the core requires in every vector. */
__attribute__((section(".vectors"), used)) static const uintptr_t bm_vectors[16] = {
    (uintptr_t)bm_stack_top, (uintptr_t)_start, (uintptr_t)bm_fault, (uintptr_t)bm_fault,
    (uintptr_t)bm_fault,     (uintptr_t)bm_fault, (uintptr_t)bm_fault, (uintptr_t)bm_fault,
    0,                       0,                 0,                 (uintptr_t)bm_fault,
    (uintptr_t)bm_fault,     0,                 (uintptr_t)bm_fault, (uintptr_t)bm_fault,
};

#endif
