/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 thread-local storage: the entry loaded code calls for traditional general- and
 * local-dynamic accesses (-mtls-dialect=trad), and the TLS descriptor resolvers (tls.S) for
 * the descriptor sequences gcc and clang emit by default.
 */
#include "../../src/core/backend.h"

__attribute__((visibility("hidden"))) void elfld__aarch64_tlsdesc_static(void);
__attribute__((visibility("hidden"))) void elfld__aarch64_tlsdesc_dynamic(void);

const struct elfld_arch_tls_entry elfld_arch_tls_entries[] = {
    {"__tls_get_addr", (void (*)(void))elfld__tls_get_addr},
};
const uint32_t elfld_arch_tls_entry_count =
    sizeof elfld_arch_tls_entries / sizeof elfld_arch_tls_entries[0];

void (*const elfld_arch_tlsdesc_static)(void) = elfld__aarch64_tlsdesc_static;
void (*const elfld_arch_tlsdesc_dynamic)(void) = elfld__aarch64_tlsdesc_dynamic;

uintptr_t elfld_arch_thread_pointer(void) {
    uintptr_t tp;
    ELFLD_ARCH_READ_TP(tp);
    return tp;
}

/* Nothing to probe: the state the dynamic resolver saves (x1-x18, q0-q31, FPSR, FPCR) is
 * fixed by the architecture. */
void elfld_arch_tls_prepare(struct elfld_lib *lib) {
    (void)lib;
}
