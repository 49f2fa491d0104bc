/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * arch_defs.h - riscv64 (RV64, LP64/LP64F/LP64D) constants for the core (see src/core/arch.h).
 * The backend sources are shared with riscv32 and live in arch/riscv-common/.
 */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#if !defined(__riscv) || __riscv_xlen != 64
#error "arch/riscv64 needs a compiler targeting RV64 (use -Darch=riscv32 for RV32)"
#endif

#define ELFLD_ELFCLASS 2          /* ELFCLASS64 */
#define ELFLD_EM 243              /* EM_RISCV */
#define ELFLD_ARCH_NAME "riscv64"
#define ELFLD_ARCH_RELA 1         /* RISC-V dynamic relocations are all RELA */

/*
 * At offset 0 of every struct elfld_lib.  The RISC-V trampoline needs no per-library data
 * (the float ABI is fixed at build time, see check_flags), so this only reserves a word.
 */
struct elfld_arch_lazy {
    uintptr_t reserved;
};

/* Thread-local storage (src/core/arch.h): variant I: tp points just past the TCB; DTP-relative offsets are biased by 0x800 (RISC-V ELF psABI, "Thread Local Storage"). */
#define ELFLD_ARCH_DTV_OFFSET 0x800
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer); not in the
 * fuzz harnesses, which build this backend's tables for another host. */
#ifndef ELFLD_FOREIGN_TABLES
#define ELFLD_ARCH_READ_TP(tp_) __asm__("mv %0, tp" : "=r"(tp_))
#endif
/* Code a TLS descriptor resolver runs between its own register saves. */
#define ELFLD_ARCH_GENERAL_REGS_ONLY

#endif
