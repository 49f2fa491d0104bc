/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * foreign_stubs.c - what a foreign backend's assembly and CPU probes provide on its own CPU,
 * for the fuzz harnesses that build that backend on x86_64 (tests/fuzz/meson.build).  The
 * lazy-binding entries are written into GOTs but never called (no loaded code runs); calling
 * one is a finding.
 */
#include "fuzz_host.h"
#include "arch_defs.h"
#include "core/arch.h"
#include "core/tls.h"

#define FOREIGN_ENTRY(name)                                                                \
    void name(void);                                                                       \
    void name(void) { fuzz_die(#name " called: loaded code was executed"); }

FOREIGN_ENTRY(elfld__aarch64_lazy_entry)
FOREIGN_ENTRY(elfld__arm_lazy_entry)
FOREIGN_ENTRY(elfld__i386_lazy_entry)
FOREIGN_ENTRY(elfld__loongarch64_lazy_entry)
FOREIGN_ENTRY(elfld__riscv_lazy_entry)

/* Starting a program jumps into it: never from a fuzz harness. */
void elfld_arch_start(uintptr_t entry, uintptr_t sp) {
    (void)entry, (void)sp;
    fuzz_die("elfld_arch_start called: a program was started");
}

#if ELFLD_EM == 3   /* EM_386: the FP state probe needs CPUID, which 64-bit code reaches
                       differently; an i386 CPU with XSAVE is what the probe usually finds */
void elfld__i386_probe_fp_state(struct elfld_arch_lazy *st);
void elfld__i386_probe_fp_state(struct elfld_arch_lazy *st)
{
    st->fp_mode = ELFLD_I386_FP_FXSAVE;
    st->fp_size = 512;
    st->xsave_mask_lo = st->xsave_mask_hi = 0;
}
#endif

/* Thread-local storage: the backend's tls.c (its thread pointer, its descriptor resolvers)
 * is the foreign CPU's; here the module machinery runs with this host thread's own thread
 * pointer - the POSIX host's static TLS area and thread-pointer cache are reached from it,
 * and elfld_sym of a thread-local symbol makes a block and writes the cache - and no
 * resolver (a TLSDESC record is refused); nothing calls the entries. */
#if !defined(__x86_64__)
#error "the foreign-arch harnesses are built for an x86_64 host"
#endif
uintptr_t elfld_arch_thread_pointer(void)
{
    uintptr_t tp;
    __asm__("movq %%fs:0, %0" : "=r"(tp));
    return tp;
}
const struct elfld_arch_tls_entry elfld_arch_tls_entries[] = {
    {"__tls_get_addr", (void (*)(void))elfld__tls_get_addr},
    {"___tls_get_addr", (void (*)(void))elfld__tls_get_addr},
};
const uint32_t elfld_arch_tls_entry_count = 2;
void (*const elfld_arch_tlsdesc_static)(void) = 0;
void (*const elfld_arch_tlsdesc_dynamic)(void) = 0;
void elfld_arch_tls_prepare(struct elfld_lib *lib)
{
    (void)lib;
}
