/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_obj_common.h - what the object and archive harnesses (fuzz_load_object.c,
 * fuzz_load_archive.c) share: open a set of inputs with elfld_open_objects, decide from the
 * core's view of the opened image (src/core/lib.h) whether linking could run any of its code,
 * link when it cannot (elfld_link: symbol resolution against the fake system of fuzz_host.c,
 * GOT, stubs, every relocation, final protections), look symbols up, release, and check after
 * every step that nothing is left behind.
 *
 * An object image runs code at link time only through its constructors (init_array, .ctors)
 * and at release through its destructors (fini_array, .dtors): IFUNC definitions in objects are
 * refused at open, and the fake system resolves every name to one dummy that is never called.
 * So the harness links exactly when all four arrays of the opened image are empty.
 */
#ifndef ELFLD_FUZZ_OBJ_COMMON_H
#define ELFLD_FUZZ_OBJ_COMMON_H

#include <stdint.h>
#include <string.h>

#include "fuzz_host.h"
#include "core/lib.h"

static inline void fuzz_obj_check_rc(int rc, const struct elfld_diag *diag, const char *what)
{
    if (rc > 0 || strcmp(elfld_strerror(rc), "unknown error") == 0)
        fuzz_die("%s returned %d", what, rc);
    if (rc != 0 && (diag->code != rc || diag->message[0] == 0))
        fuzz_die("%s failed with %d but the diagnostic says %d", what, rc, diag->code);
}

/* Would linking or releasing this opened object image call into its own code? */
static inline int fuzz_obj_would_run_code(const struct elfld_lib *lib)
{
    return lib->init || lib->fini || lib->ninit || lib->nfini || lib->nctors || lib->ndtors;
}

static inline void fuzz_obj_lookups(struct fuzz_env *env, elfld_lib *lib)
{
    static const char *const names[] = {"mo_entry", "mo_b_mul", "mo_common", "mo_ar_needed",
                                        "mo_ar_required_value", "missing", ""};
    struct elfld_syminfo si;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        (void)elfld_sym(lib, names[i]);
        (void)elfld_sym_info(lib, names[i], NULL, &si);
    }
    for (uint32_t i = 1; i < lib->nsyms && i < 64; i++) {
        const elf_sym *s = &lib->symtab[i];
        if (ELF_ST_TYPE(s->st_info) == STT_GNU_IFUNC)
            fuzz_die("object image exports an IFUNC");
        /* by elfld_sym_info: elfld_sym cannot tell "absent" from an absolute symbol 0 */
        if (elfld_sym_info(lib, lib->strtab + s->st_name, NULL, &si) != 0)
            fuzz_die("exported symbol '%s' not found by name", lib->strtab + s->st_name);
        (void)elfld_sym(lib, lib->strtab + s->st_name);
        (void)elfld_addr_info(env->ctx, (const void *)(lib->base + (uintptr_t)s->st_value), &si);
    }
    (void)elfld_addr_info(env->ctx, lib->map, &si);
}

/* Open `in`, link when safe, look up, release; check the count host after each step. */
static inline void fuzz_obj_run(struct fuzz_env *env, const struct elfld_input *in, size_t n,
                                const struct elfld_opts *o0, const char *what)
{
    struct elfld_diag diag;
    struct elfld_opts o = *o0;
    o.diag = &diag;
    elfld_lib *lib = NULL;
    int rc = elfld_open_objects(env->ctx, in, n, &o, &lib);
    fuzz_obj_check_rc(rc, &diag, what);
    fuzz_note("open: %d%s%s", rc, rc ? " " : "", rc ? diag.message : "");
    if (rc != 0) {
        if (lib != NULL)
            fuzz_die("%s failed but set *out", what);
        fuzz_env_check_empty(env, "after a failed elfld_open_objects");
        return;
    }
    if (lib->state != ELFLD_STATE_OPENED || lib->obj == NULL)
        fuzz_die("%s: opened image not in the opened state", what);
    if (fuzz_obj_would_run_code(lib)) {
        fuzz_note("not linked: linking would run its code");
        elfld_release(lib);
        fuzz_env_check_empty(env, "after releasing an opened object image");
        return;
    }
    rc = elfld_link(env->ctx, &lib, 1, &diag);
    fuzz_obj_check_rc(rc, &diag, "elfld_link of an object image");
    fuzz_note("link: %d%s%s", rc, rc ? " " : "", rc ? diag.message : "");
    if (rc == 0) {
        if (lib->state != ELFLD_STATE_READY || lib->obj != NULL)
            fuzz_die("linked object image not ready");
        fuzz_obj_lookups(env, lib);
    } else if (lib->state != ELFLD_STATE_FAILED || lib->map != NULL) {
        fuzz_die("failed link left the image mapped or in state %u", lib->state);
    }
    int nodelete = rc == 0 && (lib->flags & ELFLD_NODELETE);
    elfld_release(lib);
    if (!nodelete)
        fuzz_env_check_empty(env, rc ? "after releasing a failed object link"
                                     : "after releasing a linked object image");
}

/* Load flags from a byte: bit 0 ELFLD_NOW, bit 1 ELFLD_SYMBOLIC, bit 2 ELFLD_GLOBAL. */
static inline unsigned fuzz_obj_flags(uint8_t b)
{
    return (b & 1 ? ELFLD_NOW : 0) | (b & 2 ? ELFLD_SYMBOLIC : 0) | (b & 4 ? ELFLD_GLOBAL : 0);
}

#endif /* ELFLD_FUZZ_OBJ_COMMON_H */
