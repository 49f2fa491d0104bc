/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 TLS descriptor resolvers.  gnu2 code calls *(%rax) with %rax = the descriptor
 * (two words: resolver, argument) and expects in %rax the variable's offset from the thread
 * pointer, every other register preserved (flags excepted).
 *
 * static:  the argument is that offset already.
 * dynamic: the argument is a struct elfld_tls_desc_arg (src/core/tls.h).  When its module
 *   is cached, the block is looked up here first, with two scratch registers, in the
 *   thread-pointer cache (struct elfld_tls_cache: slots, limit in bytes, at %fs:cache_off)
 *   whose entry slot_bytes in must hold the module's generation.  Otherwise, or on a miss,
 *   the integer registers a C call may change are saved and elfld__tls_desc_fast looks the
 *   calling thread's block up (it touches no vector register: compiled general-regs-only);
 *   only when the block does not exist yet is the whole vector state saved (XSAVE with the
 *   size and mask probed for the module's library, at offset 0 of struct elfld_lib, as the
 *   lazy trampoline does; FXSAVE without XSAVE) around elfld__tls_desc_slow, which
 *   allocates it.  Then %rax = address - %fs:0.
 *
 * struct elfld_tls_module: its library pointer at offset 24 (tls.c checks the layout, and
 * those of the argument, the cache words and a block table entry below).
 */
    .text
    .globl  elfld__x86_64_tlsdesc_static
    .hidden elfld__x86_64_tlsdesc_static
    .type   elfld__x86_64_tlsdesc_static, @function
    .p2align 4
elfld__x86_64_tlsdesc_static:
    .cfi_startproc
    endbr64
    movq    8(%rax), %rax
    ret
    .cfi_endproc
    .size   elfld__x86_64_tlsdesc_static, .-elfld__x86_64_tlsdesc_static

/* struct elfld_tls_desc_arg */
#define ARG_OFFSET     8
#define ARG_CACHED     16
#define ARG_CACHE_OFF  24
#define ARG_SLOT_BYTES 32
#define ARG_GEN        40
/* struct elfld_tls_cache (thread-pointer relative) and struct elfld_tls_slot */
#define CACHE_SLOTS    0
#define CACHE_LIMIT    8
#define SLOT_BLOCK     0
#define SLOT_GEN       24

/* The save area, below the 64-byte aligned top of the frame. */
#define SAVE_AREA 128
#define ARG_SLOT  (64 - SAVE_AREA)
#define RES_SLOT  (72 - SAVE_AREA)

    .globl  elfld__x86_64_tlsdesc_dynamic
    .hidden elfld__x86_64_tlsdesc_dynamic
    .type   elfld__x86_64_tlsdesc_dynamic, @function
    .p2align 4
elfld__x86_64_tlsdesc_dynamic:
    .cfi_startproc
    endbr64
    movq    8(%rax), %rax               /* the argument; the descriptor is not needed again */
    cmpq    $0, ARG_CACHED(%rax)
    je      .Lsave
    pushq   %rdi
    .cfi_adjust_cfa_offset 8
    pushq   %rsi
    .cfi_adjust_cfa_offset 8
    .cfi_remember_state
    movq    ARG_CACHE_OFF(%rax), %rdi
    movq    ARG_SLOT_BYTES(%rax), %rsi
    cmpq    %fs:CACHE_LIMIT(%rdi), %rsi
    jae     .Lmiss
    addq    %fs:CACHE_SLOTS(%rdi), %rsi /* the thread's entry for the module */
    movq    ARG_GEN(%rax), %rdi
    cmpq    %rdi, SLOT_GEN(%rsi)
    jne     .Lmiss
    movq    SLOT_BLOCK(%rsi), %rsi
    addq    ARG_OFFSET(%rax), %rsi
    subq    %fs:0, %rsi
    movq    %rsi, %rax
    popq    %rsi
    .cfi_adjust_cfa_offset -8
    popq    %rdi
    .cfi_adjust_cfa_offset -8
    ret
.Lmiss:
    .cfi_restore_state
    popq    %rsi
    .cfi_adjust_cfa_offset -8
    popq    %rdi
    .cfi_adjust_cfa_offset -8
.Lsave:
    pushq   %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rbx, 0
    movq    %rsp, %rbx
    .cfi_def_cfa_register %rbx
    andq    $-64, %rsp
    subq    $SAVE_AREA, %rsp
    movq    %rcx, 0(%rsp)
    movq    %rdx, 8(%rsp)
    movq    %rsi, 16(%rsp)
    movq    %rdi, 24(%rsp)
    movq    %r8, 32(%rsp)
    movq    %r9, 40(%rsp)
    movq    %r10, 48(%rsp)
    movq    %r11, 56(%rsp)
    movq    %rax, %rdi                  /* the descriptor's argument */
    movq    %rdi, 64(%rsp)
    call    elfld__tls_desc_fast
    testq   %rax, %rax
    jnz     9f

    movq    64(%rsp), %r11
    movq    0(%r11), %r11               /* module */
    movq    24(%r11), %r11              /* its library: xsave size and mask at offset 0 */
    movl    0(%r11), %ecx
    testl   %ecx, %ecx
    jz      1f
    subq    %rcx, %rsp                  /* a multiple of 64: stays aligned */
    xorl    %edx, %edx                  /* XRSTOR wants header bytes 8..63 zero */
    movq    %rdx, 512(%rsp)
    movq    %rdx, 520(%rsp)
    movq    %rdx, 528(%rsp)
    movq    %rdx, 536(%rsp)
    movq    %rdx, 544(%rsp)
    movq    %rdx, 552(%rsp)
    movq    %rdx, 560(%rsp)
    movq    %rdx, 568(%rsp)
    movl    8(%r11), %eax
    movl    12(%r11), %edx
    xsave64 (%rsp)
    jmp     2f
1:  subq    $512, %rsp
    fxsave64 (%rsp)
2:  movq    %rbx, %rcx
    andq    $-64, %rcx                  /* the aligned top again */
    movq    ARG_SLOT(%rcx), %rdi
    call    elfld__tls_desc_slow
    movq    %rbx, %rcx
    andq    $-64, %rcx
    movq    %rax, RES_SLOT(%rcx)
    movq    ARG_SLOT(%rcx), %r11
    movq    0(%r11), %r11
    movq    24(%r11), %r11
    cmpl    $0, 0(%r11)
    je      3f
    movl    8(%r11), %eax
    movl    12(%r11), %edx
    xrstor64 (%rsp)
    jmp     4f
3:  fxrstor64 (%rsp)
4:  movq    %rbx, %rcx
    andq    $-64, %rcx
    movq    RES_SLOT(%rcx), %rax
    leaq    -SAVE_AREA(%rcx), %rsp      /* back to the integer save area */

9:  subq    %fs:0, %rax                 /* address -> offset from the thread pointer */
    movq    0(%rsp), %rcx
    movq    8(%rsp), %rdx
    movq    16(%rsp), %rsi
    movq    24(%rsp), %rdi
    movq    32(%rsp), %r8
    movq    40(%rsp), %r9
    movq    48(%rsp), %r10
    movq    56(%rsp), %r11
    movq    %rbx, %rsp
    .cfi_def_cfa_register %rsp
    popq    %rbx
    .cfi_adjust_cfa_offset -8
    .cfi_restore %rbx
    ret
    .cfi_endproc
    .size   elfld__x86_64_tlsdesc_dynamic, .-elfld__x86_64_tlsdesc_dynamic

    .section .note.GNU-stack, "", @progbits
