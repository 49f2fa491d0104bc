/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 lazy-binding trampoline, reached from PLT0 (which pushed GOT[1] and jumped to GOT[2])
 * with
 *     0(%esp) = library (GOT[1]),  4(%esp) = byte offset of the JMPREL record,
 *     8(%esp) = caller's return address, 12(%esp)... = the caller's stack arguments.
 * It must preserve everything a call may carry in registers: eax edx ecx (regparm / fastcall
 * / thiscall arguments; ecx is also the static chain), ebx (callee-saved, the caller's GOT
 * pointer) and the FP/vector state (__m64 in mm0-2, __m128 in xmm0-2, sseregparm floats;
 * XSAVE with the mask and size lazy.c found, else FXSAVE, else FNSAVE), and leave the stack
 * arguments where they are.  It calls
 *     uintptr_t elfld__i386_lazy_bind(struct elfld_lib *lib, uint32_t offset)
 * (lazy.c: offset -> index, then the core's elfld__lazy_bind) with %esp 16-byte aligned at
 * the call, as the i386 Linux ABI requires, and then enters the target as if the caller had
 * called it directly: the target address replaces the offset word and `ret` pops it, so no
 * register is needed for the jump.  (That `ret` does not match a CET shadow stack; Linux does
 * not enable shadow stacks for 32-bit processes.)
 *
 * struct elfld_arch_lazy (arch_defs.h) is at offset 0 of the library:
 *     0: fp_mode   4: fp_size   8: xsave mask (low)   12: xsave mask (high)
 */
#define FP_XSAVE 2
#define FP_FXSAVE 1

    .text
    .globl  elfld__i386_lazy_entry
    .hidden elfld__i386_lazy_entry
    .type   elfld__i386_lazy_entry, @function
    .p2align 4
elfld__i386_lazy_entry:
    .cfi_startproc
    .cfi_adjust_cfa_offset 8            /* library + offset pushed by the PLT */
    endbr32                             /* reached by an indirect jump from PLT0 */
    pushl   %ebp
    .cfi_adjust_cfa_offset 4
    .cfi_rel_offset %ebp, 0
    movl    %esp, %ebp                  /* lib at 4(%ebp), offset at 8, return at 12 */
    .cfi_def_cfa_register %ebp
    pushl   %eax                        /* -4(%ebp) */
    pushl   %ecx                        /* -8(%ebp) */
    pushl   %edx                        /* -12(%ebp) */

    movl    4(%ebp), %edx               /* library */
    andl    $-64, %esp
    subl    4(%edx), %esp               /* fp_size is a multiple of 64: stays 64-aligned */
    movl    0(%edx), %eax
    cmpl    $FP_XSAVE, %eax
    jne     1f
    /* XRSTOR faults unless header bytes 8..63 are zero; XSAVE writes only XSTATE_BV. */
    xorl    %eax, %eax
    movl    $60, %ecx
0:  movl    %eax, 512(%esp,%ecx)
    subl    $4, %ecx
    jns     0b
    movl    8(%edx), %eax
    movl    12(%edx), %edx
    xsave   (%esp)
    jmp     3f
1:  cmpl    $FP_FXSAVE, %eax
    jne     2f
    fxsave  (%esp)
    jmp     3f
2:  fnsave  (%esp)                      /* no FXSR: x87/MMX only */
3:
    subl    $16, %esp                   /* outgoing arguments; %esp stays 16-aligned */
    movl    4(%ebp), %eax
    movl    %eax, 0(%esp)
    movl    8(%ebp), %eax
    movl    %eax, 4(%esp)
    call    elfld__i386_lazy_bind
    movl    %eax, 8(%ebp)               /* the target replaces the offset word */
    addl    $16, %esp

    movl    4(%ebp), %edx
    movl    0(%edx), %eax
    cmpl    $FP_XSAVE, %eax
    jne     4f
    movl    8(%edx), %eax
    movl    12(%edx), %edx
    xrstor  (%esp)
    jmp     6f
4:  cmpl    $FP_FXSAVE, %eax
    jne     5f
    fxrstor (%esp)
    jmp     6f
5:  frstor  (%esp)
6:
    movl    -4(%ebp), %eax
    movl    -8(%ebp), %ecx
    movl    -12(%ebp), %edx
    movl    %ebp, %esp
    .cfi_def_cfa_register %esp
    popl    %ebp
    .cfi_adjust_cfa_offset -4
    .cfi_restore %ebp
    leal    4(%esp), %esp               /* drop the library word (lea: flags untouched) */
    .cfi_adjust_cfa_offset -4
    ret                                 /* pops the target: %esp is the caller's again */
    .cfi_endproc
    .size   elfld__i386_lazy_entry, .-elfld__i386_lazy_entry

    .section .note.GNU-stack, "", @progbits
