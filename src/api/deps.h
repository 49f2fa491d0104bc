/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * deps.h - loading a library's DT_NEEDED tree (deps.c).
 */
#ifndef ELFLD_API_DEPS_H
#define ELFLD_API_DEPS_H

#include "../core/error.h"
#include "../core/lib.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* Remember the source an image was opened from: its name ($ORIGIN, identity; the library's
 * own name when `named_path`, i.e. no opts.name replaced it) and, with
 * `identify` and when the host tells, its identity (asked for dependencies only: a load the
 * caller names pays no extra system call for it).  Returns 0 or ELFLD_ENOMEM. */
int elfld__note_source(struct elfld_lib *lib, const char *path, const struct elfld_blob *blob,
                       bool named_path, bool identify);

/* Load the dependencies of `root` (opened, not linked), link the whole tree and run its
 * constructors.  On failure every library this call loaded is gone again and `root` is left
 * for the caller to release. */
int elfld__load_tree(struct elfld_err *e, struct elfld_lib *root, const struct elfld_opts *o);

/* The options a dependency of a load with options `o` is opened with: its ELFLD_NOW and
 * ELFLD_GLOBAL, its pre_find / post_find and diagnostic; nothing else. */
void elfld__dependency_opts(const struct elfld_opts *o, struct elfld_opts *out);

/* Whether linking `lib` loads dependencies: it names some, not yet resolved, and was not
 * opened with ELFLD_NO_DEPS. */
bool elfld__needs_loading(const struct elfld_lib *lib);

/* elfld_link of a group whose members name dependencies: their trees are loaded, each
 * relocated before what needs it, the members as one group (with any library in a cycle
 * with them), constructors dependencies first and the members in the caller's order.  On
 * failure everything the call loaded is gone and the members are left failed. */
int elfld__link_group_tree(struct elfld_err *e, struct elfld_lib *const *members, size_t n);

/* Give an image being opened (objects) these linked libraries as its dependencies: each gets
 * a reference, and they and their dependencies become its local scope. */
int elfld__attach_libraries(struct elfld_err *e, struct elfld_lib *lib,
                            struct elfld_lib *const *libs, size_t n);

/* Load `name` as if `needer` (NULL: no library) listed it in DT_NEEDED, with its tree:
 * *out gets a reference on it, or NULL when the system provides it. */
int elfld__load_needed(struct elfld_err *e, struct elfld_ctx *ctx, struct elfld_lib *needer,
                       const char *name, const struct elfld_opts *o, struct elfld_lib **out);

#pragma GCC visibility pop

#endif /* ELFLD_API_DEPS_H */
