/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * obj_place.h - reserve() hooks that decide where an object image goes, installed as the
 * count host's inner reserve (the count host keeps its books around them):
 *   far:  more than OBJ_FAR_MIN bytes away from a given address (the host functions the image
 *         calls), so that every call to them is out of branch range and needs a stub; or, from
 *         address 0, far above the low 2 GiB that non-PIC code may need (the placement window
 *         then has to bring the image there through reserve_within).
 * unreserve stays the POSIX host's (munmap of exactly the region handed out).
 */
#ifndef OBJ_PLACE_H
#define OBJ_PLACE_H

#include <stdint.h>
#include <sys/mman.h>

/* Try `hint` for a region of `size` bytes aligned to `align` lying in [lo, hi). */
static inline void *obj_try_map(uintptr_t hint, size_t size, size_t align, uintptr_t lo, uintptr_t hi)
{
    size_t total = size + align;
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    void *p = mmap((void *)hint, total, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uintptr_t start = (uintptr_t)p;
    uintptr_t aligned = (start + align - 1) & ~(uintptr_t)(align - 1);
    if (aligned < lo || aligned + size > hi || aligned + size < aligned) {
        munmap(p, total);
        return NULL;
    }
    if (aligned != start)
        munmap(p, aligned - start);
    if (start + total != aligned + size)
        munmap((void *)(aligned + size), start + total - (aligned + size));
    return (void *)aligned;
}

static inline size_t obj_round(size_t size)
{
    return (size + 0xfffu) & ~(size_t)0xfffu;
}

/* Far from obj_far_from: more than OBJ_FAR_MIN bytes (both ends of the image). */
#if UINTPTR_MAX > 0xffffffffu
#define OBJ_FAR_MIN ((uintptr_t)6 << 30)     /* beyond +-2 GiB and +-4 GiB branch reach */
#else
#define OBJ_FAR_MIN ((uintptr_t)96 << 20)    /* beyond arm's +-32 MiB (and Thumb's 16 MiB) */
#endif
static uintptr_t obj_far_from;

static inline uintptr_t obj_dist(uintptr_t a, uintptr_t b)
{
    return a > b ? a - b : b - a;
}

static inline void *obj_reserve_far(void *user, size_t size, size_t align)
{
    (void)user;
    size = obj_round(size);
    if (align < 4096)
        align = 4096;
    const uintptr_t step = OBJ_FAR_MIN / 2;
    for (int k = 2; k < 64; k++) {
        for (int sign = 0; sign < 2; sign++) {
            uintptr_t off = (uintptr_t)k * step;
            uintptr_t hint;
            if (sign == 0) {
                if (obj_far_from > UINTPTR_MAX - off - size - align)
                    continue;
                hint = obj_far_from + off;
            } else {
                if (obj_far_from < off)
                    continue;
                hint = obj_far_from - off;
            }
            hint &= ~(uintptr_t)0xfffff;
            void *p = obj_try_map(hint, size, align, 0x10000, UINTPTR_MAX);
            if (!p)
                continue;
            uintptr_t s = (uintptr_t)p;
            if (obj_dist(s, obj_far_from) > OBJ_FAR_MIN &&
                obj_dist(s + size, obj_far_from) > OBJ_FAR_MIN &&
                (s > obj_far_from) == (s + size > obj_far_from))
                return p;
            munmap(p, size);
        }
    }
    return NULL;
}

#endif
