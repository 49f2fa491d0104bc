/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 thread-local storage: the entry loaded code calls for general- and local-dynamic
 * accesses, and the TLS descriptor resolvers (tls.S) for -mtls-dialect=gnu2 code.
 */
#include "../../src/core/backend.h"
#include "vector_state.h"

__attribute__((visibility("hidden"))) void elfld__x86_64_tlsdesc_static(void);
__attribute__((visibility("hidden"))) void elfld__x86_64_tlsdesc_dynamic(void);
__attribute__((visibility("hidden"))) void elfld__x86_64_tls_get_addr_cached(void);
__attribute__((visibility("hidden"))) void elfld__x86_64_tlsdesc_cached(void);

const struct elfld_arch_tls_entry elfld_arch_tls_entries[] = {
    {"__tls_get_addr", (void (*)(void))elfld__tls_get_addr},
};
const uint32_t elfld_arch_tls_entry_count =
    sizeof elfld_arch_tls_entries / sizeof elfld_arch_tls_entries[0];

void (*const elfld_arch_tlsdesc_static)(void) = elfld__x86_64_tlsdesc_static;
void (*const elfld_arch_tlsdesc_dynamic)(void) = elfld__x86_64_tlsdesc_dynamic;
void (*const elfld_arch_tls_get_addr_cached)(void) = elfld__x86_64_tls_get_addr_cached;
void (*const elfld_arch_tlsdesc_cached)(void) = elfld__x86_64_tlsdesc_cached;

/* The dynamic resolver saves the vector state around an allocation as the lazy trampoline
 * does: it reads the size and mask at offset 0 of the library (tls.S). */
uintptr_t elfld_arch_thread_pointer(void) {
    uintptr_t tp;
    ELFLD_ARCH_READ_TP(tp);
    return tp;
}

void elfld_arch_tls_prepare(struct elfld_lib *lib) {
    elfld__arch_lazy_probe_once(lib, elfld__x86_64_probe_vector_state);
}
