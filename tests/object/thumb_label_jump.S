/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* thumb_label_jump.S - a Thumb B.W to a local label in another section (as a function's cold
 * part is reached): the assembler relocates it against the section (gas) or the label
 * (LLVM), neither marked as Thumb code, and the branch must stay in Thumb state. */
.syntax unified
.thumb
.eabi_attribute 28, 1            @ Tag_ABI_VFP_args: the build's hard-float ABI

.section .text.label_hot,"ax",%progbits
.globl label_jump
.type label_jump, %function
.thumb_func
label_jump:
    movs r0, #5
.globl label_jump_br
label_jump_br:
    b.w .Lcold
.size label_jump, . - label_jump

.section .text.label_cold,"ax",%progbits
    nop
.globl label_cold_entry
label_cold_entry:
.Lcold:
    adds r0, #2
    bx lr

.section .note.GNU-stack,"",%progbits
