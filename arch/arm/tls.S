/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Arm TLS descriptor resolvers (-mtls-dialect=gnu2: R_ARM_TLS_DESC).  An Arm descriptor is
 * {argument, resolver}; the linker's stub loads the resolver into r1 and enters it with bx, so
 *     r0 = the descriptor          lr = the return address (the caller may be Thumb)
 * and the resolver returns in r0 the variable's offset from the thread pointer (TPIDRURO),
 * every other register preserved (r1 included; flags excepted), VFP state as well.
 * The caller's sp need not be 8-byte aligned (a call sequence is no public interface).
 *
 * static:  the argument is that offset already.
 * dynamic: the argument is a struct elfld_tls_desc_arg {module, offset} (src/core/tls.h).
 *   r1-r3, ip and lr (the registers a C call may change besides r0) are saved, sp aligned to
 *   8 and elfld__tls_desc_fast looks the calling thread's block up (no VFP register: see
 *   ELFLD_ARCH_GENERAL_REGS_ONLY); only when the block does not exist yet are the call-
 *   clobbered VFP registers (d0-d7; d16-d31 where the build has 32 of them) and FPSCR saved
 *   around elfld__tls_desc_slow, which allocates it.  Then r0 = address - TPIDRURO.
 * Written in Arm state; bx lr returns to either state.  A Thumb-only core (ARMv7-M, ARMv8-M
 * Mainline) has no Arm state: the same instructions assemble as Thumb-2 there (as on any core
 * with ELFLD_ARM_ASM_THUMB: lazy.S).  Nor has it TPIDRURO (M-profile has no CP15): its
 * thread pointer is 0 (arch_defs.h), so the offset is the address itself.
 */
    .syntax unified
#if defined(__ARM_ARCH_ISA_ARM) && !defined(ELFLD_ARM_ASM_THUMB)
    .arm
#define FUNC_STATE
#elif defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB >= 2
    .thumb
#define FUNC_STATE .thumb_func
#else
#error "the arm backend needs Arm state or Thumb-2"
#endif
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define TP_IS_ZERO 1
#endif
#ifdef __ARM_PCS_VFP
#if defined(__ARM_NEON) || defined(__ARM_NEON__)
    .fpu    neon
#define SAVE_D16_D31 1
#else
    .fpu    vfp
#endif
#endif
    .text
    .globl  elfld__arch_tlsdesc_static
    .hidden elfld__arch_tlsdesc_static
    .type   elfld__arch_tlsdesc_static, %function
    .p2align 2
    FUNC_STATE
elfld__arch_tlsdesc_static:
    .fnstart
    .cfi_startproc
    ldr     r0, [r0]
    bx      lr
    .cfi_endproc
    .cantunwind
    .fnend
    .size   elfld__arch_tlsdesc_static, .-elfld__arch_tlsdesc_static

    .globl  elfld__arch_tlsdesc_dynamic
    .hidden elfld__arch_tlsdesc_dynamic
    .type   elfld__arch_tlsdesc_dynamic, %function
    .p2align 2
    FUNC_STATE
elfld__arch_tlsdesc_dynamic:
    .fnstart
    .cfi_startproc
    push    {r1-r5, ip, lr}
    .cfi_adjust_cfa_offset 28
    .cfi_rel_offset r1, 0
    .cfi_rel_offset r2, 4
    .cfi_rel_offset r3, 8
    .cfi_rel_offset r4, 12
    .cfi_rel_offset r5, 16
    .cfi_rel_offset ip, 20
    .cfi_rel_offset lr, 24
    mov     r4, sp
    .cfi_def_cfa_register r4
    bic     r1, r4, #7
    mov     sp, r1                      /* AAPCS: 8-byte aligned at the call */
    ldr     r5, [r0]                    /* the descriptor's argument */
    mov     r0, r5
    bl      elfld__tls_desc_fast
    cmp     r0, #0
    bne     1f
#ifdef __ARM_PCS_VFP
    vmrs    r1, fpscr
    push    {r1, r2}                    /* FPSCR, and a pad word for alignment */
    vpush   {d0-d7}
#ifdef SAVE_D16_D31
    vpush   {d16-d31}
#endif
#endif
    mov     r0, r5
    bl      elfld__tls_desc_slow
#ifdef __ARM_PCS_VFP
#ifdef SAVE_D16_D31
    vpop    {d16-d31}
#endif
    vpop    {d0-d7}
    pop     {r1, r2}
    vmsr    fpscr, r1
#endif
1:
#ifndef TP_IS_ZERO
    mrc     p15, 0, r1, c13, c0, 3      /* the thread pointer */
    sub     r0, r0, r1
#endif
    mov     sp, r4
    .cfi_def_cfa_register sp
    pop     {r1-r5, ip, lr}
    .cfi_adjust_cfa_offset -28
    .cfi_restore r1
    .cfi_restore r2
    .cfi_restore r3
    .cfi_restore r4
    .cfi_restore r5
    .cfi_restore ip
    .cfi_restore lr
    bx      lr
    .cfi_endproc
    .cantunwind
    .fnend
    .size   elfld__arch_tlsdesc_dynamic, .-elfld__arch_tlsdesc_dynamic

    .section .note.GNU-stack, "", %progbits
