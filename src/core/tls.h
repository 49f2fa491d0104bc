/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tls.h - thread-local storage of loaded images (tls.c): each image with a PT_TLS segment is
 * a module of its context; dynamic modules get a block per thread on that thread's first
 * access, static ones a range at a fixed offset from every thread's thread pointer.
 *
 * What a DTPMOD word holds is not a small number but the address of the module's struct
 * elfld_tls_module: __tls_get_addr and the descriptor resolvers, shared by every context,
 * find the context and the thread's blocks from it without any global state.
 */
#ifndef ELFLD_CORE_TLS_H
#define ELFLD_CORE_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elf.h"
#include "error.h"

/* The largest thread-local block and alignment the core accepts, from a PT_TLS or from an
 * object link's thread-local sections: each thread allocates the block on its first access.
 * 256 MiB (glibc has no limit; no real module comes near), aligned to at most 64 KiB (a page
 * of the largest common size). */
#define ELFLD_TLS_MAX_SIZE ((uintptr_t)1 << 28)
#define ELFLD_TLS_MAX_ALIGN ((uintptr_t)1 << 16)

#pragma GCC visibility push(hidden)   /* see util.h */

struct elfld_ctx;
struct elfld_lib;
struct elfld_plan;

/* One module.  Embedded in its library; id 0: the library has none. */
struct elfld_tls_module {
    uintptr_t id;                     /* index in each thread's block table, from 1 */
    uintptr_t gen;                    /* unique in the context: a reused id gets a new one */
    struct elfld_ctx *ctx;
    struct elfld_lib *lib;
    intptr_t entry_off;               /* thread pointer + this: the module's entry in the
                                         thread-pointer cache (tls.c), or the context's
                                         entry 0, never written, when it has none */
    intptr_t tp_offset;               /* static: block address - thread pointer */
    bool is_static;
    bool cached;                      /* dynamic, with an entry in the thread-pointer cache */
    uintptr_t image;                  /* run-time address of the initialisation image */
    size_t filesz, memsz, align;
};

/* The argument of __tls_get_addr (psABI tls_index): DTPMOD word, DTPOFF word. */
struct elfld_tls_index {
    uintptr_t module;
    uintptr_t offset;
};

/* The argument word of a dynamic TLS descriptor (one per TLSDESC record, owned by its
 * library): the module and the variable's offset in its block; when the module is cached
 * (tls.c: the thread-pointer cache), copies of what the cache lookup needs, so that a
 * resolver reads this struct and the cache only.  The assembly resolvers that read it
 * directly rely on its layout (asserted in tls.c). */
struct elfld_tls_desc_arg {
    const struct elfld_tls_module *module;
    uintptr_t offset;
    uintptr_t cached;                 /* nonzero: the module's cached and entry_off */
    intptr_t entry_off;
    uintptr_t gen;                    /* the module's generation */
};

/* Make lib's PT_TLS segment (plan) a module of its context: validate it, give it an id and,
 * for DF_STATIC_TLS images, a static range.  0 or ELFLD_ETLS / ELFLD_ENOMEM. */
int elfld__tls_attach(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan);
/* The image is relocated: copy a static module's image into the calling thread's block. */
void elfld__tls_ready(struct elfld_lib *lib);
/* The library goes: its id and static range are given back, the calling thread's block and
 * the descriptor arguments freed; other threads' blocks for it are freed when they next
 * need the id or exit. */
void elfld__tls_detach(struct elfld_lib *lib);
/* Everything the context's threads still hold (elfld_ctx_destroy). */
void elfld__tls_ctx_free(struct elfld_ctx *ctx);

/* A TLSDESC record's argument word for `offset` in module m (allocated with the library). */
struct elfld_tls_desc_arg *elfld__tls_desc_arg(struct elfld_err *e, struct elfld_lib *lib,
                                               const struct elfld_tls_module *m,
                                               uintptr_t offset);

/* The module holding `def`, the definition of a symbol named by a TLS relocation: a
 * thread-local symbol of a loaded library that has a module; else NULL and *why says what is
 * wrong. */
struct elfld_def;
const struct elfld_tls_module *elfld__tls_module_of(const struct elfld_def *def,
                                                    const char **why);

/* Offset from the thread pointer of `offset` in static module m. */
static inline uintptr_t elfld__tls_tpoff(const struct elfld_tls_module *m, uintptr_t offset) {
    return (uintptr_t)m->tp_offset + offset;
}

/* The two words of a TLS descriptor for `offset` in module m, in memory order: resolver,
 * argument (Arm, ELFLD_ARCH_TLSDESC_ARG_FIRST: argument, resolver); a dynamic one's argument
 * is allocated with lib.  0, ELFLD_ETLS (this backend has no resolver) or ELFLD_ENOMEM. */
int elfld__tls_desc_words(struct elfld_err *e, struct elfld_lib *lib,
                          const struct elfld_tls_module *m, uintptr_t offset, uintptr_t words[2]);

/* The calling thread's address of offset `offset` in module m's block (allocated on first
 * use; NULL when it cannot be: out of memory, no host hooks). */
void *elfld__tls_addr(const struct elfld_tls_module *m, uintptr_t offset);

/* libelfld's __tls_get_addr: block + ti->offset + ELFLD_ARCH_DTV_OFFSET. */
void *elfld__tls_get_addr(const struct elfld_tls_index *ti);
/* For the dynamic descriptor resolvers: the variable's address when the calling thread's
 * block exists (no allocation, no floating-point or vector register touched), else 0;
 * elfld__tls_desc_slow allocates it (the resolver saves all state around it). */
uintptr_t elfld__tls_desc_fast(const struct elfld_tls_desc_arg *a);
uintptr_t elfld__tls_desc_slow(const struct elfld_tls_desc_arg *a);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_TLS_H */
