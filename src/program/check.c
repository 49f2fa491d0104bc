/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * check.c - what a start relies on in a mapped program or interpreter.  The kernel's exec
 * refuses the same: an entry point the program could not run from, a PT_PHDR no segment
 * maps (AT_PHDR would point at nothing), an interpreter path that is not a string.
 */
#include "program.h"
#include "../core/arch.h"
#include "../core/map.h"
#include "../core/util.h"

#define INTERP_PATH_MAX 4096u         /* Linux's PATH_MAX, which its exec applies here too */

int elfld__program_check(struct elfld_err *e, const struct elfld_lib *lib,
                         const struct elfld_plan *plan, struct elfld_start_image *out) {
    __builtin_memset(out, 0, sizeof *out);
    uintptr_t entry;
    if (!elfld__add_ok(lib->base, (uintptr_t)plan->ehdr.e_entry, &entry) ||
        !elfld__in_code(lib, ELFLD_ARCH_CODE_ADDRESS(entry)))
        return elfld__fail(e, ELFLD_EHEADER, "e_entry %lx is outside every executable segment",
                           (unsigned long)plan->ehdr.e_entry);
    out->entry = entry;
    out->phnum = plan->ehdr.e_phnum;
    uintptr_t phdr_bytes = (uintptr_t)plan->ehdr.e_phnum * sizeof(elf_phdr);
    if (plan->has_phdr) {
        if (!elfld__in_image(lib, plan->phdr_vaddr, phdr_bytes))
            return elfld__fail(e, ELFLD_ESEGMENT, "PT_PHDR [%lx, +%lx) is not inside a PT_LOAD "
                               "segment", (unsigned long)plan->phdr_vaddr,
                               (unsigned long)phdr_bytes);
        out->phdr = lib->base + plan->phdr_vaddr;
    } else if (lib->phdr) {
        out->phdr = (uintptr_t)lib->phdr;
    } else {
        return elfld__fail(e, ELFLD_ESEGMENT, "no segment maps the program headers (no "
                           "PT_PHDR, and e_phoff is outside every segment's file bytes)");
    }
    if (!plan->interp_size)
        return 0;
    if (plan->interp_size > INTERP_PATH_MAX)
        return elfld__fail(e, ELFLD_ESEGMENT, "PT_INTERP of %lu bytes, longer than a path "
                           "(%u)", (unsigned long)plan->interp_size, INTERP_PATH_MAX);
    const struct elfld_seg *s = elfld__seg_at(lib, plan->interp_vaddr);
    if (!s || plan->interp_vaddr - s->vaddr > s->filesz ||
        plan->interp_size > s->filesz - (plan->interp_vaddr - s->vaddr))
        return elfld__fail(e, ELFLD_ESEGMENT, "PT_INTERP [%lx, +%lx) is not inside a segment's "
                           "file bytes", (unsigned long)plan->interp_vaddr,
                           (unsigned long)plan->interp_size);
    const char *path = (const char *)(lib->base + plan->interp_vaddr);
    if (path[plan->interp_size - 1] != 0 || path[0] == 0)
        return elfld__fail(e, ELFLD_ESEGMENT, "PT_INTERP is not a NUL-terminated path");
    out->interp = path;
    return 0;
}
