/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V lazy-binding trampoline (riscv64 and riscv32), reached from PLT0 (psABI "Procedure
 * Linkage Table") with
 *     t0 = .got.plt[1] = the library (struct elfld_lib *),
 *     t1 = JMPREL index * XLEN/8 (PLT0 already subtracted the header and shifted),
 *     ra = the caller's return address (the PLT entry called us through t1, not ra),
 *     sp = the caller's sp, 16-byte aligned (the standard ABIs; PLT code never touches sp).
 * The calling convention (psABI "Integer/Hardware Floating-point Calling Convention") passes
 * arguments and returns values in a0-a7 and, with the F/D extension, fa0-fa7; those and ra
 * are what we must hand to the target untouched.  t0-t6 are clobbered by the PLT already, so
 * they are free.  With F or D present we save fa0-fa7 at the hardware width (FLEN) even for
 * a soft-float ABI build: it costs little and the C code we call may use them.  Vector
 * registers are not argument registers of the standard convention; functions that take
 * vector arguments are STO_RISCV_VARIANT_CC and lazy.c binds those at load.
 *
 * Calls  uintptr_t elfld__lazy_bind(struct elfld_lib *lib, size_t index)
 * (which patches the .got.plt word) and tail-jumps to the address it returns.
 */
#if !(defined(__riscv_32e) || defined(__riscv_64e) || defined(__riscv_abi_rve))

#if __riscv_xlen == 64
#define SREG sd
#define LREG ld
#define SZREG 8
#define LOG_SZREG 3
#else
#define SREG sw
#define LREG lw
#define SZREG 4
#define LOG_SZREG 2
#endif

#if defined(__riscv_flen) && __riscv_flen >= 128
#define FSREG fsq
#define FLREG flq
#define SZFREG 16
#elif defined(__riscv_flen) && __riscv_flen >= 64
#define FSREG fsd
#define FLREG fld
#define SZFREG 8
#elif defined(__riscv_flen)
#define FSREG fsw
#define FLREG flw
#define SZFREG 4
#else
#define SZFREG 0
#endif

/* Frame: fa0-fa7 at the bottom, then a0-a7, then ra; rounded up to keep sp 16-aligned. */
#define FP_OFF 0
#define A_OFF (8 * SZFREG)
#define RA_OFF (A_OFF + 8 * SZREG)
#define FRAME ((RA_OFF + SZREG + 15) & ~15)

    .text
    .globl  elfld__riscv_lazy_entry
    .hidden elfld__riscv_lazy_entry
    .type   elfld__riscv_lazy_entry, @function
    .p2align 2
elfld__riscv_lazy_entry:
    .cfi_startproc
    addi    sp, sp, -FRAME
    .cfi_def_cfa_offset FRAME
    SREG    ra, RA_OFF(sp)
    .cfi_offset ra, RA_OFF - FRAME
    SREG    a0, A_OFF + 0 * SZREG(sp)
    SREG    a1, A_OFF + 1 * SZREG(sp)
    SREG    a2, A_OFF + 2 * SZREG(sp)
    SREG    a3, A_OFF + 3 * SZREG(sp)
    SREG    a4, A_OFF + 4 * SZREG(sp)
    SREG    a5, A_OFF + 5 * SZREG(sp)
    SREG    a6, A_OFF + 6 * SZREG(sp)
    SREG    a7, A_OFF + 7 * SZREG(sp)
#if SZFREG
    FSREG   fa0, FP_OFF + 0 * SZFREG(sp)
    FSREG   fa1, FP_OFF + 1 * SZFREG(sp)
    FSREG   fa2, FP_OFF + 2 * SZFREG(sp)
    FSREG   fa3, FP_OFF + 3 * SZFREG(sp)
    FSREG   fa4, FP_OFF + 4 * SZFREG(sp)
    FSREG   fa5, FP_OFF + 5 * SZFREG(sp)
    FSREG   fa6, FP_OFF + 6 * SZFREG(sp)
    FSREG   fa7, FP_OFF + 7 * SZFREG(sp)
#endif

    mv      a0, t0                      /* library */
    srli    a1, t1, LOG_SZREG           /* .got.plt byte offset -> JMPREL index */
    call    elfld__lazy_bind
    mv      t1, a0                      /* target; t1 is scratch in every PLT sequence */

#if SZFREG
    FLREG   fa0, FP_OFF + 0 * SZFREG(sp)
    FLREG   fa1, FP_OFF + 1 * SZFREG(sp)
    FLREG   fa2, FP_OFF + 2 * SZFREG(sp)
    FLREG   fa3, FP_OFF + 3 * SZFREG(sp)
    FLREG   fa4, FP_OFF + 4 * SZFREG(sp)
    FLREG   fa5, FP_OFF + 5 * SZFREG(sp)
    FLREG   fa6, FP_OFF + 6 * SZFREG(sp)
    FLREG   fa7, FP_OFF + 7 * SZFREG(sp)
#endif
    LREG    a0, A_OFF + 0 * SZREG(sp)
    LREG    a1, A_OFF + 1 * SZREG(sp)
    LREG    a2, A_OFF + 2 * SZREG(sp)
    LREG    a3, A_OFF + 3 * SZREG(sp)
    LREG    a4, A_OFF + 4 * SZREG(sp)
    LREG    a5, A_OFF + 5 * SZREG(sp)
    LREG    a6, A_OFF + 6 * SZREG(sp)
    LREG    a7, A_OFF + 7 * SZREG(sp)
    LREG    ra, RA_OFF(sp)
    .cfi_restore ra
    addi    sp, sp, FRAME
    .cfi_def_cfa_offset 0
    jr      t1
    .cfi_endproc
    .size   elfld__riscv_lazy_entry, .-elfld__riscv_lazy_entry

#endif /* not RVE */

    .section .note.GNU-stack, "", @progbits
