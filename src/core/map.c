/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * map.c - place an image in memory through the host: one reservation for the whole span,
 * segments mapped from the source where the host can (else copied) at their addresses, .bss
 * zeroed; after relocation the final protections (W^X, RELRO read-only, gaps inaccessible)
 * and the instruction-cache flush.
 *
 * Copying works for MMU and no-MMU hosts alike.  The reservation is read-write until
 * elfld__protect, except when the host's reserve_source maps the first segment with it:
 * then every page not replaced by a segment shows file bytes until the gaps are protected.
 */
#include "map.h"
#include "announce.h"
#include "divide.h"
#include "source.h"
#include "util.h"

/* A segment nothing writes (not writable, no .bss to clear) is mapped with its final
 * protection right away: one system call instead of two.  Its last page may show bytes of the
 * file past the segment, as with every system loader.  Not when the caller allows text
 * relocations: whether the image has them is known only from its dynamic section, which is
 * read from the mapped image, and then the text must have been mapped writable. */
static bool maps_final(const struct elfld_lib *lib, const struct elfld_seg *s) {
    return !(s->prot & ELFLD_PROT_WRITE) && !(lib->flags & ELFLD_ALLOW_TEXTREL) &&
           s->memsz == s->filesz &&
           !s->shares_next && lib->ctx->host.protect;
}

static unsigned map_prot(const struct elfld_lib *lib, const struct elfld_seg *s) {
    return maps_final(lib, s) ? s->prot : ELFLD_PROT_READ | ELFLD_PROT_WRITE;
}

/*
 * Can a segment's file bytes be mapped from the source: the pages [vaddr, vaddr + filesz)
 * rounded out to pages, provided the segment is congruent with its file offset and shares no
 * page with the previous one (which ends at prev_end)?
 */
static bool mappable(const struct elfld_ctx *ctx, const struct elfld_seg *s,
                     const struct elfld_blob *blob, uintptr_t prev_end) {
    uintptr_t page = ctx->page_size;
    return blob && ctx->host.map_source && s->filesz && !((s->vaddr ^ s->offset) & (page - 1)) &&
           elfld__align_down(s->vaddr, page) >= prev_end;
}

/* After a segment's file pages were mapped: the part of .bss inside its last file page shows
 * whatever the file holds there, so zero it (unless mapped read-only for good).  Only up to
 * the segment's end: bytes past p_memsz belong to no segment (glibc and musl clear the whole
 * page tail, up to 4 KiB of writes per library that nothing may read) - except for a program
 * and its interpreter (lib->zero_page_tails), as the kernel's exec does. */
static void mapped(struct elfld_lib *lib, struct elfld_seg *s) {
    uintptr_t page = lib->ctx->page_size;
    uintptr_t end = s->vaddr + s->filesz, mem_end = s->vaddr + s->memsz;
    uintptr_t hi = elfld__align_down(end + page - 1, page);
    s->prot_final = maps_final(lib, s);
    if (s->prot_final || (mem_end <= end && !lib->zero_page_tails))
        return;
    uintptr_t upto = lib->zero_page_tails || mem_end > hi ? hi : mem_end;
    __builtin_memset((void *)(lib->base + end), 0, upto - end);
}

/* Map a segment's file pages over the reservation when it is mappable; 1 if mapped, 0 to copy
 * instead, or an error. */
static int map_from_source(struct elfld_err *e, struct elfld_lib *lib, struct elfld_seg *s,
                           const struct elfld_blob *blob, uintptr_t prev_end) {
    struct elfld_ctx *ctx = lib->ctx;
    uintptr_t page = ctx->page_size;
    if (!mappable(ctx, s, blob, prev_end))
        return 0;
    uintptr_t lo = elfld__align_down(s->vaddr, page);
    uintptr_t hi = elfld__align_down(s->vaddr + s->filesz + page - 1, page);
    int rc = ctx->host.map_source(ctx->host.user, blob, s->offset - (s->vaddr - lo),
                                  (void *)(lib->base + lo), hi - lo, map_prot(lib, s));
    if (rc)
        return elfld__fail_segment(e, rc, s->phdr_index, "host could not map segment %u from "
                                   "its source", s->phdr_index);
    mapped(lib, s);
    return 1;
}

/*
 * Can the reservation itself map the first segment from the source (the first mmap of a
 * system loader: one call instead of two)?  Then every page of the span shows file bytes
 * until replaced, so the host must also be able to map zero pages and protect gaps; and the
 * file offset of the span's start must exist (the first segment lies far enough into the
 * file).
 */
static bool reserves_source(const struct elfld_ctx *ctx, const struct elfld_plan *plan,
                            const struct elfld_seg *s, const struct elfld_blob *blob) {
    const struct elfld_host *h = &ctx->host;
    return h->reserve_source && h->map_zero && h->protect && mappable(ctx, s, blob, 0) &&
           s->vaddr - plan->span_start <= s->offset;
}

/* An ET_EXEC program's span at its own addresses, through reserve_within with a window
 * exactly as large as the span: the host never gives memory that is in use. */
static int reserve_fixed(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan) {
    struct elfld_ctx *ctx = lib->ctx;
    size_t span = plan->span_end - plan->span_start;
    if (!ctx->host.reserve_within)
        return elfld__fail(e, ELFLD_ENOTSUP, "an ET_EXEC program loads at its own addresses, "
                           "and the host has no reserve_within hook");
    void *map = ctx->host.reserve_within(ctx->host.user, span, ctx->page_size,
                                         plan->span_start, plan->span_end - 1);
    if (map && (uintptr_t)map != plan->span_start) {
        ctx->host.unreserve(ctx->host.user, map, span);
        map = NULL;
    }
    if (!map)
        return elfld__fail(e, ELFLD_EADDRINUSE, "the program's fixed range %lx-%lx is in use "
                           "or cannot be reserved", (unsigned long)plan->span_start,
                           (unsigned long)plan->span_end);
    lib->map = map;
    lib->map_size = span;
    lib->base = 0;
    return 0;
}

/* One reservation for the whole span; with `whole`, it maps the first segment too. */
static int reserve(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
                   const struct elfld_blob *blob, bool whole) {
    struct elfld_ctx *ctx = lib->ctx;
    size_t span = plan->span_end - plan->span_start;
    if (plan->fixed)
        return reserve_fixed(e, lib, plan);
    const struct elfld_seg *s = &lib->loads[0];
    void *map = whole ? ctx->host.reserve_source(ctx->host.user, blob,
                                                 s->offset - (s->vaddr - plan->span_start),
                                                 span, plan->align, map_prot(lib, s))
                      : ctx->host.reserve(ctx->host.user, span, plan->align);
    if (!map)
        return elfld__fail(e, ELFLD_ENOMEM, "host could not reserve %zu bytes%s", span,
                           whole ? " mapping the source" : "");
    if ((uintptr_t)map & (plan->align - 1)) {
        ctx->host.unreserve(ctx->host.user, map, span);
        return elfld__fail(e, ELFLD_ENOMEM, "host returned memory not aligned to %lx",
                           (unsigned long)plan->align);
    }
    lib->map = map;
    lib->map_size = span;
    lib->base = (uintptr_t)map - plan->span_start;
    return 0;
}

/* Copy a segment's file bytes into the image: from the view, or read from the source. */
static int copy_segment(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_seg *s,
                        const void *data, const struct elfld_blob *blob) {
    void *dst = (void *)(lib->base + s->vaddr);
    if (data) {
        __builtin_memcpy(dst, (const char *)data + s->offset, s->filesz);
        return 0;
    }
    return elfld__source_read(e, lib->ctx, blob, lib->name, s->offset, dst, s->filesz);
}

/*
 * Replace the pages of a segment not mapped from the file - [lo, end of its memory), lo
 * being the page after its file pages, or its first page not shared with the previous
 * segment when it is copied - with zero pages.  Needed only when the reservation came with
 * file bytes (reserve_source): .bss must read as zero and copied bytes need writable pages.
 */
static int zero_rest(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_seg *s,
                     uintptr_t lo) {
    struct elfld_ctx *ctx = lib->ctx;
    uintptr_t page = ctx->page_size;
    uintptr_t hi = elfld__align_down(s->vaddr + s->memsz + page - 1, page);
    if (lo >= hi)
        return 0;
    int rc = ctx->host.map_zero(ctx->host.user, (void *)(lib->base + lo), hi - lo,
                                ELFLD_PROT_READ | ELFLD_PROT_WRITE);
    if (rc)
        return elfld__fail_segment(e, rc < 0 ? rc : ELFLD_ENOMEM, s->phdr_index, "host could "
                                   "not map zero pages for segment %u", s->phdr_index);
    return 0;
}

/* Put one segment in place: mapped (or already mapped with the reservation: `premapped`) or
 * copied, and its .bss zeroed. */
static int place(struct elfld_err *e, struct elfld_lib *lib, struct elfld_seg *s,
                 const void *data, const struct elfld_blob *blob, uintptr_t prev_end,
                 bool whole, bool premapped) {
    uintptr_t page = lib->ctx->page_size;
    int done = 1;
    if (premapped)
        mapped(lib, s);
    else if ((done = map_from_source(e, lib, s, blob, prev_end)) < 0)
        return done;
    int rc;
    if (whole) {
        uintptr_t lo = done ? elfld__align_down(s->vaddr + s->filesz + page - 1, page)
                            : elfld__align_down(s->vaddr, page);
        if ((rc = zero_rest(e, lib, s, lo > prev_end ? lo : prev_end)))
            return rc;
    }
    if (!done && (rc = copy_segment(e, lib, s, data, blob)))
        return rc;
    if (s->memsz <= s->filesz)
        return 0;
    /* .bss: pages from prev_end on are zero pages (fresh reservation or map_zero) when the
     * host says so or the reservation came with file bytes (replaced by zero_rest); a copied
     * segment's first page may be shared with the previous segment, whose mapping put file
     * bytes there: that part is always cleared.  (A mapped segment's last file page was
     * cleared by mapped().) */
    uintptr_t bss = s->vaddr + s->filesz, end = s->vaddr + s->memsz;
    if (lib->zero_page_tails)           /* see mapped() */
        end = elfld__align_down(end + page - 1, page);
    bool zero_pages = whole || (lib->ctx->host.flags & ELFLD_HOST_ZEROED_RESERVE);
    uintptr_t clear_to = !zero_pages ? end : done ? bss : end < prev_end ? end : prev_end;
    if (clear_to > bss)
        __builtin_memset((void *)(lib->base + bss), 0, clear_to - bss);
    return 0;
}

/*
 * Reserve the span and place the segments.  `data` is the source's bytes, or NULL when the
 * host opened it without a view (then `blob` is read through host->read_source).
 */
int elfld__map(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
               const void *data, const struct elfld_blob *blob) {
    uintptr_t prev_end = 0, page = lib->ctx->page_size;
    /* A segment whose last page the next one starts in (segments aligned for smaller pages
     * than the host's) must stay writable until the next is placed: see maps_final(). */
    lib->nloads = plan->nloads;
    for (unsigned i = 0; i < plan->nloads; i++) {
        struct elfld_seg *s = &lib->loads[i];
        *s = plan->loads[i];
        s->shares_next = i + 1 < plan->nloads &&
                         elfld__align_down(plan->loads[i + 1].vaddr, page) <
                             elfld__align_down(s->vaddr + s->memsz + page - 1, page);
    }
    bool whole = !plan->fixed && reserves_source(lib->ctx, plan, &lib->loads[0], blob);
    int rc = reserve(e, lib, plan, blob, whole);
    if (rc)
        return rc;
    for (unsigned i = 0; i < plan->nloads; i++) {
        struct elfld_seg *s = &lib->loads[i];
        if ((rc = place(e, lib, s, data, blob, prev_end, whole, whole && i == 0)))
            return rc;
        prev_end = elfld__align_down(s->vaddr + s->memsz + page - 1, page);
    }
    lib->relro_vaddr = plan->relro_vaddr;
    lib->relro_size = plan->relro_size;
    /* Frame tables: addresses only, checked once the image is linked (frames.c).  A range
     * that wraps is left out here; one outside the image is refused there. */
    uintptr_t end;
    if (plan->eh_hdr_size && elfld__add_ok(lib->base, plan->eh_hdr_vaddr, &end)) {
        lib->frames.eh_frame_hdr = end;
        lib->frames.eh_frame_hdr_size = plan->eh_hdr_size;
    }
    if (plan->exidx_size >= 8 && elfld__add_ok(lib->base, plan->exidx_vaddr, &end)) {
        lib->frames.exidx = end;
        lib->frames.exidx_count = plan->exidx_size >> 3;   /* 8-byte entries */
    }
    return 0;
}

void elfld__unmap(struct elfld_lib *lib) {
    elfld__announce_going(lib);       /* the host's tools let go of it first */
    if (lib->map) {
        lib->ctx->host.unreserve(lib->ctx->host.user, lib->map, lib->map_size);
        lib->map = NULL;
    }
}

const struct elfld_seg *elfld__seg_at(const struct elfld_lib *lib, uintptr_t vaddr) {
    for (unsigned i = 0; i < lib->nloads; i++) {
        const struct elfld_seg *s = &lib->loads[i];
        if (vaddr >= s->vaddr && vaddr - s->vaddr < s->memsz)
            return s;
    }
    return NULL;
}

/* The segment holding all of [vaddr, vaddr+size) (size >= 1), or NULL. */
static const struct elfld_seg *seg_holding(const struct elfld_lib *lib, uintptr_t vaddr,
                                           uintptr_t size) {
    const struct elfld_seg *s = elfld__seg_at(lib, vaddr);
    return s && size <= s->vaddr + s->memsz - vaddr ? s : NULL;
}

bool elfld__in_image(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size) {
    return seg_holding(lib, vaddr, size ? size : 1) != NULL;
}

bool elfld__in_code(const struct elfld_lib *lib, uintptr_t addr) {
    const struct elfld_seg *s = addr >= lib->base ? elfld__seg_at(lib, addr - lib->base) : NULL;
    return s && (s->prot & ELFLD_PROT_EXEC);
}

bool elfld__in_writable(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size) {
    const struct elfld_seg *s = seg_holding(lib, vaddr, size ? size : 1);
    return s && ((s->prot & ELFLD_PROT_WRITE) || lib->textrel);
}

static int protect(struct elfld_err *e, struct elfld_lib *lib, uintptr_t lo, uintptr_t hi,
                   unsigned prot) {
    if (hi <= lo)
        return 0;
    struct elfld_ctx *ctx = lib->ctx;
    int rc = ctx->host.protect(ctx->host.user, (void *)(lib->base + lo), hi - lo, prot);
    if (rc)
        return elfld__fail(e, ELFLD_EPROTECT, "host could not protect %lx bytes at vaddr %lx",
                           (unsigned long)(hi - lo), (unsigned long)lo);
    return 0;
}

/*
 * Final segment protections (W^X per segment, gaps inaccessible) and the icache flush.  Runs
 * before relocation unless the image has text relocations: IFUNC resolvers are called while
 * relocating, so text must already be executable (writable segments stay writable).
 */
/*
 * The protection a page needs: the union of every segment with a byte in it.  Segments
 * aligned for smaller pages than the host's can put several in one page (with 64 KiB pages
 * and 4 KiB alignment, a small library's text and data share its first page).
 */
static unsigned page_prot(const struct elfld_seg *loads, unsigned n, uintptr_t page_vaddr,
                          uintptr_t page) {
    unsigned prot = 0;
    for (unsigned i = 0; i < n; i++) {
        uintptr_t lo = elfld__align_down(loads[i].vaddr, page);
        uintptr_t hi = elfld__align_down(loads[i].vaddr + loads[i].memsz + page - 1, page);
        if (page_vaddr >= lo && page_vaddr < hi)
            prot |= loads[i].prot;
    }
    return prot;
}

int elfld__protect_segments(struct elfld_err *e, struct elfld_lib *lib) {
    struct elfld_ctx *ctx = lib->ctx;
    uintptr_t page = ctx->page_size;
    for (unsigned i = 0; i < lib->nloads; i++) {
        const struct elfld_seg *s = &lib->loads[i];
        if (ctx->host.flush_icache && (s->prot & ELFLD_PROT_EXEC))
            ctx->host.flush_icache(ctx->host.user, (void *)(lib->base + s->vaddr), s->memsz);
    }
    if (!ctx->host.protect)
        return 0; /* no MMU: nothing to enforce */

    /*
     * Walk the span segment by segment: each segment's pages get its protection, a page
     * shared by segments the union of theirs (page_prot; W+X was refused by
     * elfld__check_policy), pages in no segment none.  A shared page is set when the
     * segment it ends is done, so the first page of the next one is already right.
     */
    uintptr_t start = (uintptr_t)lib->map - lib->base;
    uintptr_t cursor = start, prev_end = start;
    int rc;
    for (unsigned i = 0; i < lib->nloads; i++) {
        const struct elfld_seg *s = &lib->loads[i];
        uintptr_t lo = elfld__align_down(s->vaddr, page);
        uintptr_t hi = elfld__align_down(s->vaddr + s->memsz + page - 1, page);
        if (lo < prev_end)              /* first page shared with the previous segment(s) */
            lo = prev_end;
        else if ((rc = protect(e, lib, cursor, lo, 0)))   /* gap */
            return rc;
        /* Already final when mapped so, or read-write as the reservation came. */
        bool done = s->prot_final || s->prot == (ELFLD_PROT_READ | ELFLD_PROT_WRITE);
        if (lo < hi && !done && (rc = protect(e, lib, lo, hi, s->prot)))
            return rc;
        if (lo < hi && s->shares_next &&
            (rc = protect(e, lib, hi - page, hi, page_prot(lib->loads, lib->nloads, hi - page,
                                                           page))))
            return rc;
        if (hi > prev_end)
            cursor = prev_end = hi;
    }
    return 0;
}

/* PT_GNU_RELRO read-only, once relocation is done. */
int elfld__protect_relro(struct elfld_err *e, struct elfld_lib *lib) {
    struct elfld_ctx *ctx = lib->ctx;
    uintptr_t page = ctx->page_size;
    if (!ctx->host.protect || !lib->relro_size)
        return 0;
    uintptr_t lo = elfld__align_down(lib->relro_vaddr, page);
    uintptr_t hi = elfld__align_down(lib->relro_vaddr + lib->relro_size, page);
    if (lo >= hi)
        return 0;
    /* RELRO only takes write permission away: its first page may also hold another segment
     * (code, when segments were aligned for smaller pages), which keeps its own. */
    unsigned first = page_prot(lib->loads, lib->nloads, lo, page) & ~ELFLD_PROT_WRITE;
    if (!(first & ~ELFLD_PROT_READ))            /* the usual case: one call */
        return protect(e, lib, lo, hi, ELFLD_PROT_READ);
    int rc = protect(e, lib, lo, lo + page, first);
    return rc ? rc : protect(e, lib, lo + page, hi, ELFLD_PROT_READ);
}

int elfld__check_policy(struct elfld_err *e, struct elfld_lib *lib,
                        const struct elfld_plan *plan) {
    if (plan->exec_stack && !(lib->flags & ELFLD_ALLOW_EXECSTACK))
        return elfld__fail(e, ELFLD_EEXECSTACK, "PT_GNU_STACK asks for an executable stack "
                           "(pass ELFLD_ALLOW_EXECSTACK to accept)");
    if (lib->flags & ELFLD_ALLOW_WX)
        return 0;
    uintptr_t page = lib->ctx->page_size;
    for (unsigned i = 0; i < plan->nloads; i++) {
        const struct elfld_seg *s = &plan->loads[i];
        /* its own pages, and its first and last page with whatever else they hold */
        uintptr_t first = elfld__align_down(s->vaddr, page);
        uintptr_t last = elfld__align_down(s->vaddr + s->memsz + page - 1, page) - page;
        unsigned prot = s->prot;
        if (i > 0 && first < elfld__align_down(plan->loads[i - 1].vaddr +
                                                   plan->loads[i - 1].memsz + page - 1, page))
            prot |= page_prot(plan->loads, plan->nloads, first, page);
        if (i + 1 < plan->nloads && elfld__align_down(plan->loads[i + 1].vaddr, page) <= last)
            prot |= page_prot(plan->loads, plan->nloads, last, page);
        if ((prot & ELFLD_PROT_WRITE) && (prot & ELFLD_PROT_EXEC))
            return elfld__fail_segment(e, ELFLD_ESEGMENT, s->phdr_index, "segment would be "
                                       "writable and executable (W^X; ELFLD_ALLOW_WX accepts)");
    }
    return 0;
}
