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

#pragma GCC visibility pop

#endif /* ELFLD_SO_DYNAMIC_H */
