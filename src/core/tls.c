/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tls.c - thread-local storage: modules, each thread's blocks, __tls_get_addr, the C halves
 * of the descriptor resolvers, static blocks.
 *
 * Dynamic modules.  A thread's blocks for one context hang off a struct elfld_tls_thread,
 * which the host keeps per thread under the context's key (host->tls_get / tls_set) and
 * whose destructor frees them at thread exit.  Its table is indexed by module id; an entry
 * is valid when its generation is the module's, so an id given back by an unloaded library
 * and reused by another never shows the old block (the stale block is freed then).  The
 * context lists every thread's struct, so destroying it frees them all; the list only grows
 * by an atomic push from the thread itself, and a thread that exits leaves its (emptied)
 * struct for the next new thread to claim, so the list is as long as the most threads that
 * ever used TLS at once.  Accesses read the module and the thread's own struct only: they
 * may run in any number of threads, under the same rule as lazy binding (elfld.h).
 *
 * The thread-pointer cache.  When the host gives one (tls_cache_reserve), each thread also
 * keeps, at a fixed offset from its thread pointer, an entry {block, generation} for each of
 * the context's first CACHE_MODULES module ids (struct elfld_tls_cache_entry), so an access
 * is a compare and a load from the thread pointer - fewer steps than glibc's DTV - and
 * tls_get is asked on a miss only.  Entry 0 is never written: modules without an entry
 * (static ones, ids beyond the cache) point there and always miss.  An entry is a copy of
 * the thread's table, written by the thread itself when it finds or makes a block; a stale
 * one (its module unloaded, the id reused) differs in generation, and generations are never
 * reused in a context.  The entries are zeroed when the table goes (thread exit, the
 * context's last module, the context), so a range the host hands out again reads zero.
 *
 * Static modules (DF_STATIC_TLS: initial-exec code reads them at a fixed offset from the
 * thread pointer) take a range from the host (tls_static_reserve); the host states what
 * other threads see there, and a module whose image those threads would not get is refused.
 */
#include "tls.h"
#include "arch.h"
#include "lib.h"
#include "map.h"
#include "parse.h"
#include "sym.h"
#include "util.h"

/* One block of one thread. */
struct elfld_tls_slot {
    unsigned char *block;             /* aligned start; NULL: none */
    void *raw;                        /* what host->alloc returned */
    size_t raw_size;
    uintptr_t gen;                    /* module generation it was made for */
};

enum { THREAD_LIVE = 1, THREAD_EXITED = 2 };

struct elfld_tls_thread {
    struct elfld_tls_thread *next;    /* context's list; never unlinked before destroy */
    struct elfld_ctx *ctx;
    uintptr_t tp;                     /* its thread's thread pointer (the cache's base) */
    unsigned state;                   /* THREAD_*, changed atomically */
    bool exit_deferred;               /* its destructor ran once and asked for another round */
    size_t cap;                       /* entries in slots (index = module id) */
    struct elfld_tls_slot *slots;
};

/* One module's entry in the thread-pointer cache: its block in this thread, valid when gen
 * is the module's (never 0). */
struct elfld_tls_cache_entry {
    unsigned char *block;
    uintptr_t gen;
};
/* Entries per context: 0 (never written) and module ids 1 .. CACHE_MODULES. */
#define CACHE_MODULES 15u
#define CACHE_BYTES ((CACHE_MODULES + 1) * sizeof(struct elfld_tls_cache_entry))
#define CACHE_WORDS (CACHE_BYTES / sizeof(void *))

/* A library's descriptor arguments, in chunks that never move. */
#define DESC_CHUNK 31
struct elfld_tls_desc_chunk {
    struct elfld_tls_desc_chunk *next;
    size_t used;
    struct elfld_tls_desc_arg a[DESC_CHUNK];
};

/* Blocks of `align` above what host->alloc guarantees get extra bytes to align within. */
#define ALLOC_ALIGN 16u

/* ------------------------------------------------------------------ helpers */

static bool image_is_zero(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void fill_block(unsigned char *dst, const struct elfld_tls_module *m) {
    __builtin_memcpy(dst, (const void *)m->image, m->filesz);
    __builtin_memset(dst + m->filesz, 0, m->memsz - m->filesz);
}

static void free_slot(struct elfld_ctx *ctx, struct elfld_tls_slot *s) {
    if (s->raw)
        ctx->host.free(ctx->host.user, s->raw, s->raw_size);
    s->block = NULL;
    s->raw = NULL;
    s->raw_size = 0;
    s->gen = 0;
}

static void empty_thread(struct elfld_tls_thread *t) {
    struct elfld_ctx *ctx = t->ctx;
    for (size_t i = 0; i < t->cap; i++)
        free_slot(ctx, &t->slots[i]);
    if (t->slots)
        ctx->host.free(ctx->host.user, t->slots, t->cap * sizeof *t->slots);
    t->slots = NULL;
    t->cap = 0;
}

/* t's thread's cache entries read zero again (by that thread, or once it cannot run loaded
 * code of the context). */
static void forget_cached(struct elfld_tls_thread *t) {
    if (t->ctx->tls_cached)
        __builtin_memset((void *)(t->tp + (uintptr_t)t->ctx->tls_cache_off), 0, CACHE_BYTES);
}

/* The calling thread found or made block b of cached module m: its entry says so. */
ELFLD_ARCH_GENERAL_REGS_ONLY
static inline void remember(const struct elfld_tls_module *m, unsigned char *b) {
    struct elfld_tls_cache_entry *c =
        (struct elfld_tls_cache_entry *)(elfld__thread_pointer() + (uintptr_t)m->entry_off);
    c->block = b;
    c->gen = m->gen;
}

/* host->tls_key_create's destructor: the thread exits.  Other keys' destructors may run
 * after this one and still use thread-local variables of loaded code (a C++ runtime without
 * __cxa_thread_atexit_impl runs thread_local destructors from its own key's destructor, and
 * pthread orders a round by key).  Where the host repeats destructors whose value was set
 * again, the blocks live on for one more round, as the system loader keeps a thread's TLS
 * until every key destructor has run. */
static void thread_exit(void *value) {
    struct elfld_tls_thread *t = value;
    struct elfld_host *h = &t->ctx->host;
    if ((h->flags & ELFLD_HOST_TLS_DESTRUCTOR_ROUNDS) && !t->exit_deferred) {
        t->exit_deferred = true;
        if (h->tls_set(h->user, t->ctx->tls_key, t) == 0)
            return;
    }
    t->exit_deferred = false;
    forget_cached(t);
    empty_thread(t);
    __atomic_store_n(&t->state, THREAD_EXITED, __ATOMIC_RELEASE);
}

static bool has_key_hooks(const struct elfld_ctx *ctx) {
    const struct elfld_host *h = &ctx->host;
    return h->tls_key_create && h->tls_key_delete && h->tls_get && h->tls_set;
}

/* Compare-and-swap with no library call: the backend's (arch_defs.h ELFLD_ARCH_CAS_U32 /
 * ELFLD_ARCH_CAS_PTR, where the compiler would call a runtime helper), else the builtin. */
static bool cas_state_acq_rel(unsigned *p, unsigned expected, unsigned desired) {
#ifdef ELFLD_ARCH_CAS_U32
    return ELFLD_ARCH_CAS_U32(p, expected, desired);
#else
    return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_RELAXED);
#endif
}

static bool cas_list_release(struct elfld_tls_thread **p, struct elfld_tls_thread *expected,
                             struct elfld_tls_thread *desired) {
#ifdef ELFLD_ARCH_CAS_PTR
    return ELFLD_ARCH_CAS_PTR((void **)p, expected, desired);
#else
    return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_RELEASE,
                                       __ATOMIC_RELAXED);
#endif
}

/* The calling thread's struct, claimed or made and given to the host on first use. */
static struct elfld_tls_thread *this_thread(struct elfld_ctx *ctx) {
    struct elfld_host *h = &ctx->host;
    struct elfld_tls_thread *t = h->tls_get(h->user, ctx->tls_key);
    if (t)
        return t;
    for (t = __atomic_load_n(&ctx->tls_threads, __ATOMIC_ACQUIRE); t; t = t->next) {
        if (cas_state_acq_rel(&t->state, THREAD_EXITED, THREAD_LIVE))
            break;
    }
    if (!t) {
        t = h->alloc(h->user, sizeof *t);
        if (!t)
            return NULL;
        __builtin_memset(t, 0, sizeof *t);
        t->ctx = ctx;
        t->state = THREAD_LIVE;
        do
            t->next = __atomic_load_n(&ctx->tls_threads, __ATOMIC_RELAXED);
        while (!cas_list_release(&ctx->tls_threads, t->next, t));
    }
    if (h->tls_set(h->user, ctx->tls_key, t)) {
        __atomic_store_n(&t->state, THREAD_EXITED, __ATOMIC_RELEASE);
        return NULL;
    }
    t->tp = elfld_arch_thread_pointer();
    return t;
}

/* The calling thread's block of dynamic module m, made when missing or stale; NULL without
 * memory. */
static unsigned char *make_block(const struct elfld_tls_module *m) {
    struct elfld_ctx *ctx = m->ctx;
    struct elfld_tls_thread *t = this_thread(ctx);
    if (!t)
        return NULL;
    if (m->id >= t->cap) {
        size_t cap = t->cap ? t->cap : 4;
        while (cap <= m->id)
            cap *= 2;
        struct elfld_tls_slot *s = ctx->host.alloc(ctx->host.user, cap * sizeof *s);
        if (!s)
            return NULL;
        __builtin_memset(s, 0, cap * sizeof *s);
        if (t->slots) {
            __builtin_memcpy(s, t->slots, t->cap * sizeof *s);
            ctx->host.free(ctx->host.user, t->slots, t->cap * sizeof *t->slots);
        }
        t->slots = s;
        t->cap = cap;
    }
    struct elfld_tls_slot *s = &t->slots[m->id];
    free_slot(ctx, s);                /* a stale block of an id reused since */
    size_t extra = m->align > ALLOC_ALIGN ? m->align - ALLOC_ALIGN : 0;
    size_t size = (m->memsz ? m->memsz : 1) + extra;
    void *raw = ctx->host.alloc(ctx->host.user, size);
    if (!raw)
        return NULL;
    uintptr_t at = ((uintptr_t)raw + m->align - 1) & ~(uintptr_t)(m->align - 1);
    s->raw = raw;
    s->raw_size = size;
    s->block = (unsigned char *)at;
    s->gen = m->gen;
    fill_block(s->block, m);
    if (m->cached)
        remember(m, s->block);
    return s->block;
}

/* The calling thread's valid block of dynamic module m, or NULL, as the host keeps it (no
 * thread-pointer cache, or a miss there); touches only integer registers (the descriptor
 * resolvers call it with the others live). */
ELFLD_ARCH_GENERAL_REGS_ONLY
static inline unsigned char *existing_block(const struct elfld_tls_module *m) {
    struct elfld_ctx *ctx = m->ctx;
    if (!ctx->tls_key_made)
        return NULL;
    const struct elfld_tls_thread *t = ctx->host.tls_get(ctx->host.user, ctx->tls_key);
    if (!t || m->id >= t->cap || t->slots[m->id].gen != m->gen)
        return NULL;
    if (m->cached)
        remember(m, t->slots[m->id].block);
    return t->slots[m->id].block;
}

/* No block and none to be had: there is no caller to return an error to (loaded code is
 * reading a variable), so say why and stop, as glibc does. */
__attribute__((noreturn)) static void tls_out_of_memory(const struct elfld_tls_module *m) {
    elfld__log(m->ctx, ELFLD_LOG_ERROR, "%s: no memory for this thread's thread-local block "
               "(%zu bytes)", m->lib->name, m->memsz);
    __builtin_trap();
}

/* ------------------------------------------------------------------ access */

void *elfld__tls_addr(const struct elfld_tls_module *m, uintptr_t offset) {
    if (m->is_static)
        return (void *)(elfld_arch_thread_pointer() + (uintptr_t)m->tp_offset + offset);
    unsigned char *b = existing_block(m);
    if (!b)
        b = make_block(m);
    return b ? b + offset : NULL;
}

/* Everything but a dynamic module's existing block: kept out of line so that the fast path
 * below is a leaf. */
__attribute__((noinline)) static void *tls_get_addr_slow(const struct elfld_tls_module *m,
                                                         uintptr_t offset) {
    void *p = elfld__tls_addr(m, offset);
    if (!p)
        tls_out_of_memory(m);
    return p;
}

/* The calling thread's block of generation gen in the cache entry at entry_off, or NULL. */
ELFLD_ARCH_GENERAL_REGS_ONLY
static inline unsigned char *cached_block(intptr_t entry_off, uintptr_t gen) {
    const struct elfld_tls_cache_entry *c =
        (const struct elfld_tls_cache_entry *)(elfld__thread_pointer() + (uintptr_t)entry_off);
    return c->gen == gen ? c->block : NULL;
}

/* The fast path is a leaf: loads from the module and the thread's cache entry. */
ELFLD_ARCH_GENERAL_REGS_ONLY
void *elfld__tls_get_addr(const struct elfld_tls_index *ti) {
    const struct elfld_tls_module *m = (const struct elfld_tls_module *)ti->module;
    uintptr_t offset = ti->offset + (uintptr_t)ELFLD_ARCH_DTV_OFFSET;
    unsigned char *b;
    if (m->cached && (b = cached_block(m->entry_off, m->gen)))
        return b + offset;
    return tls_get_addr_slow(m, offset);
}

ELFLD_ARCH_GENERAL_REGS_ONLY
uintptr_t elfld__tls_desc_fast(const struct elfld_tls_desc_arg *a) {
    unsigned char *b;
    if (a->cached && (b = cached_block(a->entry_off, a->gen)))
        return (uintptr_t)b + a->offset;
    b = existing_block(a->module);
    return b ? (uintptr_t)b + a->offset : 0;
}

uintptr_t elfld__tls_desc_slow(const struct elfld_tls_desc_arg *a) {
    unsigned char *b = make_block(a->module);
    if (!b)
        tls_out_of_memory(a->module);
    return (uintptr_t)b + a->offset;
}

/* ------------------------------------------------------------------ modules */

static int take_id(struct elfld_err *e, struct elfld_ctx *ctx, struct elfld_tls_module *m) {
    size_t id = 1;
    while (id < ctx->tls_cap && ctx->tls_mods[id])
        id++;
    if (id >= ctx->tls_cap) {
        size_t cap = ctx->tls_cap ? ctx->tls_cap * 2 : 8;
        struct elfld_tls_module **v = elfld__alloc(ctx, cap * sizeof *v);
        if (!v)
            return elfld__fail(e, ELFLD_ENOMEM, "no memory for the TLS module table");
        if (ctx->tls_mods) {
            __builtin_memcpy(v, ctx->tls_mods, ctx->tls_cap * sizeof *v);
            elfld__free(ctx, ctx->tls_mods, ctx->tls_cap * sizeof *v);
        }
        ctx->tls_mods = v;
        ctx->tls_cap = cap;
    }
    ctx->tls_mods[id] = m;
    ctx->tls_nmods++;
    m->id = id;
    m->gen = ++ctx->tls_gen;
    if (m->cached && id > CACHE_MODULES)
        m->cached = false;            /* beyond the cache: entry 0, which always misses */
    if (m->cached)
        m->entry_off = ctx->tls_cache_off + (intptr_t)(id * sizeof(struct elfld_tls_cache_entry));
    return 0;
}

static int make_static(struct elfld_err *e, struct elfld_lib *lib, struct elfld_tls_module *m) {
    struct elfld_host *h = &lib->ctx->host;
    if (!h->tls_static_reserve)
        return elfld__fail(e, ELFLD_ETLS, "%s: its TLS is initial-exec (DF_STATIC_TLS) and the "
                           "host has no static TLS area (tls_static_reserve)", lib->name);
    bool zero = image_is_zero((const unsigned char *)m->image, m->filesz);
    intptr_t off = 0;
    unsigned how = 0;
    int rc = h->tls_static_reserve(h->user, m->memsz ? m->memsz : 1, m->align, &off, &how);
    if (rc)
        return elfld__fail(e, ELFLD_ETLS, "%s: its TLS is initial-exec (DF_STATIC_TLS) and the "
                           "host's static TLS area has no room for %zu bytes aligned to %zu",
                           lib->name, m->memsz, m->align);
    if (!(how & ELFLD_TLS_STATIC_INIT_THREADS) && !(zero && (how & ELFLD_TLS_STATIC_ZEROED))) {
        if (h->tls_static_release)
            h->tls_static_release(h->user, off, m->memsz ? m->memsz : 1);
        return elfld__fail(e, ELFLD_ETLS, "%s: its TLS is initial-exec (DF_STATIC_TLS) with %s, "
                           "which this host cannot give threads other than the caller (it "
                           "does not initialise them: ELFLD_TLS_STATIC_INIT_THREADS)", lib->name,
                           zero ? "an all-zero image" : "initialised data");
    }
    m->is_static = true;
    m->tp_offset = off;
    return 0;
}

/* The thread-pointer cache, when the host has one with room (else accesses ask tls_get). */
static void reserve_cache(struct elfld_ctx *ctx) {
    struct elfld_host *h = &ctx->host;
    intptr_t off;
    if (h->tls_cache_reserve && h->tls_cache_release &&
        !h->tls_cache_reserve(h->user, CACHE_WORDS, &off)) {
        ctx->tls_cached = true;
        ctx->tls_cache_off = off;
    }
}

int elfld__tls_attach(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan) {
    struct elfld_ctx *ctx = lib->ctx;
    struct elfld_tls_module *m = &lib->tls;
    /* The image must be loaded bytes of the file: inside one segment's file part. */
    const struct elfld_seg *s = elfld__seg_at(lib, plan->tls_vaddr);
    if (plan->tls_filesz &&
        (!s || plan->tls_vaddr - s->vaddr > s->filesz ||
         s->filesz - (plan->tls_vaddr - s->vaddr) < plan->tls_filesz))
        return elfld__fail(e, ELFLD_ETLS, "%s: PT_TLS image at %lx (%lx bytes) is not inside "
                           "a loaded segment's file bytes", lib->name,
                           (unsigned long)plan->tls_vaddr, (unsigned long)plan->tls_filesz);
    m->ctx = ctx;
    m->lib = lib;
    m->image = lib->base + plan->tls_vaddr;
    m->filesz = plan->tls_filesz;
    m->memsz = plan->tls_memsz;
    m->align = plan->tls_align;
    int rc;
    if (lib->dt_flags & DF_STATIC_TLS) {
        if ((rc = make_static(e, lib, m)))
            return rc;
    } else if (!ctx->tls_key_made) {
        if (!has_key_hooks(ctx))
            return elfld__fail(e, ELFLD_ETLS, "%s: has thread-local storage and the host has "
                               "no per-thread values (tls_key_create, tls_get, tls_set, "
                               "tls_key_delete)", lib->name);
        if ((rc = ctx->host.tls_key_create(ctx->host.user, thread_exit, &ctx->tls_key)))
            return elfld__fail(e, rc, "%s: the host could not create a thread key for TLS",
                               lib->name);
        ctx->tls_key_made = true;
        reserve_cache(ctx);
    }
    m->cached = !m->is_static && ctx->tls_cached;
    m->entry_off = ctx->tls_cache_off;
    if ((rc = take_id(e, ctx, m))) {
        elfld__tls_detach(lib);
        return rc;
    }
    elfld_arch_tls_prepare(lib);
    return 0;
}

void elfld__tls_ready(struct elfld_lib *lib) {
    const struct elfld_tls_module *m = &lib->tls;
    if (m->id && m->is_static)
        fill_block((unsigned char *)(elfld_arch_thread_pointer() + (uintptr_t)m->tp_offset), m);
}

/*
 * The context's last module is gone: nothing can access TLS through it now, so no thread is
 * inside this file for it.  Free the module table, the calling thread's record and every
 * record whose thread has exited (its destructor is done with it once the state says so).
 * Records of threads still running stay, with their key value: those threads free them at
 * exit, and a later module finds them again.
 */
static void idle(struct elfld_ctx *ctx) {
    elfld__free(ctx, ctx->tls_mods, ctx->tls_cap * sizeof *ctx->tls_mods);
    ctx->tls_mods = NULL;
    ctx->tls_cap = 0;
    if (!ctx->tls_key_made)
        return;
    struct elfld_tls_thread *me = ctx->host.tls_get(ctx->host.user, ctx->tls_key);
    if (me) {
        ctx->host.tls_set(ctx->host.user, ctx->tls_key, NULL);
        forget_cached(me);
    }
    for (struct elfld_tls_thread **pt = &ctx->tls_threads; *pt;) {
        struct elfld_tls_thread *t = *pt;
        if (t != me && __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) != THREAD_EXITED) {
            pt = &t->next;
            continue;
        }
        *pt = t->next;
        empty_thread(t);
        ctx->host.free(ctx->host.user, t, sizeof *t);
    }
}

void elfld__tls_detach(struct elfld_lib *lib) {
    struct elfld_tls_module *m = &lib->tls;
    struct elfld_ctx *ctx = lib->ctx;
    while (lib->tls_descs) {
        struct elfld_tls_desc_chunk *c = lib->tls_descs;
        lib->tls_descs = c->next;
        elfld__free(ctx, c, sizeof *c);
    }
    if (!m->ctx)
        return;
    if (m->is_static && ctx->host.tls_static_release)
        ctx->host.tls_static_release(ctx->host.user, m->tp_offset, m->memsz ? m->memsz : 1);
    if (!m->is_static && m->id && ctx->tls_key_made) {
        struct elfld_tls_thread *t = ctx->host.tls_get(ctx->host.user, ctx->tls_key);
        if (t && m->id < t->cap && t->slots[m->id].gen == m->gen)
            free_slot(ctx, &t->slots[m->id]);
    }
    if (m->id && m->id < ctx->tls_cap && ctx->tls_mods[m->id] == m) {
        ctx->tls_mods[m->id] = NULL;
        if (!--ctx->tls_nmods)
            idle(ctx);
    }
    __builtin_memset(m, 0, sizeof *m);
}

void elfld__tls_ctx_free(struct elfld_ctx *ctx) {
    struct elfld_tls_thread *t = ctx->tls_threads;
    while (t) {
        struct elfld_tls_thread *next = t->next;
        if (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == THREAD_LIVE)
            forget_cached(t);         /* an exited thread's were zeroed by its destructor */
        empty_thread(t);
        ctx->host.free(ctx->host.user, t, sizeof *t);
        t = next;
    }
    ctx->tls_threads = NULL;
    if (ctx->tls_key_made)
        ctx->host.tls_key_delete(ctx->host.user, ctx->tls_key);
    ctx->tls_key_made = false;
    if (ctx->tls_cached)
        ctx->host.tls_cache_release(ctx->host.user, ctx->tls_cache_off, CACHE_WORDS);
    ctx->tls_cached = false;
    elfld__free(ctx, ctx->tls_mods, ctx->tls_cap * sizeof *ctx->tls_mods);
    ctx->tls_mods = NULL;
    ctx->tls_cap = 0;
}

struct elfld_tls_desc_arg *elfld__tls_desc_arg(struct elfld_err *e, struct elfld_lib *lib,
                                               const struct elfld_tls_module *m,
                                               uintptr_t offset) {
    struct elfld_tls_desc_chunk *c = lib->tls_descs;
    if (!c || c->used == DESC_CHUNK) {
        c = elfld__alloc(lib->ctx, sizeof *c);
        if (!c) {
            elfld__fail(e, ELFLD_ENOMEM, "no memory for TLS descriptors");
            return NULL;
        }
        c->next = lib->tls_descs;
        lib->tls_descs = c;
    }
    struct elfld_tls_desc_arg *a = &c->a[c->used++];
    a->module = m;
    a->offset = offset;
    a->cached = m->cached;
    a->entry_off = m->entry_off;
    a->gen = m->gen;
    return a;
}

const struct elfld_tls_module *elfld__tls_module_of(const struct elfld_def *def,
                                                    const char **why) {
    if (!def->sym || !def->lib) {
        *why = "the thread-local symbol is undefined or was supplied by the host or a "
               "callback: no loaded module holds it";
        return NULL;
    }
    if (ELF_ST_TYPE(def->sym->st_info) != STT_TLS) {
        *why = "a TLS relocation against a symbol that is not thread-local";
        return NULL;
    }
    if (def->lib->system_image) {
        *why = "the thread-local symbol is the host program's, whose thread-local storage "
               "loaded code cannot reach";
        return NULL;
    }
    if (!def->lib->tls.id) {
        *why = "the library it names has no PT_TLS segment";
        return NULL;
    }
    return &def->lib->tls;
}

int elfld__tls_desc_words(struct elfld_err *e, struct elfld_lib *lib,
                          const struct elfld_tls_module *m, uintptr_t offset, uintptr_t words[2]) {
    void (*resolver)(void) = m->is_static ? elfld_arch_tlsdesc_static : elfld_arch_tlsdesc_dynamic;
#ifdef ELFLD_ARCH_TLS_CACHED_ENTRIES
    if (m->cached)
        resolver = elfld_arch_tlsdesc_cached;
#endif
    if (!resolver)
        return ELFLD_ETLS;
    uintptr_t arg = elfld__tls_tpoff(m, offset);
    if (!m->is_static) {
        struct elfld_tls_desc_arg *a = elfld__tls_desc_arg(e, lib, m, offset);
        if (!a)
            return ELFLD_ENOMEM;
        arg = (uintptr_t)a;
    }
#ifdef ELFLD_ARCH_TLSDESC_ARG_FIRST
    words[0] = arg;
    words[1] = (uintptr_t)resolver;
#else
    words[0] = (uintptr_t)resolver;
    words[1] = arg;
#endif
    return 0;
}

/* ------------------------------------------------------------------ public */

uintptr_t elfld_thread_pointer(void) {
    return elfld_arch_thread_pointer();
}

int elfld_tls_init_thread(elfld_ctx *ctx, uintptr_t thread_pointer) {
    if (!elfld__ctx_usable(ctx, "elfld_tls_init_thread"))
        return ELFLD_EINVAL;
    for (struct elfld_lib *l = ctx->first; l; l = l->next)
        if (l->tls.id && l->tls.is_static && l->state == ELFLD_STATE_READY)
            fill_block((unsigned char *)(thread_pointer + (uintptr_t)l->tls.tp_offset), &l->tls);
    return 0;
}

/* The descriptor resolvers written in assembly read these at fixed offsets. */
_Static_assert(offsetof(struct elfld_tls_module, gen) == sizeof(uintptr_t) &&
                   offsetof(struct elfld_tls_module, lib) == 3 * sizeof(uintptr_t) &&
                   offsetof(struct elfld_tls_module, entry_off) == 4 * sizeof(uintptr_t),
               "struct elfld_tls_module: the resolvers read gen, lib and entry_off at words "
               "1, 3 and 4");
_Static_assert(offsetof(struct elfld_tls_desc_arg, module) == 0 &&
                   offsetof(struct elfld_tls_desc_arg, offset) == sizeof(uintptr_t) &&
                   offsetof(struct elfld_tls_desc_arg, cached) == 2 * sizeof(uintptr_t) &&
                   offsetof(struct elfld_tls_desc_arg, entry_off) == 3 * sizeof(uintptr_t) &&
                   offsetof(struct elfld_tls_desc_arg, gen) == 4 * sizeof(uintptr_t),
               "struct elfld_tls_desc_arg: module, offset, cached, entry_off, gen");
_Static_assert(offsetof(struct elfld_tls_cache_entry, block) == 0 &&
                   offsetof(struct elfld_tls_cache_entry, gen) == sizeof(uintptr_t),
               "a cache entry's block and gen, as the resolvers read them");
_Static_assert(offsetof(struct elfld_lib, arch_lazy) == 0, "arch_lazy first in elfld_lib");
