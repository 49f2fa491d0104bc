/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * kernel - a toy kernel that loads kernel-style modules (relocatable .o files) with libelfld.
 *
 *   kernel NAME=FILE.o ...
 *
 * It plays insmod for each module in order, lists and exercises the devices the modules
 * registered, tries to unload the first module while the others still use it, then unloads
 * every module newest first.  What a kernel gives its modules, it gives here:
 *
 *   symbol table   the host's resolve hook knows printk, register_device, unregister_device,
 *                  kmalloc and kfree, and nothing else: a module calling malloc is refused
 *   module area    reserve/unreserve hand out pages of one static, page-aligned array in this
 *                  program's .bss, reserve_within those of them inside the address window a
 *                  non-PIC module's fields allow; protect (mprotect) and flush_icache make module text
 *                  executable and nothing writable and executable at once
 *   exports        a module is loaded ELFLD_GLOBAL, so its symbols serve the modules loaded
 *                  after it; libelfld's reference counts then say which module is in use
 *
 * printk writes to a log buffer that the kernel prints ("[log] ...") after each step, as
 * dmesg would show it.  The program exits 0 when the module area, the device list and the
 * kmalloc count are all empty at the end.
 *
 * This program uses libelfld's core only (no POSIX host) and libc for its own printing and
 * file reading; none of libc is visible to the modules.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <elfld.h>

#include "kmod.h"

/* ---------------------------------------------------------------- the module area */

#define MODULE_AREA_SIZE (1024u * 1024u)
/* The largest page size Linux uses: the area is page aligned whatever the page size. */
#define MODULE_AREA_ALIGN 65536u
/* The smallest page size, which sets how many pages the area can have. */
#define MIN_PAGE_SIZE 4096u
#define MODULE_AREA_MAX_PAGES (MODULE_AREA_SIZE / MIN_PAGE_SIZE)
/* Fresh and returned module memory is filled with this, so the loader cannot rely on
 * zeroes it did not write (a module's .bss must still read as zero). */
#define POISON_BYTE 0xa5

/*
 * In .bss of a non-PIE program: on x86_64 that is the low 2 GiB of the address space, which
 * code built -mcmodel=small -fno-PIC needs (see README.md); everywhere it is within reach of
 * this program's functions for the modules' PC-relative calls and address computations.
 */
static _Alignas(MODULE_AREA_ALIGN) unsigned char module_area[MODULE_AREA_SIZE];

struct area {
    size_t page_size;
    size_t pages;                              /* MODULE_AREA_SIZE / page_size */
    unsigned char used[MODULE_AREA_MAX_PAGES]; /* 1 for each page handed out */
};

static size_t area_bytes_in_use(const struct area *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->pages; i++)
        n += a->used[i];
    return n * a->page_size;
}

/* A kernel would panic: libelfld gave back memory it was never given. */
static void area_panic(const char *what, const void *addr)
{
    fprintf(stderr, "kernel: module area: %s (%p)\n", what, addr);
    abort();
}

/* First fit: the first run of free pages that starts at a multiple of `align` (a power of
 * two, at least the page size), is long enough and lies inside [first, last] (inclusive). */
static void *area_fit(struct area *a, size_t size, size_t align, uintptr_t first,
                      uintptr_t last)
{
    size_t need = (size + a->page_size - 1) / a->page_size;
    uintptr_t base = (uintptr_t)module_area, lo = base, end = base + MODULE_AREA_SIZE;
    if (first > lo)
        lo = first;
    if (last < end - 1)
        end = last + 1;
    if (size == 0 || need > a->pages || lo >= end)
        return NULL;
    for (uintptr_t p = (lo + align - 1) & ~(uintptr_t)(align - 1);
         p >= lo && p <= end && end - p >= need * a->page_size; p += align) {
        size_t page = (p - base) / a->page_size, run = 0;
        while (run < need && !a->used[page + run])
            run++;
        if (run < need)
            continue;
        memset(&a->used[page], 1, need);
        memset((void *)p, POISON_BYTE, need * a->page_size);
        return (void *)p;
    }
    return NULL;
}

static void *host_reserve(void *user, size_t size, size_t align)
{
    return area_fit(user, size, align, 0, UINTPTR_MAX);
}

/* A module whose fields reach only part of the address space (non-PIC code: x86_64's 32-bit
 * absolute addresses, PC-relative references to this kernel's data) gets its memory where
 * they reach, as long as that is inside the module area: Linux too keeps its module area
 * within reach of the kernel, and refuses what does not fit. */
static void *host_reserve_within(void *user, size_t size, size_t align, uintptr_t first,
                                 uintptr_t last)
{
    return area_fit(user, size, align, first, last);
}

static void host_unreserve(void *user, void *addr, size_t size)
{
    struct area *a = user;
    uintptr_t off = (uintptr_t)addr - (uintptr_t)module_area;
    size_t pages = (size + a->page_size - 1) / a->page_size;
    if ((uintptr_t)addr < (uintptr_t)module_area || off % a->page_size != 0 ||
        off / a->page_size + pages > a->pages)
        area_panic("unreserve of memory outside the area", addr);
    size_t first = off / a->page_size;
    for (size_t i = first; i < first + pages; i++)
        if (!a->used[i])
            area_panic("unreserve of free pages", addr);
    /* The image left its pages read-only or executable: make them plain memory again. */
    if (mprotect(addr, pages * a->page_size, PROT_READ | PROT_WRITE) != 0)
        area_panic("cannot make returned pages writable", addr);
    memset(addr, POISON_BYTE, pages * a->page_size);
    memset(&a->used[first], 0, pages);
}

static int host_protect(void *user, void *addr, size_t size, unsigned prot)
{
    (void)user;
    int p = PROT_NONE;
    if (prot & ELFLD_PROT_READ)
        p |= PROT_READ;
    if (prot & ELFLD_PROT_WRITE)
        p |= PROT_WRITE;
    if (prot & ELFLD_PROT_EXEC)
        p |= PROT_EXEC;
    return mprotect(addr, size, p) == 0 ? 0 : ELFLD_EPROTECT;
}

static void host_flush_icache(void *user, void *addr, size_t size)
{
    (void)user;
    __builtin___clear_cache((char *)addr, (char *)addr + size);
}

/* ---------------------------------------------------------------- kernel memory */

/* libelfld's metadata and the modules' kmalloc both come from here; the counts prove that
 * everything was given back. */
#define KMALLOC_ALIGN 16u /* what libelfld's alloc hook must return at least */

static size_t metadata_bytes;
static size_t kmalloc_blocks;

static void *host_alloc(void *user, size_t size)
{
    (void)user;
    size_t rounded = (size + KMALLOC_ALIGN - 1) & ~(size_t)(KMALLOC_ALIGN - 1);
    void *p = aligned_alloc(KMALLOC_ALIGN, rounded ? rounded : KMALLOC_ALIGN);
    if (p != NULL)
        metadata_bytes += size;
    return p;
}

static void host_free(void *user, void *ptr, size_t size)
{
    (void)user;
    if (ptr != NULL)
        metadata_bytes -= size;
    free(ptr);
}

void *kmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p != NULL)
        kmalloc_blocks++;
    return p;
}

void kfree(void *ptr)
{
    if (ptr != NULL)
        kmalloc_blocks--;
    free(ptr);
}

/* ---------------------------------------------------------------- the log */

#define LOG_SIZE 4096u

static char log_buf[LOG_SIZE];
static size_t log_len;
static int log_truncated;

int printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(log_buf + log_len, LOG_SIZE - log_len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return n;
    if ((size_t)n >= LOG_SIZE - log_len) {
        log_truncated = 1;
        log_len = LOG_SIZE - 1;
    } else {
        log_len += (size_t)n;
    }
    return n;
}

/* Print the log gathered since the last call, one "[log] " line per line, and empty it. */
static void dmesg(void)
{
    char *line = log_buf;
    log_buf[log_len] = '\0';
    while (*line != '\0') {
        char *end = strchr(line, '\n');
        if (end == NULL)
            end = line + strlen(line);
        printf("[log] %.*s\n", (int)(end - line), line);
        line = *end ? end + 1 : end;
    }
    if (log_truncated)
        printf("[log] (log truncated)\n");
    log_len = 0;
    log_truncated = 0;
}

/* ---------------------------------------------------------------- devices */

static struct kdevice *devices; /* in registration order */
static unsigned faults;         /* broken promises of the modules or the loader */

int register_device(struct kdevice *dev)
{
    if (dev == NULL || dev->name == NULL || dev->op == NULL)
        return -1;
    struct kdevice **link = &devices;
    for (; *link != NULL; link = &(*link)->next)
        if (*link == dev || strcmp((*link)->name, dev->name) == 0)
            return -1;
    dev->next = NULL;
    *link = dev;
    printk("kernel: device %s registered\n", dev->name);
    return 0;
}

void unregister_device(struct kdevice *dev)
{
    for (struct kdevice **link = &devices; *link != NULL; link = &(*link)->next) {
        if (*link == dev) {
            *link = dev->next;
            printk("kernel: device %s unregistered\n", dev->name);
            return;
        }
    }
}

/* ---------------------------------------------------------------- the symbol table */

static int host_resolve(void *user, const char *name, const char *version,
                        struct elfld_found *out)
{
    static const struct {
        const char *name;
        void *addr;
    } exports[] = {
        {"printk", (void *)printk},
        {"register_device", (void *)register_device},
        {"unregister_device", (void *)unregister_device},
        {"kmalloc", (void *)kmalloc},
        {"kfree", (void *)kfree},
    };
    (void)user;
    (void)version;
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
        if (strcmp(exports[i].name, name) == 0) {
            out->addr = exports[i].addr;
            out->size = 0;
            return 1;
        }
    }
    return 0;
}

static void host_log(void *user, int level, const char *msg)
{
    (void)user;
    if (level <= ELFLD_LOG_WARN)
        fprintf(stderr, "libelfld: %s\n", msg);
}

/* ---------------------------------------------------------------- insmod / rmmod */

struct module {
    const char *name;
    elfld_lib *lib;
    void (*exit)(void);
};

static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    void *buf = NULL;
    long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (len > 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len)) != NULL &&
        fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL)
        *size = (size_t)len;
    return buf;
}

/* Load, link and initialise one module; 0 on success. */
static int insmod(elfld_ctx *ctx, const char *name, const char *path, struct module *mod)
{
    size_t size = 0;
    void *data = read_file(path, &size);
    if (data == NULL) {
        printf("insmod %s: cannot read %s\n", name, path);
        return -1;
    }
    struct elfld_input input = {.name = path, .data = data, .size = size};
    struct elfld_diag diag;
    struct elfld_opts opts = {
        .struct_size = sizeof opts,
        /* GLOBAL: this module's symbols serve the modules loaded after it. */
        .flags = ELFLD_NOW | ELFLD_GLOBAL,
        .name = name,
        .diag = &diag,
    };
    elfld_lib *lib;
    int rc = elfld_load_objects(ctx, &input, 1, &opts, &lib);
    free(data); /* libelfld only reads the bytes during the call */
    if (rc == ELFLD_ENOSYM) {
        printf("insmod %s: unknown symbol %s\n", name, diag.symbol);
        return -1;
    }
    if (rc != 0) {
        printf("insmod %s: %s: %s\n", name, elfld_strerror(rc), diag.message);
        return -1;
    }

    uintptr_t base = elfld_base(lib), area = (uintptr_t)module_area;
    int (*init)(void) = (int (*)(void))elfld_sym(lib, "init_module");
    const char *why = NULL;
    if (base < area || elfld_size(lib) > MODULE_AREA_SIZE - (base - area))
        why = "image outside the module area";
    else if (init == NULL)
        why = "no init_module";
    else if (init() != 0)
        why = "init_module failed";
    if (why != NULL) {
        printf("insmod %s: %s\n", name, why);
        elfld_release(lib);
        return -1;
    }
    mod->name = name;
    mod->lib = lib;
    mod->exit = (void (*)(void))elfld_sym(lib, "cleanup_module");
    printf("insmod %s\n", name);
    return 0;
}

/* Unload a module that no other module uses; 0 on success. */
static int rmmod(struct module *mod)
{
    /* A module holds a reference on every module it bound a symbol to. */
    unsigned refs = elfld_refcount(mod->lib);
    if (refs > 1) {
        printf("rmmod %s: in use (refcount %u)\n", mod->name, refs);
        return -1;
    }
    if (mod->exit == NULL) {
        printf("rmmod %s: no cleanup_module, cannot unload\n", mod->name);
        return -1;
    }
    mod->exit();
    /* A device left registered would point into memory about to be unmapped: drop it. */
    uintptr_t base = elfld_base(mod->lib), end = base + elfld_size(mod->lib);
    for (struct kdevice **link = &devices; *link != NULL;) {
        struct kdevice *d = *link;
        if ((uintptr_t)d >= base && (uintptr_t)d < end) {
            printf("rmmod %s: device %s left registered\n", mod->name, d->name);
            *link = d->next;
            faults++;
        } else {
            link = &d->next;
        }
    }
    elfld_release(mod->lib);
    mod->lib = NULL;
    printf("rmmod %s\n", mod->name);
    return 0;
}

/* ---------------------------------------------------------------- main */

#define MAX_MODULES 8
/* What the kernel passes to every device's operation. */
#define DEVICE_INPUT "ring 0"

int main(int argc, char **argv)
{
    if (argc < 2 || argc - 1 > MAX_MODULES) {
        fprintf(stderr, "usage: kernel NAME=FILE.o ... (at most %d)\n", MAX_MODULES);
        return 2;
    }
    static struct area area;
    long page = sysconf(_SC_PAGESIZE);
    if (page < (long)MIN_PAGE_SIZE || page > (long)MODULE_AREA_ALIGN || (page & (page - 1))) {
        fprintf(stderr, "kernel: unsupported page size %ld\n", page);
        return 1;
    }
    area.page_size = (size_t)page;
    area.pages = MODULE_AREA_SIZE / area.page_size;

    struct elfld_host host = {
        .struct_size = sizeof host,
        .user = &area,
        .page_size = area.page_size,
        .reserve = host_reserve,
        .reserve_within = host_reserve_within,
        .unreserve = host_unreserve,
        .protect = host_protect,
        .flush_icache = host_flush_icache,
        .alloc = host_alloc,
        .free = host_free,
        .resolve = host_resolve,
        .log = host_log,
    };
    elfld_ctx *ctx;
    int rc = elfld_ctx_create(&host, &ctx);
    if (rc != 0) {
        fprintf(stderr, "kernel: elfld_ctx_create: %s\n", elfld_strerror(rc));
        return 1;
    }

    struct module mods[MAX_MODULES];
    int nmods = 0;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL) {
            fprintf(stderr, "kernel: %s: expected NAME=FILE.o\n", argv[i]);
            elfld_ctx_destroy(ctx);
            return 2;
        }
        *eq = '\0';
        if (insmod(ctx, argv[i], eq + 1, &mods[nmods]) == 0)
            nmods++;
        dmesg();
    }

    printf("devices:");
    for (struct kdevice *d = devices; d != NULL; d = d->next)
        printf(" %s", d->name);
    printf("\n");
    for (struct kdevice *d = devices; d != NULL; d = d->next)
        printf("%s(\"%s\") = 0x%08lx\n", d->name, DEVICE_INPUT, d->op(d, DEVICE_INPUT));
    dmesg();

    /* In this scenario the later modules use the first one (greet calls crc32), so unloading
     * it first must be refused. */
    if (nmods > 1 && rmmod(&mods[0]) == 0) {
        printf("kernel: %s unloaded while in use\n", mods[0].name);
        faults++;
        nmods = 0; /* its users' code may now call into unmapped memory: stop here */
    }
    for (int i = nmods - 1; i >= 0; i--) {
        rmmod(&mods[i]);
        dmesg();
    }
    elfld_ctx_destroy(ctx);

    size_t in_use = area_bytes_in_use(&area);
    printf("module area: %zu bytes in use\n", in_use);
    printf("kmalloc: %zu blocks outstanding\n", kmalloc_blocks);
    printf("libelfld metadata: %zu bytes in use\n", metadata_bytes);
    int clean = in_use == 0 && kmalloc_blocks == 0 && metadata_bytes == 0 && devices == NULL &&
                faults == 0;
    return clean ? 0 : 1;
}
