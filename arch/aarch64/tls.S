/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 TLS descriptor resolvers (sysvabi64 "TLS descriptors").  The descriptor sequence
 *     adrp x0, :tlsdesc:var; ldr x1, [x0, :tlsdesc_lo12:var]; add x0, x0, :tlsdesc_lo12:var
 *     blr x1
 * enters with x0 = the descriptor (two words: resolver, argument) and expects in x0 the
 * variable's offset from TPIDR_EL0, with every other register preserved: x1-x30 (x30 is the
 * return address BLR wrote, x16-x18 included: the caller knows BLR's x30 only), sp and all
 * of v0-v31; only the flags (NZCV) may change.  That is far more than AAPCS64 lets a C call
 * keep, so the C code runs between saves made here.
 *
 * static:  the argument is that offset already.
 * dynamic: the argument is a struct elfld_tls_desc_arg {module, offset} (src/core/tls.h).
 *   The integer registers a C call may change (x1-x18; x19-x28 and x29/x30 as every C
 *   function) are saved and elfld__tls_desc_fast looks the calling thread's block up; it
 *   touches no floating-point or vector register (ELFLD_ARCH_GENERAL_REGS_ONLY, arch_defs.h),
 *   so v0-v31 stay live through it.  Only when the block does not exist yet are q0-q31 and
 *   FPSR/FPCR saved (the allocation runs the host's allocator and memcpy/memset, which use
 *   vector registers freely) around elfld__tls_desc_slow.  Then x0 = address - TPIDR_EL0.
 *
 * SVE/SME state beyond the low 128 bits of each vector register is not saved (the slow path
 * only): see docs/DESIGN.md "Thread-local storage".
 */
#include "gnu_property.h"

/* The descriptor's second word. */
#define DESC_ARG 8

    .text
    .globl  elfld__arch_tlsdesc_static
    .hidden elfld__arch_tlsdesc_static
    .type   elfld__arch_tlsdesc_static, %function
    .p2align 4
elfld__arch_tlsdesc_static:
    .cfi_startproc
    hint    #34                         /* BTI c: entered by BLR */
    ldr     x0, [x0, #DESC_ARG]
    ret
    .cfi_endproc
    .size   elfld__arch_tlsdesc_static, .-elfld__arch_tlsdesc_static

/* The integer frame (sp stays 16-byte aligned throughout):
 *   [sp, #0]   x29, x30 (the frame record)
 *   [sp, #16]  x1 .. x18, in pairs
 *   [sp, #160] the descriptor's argument (for the slow path), [sp, #168] padding */
#define FRAME    176
#define X1_SLOT  16
#define ARG_SLOT 160
/* The vector frame below it, slow path only: FPSR and FPCR, then q0-q31 (ldp/stp of x
 * registers reach only 504 bytes up). */
#define VFRAME    528
#define FPSR_SLOT 0
#define Q0_SLOT   16

    .globl  elfld__arch_tlsdesc_dynamic
    .hidden elfld__arch_tlsdesc_dynamic
    .type   elfld__arch_tlsdesc_dynamic, %function
    .p2align 4
elfld__arch_tlsdesc_dynamic:
    .cfi_startproc
    hint    #34                         /* BTI c: entered by BLR */
    stp     x29, x30, [sp, #-FRAME]!
    .cfi_def_cfa_offset FRAME
    .cfi_offset x29, -FRAME
    .cfi_offset x30, -FRAME + 8
    mov     x29, sp
    .cfi_def_cfa_register x29
    stp     x1, x2, [sp, #X1_SLOT + 0]
    stp     x3, x4, [sp, #X1_SLOT + 16]
    stp     x5, x6, [sp, #X1_SLOT + 32]
    stp     x7, x8, [sp, #X1_SLOT + 48]
    stp     x9, x10, [sp, #X1_SLOT + 64]
    stp     x11, x12, [sp, #X1_SLOT + 80]
    stp     x13, x14, [sp, #X1_SLOT + 96]
    stp     x15, x16, [sp, #X1_SLOT + 112]
    stp     x17, x18, [sp, #X1_SLOT + 128]
    ldr     x0, [x0, #DESC_ARG]
    str     x0, [sp, #ARG_SLOT]
    bl      elfld__tls_desc_fast
    cbnz    x0, 1f

    /* No block yet: the allocation may use any vector register and the FP status. */
    sub     sp, sp, #VFRAME
    stp     q0, q1, [sp, #Q0_SLOT + 0]
    stp     q2, q3, [sp, #Q0_SLOT + 32]
    stp     q4, q5, [sp, #Q0_SLOT + 64]
    stp     q6, q7, [sp, #Q0_SLOT + 96]
    stp     q8, q9, [sp, #Q0_SLOT + 128]
    stp     q10, q11, [sp, #Q0_SLOT + 160]
    stp     q12, q13, [sp, #Q0_SLOT + 192]
    stp     q14, q15, [sp, #Q0_SLOT + 224]
    stp     q16, q17, [sp, #Q0_SLOT + 256]
    stp     q18, q19, [sp, #Q0_SLOT + 288]
    stp     q20, q21, [sp, #Q0_SLOT + 320]
    stp     q22, q23, [sp, #Q0_SLOT + 352]
    stp     q24, q25, [sp, #Q0_SLOT + 384]
    stp     q26, q27, [sp, #Q0_SLOT + 416]
    stp     q28, q29, [sp, #Q0_SLOT + 448]
    stp     q30, q31, [sp, #Q0_SLOT + 480]
    mrs     x1, fpsr
    mrs     x2, fpcr
    stp     x1, x2, [sp, #FPSR_SLOT]
    ldr     x0, [x29, #ARG_SLOT]
    bl      elfld__tls_desc_slow
    ldp     x1, x2, [sp, #FPSR_SLOT]
    msr     fpsr, x1
    msr     fpcr, x2
    ldp     q0, q1, [sp, #Q0_SLOT + 0]
    ldp     q2, q3, [sp, #Q0_SLOT + 32]
    ldp     q4, q5, [sp, #Q0_SLOT + 64]
    ldp     q6, q7, [sp, #Q0_SLOT + 96]
    ldp     q8, q9, [sp, #Q0_SLOT + 128]
    ldp     q10, q11, [sp, #Q0_SLOT + 160]
    ldp     q12, q13, [sp, #Q0_SLOT + 192]
    ldp     q14, q15, [sp, #Q0_SLOT + 224]
    ldp     q16, q17, [sp, #Q0_SLOT + 256]
    ldp     q18, q19, [sp, #Q0_SLOT + 288]
    ldp     q20, q21, [sp, #Q0_SLOT + 320]
    ldp     q22, q23, [sp, #Q0_SLOT + 352]
    ldp     q24, q25, [sp, #Q0_SLOT + 384]
    ldp     q26, q27, [sp, #Q0_SLOT + 416]
    ldp     q28, q29, [sp, #Q0_SLOT + 448]
    ldp     q30, q31, [sp, #Q0_SLOT + 480]
    add     sp, sp, #VFRAME

1:  mrs     x1, tpidr_el0
    sub     x0, x0, x1                  /* address -> offset from the thread pointer */
    ldp     x1, x2, [sp, #X1_SLOT + 0]
    ldp     x3, x4, [sp, #X1_SLOT + 16]
    ldp     x5, x6, [sp, #X1_SLOT + 32]
    ldp     x7, x8, [sp, #X1_SLOT + 48]
    ldp     x9, x10, [sp, #X1_SLOT + 64]
    ldp     x11, x12, [sp, #X1_SLOT + 80]
    ldp     x13, x14, [sp, #X1_SLOT + 96]
    ldp     x15, x16, [sp, #X1_SLOT + 112]
    ldp     x17, x18, [sp, #X1_SLOT + 128]
    ldp     x29, x30, [sp], #FRAME
    .cfi_def_cfa sp, 0
    .cfi_restore x29
    .cfi_restore x30
    ret
    .cfi_endproc
    .size   elfld__arch_tlsdesc_dynamic, .-elfld__arch_tlsdesc_dynamic

    .section .note.GNU-stack, "", %progbits
    gnu_property_note
