/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 lazy-binding trampoline, stored in .got.plt[2].  sysvabi64 "Procedure Linkage
 * Table": PLT[0] reaches it by BR x17 with
 *     x16 (ip0) = &.got.plt[2]         x17 (ip1) = this entry point
 *     [sp, #0]  = &.got.plt slot of the PLT entry used (typically &.got.plt[N + 3])
 *     [sp, #8]  = lr (x30), also still live in x30: the caller's return address
 * and sp 16-byte aligned (PLT[0] pushed exactly 16 bytes).
 *
 * AAPCS64 passes arguments and returns results in x0-x7, the indirect result address in x8
 * and v0-v7 (all 128 bits: short vectors and HFA/HVA members live in the full q register).
 * All of them are saved around the C call and restored; x9-x15, x16-x18 and v16-v31 are
 * caller-saved and may change, as across any call; v8-v15 (low halves) and x19-x28 are
 * callee-saved and preserved by the C code itself.  Functions that use more state (SVE,
 * SME, vector PCS) are marked STO_AARCH64_VARIANT_PCS and never come here (lazy.c).  Then
 *     uintptr_t elfld__aarch64_lazy_fixup(struct elfld_lib *lib, uintptr_t slot)
 * binds the slot and returns the target, which we enter with BR x17 (valid into both
 * "BTI c" and "BTI j" landing pads, like the PLT's own BR).
 */
#include "gnu_property.h"

    .text
    .globl  elfld__aarch64_lazy_entry
    .hidden elfld__aarch64_lazy_entry
    .type   elfld__aarch64_lazy_entry, %function
    .p2align 4
elfld__aarch64_lazy_entry:
    .cfi_startproc
    .cfi_def_cfa_offset 16              /* the 16 bytes PLT[0] pushed */
    .cfi_offset x30, -8
    hint    #34                         /* BTI c: we are entered by BR x17 */
    stp     x29, x30, [sp, #-224]!
    .cfi_def_cfa_offset 240
    .cfi_offset x29, -240
    mov     x29, sp
    .cfi_def_cfa_register x29
    stp     x0, x1, [sp, #16]
    stp     x2, x3, [sp, #32]
    stp     x4, x5, [sp, #48]
    stp     x6, x7, [sp, #64]
    str     x8, [sp, #80]               /* 88: padding, keeps the q area 16-aligned */
    stp     q0, q1, [sp, #96]
    stp     q2, q3, [sp, #128]
    stp     q4, q5, [sp, #160]
    stp     q6, q7, [sp, #192]

    ldur    x0, [x16, #-8]              /* library: .got.plt[1], just below ip0 */
    ldr     x1, [sp, #224]              /* the slot address PLT[0] stacked */
    bl      elfld__aarch64_lazy_fixup   /* sp is 16-aligned here: 16 + 224 bytes pushed */
    mov     x17, x0                     /* target */

    ldp     q0, q1, [sp, #96]
    ldp     q2, q3, [sp, #128]
    ldp     q4, q5, [sp, #160]
    ldp     q6, q7, [sp, #192]
    ldp     x0, x1, [sp, #16]
    ldp     x2, x3, [sp, #32]
    ldp     x4, x5, [sp, #48]
    ldp     x6, x7, [sp, #64]
    ldr     x8, [sp, #80]
    ldp     x29, x30, [sp], #224
    .cfi_def_cfa sp, 16
    .cfi_restore x29
    ldp     x16, x30, [sp], #16         /* drop PLT[0]'s frame; lr as the caller left it */
    .cfi_def_cfa_offset 0
    .cfi_restore x30
    br      x17
    .cfi_endproc
    .size   elfld__aarch64_lazy_entry, .-elfld__aarch64_lazy_entry

    .section .note.GNU-stack, "", %progbits

    gnu_property_note
