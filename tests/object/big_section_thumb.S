/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* big_section_thumb.S - a Thumb B<cond>.W (THM_JUMP19, +-1 MiB) at the start of a text section
 * longer than its reach: the veneer area after that section is out of its reach too. */
.syntax unified
.thumb
.eabi_attribute 28, 1            @ Tag_ABI_VFP_args: the build's hard-float ABI

.section .text.big,"ax",%progbits
.balign 16
.globl big_cond
.type big_cond, %function
.thumb_func
big_cond:
    beq.w big_target
    bx lr
.skip 1048576
.size big_cond, . - big_cond

.section .text.big_target,"ax",%progbits
.balign 16
.globl big_target
.type big_target, %function
.thumb_func
big_target:
    bx lr
.size big_target, . - big_target

.section .note.GNU-stack,"",%progbits
