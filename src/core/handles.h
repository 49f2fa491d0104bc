/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * handles.h - checking the handles callers pass in (elfld_lib *, elfld_ctx *).
 *
 * Misuse that costs nothing to detect is always refused: a NULL handle gives ELFLD_EINVAL or
 * a NULL / zero result.  A handle used after it was released (a second elfld_release,
 * elfld_sym after the last release) or after its context was destroyed points at freed
 * memory; telling that apart costs a check and memory, so it is caught only in a build with
 * the meson option handle_checks (ELFLD_HANDLE_CHECKS).  There every library record and
 * context carries a magic word; releasing or destroying one poisons the word and keeps the
 * record (it is never given back to the host: a debugging build trades that memory for
 * certainty), so a later call finds the poison, logs the misuse through the host's log hook
 * and fails as it would for NULL, instead of reading freed memory.
 */
#ifndef ELFLD_CORE_HANDLES_H
#define ELFLD_CORE_HANDLES_H

#include <stdbool.h>
#include <stdint.h>

#define ELFLD_MAGIC_LIB  0x62696c65u   /* "elib" read little endian */
#define ELFLD_MAGIC_CTX  0x78746365u   /* "ectx" */
#define ELFLD_MAGIC_DEAD 0x64616564u   /* "dead": released or destroyed */

struct elfld_lib;
struct elfld_ctx;

#pragma GCC visibility push(hidden)   /* see util.h */

#ifdef ELFLD_HANDLE_CHECKS
/* Is lib (ctx) a live handle?  NULL: false, silently; poisoned: false, logged, naming `api`. */
bool elfld__lib_usable(const struct elfld_lib *lib, const char *api);
bool elfld__ctx_usable(const struct elfld_ctx *ctx, const char *api);
#define ELFLD_KEEP_RETIRED 1
#else
#define elfld__lib_usable(lib, api) ((void)(api), (lib) != NULL)
#define elfld__ctx_usable(ctx, api) ((void)(api), (ctx) != NULL)
#define ELFLD_KEEP_RETIRED 0
#endif

#pragma GCC visibility pop

#endif /* ELFLD_CORE_HANDLES_H */
