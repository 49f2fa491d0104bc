/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_unwind.c - loaded code's frame tables made known to the process's unwinders, so C++
 * exceptions, _Unwind_Backtrace and backtrace() cross loaded frames as they cross the system
 * loader's.
 *
 * How the unwinders look frames up (libgcc 12, glibc 2.36):
 *   - DWARF arches: _Unwind_Find_FDE searches the objects registered with
 *     __register_frame_info first, then asks glibc's _dl_find_object, which knows only the
 *     system loader's images.  So every loaded image's .eh_frame (checked by the core,
 *     terminated) is registered when it is ready and deregistered before it is unmapped.
 *   - Arm EHABI: the unwinder calls __gnu_Unwind_Find_exidx(pc, &count), which glibc answers
 *     from _dl_find_object and which nothing can register with.  This file defines it: the
 *     loaded images' .ARM.exidx first, then glibc's.  The executable's definition is the one
 *     the system's libgcc_s binds to (the executable comes first in the global scope) as long
 *     as the executable exports it (README.md, "Debugging loaded code"); a libgcc_s that
 *     libelfld loads gets it through the dlfcn interception (posix_dlfcn.c).
 *
 * An unwinder may be the system's (a C++ host program, or any program that loaded libgcc_s)
 * or one that libelfld loaded itself (a C host loading a C++ plugin loads libgcc_s with
 * libstdc++): an image exporting __register_frame_info becomes an unwinder too, and every
 * image is registered with every unwinder, those that come later included.  The registry is
 * process-wide, as the unwinders are.
 */
#include "posix_unwind.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elfld.h"

/* libgcc's `struct object` (unwind-dw2-fde.h), which the registrant provides: at most eight
 * pointer-sized fields in every version so far; room for twice that. */
#define FRAME_OBJECT_WORDS 16
#define MAX_UNWINDERS 8

typedef void (*register_fn)(const void *eh_frame, void *object);
typedef void *(*deregister_fn)(const void *eh_frame);

struct unwinder {
    const elfld_lib *owner;           /* NULL: the system's */
    register_fn reg;
    deregister_fn dereg;
};

struct image {
    const elfld_lib *lib;
    uintptr_t lo, hi;                 /* the reservation */
    const void *eh_frame;
    const void *exidx;
    size_t exidx_count;
    void *objects[MAX_UNWINDERS];     /* per unwinder: what it was registered with, or NULL */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct unwinder unwinders[MAX_UNWINDERS];
static size_t nunwinders;
static bool system_found;
static bool system_searched;
static unsigned long long system_searched_at;   /* elfld__px_images_generation() then */
static struct image *images;
static size_t nimages, images_cap;

static void register_with(struct image *im, size_t u)
{
    uint32_t first;
    if (!im->eh_frame || im->objects[u])
        return;
    memcpy(&first, im->eh_frame, sizeof first);
    if (first == 0)
        return;                       /* an empty table: libgcc registers nothing for it */
    void *ob = calloc(FRAME_OBJECT_WORDS, sizeof(void *));
    if (!ob)
        return;                       /* no memory: this unwinder will not see the image */
    unwinders[u].reg(im->eh_frame, ob);
    im->objects[u] = ob;
}

static void deregister_from(struct image *im, size_t u)
{
    if (!im->objects[u])
        return;
    /* Free what leaves the unwinder's list, which is not always what this registration
     * gave: two unwinders may keep one list (i386's libgcc_s binds its registry functions to
     * the copies glibc exports, which the system's unwinder is too), and one table is then
     * registered twice there under one address. */
    void *gone = unwinders[u].dereg(im->eh_frame);
    free(gone ? gone : im->objects[u]);   /* NULL: it never made the list */
    im->objects[u] = NULL;
}

static void add_unwinder(const elfld_lib *owner, register_fn reg, deregister_fn dereg)
{
    if (nunwinders == MAX_UNWINDERS)
        return;
    size_t u = nunwinders++;
    unwinders[u] = (struct unwinder){owner, reg, dereg};
    for (size_t i = 0; i < nimages; i++)
        register_with(&images[i], u);
}

/* The system's unwinder, once the process has one: asked again after the system loader
 * has mapped something (a program may load libgcc_s later), not at every load - a failing
 * dlsym formats an error message, the largest cost of a small library's load. */
static void find_system_unwinder(void)
{
    if (system_found)
        return;
    unsigned long long g = elfld__px_images_generation();
    if (system_searched && g == system_searched_at)
        return;
    system_searched = true;
    system_searched_at = g;
    void *reg = dlsym(RTLD_DEFAULT, "__register_frame_info");
    void *dereg = dlsym(RTLD_DEFAULT, "__deregister_frame_info");
    if (!reg || !dereg)
        return;
    system_found = true;
    register_fn r;
    deregister_fn d;
    memcpy(&r, &reg, sizeof r);
    memcpy(&d, &dereg, sizeof d);
    add_unwinder(NULL, r, d);
}

void elfld__px_unwind_ready(const struct elfld_image_info *info)
{
    pthread_mutex_lock(&lock);
    find_system_unwinder();
    if (nimages == images_cap) {
        size_t cap = images_cap ? 2 * images_cap : 16;
        struct image *grown = realloc(images, cap * sizeof *grown);
        if (!grown) {
            pthread_mutex_unlock(&lock);
            return;
        }
        images = grown;
        images_cap = cap;
    }
    struct image *im = &images[nimages++];
    memset(im, 0, sizeof *im);
    im->lib = info->lib;
    im->lo = (uintptr_t)info->start;
    im->hi = im->lo + info->size;
    im->eh_frame = info->eh_frame;
    im->exidx = info->arm_exidx;
    im->exidx_count = info->arm_exidx_count;
    for (size_t u = 0; u < nunwinders; u++)
        register_with(im, u);
    /* An unwinder of its own (a libgcc_s loaded here): it sees every image from now on. */
    struct elfld_syminfo reg, dereg;
    if (!(info->flags & ELFLD_IMAGE_OBJECTS) &&
        elfld_sym_info(info->lib, "__register_frame_info", NULL, &reg) == 0 &&
        elfld_sym_info(info->lib, "__deregister_frame_info", NULL, &dereg) == 0 &&
        reg.lib == info->lib && dereg.lib == info->lib) {
        register_fn r;
        deregister_fn d;
        memcpy(&r, &reg.addr, sizeof r);
        memcpy(&d, &dereg.addr, sizeof d);
        add_unwinder(info->lib, r, d);
    }
    pthread_mutex_unlock(&lock);
}

void elfld__px_unwind_going(const struct elfld_image_info *info)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nimages; i++) {
        if (images[i].lib != info->lib)
            continue;
        for (size_t u = 0; u < nunwinders; u++)
            deregister_from(&images[i], u);
        images[i] = images[--nimages];
        break;
    }
    /* An unwinder that goes: every image leaves it first (its code is still mapped). */
    for (size_t u = 0; u < nunwinders; u++) {
        if (unwinders[u].owner != info->lib)
            continue;
        for (size_t i = 0; i < nimages; i++) {
            deregister_from(&images[i], u);
            images[i].objects[u] = images[i].objects[nunwinders - 1];
            images[i].objects[nunwinders - 1] = NULL;
        }
        unwinders[u] = unwinders[--nunwinders];
        break;
    }
    pthread_mutex_unlock(&lock);
}

uintptr_t elfld__px_find_exidx(uintptr_t pc, int *count)
{
    uintptr_t found = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nimages; i++)
        if (pc >= images[i].lo && pc < images[i].hi) {
            if (images[i].exidx) {
                found = (uintptr_t)images[i].exidx;
                *count = (int)images[i].exidx_count;
            }
            break;
        }
    pthread_mutex_unlock(&lock);
    return found;
}

#if defined(__ARM_EABI__) && !defined(__ARM_DWARF_EH__)
/* For every unwinder in the process (see the top of this file). */
uintptr_t __gnu_Unwind_Find_exidx(uintptr_t pc, int *count)
{
    uintptr_t found = elfld__px_find_exidx(pc, count);
    if (found)
        return found;
    /* glibc's, for the system's images (the same every time it is looked up) */
    void *sym = dlsym(RTLD_NEXT, "__gnu_Unwind_Find_exidx");
    uintptr_t (*next)(uintptr_t, int *);
    if (!sym)
        return 0;
    memcpy(&next, &sym, sizeof next);
    return next(pc, count);
}
#endif
