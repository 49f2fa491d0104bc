/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tls_desc.c - thread-local storage for a backend with TLS descriptor resolvers in its
 * tls.S (elfld__arch_tlsdesc_static / _dynamic, each per its psABI's descriptor calling
 * convention): __tls_get_addr, the entries arch_defs.h adds (ELFLD_ARCH_TLS_ENTRIES: i386's
 * ___tls_get_addr, Arm's __aeabi_read_tp), the resolvers and the thread pointer.
 */
#include "../../src/core/backend.h"

__attribute__((visibility("hidden"))) void elfld__arch_tlsdesc_static(void);
__attribute__((visibility("hidden"))) void elfld__arch_tlsdesc_dynamic(void);

const struct elfld_arch_tls_entry elfld_arch_tls_entries[] = {
    {"__tls_get_addr", (void (*)(void))elfld__tls_get_addr},
#ifdef ELFLD_ARCH_TLS_ENTRIES
    ELFLD_ARCH_TLS_ENTRIES
#endif
};
const uint32_t elfld_arch_tls_entry_count =
    sizeof elfld_arch_tls_entries / sizeof elfld_arch_tls_entries[0];

void (*const elfld_arch_tlsdesc_static)(void) = elfld__arch_tlsdesc_static;
void (*const elfld_arch_tlsdesc_dynamic)(void) = elfld__arch_tlsdesc_dynamic;

uintptr_t elfld_arch_thread_pointer(void) {
    uintptr_t tp;
    ELFLD_ARCH_READ_TP(tp);
    return tp;
}

void elfld_arch_tls_prepare(struct elfld_lib *lib) {
    (void)lib;
}
