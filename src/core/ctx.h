/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * ctx.h - the context: the host's hooks, every library loaded through it, and its index of
 * "the system" (built by shared_object/system.c, searched by sym.c).  Created and destroyed
 * in api/ctx.c; its library list is kept by lib.c.
 */
#ifndef ELFLD_CORE_CTX_H
#define ELFLD_CORE_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elfld/host.h"
#include "arch_defs.h"

#pragma GCC visibility push(hidden)   /* see util.h */

#define ELFLD_MAX_INTERCEPTS 64           /* host->intercept_names the core takes */

struct elfld_ctx {
    struct elfld_host host;
    uint32_t magic;                   /* ELFLD_MAGIC_CTX, poisoned when destroyed (handles.h) */
    size_t page_size;
    struct elfld_lib *first, *last;   /* every library, in load order */
    unsigned nglobal;                 /* how many of them carry ELFLD_GLOBAL */
    unsigned long init_seq;           /* libraries whose constructors ran (lib.c) */
    bool trace;                       /* the host's log wants ELFLD_LOG_TRACE lines */
    /* host->intercept_names, hashed when the context was created (sym.c asks first) */
    uint32_t intercept_hash[ELFLD_MAX_INTERCEPTS];
    unsigned nintercept;

    /* "the system": the host program's own images (host->system_images), searched through
     * their hash tables, with one set of all their name hashes (system.c) */
    struct elfld_lib **sys;
    size_t nsys, sys_listed;          /* images indexed; count the host reported */
    unsigned long long sys_generation;  /* host->system_generation() when they were read */
    bool sys_read;                    /* ... and they were (sys_generation is meaningful) */
    bool sys_indexed;                 /* the index stands in for host->resolve as the system */
    bool sys_complete;                /* ... and holds every image the host listed */
    uint32_t *sys_names;              /* set of the system's name hashes: see below */
    uint32_t *sys_first;              /* per slot: image << 24 | symbol first defining it */
    unsigned sys_names_log2;          /* 1 << log2 slots */
    size_t sys_lookups;               /* system lookups the loads so far expected (system.c) */

    /* thread-local storage (tls.c) */
    struct elfld_tls_module **tls_mods;   /* by module id; [0] unused; NULL: free id */
    size_t tls_cap;
    size_t tls_nmods;                 /* modules in tls_mods */
    uintptr_t tls_gen;                /* last module generation handed out */
    uintptr_t tls_key;                /* host->tls_key_create's key, when tls_key_made */
    bool tls_key_made;
    bool tls_cached;                  /* host->tls_cache_reserve gave tls_cache_off */
    intptr_t tls_cache_off;           /* thread pointer + this: struct elfld_tls_cache */
    struct elfld_tls_thread *tls_threads; /* every thread's blocks (pushed atomically) */
    /* the CPU state the arch's lazy and TLS trampolines save, probed once for the context
     * (elfld__arch_lazy_probe_once) */
    struct elfld_arch_lazy arch_lazy;
    bool arch_lazy_probed;
};

#pragma GCC visibility pop

#endif /* ELFLD_CORE_CTX_H */
