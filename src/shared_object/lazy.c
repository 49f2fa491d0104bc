/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * lazy.c - the C half of lazy binding.  An arch trampoline (arch/<arch>/lazy.S) reaches here
 * at the first call through an unbound PLT slot, with the library and the JMPREL index.  We
 * resolve the symbol through the same chain as eager binding, patch the GOT word and return
 * the target.  On failure the host's lazy_fail hook decides where to go; without one we trap.
 * Never returns 0: a broken lookup must not become a jump to address 0.
 */
#include "../core/arch.h"
#include "../core/lib.h"
#include "../core/sym.h"
#include "../core/util.h"

/* Where a failed lazy binding goes when the host offers nothing better. */
static void lazy_trap(void) { __builtin_trap(); }

static uintptr_t fail(struct elfld_lib *lib, const char *name) {
    struct elfld_ctx *ctx = lib->ctx;
    elfld__log(ctx, ELFLD_LOG_ERROR, "%s: lazy binding of '%s' failed", lib->name,
               name ? name : "?");
    if (ctx->host.lazy_fail) {
        void *to = ctx->host.lazy_fail(ctx->host.user, lib, name ? name : "?");
        if (to)
            return (uintptr_t)to;
    }
    return (uintptr_t)&lazy_trap;
}

uintptr_t elfld__lazy_bind(struct elfld_lib *lib, size_t index) {
    if (index >= lib->njmprel)
        return fail(lib, NULL);
    uintptr_t offset, info;
    intptr_t addend = 0;
    if (lib->jmprel_is_rela) {
        const elf_rela *r = (const elf_rela *)lib->jmprel + index;
        offset = (uintptr_t)r->r_offset;
        info = (uintptr_t)r->r_info;
        addend = (intptr_t)r->r_addend;
    } else {
        const elf_rel *r = (const elf_rel *)lib->jmprel + index;
        offset = (uintptr_t)r->r_offset;
        info = (uintptr_t)r->r_info;
    }
    uint32_t symidx = ELF_R_SYM(info);
    /* The slot was validated as a JUMP_SLOT inside the writable image when it was rebased. */
    if (symidx == STN_UNDEF || symidx >= lib->nsyms)
        return fail(lib, NULL);
    struct elfld_err e = {.ctx = lib->ctx, .diag = NULL, .phase = ELFLD_PHASE_RELOC,
                          .lazy = true};
    struct elfld_def def;
    if (elfld__resolve(&e, lib, symidx, &def) || !def.value)
        return fail(lib, elfld__sym_name(lib, symidx));
    elf_addr target = (elf_addr)(def.value + (uintptr_t)addend);
    /* Threads that reach the unbound slot together all bind it, to the same target: one
     * word store each, atomic so that none can be torn (a relaxed store is a plain store on
     * every arch; the slot is naturally aligned in every real image, and an odd one from a
     * malformed file is written bytewise as before). */
    void *slot = (void *)(lib->base + offset);
    if (((uintptr_t)slot & (sizeof target - 1)) == 0)
        __atomic_store_n((elf_addr *)slot, target, __ATOMIC_RELAXED);
    else
        __builtin_memcpy(slot, &target, sizeof target);
    return target;
}
