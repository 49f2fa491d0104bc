/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_host.h - the host every fuzz harness drives libelfld through.
 *
 * It is the counting host of the test suite (tests/common/count_host.h) with three changes:
 *   - resolve() supplies a fixed, fake set of "system" symbols: every one resolves to the
 *     address of a dummy function that is never called (nothing a harness loads ever runs);
 *   - reserve() refuses regions larger than FUZZ_MAX_RESERVE (the core's own limit is 16 GiB:
 *     fine for a loader, too slow for a fuzzer), which the core must report as ELFLD_ENOMEM;
 *   - no log hook (speed).
 * fuzz_env_fini() destroys the context and aborts (a crash libFuzzer reports) when anything
 * is left behind: a reservation, an allocation, a blob, or a bookkeeping error of the count
 * host (bad free, W+X protect request, protect outside a reservation...).
 */
#ifndef ELFLD_FUZZ_HOST_H
#define ELFLD_FUZZ_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "count_host.h"
#include "elfld.h"

#define FUZZ_MAX_RESERVE ((size_t)64 << 20)

struct fuzz_env {
    struct count_host ch;
    struct elfld_host host;
    elfld_ctx *ctx;
    size_t live_empty;        /* live resources of the empty context (its own allocation) */
};

/* Create the host and a context; aborts on failure (the harness cannot continue). */
void fuzz_env_init(struct fuzz_env *env);

/* Abort unless the count host holds exactly what an empty context holds (after a failed
 * load: the all-or-nothing rule). */
void fuzz_env_check_empty(struct fuzz_env *env, const char *what);

/* Destroy the context and abort when anything remains. */
void fuzz_env_fini(struct fuzz_env *env);

/* With FUZZ_VERBOSE set in the environment: print a line on stderr (what a harness did with
 * an input: replaying seeds shows which of them load and link, and where the rest stop). */
void fuzz_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Abort with a message (a finding). */
void fuzz_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif /* ELFLD_FUZZ_HOST_H */
