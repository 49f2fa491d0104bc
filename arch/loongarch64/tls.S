/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 TLS descriptor resolvers (LoongArch ELF psABI, TLS descriptors:
 * R_LARCH_TLS_DESC64, a descriptor {resolver, argument}).  The code sequence ends in
 * `ld.d $ra, $a0, %desc_ld(x); jirl $ra, $ra, %desc_call(x)` with
 *     a0 = the descriptor          ra = the return address
 * and expects in a0 the variable's offset from tp, every other register preserved (ra
 * excepted), floating-point registers, fcc0-fcc7 and fcsr0 included.  sp is 16-byte aligned.
 *
 * static:  the argument is that offset already.
 * dynamic: the argument is a struct elfld_tls_desc_arg {module, offset} (src/core/tls.h).
 *   ra, t0-t8 and a1-a7 (the integer registers a C call may change besides a0) are saved
 *   and elfld__tls_desc_fast looks the calling thread's block up (no floating-point
 *   register: see ELFLD_ARCH_GENERAL_REGS_ONLY); only when the block does not exist yet are
 *   the caller-saved floating-point registers (fa0-fa7, ft0-ft15: $f0-$f23, 64 bits), the
 *   condition flags fcc0-fcc7 and fcsr0 saved around elfld__tls_desc_slow, which allocates
 *   it.  Then a0 = address - tp.  The upper parts of the LSX/LASX vector registers are not
 *   saved: libelfld and the host's allocator are expected to be built without them.
 */
#define IFRAME 144                      /* ra, t0-t8, a1-a7, the argument: 18 words */
#define FFRAME 208                      /* f0-f23, fcc0-fcc7, fcsr0: 16-aligned */

    .text
    .globl  elfld__arch_tlsdesc_static
    .hidden elfld__arch_tlsdesc_static
    .type   elfld__arch_tlsdesc_static, @function
    .p2align 4
elfld__arch_tlsdesc_static:
    .cfi_startproc
    ld.d    $a0, $a0, 8
    jr      $ra
    .cfi_endproc
    .size   elfld__arch_tlsdesc_static, .-elfld__arch_tlsdesc_static

    .globl  elfld__arch_tlsdesc_dynamic
    .hidden elfld__arch_tlsdesc_dynamic
    .type   elfld__arch_tlsdesc_dynamic, @function
    .p2align 4
elfld__arch_tlsdesc_dynamic:
    .cfi_startproc
    addi.d  $sp, $sp, -IFRAME
    .cfi_def_cfa_offset IFRAME
    st.d    $ra, $sp, 0
    st.d    $t0, $sp, 8
    st.d    $t1, $sp, 16
    st.d    $t2, $sp, 24
    st.d    $t3, $sp, 32
    st.d    $t4, $sp, 40
    st.d    $t5, $sp, 48
    st.d    $t6, $sp, 56
    st.d    $t7, $sp, 64
    st.d    $t8, $sp, 72
    st.d    $a1, $sp, 80
    st.d    $a2, $sp, 88
    st.d    $a3, $sp, 96
    st.d    $a4, $sp, 104
    st.d    $a5, $sp, 112
    st.d    $a6, $sp, 120
    st.d    $a7, $sp, 128
    .cfi_offset 1, -IFRAME
    ld.d    $a0, $a0, 8                 /* the descriptor's argument */
    st.d    $a0, $sp, 136
    bl      elfld__tls_desc_fast
    bnez    $a0, 1f
#if defined(__loongarch_frlen) && __loongarch_frlen == 64
    addi.d  $sp, $sp, -FFRAME
    .cfi_adjust_cfa_offset FFRAME
    fst.d   $f0, $sp, 0
    fst.d   $f1, $sp, 8
    fst.d   $f2, $sp, 16
    fst.d   $f3, $sp, 24
    fst.d   $f4, $sp, 32
    fst.d   $f5, $sp, 40
    fst.d   $f6, $sp, 48
    fst.d   $f7, $sp, 56
    fst.d   $f8, $sp, 64
    fst.d   $f9, $sp, 72
    fst.d   $f10, $sp, 80
    fst.d   $f11, $sp, 88
    fst.d   $f12, $sp, 96
    fst.d   $f13, $sp, 104
    fst.d   $f14, $sp, 112
    fst.d   $f15, $sp, 120
    fst.d   $f16, $sp, 128
    fst.d   $f17, $sp, 136
    fst.d   $f18, $sp, 144
    fst.d   $f19, $sp, 152
    fst.d   $f20, $sp, 160
    fst.d   $f21, $sp, 168
    fst.d   $f22, $sp, 176
    fst.d   $f23, $sp, 184
    movcf2gr $t0, $fcc0
    st.b    $t0, $sp, 192
    movcf2gr $t1, $fcc1
    st.b    $t1, $sp, 193
    movcf2gr $t2, $fcc2
    st.b    $t2, $sp, 194
    movcf2gr $t3, $fcc3
    st.b    $t3, $sp, 195
    movcf2gr $t4, $fcc4
    st.b    $t4, $sp, 196
    movcf2gr $t5, $fcc5
    st.b    $t5, $sp, 197
    movcf2gr $t6, $fcc6
    st.b    $t6, $sp, 198
    movcf2gr $t7, $fcc7
    st.b    $t7, $sp, 199
    movfcsr2gr $t0, $fcsr0
    st.w    $t0, $sp, 200
    ld.d    $a0, $sp, FFRAME+136
    bl      elfld__tls_desc_slow
    ld.w    $t0, $sp, 200
    movgr2fcsr $fcsr0, $t0
    ld.b    $t0, $sp, 192
    movgr2cf $fcc0, $t0
    ld.b    $t1, $sp, 193
    movgr2cf $fcc1, $t1
    ld.b    $t2, $sp, 194
    movgr2cf $fcc2, $t2
    ld.b    $t3, $sp, 195
    movgr2cf $fcc3, $t3
    ld.b    $t4, $sp, 196
    movgr2cf $fcc4, $t4
    ld.b    $t5, $sp, 197
    movgr2cf $fcc5, $t5
    ld.b    $t6, $sp, 198
    movgr2cf $fcc6, $t6
    ld.b    $t7, $sp, 199
    movgr2cf $fcc7, $t7
    fld.d   $f0, $sp, 0
    fld.d   $f1, $sp, 8
    fld.d   $f2, $sp, 16
    fld.d   $f3, $sp, 24
    fld.d   $f4, $sp, 32
    fld.d   $f5, $sp, 40
    fld.d   $f6, $sp, 48
    fld.d   $f7, $sp, 56
    fld.d   $f8, $sp, 64
    fld.d   $f9, $sp, 72
    fld.d   $f10, $sp, 80
    fld.d   $f11, $sp, 88
    fld.d   $f12, $sp, 96
    fld.d   $f13, $sp, 104
    fld.d   $f14, $sp, 112
    fld.d   $f15, $sp, 120
    fld.d   $f16, $sp, 128
    fld.d   $f17, $sp, 136
    fld.d   $f18, $sp, 144
    fld.d   $f19, $sp, 152
    fld.d   $f20, $sp, 160
    fld.d   $f21, $sp, 168
    fld.d   $f22, $sp, 176
    fld.d   $f23, $sp, 184
    addi.d  $sp, $sp, FFRAME
    .cfi_adjust_cfa_offset -FFRAME
#elif defined(__loongarch_frlen) && __loongarch_frlen != 0
#error "tls.S: only the lp64d floating-point ABI (64-bit FP registers) or none is handled"
#else
    ld.d    $a0, $sp, 136
    bl      elfld__tls_desc_slow
#endif
1:  sub.d   $a0, $a0, $tp                /* address -> offset from the thread pointer */
    ld.d    $ra, $sp, 0
    ld.d    $t0, $sp, 8
    ld.d    $t1, $sp, 16
    ld.d    $t2, $sp, 24
    ld.d    $t3, $sp, 32
    ld.d    $t4, $sp, 40
    ld.d    $t5, $sp, 48
    ld.d    $t6, $sp, 56
    ld.d    $t7, $sp, 64
    ld.d    $t8, $sp, 72
    ld.d    $a1, $sp, 80
    ld.d    $a2, $sp, 88
    ld.d    $a3, $sp, 96
    ld.d    $a4, $sp, 104
    ld.d    $a5, $sp, 112
    ld.d    $a6, $sp, 120
    ld.d    $a7, $sp, 128
    .cfi_restore 1
    addi.d  $sp, $sp, IFRAME
    .cfi_def_cfa_offset 0
    jr      $ra
    .cfi_endproc
    .size   elfld__arch_tlsdesc_dynamic, .-elfld__arch_tlsdesc_dynamic

    .section .note.GNU-stack, "", @progbits
