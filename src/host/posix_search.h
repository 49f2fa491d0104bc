/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_search.h - the POSIX host's dependency hooks (posix_search.c): the default search
 * list (/etc/ld.so.cache, then the multiarch and default directories) and what $LIB and
 * $PLATFORM mean here.
 */
#ifndef ELFLD_POSIX_SEARCH_H
#define ELFLD_POSIX_SEARCH_H

#include "elfld/host.h"

#pragma GCC visibility push(hidden)
void elfld__px_search_hooks(struct elfld_host *host);
#pragma GCC visibility pop

#endif /* ELFLD_POSIX_SEARCH_H */
