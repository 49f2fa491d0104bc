/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* vector_state.h - how much vector state the x86_64 trampolines save (lazy.c). */
#ifndef ELFLD_ARCH_X86_64_VECTOR_STATE_H
#define ELFLD_ARCH_X86_64_VECTOR_STATE_H

#include "arch_defs.h"

/* Fill st with the XSAVE size and mask the OS enabled (0: FXSAVE).  Used by the lazy-binding
 * trampoline and the dynamic TLS descriptor resolver (lazy.S, tls.S). */
__attribute__((visibility("hidden"))) void
elfld__x86_64_probe_vector_state(struct elfld_arch_lazy *st);

#endif
