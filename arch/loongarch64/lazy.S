/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * LoongArch64 lazy-binding trampoline, stored in .got.plt[0] and reached from PLT0 (see
 * lazy.c for the sequence) by "jirl zero, t3, 0" with
 *     t0 ($r12) = library (.got.plt[1])    t1 ($r13) = 8 * N, N = PLT entry / JMPREL index
 *     ra ($r1)  = the caller's return address (PLT code never writes ra)
 *     sp        = as at the call: 16-byte aligned (LoongArch psABI, lapcs)
 *
 * The procedure calling convention (lapcs) passes arguments and results in a0-a7
 * ($r4-$r11) and, for the lp64f/lp64d ABIs, fa0-fa7 ($f0-$f7, 32 or 64 bits wide).  All of
 * them and ra are saved around the C call and restored; t0-t8 are temporaries and s0-s8,
 * fs0-fs7 are preserved by the C code itself.  Vector (LSX/LASX) registers carry no
 * arguments in the base ABI.  Then
 *     uintptr_t elfld__loongarch64_lazy_fixup(struct elfld_lib *lib, uintptr_t offset)
 * binds the slot and returns the target, which we enter with jr (no link).
 */
#if defined(__loongarch_frlen) && __loongarch_frlen == 64
#define FSAVE(n, off) fst.d $fa##n, $sp, off
#define FLOAD(n, off) fld.d $fa##n, $sp, off
#elif defined(__loongarch_frlen) && __loongarch_frlen == 32
#define FSAVE(n, off) fst.s $fa##n, $sp, off
#define FLOAD(n, off) fld.s $fa##n, $sp, off
#else
#define FSAVE(n, off)
#define FLOAD(n, off)
#endif

#define FRAME 144   /* ra + a0-a7 + fa0-fa7 = 136 bytes, rounded up to 16 */

    .text
    .globl  elfld__loongarch64_lazy_entry
    .hidden elfld__loongarch64_lazy_entry
    .type   elfld__loongarch64_lazy_entry, @function
    .p2align 4
elfld__loongarch64_lazy_entry:
    .cfi_startproc
    addi.d  $sp, $sp, -FRAME
    .cfi_def_cfa_offset FRAME
    st.d    $ra, $sp, 136
    .cfi_offset 1, -8
    st.d    $a0, $sp, 0
    st.d    $a1, $sp, 8
    st.d    $a2, $sp, 16
    st.d    $a3, $sp, 24
    st.d    $a4, $sp, 32
    st.d    $a5, $sp, 40
    st.d    $a6, $sp, 48
    st.d    $a7, $sp, 56
    FSAVE(0, 64)
    FSAVE(1, 72)
    FSAVE(2, 80)
    FSAVE(3, 88)
    FSAVE(4, 96)
    FSAVE(5, 104)
    FSAVE(6, 112)
    FSAVE(7, 120)

    move    $a0, $t0                    /* library */
    move    $a1, $t1                    /* 8 * N */
    bl      elfld__loongarch64_lazy_fixup
    move    $t1, $a0                    /* target */

    FLOAD(0, 64)
    FLOAD(1, 72)
    FLOAD(2, 80)
    FLOAD(3, 88)
    FLOAD(4, 96)
    FLOAD(5, 104)
    FLOAD(6, 112)
    FLOAD(7, 120)
    ld.d    $a0, $sp, 0
    ld.d    $a1, $sp, 8
    ld.d    $a2, $sp, 16
    ld.d    $a3, $sp, 24
    ld.d    $a4, $sp, 32
    ld.d    $a5, $sp, 40
    ld.d    $a6, $sp, 48
    ld.d    $a7, $sp, 56
    ld.d    $ra, $sp, 136
    .cfi_restore 1
    addi.d  $sp, $sp, FRAME
    .cfi_def_cfa_offset 0
    jr      $t1
    .cfi_endproc
    .size   elfld__loongarch64_lazy_entry, .-elfld__loongarch64_lazy_entry

    .section .note.GNU-stack, "", @progbits
