/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_dlfcn.c - dlopen, dlsym, dlvsym, dlclose, dladdr, dlerror, dlinfo and dl_iterate_phdr
 * (dlvsym and dlinfo with glibc only: musl has neither symbol versions nor RTLD_DI_ORIGIN)
 * as code loaded by libelfld sees them (host->intercept): they know the libraries of the
 * caller's context.
 *
 * Without them a library loaded by libelfld that opens its own plugins gets the system's
 * dlopen, which loads the plugin into the system loader's world, where nothing the libelfld
 * library exports exists (Python's extension modules fail with "undefined symbol:
 * PyFloat_Type").  Here:
 *
 *   - dlopen(name) from loaded code loads through the caller's context, searched as the
 *     caller's own DT_NEEDED would be (elfld_load_needed: its DT_RPATH / DT_RUNPATH, $ORIGIN);
 *     a name the system provides is the system's dlopen's; dlopen(NULL) is the program;
 *   - dlsym / dlvsym with a handle from it search that library and its dependencies;
 *     RTLD_DEFAULT and the program's handle search the system, then the context's
 *     ELFLD_GLOBAL libraries; RTLD_NEXT the context's ELFLD_GLOBAL libraries after the
 *     caller, then the system;
 *   - dladdr and (glibc) dlinfo's RTLD_DI_ORIGIN answer for the context's libraries, dl_iterate_phdr
 *     lists the system's images and then the caller's context's;
 *   - everything else goes to the system's functions, and so does every call from code that
 *     is not in a context (the caller is found by its return address).
 *
 * Which context a call comes from is found from the caller's address among the contexts
 * whose libraries were given these functions: a table kept under a mutex, each context added
 * at its first interception and dropped when it is destroyed (host->context_destroyed).
 * Handles given out are the libraries themselves, kept in a second table with the number of
 * dlopen references each holds, so that dlsym tells them from the system's handles.  The
 * context rule of elfld.h holds for these calls as for any other: one thread at a time.
 */
#include "posix_dlfcn.h"
#include "posix_unwind.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfld.h"

static pthread_mutex_t px_lock = PTHREAD_MUTEX_INITIALIZER;

struct px_tables {
    elfld_ctx **ctxs;                 /* contexts whose code got these functions */
    size_t nctx, ctx_cap;
    struct px_handle {
        elfld_lib *lib;
        elfld_ctx *ctx;
        unsigned opens;               /* dlopen references not yet closed */
    } *handles;
    size_t nhandles, handle_cap;
};
static struct px_tables px;

/* dlopen(NULL): the program, answered by the system and the context's global libraries. */
static char px_program;

static __thread char px_error[512];
static __thread char px_error_out[512];
static __thread bool px_error_set;

static void set_error(const char *fmt, const char *a, const char *b)
{
    snprintf(px_error, sizeof px_error, fmt, a, b);
    px_error_set = true;
}

static bool grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 8;
    void *p = realloc(*arr, c * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = c;
    return true;
}

static void add_context(elfld_ctx *ctx)
{
    pthread_mutex_lock(&px_lock);
    size_t i = 0;
    while (i < px.nctx && px.ctxs[i] != ctx)
        i++;
    if (i == px.nctx && grow((void **)&px.ctxs, &px.ctx_cap, px.nctx, sizeof *px.ctxs))
        px.ctxs[px.nctx++] = ctx;
    pthread_mutex_unlock(&px_lock);
}

static void px_context_destroyed(void *user, struct elfld_ctx *ctx)
{
    (void)user;
    pthread_mutex_lock(&px_lock);
    for (size_t i = 0; i < px.nctx; i++)
        if (px.ctxs[i] == ctx)
            px.ctxs[i--] = px.ctxs[--px.nctx];
    for (size_t i = 0; i < px.nhandles; i++)
        if (px.handles[i].ctx == ctx)
            px.handles[i--] = px.handles[--px.nhandles];
    if (!px.nctx) {
        free(px.ctxs);
        free(px.handles);
        memset(&px, 0, sizeof px);
    }
    pthread_mutex_unlock(&px_lock);
}

/* The context and library holding `addr`, or false. */
static bool find_caller(const void *addr, elfld_ctx **ctx, elfld_lib **lib)
{
    pthread_mutex_lock(&px_lock);
    bool found = false;
    for (size_t i = 0; i < px.nctx && !found; i++)
        if ((*lib = elfld_lib_at(px.ctxs[i], addr))) {
            *ctx = px.ctxs[i];
            found = true;
        }
    pthread_mutex_unlock(&px_lock);
    return found;
}

/* The handle table entry of a library handle, or NULL: not one of ours. */
static struct px_handle *handle_of(const void *h)
{
    for (size_t i = 0; i < px.nhandles; i++)
        if (px.handles[i].lib == h)
            return &px.handles[i];
    return NULL;
}

static bool is_ours(void *handle, elfld_lib **lib)
{
    pthread_mutex_lock(&px_lock);
    struct px_handle *e = handle_of(handle);
    *lib = e ? e->lib : NULL;
    pthread_mutex_unlock(&px_lock);
    return e != NULL;
}

/* ------------------------------------------------------------------ dlopen, dlclose */
static unsigned flags_of(int mode)
{
    unsigned f = 0;
    if (mode & RTLD_NOW)
        f |= ELFLD_NOW;
    if (mode & RTLD_GLOBAL)
        f |= ELFLD_GLOBAL;
    if (mode & RTLD_NODELETE)
        f |= ELFLD_NODELETE;
    return f;
}

static void *open_in(elfld_ctx *ctx, elfld_lib *caller, const char *file, int mode)
{
    struct elfld_diag diag;
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.flags = flags_of(mode);
    o.diag = &diag;
    elfld_lib *lib = NULL;
    if (mode & RTLD_NOLOAD) {                 /* only a library the context has */
        for (elfld_lib *l = elfld_next(ctx, NULL); l && !lib; l = elfld_next(ctx, l))
            if ((elfld_soname(l) && strcmp(elfld_soname(l), file) == 0) ||
                strcmp(elfld_name(l), file) == 0)
                lib = elfld_retain(l);
        if (!lib)
            return dlopen(file, mode);
    } else if (elfld_load_needed(ctx, caller, file, &o, &lib) != 0) {
        set_error("%s: %s", file, diag.message);
        return NULL;
    }
    if (!lib)                                 /* the system provides it */
        return dlopen(file, mode);
    pthread_mutex_lock(&px_lock);
    struct px_handle *e = handle_of(lib);
    if (!e && grow((void **)&px.handles, &px.handle_cap, px.nhandles, sizeof *px.handles)) {
        e = &px.handles[px.nhandles++];
        e->lib = lib;
        e->ctx = ctx;
        e->opens = 0;
    }
    if (e)
        e->opens++;
    pthread_mutex_unlock(&px_lock);
    if (!e) {
        elfld_release(lib);
        set_error("%s: %s", file, "out of memory");
        return NULL;
    }
    return lib;
}

static void *px_dlopen(const char *file, int mode)
{
    elfld_ctx *ctx;
    elfld_lib *caller;
    if (!find_caller(__builtin_return_address(0), &ctx, &caller))
        return dlopen(file, mode);
    return file ? open_in(ctx, caller, file, mode) : &px_program;
}

static int px_dlclose(void *handle)
{
    if (handle == &px_program)
        return 0;
    pthread_mutex_lock(&px_lock);
    struct px_handle *e = handle_of(handle);
    elfld_lib *lib = e ? e->lib : NULL;
    if (e && --e->opens == 0)
        *e = px.handles[--px.nhandles];
    pthread_mutex_unlock(&px_lock);
    if (!lib)
        return dlclose(handle);
    elfld_release(lib);
    return 0;
}

/* ------------------------------------------------------------------ dlsym, dlvsym */
/* The context's ELFLD_GLOBAL libraries in load order, from the one after `after` (NULL:
 * the first). */
static void *search_globals(elfld_ctx *ctx, elfld_lib *after, const char *name,
                            const char *version)
{
    elfld_lib *l = after ? elfld_next(ctx, after) : elfld_next(ctx, NULL);
    for (; l; l = elfld_next(ctx, l)) {
        struct elfld_syminfo si;
        if ((elfld_flags(l) & ELFLD_GLOBAL) && elfld_sym_info(l, name, version, &si) == 0)
            return si.addr;
    }
    return NULL;
}

static void *system_sym(void *handle, const char *name, const char *version)
{
#ifdef __GLIBC__
    if (version)
        return dlvsym(handle, name, version);
#else
    (void)version;                            /* musl: no symbol versions, no dlvsym */
#endif
    return dlsym(handle, name);
}

static void *lookup(void *handle, const char *name, const char *version, const void *ret)
{
    elfld_lib *lib;
    if (is_ours(handle, &lib)) {
        struct elfld_syminfo si;
        if (elfld_sym_deps(lib, name, version, &si) == 0)
            return si.addr;
        set_error("%s: undefined symbol: %s", elfld_name(lib), name);
        return NULL;
    }
    elfld_ctx *ctx;
    elfld_lib *caller;
    bool program = handle == &px_program || handle == RTLD_DEFAULT;
    if ((!program && handle != RTLD_NEXT) || !find_caller(ret, &ctx, &caller))
        return system_sym(program ? RTLD_DEFAULT : handle, name, version);
    void *p;
    if (program) {
        if ((p = system_sym(RTLD_DEFAULT, name, version)) ||
            (p = search_globals(ctx, NULL, name, version)))
            return p;
    } else {                                  /* RTLD_NEXT: the libraries after the caller */
        if ((p = search_globals(ctx, caller, name, version)) ||
            (p = system_sym(RTLD_DEFAULT, name, version)))
            return p;
    }
    (void)dlerror();                          /* the system's message is not the answer */
    set_error("undefined symbol: %s%s", name, "");
    return NULL;
}

static void *px_dlsym(void *handle, const char *name)
{
    return lookup(handle, name, NULL, __builtin_return_address(0));
}

#ifdef __GLIBC__
static void *px_dlvsym(void *handle, const char *name, const char *version)
{
    return lookup(handle, name, version, __builtin_return_address(0));
}
#endif

/* ------------------------------------------------------------------ dladdr, dlinfo, dlerror */
static elfld_lib *lib_at(const void *addr, elfld_ctx **ctx)
{
    elfld_lib *lib;
    return find_caller(addr, ctx, &lib) ? lib : NULL;
}

static int px_dladdr(const void *addr, Dl_info *info)
{
    elfld_ctx *ctx;
    elfld_lib *lib = lib_at(addr, &ctx);
    if (!lib)
        return dladdr(addr, info);
    struct elfld_syminfo si;
    bool sym = elfld_addr_info(ctx, addr, &si) == 0 && si.lib == lib;
    info->dli_fname = elfld_name(lib);
    info->dli_fbase = (void *)elfld_base(lib);
    info->dli_sname = sym ? si.name : NULL;
    info->dli_saddr = sym ? si.addr : NULL;
    return 1;
}

#ifdef __GLIBC__
static int px_dlinfo(void *handle, int request, void *arg)
{
    elfld_lib *lib;
    if (!is_ours(handle, &lib))
        return dlinfo(handle, request, arg);
    if (request != RTLD_DI_ORIGIN) {
        set_error("%s: dlinfo request %s is not available for libraries loaded by libelfld",
                  elfld_name(lib), request == RTLD_DI_LINKMAP ? "RTLD_DI_LINKMAP" : "");
        return -1;
    }
    const char *name = elfld_name(lib), *slash = strrchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) : 0;
    memcpy(arg, slash ? name : ".", slash ? n : 1);
    ((char *)arg)[slash ? n : 1] = 0;
    return 0;
}
#endif

static char *px_dlerror(void)
{
    if (!px_error_set)
        return dlerror();
    px_error_set = false;
    memcpy(px_error_out, px_error, sizeof px_error_out);
    return px_error_out;
}

/* ------------------------------------------------------------------ dl_iterate_phdr */
typedef int (*phdr_fn)(struct dl_phdr_info *, size_t, void *);

static int px_dl_iterate_phdr(phdr_fn cb, void *data)
{
    int rc = dl_iterate_phdr(cb, data);
    elfld_ctx *ctx;
    elfld_lib *caller;
    if (rc || !find_caller(__builtin_return_address(0), &ctx, &caller))
        return rc;
    for (elfld_lib *l = elfld_next(ctx, NULL); l && !rc; l = elfld_next(ctx, l)) {
        unsigned n;
        const void *ph = elfld_phdrs(l, &n);
        if (!ph)
            continue;
        struct dl_phdr_info info;
        memset(&info, 0, sizeof info);
        info.dlpi_addr = (ElfW(Addr))elfld_base(l);
        info.dlpi_name = elfld_name(l);
        info.dlpi_phdr = ph;
        info.dlpi_phnum = (ElfW(Half))n;
        rc = cb(&info, sizeof info, data);
    }
    return rc;
}

/* ------------------------------------------------------------------ the hook */
static const char *const px_names[] = {"dlopen", "dlsym", "dlvsym", "dlclose", "dladdr",
                                       "dlerror", "dlinfo", "dl_iterate_phdr",
#if defined(__ARM_EABI__) && !defined(__ARM_DWARF_EH__)
                                       "__gnu_Unwind_Find_exidx",   /* posix_unwind.c */
#endif
                                       NULL};

static int px_intercept(void *user, struct elfld_lib *lib, const char *name, const char *version,
                        struct elfld_found *out)
{
    (void)user;
    (void)version;
    void (*fn)(void) = NULL;
    if (strcmp(name, "dlopen") == 0)
        fn = (void (*)(void))px_dlopen;
    else if (strcmp(name, "dlsym") == 0)
        fn = (void (*)(void))px_dlsym;
#ifdef __GLIBC__
    else if (strcmp(name, "dlvsym") == 0)
        fn = (void (*)(void))px_dlvsym;
    else if (strcmp(name, "dlinfo") == 0)
        fn = (void (*)(void))px_dlinfo;
#endif
    else if (strcmp(name, "dlclose") == 0)
        fn = (void (*)(void))px_dlclose;
    else if (strcmp(name, "dladdr") == 0)
        fn = (void (*)(void))px_dladdr;
    else if (strcmp(name, "dlerror") == 0)
        fn = (void (*)(void))px_dlerror;
    else if (strcmp(name, "dl_iterate_phdr") == 0)
        fn = (void (*)(void))px_dl_iterate_phdr;
#if defined(__ARM_EABI__) && !defined(__ARM_DWARF_EH__)
    else if (strcmp(name, "__gnu_Unwind_Find_exidx") == 0)
        fn = (void (*)(void))__gnu_Unwind_Find_exidx;
#endif
    if (!fn)
        return 0;
    add_context(elfld_context(lib));
    memcpy(&out->addr, &fn, sizeof out->addr);
    out->size = 0;
    return 1;
}

void elfld__px_dlfcn_hooks(struct elfld_host *host)
{
    host->intercept_names = px_names;
    host->intercept = px_intercept;
    host->context_destroyed = px_context_destroyed;
}
