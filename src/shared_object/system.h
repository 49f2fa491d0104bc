/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * system.h - "the system": the host program's own images, read and indexed (system.c).
 */
#ifndef ELFLD_SO_SYSTEM_H
#define ELFLD_SO_SYSTEM_H

#include <stdbool.h>
#include <stdint.h>
#include "../core/ctx.h"
#include "../core/lib.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* (Re)index the host's images when their count changed.  Failures only disable the index. */
void elfld__system_refresh(struct elfld_ctx *ctx);
void elfld__system_free(struct elfld_ctx *ctx);

/* lib is about to be relocated: count the system lookups it will make, and index the
 * system's names once the lookups counted so far make the index pay (system.c).  Failures
 * only leave it unbuilt. */
void elfld__system_expect(struct elfld_ctx *ctx, const struct elfld_lib *lib);

/*
 * For a library with a GNU hash table: set byte i - gnu_symoffset of `own` (nsyms -
 * gnu_symoffset bytes) to 0 for each of its hashed definitions whose name the system may
 * define too, leaving the others as they are: those are certainly not preempted.  false
 * (nothing done) when that would cost more than settling definitions one by one as
 * relocations meet them (no name set yet, and lib's names far fewer than the system's).
 */
bool elfld__mark_system_names(const struct elfld_lib *lib, uint8_t *own);
/*
 * The same for a library with only a SysV hash table, for its symbols from `first` on (byte
 * i - first of `own`), when the system's names are few next to lib's (under a quarter) and
 * all of them can be listed: each is looked up by name in lib's table.  false (nothing
 * done) otherwise: the caller settles definitions one by one as relocations meet them.
 */
bool elfld__mark_system_names_sysv(const struct elfld_lib *lib, uint32_t first, uint8_t *own);

#pragma GCC visibility pop

#endif /* ELFLD_SO_SYSTEM_H */
