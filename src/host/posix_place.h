/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_place.h - the POSIX host's reserve_within (posix_place.c): anonymous memory inside an
 * address window, taken from a free gap without replacing any mapping.
 */
#ifndef ELFLD_POSIX_PLACE_H
#define ELFLD_POSIX_PLACE_H

#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)
void *elfld__px_reserve_within(void *user, size_t size, size_t align, uintptr_t first,
                               uintptr_t last);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_PLACE_H */
