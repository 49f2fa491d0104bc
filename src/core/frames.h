/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * frames.h - an image's frame tables, checked before any unwinder may read them (frames.c):
 * .eh_frame records (CIEs, FDEs, their CFA instructions), the .eh_frame_hdr that leads to
 * them, and the ARM EHABI index.
 *
 * The unwinder trusts these tables completely - a bad length or pointer encoding becomes a
 * wild read or an abort inside it, long after the load - so the core reads each record once,
 * with every read bounded, before the host registers anything.  The rule (docs/DESIGN.md,
 * "Frame tables"): tables that fail the check are not handed to the host, the image loads
 * without unwind information, and a warning says why.  They must also lie in memory the
 * image cannot write once linked, so that what was checked is what the unwinder reads.
 */
#ifndef ELFLD_CORE_FRAMES_H
#define ELFLD_CORE_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)   /* see util.h */

struct elfld_lib;

/* The checked tables of an image, as the host's image_ready and image_going report them. */
struct elfld_frames {
    uintptr_t eh_frame_hdr;           /* run-time address or 0 */
    size_t eh_frame_hdr_size;
    uintptr_t eh_frame;               /* 0: none, or refused */
    size_t eh_frame_size;             /* records and the zero terminator */
    uintptr_t exidx;                  /* 0: none, or refused */
    size_t exidx_count;               /* 8-byte entries */
    void *copy;                       /* eh_frame, when it is the core's terminated copy of a */
    size_t copy_size;                 /* table without terminator (host->alloc'd) */
};

/* What an FDE that covers no code of the image becomes: a reason to refuse the table (a
 * linked shared object has none), or an FDE of range 0 that matches no address (an object
 * module: the copies of COMDAT functions another object supplied). */
enum elfld_foreign_fde { ELFLD_FDE_REFUSE, ELFLD_FDE_DISABLE };

/* How to walk an .eh_frame table (elfld__eh_frame_check). */
struct elfld_eh_walk {
    uintptr_t start, limit;           /* run-time addresses: the table, the end of its memory */
    enum elfld_foreign_fde foreign;
    size_t max_fdes;                  /* 0: up to the zero terminator; else also stop after
                                         this many FDEs (.eh_frame_hdr's count: a table a
                                         linker wrote without crtend's terminator) */
};

/*
 * Check the .eh_frame records of w->start, up to their zero terminator or w->max_fdes FDEs,
 * inside w->limit.  Every FDE's CIE must be a record before it, every pointer encoding one an
 * unwinder decodes without a base it lacks, every CIE's CFA instructions known and whole (an
 * FDE's own are bounded by its length, not read: docs/DESIGN.md, "Frame tables").  An FDE
 * whose range is not code of `lib` is refused or disabled (its pc_range written 0: only
 * while the image is still writable).  Returns true, the records' size (terminator not
 * counted) and whether a terminator follows them; false and *why.
 */
bool elfld__eh_frame_check(struct elfld_lib *lib, const struct elfld_eh_walk *w,
                           size_t *records, bool *terminated, const char **why);

/* Release what elfld__frames_find made (a terminated copy). */
void elfld__frames_free(struct elfld_lib *lib);

/* Find and check a linked image's tables: PT_GNU_EH_FRAME and what it points at, the ARM
 * index (lib->exidx_vaddr); an object module's were checked when it was linked.  A refusal
 * is logged (ELFLD_LOG_WARN) and leaves the table out. */
void elfld__frames_find(struct elfld_lib *lib);

/* Check `count` ARM EHABI index entries at `start` (sorted, each naming code of lib and an
 * unwinding instruction inline, EXIDX_CANTUNWIND, or a table inside the image). */
bool elfld__exidx_check(const struct elfld_lib *lib, uintptr_t start, size_t count,
                        const char **why);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_FRAMES_H */
