/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* The GNU ___tls_get_addr, which takes its tls_index in %eax (the Sun-style __tls_get_addr
 * takes it on the stack: the core's elfld__tls_get_addr). */
#include "../../src/core/backend.h"

__attribute__((regparm(1))) void *elfld__i386_tls_get_addr_gnu(const struct elfld_tls_index *ti) {
    return elfld__tls_get_addr(ti);
}
