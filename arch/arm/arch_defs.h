/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - 32-bit Arm (AArch32, EABI5, little-endian) constants for the core. */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 1          /* ELFCLASS32 */
#define ELFLD_EM 40               /* EM_ARM */
#define ELFLD_ARCH_NAME "arm"
#define ELFLD_ARCH_RELA 0         /* dynamic relocations are REL: addends live in the place */
#define ELFLD_ARCH_PT_EXIDX 0x70000001   /* PT_ARM_EXIDX: the EHABI unwind index */

/* ARMv7-A cores without the IDIV extension have no divide instruction: let the core divide in
 * software rather than call the compiler runtime's __aeabi_uidivmod (see src/core/divide.h). */
#if !defined(__ARM_FEATURE_IDIV)
#define ELFLD_ARCH_SOFT_DIV 1
#endif

/*
 * At offset 0 of every struct elfld_lib.  The Arm trampoline needs no per-library data (it
 * saves a fixed register set), so this is one reserved word.
 */
struct elfld_arch_lazy {
    uint32_t reserved;
};

/*
 * Lazy binding needs the PLT header to enter GOT[2] with lr = &GOT[2].  M-profile cores
 * (ARMv7-M, ARMv8-M Mainline: Thumb only) get a Thumb-2 PLT whose header, `push {lr}; ldr.w
 * lr, [pc, #8]; add lr, pc; ldr.w pc, [lr, #8]!`, should do that, but neither linker here
 * gets its literal right: GNU ld 2.40 writes &GOT[0] minus the literal's own address while
 * `add lr, pc` adds the add's address + 4, so lr ends at &GOT[0] - 2 and pc is loaded from the
 * unaligned &GOT[0] + 6; LLD 19 lands at &GOT[0] - 6 and leaves the slots' initial values
 * without the Thumb bit.  No lazy call gets through such a header, so an M-profile build binds
 * every PLT slot at load (src/core/arch.h: ELFLD_ARCH_LAZY), as with ELFLD_NOW.
 */
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define ELFLD_ARCH_LAZY 0
#endif

/* A Thumb function's address has bit 0 set (an entry point too): the instruction is at the
 * even address (src/core/arch.h). */
#define ELFLD_ARCH_CODE_ADDRESS(addr) ((addr) & ~(uintptr_t)1)

/* Thread-local storage (src/core/arch.h): variant I: TPIDRURO points at the TCB (8 bytes), the first module after it. */
#define ELFLD_ARCH_DTV_OFFSET 0
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer); not in the
 * fuzz harnesses, which build this backend's tables for another host.
 * M-profile (Cortex-M) has no TPIDRURO, no CP15 at all: its code reads the thread pointer
 * only through __aeabi_read_tp (gcc's -mtp=soft, the default there), and libelfld binds that
 * name for loaded code to its own (read_tp.c).  So the thread pointer is whatever libelfld
 * says, and it says 0: offsets from it are addresses, and the firmware supplies nothing (no
 * symbol beyond rule 1's four).  Per-thread blocks then come from the host's tls_key_* hooks
 * (dynamic TLS); a range at one offset from "every thread's thread pointer"
 * (tls_static_reserve, tls_cache_reserve) is one range for all threads, so only a host that
 * runs loaded code in one thread may offer those two. */
#ifndef ELFLD_FOREIGN_TABLES
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define ELFLD_ARCH_READ_TP(tp_) ((tp_) = 0)
#else
#define ELFLD_ARCH_READ_TP(tp_) __asm__("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp_))
#endif
#endif
/* Code a TLS descriptor resolver runs between its own register saves (tls.S saves no VFP
 * register around it): gcc keeps it off them; clang has no such attribute for Arm, and
 * allocates VFP registers only for floating-point values and vector code, which it has none of. */
#if defined(__clang__)
#define ELFLD_ARCH_GENERAL_REGS_ONLY
#else
#define ELFLD_ARCH_GENERAL_REGS_ONLY __attribute__((target("general-regs-only")))
#endif
/* Arm TLS descriptors are {argument, resolver} (the linker's call stub loads the second). */
#define ELFLD_ARCH_TLSDESC_ARG_FIRST

/* Entries bound for loaded code besides __tls_get_addr (read_tp.c). */
__attribute__((visibility("hidden"))) void elfld__arm_aeabi_read_tp(void);
#define ELFLD_ARCH_TLS_ENTRIES {"__aeabi_read_tp", elfld__arm_aeabi_read_tp},

#endif
