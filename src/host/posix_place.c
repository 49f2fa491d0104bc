/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_place.c - the POSIX host's reserve_within: memory for an image inside an address
 * window (non-PIC objects whose fields reach only part of the address space).
 *
 * The free gaps of the address space are read from /proc/self/maps (qemu-user emulates it
 * for its guest), each gap offers its aligned address nearest the window's middle, and the
 * nearest offers are tried in turn with MAP_FIXED_NOREPLACE, which never replaces a mapping:
 * a region another thread took in the meantime just fails with EEXIST and the next offer is
 * tried.  The gap that starts where the [heap] ends is tried last: an image there would stop
 * the heap from growing with brk.  Nothing above the last mapping is offered (the stack, the
 * vdso and, on x86_64, the vsyscall page beyond user space end the list).
 */
#include "posix_place.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000     /* Linux 4.17; older kernels take it as a hint */
#endif

/* The lowest address worth trying (vm.mmap_min_addr is 64 KiB by default). */
#define PLACE_LOWEST ((uintptr_t)0x10000)
/* Offers kept: the nearest few are plenty, since only a race or a refused hole moves on. */
#define PLACE_OFFERS 16

struct offer {
    uintptr_t addr, distance;
    bool after_heap;
};

struct place {
    uintptr_t size, align, first, last, middle;
    struct offer offers[PLACE_OFFERS];
    unsigned count;
    uintptr_t prev_end;            /* end of the mapping before the gap being read */
    bool prev_is_heap;
};

static uintptr_t distance(uintptr_t a, uintptr_t b) { return a > b ? a - b : b - a; }

/* Keep the offer if it is among the PLACE_OFFERS best (the heap's gap ranks after all). */
static void keep(struct place *pl, struct offer o) {
    unsigned i = pl->count;
    while (i > 0) {
        const struct offer *p = &pl->offers[i - 1];
        bool better = o.after_heap != p->after_heap ? !o.after_heap : o.distance < p->distance;
        if (!better)
            break;
        i--;
    }
    if (i >= PLACE_OFFERS)
        return;
    unsigned n = pl->count < PLACE_OFFERS ? pl->count : PLACE_OFFERS - 1;
    memmove(&pl->offers[i + 1], &pl->offers[i], (n - i) * sizeof pl->offers[0]);
    pl->offers[i] = o;
    if (pl->count < PLACE_OFFERS)
        pl->count++;
}

/* The free gap [lo, hi] (inclusive): its aligned address nearest the middle, if it fits. */
static void offer_gap(struct place *pl, uintptr_t lo, uintptr_t hi, bool after_heap) {
    if (lo < pl->first)
        lo = pl->first;
    if (hi > pl->last)
        hi = pl->last;
    if (lo > hi || hi - lo < pl->size - 1)
        return;
    uintptr_t mask = pl->align - 1;
    if (lo > UINTPTR_MAX - mask)
        return;
    uintptr_t low = (lo + mask) & ~mask;            /* lowest and highest aligned starts */
    uintptr_t high = (hi - (pl->size - 1)) & ~mask;
    if (low > hi - (pl->size - 1) || low > high)
        return;
    uintptr_t want = pl->middle > pl->size / 2 ? (pl->middle - pl->size / 2) & ~mask : 0;
    uintptr_t at = want < low ? low : want > high ? high : want;
    keep(pl, (struct offer){at, distance(at + pl->size / 2, pl->middle), after_heap});
}

static uintptr_t hex(const char **s) {
    uintptr_t v = 0;
    for (;; (*s)++) {
        char c = **s;
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16u;
        if (d == 16)
            return v;
        v = v << 4 | d;
    }
}

/* One line of /proc/self/maps: "start-end perms offset dev inode   [name]". */
static void read_line(struct place *pl, const char *line) {
    uintptr_t start = hex(&line);
    if (*line++ != '-')
        return;
    uintptr_t end = hex(&line);
    if (start > pl->prev_end)
        offer_gap(pl, pl->prev_end, start - 1, pl->prev_is_heap);
    if (end > pl->prev_end)
        pl->prev_end = end;
    pl->prev_is_heap = strstr(line, "[heap]") != NULL;
}

static bool read_maps(struct place *pl) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[4096];
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
        buf[used] = '\0';
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n')) != NULL) {
            *nl = '\0';
            read_line(pl, line);
            line = nl + 1;
        }
        used = (size_t)(buf + used - line);
        memmove(buf, line, used);
        if (used == sizeof buf - 1)          /* a line longer than the buffer: skip it */
            used = 0;
    }
    close(fd);
    return true;
}

void *elfld__px_reserve_within(void *user, size_t size, size_t align, uintptr_t first,
                               uintptr_t last)
{
    (void)user;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    if (size == 0 || size > SIZE_MAX - page || (align & (align - 1)))
        return NULL;
    size = (size + page - 1) & ~(page - 1);
    if (align < page)
        align = page;
    if (first < PLACE_LOWEST)
        first = PLACE_LOWEST;
    if (first > last || last - first < size - 1)
        return NULL;
    struct place pl = {.size = size, .align = align, .first = first, .last = last,
                       .middle = first + (last - first) / 2, .prev_end = PLACE_LOWEST};
    if (!read_maps(&pl))
        return NULL;
    for (unsigned i = 0; i < pl.count; i++) {
        void *want = (void *)pl.offers[i].addr;
        void *p = mmap(want, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == want)
            return p;
        if (p != MAP_FAILED)             /* a kernel that took the flag as a mere hint */
            munmap(p, size);
    }
    return NULL;
}
