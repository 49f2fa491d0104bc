/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* near_branch_a64.S - a conditional branch (CONDBR19, +-1 MiB, no veneer) to a target
 * 2^20 + 16 bytes away: the first instruction of the image's text (offset 16), the target
 * past a 1 MiB NOBITS gap that starts at offset 32. */
.section .text.near_a,"ax",%progbits
.balign 16
.globl near_cond
.type near_cond, %function
near_cond:
    b.eq near_target
    ret
.size near_cond, . - near_cond

.section .near_gap,"ax",%nobits
.balign 16
.skip 1048576

.section .text.near_b,"ax",%progbits
.balign 16
.globl near_target
.type near_target, %function
near_target:
    ret
.size near_target, . - near_target

.section .note.GNU-stack,"",%progbits
