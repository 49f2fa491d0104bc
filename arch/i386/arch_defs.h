/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - i386 constants for the core (see src/core/arch.h). */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 1          /* ELFCLASS32 */
#define ELFLD_EM 3                /* EM_386 */
#define ELFLD_ARCH_NAME "i386"
#define ELFLD_ARCH_RELA 0         /* dynamic relocations are REL: addends live in the place */

/* How lazy.S saves the floating-point / vector state (ELFLD_I386_FP_*). */
#define ELFLD_I386_FP_FNSAVE 0    /* no FXSR: x87/MMX only, FNSAVE (108 bytes) */
#define ELFLD_I386_FP_FXSAVE 1    /* FXSAVE: x87/MMX + xmm0-7 (512 bytes) */
#define ELFLD_I386_FP_XSAVE 2     /* XSAVE of every component the OS enabled */

/*
 * Read by lazy.S at offset 0 of the library pointer stored in GOT[1]; keep the layout in sync
 * with the offsets there.
 */
struct elfld_arch_lazy {
    uint32_t fp_mode;             /* 0: ELFLD_I386_FP_* */
    uint32_t fp_size;             /* 4: bytes of the save area, a multiple of 64 */
    uint32_t xsave_mask_lo;       /* 8: XCR0 components to save (EAX of XSAVE) */
    uint32_t xsave_mask_hi;       /* 12: (EDX of XSAVE) */
};

/* Thread-local storage (src/core/arch.h): variant II; %gs:0 holds the thread pointer itself (the TCB's self pointer). */
#define ELFLD_ARCH_DTV_OFFSET 0
/* Reads the thread pointer into tp_ (the backend's elfld_arch_thread_pointer); not in the
 * fuzz harnesses, which build this backend's tables for another host. */
#ifndef ELFLD_FOREIGN_TABLES
#define ELFLD_ARCH_READ_TP(tp_) __asm__("movl %%gs:0, %0" : "=r"(tp_))
#endif
/* Code a TLS descriptor resolver runs between its own register saves (tls.S): no x87/SSE. */
#define ELFLD_ARCH_GENERAL_REGS_ONLY __attribute__((target("general-regs-only")))

/* Entries bound for loaded code besides __tls_get_addr (tls_get_addr.c). */
struct elfld_tls_index;
__attribute__((visibility("hidden"), regparm(1))) void *
elfld__i386_tls_get_addr_gnu(const struct elfld_tls_index *ti);
#define ELFLD_ARCH_TLS_ENTRIES {"___tls_get_addr", (void (*)(void))elfld__i386_tls_get_addr_gnu},

#endif
