/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 thread-local storage: the entries loaded code calls for general- and local-dynamic
 * accesses (__tls_get_addr, ___tls_get_addr), and the TLS descriptor resolvers (tls.S) for
 * -mtls-dialect=gnu2 code.
 */
#include <stddef.h>
#include "../../src/core/backend.h"
#include "../../src/core/tls.h"
#include "fp_state.h"

__attribute__((visibility("hidden"))) void elfld__i386_tlsdesc_static(void);
__attribute__((visibility("hidden"))) void elfld__i386_tlsdesc_dynamic(void);

const struct elfld_arch_tls_entry elfld_arch_tls_entries[] = {
    {"__tls_get_addr", (void (*)(void))elfld__tls_get_addr},
    ELFLD_ARCH_TLS_ENTRIES
};
const uint32_t elfld_arch_tls_entry_count =
    sizeof elfld_arch_tls_entries / sizeof elfld_arch_tls_entries[0];

void (*const elfld_arch_tlsdesc_static)(void) = elfld__i386_tlsdesc_static;
void (*const elfld_arch_tlsdesc_dynamic)(void) = elfld__i386_tlsdesc_dynamic;

/* tls.S reads the module's library at offset 12 and the FP state probe at offset 0 of it. */
_Static_assert(offsetof(struct elfld_tls_module, lib) == 12, "tls.S: module->lib at 12");
_Static_assert(offsetof(struct elfld_lib, arch_lazy) == 0, "tls.S: the FP probe at 0");

uintptr_t elfld_arch_thread_pointer(void) {
    uintptr_t tp;
    ELFLD_ARCH_READ_TP(tp);
    return tp;
}

/* The dynamic resolver saves the FP/vector state around an allocation as the lazy
 * trampoline does, with the mode, size and mask probed here. */
void elfld_arch_tls_prepare(struct elfld_lib *lib) {
    elfld__arch_lazy_probe_once(lib, elfld__i386_probe_fp_state);
}
