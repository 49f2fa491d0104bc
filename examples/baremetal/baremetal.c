/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * baremetal - proof that the libelfld core needs no C library.
 *
 * A static, freestanding program: its own _start, raw system calls standing in for a
 * firmware's console and reset (write, exit_group) and for its executable RAM (one mprotect at
 * start), and the four memory functions every freestanding GCC/Clang target must supply.  Everything libelfld needs comes from an "arena
 * host" over one static array - the shape a kernel or firmware would copy:
 *
 *   reserve/alloc   carve from the arena (first fit, any power-of-two alignment)
 *   unreserve/free  give back to it (address-ordered free list, neighbours merged)
 *   protect         NULL: no MMU, protections are not enforced
 *   open/close      NULL: images come from memory (elfld_load_mem)
 *   resolve         a small table of the host's own functions and data
 *
 * It loads an embedded plugin, calls it, unloads it, and exits 0 only if the result is right
 * and every byte of the arena came back.
 */
#include <stddef.h>
#include <stdint.h>

#include <elfld.h>

#include BM_ARCH_H      /* arch_<arch>.h: _start, bm_syscall3, BM_SYS_*, BM_FLUSH_ICACHE */
#ifndef BM_PLUGIN_H     /* a build with several variants names each one's */
#define BM_PLUGIN_H "plugin_so.h"
#endif
#include BM_PLUGIN_H    /* plugin_so[], plugin_so_size: generated from plugin.c's .so */

/* ---------------------------------------------------------------- the "C library" */

/* The compiler may emit calls to these even in freestanding code (struct copies, loops), and
 * libelfld.a is allowed to need exactly these four. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

/* ---------------------------------------------------------------- console */

static size_t bm_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void bm_puts(const char *s)
{
    size_t n = bm_strlen(s);
    while (n > 0) {
        long w = bm_syscall3(BM_SYS_write, 1, (long)s, (long)n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void bm_putl(long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    bm_puts(p);
}

__attribute__((noreturn)) static void bm_exit(int status)
{
    for (;;)
        bm_syscall3(BM_SYS_exit_group, status, 0, 0);
}

/* ---------------------------------------------------------------- the arena host */

#define ARENA_SIZE (1024u * 1024u)
#define ARENA_ALIGN 65536u /* the largest Linux page size, for the mprotect in bm_main */
#define GRAIN 16u /* every block and every free chunk is a multiple of this */

/* Free chunks live inside the free memory itself, sorted by address. */
struct chunk {
    struct chunk *next;
    size_t size;
};

struct arena {
    unsigned char *base;
    size_t size;
    struct chunk *free;
};

static _Alignas(ARENA_ALIGN) unsigned char arena_mem[ARENA_SIZE];

/* A firmware would halt here; a corrupt free list means the core returned something it does
 * not own. */
__attribute__((noreturn)) static void arena_panic(const char *what)
{
    bm_puts("baremetal: arena: ");
    bm_puts(what);
    bm_puts("\n");
    bm_exit(2);
}

static void arena_init(struct arena *a, unsigned char *mem, size_t size)
{
    a->base = mem;
    a->size = size;
    a->free = (struct chunk *)(void *)mem;
    a->free->next = NULL;
    a->free->size = size;
}

static int round_grain(size_t *size)
{
    if (*size == 0)
        *size = GRAIN;
    if (*size > SIZE_MAX - (GRAIN - 1))
        return 0;
    *size = (*size + GRAIN - 1) & ~(size_t)(GRAIN - 1);
    return 1;
}

/* First fit: the block may start inside a chunk (alignment); what is left on either side stays
 * free. */
static void *arena_take(struct arena *a, size_t size, size_t align)
{
    if (!round_grain(&size) || align == 0 || (align & (align - 1)) != 0)
        return NULL;
    if (align < GRAIN)
        align = GRAIN;
    for (struct chunk **link = &a->free; *link != NULL; link = &(*link)->next) {
        struct chunk *c = *link;
        uintptr_t start = (uintptr_t)c, end = start + c->size;
        uintptr_t p = (start + align - 1) & ~(uintptr_t)(align - 1);
        if (p < start || p > end || end - p < size)
            continue;

        struct chunk *rest = c->next;
        if (end - p > size) { /* tail stays free */
            struct chunk *tail = (struct chunk *)(p + size);
            tail->next = rest;
            tail->size = end - p - size;
            rest = tail;
        }
        if (p > start) { /* head stays free */
            c->size = p - start;
            c->next = rest;
        } else {
            *link = rest;
        }
        /* Poison: a real device's memory is not zero either, so missing initialisation in
         * the core (e.g. .bss not cleared) shows up here. */
        memset((void *)p, 0xa5, size);
        return (void *)p;
    }
    return NULL;
}

static void arena_give(struct arena *a, void *ptr, size_t size)
{
    if (ptr == NULL)
        return;
    if (!round_grain(&size))
        arena_panic("bad size");
    uintptr_t p = (uintptr_t)ptr, end = p + size;
    if (p < (uintptr_t)a->base || end > (uintptr_t)a->base + a->size || end < p ||
        (p & (GRAIN - 1)) != 0)
        arena_panic("free of memory it does not own");

    struct chunk *prev = NULL, *next = a->free;
    while (next != NULL && (uintptr_t)next < p) {
        prev = next;
        next = next->next;
    }
    if ((next != NULL && (uintptr_t)next < end) ||
        (prev != NULL && (uintptr_t)prev + prev->size > p))
        arena_panic("double free or overlapping free");

    struct chunk *c = (struct chunk *)ptr;
    c->size = size;
    c->next = next;
    if (next != NULL && end == (uintptr_t)next) { /* merge with the following chunk */
        c->size += next->size;
        c->next = next->next;
    }
    if (prev != NULL && (uintptr_t)prev + prev->size == p) { /* and with the preceding one */
        prev->size += c->size;
        prev->next = c->next;
    } else if (prev != NULL) {
        prev->next = c;
    } else {
        a->free = c;
    }
}

/* Everything came back when the free list is again one chunk covering the arena. */
static int arena_all_free(const struct arena *a)
{
    return a->free != NULL && (unsigned char *)a->free == a->base && a->free->size == a->size &&
           a->free->next == NULL;
}

static void *host_reserve(void *user, size_t size, size_t align)
{
    return arena_take(user, size, align);
}

static void host_unreserve(void *user, void *addr, size_t size)
{
    arena_give(user, addr, size);
}

static void *host_alloc(void *user, size_t size)
{
    return arena_take(user, size, GRAIN);
}

static void host_free(void *user, void *ptr, size_t size)
{
    arena_give(user, ptr, size);
}

static void host_log(void *user, int level, const char *msg)
{
    (void)user;
    if (level > ELFLD_LOG_WARN)
        return;
    bm_puts(level == ELFLD_LOG_ERROR ? "libelfld: error: " : "libelfld: warning: ");
    bm_puts(msg);
    bm_puts("\n");
}

/* ---------------------------------------------------------------- what the plugin may use */

void bm_print(const char *msg);
extern const long bm_magic;

void bm_print(const char *msg)
{
    bm_puts("plugin says: ");
    bm_puts(msg);
    bm_puts("\n");
}

const long bm_magic = 1000;

/* The "system" of this firmware: a fixed table instead of a dynamic linker. */
static int host_resolve(void *user, const char *name, const char *version,
                        struct elfld_found *out)
{
    static const struct {
        const char *name;
        void *addr;
        size_t size;
    } table[] = {
        {"bm_print", (void *)bm_print, 0},
        {"bm_magic", (void *)&bm_magic, sizeof bm_magic},
    };
    (void)user;
    (void)version;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *a = table[i].name, *b = name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b) {
            out->addr = table[i].addr;
            out->size = table[i].size;
            return 1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- main */

#define EXPECTED 1049 /* see plugin.c */

static int bm_main(int argc, char **argv, char **envp)
{
    /* Linux maps .bss without execute permission, while a device without an MMU runs code
     * from any RAM: give the arena that property once, as platform setup.  (Protections are
     * not libelfld's business here: host.protect stays NULL.) */
    if (bm_syscall3(BM_SYS_mprotect, (long)arena_mem, (long)sizeof arena_mem, 7 /* RWX */) != 0) {
        bm_puts("baremetal: cannot make the arena executable\n");
        return 1;
    }
    struct arena arena;
    arena_init(&arena, arena_mem, sizeof arena_mem);

    struct elfld_host host;
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.user = &arena;
    host.page_size = 16;  /* no MMU: no page granularity to respect */
    host.flags = 0;       /* recycled arena memory is not zero */
    host.reserve = host_reserve;
    host.unreserve = host_unreserve;
    host.protect = NULL;
    host.flush_icache = BM_FLUSH_ICACHE;
    host.alloc = host_alloc;
    host.free = host_free;
    host.resolve = host_resolve;
    host.log = host_log;
    host.argc = argc;
    host.argv = argv;
    host.envp = envp;

    elfld_ctx *ctx;
    int rc = elfld_ctx_create(&host, &ctx);
    if (rc != 0) {
        bm_puts("baremetal: elfld_ctx_create: ");
        bm_puts(elfld_strerror(rc));
        bm_puts("\n");
        return 1;
    }

    struct elfld_diag diag;
    memset(&diag, 0, sizeof diag);
    struct elfld_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.struct_size = sizeof opts;
    opts.name = "plugin.so";
    opts.diag = &diag;

    elfld_lib *lib;
    rc = elfld_load_mem(ctx, plugin_so, plugin_so_size, &opts, &lib);
    if (rc != 0) {
        bm_puts("baremetal: elfld_load_mem: ");
        bm_puts(elfld_strerror(rc));
        bm_puts(": ");
        bm_puts(diag.message);
        if (diag.symbol[0]) {
            bm_puts(" (symbol ");
            bm_puts(diag.symbol);
            bm_puts(")");
        }
        bm_puts("\n");
        elfld_ctx_destroy(ctx);
        return 1;
    }

    int ok = 1;
    void *sym = elfld_sym(lib, "plugin_compute");
    if (sym == NULL) {
        bm_puts("baremetal: plugin_compute not found\n");
        ok = 0;
    } else {
        long (*compute)(long) = (long (*)(long))sym;
        long r = compute(3);
        bm_puts("baremetal: plugin_compute(3) = ");
        bm_putl(r);
        bm_puts(r == EXPECTED ? " (ok)\n" : " (WRONG, expected 1049)\n");
        ok = r == EXPECTED;
    }

    elfld_release(lib);
    elfld_ctx_destroy(ctx);
    if (!arena_all_free(&arena)) {
        bm_puts("baremetal: arena: memory not returned after unload\n");
        ok = 0;
    }
    return ok ? 0 : 1;
}

/* Called by _start with the initial stack: argc, argv[], NULL, envp[], NULL. */
__attribute__((noreturn, used)) void bm_start(long *sp);

void bm_start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    bm_exit(bm_main(argc, argv, envp));
}
