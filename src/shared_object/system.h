/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * system.h - "the system": the host program's own images, read and indexed (system.c).
 */
#ifndef ELFLD_SO_SYSTEM_H
#define ELFLD_SO_SYSTEM_H

#include "../core/ctx.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* (Re)index the host's images when their count changed.  Failures only disable the index. */
void elfld__system_refresh(struct elfld_ctx *ctx);
void elfld__system_free(struct elfld_ctx *ctx);

#pragma GCC visibility pop

#endif /* ELFLD_SO_SYSTEM_H */
