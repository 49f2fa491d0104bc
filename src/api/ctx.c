/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * ctx.c - a context's creation and destruction.  Here rather than in core/ because a context
 * owns what both wings build: its index of the system (shared_object/system.c) and every
 * library, shared objects and linked objects alike.
 */
#include "../core/lib.h"
#include "../core/map.h"
#include "../core/names.h"
#include "../core/util.h"
#include "../shared_object/system.h"

/* The struct_size of a host compiled before the read_source/reserve_source/map_zero hooks:
 * it is accepted and reads as having none of them. */
#define HOST_MIN_SIZE offsetof(struct elfld_host, read_source)

int elfld_ctx_create(const struct elfld_host *host, elfld_ctx **out) {
    if (!host || !out || host->struct_size < HOST_MIN_SIZE || !host->reserve ||
        !host->unreserve || !host->alloc || !host->free || (host->open && !host->close))
        return ELFLD_EINVAL;
    size_t page = host->page_size ? host->page_size : 4096;
    if (!elfld__is_pow2(page) || page < 16)
        return ELFLD_EINVAL;
    struct elfld_ctx *ctx = host->alloc(host->user, sizeof *ctx);
    if (!ctx)
        return ELFLD_ENOMEM;
    __builtin_memset(ctx, 0, sizeof *ctx);
    size_t given = host->struct_size < sizeof ctx->host ? host->struct_size : sizeof ctx->host;
    __builtin_memcpy(&ctx->host, host, given);      /* the rest stays zero: hooks missing */
    ctx->host.struct_size = sizeof ctx->host;
    ctx->magic = ELFLD_MAGIC_CTX;
    ctx->page_size = page;
    ctx->trace = ctx->host.log && (ctx->host.log_levels & (1u << ELFLD_LOG_TRACE));
    if (ctx->host.intercept && ctx->host.intercept_names) {
        const char *const *names = ctx->host.intercept_names;
        for (; names[ctx->nintercept]; ctx->nintercept++) {
            if (ctx->nintercept == ELFLD_MAX_INTERCEPTS) {
                host->free(host->user, ctx, sizeof *ctx);
                return ELFLD_EINVAL;
            }
            ctx->intercept_hash[ctx->nintercept] = elfld__gnu_hash(names[ctx->nintercept]);
        }
    }
    /* A cache of the context, read once, up front: the images' tables.  Their name index
     * waits until loads make it pay (system.c). */
    elfld__system_refresh(ctx);
    *out = ctx;
    return 0;
}

void elfld_ctx_destroy(elfld_ctx *ctx) {
    if (!elfld__ctx_usable(ctx, "elfld_ctx_destroy"))
        return;
    /* Destructors in the reverse of the order constructors ran, then tear everything down
     * regardless of counts. */
    for (;;) {
        struct elfld_lib *last = NULL;
        for (struct elfld_lib *l = ctx->first; l; l = l->next)
            if (l->state == ELFLD_STATE_READY && l->init_seq &&
                (!last || l->init_seq > last->init_seq))
                last = l;
        if (!last)
            break;
        elfld__run_fini(last);
        last->state = ELFLD_STATE_DEAD;
    }
    for (struct elfld_lib *l = ctx->first; l; l = l->next)
        elfld__forget_edges(l);
    while (ctx->first) {
        struct elfld_lib *l = ctx->first;
        elfld__unmap(l);
        elfld__ctx_unlink(ctx, l);
        elfld__lib_free(l);
    }
    elfld__system_free(ctx);
    elfld__tls_ctx_free(ctx);
    if (ctx->host.context_destroyed)
        ctx->host.context_destroyed(ctx->host.user, ctx);
    ctx->magic = ELFLD_MAGIC_DEAD;
    struct elfld_host host = ctx->host;
    if (!ELFLD_KEEP_RETIRED)
        host.free(host.user, ctx, sizeof *ctx);
}
