/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * host_min.c - the smallest program that uses libelfld: a host over a static arena, and an
 * entry point that calls what one configuration needs (FOOTPRINT_OBJECTS: the object linker
 * and by-name loads too).  Never run: linked with --gc-sections so that only the core's code
 * these calls reach is kept, which footprint.py then measures.
 */
#include <stddef.h>
#include <stdint.h>

#include <elfld.h>

/* what the core may need from outside (DESIGN.md rule 1), as a firmware supplies it */
void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *o = d;
    const unsigned char *i = s;
    while (n--)
        *o++ = *i++;
    return d;
}
void *memmove(void *d, const void *s, size_t n) {
    unsigned char *o = d;
    const unsigned char *i = s;
    if (o < i)
        return memcpy(d, s, n);
    while (n--)
        o[n] = i[n];
    return d;
}
void *memset(void *d, int c, size_t n) {
    unsigned char *o = d;
    while (n--)
        *o++ = (unsigned char)c;
    return d;
}
int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

static unsigned char arena[1 << 16];
static size_t used;

static void *reserve(void *user, size_t size, size_t align) {
    (void)user;
    used = (used + align - 1) & ~(align - 1);
    void *p = arena + used;
    used += size;
    return p;
}
static void unreserve(void *user, void *addr, size_t size) {
    (void)user, (void)addr, (void)size;
}
static void *alloc(void *user, size_t size) {
    return reserve(user, size, 16);
}
static void release(void *user, void *p, size_t size) {
    (void)user, (void)p, (void)size;
}

extern const unsigned char image[];
extern const size_t image_size;
const unsigned char image[16] = {0};
const size_t image_size = sizeof image;

volatile uintptr_t sink;

void _start(void);
void _start(void) {
    struct elfld_host host = {.struct_size = sizeof host, .reserve = reserve,
                              .unreserve = unreserve, .alloc = alloc, .free = release};
    elfld_ctx *ctx;
    if (elfld_ctx_create(&host, &ctx) == 0) {
        elfld_lib *lib;
        struct elfld_opts o = {.struct_size = sizeof o, .flags = ELFLD_NOW};
        if (elfld_load_mem(ctx, image, image_size, &o, &lib) == 0) {
            sink = (uintptr_t)elfld_sym(lib, "entry");
            elfld_release(lib);
        }
#ifdef FOOTPRINT_OBJECTS
        struct elfld_input in = {.name = "module.o", .data = image, .size = image_size};
        if (elfld_load_objects(ctx, &in, 1, &o, &lib) == 0)
            elfld_release(lib);
        if (elfld_load(ctx, "libplugin.so", NULL, &lib) == 0)
            elfld_release(lib);
#endif
        elfld_ctx_destroy(ctx);
    }
    for (;;)
        sink++;
}
