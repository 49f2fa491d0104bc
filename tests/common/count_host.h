/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * count_host.h - a test host that wraps the POSIX host and keeps books.
 *
 * Every test builds its context on this host so it can prove the design's "all or nothing"
 * and "no leaks" rules: each reservation, metadata allocation and open blob is tracked (address
 * and size), frees are checked against what was handed out (right size, no double free, no
 * unknown pointer), and the live counts must return to zero after a failed load and after
 * elfld_ctx_destroy().  It can also make the n-th fallible host call fail (fault injection) and
 * replace the lazy_fail hook.
 */
#ifndef ELFLD_TEST_COUNT_HOST_H
#define ELFLD_TEST_COUNT_HOST_H

#include <stddef.h>

#include "elfld.h"

/* The fallible hooks, for fault injection. */
enum count_hook {
    CH_HOOK_NONE, CH_HOOK_RESERVE, CH_HOOK_ALLOC, CH_HOOK_OPEN, CH_HOOK_PROTECT,
    CH_HOOK_READ_SOURCE, CH_HOOK_RESERVE_SOURCE, CH_HOOK_MAP_ZERO, CH_HOOK_RESERVE_WITHIN,
};

struct count_entry {
    void *addr;
    size_t size;
    void *inner;                    /* allocs: what the inner host returned (see ch_alloc) */
};

struct count_table {
    struct count_entry *v;
    size_t n, cap;
};

struct count_host {
    struct elfld_host inner;        /* the POSIX host being wrapped (inner.user is its user) */

    /* live state */
    struct count_table reserves;    /* reserve() regions not yet unreserved */
    struct count_table allocs;      /* alloc() blocks not yet freed */
    struct count_table blobs;       /* open() blobs not yet closed (addr = blob data) */
    size_t reserved_bytes, alloc_bytes;

    /* cumulative */
    long n_reserve, n_alloc, n_open, n_protect, n_resolve, n_lazy_fail, n_log, n_system_images;
    long n_read_source, n_reserve_source, n_map_zero, n_reserve_within;
    long errors;                    /* bad frees / unreserves / closes; must stay 0 */
    char first_error[256];

    /* fault injection: the fail_at-th fallible call (reserve, alloc, open, protect,
     * read_source (ELFLD_EIO), reserve_source, map_zero, reserve_within (ELFLD_EPLACE);
     * counted from 1 after arming) fails;
     * 0 = never */
    long fail_at;
    long fallible_calls;
    long injected;                  /* how many failures were injected */
    int injected_hook;              /* enum count_hook of the last injected failure */

    /* lazy_fail replacement (NULL: pass to the inner hook, which the POSIX host may lack) */
    void *(*lazy_fail)(void *cookie, struct elfld_lib *lib, const char *name);
    void *lazy_fail_cookie;

    /* last log message at WARN or worse, for failure messages */
    char last_log[256];
    int verbose;                    /* ELFLD_TEST_VERBOSE set: print every log line */
    int allow_wx;                   /* the test loads with ELFLD_ALLOW_WX: W+X is no error */
};

/*
 * Fill `host` with counting wrappers around elfld_posix_host(argc, argv, envp) and make
 * host->user point at `ch`.  `ch` must outlive every context created from `host`.
 */
void count_host_init(struct count_host *ch, struct elfld_host *host, int argc, char **argv,
                     char **envp);

/* The hook's name, and the code a load must return when that hook's injected failure is not
 * absorbed: what the count host returns for it (open ENOMEM, protect EPROTECT, read_source
 * EIO, map_zero ENOMEM), passed through, or, for the hooks that can only return NULL
 * (reserve, alloc, reserve_source), ELFLD_ENOMEM. */
const char *count_host_hook_name(int hook);
int count_host_fault_code(int hook);

/* Release the tracking tables (not the tracked resources). */
void count_host_fini(struct count_host *ch);

/* Number of live resources of every kind (reservations + allocations + blobs). */
size_t count_host_live(const struct count_host *ch);

/* cmocka assertions: nothing live and no bookkeeping error.  Prints what is left. */
void count_host_assert_clean(const struct count_host *ch);

/* cmocka assertion: no bookkeeping error (bad free etc.) so far. */
void count_host_assert_no_errors(const struct count_host *ch);

#endif /* ELFLD_TEST_COUNT_HOST_H */
