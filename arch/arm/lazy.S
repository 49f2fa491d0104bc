/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Arm lazy-binding trampoline, reached from PLT0 (lazy.c) with
 *     lr = &GOT[2]   ip = &PLTGOT slot of the function called   [sp] = caller's lr
 * and the caller's arguments untouched: r0-r3, d0-d7 (s0-s15, q0-q3: AAPCS VFP variant) and
 * the stack.  It saves r0-r3 and (hard-float builds) d0-d7, calls
 *     uintptr_t elfld__arm_lazy_bind(struct elfld_lib *lib, uintptr_t slot)
 * with the AAPCS 8-byte stack alignment (PLT0's push made sp 4 mod 8; the 20 bytes pushed
 * here make it 0 again, and 64 bytes of d registers keep it), restores everything, reloads
 * the caller's lr and enters the target with bx, which follows bit 0 into Thumb state.
 *
 * Written in Arm state where the core has it: PLT0's `ldr pc` jumps here with bit 0 of GOT[2]
 * clear.  A Thumb-only core (ARMv7-M, ARMv8-M Mainline: no __ARM_ARCH_ISA_ARM) has no Arm
 * state: there the same instructions assemble as Thumb-2 (each exists in both sets, unified
 * syntax) and the symbol is a Thumb function, so the address stored in GOT[2] has bit 0 set
 * and a Thumb PLT header's `ldr.w pc` stays in Thumb state (bit 0 clear faults: INVSTATE).
 * Such a core binds its PLT slots at load for now (lazy.c says why).  ELFLD_ARM_ASM_THUMB
 * picks Thumb-2 on any core: the suite runs this code so under qemu-arm, whose user mode runs
 * no M-profile program, entered from Arm-state PLTs (`ldr pc` interworks since ARMv5T).
 */
    .syntax unified
#if defined(__ARM_ARCH_ISA_ARM) && !defined(ELFLD_ARM_ASM_THUMB)
    .arm
#define FUNC_STATE
#elif defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB >= 2
    .thumb
#define FUNC_STATE .thumb_func
#else
/* ARMv6-M and ARMv8-M Baseline: no Thumb-2 (no post-indexed load, no 32-bit PLT) */
#error "the arm backend needs Arm state or Thumb-2"
#endif
#ifdef __ARM_PCS_VFP
    .fpu    vfp
#endif
    .text
    .globl  elfld__arm_lazy_entry
    .hidden elfld__arm_lazy_entry
    .type   elfld__arm_lazy_entry, %function
    .p2align 2
    FUNC_STATE
elfld__arm_lazy_entry:
    .fnstart
    .cfi_startproc
    .cfi_adjust_cfa_offset 4            /* the caller's lr, pushed by PLT0 */
    .cfi_rel_offset lr, 0
    push    {r0-r3, lr}                 /* lr here is &GOT[2]: saved only for alignment */
    .cfi_adjust_cfa_offset 20
#ifdef __ARM_PCS_VFP
    vpush   {d0-d7}
    .cfi_adjust_cfa_offset 64
#endif
    ldr     r0, [lr, #-4]               /* GOT[1]: the library */
    mov     r1, ip                      /* the PLTGOT slot */
    bl      elfld__arm_lazy_bind
    mov     ip, r0                      /* target; ip is free in every PLT sequence */
#ifdef __ARM_PCS_VFP
    vpop    {d0-d7}
    .cfi_adjust_cfa_offset -64
#endif
    pop     {r0-r3, lr}
    .cfi_adjust_cfa_offset -20
    ldr     lr, [sp], #4                /* the caller's return address */
    .cfi_adjust_cfa_offset -4
    .cfi_restore lr
    bx      ip
    .cfi_endproc
    .cantunwind
    .fnend
    .size   elfld__arm_lazy_entry, .-elfld__arm_lazy_entry

    .section .note.GNU-stack, "", %progbits
