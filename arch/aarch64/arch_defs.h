/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - AArch64 (LP64) constants for the core (see src/core/arch.h). */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#include "reloc_types.h"

#define ELFLD_ELFCLASS 2          /* ELFCLASS64 (ILP32 "P32" objects are not supported) */
#define ELFLD_EM 183              /* EM_AARCH64 */
#define ELFLD_ARCH_NAME "aarch64"
#define ELFLD_ARCH_RELA 1         /* dynamic relocations carry explicit addends */

/* The slot of a dynamic relocation type in elfld_arch_relocs (src/core/arch.h).  The types
 * lie in four bands - NONE (0); the static data types a shared object may keep, 256-262 and
 * PLT32 (314); AUTH_ABS64 (580); the dynamic ones, COPY (1024) to AUTH_IRELATIVE (1044) - which
 * fold into slots 0-30.  Every other type folds past the table: unknown.  A constant
 * expression, so the table's initializers use it too. */
#define ELFLD_ARCH_RELOC_SLOT(type)                                                         \
    ((uint32_t)(type) == R_AARCH64_NONE ? 0u                                               \
     : (uint32_t)(type) - R_AARCH64_NONE_WITHDRAWN <= R_AARCH64_PREL16 - R_AARCH64_NONE_WITHDRAWN \
         ? (uint32_t)(type) - R_AARCH64_NONE_WITHDRAWN + 1u                                \
     : (uint32_t)(type) == R_AARCH64_PLT32      ? 8u                                       \
     : (uint32_t)(type) == R_AARCH64_AUTH_ABS64 ? 9u                                       \
     : (uint32_t)(type) - R_AARCH64_COPY <= R_AARCH64_AUTH_IRELATIVE - R_AARCH64_COPY       \
         ? (uint32_t)(type) - R_AARCH64_COPY + 10u                                         \
         : 0xffffffffu)

/*
 * Placed at offset 0 of every struct elfld_lib.  The AArch64 trampoline needs no per-library
 * data beyond the library pointer itself (the register state to save is fixed by AAPCS64 and
 * variant-PCS functions are bound eagerly, see lazy.c); one word is kept so the struct is
 * never empty.
 */
struct elfld_arch_lazy {
    uintptr_t reserved;
};

/* Thread-local storage (src/core/arch.h): variant I: TPIDR_EL0 points at the TCB (16 bytes),
 * the first module after it. */
#define ELFLD_ARCH_DTV_OFFSET 0
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer); not in the
 * fuzz harnesses, which build this backend's tables for another host. */
#ifndef ELFLD_FOREIGN_TABLES
#define ELFLD_ARCH_READ_TP(tp_) __asm__("mrs %0, tpidr_el0" : "=r"(tp_))
#endif
/*
 * Code the dynamic TLS descriptor resolver runs with every vector register live (tls.S saves
 * only integer registers around elfld__tls_desc_fast).  AAPCS64 code may use v0-v31 for
 * integer work (struct copies, inlined memcpy), so the compiler must be told: gcc spells it
 * target("general-regs-only"); clang ignores that name on AArch64 (a warning, and the function
 * then uses q registers for a struct copy), its spelling is target("+nofp"), which removes FP
 * and Advanced SIMD from the function.  gcc keeps its own name, which says exactly this.
 */
#if !defined(__aarch64__)
/* This backend's tables compiled for another host (the fuzz harnesses): no AArch64 code. */
#define ELFLD_ARCH_GENERAL_REGS_ONLY
#elif defined(__clang__)
#define ELFLD_ARCH_GENERAL_REGS_ONLY __attribute__((target("+nofp")))
#else
#define ELFLD_ARCH_GENERAL_REGS_ONLY __attribute__((target("general-regs-only")))
#endif

/*
 * Compare-and-swap with no library call (src/core/tls.c).  Compilers for AArch64 Linux turn
 * __atomic_compare_exchange_n into a call to __aarch64_cas*_* (outline atomics: LSE or LL/SC
 * chosen at run time); -mno-outline-atomics (meson.build) stops gcc, but zig cc adds the
 * feature back for every Linux target.  So the ARMv8.0 exclusive-access loop is written out
 * (strong: it retries when only the store-exclusive fails), acquire and release.  Only when
 * compiling for AArch64 (the fuzz harnesses build this backend's tables on x86_64).
 */
#if defined(__aarch64__)
#include <stdbool.h>
#define ELFLD_AARCH64_CAS(w_)                                                               \
    __asm__ volatile("1: ldaxr  %" w_ "0, [%2]\n"                                          \
                     "   cmp    %" w_ "0, %" w_ "3\n"                                      \
                     "   b.ne   2f\n"                                                       \
                     "   stlxr  %w1, %" w_ "4, [%2]\n"                                     \
                     "   cbnz   %w1, 1b\n"                                                  \
                     "   b      3f\n"                                                       \
                     "2: clrex\n"                                                           \
                     "3:"                                                                   \
                     : "=&r"(old), "=&r"(busy)                                              \
                     : "r"(p), "r"(expected), "r"(desired)                                  \
                     : "cc", "memory")
static inline bool elfld_aarch64_cas_u32(unsigned *p, unsigned expected, unsigned desired) {
    unsigned old, busy;
    ELFLD_AARCH64_CAS("w");
    return old == expected;
}
static inline bool elfld_aarch64_cas_ptr(void **p, void *expected, void *desired) {
    void *old;
    unsigned busy;
    ELFLD_AARCH64_CAS("");
    return old == expected;
}
#define ELFLD_ARCH_CAS_U32 elfld_aarch64_cas_u32
#define ELFLD_ARCH_CAS_PTR elfld_aarch64_cas_ptr
#endif

#endif
