/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * exec.c - starting programs (elfld.h, "programs"): the program and its interpreter mapped
 * (load.c, ELFLD_ROLE_PROGRAM), checked and protected, the initial stack built
 * (program/stack.c), and the jump (the backend's elfld_arch_start).
 */
#include "load.h"
#include "../core/arch.h"
#include "../core/ctx.h"
#include "../core/handles.h"
#include "../core/map.h"
#include "../core/util.h"
#include "../program/program.h"

#define DEFAULT_STACK_SIZE ((size_t)8 << 20)   /* Linux's default RLIMIT_STACK */
/* The struct_size of a caller compiled before any later field of elfld_exec_args. */
#define ARGS_MIN_SIZE (offsetof(struct elfld_exec_args, diag) + sizeof(struct elfld_diag *))

/* The core's defaults, then the host's answers. */
static int process_info(struct elfld_err *e, struct elfld_ctx *ctx,
                        struct elfld_process_info *pi) {
    __builtin_memset(pi, 0, sizeof *pi);
    pi->clktck = 100;
    pi->platform = ctx->host.platform;
    if (!ctx->host.process_info)
        return elfld__fail(e, ELFLD_ENOTSUP, "the host has no process_info hook: a started "
                           "program needs 16 random bytes (AT_RANDOM) from it");
    int rc = ctx->host.process_info(ctx->host.user, pi);
    if (rc)
        return elfld__fail(e, rc < 0 ? rc : ELFLD_EINVAL, "the host's process_info refused "
                           "(%d)", rc);
    return 0;
}

/* Map one image of a start: the program itself (by path or from memory) or its interpreter
 * (by path), checked and given its final protections. */
static int map_image(struct elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                     const struct elfld_exec_args *a, struct elfld_err *e, elfld_lib **lib,
                     struct elfld_start_image *img) {
    struct elfld_opts o = {.struct_size = sizeof o,
                           .flags = a->flags & (ELFLD_ALLOW_EXECSTACK | ELFLD_ALLOW_WX)};
    struct elfld_plan plan;
    int rc = elfld__open_program(ctx, path, buf, size, &o, e, &plan, lib);
    if (rc)
        return rc;
    const char *outer = e->image;
    e->image = (*lib)->name;
    e->phase = ELFLD_PHASE_PARSE;
    if (!(rc = elfld__program_check(e, *lib, &plan, img))) {
        e->phase = ELFLD_PHASE_PROTECT;
        rc = elfld__protect_segments(e, *lib);
    }
    e->image = outer;
    return rc;
}

static void discard(struct elfld_ctx *ctx, struct elfld_exec *ex) {
    if (ex->program)
        elfld_release(ex->program);
    if (ex->interp)
        elfld_release(ex->interp);
    if (ex->stack_reserved)
        ctx->host.unreserve(ctx->host.user, ex->stack, ex->stack_size);
    __builtin_memset(ex, 0, sizeof *ex);
}

static int prepare(struct elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                   const struct elfld_exec_args *a, struct elfld_exec *out) {
    struct elfld_err e = {.ctx = ctx, .diag = a->diag, .phase = ELFLD_PHASE_READ};
    struct elfld_process_info pi;
    int rc = process_info(&e, ctx, &pi);
    if (rc)
        return rc;
    struct elfld_start_image prog, interp = {0};
    if ((rc = map_image(ctx, path, buf, size, a, &e, &out->program, &prog)))
        return rc;
    if (prog.interp || a->interp) {
        const char *ipath = a->interp ? a->interp : prog.interp;
        if (!prog.interp)
            return elfld__fail(&e, ELFLD_EINVAL, "an interpreter was given for a static "
                               "program");
        if ((rc = map_image(ctx, ipath, NULL, 0, a, &e, &out->interp, &interp)))
            return rc;
        if (interp.interp)
            return elfld__fail(&e, ELFLD_ESEGMENT, "%s: an interpreter with an interpreter "
                               "(PT_INTERP)", ipath);
    }
    out->stack = a->stack;
    out->stack_size = a->stack ? a->stack_size : a->stack_size ? a->stack_size
                                                               : DEFAULT_STACK_SIZE;
    if (!out->stack) {
        e.phase = ELFLD_PHASE_MAP;
        out->stack = ctx->host.reserve(ctx->host.user, out->stack_size, ctx->page_size);
        if (!out->stack)
            return elfld__fail(&e, ELFLD_ENOMEM, "host could not reserve a %zu-byte stack",
                               out->stack_size);
        out->stack_reserved = 1;
    }
    struct elfld_start_values v = {.phdr = prog.phdr, .phnum = prog.phnum, .entry = prog.entry,
                                   .interp_base = out->interp ? out->interp->base
                                                              : 0,
                                   .page_size = ctx->page_size};
    const char *execfn = a->execfn ? a->execfn : path ? path : a->argv ? a->argv[0] : NULL;
    uintptr_t sp;
    if ((rc = elfld__stack_build(&e, out->stack, out->stack_size, a->argv, a->envp, execfn, &v,
                                 &pi, &sp)))
        return rc;
    out->entry = (void *)(out->interp ? interp.entry : prog.entry);
    out->stack_pointer = (void *)sp;
    out->program_entry = (void *)prog.entry;
    out->phdr = (const void *)prog.phdr;
    return 0;
}

static int prepare_checked(elfld_ctx *ctx, const char *path, const void *buf, size_t size,
                           const struct elfld_exec_args *args, struct elfld_exec *out) {
    if (args && args->struct_size >= ARGS_MIN_SIZE)
        elfld__diag_clear(args->diag);
    if (!elfld__ctx_usable(ctx, "elfld_exec_prepare") || !args || !out ||
        args->struct_size < ARGS_MIN_SIZE)
        return ELFLD_EINVAL;
    __builtin_memset(out, 0, sizeof *out);
    int rc = prepare(ctx, path, buf, size, args, out);
    if (rc)
        discard(ctx, out);
    return rc;
}

int elfld_exec_prepare(elfld_ctx *ctx, const char *path, const struct elfld_exec_args *args,
                       struct elfld_exec *out) {
    if (!path)
        return ELFLD_EINVAL;
    return prepare_checked(ctx, path, NULL, 0, args, out);
}

int elfld_exec_prepare_mem(elfld_ctx *ctx, const void *buf, size_t size,
                           const struct elfld_exec_args *args, struct elfld_exec *out) {
    if (!buf)
        return ELFLD_EINVAL;
    return prepare_checked(ctx, NULL, buf, size, args, out);
}

void elfld_exec_start(const struct elfld_exec *ex) {
    elfld_arch_start((uintptr_t)ex->entry, (uintptr_t)ex->stack_pointer);
    __builtin_trap();                  /* not reached: the program owns the process */
}

void elfld_exec_discard(elfld_ctx *ctx, struct elfld_exec *ex) {
    if (elfld__ctx_usable(ctx, "elfld_exec_discard") && ex)
        discard(ctx, ex);
}
