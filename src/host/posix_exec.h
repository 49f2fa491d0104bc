/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_exec.h - the POSIX host's process_info, for programs it starts (posix_exec.c).
 */
#ifndef ELFLD_POSIX_EXEC_H
#define ELFLD_POSIX_EXEC_H

#include "elfld/host.h"

#pragma GCC visibility push(hidden)
void elfld__px_exec_hooks(struct elfld_host *host);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_EXEC_H */
