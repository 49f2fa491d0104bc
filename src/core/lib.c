/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * lib.c - a library's lifetime: its place in the context's list, reference counts, dependency
 * edges, constructors and destructors, unloading, iteration and accessors.  (The context
 * itself is created and destroyed in api/ctx.c.)
 *
 * Lifetime model: a library holds one reference on every library outside its link group that
 * it bound a symbol to or needs (DT_NEEDED), and on its opts scope.  Members of one group may
 * reference each other freely (cycles are normal there), so a group is finalized and unmapped
 * as a unit, once every member's count has dropped to zero.  A release that ends a group
 * finds everything that goes with it first, then runs destructors in the exact reverse of the
 * order constructors ran, then unmaps.
 */
#include "lib.h"
#include "announce.h"
#include "map.h"
#include "symindex.h"
#include "util.h"

void elfld__ctx_link(struct elfld_ctx *ctx, struct elfld_lib *lib) {
    lib->prev = ctx->last;
    lib->next = NULL;
    if (ctx->last)
        ctx->last->next = lib;
    else
        ctx->first = lib;
    ctx->last = lib;
    ctx->nglobal += (lib->flags & ELFLD_GLOBAL) != 0;
}

void elfld__ctx_unlink(struct elfld_ctx *ctx, struct elfld_lib *lib) {
    if (lib->prev)
        lib->prev->next = lib->next;
    else if (ctx->first == lib)
        ctx->first = lib->next;
    if (lib->next)
        lib->next->prev = lib->prev;
    else if (ctx->last == lib)
        ctx->last = lib->prev;
    lib->prev = lib->next = NULL;
    ctx->nglobal -= (lib->flags & ELFLD_GLOBAL) != 0;
}

bool elfld__same_group(const struct elfld_lib *a, const struct elfld_lib *b) {
    return a->group_first == b->group_first;
}

int elfld__add_dep(struct elfld_lib *lib, struct elfld_lib *dep) {
    for (size_t i = 0; i < lib->ndeps; i++)
        if (lib->deps[i] == dep)
            return 0;
    struct elfld_lib **deps = elfld__grow(lib->ctx, lib->deps, lib->ndeps, &lib->deps_cap,
                                          sizeof *deps);
    if (!deps)
        return ELFLD_ENOMEM;
    lib->deps = deps;
    lib->deps[lib->ndeps++] = dep;
    dep->refcount++;
    return 0;
}

void elfld__drop_deps(struct elfld_lib *lib) {
    struct elfld_lib **deps = lib->deps;
    size_t n = lib->ndeps, cap = lib->deps_cap;
    lib->deps = NULL;
    lib->ndeps = lib->deps_cap = 0;
    for (size_t i = 0; i < n; i++)
        elfld_release(deps[i]);
    elfld__free(lib->ctx, deps, cap * sizeof *deps);
}

/* ------------------------------------------------------------------ init / fini */
typedef void (*init_fn)(int, char **, char **);
typedef void (*fini_fn)(void);

/* A function pointer from DT_INIT/FINI(_ARRAY): must point into an executable segment. */
static bool callable(const struct elfld_lib *lib, uintptr_t fn) {
    return fn != 0 && fn != ELF_WORD_ALL_ONES && elfld__in_code(lib, fn);
}

/* Every constructor and destructor pointer, once relocated, must be 0, -1 or executable code
 * of the image; checked for the whole group before any of them runs. */
int elfld__check_init(struct elfld_err *e, struct elfld_lib *lib) {
    const elf_addr *arrays[4] = {lib->init_array, lib->fini_array, lib->ctors, lib->dtors};
    size_t counts[4] = {lib->ninit, lib->nfini, lib->nctors, lib->ndtors};
    for (int a = 0; a < 4; a++)
        for (size_t i = 0; i < counts[a]; i++) {
            uintptr_t fn = arrays[a][i];
            if (fn && fn != ELF_WORD_ALL_ONES && !callable(lib, fn))
                return elfld__fail(e, ELFLD_EDYNAMIC, "%s: constructor/destructor %zu of array "
                                   "%d points outside the image's code", lib->name, i, a);
        }
    if ((lib->init && !callable(lib, lib->init)) || (lib->fini && !callable(lib, lib->fini)))
        return elfld__fail(e, ELFLD_EDYNAMIC, "%s: DT_INIT or DT_FINI is not in executable code",
                           lib->name);
    return 0;
}

void elfld__run_init(struct elfld_lib *lib) {
    struct elfld_host *h = &lib->ctx->host;
    if (lib->flags & ELFLD_NO_INIT)
        return;                        /* no init_seq: no destructor will run either */
    lib->init_seq = ++lib->ctx->init_seq;
    if (callable(lib, lib->init))
        ((init_fn)lib->init)(h->argc, h->argv, h->envp);
    for (size_t i = 0; i < lib->ninit; i++) {
        uintptr_t fn = lib->init_array[i];
        if (callable(lib, fn))
            ((init_fn)fn)(h->argc, h->argv, h->envp);
    }
    for (size_t i = lib->nctors; i-- > 0;)        /* legacy .ctors run last to first */
        if (callable(lib, lib->ctors[i]))
            ((fini_fn)(uintptr_t)lib->ctors[i])();
}

void elfld__run_fini(struct elfld_lib *lib) {
    for (size_t i = lib->nfini; i-- > 0;) {
        uintptr_t fn = lib->fini_array[i];
        if (callable(lib, fn))
            ((fini_fn)fn)();
    }
    for (size_t i = 0; i < lib->ndtors; i++)       /* legacy .dtors run first to last */
        if (callable(lib, lib->dtors[i]))
            ((fini_fn)(uintptr_t)lib->dtors[i])();
    if (callable(lib, lib->fini))
        ((fini_fn)lib->fini)();
}

/* ------------------------------------------------------------------ teardown */
void elfld__lib_free(struct elfld_lib *lib) {
    struct elfld_ctx *ctx = lib->ctx;
    for (size_t i = 0; i < lib->nscope; i++)
        elfld_release(lib->scope[i]);
    elfld__free(ctx, lib->scope, lib->nscope * sizeof *lib->scope);
    elfld__free(ctx, lib->vers, lib->nvers * sizeof *lib->vers);
    elfld__symindex_free(lib);
    elfld__tls_detach(lib);
    elfld__free(ctx, lib->owned_tables, lib->owned_size);
    if (ELFLD_WITH_OBJECTS)
        elfld__obj_tools_free(lib);
    elfld__frames_free(lib);
    if (lib->free_link_state)
        lib->free_link_state(ctx, lib->obj);
    elfld__free(ctx, lib->name, lib->name_size);
    if (lib->path_size)                        /* else it is the name, or none */
        elfld__free(ctx, lib->path, lib->path_size);
    if (lib->needed_names != lib->needed_few)
        elfld__free(ctx, lib->needed_names, lib->nneeded * sizeof *lib->needed_names);
    if (lib->needed)
        elfld__free(ctx, lib->needed, lib->nneeded * sizeof *lib->needed);
    elfld__free(ctx, lib->local, lib->nlocal_cap * sizeof *lib->local);
    lib->magic = ELFLD_MAGIC_DEAD;
    if (!ELFLD_KEEP_RETIRED)
        elfld__free(ctx, lib, sizeof *lib);
}

/* Can lib's group go: no member referenced, none kept by NODELETE? */
static bool group_unused(const struct elfld_lib *first) {
    for (const struct elfld_lib *m = first; m; m = m->group_next)
        if (m->refcount || ((m->flags & ELFLD_NODELETE) && m->state == ELFLD_STATE_READY))
            return false;
    return true;
}

/* Append every member of a group to the list of a release. */
static void doom_group(struct elfld_lib *first, struct elfld_lib ***tail) {
    for (struct elfld_lib *m = first; m; m = m->group_next) {
        m->dying = true;
        m->dying_next = NULL;
        **tail = m;
        *tail = &m->dying_next;
    }
}

/* Drop one reference held by a dying library; a group that no one references any more
 * joins the list. */
static void drop_edge(struct elfld_lib *t, struct elfld_lib ***tail) {
    if (t->refcount && --t->refcount == 0 && !t->dying && group_unused(t->group_first))
        doom_group(t->group_first, tail);
}

void elfld__forget_edges(struct elfld_lib *lib) {
    struct elfld_ctx *ctx = lib->ctx;
    elfld__free(ctx, lib->deps, lib->deps_cap * sizeof *lib->deps);
    lib->deps = NULL;
    lib->ndeps = lib->deps_cap = 0;
    elfld__free(ctx, lib->scope, lib->nscope * sizeof *lib->scope);
    lib->scope = NULL;
    lib->nscope = 0;
}

/* The constructed library of the list that was constructed last, or NULL. */
static struct elfld_lib *last_constructed(struct elfld_lib *list) {
    struct elfld_lib *best = NULL;
    for (struct elfld_lib *m = list; m; m = m->dying_next)
        if (m->state == ELFLD_STATE_READY && m->init_seq && (!best || m->init_seq > best->init_seq))
            best = m;
    return best;
}

/*
 * Unload lib's group and everything only it kept: first the whole set is found (each
 * library's references dropped, groups whose count reaches zero added), then destructors run
 * in the exact reverse of the order constructors ran, and only then is anything unmapped -
 * so a library's destructor still finds everything it uses, however the set is shaped.
 */
static void unload(struct elfld_lib *first) {
    struct elfld_lib *list = NULL, **tail = &list;
    doom_group(first, &tail);
    for (struct elfld_lib *m = list; m; m = m->dying_next) {
        for (size_t i = 0; i < m->ndeps; i++)
            drop_edge(m->deps[i], &tail);
        for (size_t i = 0; i < m->nscope; i++)
            drop_edge(m->scope[i], &tail);
    }
    for (struct elfld_lib *m; (m = last_constructed(list));) {
        elfld__run_fini(m);
        m->state = ELFLD_STATE_DEAD;
    }
    while (list) {
        struct elfld_lib *m = list;
        list = m->dying_next;
        m->state = ELFLD_STATE_DEAD;
        elfld__forget_edges(m);
        elfld__unmap(m);
        elfld__ctx_unlink(m->ctx, m);
        elfld__lib_free(m);
    }
}

elfld_lib *elfld_retain(elfld_lib *lib) {
    if (!elfld__lib_usable(lib, "elfld_retain"))
        return NULL;
    lib->refcount++;
    return lib;
}

void elfld_release(elfld_lib *lib) {
    if (!elfld__lib_usable(lib, "elfld_release") || lib->refcount == 0)
        return;
    if (--lib->refcount == 0 && group_unused(lib->group_first))
        unload(lib->group_first);
}

/* ------------------------------------------------------------------ inspection */
elfld_lib *elfld_next(elfld_ctx *ctx, elfld_lib *prev) {
    if (!elfld__ctx_usable(ctx, "elfld_next") || (prev && !elfld__lib_usable(prev, "elfld_next")))
        return NULL;
    return prev ? prev->next : ctx->first;
}

const char *elfld_name(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_name") ? lib->name : NULL;
}
uintptr_t elfld_base(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_base") ? lib->base : 0;
}
size_t elfld_size(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_size") ? lib->map_size : 0;
}
const char *elfld_soname(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_soname") ? lib->soname : NULL;
}
unsigned elfld_refcount(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_refcount") ? lib->refcount : 0;
}
elfld_lib *elfld_lib_at(elfld_ctx *ctx, const void *addr) {
    if (!elfld__ctx_usable(ctx, "elfld_lib_at"))
        return NULL;
    uintptr_t a = (uintptr_t)addr;
    for (struct elfld_lib *l = ctx->first; l; l = l->next)
        if (l->map && a - (uintptr_t)l->map < l->map_size)
            return l;
    return NULL;
}

unsigned elfld_flags(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_flags") ? lib->flags : 0;
}
elfld_ctx *elfld_context(const elfld_lib *lib) {
    return elfld__lib_usable(lib, "elfld_context") ? lib->ctx : NULL;
}
const void *elfld_phdrs(const elfld_lib *lib, unsigned *phnum) {
    bool ok = elfld__lib_usable(lib, "elfld_phdrs") && lib->phdr;
    if (phnum)
        *phnum = ok ? lib->phnum : 0;
    return ok ? lib->phdr : NULL;
}

#ifdef ELFLD_HANDLE_CHECKS
/* The records behind poisoned handles are kept (handles.h), so reading them is safe. */
bool elfld__ctx_usable(const struct elfld_ctx *ctx, const char *api) {
    if (!ctx || ctx->magic == ELFLD_MAGIC_CTX)
        return ctx != NULL;
    elfld__log((struct elfld_ctx *)ctx, ELFLD_LOG_ERROR,
               "%s: context %lx was destroyed (use after elfld_ctx_destroy)", api,
               (unsigned long)(uintptr_t)ctx);
    return false;
}

bool elfld__lib_usable(const struct elfld_lib *lib, const char *api) {
    if (!lib || (lib->magic == ELFLD_MAGIC_LIB && lib->ctx->magic == ELFLD_MAGIC_CTX))
        return lib != NULL;
    if (lib->ctx->magic != ELFLD_MAGIC_CTX)
        elfld__log(lib->ctx, ELFLD_LOG_ERROR, "%s: library %lx was unloaded when its context "
                   "was destroyed (use after elfld_ctx_destroy)", api,
                   (unsigned long)(uintptr_t)lib);
    else
        elfld__log(lib->ctx, ELFLD_LOG_ERROR, "%s: library %lx was released (use after the "
                   "last elfld_release)", api, (unsigned long)(uintptr_t)lib);
    return false;
}
#endif

void elfld__arch_lazy_probe_once(struct elfld_lib *lib, void (*probe)(struct elfld_arch_lazy *)) {
    struct elfld_ctx *ctx = lib->ctx;
    if (!ctx->arch_lazy_probed) {
        probe(&ctx->arch_lazy);
        ctx->arch_lazy_probed = true;
    }
    lib->arch_lazy = ctx->arch_lazy;
}
