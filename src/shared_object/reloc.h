/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reloc.h - the relocation driver of shared objects (reloc.c).
 */
#ifndef ELFLD_SO_RELOC_H
#define ELFLD_SO_RELOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/elf.h"
#include "../core/error.h"
#include "../core/lib.h"

#pragma GCC visibility push(hidden)   /* see util.h */

int elfld__relocate(struct elfld_err *e, struct elfld_lib *lib);
/* Apply RELR records to an image at `base` (exposed for unit tests).  Each target word must
 * satisfy `in_image(lib, vaddr, word)`; lib may be NULL to skip the check. */
int elfld__apply_relr(struct elfld_err *e, const struct elfld_lib *lib, uintptr_t base,
                      const elf_addr *relr, size_t n);

#pragma GCC visibility pop

#endif /* ELFLD_SO_RELOC_H */
