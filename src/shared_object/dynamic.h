/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * dynamic.h - reading a mapped shared object's dynamic section (dynamic.c).
 */
#ifndef ELFLD_SO_DYNAMIC_H
#define ELFLD_SO_DYNAMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/error.h"
#include "../core/lib.h"
#include "../core/parse.h"

#pragma GCC visibility push(hidden)   /* see util.h */

int elfld__read_dynamic(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan);

/* Does [vaddr, vaddr + size) touch a table the core trusts after reading the dynamic section
 * (strings, symbols, hashes, versym, relocation tables)?  Text relocations must not. */
bool elfld__in_tables(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size);

#pragma GCC visibility pop

#endif /* ELFLD_SO_DYNAMIC_H */
