/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sym.h - symbol lookup in one library and the resolution chain a relocation's symbol goes
 * through (sym.c).
 */
#ifndef ELFLD_CORE_SYM_H
#define ELFLD_CORE_SYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ctx.h"
#include "elf.h"
#include "error.h"
#include "lib.h"
#include "names.h"
#include "sysset.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/*
 * The symbols of lib's GNU chains whose hash equals c's without its low bit (c: a hash, or a
 * chain entry, whose low bit is its end flag: both values are tried), behind lib's Bloom
 * filter; a bucket outside [symoffset, nsyms) reads as empty (a system image's buckets are
 * not scanned when it is read).  With `own`, clears own[k] (k: index - symoffset) for each
 * and returns whether there was one; without, returns at the first.  No name is compared: a
 * hash collision counts too, which callers take as "look it up".
 */
bool elfld__chain_match(const struct elfld_lib *lib, uint32_t c, uint8_t *own);

/* Find a definition of `n` in `lib` only; returns the symbol or NULL. */
const elf_sym *elfld__lookup_in(const struct elfld_lib *lib, struct elfld_name *n);

/* Result of resolving a symbol reference through the whole chain. */
struct elfld_def {
    uintptr_t value;                  /* final address (IFUNC called) */
    const elf_sym *sym;               /* definition, NULL when supplied by a callback/host */
    struct elfld_lib *lib;            /* defining library, NULL for callbacks/host/weak 0 */
};

/*
 * Resolve symbol index `symidx` of `lib` for relocation, in the order sym.c's header gives
 * (pre-find, system, ELFLD_GLOBAL libraries, self, group, opts scope, post-find; symbolic
 * libraries look in themselves first); undefined weak -> 0.  Binding to a library outside
 * lib's group records a dependency reference.  Returns 0 or ELFLD_ENOSYM / ELFLD_ENOMEM.
 */
int elfld__resolve(struct elfld_err *e, struct elfld_lib *lib, uint32_t symidx,
                   struct elfld_def *out);
/* The chain above for a name, without failing or recording a dependency: whether it is
 * defined, and where (the object linker's placement asks before the image exists). */
bool elfld__find_name(struct elfld_lib *lib, struct elfld_name *n, struct elfld_def *out);
/* The chain above for a name (no local shortcut); `weak`: a miss resolves to 0. */
int elfld__resolve_name(struct elfld_err *e, struct elfld_lib *lib, struct elfld_name *n,
                        bool weak, struct elfld_def *out);
/* Version name required for symbol index `symidx` of `lib` (NULL when none). */
const struct elfld_ver *elfld__sym_version(const struct elfld_lib *lib, uint32_t symidx);
uintptr_t elfld__sym_addr(struct elfld_lib *lib, const elf_sym *sym);

/*
 * Can anything searched before a library itself define one of its own symbols?  The answer
 * depends on the library and context only (computed once per relocation pass), except that
 * with a system index each name is probed in the system's name set.
 */
enum elfld_self_first {
    ELFLD_SELF_NEVER,            /* pre-find, or another global-scope library, comes first */
    ELFLD_SELF_ALWAYS,           /* symbolic, or nothing at all precedes it */
    ELFLD_SELF_UNLESS_SYSTEM,    /* only the system precedes it: probe its name set */
};

static inline int elfld__self_first_mode(const struct elfld_lib *lib) {
    const struct elfld_ctx *ctx = lib->ctx;
    if (lib->pre_find)
        return ELFLD_SELF_NEVER;
    if (lib->flags & ELFLD_SYMBOLIC)
        return ELFLD_SELF_ALWAYS;
    if (ctx->nglobal > 1 || (ctx->nglobal == 1 && !(lib->flags & ELFLD_GLOBAL)))
        return ELFLD_SELF_NEVER;
    if (!ctx->sys_indexed)
        return ctx->host.resolve || ctx->nintercept ? ELFLD_SELF_NEVER : ELFLD_SELF_ALWAYS;
    return ELFLD_SELF_UNLESS_SYSTEM;
}

/*
 * The name of symbol `symidx` (< nsyms), or NULL when its st_name lies outside the string
 * table.  Checked here, where a name is used, rather than for every symbol at load: most
 * symbols of a large library are never looked at, and the check is one compare.
 */
static inline const char *elfld__sym_name(const struct elfld_lib *lib, uint32_t symidx) {
    uint32_t off = lib->symtab[symidx].st_name;
    return off < lib->strsz ? lib->strtab + off : NULL;
}

/* GNU hash of a symbol `lib` defines: stored in its chain when it has a GNU hash table.
 * (A symbol with a bad name hashes as the empty name: it is refused where it is used.) */
static inline uint32_t elfld__defined_hash(const struct elfld_lib *lib, uint32_t symidx) {
    if (lib->gnu_buckets && symidx >= lib->gnu_symoffset)
        return lib->gnu_chain[symidx - lib->gnu_symoffset];
    const char *name = elfld__sym_name(lib, symidx);
    return elfld__gnu_hash(name ? name : "");
}


#pragma GCC visibility pop

#endif /* ELFLD_CORE_SYM_H */
