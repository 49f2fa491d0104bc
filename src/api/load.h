/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * load.h - the steps of a load that deps.c reuses for each dependency (load.c).
 */
#ifndef ELFLD_API_LOAD_H
#define ELFLD_API_LOAD_H

#include "../core/error.h"
#include "../core/lib.h"
#include "../core/parse.h"

#pragma GCC visibility push(hidden)   /* see util.h */

void elfld__diag_clear(struct elfld_diag *d);
/* The caller's options, of whatever struct_size, as a full struct (missing fields zero). */
void elfld__opts_copy(const struct elfld_opts *opts, struct elfld_opts *out);
/* Open an image from bytes, or from an opened source without a view (data NULL): parse,
 * map, read the dynamic section.  The library joins the context in the opened state with one
 * reference. */
int elfld__open_bytes(struct elfld_ctx *ctx, const void *data, size_t size, const char *name,
                      const struct elfld_blob *blob, const struct elfld_opts *o,
                      struct elfld_err *e, elfld_lib **out);
/* Open a program to start, or its interpreter (ELFLD_ROLE_PROGRAM), by path (buf NULL) or
 * from memory: parse and map, nothing read or relocated.  `plan` receives what its headers
 * say.  The image joins the context in the opened state with one reference. */
int elfld__open_program(struct elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                        const struct elfld_opts *o, struct elfld_err *e, struct elfld_plan *plan,
                        elfld_lib **out);
/* Unmap a group whose link failed, drop its references, leave it FAILED for the caller. */
void elfld__fail_group(struct elfld_lib *const *libs, size_t n);
/* Relocate and protect a link group; READY afterwards, constructors not run.  On failure the
 * members are left FAILED (unmapped, their references dropped). */
int elfld__link_relocate(struct elfld_ctx *ctx, struct elfld_lib *const *libs, size_t n,
                         struct elfld_err *e);

#pragma GCC visibility pop

#endif /* ELFLD_API_LOAD_H */
