/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_comdat.c - x86_64 only: a COMDAT group (signature mo_grp_fn) as a C++ inline function
 * would make, plus a caller.  Two copies of this object link: the second group is discarded. */
__asm__(".section .text.mo_grp_fn,\"axG\",@progbits,mo_grp_fn,comdat\n"
        ".weak mo_grp_fn\n"
        ".type mo_grp_fn,@function\n"
        "mo_grp_fn:\n"
        "  movl $5, %eax\n"
        "  ret\n"
        ".size mo_grp_fn, .-mo_grp_fn\n"
        ".text\n");
extern int mo_grp_fn(void);
int mo_comdat_use(void) { return mo_grp_fn() + 1; }
