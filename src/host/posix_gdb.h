/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_gdb.h - loaded code made visible to gdb (posix_gdb.c).
 */
#ifndef ELFLD_POSIX_GDB_H
#define ELFLD_POSIX_GDB_H

#include <stdbool.h>
#include "elfld/host.h"

#pragma GCC visibility push(hidden)
/* Called by the POSIX host's image_ready / image_going (posix_tools.c). */
/* untraced: write memory images for gdb even when no debugger is seen attached */
void elfld__px_gdb_ready(const struct elfld_image_info *info, bool untraced);
void elfld__px_gdb_going(const struct elfld_image_info *info);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_GDB_H */
