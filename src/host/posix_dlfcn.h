/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_dlfcn.h - the dlfcn functions loaded code gets from the POSIX host (posix_dlfcn.c).
 */
#ifndef ELFLD_POSIX_DLFCN_H
#define ELFLD_POSIX_DLFCN_H

#include "elfld/host.h"

#pragma GCC visibility push(hidden)
void elfld__px_dlfcn_hooks(struct elfld_host *host);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_DLFCN_H */
