/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sorted_types.h - the object-relocation type table of the backends whose relocation codes are
 * too sparse for a directly indexed table (AArch64's start at 256 and its TLS ones at 512;
 * Arm's are scattered over 0-130): one entry per known code, sorted by code, found by binary
 * search (elfld__sorted_find, fields.h).  The entry holds only what the object linker asks of
 * a type before applying it (elfld_arch_obj_classify: flags and name); how a type is applied
 * is the backend's switch on the code in elfld_arch_obj_apply.
 *
 * Needs ELFLD_OBJ_* and struct elfld_obj_reloc (src/core/arch.h, included by the backend
 * before this file) and fields.h.
 */
#ifndef ELFLD_ARCH_COMMON_SORTED_TYPES_H
#define ELFLD_ARCH_COMMON_SORTED_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "fields.h"

struct elfld_obj_type {
    uint16_t type;        /* relocation code (R_AARCH64_* / R_ARM_*) */
    uint16_t flags;       /* ELFLD_OBJ_*, ELFLD_OBJ_KNOWN always set, with ELFLD_OBJ_FIELD */
    const char *name;     /* "R_AARCH64_ABS64" */
};

/*
 * Table entries: the code, the bytes of its field at the place (ELFLD_OBJ_FIELD: an
 * instruction's width, a data word's), its flags.  `code` must be written as the type's name
 * (R_ARM_CALL, not 28): the name string is that spelling, stringized.  These macros stringize
 * their own argument, so they must be used directly in the table: a wrapper macro would expand
 * the name to its number first.
 */
#define ELFLD_OBJ_TYPE(code, size, flags)                                                    \
    {code, (uint16_t)(ELFLD_OBJ_KNOWN | ELFLD_OBJ_FIELD(size) | (flags)), #code}
/* A code the psABI treats as another type (AArch64's withdrawn 256, "treat as R_<CLS>_NONE"):
 * reported under that type's name. */
#define ELFLD_OBJ_TYPE_AS(code, as, size, flags)                                             \
    {code, (uint16_t)(ELFLD_OBJ_KNOWN | ELFLD_OBJ_FIELD(size) | (flags)), #as}
/* Thread-local types: known, so they are reported by name, and refused with ELFLD_ETLS (before
 * their field matters). */
#define ELFLD_OBJ_TLS_TYPE(code) {code, (uint16_t)(ELFLD_OBJ_KNOWN | ELFLD_OBJ_TLS), #code}

/*
 * ELFLD_OBJ_TYPES_LOOKUP(table), after `static const struct elfld_obj_type table[]`, defines
 *   static const struct elfld_obj_type *obj_type_lookup(uint32_t type)  (NULL when unknown)
 * and the backend's elfld_arch_obj_classify().  A macro rather than a function because
 * elfld__sorted_find reads keys through a function of the caller without context, which must
 * name the table.
 */
#define ELFLD_OBJ_TYPES_LOOKUP(table)                                                        \
    static uint32_t obj_type_key(size_t i) { return (table)[i].type; }                       \
                                                                                             \
    static const struct elfld_obj_type *obj_type_lookup(uint32_t type) {                     \
        size_t n = sizeof(table) / sizeof((table)[0]);                                       \
        size_t i = elfld__sorted_find(n, type, obj_type_key);                                \
        return i < n ? &(table)[i] : NULL;                                                   \
    }                                                                                        \
                                                                                             \
    unsigned elfld_arch_obj_classify(uint32_t type, const char **name) {                     \
        const struct elfld_obj_type *t = obj_type_lookup(type);                              \
        if (name)                                                                            \
            *name = t ? t->name : NULL;                                                      \
        return t ? t->flags : 0;                                                             \
    }

#endif
