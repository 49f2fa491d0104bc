/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * map.c - place an image in memory through the host: one reservation for the whole span,
 * segments copied to their addresses, .bss zeroed; after relocation the final protections
 * (W^X, RELRO read-only, gaps inaccessible) and the instruction-cache flush.
 *
 * Copying instead of mapping the file keeps one code path for MMU and no-MMU hosts and makes
 * every byte of the image private to it; the reservation is read-write until elfld__protect.
 */
#include "internal.h"

/*
 * Map a segment's file bytes from the source when the host can: the pages [vaddr, vaddr +
 * filesz) rounded out to pages, provided the segment is congruent with its file offset and
 * shares no page with the previous one.  The rest of its last page is zeroed (it may hold the
 * next segment's bytes, and .bss starts there).  Returns 1 if mapped, 0 to copy instead.
 */
static int map_from_source(struct elfld_err *e, struct elfld_lib *lib, struct elfld_seg *s,
                           const struct elfld_blob *blob, uintptr_t prev_end) {
    struct elfld_ctx *ctx = lib->ctx;
    uintptr_t page = ctx->page_size;
    if (!blob || !ctx->host.map_source || !s->filesz ||
        ((s->vaddr ^ s->offset) & (page - 1)))
        return 0;
    uintptr_t lo = elfld__align_down(s->vaddr, page);
    if (lo < prev_end)
        return 0;                                   /* shares a page: copy that segment */
    uintptr_t end = s->vaddr + s->filesz;
    uintptr_t hi = elfld__align_down(end + page - 1, page);
    /* A segment nothing writes (not writable, no .bss to clear, no text relocations) gets its
     * final protection right away: one system call instead of two.  Its last page may show
     * bytes of the file past the segment, as with every system loader. */
    bool final = !(s->prot & ELFLD_PROT_WRITE) && !lib->textrel && s->memsz == s->filesz &&
                 ctx->host.protect;
    unsigned prot = final ? s->prot : ELFLD_PROT_READ | ELFLD_PROT_WRITE;
    int rc = ctx->host.map_source(ctx->host.user, blob, s->offset - (s->vaddr - lo),
                                  (void *)(lib->base + lo), hi - lo, prot);
    if (rc)
        return elfld__fail_segment(e, rc, s->phdr_index, "host could not map segment %u from "
                                   "its source", s->phdr_index);
    if (!final)
        __builtin_memset((void *)(lib->base + end), 0, hi - end);
    s->prot_final = final;
    return 1;
}

int elfld__map(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
               const void *data, const struct elfld_blob *blob) {
    struct elfld_ctx *ctx = lib->ctx;
    size_t span = plan->span_end - plan->span_start;
    void *map = ctx->host.reserve(ctx->host.user, span, plan->align);
    if (!map)
        return elfld__fail(e, ELFLD_ENOMEM, "host could not reserve %zu bytes", span);
    if ((uintptr_t)map & (plan->align - 1)) {
        ctx->host.unreserve(ctx->host.user, map, span);
        return elfld__fail(e, ELFLD_ENOMEM, "host returned memory not aligned to %lx",
                           (unsigned long)plan->align);
    }
    lib->map = map;
    lib->map_size = span;
    lib->base = (uintptr_t)map - plan->span_start;
    lib->nloads = plan->nloads;
    bool zeroed = (ctx->host.flags & ELFLD_HOST_ZEROED_RESERVE) != 0;
    uintptr_t prev_end = 0, page = ctx->page_size;
    for (unsigned i = 0; i < plan->nloads; i++) {
        struct elfld_seg *s = &lib->loads[i];
        *s = plan->loads[i];
        char *dst = (char *)(lib->base + s->vaddr);
        int mapped = map_from_source(e, lib, s, blob, prev_end);
        if (mapped < 0)
            return mapped;
        if (!mapped)
            __builtin_memcpy(dst, (const char *)data + s->offset, s->filesz);
        if (!zeroed && s->memsz > s->filesz)
            __builtin_memset(dst + s->filesz, 0, s->memsz - s->filesz);
        prev_end = elfld__align_down(s->vaddr + s->memsz + page - 1, page);
    }
    lib->relro_vaddr = plan->relro_vaddr;
    lib->relro_size = plan->relro_size;
    return 0;
}

void elfld__unmap(struct elfld_lib *lib) {
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
     * Walk the span page-wise: each segment's pages get its protection; a page shared by two
     * segments gets both (linkers page-align segments of different permissions, so the union
     * is normally harmless; W+X is refused by elfld__check_policy); pages in no segment get
     * none.
     */
    uintptr_t start = (uintptr_t)lib->map - lib->base;
    uintptr_t cursor = start, prev_end = start;
    unsigned prev_prot = 0;
    int rc;
    for (unsigned i = 0; i < lib->nloads; i++) {
        const struct elfld_seg *s = &lib->loads[i];
        uintptr_t lo = elfld__align_down(s->vaddr, page);
        uintptr_t hi = elfld__align_down(s->vaddr + s->memsz + page - 1, page);
        if (lo < prev_end) {            /* first page shared with the previous segment */
            if ((rc = protect(e, lib, lo, prev_end, s->prot | prev_prot)))
                return rc;
            lo = prev_end;
        } else if ((rc = protect(e, lib, cursor, lo, 0))) {   /* gap */
            return rc;
        }
        /* Already final when mapped so, or read-write as the reservation came (unless the
         * next segment shares its last page: then that one's union covers it). */
        bool shares_next = i + 1 < lib->nloads &&
                           elfld__align_down(lib->loads[i + 1].vaddr, page) < hi;
        bool done = s->prot_final ||
                    (s->prot == (ELFLD_PROT_READ | ELFLD_PROT_WRITE) && !shares_next);
        if (!done && (rc = protect(e, lib, lo, hi, s->prot)))
            return rc;
        cursor = prev_end = hi;
        prev_prot = s->prot;
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
    return protect(e, lib, lo, hi, ELFLD_PROT_READ);
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
        unsigned prot = s->prot;
        /* a page shared with the previous segment carries both protections */
        if (i && elfld__align_down(s->vaddr, page) <
                     elfld__align_down(plan->loads[i - 1].vaddr + plan->loads[i - 1].memsz +
                                       page - 1, page))
            prot |= plan->loads[i - 1].prot;
        if ((prot & ELFLD_PROT_WRITE) && (prot & ELFLD_PROT_EXEC))
            return elfld__fail_segment(e, ELFLD_ESEGMENT, s->phdr_index, "segment would be "
                                       "writable and executable (W^X; ELFLD_ALLOW_WX accepts)");
    }
    return 0;
}
