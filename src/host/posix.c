/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix.c - the POSIX host (libelfld-posix.a): Linux userland (glibc or musl), any arch.
 *
 * This is the only part of libelfld that talks to libc.  It keeps no state of its own
 * (host->user is NULL; the one exception is the fill mark of its static TLS area,
 * posix_tls.c), so several contexts can share it and callers may wrap single hooks.
 * Built with -D_GNU_SOURCE (top-level meson.build) for dlvsym() and RTLD_DEFAULT.
 */
#include "elfld/posix.h"
#include "posix_place.h"
#include "posix_search.h"
#include "posix_dlfcn.h"
#include "posix_exec.h"
#include "posix_tls.h"
#include "posix_tools.h"
#include "posix_unwind.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- image memory */

static void *px_reserve(void *user, size_t size, size_t align)
{
    (void)user;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    if (size == 0 || size > SIZE_MAX - page)
        return NULL;
    size = (size + page - 1) & ~(page - 1);

    /* mmap already gives page alignment; anything stricter (64 KiB segments on aarch64,
     * 2 MiB huge-page-aligned images) needs a larger mapping trimmed on both ends. */
    if (align <= page) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    if ((align & (align - 1)) != 0 || size > SIZE_MAX - align)
        return NULL;

    size_t total = size + align;
    void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uintptr_t start = (uintptr_t)p;
    uintptr_t aligned = (start + align - 1) & ~(uintptr_t)(align - 1);
    size_t head = (size_t)(aligned - start);
    size_t tail = total - head - size;
    if (head != 0)
        munmap(p, head);
    if (tail != 0)
        munmap((void *)(aligned + size), tail);
    return (void *)aligned;
}

static void px_unreserve(void *user, void *addr, size_t size)
{
    (void)user;
    munmap(addr, size);
}

static int px_prot(unsigned prot)
{
    return ((prot & ELFLD_PROT_READ) ? PROT_READ : 0) |
           ((prot & ELFLD_PROT_WRITE) ? PROT_WRITE : 0) |
           ((prot & ELFLD_PROT_EXEC) ? PROT_EXEC : 0);
}

static int px_protect(void *user, void *addr, size_t size, unsigned prot)
{
    (void)user;
    return mprotect(addr, size, px_prot(prot)) == 0 ? 0 : ELFLD_EPROTECT;
}

static void px_flush_icache(void *user, void *addr, size_t size)
{
    (void)user;
    /* A no-op on x86; a real cache maintenance sequence (or syscall) elsewhere. */
    __builtin___clear_cache((char *)addr, (char *)addr + size);
}

/* ---------------------------------------------------------------- metadata memory */

/* The core wants 16-byte alignment.  glibc malloc gives that wherever max_align_t is 16-aligned
 * (x86_64, i386, aarch64, riscv, loongarch) but only 8 on 32-bit arm, where we ask for it. */
static void *px_alloc(void *user, size_t size)
{
    (void)user;
    if (_Alignof(max_align_t) >= 16)
        return malloc(size);
    void *p;
    return posix_memalign(&p, 16, size) == 0 ? p : NULL;
}

static void px_free(void *user, void *ptr, size_t size)
{
    (void)user;
    (void)size;
    free(ptr);
}

/* ---------------------------------------------------------------- sources */

/* The file descriptor lives in the cookie, off by one so that a cookie is never NULL. */
static int px_fd(const struct elfld_blob *blob)
{
    return (int)(intptr_t)blob->cookie - 1;
}

/* open + fstat only, no view: the core reads the headers (px_read_source) and maps the
 * segments itself, so a load costs the system calls of the system loader and no more. */
static int px_open(void *user, const char *name, struct elfld_blob *out)
{
    (void)user;
    /* O_NONBLOCK: opening a FIFO (or a device) for reading would otherwise wait for a
     * writer; it is refused below as not a regular file, and on a regular file the flag
     * changes nothing. */
    int fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT ? ELFLD_ENOENT : ELFLD_EIO;

    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > SIZE_MAX) {
        close(fd);
        return ELFLD_EIO;
    }
    out->data = NULL;
    out->size = (size_t)st.st_size; /* 0: the core reports the file as truncated */
    out->cookie = (void *)(intptr_t)(fd + 1);
    return 0;
}

/* The file's device and inode: one file under two names is one source.  (The core asks only
 * for the candidates of a dependency search, so a load the caller names pays no fstat for
 * it, and px_open keeps nothing beside the descriptor.) */
static int px_source_id(void *user, const struct elfld_blob *blob, uint64_t id[2])
{
    (void)user;
    struct stat st;
    if (fstat(px_fd(blob), &st) != 0)
        return -1;
    id[0] = (uint64_t)st.st_dev;
    id[1] = (uint64_t)st.st_ino;
    return 0;
}

static int px_read_source(void *user, const struct elfld_blob *blob, size_t offset, void *dst,
                          size_t size)
{
    (void)user;
    int fd = px_fd(blob);
    char *p = dst;
    while (size > 0) {
        ssize_t n = pread(fd, p, size, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? ELFLD_EIO : errno == ENOMEM ? ELFLD_ENOMEM : ELFLD_EIO;
        p += n;
        offset += (size_t)n;
        size -= (size_t)n;
    }
    return 0;
}

/* Segments map straight from the file: pages the loader never writes stay shared with the
 * page cache instead of being copied into anonymous memory. */
static int px_map_source(void *user, const struct elfld_blob *blob, size_t offset, void *addr,
                         size_t size, unsigned prot)
{
    (void)user;
    void *p = mmap(addr, size, px_prot(prot), MAP_PRIVATE | MAP_FIXED, px_fd(blob),
                   (off_t)offset);
    return p == addr ? 0 : errno == ENOMEM ? ELFLD_ENOMEM : ELFLD_EIO;
}

/*
 * The reservation and the first segment in one mmap, as glibc's loader does.  mmap only
 * guarantees page alignment: a stricter one (64 KiB segments on aarch64) takes the rare
 * longer way, an aligned anonymous reservation with the file mapped over it.
 */
static void *px_reserve_source(void *user, const struct elfld_blob *blob, size_t offset,
                               size_t size, size_t align, unsigned prot)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (align > page) {
        void *p = px_reserve(user, size, align);
        if (p != NULL && px_map_source(user, blob, offset, p, size, prot) != 0) {
            px_unreserve(user, p, size);
            return NULL;
        }
        return p;
    }
    if (size == 0)
        return NULL;
    void *p = mmap(NULL, size, px_prot(prot), MAP_PRIVATE, px_fd(blob), (off_t)offset);
    return p == MAP_FAILED ? NULL : p;
}

static int px_map_zero(void *user, void *addr, size_t size, unsigned prot)
{
    (void)user;
    void *p = mmap(addr, size, px_prot(prot), MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
    return p == addr ? 0 : ELFLD_ENOMEM;
}

static void px_close(void *user, struct elfld_blob *blob)
{
    (void)user;
    if (blob->cookie != NULL)
        close(px_fd(blob));
    blob->data = NULL;
    blob->size = 0;
    blob->cookie = NULL;
}

/* ---------------------------------------------------------------- symbols */

/*
 * "The system" is whatever the process itself has loaded: the executable (when linked with
 * -rdynamic) and its shared libraries, in the dynamic linker's global search order.  A
 * version the image asked for is tried first; if the system has no such version (an image
 * built against a newer or different library) the default version is accepted, as the
 * system loader would do for an unversioned reference.
 */
static int px_resolve(void *user, const char *name, const char *version,
                         struct elfld_found *out)
{
    (void)user;
    void *addr;

    /* musl has no dlvsym (nor symbol versions): there the default version is all we get. */
#ifdef __GLIBC__
    if (version != NULL) {
        dlerror();
        addr = dlvsym(RTLD_DEFAULT, name, version);
        if (addr != NULL || dlerror() == NULL) {
            out->addr = addr;
            out->size = 0;
            return 1;
        }
    }
#else
    (void)version;
#endif
    dlerror();
    addr = dlsym(RTLD_DEFAULT, name);
    /* NULL without an error is a symbol whose value really is 0 (e.g. an absolute symbol). */
    if (addr == NULL && dlerror() != NULL)
        return 0;
    out->addr = addr;
    out->size = 0;
    return 1;
}

/*
 * The process's own images, for the core's system index: one dl_iterate_phdr walk.  The core
 * reads their hash tables itself, so a symbol costs a filter probe instead of a dlsym call
 * (which formats an error message for every miss).  Static programs list only themselves,
 * without a dynamic section: the core then indexes nothing and px_resolve remains.
 */
struct px_images {
    struct elfld_system_image *out;
    size_t cap, n;
};

static int px_image(struct dl_phdr_info *info, size_t size, void *data)
{
    struct px_images *c = data;
    (void)size;
    if (c->n < c->cap) {
        c->out[c->n].name = info->dlpi_name ? info->dlpi_name : "";
        c->out[c->n].base = (uintptr_t)info->dlpi_addr;
        c->out[c->n].phdrs = info->dlpi_phdr;
        c->out[c->n].phnum = info->dlpi_phnum;
    }
    c->n++;
    return 0;
}

static size_t px_system_images(void *user, struct elfld_system_image *out, size_t cap)
{
    struct px_images c = {out, cap, 0};
    (void)user;
    dl_iterate_phdr(px_image, &c);
    return c.n;
}

/* dl_iterate_phdr's counts of images loaded and unloaded since the program started (glibc and
 * musl both report them), read from the first image only: their sum changes with every
 * dlopen and dlclose that maps or unmaps something. */
static int px_generation_of(struct dl_phdr_info *info, size_t size, void *data)
{
    unsigned long long *g = data;
    if (size >= offsetof(struct dl_phdr_info, dlpi_subs) + sizeof info->dlpi_subs)
        *g = (unsigned long long)info->dlpi_adds + (unsigned long long)info->dlpi_subs;
    return 1;                             /* one image is enough */
}

unsigned long long elfld__px_images_generation(void)
{
    unsigned long long g = 0;
    dl_iterate_phdr(px_generation_of, &g);
    if (g == 0) {                         /* no counters: the image count, as without hook */
        struct px_images c = {NULL, 0, 0};
        dl_iterate_phdr(px_image, &c);
        g = (unsigned long long)c.n << 32;
    }
    return g;
}

static unsigned long long px_system_generation(void *user)
{
    (void)user;
    return elfld__px_images_generation();
}

/*
 * Where a lazily bound call lands when its symbol cannot be found: the caller's arguments are
 * ignored (calling a no-argument function with extra arguments is harmless in every C ABI we
 * support) and the process aborts, as glibc's loader would terminate it.  abort() rather than
 * _exit() so that a debugger or core dump shows the faulting call's stack.
 */
static void px_lazy_abort(void)
{
    abort();
}

static void write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

/* write(2) rather than stdio: we may be deep inside an arbitrary call with stdio locked. */
static void *px_lazy_fail(void *user, struct elfld_lib *lib, const char *name)
{
    (void)user;
    (void)lib;
    static const char pre[] = "libelfld: lazy binding of ";
    static const char post[] = " failed\n";
    if (name == NULL)
        name = "?";
    write_all(2, pre, sizeof pre - 1);
    write_all(2, name, strlen(name));
    write_all(2, post, sizeof post - 1);
    /* ISO C has no conversion from function to object pointer; POSIX (dlsym) requires it. */
    void (*fn)(void) = px_lazy_abort;
    void *p;
    memcpy(&p, &fn, sizeof p);
    return p;
}

/* ---------------------------------------------------------------- logging */

static void px_log(void *user, int level, const char *msg)
{
    (void)user;
    static const char *const names[] = {"error", "warning", "info", "debug", "trace"};

    /* Read the environment on every call: the host has no state to cache it in, and logging
     * is not on any hot path. */
    if (level > ELFLD_LOG_WARN && getenv("ELFLD_DEBUG") == NULL)
        return;
    const char *lvl = level >= 0 && level <= ELFLD_LOG_TRACE ? names[level] : "log";
    fprintf(stderr, "libelfld: %s: %s\n", lvl, msg);
}

/* ---------------------------------------------------------------- public */

void elfld_posix_host(struct elfld_host *host, int argc, char **argv, char **envp)
{
    memset(host, 0, sizeof *host);
    host->struct_size = sizeof *host;
    host->user = NULL;
    long page = sysconf(_SC_PAGESIZE);
    host->page_size = page > 0 ? (size_t)page : 4096;
    /* fresh anonymous mappings are zero; dlsym(RTLD_DEFAULT) sees what dl_iterate_phdr lists */
    host->flags = ELFLD_HOST_ZEROED_RESERVE | ELFLD_HOST_RESOLVE_IS_SYSTEM |
                  ELFLD_HOST_TLS_DESTRUCTOR_ROUNDS;
    host->reserve = px_reserve;
    host->unreserve = px_unreserve;
    host->protect = px_protect;
    host->flush_icache = px_flush_icache;
    host->alloc = px_alloc;
    host->free = px_free;
    host->open = px_open;
    host->close = px_close;
    host->map_source = px_map_source;
    host->read_source = px_read_source;
    host->source_id = px_source_id;
    host->reserve_source = px_reserve_source;
    host->map_zero = px_map_zero;
    host->resolve = px_resolve;
    host->system_images = px_system_images;
    host->system_generation = px_system_generation;
    host->reserve_within = elfld__px_reserve_within;
    elfld__px_tls_hooks(host);
    elfld__px_search_hooks(host);
    elfld__px_dlfcn_hooks(host);
    elfld__px_tools_hooks(host);
    elfld__px_exec_hooks(host);
    host->lazy_fail = px_lazy_fail;
    host->log = px_log;
    /* what px_log prints: errors and warnings; with ELFLD_DEBUG set every level but the
     * trace, with ELFLD_DEBUG=trace that too (read here once, so the core does not format
     * what would not be printed) */
    const char *debug = getenv("ELFLD_DEBUG");
    host->log_levels = !debug ? (1u << ELFLD_LOG_ERROR) | (1u << ELFLD_LOG_WARN)
                       : strcmp(debug, "trace") == 0 ? (2u << ELFLD_LOG_TRACE) - 1u : 0u;
    host->argc = argc;
    host->argv = argv;
    host->envp = envp;
}

int elfld_posix_ctx_create(elfld_ctx **out, int argc, char **argv, char **envp)
{
    struct elfld_host host;
    elfld_posix_host(&host, argc, argv, envp);
    return elfld_ctx_create(&host, out);
}
