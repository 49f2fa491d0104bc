/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#include "endbr.h"

/*
 * x86_64 dynamic TLS entries written in assembly: __tls_get_addr for a context with a
 * thread-pointer cache, and the TLS descriptor resolvers.  gnu2 code calls *(%rax) with
 * %rax = the descriptor (two words: resolver, argument) and expects in %rax the variable's
 * offset from the thread pointer, every other register preserved (flags excepted).
 *
 * The cache: at %fs:entry_off, the calling thread's entry for a module (struct
 * elfld_tls_cache_entry: block, generation), valid when the generation is the module's.  A
 * lookup is a compare and a load.
 *
 * __tls_get_addr (cached): tls_index {module, offset}; the lookup, else the general
 *   elfld__tls_get_addr (C), which also serves modules not in the cache (their entry_off
 *   is the never-written entry 0).
 * static resolver:  the argument is the offset already.
 * cached resolver:  the argument is a struct elfld_tls_desc_arg (src/core/tls.h); the lookup
 *   with two scratch registers, else the dynamic resolver's slow path.
 * dynamic resolver: the integer registers a C call may change are saved and
 *   elfld__tls_desc_fast looks the calling thread's block up (it touches no vector
 *   register: compiled general-regs-only); only when the block does not exist yet is the
 *   whole vector state saved (XSAVE with the size and mask probed for the module's library,
 *   at offset 0 of struct elfld_lib, as the lazy trampoline does; FXSAVE without XSAVE)
 *   around elfld__tls_desc_slow, which allocates it.  Then %rax = address - %fs:0.
 *
 * tls.c checks the layouts read here: struct elfld_tls_module (gen, lib, entry_off at
 * words 1, 3, 4), the descriptor argument and a cache entry.
 */
    .text
    .globl  elfld__x86_64_tlsdesc_static
    .hidden elfld__x86_64_tlsdesc_static
    .type   elfld__x86_64_tlsdesc_static, @function
    .p2align 4
elfld__x86_64_tlsdesc_static:
    .cfi_startproc
    ENDBR
    movq    8(%rax), %rax
    ret
    .cfi_endproc
    .size   elfld__x86_64_tlsdesc_static, .-elfld__x86_64_tlsdesc_static

/* struct elfld_tls_module */
#define MOD_GEN        8
#define MOD_LIB        24
#define MOD_ENTRY      32
/* struct elfld_tls_index */
#define INDEX_MODULE   0
#define INDEX_OFFSET   8
/* struct elfld_tls_desc_arg */
#define ARG_OFFSET     8
#define ARG_ENTRY      24
#define ARG_GEN        32
/* struct elfld_tls_cache_entry (thread-pointer relative) */
#define ENTRY_BLOCK    0
#define ENTRY_GEN      8

/* The save area, below the 64-byte aligned top of the frame. */
#define SAVE_AREA 128
#define ARG_SLOT  (64 - SAVE_AREA)
#define RES_SLOT  (72 - SAVE_AREA)

    .globl  elfld__x86_64_tls_get_addr_cached
    .hidden elfld__x86_64_tls_get_addr_cached
    .type   elfld__x86_64_tls_get_addr_cached, @function
    .p2align 4
elfld__x86_64_tls_get_addr_cached:
    .cfi_startproc
    movq    INDEX_MODULE(%rdi), %rdx
    movq    MOD_ENTRY(%rdx), %rcx
    movq    MOD_GEN(%rdx), %rax
    cmpq    %rax, %fs:ENTRY_GEN(%rcx)
    jne     1f
    movq    %fs:ENTRY_BLOCK(%rcx), %rax
    addq    INDEX_OFFSET(%rdi), %rax
    ret
1:  jmp     elfld__tls_get_addr
    .cfi_endproc
    .size   elfld__x86_64_tls_get_addr_cached, .-elfld__x86_64_tls_get_addr_cached

    .globl  elfld__x86_64_tlsdesc_cached
    .hidden elfld__x86_64_tlsdesc_cached
    .type   elfld__x86_64_tlsdesc_cached, @function
    .p2align 4
elfld__x86_64_tlsdesc_cached:
    .cfi_startproc
    ENDBR
    movq    8(%rax), %rax               /* the argument; the descriptor is not needed again */
    pushq   %rdi
    .cfi_adjust_cfa_offset 8
    pushq   %rsi
    .cfi_adjust_cfa_offset 8
    movq    ARG_ENTRY(%rax), %rdi
    movq    ARG_GEN(%rax), %rsi
    cmpq    %rsi, %fs:ENTRY_GEN(%rdi)
    jne     1f
    movq    ARG_OFFSET(%rax), %rax
    addq    %fs:ENTRY_BLOCK(%rdi), %rax
    subq    %fs:0, %rax
    popq    %rsi
    .cfi_adjust_cfa_offset -8
    popq    %rdi
    .cfi_adjust_cfa_offset -8
    ret
1:  .cfi_adjust_cfa_offset 16
    popq    %rsi
    .cfi_adjust_cfa_offset -8
    popq    %rdi
    .cfi_adjust_cfa_offset -8
    jmp     .Lsave                      /* %rax: the argument, as there */
    .cfi_endproc
    .size   elfld__x86_64_tlsdesc_cached, .-elfld__x86_64_tlsdesc_cached

    .globl  elfld__x86_64_tlsdesc_dynamic
    .hidden elfld__x86_64_tlsdesc_dynamic
    .type   elfld__x86_64_tlsdesc_dynamic, @function
    .p2align 4
elfld__x86_64_tlsdesc_dynamic:
    .cfi_startproc
    ENDBR
    movq    8(%rax), %rax               /* the argument; the descriptor is not needed again */
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
    movq    MOD_LIB(%r11), %r11         /* its library: xsave size and mask at offset 0 */
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
    movq    MOD_LIB(%r11), %r11
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
