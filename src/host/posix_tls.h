/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_tls.h - the POSIX host's thread-local storage hooks (posix_tls.c): pthread keys for
 * dynamic TLS, and a static TLS area in every thread for initial-exec modules.
 */
#ifndef ELFLD_POSIX_TLS_H
#define ELFLD_POSIX_TLS_H

#include "elfld.h"
#include "elfld/host.h"

#pragma GCC visibility push(hidden)
void elfld__px_tls_hooks(struct elfld_host *host);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_TLS_H */
