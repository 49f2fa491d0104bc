/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_tools.h - the POSIX host's image_ready / image_going (posix_tools.c).
 */
#ifndef ELFLD_POSIX_TOOLS_H
#define ELFLD_POSIX_TOOLS_H

#include "elfld/host.h"

#pragma GCC visibility push(hidden)
void elfld__px_tools_hooks(struct elfld_host *host);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_TOOLS_H */
