/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * records.h - one record of a REL or RELA table, decoded: the one reader of relocation records
 * for both wings (inline: the shared-object driver reads every record through it).
 */
#ifndef ELFLD_CORE_RECORDS_H
#define ELFLD_CORE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elf.h"

/*
 * Record i of a REL (rela 0) or RELA table: its offset, r_info and addend (0 for REL: a REL
 * record's addend lives at its target).  `aligned`: the table is aligned for its records, as
 * a mapped shared object's are; an object file's need not be (an archive member starts at an
 * even offset only), and is then read byte by byte where the arch requires aligned loads.
 */
static inline __attribute__((always_inline)) void
elfld__rec_read(const void *table, size_t i, int rela, bool aligned, uintptr_t *off,
                uintptr_t *info, intptr_t *addend) {
    const char *base = aligned ? __builtin_assume_aligned(table, _Alignof(elf_rela)) : table;
    if (rela) {
        elf_rela x;
        __builtin_memcpy(&x, base + i * sizeof x, sizeof x);
        *off = (uintptr_t)x.r_offset;
        *info = (uintptr_t)x.r_info;
        *addend = (intptr_t)x.r_addend;
    } else {
        elf_rel x;
        __builtin_memcpy(&x, base + i * sizeof x, sizeof x);
        *off = (uintptr_t)x.r_offset;
        *info = (uintptr_t)x.r_info;
        *addend = 0;
    }
}

#endif /* ELFLD_CORE_RECORDS_H */
