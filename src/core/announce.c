/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * announce.c - image_ready and image_going (announce.h): what the host's debuggers,
 * unwinders and profilers learn of an image, and when.
 */
#include "announce.h"
#include "lib.h"
#include "util.h"

static void describe(const struct elfld_lib *lib, struct elfld_image_info *info) {
    __builtin_memset(info, 0, sizeof *info);
    const struct elfld_frames *f = &lib->frames;
    bool objects = lib->owned_tables != NULL;   /* the table an object link builds */
    info->lib = (struct elfld_lib *)lib;
    info->name = lib->name;
    info->path = objects ? NULL : lib->path;
    info->flags = objects ? ELFLD_IMAGE_OBJECTS : !lib->path ? ELFLD_IMAGE_MEMORY : 0;
    info->base = lib->base;
    info->start = lib->map;
    info->size = lib->map_size;
    info->phdrs = lib->phdr;
    info->phnum = lib->phdr ? lib->phnum : 0;
    info->source = lib->source_bytes;
    info->source_size = lib->source_bytes ? lib->source_size : 0;
    if (!ELFLD_WITH_FRAMES)         /* (where the map found them: never checked) */
        return;
    info->eh_frame_hdr = (const void *)f->eh_frame_hdr;
    info->eh_frame_hdr_size = f->eh_frame_hdr_size;
    info->eh_frame = (const void *)f->eh_frame;
    info->eh_frame_size = f->eh_frame_size;
    info->arm_exidx = (const void *)f->exidx;
    info->arm_exidx_count = f->exidx_count;
}

void elfld__announce_ready(struct elfld_lib *lib) {
    struct elfld_host *h = &lib->ctx->host;
    if (lib->ctx->trace)
        elfld__log(lib->ctx, ELFLD_LOG_TRACE, "placed %s at %lx-%lx, base %lx", lib->name,
                   (unsigned long)lib->map, (unsigned long)(lib->map + lib->map_size),
                   (unsigned long)lib->base);
    if (!h->image_ready)
        return;
    if (ELFLD_WITH_FRAMES)
        elfld__frames_find(lib);
    struct elfld_image_info info;
    describe(lib, &info);
    if (lib->obj_tools) {
        info.sections = lib->obj_tools->sections;
        info.nsections = lib->obj_tools->nsections;
        info.symbols = lib->obj_tools->symbols;
        info.nsymbols = lib->obj_tools->nsymbols;
        info.inputs = lib->obj_tools->inputs;
        info.ninputs = lib->obj_tools->ninputs;
    }
    lib->announced = true;
    h->image_ready(h->user, &info);
}

void elfld__announce_going(struct elfld_lib *lib) {
    struct elfld_host *h = &lib->ctx->host;
    if (lib->ctx->trace && lib->map_size)
        elfld__log(lib->ctx, ELFLD_LOG_TRACE, "unmapping %s at %lx", lib->name,
                   (unsigned long)lib->map);
    if (!lib->announced)
        return;
    lib->announced = false;
    if (h->image_going) {
        struct elfld_image_info info;
        describe(lib, &info);
        h->image_going(h->user, &info);
    }
}

const struct elfld_image_symbol *elfld__obj_tools_symbol(const struct elfld_lib *lib,
                                                         uintptr_t addr) {
    const struct elfld_obj_tools *t = lib->obj_tools;
    if (!t || !t->nsymbols || addr < t->symbols[0].addr)
        return NULL;
    size_t lo = 0, hi = t->nsymbols;          /* the last symbol at or below addr */
    while (hi - lo > 1) {
        size_t mid = lo + ((hi - lo) >> 1);
        if (t->symbols[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    /* Among those at or below addr, the nearest that covers it (a function inside which a
     * zero-sized label sits), else the nearest. */
    for (size_t i = lo + 1; i-- > 0;) {
        const struct elfld_image_symbol *s = &t->symbols[i];
        if (addr - s->addr < s->size)
            return s;
        if (lo - i >= 8)                      /* labels rarely nest deeper */
            break;
    }
    return &t->symbols[lo];
}

static void drop_inputs(struct elfld_lib *lib) {
    struct elfld_obj_tools *t = lib->obj_tools;
    if (t && t->inputs) {
        elfld__free(lib->ctx, t->inputs, t->inputs_bytes);
        t->inputs = NULL;
        t->ninputs = t->inputs_bytes = 0;
    }
}

void elfld__drop_link_state(struct elfld_lib *lib) {
    drop_inputs(lib);
    if (lib->free_link_state) {
        lib->free_link_state(lib->ctx, lib->obj);
        lib->free_link_state = NULL;
        lib->obj = NULL;
    }
}

void elfld__obj_tools_free(struct elfld_lib *lib) {
    drop_inputs(lib);
    if (lib->obj_tools) {
        elfld__free(lib->ctx, lib->obj_tools, lib->obj_tools->bytes);
        lib->obj_tools = NULL;
    }
}
