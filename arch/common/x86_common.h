/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_common.h - what the x86_64 and i386 backends (arch/x86_64/, arch/i386/) do the same way:
 * their tables are indexed directly by relocation type (both numberings are small and dense),
 * so the table shorthands, the lookup and classification over such a table, the addend of a
 * static relocation and the checked store of a field are one piece of code for both.  The
 * formulas and instruction encoders differ and stay in each arch's files.
 *
 * For the backends' .c files only: it defines short table macros (R, RZ, OBJ, K, ...).
 */
#ifndef ELFLD_ARCH_COMMON_X86_COMMON_H
#define ELFLD_ARCH_COMMON_X86_COMMON_H

#include "../../src/core/backend.h"
#include "fields.h"

/* ---------------------------------------------------------------- dynamic relocation table */

/* One row of elfld_arch_relocs, `[R_X86_64_PC32] = R(ARCH, 4, R_X86_64_PC32)`: the name string
 * is the type's macro name, stringized, so it cannot drift from the number.  RZ: a formula
 * that uses the symbol's size Z (R_*_SIZE32/64). */
#define R(kind, size, type) {ELFLD_RK_##kind, size, 0, #type}
#define RZ(size, type) {ELFLD_RK_ARCH, size, ELFLD_RF_SYMSIZE, #type}

/* ---------------------------------------------------------------- static relocation table */

/* Short names for the ELFLD_OBJ_* flags, so that a row of the object table fits one line. */
#define K ELFLD_OBJ_KNOWN
#define GOTSLOT ELFLD_OBJ_GOT
#define BR ELFLD_OBJ_BRANCH
#define TLS ELFLD_OBJ_TLS
/* A thread-local type the backend applies, with what the core computes for it (arch.h). */
#define TLSF(form) (ELFLD_OBJ_TLS | ELFLD_OBJ_TLS_FORM(ELFLD_TLS_##form))
#define NOP ELFLD_OBJ_NOP
#define GB ELFLD_OBJ_GOT_BASE

/* A static relocation type as object.c describes it, in a table indexed by type. */
struct elfld_x86_obj_type {
    uint16_t flags;       /* ELFLD_OBJ_*; 0: named but not applicable in an object */
    uint8_t size;         /* bytes of the field (the width of a REL-style implicit addend) */
    const char *name;
};

/* One row, `[R_386_PC32] = OBJ(K, 4, R_386_PC32)`: the name stringized, as in R() above. */
#define OBJ(flags, size, type) {flags, size, #type}

/* elfld_arch_obj_classify over such a table of n rows: a type beyond it or without a name is
 * unknown (0, *name NULL); a type the backend applies states its field's size. */
static inline unsigned elfld__x86_obj_classify(const struct elfld_x86_obj_type *t, size_t n,
                                               uint32_t type, const char **name) {
    const char *s = type < n ? t[type].name : NULL;
    if (name)
        *name = s;
    if (!s)
        return 0;
    return t[type].flags & ELFLD_OBJ_KNOWN ? t[type].flags | ELFLD_OBJ_FIELD(t[type].size)
                                           : t[type].flags;
}

/* The row of a type the backend applies in objects (ELFLD_OBJ_KNOWN), or NULL: the applier
 * refuses every other type, named or not, with ELFLD_ERELTYPE. */
static inline const struct elfld_x86_obj_type *
elfld__x86_obj_known(const struct elfld_x86_obj_type *t, size_t n, uint32_t type) {
    return type < n && (t[type].flags & ELFLD_OBJ_KNOWN) ? &t[type] : NULL;
}

/* The addend A: explicit in a RELA section; in a REL section (i386's kind, legal ELF on
 * x86_64 too) the value already in the field, sign-extended from the field's width. */
static inline int64_t elfld__x86_obj_addend(const struct elfld_obj_reloc *r, unsigned size) {
    return r->rela ? (int64_t)r->A : elfld__get_le_signed(r->where, size);
}

/* ---------------------------------------------------------------- fields */

/* Store v in the n-byte little-endian field at `where` if it passes the check `ck`: 0, or
 * ELFLD_ERANGE with nothing written. */
static inline int elfld__x86_store(void *where, uint64_t v, unsigned n,
                                   enum elfld_field_check ck) {
    return elfld__put_checked(where, v, n, ck) ? 0 : ELFLD_ERANGE;
}

#endif
