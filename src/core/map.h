/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * map.h - an image's memory: reservation, segments, protections, address checks (map.c).
 */
#ifndef ELFLD_CORE_MAP_H
#define ELFLD_CORE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elfld/host.h"
#include "error.h"
#include "lib.h"
#include "parse.h"

#pragma GCC visibility push(hidden)   /* see util.h */

/* Reserve memory for the plan and copy the segments in.  Fills lib->map/base/loads. */
int elfld__map(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
               const void *data, const struct elfld_blob *blob);
/* Final segment protections (W^X, gaps inaccessible) + icache flush; then RELRO read-only. */
int elfld__protect_segments(struct elfld_err *e, struct elfld_lib *lib);
int elfld__protect_relro(struct elfld_err *e, struct elfld_lib *lib);
void elfld__unmap(struct elfld_lib *lib);
/* Policies decided from the headers: executable stack, W^X of segments. */
int elfld__check_policy(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan);
/* The loaded segment whose memory holds vaddr (a vaddr, not a run-time address), or NULL. */
const struct elfld_seg *elfld__seg_at(const struct elfld_lib *lib, uintptr_t vaddr);
/* Is [vaddr, vaddr+size) inside one loaded segment's memory?  (vaddr, not runtime address) */
bool elfld__in_image(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size);
/* Is the run-time address inside an executable segment of the image? */
bool elfld__in_code(const struct elfld_lib *lib, uintptr_t addr);
/* Same, and the segment is writable or the image has text relocations allowed. */
bool elfld__in_writable(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_MAP_H */
