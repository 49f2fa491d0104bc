/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * deps.c - a library's DT_NEEDED tree, loaded as the system loader's dlopen loads it:
 *
 *   1. breadth-first, each name is satisfied by the system, by a library of the context, or
 *      by a source found on the search path (DT_RPATH chain, opts.search_path, DT_RUNPATH,
 *      the host's list) and opened;
 *   2. the new libraries' dependency graph is cut into strongly connected components: each
 *      is one link group (members of a cycle live and die together), and a library holds a
 *      reference on each dependency outside its group;
 *   3. groups are relocated dependencies first, then constructors run in the order glibc's
 *      loader (its depth-first sort, elf/dl-sort-maps.c) gives for the same tree;
 *   4. every library gets its local scope: its own dependencies, breadth-first.
 *
 * Until step 3 succeeds, the call holds one reference on each new library; a failure drops
 * them all, which unloads everything the call loaded (lib.c's release follows the edges).
 */
#include "deps.h"
#include "load.h"
#include "../core/names.h"
#include "../core/util.h"
#include "../shared_object/search.h"

#define TRIED_MAX 160      /* bytes of the list of sources tried that a message quotes */

/* The new libraries of one load, breadth-first; libs[0] is the root. */
struct tree {
    struct elfld_ctx *ctx;
    struct elfld_err *e;
    const struct elfld_opts *opts;    /* the caller's: search_path, and the flags of a library
                                         it names (elfld_load_needed) */
    struct elfld_opts dep_opts;       /* what each dependency is opened with */
    struct elfld_lib **libs;
    struct elfld_lib **loader;        /* parallel to libs: the library that first needed it */
    size_t n, cap, loader_cap;
};

/* One name being looked for. */
struct search {
    struct tree *t;
    const char *name;
    struct elfld_lib *needer;
    struct elfld_lib *found;
    int rc;                           /* a fatal error met while trying */
    char tried[TRIED_MAX];
    size_t tried_len;
};

static bool same(const char *a, const char *b) {
    return a && b && elfld__strcmp(a, b) == 0;
}

static bool has_slash(const char *s) {
    for (; *s; s++)
        if (*s == '/')
            return true;
    return false;
}

/* Who needs a library: a library, or (NULL) the caller of elfld_load_needed. */
static const char *needer_name(const struct elfld_lib *needer) {
    return needer ? needer->name : "the caller";
}

static long tree_index(const struct tree *t, const struct elfld_lib *lib) {
    for (size_t i = 0; i < t->n; i++)
        if (t->libs[i] == lib)
            return (long)i;
    return -1;
}

int elfld__note_source(struct elfld_lib *lib, const char *path, const struct elfld_blob *blob,
                       bool named_path, bool identify) {
    struct elfld_ctx *ctx = lib->ctx;
    if (named_path) {
        lib->path = lib->name;                /* named after its source: one copy serves */
    } else {
        size_t n = elfld__strlen(path) + 1;
        lib->path = elfld__alloc(ctx, n);
        if (!lib->path)
            return ELFLD_ENOMEM;
        __builtin_memcpy(lib->path, path, n);
        lib->path_size = n;
    }
    lib->has_source_id = identify && ctx->host.source_id &&
                         ctx->host.source_id(ctx->host.user, blob, lib->source_id) == 0;
    return 0;
}

/* ------------------------------------------------------------------ what is there already */
/* An image of the system answers to its DT_SONAME and its file name (system.c keeps that in
 * `path`). */
static bool system_provides(struct elfld_ctx *ctx, const char *name) {
    for (size_t i = 0; i < ctx->nsys; i++) {
        const struct elfld_lib *img = ctx->sys[i];
        if (same(img->soname, name) || (img->path[0] && same(img->path, name)))
            return true;
    }
    return false;
}

/* A library that may be shared: linked, or new in this load. */
static bool shareable(const struct tree *t, const struct elfld_lib *lib) {
    return lib->state == ELFLD_STATE_READY ? !lib->dying : tree_index(t, lib) >= 0;
}

static struct elfld_lib *loaded_by_name(const struct tree *t, const char *name) {
    for (struct elfld_lib *l = t->ctx->first; l; l = l->next)
        if (shareable(t, l) && (same(l->soname, name) || same(l->path, name) ||
                                same(l->name, name)))
            return l;
    return NULL;
}

static struct elfld_lib *loaded_by_id(const struct tree *t, const uint64_t id[2]) {
    for (struct elfld_lib *l = t->ctx->first; l; l = l->next)
        if (shareable(t, l) && l->has_source_id && l->source_id[0] == id[0] &&
            l->source_id[1] == id[1])
            return l;
    return NULL;
}

/* ------------------------------------------------------------------ trying sources */
static void note_tried(struct search *s, const char *source) {
    size_t len = elfld__strlen(source);
    if (s->tried_len && s->tried_len + 2 < TRIED_MAX) {
        s->tried[s->tried_len++] = ',';
        s->tried[s->tried_len++] = ' ';
    }
    for (size_t i = 0; i < len && s->tried_len + 4 < TRIED_MAX; i++)
        s->tried[s->tried_len++] = source[i];
    if (s->tried_len + 4 >= TRIED_MAX && s->tried_len < TRIED_MAX - 1) {
        s->tried_len = TRIED_MAX - 4;
        __builtin_memcpy(s->tried + s->tried_len, "...", 3);
        s->tried_len += 3;
    }
    s->tried[s->tried_len] = 0;
}

static int append(struct tree *t, struct elfld_lib *lib, struct elfld_lib *loader) {
    struct elfld_ctx *ctx = t->ctx;
    size_t cap = t->cap;
    struct elfld_lib **libs = elfld__grow(ctx, t->libs, t->n, &cap, sizeof *libs);
    if (!libs)
        return ELFLD_ENOMEM;
    t->libs = libs;
    t->cap = cap;
    struct elfld_lib **loaders = elfld__grow(ctx, t->loader, t->n, &t->loader_cap,
                                             sizeof *loaders);
    if (!loaders)
        return ELFLD_ENOMEM;
    t->loader = loaders;
    t->libs[t->n] = lib;
    t->loader[t->n++] = loader;
    return 0;
}

/* host->search's callback, and the core's own candidates: ELFLD_SEARCH_NEXT to go on. */
static int try_source(void *cookie, const char *source) {
    struct search *s = cookie;
    struct tree *t = s->t;
    struct elfld_ctx *ctx = t->ctx;
    note_tried(s, source);
    struct elfld_lib *lib = loaded_by_name(t, source);
    if (lib) {
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s: %s is loaded already", s->name, source);
        s->found = lib;
        return 0;
    }
    if (!ctx->host.open)
        return ELFLD_SEARCH_NEXT;             /* a host without named sources */
    struct elfld_blob blob = {NULL, 0, NULL};
    int rc = ctx->host.open(ctx->host.user, source, &blob);
    if (rc) {
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s: %s cannot be opened (%s)", s->name,
                   source, elfld_strerror(rc < 0 ? rc : ELFLD_EIO));
        if (rc == ELFLD_ENOMEM)
            return s->rc = elfld__fail(t->e, rc, "no memory to open '%s'", source);
        return ELFLD_SEARCH_NEXT;
    }
    uint64_t id[2];
    if (ctx->host.source_id && ctx->host.source_id(ctx->host.user, &blob, id) == 0 &&
        (lib = loaded_by_id(t, id))) {
        ctx->host.close(ctx->host.user, &blob);
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s: %s is %s, loaded already", s->name, source,
                   lib->name);
        s->found = lib;
        return 0;
    }
    if (!blob.data && !ctx->host.read_source) {
        rc = elfld__fail(t->e, ELFLD_ENOTSUP, "host opened '%s' without a view and has no "
                         "read_source", source);
    } else {
        const struct elfld_opts *o = t->n ? &t->dep_opts : t->opts;   /* the named one */
        rc = elfld__open_bytes(ctx, blob.data, blob.size, source, &blob, o, t->e, &lib);
        if (!rc && (rc = elfld__note_source(lib, source, &blob, !o->name, true))) {
            elfld_release(lib);
            rc = elfld__fail(t->e, rc, "no memory for the name '%s'", source);
        }
    }
    ctx->host.close(ctx->host.user, &blob);
    if (rc == ELFLD_ECLASS || rc == ELFLD_EMACHINE) {
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s: %s is for another machine, skipped",
                   s->name, source);
        elfld__diag_clear(t->e->diag);
        return ELFLD_SEARCH_NEXT;
    }
    if (rc)
        return s->rc = rc;
    if ((rc = append(t, lib, s->needer))) {
        elfld_release(lib);
        return s->rc = elfld__fail(t->e, rc, "no memory for the dependency list");
    }
    elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s: loading %s (needed by %s)", s->name, source,
               needer_name(s->needer));
    s->found = lib;
    return 0;
}

/* Try `len` bytes of a path (a directory, or with `name` NULL a whole source name), its
 * tokens expanded for the needing library. */
static int try_path(struct search *s, const char *path, size_t len, const char *name) {
    struct elfld_ctx *ctx = s->t->ctx;
    struct elfld_tokens tok = {NULL, 0, ctx->host.lib_token, ctx->host.platform};
    if (s->needer && s->needer->path)
        tok.origin_len = elfld__dir_of(s->needer->path, &tok.origin);
    size_t dlen = elfld__expand_tokens(NULL, 0, path, len, &tok);
    if (dlen == ELFLD_EXPAND_FAILED) {
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s: a path of %s has a token without a value "
                   "here, skipped", s->name, needer_name(s->needer));
        return ELFLD_SEARCH_NEXT;
    }
    size_t nlen = name ? elfld__strlen(name) : 0;
    bool sep = name && dlen && path[len - 1] != '/';
    size_t size = dlen + sep + nlen + 1;
    char *buf = elfld__alloc(ctx, size);
    if (!buf)
        return s->rc = elfld__fail(s->t->e, ELFLD_ENOMEM, "no memory for a search path");
    elfld__expand_tokens(buf, dlen, path, len, &tok);
    if (sep)
        buf[dlen] = '/';
    if (name)
        __builtin_memcpy(buf + dlen + sep, name, nlen);
    buf[size - 1] = 0;
    int rc = try_source(s, buf);
    elfld__free(ctx, buf, size);
    return rc;
}

/* Each directory of a ':'-separated list (an empty one is the current directory). */
static int try_list(struct search *s, const char *list) {
    for (const char *p = list; p;) {
        const char *end = p;
        while (*end && *end != ':')
            end++;
        int rc = end > p ? try_path(s, p, (size_t)(end - p), s->name)
                         : try_source(s, s->name);
        if (rc != ELFLD_SEARCH_NEXT)
            return rc;
        p = *end ? end + 1 : NULL;
    }
    return ELFLD_SEARCH_NEXT;
}

static struct elfld_lib *loader_of(const struct tree *t, const struct elfld_lib *lib) {
    long i = tree_index(t, lib);
    return i >= 0 ? t->loader[i] : NULL;
}

/* The search proper, in glibc's order; returns 0 (s->found set), ELFLD_SEARCH_NEXT when
 * nothing was found, ELFLD_SEARCH_SYSTEM, or an error. */
static int search_paths(struct search *s) {
    struct tree *t = s->t;
    struct elfld_ctx *ctx = t->ctx;
    int rc;
    if (has_slash(s->name))
        return try_path(s, s->name, elfld__strlen(s->name), NULL);
    if (!s->needer || !s->needer->runpath)
        for (const struct elfld_lib *l = s->needer; l; l = loader_of(t, l))
            if (l->rpath && (rc = try_list(s, l->rpath)) != ELFLD_SEARCH_NEXT)
                return rc;
    if (t->opts->search_path && (rc = try_list(s, t->opts->search_path)) != ELFLD_SEARCH_NEXT)
        return rc;
    if (s->needer && s->needer->runpath &&
        (rc = try_list(s, s->needer->runpath)) != ELFLD_SEARCH_NEXT)
        return rc;
    if (ctx->host.search) {
        rc = ctx->host.search(ctx->host.user, s->name, try_source, s);
        return s->rc ? s->rc : rc;
    }
    if (!ctx->host.open)
        return ELFLD_SEARCH_NEXT;
    return try_source(s, s->name);
}

/* Find what satisfies `name`, needed by `needer`: *out is the library, or NULL for the
 * system. */
static int find(struct tree *t, struct elfld_lib *needer, const char *name,
                struct elfld_lib **out) {
    struct elfld_ctx *ctx = t->ctx;
    *out = NULL;
    if (system_provides(ctx, name)) {
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s (needed by %s): the system's", name,
                   needer_name(needer));
        return 0;
    }
    if ((*out = loaded_by_name(t, name))) {
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s (needed by %s): %s, loaded already", name,
                   needer_name(needer), (*out)->name);
        return 0;
    }
    struct search s = {t, name, needer, NULL, 0, {0}, 0};
    int rc = search_paths(&s);
    if (s.rc)
        return s.rc;
    if (rc == 0) {
        *out = s.found;
        return 0;
    }
    if (rc == ELFLD_SEARCH_SYSTEM ||
        (rc == ELFLD_SEARCH_NEXT && !ctx->host.search && !ctx->host.system_images)) {
        /* Nothing can tell what the system has without those hooks: its resolve() serves. */
        elfld__log(ctx, ELFLD_LOG_DEBUG, "deps: %s (needed by %s): taken as the system's",
                   name, needer_name(needer));
        return 0;
    }
    if (rc < 0)
        return elfld__fail(t->e, rc, "%s (needed by %s): %s", name, needer_name(needer),
                           elfld_strerror(rc));
    return elfld__fail_reloc(t->e, ELFLD_ENOENT, -1, -1, name, "library %s needed by %s not "
                             "found (tried: %s%s)", name, needer_name(needer),
                             s.tried_len ? s.tried : "nothing",
                             ctx->host.search && !has_slash(name) ? "; and the host's list" : "");
}

/* Step 1: every library of the tree, breadth-first. */
static int load_names(struct tree *t) {
    for (size_t i = 0; i < t->n; i++) {
        struct elfld_lib *lib = t->libs[i];
        if (!lib->nneeded || lib->needed)     /* none, or resolved already (objects) */
            continue;
        lib->needed = elfld__alloc(t->ctx, lib->nneeded * sizeof *lib->needed);
        if (!lib->needed)
            return elfld__fail(t->e, ELFLD_ENOMEM, "no memory for %s's dependencies",
                               lib->name);
        for (size_t k = 0; k < lib->nneeded; k++) {
            int rc = find(t, lib, lib->needed_names[k], &lib->needed[k]);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ groups */
/* Tarjan's strongly connected components over the new libraries; each becomes a link
 * group, its members in breadth-first order. */
struct scc {
    const struct tree *t;
    long *index, *low;
    bool *on_stack;
    long *stack;
    size_t depth;
    long next;
};

static void make_group(const struct scc *c, size_t from) {
    /* members: c->stack[from..depth); link them in breadth-first (index) order */
    struct elfld_lib *first = NULL, *prev = NULL;
    for (size_t pos = 0; pos < c->t->n; pos++) {
        for (size_t k = from; k < c->depth; k++)
            if ((size_t)c->stack[k] == pos) {
                struct elfld_lib *m = c->t->libs[pos];
                if (!first)
                    first = m;
                else
                    prev->group_next = m;
                m->group_first = first;
                m->group_next = NULL;
                prev = m;
            }
    }
}

static void strong_connect(struct scc *c, long v) {
    c->index[v] = c->low[v] = c->next++;
    c->stack[c->depth++] = v;
    c->on_stack[v] = true;
    const struct elfld_lib *lib = c->t->libs[v];
    for (size_t k = 0; k < lib->nneeded; k++) {
        long w = lib->needed[k] ? tree_index(c->t, lib->needed[k]) : -1;
        if (w < 0)
            continue;
        if (c->index[w] < 0) {
            strong_connect(c, w);
            if (c->low[w] < c->low[v])
                c->low[v] = c->low[w];
        } else if (c->on_stack[w] && c->index[w] < c->low[v]) {
            c->low[v] = c->index[w];
        }
    }
    if (c->low[v] != c->index[v])
        return;
    size_t from = c->depth;
    do
        from--;
    while (c->stack[from] != v);
    make_group(c, from);
    for (size_t k = from; k < c->depth; k++)
        c->on_stack[c->stack[k]] = false;
    c->depth = from;
}

static int form_groups(struct tree *t) {
    size_t n = t->n, bytes = n * (3 * sizeof(long) + sizeof(bool));
    char *mem = elfld__alloc(t->ctx, bytes);
    if (!mem)
        return elfld__fail(t->e, ELFLD_ENOMEM, "no memory to order the dependencies");
    struct scc c = {t, (long *)mem, (long *)mem + n, (bool *)((long *)mem + 3 * n),
                    (long *)mem + 2 * n, 0, 0};
    for (size_t i = 0; i < n; i++)
        c.index[i] = -1;
    for (size_t i = 0; i < n; i++)
        if (c.index[i] < 0)
            strong_connect(&c, (long)i);
    elfld__free(t->ctx, mem, bytes);
    return 0;
}

/* References across groups, and each library's local scope. */
static int add_edges(struct tree *t) {
    for (size_t i = 0; i < t->n; i++) {
        struct elfld_lib *lib = t->libs[i];
        for (size_t k = 0; k < lib->nneeded; k++) {
            struct elfld_lib *d = lib->needed[k];
            if (d && !elfld__same_group(d, lib) && elfld__add_dep(lib, d))
                return elfld__fail(t->e, ELFLD_ENOMEM, "no memory to record a dependency");
        }
    }
    return 0;
}

static bool in_local(const struct elfld_lib *lib, const struct elfld_lib *d) {
    for (size_t i = 0; i < lib->nlocal; i++)
        if (lib->local[i] == d)
            return true;
    return false;
}

/* lib's dependencies breadth-first (itself excluded): its direct ones, theirs, ... */
static int local_scope(struct elfld_err *e, struct elfld_lib *lib) {
    for (size_t q = 0;; q++) {
        const struct elfld_lib *from = q == 0 ? lib : q <= lib->nlocal ? lib->local[q - 1] : NULL;
        if (!from)
            return 0;
        for (size_t k = 0; from->needed && k < from->nneeded; k++) {
            struct elfld_lib *d = from->needed[k];
            if (!d || d == lib || in_local(lib, d))
                continue;
            struct elfld_lib **l = elfld__grow(lib->ctx, lib->local, lib->nlocal,
                                               &lib->nlocal_cap, sizeof *l);
            if (!l)
                return elfld__fail(e, ELFLD_ENOMEM, "no memory for %s's scope", lib->name);
            lib->local = l;
            lib->local[lib->nlocal++] = d;
        }
    }
}

/* ------------------------------------------------------------------ order */
/* glibc's depth-first sort: visit the libraries from the last (breadth-first) to the first,
 * each after its dependencies in DT_NEEDED order, prepending each when it is done; the root
 * stays first.  Constructors then run from the end of that list to its start. */
static void visit(const struct tree *t, size_t v, bool *seen, size_t *head, size_t *order) {
    seen[v] = true;
    const struct elfld_lib *lib = t->libs[v];
    for (size_t k = 0; k < lib->nneeded; k++) {
        long w = lib->needed[k] ? tree_index(t, lib->needed[k]) : -1;
        if (w >= 0 && !seen[w])
            visit(t, (size_t)w, seen, head, order);
    }
    order[--*head] = v;
}

/* order[]: the libraries in the order their constructors run. */
static int init_order(struct tree *t, size_t *order) {
    size_t n = t->n, head = n;
    bool *seen = elfld__alloc(t->ctx, n * sizeof *seen);
    if (!seen)
        return elfld__fail(t->e, ELFLD_ENOMEM, "no memory to order the constructors");
    for (size_t i = n; i-- > 0;)
        if (!seen[i])
            visit(t, i, seen, &head, order);
    elfld__free(t->ctx, seen, n * sizeof *seen);
    size_t r = 0;                     /* the root first in the list: constructed last */
    while (order[r] != 0)
        r++;
    for (; r > 0; r--)
        order[r] = order[r - 1];
    order[0] = 0;
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {   /* list end first */
        size_t x = order[i];
        order[i] = order[j];
        order[j] = x;
    }
    return 0;
}

/* Relocate each group, dependencies first (the constructor order puts every group after
 * the groups it needs). */
static int relocate(struct tree *t, const size_t *order) {
    for (size_t i = 0; i < t->n; i++) {
        struct elfld_lib *first = t->libs[order[i]]->group_first;
        if (first->state != ELFLD_STATE_OPENED)
            continue;
        size_t n = 0;
        for (struct elfld_lib *m = first; m; m = m->group_next)
            n++;
        struct elfld_lib **members = elfld__alloc(t->ctx, n * sizeof *members);
        if (!members)
            return elfld__fail(t->e, ELFLD_ENOMEM, "no memory to link %s", first->name);
        n = 0;
        for (struct elfld_lib *m = first; m; m = m->group_next)
            members[n++] = m;
        int rc = elfld__link_relocate(t->ctx, members, n, t->e);
        elfld__free(t->ctx, members, n * sizeof *members);
        if (rc)
            return rc;
    }
    return 0;
}

static int link_tree(struct tree *t) {
    int rc;
    if ((rc = load_names(t)) || (rc = form_groups(t)) || (rc = add_edges(t)))
        return rc;
    for (size_t i = 0; i < t->n; i++)
        if ((rc = local_scope(t->e, t->libs[i])))
            return rc;
    size_t bytes = t->n * sizeof(size_t);
    size_t *order = elfld__alloc(t->ctx, bytes);
    if (!order)
        return elfld__fail(t->e, ELFLD_ENOMEM, "no memory to order the constructors");
    if (!(rc = init_order(t, order)) && !(rc = relocate(t, order))) {
        t->e->phase = ELFLD_PHASE_INIT;
        for (size_t i = 0; i < t->n; i++)
            elfld__run_init(t->libs[order[i]]);
    }
    elfld__free(t->ctx, order, bytes);
    return rc;
}

void elfld__dependency_opts(const struct elfld_opts *o, struct elfld_opts *out) {
    __builtin_memset(out, 0, sizeof *out);
    out->struct_size = sizeof *out;
    out->flags = o->flags & (ELFLD_NOW | ELFLD_GLOBAL | ELFLD_NO_INIT);
    out->pre_find = o->pre_find;
    out->post_find = o->post_find;
    out->find_user = o->find_user;
    out->diag = o->diag;
}

static void tree_init(struct tree *t, struct elfld_ctx *ctx, struct elfld_err *e,
                      const struct elfld_opts *o) {
    __builtin_memset(t, 0, sizeof *t);
    t->ctx = ctx;
    t->e = e;
    t->opts = o;
    elfld__dependency_opts(o, &t->dep_opts);
    e->phase = ELFLD_PHASE_READ;
}

/* The call's own references, from libs[first] on: on success the edges keep every new
 * library; on failure nothing does but the root's edges, which go with the root. */
static void tree_done(struct tree *t, size_t first) {
    for (size_t i = first; i < t->n; i++)
        elfld_release(t->libs[i]);
    elfld__free(t->ctx, t->libs, t->cap * sizeof *t->libs);
    elfld__free(t->ctx, t->loader, t->loader_cap * sizeof *t->loader);
}

int elfld__load_tree(struct elfld_err *e, struct elfld_lib *root, const struct elfld_opts *o) {
    /* The common case of a plugin: every name it needs is the system's (libc, libm, ...).
     * Nothing to load, no graph to order: link it as a group of one. */
    size_t k = 0;
    while (k < root->nneeded && system_provides(root->ctx, root->needed_names[k]))
        elfld__log(root->ctx, ELFLD_LOG_DEBUG, "deps: %s (needed by %s): the system's",
                   root->needed_names[k++], root->name);
    if (k == root->nneeded) {
        int rc = elfld__link_relocate(root->ctx, &root, 1, e);
        if (!rc) {
            e->phase = ELFLD_PHASE_INIT;
            elfld__run_init(root);
        }
        return rc;
    }
    struct tree t;
    tree_init(&t, root->ctx, e, o);
    int rc = append(&t, root, NULL);
    rc = rc ? elfld__fail(e, rc, "no memory for the dependency list") : link_tree(&t);
    tree_done(&t, 1);
    return rc;
}

bool elfld__needs_loading(const struct elfld_lib *lib) {
    return lib->nneeded && !lib->needed && !(lib->flags & ELFLD_NO_DEPS);
}

/* A group's members and every component that shares a cycle with one of them become one
 * link group: the members first, in the caller's order, then the others. */
static void merge_members(struct tree *t, size_t n) {
    struct elfld_lib *prev = NULL;
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < t->n; i++) {
            struct elfld_lib *l = t->libs[i];
            bool member = i < n, joined = false;
            for (size_t k = 0; k < n && !member && !joined; k++)
                joined = l->group_first == t->libs[k]->group_first;
            if (pass == 0 ? !member : !joined)
                continue;
            if (prev)
                prev->group_next = l;
            prev = l;
        }
    prev->group_next = NULL;
    for (struct elfld_lib *m = t->libs[0]; m; m = m->group_next)
        m->group_first = t->libs[0];
}

/* Constructors of the members in the caller's order, in the places the sort gave them. */
static void members_in_order(const struct tree *t, size_t n, size_t *order) {
    size_t next = 0;
    for (size_t i = 0; i < t->n; i++)
        if (order[i] < n)
            order[i] = next++;
}

int elfld__link_group_tree(struct elfld_err *e, struct elfld_lib *const *members, size_t n) {
    struct elfld_lib *first = members[0];
    struct elfld_opts o;
    __builtin_memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.flags = first->flags;
    o.pre_find = first->pre_find;
    o.post_find = first->post_find;
    o.find_user = first->find_user;
    o.diag = e->diag;
    struct tree t;
    tree_init(&t, first->ctx, e, &o);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = append(&t, members[i], NULL);
    if (rc)
        rc = elfld__fail(e, rc, "no memory for the dependency list");
    size_t bytes = 0, *order = NULL;
    if (!rc && !(rc = load_names(&t)) && !(rc = form_groups(&t))) {
        merge_members(&t, n);
        if (!(rc = add_edges(&t)))
            for (size_t i = 0; i < t.n && !rc; i++)
                rc = local_scope(e, t.libs[i]);
    }
    bytes = t.n * sizeof(size_t);
    if (!rc && !(order = elfld__alloc(t.ctx, bytes)))
        rc = elfld__fail(e, ELFLD_ENOMEM, "no memory to order the constructors");
    if (!rc && !(rc = init_order(&t, order))) {
        members_in_order(&t, n, order);
        rc = relocate(&t, order);
    }
    if (!rc) {
        e->phase = ELFLD_PHASE_INIT;
        for (size_t i = 0; i < t.n; i++)
            elfld__run_init(t.libs[order[i]]);
    } else if (first->state == ELFLD_STATE_OPENED) {
        elfld__fail_group(members, n);      /* the members are the caller's, failed */
    }
    elfld__free(t.ctx, order, bytes);
    tree_done(&t, n);
    return rc;
}

int elfld__attach_libraries(struct elfld_err *e, struct elfld_lib *lib,
                            struct elfld_lib *const *libs, size_t n) {
    lib->needed = elfld__alloc(lib->ctx, n * sizeof *lib->needed);
    if (!lib->needed)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for %s's libraries", lib->name);
    lib->nneeded = n;
    for (size_t i = 0; i < n; i++) {
        lib->needed[i] = libs[i];
        if (elfld__add_dep(lib, libs[i]))
            return elfld__fail(e, ELFLD_ENOMEM, "no memory to record a dependency");
    }
    return local_scope(e, lib);
}

/* An existing library asked for again with ELFLD_GLOBAL or ELFLD_NODELETE gets them, as
 * dlopen promotes a library. */
static void promote(struct elfld_lib *lib, unsigned flags) {
    if ((flags & ELFLD_GLOBAL) && !(lib->flags & ELFLD_GLOBAL)) {
        lib->flags |= ELFLD_GLOBAL;
        lib->ctx->nglobal++;
    }
    lib->flags |= flags & ELFLD_NODELETE;
}

int elfld__load_needed(struct elfld_err *e, struct elfld_ctx *ctx, struct elfld_lib *needer,
                       const char *name, const struct elfld_opts *o, struct elfld_lib **out) {
    struct tree t;
    tree_init(&t, ctx, e, o);
    struct elfld_lib *found = NULL;
    int rc = find(&t, needer, name, &found);
    if (!rc && found && !t.n) {               /* loaded already (or the system's: NULL) */
        promote(found, o->flags);
        found->refcount++;
    } else if (!rc && found) {
        rc = link_tree(&t);                   /* found is libs[0]: its publish reference is
                                                 the caller's */
    }
    tree_done(&t, rc ? 0 : 1);
    *out = rc ? NULL : found;
    return rc;
}
