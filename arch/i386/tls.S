/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 TLS descriptor resolvers.  gnu2 code calls *(%eax) with %eax = the descriptor (two
 * words: resolver, argument) and expects in %eax the variable's offset from the thread
 * pointer (%gs:0), every other register preserved (flags excepted), FP/vector state too.
 * The caller's %esp need not be 16-byte aligned.
 *
 * static:  the argument is that offset already.
 * dynamic: the argument is a struct elfld_tls_desc_arg {module, offset} (src/core/tls.h).
 *   %ecx and %edx (what a C call may change besides %eax) are saved, %esp aligned to 16 and
 *   elfld__tls_desc_fast looks the calling thread's block up (it touches no x87/SSE
 *   register: compiled general-regs-only); only when the block does not exist yet is the
 *   whole FP/vector state saved (XSAVE, FXSAVE or FNSAVE, with the mode, size and mask probed
 *   for the module's library at offset 0 of struct elfld_lib, as the lazy trampoline does)
 *   around elfld__tls_desc_slow, which allocates it.  Then %eax = address - %gs:0.
 *
 * struct elfld_tls_module: its library pointer at offset 12 (tls.c checks the layout).
 */
#define FP_XSAVE 2
#define FP_FXSAVE 1

    .text
    .globl  elfld__i386_tlsdesc_static
    .hidden elfld__i386_tlsdesc_static
    .type   elfld__i386_tlsdesc_static, @function
    .p2align 4
elfld__i386_tlsdesc_static:
    .cfi_startproc
    endbr32
    movl    4(%eax), %eax
    ret
    .cfi_endproc
    .size   elfld__i386_tlsdesc_static, .-elfld__i386_tlsdesc_static

    .globl  elfld__i386_tlsdesc_dynamic
    .hidden elfld__i386_tlsdesc_dynamic
    .type   elfld__i386_tlsdesc_dynamic, @function
    .p2align 4
elfld__i386_tlsdesc_dynamic:
    .cfi_startproc
    endbr32
    pushl   %ebp
    .cfi_adjust_cfa_offset 4
    .cfi_rel_offset %ebp, 0
    movl    %esp, %ebp
    .cfi_def_cfa_register %ebp
    pushl   %ecx                        /* -4(%ebp) */
    pushl   %edx                        /* -8(%ebp) */
    pushl   4(%eax)                     /* -12(%ebp): the descriptor's argument */
    andl    $-64, %esp
    subl    $16, %esp
    movl    -12(%ebp), %eax
    movl    %eax, 0(%esp)
    call    elfld__tls_desc_fast
    testl   %eax, %eax
    jnz     9f

    movl    -12(%ebp), %edx
    movl    0(%edx), %edx               /* module */
    movl    12(%edx), %edx              /* its library: the FP probe at offset 0 */
    addl    $16, %esp                   /* 64-aligned again */
    subl    4(%edx), %esp               /* fp_size, a multiple of 64 */
    movl    0(%edx), %eax
    cmpl    $FP_XSAVE, %eax
    jne     1f
    xorl    %eax, %eax                  /* XRSTOR wants header bytes 8..63 zero */
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
2:  fnsave  (%esp)
3:  subl    $16, %esp
    movl    -12(%ebp), %eax
    movl    %eax, 0(%esp)
    call    elfld__tls_desc_slow
    movl    %eax, 4(%esp)               /* the address, kept in the argument area */
    movl    -12(%ebp), %edx
    movl    0(%edx), %edx
    movl    12(%edx), %edx
    movl    0(%edx), %eax
    cmpl    $FP_XSAVE, %eax
    jne     4f
    movl    8(%edx), %eax
    movl    12(%edx), %edx
    xrstor  16(%esp)
    jmp     6f
4:  cmpl    $FP_FXSAVE, %eax
    jne     5f
    fxrstor 16(%esp)
    jmp     6f
5:  frstor  16(%esp)
6:  movl    4(%esp), %eax

9:  subl    %gs:0, %eax                 /* address -> offset from the thread pointer */
    movl    -4(%ebp), %ecx
    movl    -8(%ebp), %edx
    movl    %ebp, %esp
    .cfi_def_cfa_register %esp
    popl    %ebp
    .cfi_adjust_cfa_offset -4
    .cfi_restore %ebp
    ret
    .cfi_endproc
    .size   elfld__i386_tlsdesc_dynamic, .-elfld__i386_tlsdesc_dynamic

    .section .note.GNU-stack, "", @progbits
