/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * regprobe.h - the register record shared by regprobe/<arch>.S and test_regprobe.c.
 *
 * Two records of PROBE_SIZE bytes, elfld_probe_in (what the caller loads) and elfld_probe_out
 * (what the callee found), laid out alike:
 *     [0, PROBE_NINT * PROBE_WORD)              the integer registers, PROBE_WORD bytes each,
 *                                               in the order test_regprobe.c names them;
 *     [PROBE_FP_OFF + k * PROBE_FPSLOT, ...)    FP/vector register k, PROBE_FPSLOT bytes.
 * The registers are those the psABI passes arguments or hidden values in, plus what the
 * arch's lazy.S promises on top.  An arch without an entry here does not build.
 */
#ifndef ELFLD_TEST_REGPROBE_H
#define ELFLD_TEST_REGPROBE_H

#if defined(__x86_64__)
/* rdi rsi rdx rcx r8 r9, rax (varargs vector count), r10 (static chain); zmm/ymm/xmm 0-7,
 * as wide as the CPU has (elfld_probe_vec). */
#define PROBE_NINT 8
#define PROBE_WORD 8
#define PROBE_NFP 8
#define PROBE_FPSLOT 64
#elif defined(__i386__)
/* eax edx ecx (regparm / fastcall; ecx also the static chain); xmm0-7 (__m128 arguments in
 * xmm0-2; lazy.S saves the whole FP/vector state). */
#define PROBE_NINT 3
#define PROBE_WORD 4
#define PROBE_NFP 8
#define PROBE_FPSLOT 16
#elif defined(__aarch64__)
/* x0-x7, x8 (indirect result address); q0-q7 (all 128 bits). */
#define PROBE_NINT 9
#define PROBE_WORD 8
#define PROBE_NFP 8
#define PROBE_FPSLOT 16
#elif defined(__arm__)
/* r0-r3; d0-d7 under the VFP (hard-float) variant of the AAPCS. */
#define PROBE_NINT 4
#define PROBE_WORD 4
#if defined(__ARM_PCS_VFP)
#define PROBE_NFP 8
#else
#define PROBE_NFP 0
#endif
#define PROBE_FPSLOT 8
#elif defined(__riscv)
/* a0-a7; fa0-fa7 at FLEN whenever F/D is there (lazy.S saves them then, whatever the ABI). */
#define PROBE_NINT 8
#define PROBE_WORD (__riscv_xlen / 8)
#if defined(__riscv_flen)
#define PROBE_NFP 8
#define PROBE_FPSLOT (__riscv_flen / 8)
#else
#define PROBE_NFP 0
#define PROBE_FPSLOT 8
#endif
#elif defined(__loongarch64)
/* a0-a7; fa0-fa7 at FRLEN (lp64d / lp64f). */
#define PROBE_NINT 8
#define PROBE_WORD 8
#if defined(__loongarch_frlen) && __loongarch_frlen > 0
#define PROBE_NFP 8
#define PROBE_FPSLOT (__loongarch_frlen / 8)
#else
#define PROBE_NFP 0
#define PROBE_FPSLOT 8
#endif
#else
#error "regprobe: no register list for this arch (add it here and in regprobe/<arch>.S)"
#endif

#define PROBE_FP_OFF 128 /* past the longest integer list, aligned for a 64-byte vector */
#define PROBE_SIZE (PROBE_FP_OFF + 8 * PROBE_FPSLOT)

#endif
