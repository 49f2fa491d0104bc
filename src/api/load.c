/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * load.c - the load operations: open (read, parse, map, read the dynamic section), link a
 * group (relocate, protect, construct), and load = open + link of a group of one.
 * Each operation has one cleanup point and leaves the context as it found it on failure.
 */
#include "load.h"
#include "deps.h"
#include "../core/announce.h"
#include "../core/lib.h"
#include "../core/names.h"
#include "../core/map.h"
#include "../core/source.h"
#include "../core/util.h"
#include "../object/object.h"
#include "../shared_object/dynamic.h"
#include "../shared_object/reloc.h"
#include "../shared_object/system.h"

#define OPTS_MIN_SIZE (offsetof(struct elfld_opts, diag) + sizeof(struct elfld_diag *))

void elfld__diag_clear(struct elfld_diag *d) {
    if (d) {
        __builtin_memset(d, 0, sizeof *d);
        d->reloc_index = d->reloc_type = d->segment = -1;
    }
}

static int copy_name(struct elfld_lib *lib, const char *name) {
    size_t n = elfld__strlen(name) + 1;
    lib->name = elfld__alloc(lib->ctx, n);
    if (!lib->name)
        return ELFLD_ENOMEM;
    __builtin_memcpy(lib->name, name, n);
    lib->name_size = n;
    return 0;
}

static int copy_scope(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_opts *o) {
    if (!o->scope_count)
        return 0;
    if (!o->scope)
        return elfld__fail(e, ELFLD_EINVAL, "scope_count without scope");
    for (size_t i = 0; i < o->scope_count; i++) {
        struct elfld_lib *s = o->scope[i];
        if (!s || s->ctx != lib->ctx || s->state != ELFLD_STATE_READY)
            return elfld__fail(e, ELFLD_EINVAL, "scope entry %zu is not a linked library of "
                               "this context", i);
    }
    lib->scope = elfld__alloc(lib->ctx, o->scope_count * sizeof *lib->scope);
    if (!lib->scope)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the scope");
    for (size_t i = 0; i < o->scope_count; i++)
        lib->scope[i] = elfld_retain(o->scope[i]);
    lib->nscope = o->scope_count;
    return 0;
}

/* Start a library from the options: everything but the image itself. */
static struct elfld_lib *new_lib(struct elfld_ctx *ctx, const struct elfld_opts *o,
                                 const char *name, struct elfld_err *e, int *rc) {
    struct elfld_lib *lib = elfld__alloc(ctx, sizeof *lib);
    if (!lib) {
        *rc = elfld__fail(e, ELFLD_ENOMEM, "no memory for the library");
        return NULL;
    }
    lib->ctx = ctx;
    lib->magic = ELFLD_MAGIC_LIB;
    lib->group_first = lib;
    lib->flags = o->flags;
    lib->pre_find = o->pre_find;
    lib->post_find = o->post_find;
    lib->find_user = o->find_user;
    lib->reloc_hook = o->reloc_hook;
    lib->reloc_user = o->reloc_user;
    if (copy_name(lib, o->name ? o->name : name)) {
        *rc = elfld__fail(e, ELFLD_ENOMEM, "no memory for the name");
    } else if (!(*rc = copy_scope(e, lib, o))) {
        return lib;
    }
    elfld__lib_free(lib);
    return NULL;
}

/* An opened image joins the context, with the caller's reference. */
static int publish(struct elfld_ctx *ctx, struct elfld_lib *lib, elfld_lib **out) {
    lib->state = ELFLD_STATE_OPENED;
    lib->refcount = 1;
    elfld__ctx_link(ctx, lib);
    *out = lib;
    return 0;
}

/* The one cleanup of a failed open: whatever was mapped and allocated goes. */
static void discard(struct elfld_lib *lib) {
    elfld__unmap(lib);
    elfld__lib_free(lib);
}

/* The program headers as the image holds them, when a segment maps their file bytes (every
 * linker puts them in the first one): what dl_iterate_phdr reports. */
static void find_phdrs(struct elfld_lib *lib, const struct elfld_plan *plan) {
    uintptr_t off = (uintptr_t)plan->ehdr.e_phoff;
    uintptr_t size = (uintptr_t)plan->ehdr.e_phnum * sizeof(elf_phdr);
    for (unsigned i = 0; i < plan->nloads; i++) {
        const struct elfld_seg *s = &plan->loads[i];
        if (off >= s->offset && off - s->offset <= s->filesz && size <= s->filesz - (off - s->offset)) {
            uintptr_t at = lib->base + s->vaddr + (off - s->offset);
            if (at % _Alignof(elf_phdr) == 0) {
                lib->phdr = (const elf_phdr *)at;
                lib->phnum = plan->ehdr.e_phnum;
            }
            return;
        }
    }
}

/* elfld__open_bytes' work. */
static int open_image(struct elfld_ctx *ctx, const void *data, size_t size, const char *name,
                      const struct elfld_blob *blob, const struct elfld_opts *o,
                      struct elfld_err *e, struct elfld_plan *plan, elfld_lib **out) {
    enum elfld_role role = plan->role;
    e->phase = ELFLD_PHASE_PARSE;
    int rc = data ? elfld__parse(e, data, size, role, plan, ctx->page_size)
                  : elfld__source_parse(e, ctx, blob, name, role, plan);
    if (rc)
        return rc;

    struct elfld_lib *lib = new_lib(ctx, o, name, e, &rc);
    if (!lib)
        return rc;
    if ((rc = elfld__check_policy(e, lib, plan)))
        goto fail;
    lib->zero_page_tails = role == ELFLD_ROLE_PROGRAM;
    e->phase = ELFLD_PHASE_MAP;
    if ((rc = elfld__map(e, lib, plan, data, blob)))
        goto fail;
    find_phdrs(lib, plan);
    if (role == ELFLD_ROLE_LIBRARY) {     /* a program's own startup code reads the rest */
        e->phase = ELFLD_PHASE_PARSE;
        if ((rc = elfld__read_dynamic(e, lib, plan)))
            goto fail;
        if (plan->has_tls && (rc = elfld__tls_attach(e, lib, plan)))
            goto fail;
    }
    return publish(ctx, lib, out);
fail:
    discard(lib);
    return rc;
}

/* The failure of every call into a part this build left out (core/features.h). */
static int left_out(struct elfld_err *e, const char *part, const char *option) {
    return elfld__fail(e, ELFLD_ENOTSUP, "this build of libelfld leaves out %s (meson option "
                       "%s=false)", part, option);
}

static int no_shared_objects(struct elfld_err *e) {
    return left_out(e, "the shared-object loader", "shared_objects");
}

/* open_image as `role`, every message naming the image; `plan` receives what the headers
 * say, or (NULL) they are kept in this frame only - not in the frames of callers that go on
 * to load a library's dependencies. */
static int open_named(struct elfld_ctx *ctx, const void *data, size_t size, const char *name,
                      const struct elfld_blob *blob, const struct elfld_opts *o,
                      struct elfld_err *e, enum elfld_role role, struct elfld_plan *plan,
                      elfld_lib **out) {
    struct elfld_plan local;
    if (!plan)
        plan = &local;
    plan->role = role;
    const char *outer = e->image;
    e->image = o && o->name ? o->name : name;          /* as elfld_name() will say */
    int rc = open_image(ctx, data, size, name, blob, o, e, plan, out);
    e->image = outer;
    return rc;
}

/* Open from bytes in memory, or (data NULL) from a source without a view that the host
 * reads for us: parse, map, read the dynamic section.  Every message of the open names the
 * image. */
int elfld__open_bytes(struct elfld_ctx *ctx, const void *data, size_t size, const char *name,
                      const struct elfld_blob *blob, const struct elfld_opts *o,
                      struct elfld_err *e, elfld_lib **out) {
    if (!ELFLD_WITH_SHARED_OBJECTS)
        return no_shared_objects(e);
    return open_named(ctx, data, size, name, blob, o, e, ELFLD_ROLE_LIBRARY, NULL, out);
}

/* Open a library or a program (`role`) by path (buf NULL) or from memory; `plan` as
 * open_named's. */
static int open_common(elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                       const struct elfld_opts *opts, struct elfld_err *e, enum elfld_role role,
                       struct elfld_plan *plan, elfld_lib **out) {
    static const struct elfld_opts defaults = {.struct_size = sizeof(struct elfld_opts)};
    if (!ELFLD_WITH_SHARED_OBJECTS && role == ELFLD_ROLE_LIBRARY)
        return no_shared_objects(e);
    if (opts && opts->struct_size < OPTS_MIN_SIZE)
        return elfld__fail(e, ELFLD_EINVAL, "opts.struct_size %zu too small", opts->struct_size);
    const struct elfld_opts *o = opts ? opts : &defaults;
    elfld__system_refresh(ctx);
    if (!path)
        return open_named(ctx, buf, size, "<memory>", NULL, o, e, role, plan, out);

    if (!ctx->host.open)
        return elfld__fail(e, ELFLD_ENOTSUP, "this host cannot open named sources");
    struct elfld_blob blob = {NULL, 0, NULL};
    e->phase = ELFLD_PHASE_READ;
    int rc = ctx->host.open(ctx->host.user, path, &blob);
    if (rc)
        return elfld__fail(e, rc < 0 ? rc : ELFLD_EIO, "cannot open '%s'", path);
    /* Segments are mapped or copied into the image, so the source is no longer needed
     * afterwards. */
    if (!blob.data && !ctx->host.read_source)
        rc = elfld__fail(e, ELFLD_ENOTSUP, "host opened '%s' without a view and has no "
                         "read_source", path);
    else
        rc = open_named(ctx, blob.data, blob.size, path, &blob, o, e, role, plan, out);
    if (!rc && (rc = elfld__note_source(*out, path, &blob, !o->name, false)))
        elfld_release(*out);
    ctx->host.close(ctx->host.user, &blob);
    if (rc)
        return rc == ELFLD_ENOMEM ? elfld__fail(e, rc, "no memory for the source's name") : rc;
    return 0;
}

int elfld__open_program(struct elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                        const struct elfld_opts *o, struct elfld_err *e, struct elfld_plan *plan,
                        elfld_lib **out) {
    return open_common(ctx, path, buf, size, o, e, ELFLD_ROLE_PROGRAM, plan, out);
}

static struct elfld_diag *opts_diag(const struct elfld_opts *opts) {
    return opts && opts->struct_size >= OPTS_MIN_SIZE ? opts->diag : NULL;
}

void elfld__opts_copy(const struct elfld_opts *opts, struct elfld_opts *out) {
    __builtin_memset(out, 0, sizeof *out);
    if (opts)   /* an older caller's smaller struct: the fields it lacks stay zero */
        __builtin_memcpy(out, opts, opts->struct_size < sizeof *out ? opts->struct_size
                                                                      : sizeof *out);
    out->struct_size = sizeof *out;
}

int elfld_open(elfld_ctx *ctx, const char *path, const struct elfld_opts *opts, elfld_lib **out) {
    struct elfld_diag *d = opts_diag(opts);
    elfld__diag_clear(d);
    if (!elfld__ctx_usable(ctx, "elfld_open") || !path || !out)
        return ELFLD_EINVAL;
    struct elfld_err e = {.ctx = ctx, .diag = d, .phase = ELFLD_PHASE_READ};
    return open_common(ctx, path, NULL, 0, opts, &e, ELFLD_ROLE_LIBRARY, NULL, out);
}

int elfld_open_mem(elfld_ctx *ctx, const void *buf, size_t size, const struct elfld_opts *opts,
                   elfld_lib **out) {
    struct elfld_diag *d = opts_diag(opts);
    elfld__diag_clear(d);
    if (!elfld__ctx_usable(ctx, "elfld_open_mem") || (!buf && size) || !out)
        return ELFLD_EINVAL;
    struct elfld_err e = {.ctx = ctx, .diag = d, .phase = ELFLD_PHASE_READ};
    return open_common(ctx, NULL, buf ? buf : "", size, opts, &e, ELFLD_ROLE_LIBRARY, NULL, out);
}

/* ------------------------------------------------------------------ linking */
void elfld__fail_group(struct elfld_lib *const *libs, size_t n) {
    for (size_t i = 0; i < n; i++)
        elfld__drop_deps(libs[i]);
    for (size_t i = 0; i < n; i++) {
        elfld__unmap(libs[i]);
        libs[i]->state = ELFLD_STATE_FAILED;
    }
}

static int check_members(struct elfld_ctx *ctx, struct elfld_lib *const *libs, size_t n,
                         struct elfld_err *e) {
    for (size_t i = 0; i < n; i++) {
        if (!elfld__lib_usable(libs[i], "elfld_link") || libs[i]->ctx != ctx)
            return elfld__fail(e, ELFLD_EINVAL, "group member %zu is not from this context", i);
        if (libs[i]->state != ELFLD_STATE_OPENED)
            return elfld__fail(e, ELFLD_EBUSY, "group member %zu is not in the opened state", i);
        for (size_t j = 0; j < i; j++)
            if (libs[j] == libs[i])
                return elfld__fail(e, ELFLD_EINVAL, "group member %zu appears twice", i);
    }
    return 0;
}

int elfld__link_relocate(struct elfld_ctx *ctx, struct elfld_lib *const *libs, size_t n,
                         struct elfld_err *e) {
    int rc = check_members(ctx, libs, n, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        libs[i]->group_first = libs[0];
        libs[i]->group_next = i + 1 < n ? libs[i + 1] : NULL;
        libs[i]->state = ELFLD_STATE_LINKING;
    }
    /* Text becomes executable before any relocation runs: IFUNC resolvers, in this image or
     * another member, are called while relocating.  Images with text relocations keep their
     * text writable (and not executable) until they are relocated. */
    e->phase = ELFLD_PHASE_PROTECT;
    for (size_t i = 0; i < n && !rc; i++)
        if (!libs[i]->textrel)
            rc = elfld__protect_segments(e, libs[i]);
    e->phase = ELFLD_PHASE_RELOC;
    for (size_t i = 0; i < n && !rc; i++)
        if (ELFLD_WITH_OBJECTS && libs[i]->obj)
            rc = elfld__obj_relocate(e, libs[i]);
        else if (ELFLD_WITH_SHARED_OBJECTS)
            rc = elfld__relocate(e, libs[i]);
    e->phase = ELFLD_PHASE_PROTECT;
    for (size_t i = 0; i < n && !rc; i++) {
        if (libs[i]->textrel)
            rc = elfld__protect_segments(e, libs[i]);
        if (!rc)
            rc = elfld__protect_relro(e, libs[i]);
        if (!rc)
            rc = elfld__check_init(e, libs[i]);
    }
    if (rc) {
        elfld__fail_group(libs, n);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        elfld__tls_ready(libs[i]);    /* the relocated image, before constructors read it */
        libs[i]->state = ELFLD_STATE_READY;
    }
    /* Every member is known to the host's tools before any constructor runs: one may throw
     * through, or walk the stack of, another member. */
    for (size_t i = 0; i < n; i++)
        elfld__announce_ready(libs[i]);
    for (size_t i = 0; i < n; i++)
        elfld__drop_link_state(libs[i]);
    return 0;
}

static int link_group(struct elfld_ctx *ctx, struct elfld_lib *const *libs, size_t n,
                      struct elfld_err *e) {
    int rc = elfld__link_relocate(ctx, libs, n, e);
    if (rc)
        return rc;
    e->phase = ELFLD_PHASE_INIT;
    for (size_t i = 0; i < n; i++)
        elfld__run_init(libs[i]);
    return 0;
}

int elfld_link(elfld_ctx *ctx, elfld_lib *const *libs, size_t count, struct elfld_diag *diag) {
    elfld__diag_clear(diag);
    if (!elfld__ctx_usable(ctx, "elfld_link") || !libs || !count)
        return ELFLD_EINVAL;
    struct elfld_err e = {.ctx = ctx, .diag = diag, .phase = ELFLD_PHASE_RELOC};
    int rc = check_members(ctx, libs, count, &e);
    if (rc)
        return rc;
    for (size_t i = 0; i < count; i++)
        if (ELFLD_WITH_SHARED_OBJECTS && elfld__needs_loading(libs[i]))
            return elfld__link_group_tree(&e, libs, count);
    return link_group(ctx, libs, count, &e);
}

static int load_common(elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                       const struct elfld_opts *opts, elfld_lib **out) {
    struct elfld_diag *d = opts_diag(opts);
    elfld__diag_clear(d);
    if (!elfld__ctx_usable(ctx, "elfld_load") || !out || (!path && !buf && size))
        return ELFLD_EINVAL;
    struct elfld_err e = {.ctx = ctx, .diag = d, .phase = ELFLD_PHASE_READ};
    struct elfld_lib *lib = NULL;
    int rc = open_common(ctx, path, buf ? buf : "", size, opts, &e, ELFLD_ROLE_LIBRARY, NULL, &lib);
    if (rc)
        return rc;
    struct elfld_opts o;
    elfld__opts_copy(opts, &o);
    if (!path) {                       /* the caller's bytes, for image_ready during the call */
        lib->source_bytes = buf;
        lib->source_size = size;
    }
    if (ELFLD_WITH_SHARED_OBJECTS && elfld__needs_loading(lib))
        rc = elfld__load_tree(&e, lib, &o);
    else
        rc = link_group(ctx, &lib, 1, &e);
    if (rc) {
        elfld_release(lib);            /* failed state: frees the metadata */
        return rc;
    }
    lib->source_bytes = NULL;
    *out = lib;
    return 0;
}

int elfld_load(elfld_ctx *ctx, const char *path, const struct elfld_opts *opts, elfld_lib **out) {
    if (!path)
        return ELFLD_EINVAL;
    return load_common(ctx, path, NULL, 0, opts, out);
}

int elfld_load_mem(elfld_ctx *ctx, const void *buf, size_t size, const struct elfld_opts *opts,
                   elfld_lib **out) {
    if (!buf && size)
        return ELFLD_EINVAL;
    return load_common(ctx, NULL, buf ? buf : "", size, opts, out);
}

int elfld_load_needed(elfld_ctx *ctx, elfld_lib *needer, const char *name,
                      const struct elfld_opts *opts, elfld_lib **out) {
    struct elfld_diag *d = opts_diag(opts);
    elfld__diag_clear(d);
    if (!elfld__ctx_usable(ctx, "elfld_load_needed") || !name || !out)
        return ELFLD_EINVAL;
    *out = NULL;
    struct elfld_err e = {.ctx = ctx, .diag = d, .phase = ELFLD_PHASE_READ};
    if (!ELFLD_WITH_SHARED_OBJECTS)
        return no_shared_objects(&e);
    if (opts && opts->struct_size < OPTS_MIN_SIZE)
        return elfld__fail(&e, ELFLD_EINVAL, "opts.struct_size %zu too small", opts->struct_size);
    if (needer && (!elfld__lib_usable(needer, "elfld_load_needed") || needer->ctx != ctx ||
                   needer->state != ELFLD_STATE_READY))
        return elfld__fail(&e, ELFLD_EINVAL, "the needing library is not a linked library of "
                           "this context");
    struct elfld_opts o;
    elfld__opts_copy(opts, &o);
    if (needer && !o.pre_find && !o.post_find) {   /* part of the needer's tree */
        o.pre_find = needer->pre_find;
        o.post_find = needer->post_find;
        o.find_user = needer->find_user;
    }
    elfld__system_refresh(ctx);
    return elfld__load_needed(&e, ctx, needer, name, &o, out);
}

/* ------------------------------------------------------------------ relocatable objects */
/* The shared libraries among an object link's inputs (ELFLD_INPUT_LIBRARY), loaded first with
 * their trees - by name as a DT_NEEDED entry would be found, or from memory - and the
 * objects in `objs`: both arrays from host->alloc, `count` entries each. */
struct object_inputs {
    struct elfld_input *objs;
    size_t nobjs;
    struct elfld_lib **libs;
    size_t nlibs, count;
};

static void inputs_free(struct elfld_ctx *ctx, struct object_inputs *x) {
    for (size_t i = 0; i < x->nlibs; i++)
        elfld_release(x->libs[i]);         /* the image's own references keep them */
    elfld__free(ctx, x->libs, x->count * sizeof *x->libs);
    elfld__free(ctx, x->objs, x->count * sizeof *x->objs);
}

static int split_inputs(struct elfld_ctx *ctx, const struct elfld_input *in, size_t count,
                        const struct elfld_opts *o, struct elfld_err *e,
                        struct object_inputs *x) {
    __builtin_memset(x, 0, sizeof *x);
    x->count = count;
    x->objs = elfld__alloc(ctx, count * sizeof *x->objs);
    x->libs = elfld__alloc(ctx, count * sizeof *x->libs);
    if (!x->objs || !x->libs)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the inputs");
    struct elfld_opts lo;
    elfld__dependency_opts(o, &lo);
    lo.search_path = o->search_path;
    lo.diag = e->diag;
    for (size_t i = 0; i < count; i++) {
        if (!(in[i].flags & ELFLD_INPUT_LIBRARY)) {
            x->objs[x->nobjs++] = in[i];
            continue;
        }
        if (!ELFLD_WITH_SHARED_OBJECTS)
            return no_shared_objects(e);
        if (!in[i].name && !in[i].data)
            return elfld__fail(e, ELFLD_EINVAL, "input %zu: a library without a name", i);
        int rc;
        struct elfld_lib *l = NULL;
        if (in[i].data) {
            lo.name = in[i].name;
            rc = elfld_load_mem(ctx, in[i].data, in[i].size, &lo, &l);
            lo.name = NULL;
        } else {
            rc = elfld_load_needed(ctx, NULL, in[i].name, &lo, &l);
        }
        if (rc)
            return rc;                         /* the diagnostic is the load's */
        if (l)                                 /* NULL: the system's, searched anyway */
            x->libs[x->nlibs++] = l;
    }
    if (!x->nobjs)
        return elfld__fail(e, ELFLD_EINVAL, "no object or archive among the inputs");
    return 0;
}

static int open_objects(struct elfld_ctx *ctx, const struct object_inputs *x,
                        const struct elfld_opts *o, struct elfld_err *e, elfld_lib **out) {
    int rc;
    const struct elfld_input *in = x->objs;
    size_t n = x->nobjs;
    struct elfld_lib *lib = new_lib(ctx, o, in[0].name ? in[0].name : "<objects>", e, &rc);
    if (!lib)
        return rc;
    if (x->nlibs && (rc = elfld__attach_libraries(e, lib, x->libs, x->nlibs)))
        goto fail;
    struct elfld_objlink *L = elfld__obj_new(e, lib, n);
    if (!L) {
        rc = ELFLD_ENOMEM;
        goto fail;
    }
    if ((rc = elfld__obj_add_inputs(e, L, in, n)))
        goto fail;
    if ((rc = elfld__obj_symbols(e, L, o)))
        goto fail;
    e->phase = ELFLD_PHASE_MAP;
    if ((rc = elfld__obj_layout(e, lib, L)))
        goto fail;
    return publish(ctx, lib, out);
fail:
    discard(lib);                      /* frees lib->obj too, closing its inputs */
    return rc;
}

static int objects_common(elfld_ctx *ctx, const struct elfld_input *inputs, size_t count,
                          const struct elfld_opts *opts, elfld_lib **out, bool link) {
    struct elfld_diag *d = opts_diag(opts);
    elfld__diag_clear(d);
    if (!elfld__ctx_usable(ctx, "elfld_load_objects") || !inputs || !count || !out)
        return ELFLD_EINVAL;
    struct elfld_err e = {.ctx = ctx, .diag = d, .phase = ELFLD_PHASE_READ};
    if (!ELFLD_WITH_OBJECTS)
        return left_out(&e, "the object linker", "objects");
    if (opts && opts->struct_size < OPTS_MIN_SIZE)
        return elfld__fail(&e, ELFLD_EINVAL, "opts.struct_size %zu too small", opts->struct_size);
    struct elfld_opts copy;            /* an older caller's: no require list, no search path */
    elfld__opts_copy(opts, &copy);
    const struct elfld_opts *o = &copy;
    if (o->require_count && !o->require)
        return elfld__fail(&e, ELFLD_EINVAL, "require_count without require");
    for (size_t k = 0; k < o->require_count; k++)
        if (!o->require[k])
            return elfld__fail(&e, ELFLD_EINVAL, "require[%zu] is NULL", k);
    elfld__system_refresh(ctx);
    struct elfld_lib *lib = NULL;
    struct object_inputs x;
    int rc = split_inputs(ctx, inputs, count, o, &e, &x);
    if (!rc)
        rc = open_objects(ctx, &x, o, &e, &lib);
    inputs_free(ctx, &x);
    if (rc || !link) {
        if (!rc)
            *out = lib;
        return rc;
    }
    if ((rc = link_group(ctx, &lib, 1, &e))) {
        elfld_release(lib);
        return rc;
    }
    *out = lib;
    return 0;
}

int elfld_open_objects(elfld_ctx *ctx, const struct elfld_input *inputs, size_t count,
                       const struct elfld_opts *opts, elfld_lib **out) {
    return objects_common(ctx, inputs, count, opts, out, false);
}

int elfld_load_objects(elfld_ctx *ctx, const struct elfld_input *inputs, size_t count,
                       const struct elfld_opts *opts, elfld_lib **out) {
    return objects_common(ctx, inputs, count, opts, out, true);
}
