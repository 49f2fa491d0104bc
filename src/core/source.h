/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * source.h - reading a named source opened by the host (source.c).
 */
#ifndef ELFLD_CORE_SOURCE_H
#define ELFLD_CORE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elfld/host.h"
#include "error.h"
#include "parse.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* Bytes of an opened source through host->read_source (size 0: nothing); failures name the
 * source and give the host's code (ELFLD_EIO when it gave none). */
int elfld__source_read(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                       const char *name, uintptr_t offset, void *dst, size_t size);
/* The whole bytes of an opened source: its view, or a copy read into host->alloc memory
 * (*copy, released by elfld__source_release). */
int elfld__source_bytes(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                        const char *name, const void **data, void **copy);
void elfld__source_release(struct elfld_ctx *ctx, const struct elfld_blob *blob, void *copy);
/* Parse the headers of a source without a view, reading them through host->read_source. */
int elfld__source_parse(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                        const char *name, enum elfld_role role, struct elfld_plan *plan);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_SOURCE_H */
