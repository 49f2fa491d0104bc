/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V TLS descriptor resolvers (RISC-V ELF psABI, "TLS Descriptors": R_RISCV_TLSDESC,
 * a descriptor {resolver, argument}).  The code sequence ends in `jalr t0, tY` with
 *     a0 = the descriptor          t0 = the return address
 * and expects in a0 the variable's offset from tp, every other register preserved (t0
 * excepted), floating-point registers and fcsr included.  sp is 16-byte aligned throughout.
 *
 * static:  the argument is that offset already.
 * dynamic: the argument is a struct elfld_tls_desc_arg {module, offset} (src/core/tls.h).
 *   ra, t1-t6 and a1-a7 (the integer registers a C call may change besides a0) and the
 *   return address are saved and elfld__tls_desc_fast looks the calling thread's block up
 *   (no floating-point register: see ELFLD_ARCH_GENERAL_REGS_ONLY); only when the block does
 *   not exist yet are the caller-saved floating-point registers (ft0-ft11, fa0-fa7) and fcsr
 *   saved around elfld__tls_desc_slow, which allocates it.  Then a0 = address - tp.
 *   Vector registers (V extension) are not saved: libelfld and the host's allocator are
 *   expected to be built without it.
 */
#if __riscv_xlen == 64
#define SREG sd
#define LREG ld
#define SZREG 8
#else
#define SREG sw
#define LREG lw
#define SZREG 4
#endif
#if defined(__riscv_flen) && __riscv_flen >= 64
#define FSREG fsd
#define FLREG fld
#define SZFREG 8
#elif defined(__riscv_flen)
#define FSREG fsw
#define FLREG flw
#define SZFREG 4
#endif

#define IFRAME (16 * SZREG)             /* ra, t0-t6, a1-a7, the argument: 16 words */
#define FFRAME 176                      /* 20 registers of up to 8 bytes, fcsr; 16-aligned */

    .text
    .globl  elfld__arch_tlsdesc_static
    .hidden elfld__arch_tlsdesc_static
    .type   elfld__arch_tlsdesc_static, @function
    .p2align 2
elfld__arch_tlsdesc_static:
    .cfi_startproc
    LREG    a0, SZREG(a0)
    jr      t0
    .cfi_endproc
    .size   elfld__arch_tlsdesc_static, .-elfld__arch_tlsdesc_static

    .globl  elfld__arch_tlsdesc_dynamic
    .hidden elfld__arch_tlsdesc_dynamic
    .type   elfld__arch_tlsdesc_dynamic, @function
    .p2align 2
elfld__arch_tlsdesc_dynamic:
    .cfi_startproc
    .cfi_return_column t0
    addi    sp, sp, -IFRAME
    .cfi_def_cfa_offset IFRAME
    SREG    ra, 0*SZREG(sp)
    SREG    t0, 1*SZREG(sp)
    .cfi_rel_offset ra, 0
    .cfi_rel_offset t0, SZREG
    SREG    t1, 2*SZREG(sp)
    SREG    t2, 3*SZREG(sp)
    SREG    t3, 4*SZREG(sp)
    SREG    t4, 5*SZREG(sp)
    SREG    t5, 6*SZREG(sp)
    SREG    t6, 7*SZREG(sp)
    SREG    a1, 8*SZREG(sp)
    SREG    a2, 9*SZREG(sp)
    SREG    a3, 10*SZREG(sp)
    SREG    a4, 11*SZREG(sp)
    SREG    a5, 12*SZREG(sp)
    SREG    a6, 13*SZREG(sp)
    SREG    a7, 14*SZREG(sp)
    LREG    a0, SZREG(a0)               /* the descriptor's argument */
    SREG    a0, 15*SZREG(sp)
    call    elfld__tls_desc_fast
    bnez    a0, 1f
#ifdef SZFREG
    addi    sp, sp, -FFRAME
    .cfi_adjust_cfa_offset FFRAME
    FSREG   ft0, 0*SZFREG(sp)
    FSREG   ft1, 1*SZFREG(sp)
    FSREG   ft2, 2*SZFREG(sp)
    FSREG   ft3, 3*SZFREG(sp)
    FSREG   ft4, 4*SZFREG(sp)
    FSREG   ft5, 5*SZFREG(sp)
    FSREG   ft6, 6*SZFREG(sp)
    FSREG   ft7, 7*SZFREG(sp)
    FSREG   ft8, 8*SZFREG(sp)
    FSREG   ft9, 9*SZFREG(sp)
    FSREG   ft10, 10*SZFREG(sp)
    FSREG   ft11, 11*SZFREG(sp)
    FSREG   fa0, 12*SZFREG(sp)
    FSREG   fa1, 13*SZFREG(sp)
    FSREG   fa2, 14*SZFREG(sp)
    FSREG   fa3, 15*SZFREG(sp)
    FSREG   fa4, 16*SZFREG(sp)
    FSREG   fa5, 17*SZFREG(sp)
    FSREG   fa6, 18*SZFREG(sp)
    FSREG   fa7, 19*SZFREG(sp)
    frcsr   t1
    SREG    t1, 160(sp)
    LREG    a0, FFRAME+15*SZREG(sp)
    call    elfld__tls_desc_slow
    LREG    t1, 160(sp)
    fscsr   t1
    FLREG   ft0, 0*SZFREG(sp)
    FLREG   ft1, 1*SZFREG(sp)
    FLREG   ft2, 2*SZFREG(sp)
    FLREG   ft3, 3*SZFREG(sp)
    FLREG   ft4, 4*SZFREG(sp)
    FLREG   ft5, 5*SZFREG(sp)
    FLREG   ft6, 6*SZFREG(sp)
    FLREG   ft7, 7*SZFREG(sp)
    FLREG   ft8, 8*SZFREG(sp)
    FLREG   ft9, 9*SZFREG(sp)
    FLREG   ft10, 10*SZFREG(sp)
    FLREG   ft11, 11*SZFREG(sp)
    FLREG   fa0, 12*SZFREG(sp)
    FLREG   fa1, 13*SZFREG(sp)
    FLREG   fa2, 14*SZFREG(sp)
    FLREG   fa3, 15*SZFREG(sp)
    FLREG   fa4, 16*SZFREG(sp)
    FLREG   fa5, 17*SZFREG(sp)
    FLREG   fa6, 18*SZFREG(sp)
    FLREG   fa7, 19*SZFREG(sp)
    addi    sp, sp, FFRAME
    .cfi_adjust_cfa_offset -FFRAME
#else
    LREG    a0, 15*SZREG(sp)
    call    elfld__tls_desc_slow
#endif
1:  sub     a0, a0, tp                  /* address -> offset from the thread pointer */
    LREG    ra, 0*SZREG(sp)
    LREG    t0, 1*SZREG(sp)
    LREG    t1, 2*SZREG(sp)
    LREG    t2, 3*SZREG(sp)
    LREG    t3, 4*SZREG(sp)
    LREG    t4, 5*SZREG(sp)
    LREG    t5, 6*SZREG(sp)
    LREG    t6, 7*SZREG(sp)
    LREG    a1, 8*SZREG(sp)
    LREG    a2, 9*SZREG(sp)
    LREG    a3, 10*SZREG(sp)
    LREG    a4, 11*SZREG(sp)
    LREG    a5, 12*SZREG(sp)
    LREG    a6, 13*SZREG(sp)
    LREG    a7, 14*SZREG(sp)
    .cfi_restore ra
    addi    sp, sp, IFRAME
    .cfi_def_cfa_offset 0
    jr      t0
    .cfi_endproc
    .size   elfld__arch_tlsdesc_dynamic, .-elfld__arch_tlsdesc_dynamic

    .section .note.GNU-stack, "", @progbits
