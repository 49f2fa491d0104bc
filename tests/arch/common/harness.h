/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * harness.h - the plumbing the per-arch relocation encoder tests (tests/arch/<arch>/test_obj.c)
 * share, so that each test file holds only its tables, its formulas and its own decoders of
 * instruction fields (the independent oracle):
 *
 *   - little-endian fields:  h_rd16 / h_rd32 / h_rd64 / h_rdn, h_wr16 / h_wr32 / h_wr64 / h_wrn
 *   - sign extension:        h_sext(v, bits)
 *   - one relocation:        struct h_reloc + h_apply(&r), or h_apply1(type, where, P, S, A,
 *                            rela, sym_type) for the common inputs alone; h_apply_in and
 *                            h_field_check with the end of its section
 *   - executable memory:     h_map_exec(hint, size), h_map_exec_far(...), h_sync_code,
 *                            h_unmap
 *
 * Addresses and values are 64-bit whatever the target, so a table can be written once for a
 * 32-bit and a 64-bit arch; h_apply converts them to the target's uintptr_t / intptr_t / size_t
 * (modulo 2^32 on 32-bit targets, as a cast would).  Nothing here asserts: the tests check.
 */
#ifndef ELFLD_TESTS_ARCH_HARNESS_H
#define ELFLD_TESTS_ARCH_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- little-endian fields */

/* Read a 16-, 32- or 64-bit little-endian value at p (any alignment). */
uint16_t h_rd16(const unsigned char *p);
uint32_t h_rd32(const unsigned char *p);
uint64_t h_rd64(const unsigned char *p);
/* Read an n-byte (0 <= n <= 8) little-endian value at p, zero-extended. */
uint64_t h_rdn(const unsigned char *p, unsigned n);

/* Write v little-endian at p (any alignment). */
void h_wr16(unsigned char *p, uint16_t v);
void h_wr32(unsigned char *p, uint32_t v);
void h_wr64(unsigned char *p, uint64_t v);
/* Write the low n bytes (0 <= n <= 8) of v little-endian at p: e.g. a REL addend into a field
 * of n bytes. */
void h_wrn(unsigned char *p, uint64_t v, unsigned n);

/* ---------------------------------------------------------------- sign extension */

/* The low `bits` bits of v (1 <= bits <= 64) as a two's-complement number. */
int64_t h_sext(uint64_t v, unsigned bits);

/* ---------------------------------------------------------------- one relocation */

/*
 * The inputs of elfld_arch_obj_apply() (struct elfld_obj_reloc in src/core/arch.h, field for
 * field, same meaning), with 64-bit addresses.  Unset fields are zero: write it with a
 * designated initializer, `struct h_reloc r = {.type = ..., .where = buf, .rela = 1}`.
 */
struct h_reloc {
    uint32_t type;
    unsigned char *where;    /* the place */
    uint64_t P;              /* its run-time address */
    uint64_t S;
    int64_t A;               /* explicit addend when rela; with rela 0 the backend reads the
                                place */
    int rela;
    uint64_t G, GOT;
    unsigned char *stub;     /* branch stub area, NULL when none */
    uint64_t stub_addr;
    uint64_t hi_value;
    uint64_t Z;
    unsigned sym_type;       /* STT_* */
    unsigned char *sec;      /* where the place's section starts (r->before = where - sec);
                                NULL: 16 bytes before the place, all the core promises */
};

/* Apply one static relocation through the backend: elfld_arch_obj_apply() with r's fields.
 * Returns what it returns (0 or an ELFLD_E* code). */
int h_apply(const struct h_reloc *r);

/* The same as the object linker applies it, with `room` bytes of its section from r->where
 * on: the field's length the backend's classification gives (src/object/emit.c,
 * elfld__obj_field_len; a ULEB128's read from its bytes) must fit in them, else ELFLD_ERELOC
 * and nothing is applied; then h_apply. */
int h_apply_in(const struct h_reloc *r, size_t room);

/*
 * The field check of one type, whose field takes `size` bytes (the psABI's instruction or data
 * width, written by the test; H_ULEB128: a ULEB128, driven as the 3-byte one 80 80 00):
 * applied through h_apply_in with the field ending exactly at the end of its section
 * (accepted: 0 or ELFLD_ERANGE, nothing written past the end), and one byte further (refused:
 * ELFLD_ERELOC, nothing written).  `tmpl` gives the inputs (type, where, P, sec are set here;
 * its S, G and GOT are offsets from P).
 * Returns NULL when both hold, else what went wrong (a static string).
 */
#define H_ULEB128 0xffu
const char *h_field_check(uint32_t type, unsigned size, const struct h_reloc *tmpl);

/* A type and the size of its field, as the psABI gives it (see h_field_check). */
struct h_field {
    uint32_t type;
    unsigned size;
};

/*
 * h_field_check for every row of t[0 .. n-1], with tmpl's S, G and GOT taken as offsets from
 * the place (so that pc-relative values are small), and a row for every type below `below`
 * that the backend applies (KNOWN, neither NOP nor TLS).  NULL when all holds, else what failed,
 * naming the type (a static buffer).
 */
const char *h_fields_check(const struct h_field *t, size_t n, uint32_t below,
                           const struct h_reloc *tmpl);

/* elfld_arch_obj_classify without the field size (ELFLD_OBJ_FIELD bits): the flags alone. */
unsigned h_classify(uint32_t type, const char **name);

/* The same with the common inputs only (G, GOT, stub, hi_value, Z zero). */
int h_apply1(uint32_t type, void *where, uint64_t P, uint64_t S, int64_t A, int rela,
             unsigned sym_type);

/* ---------------------------------------------------------------- executable memory */

/*
 * A private anonymous read-write-execute mapping of `size` bytes (a multiple of the page
 * size).  `hint` (0: anywhere) is a hint only: the kernel places the mapping there when that
 * range is free and elsewhere when it is not, so a caller that needs a distance checks it (or
 * uses h_map_exec_far).  Returns NULL when the mapping fails.
 */
unsigned char *h_map_exec(uintptr_t hint, size_t size);

/*
 * The first of h_map_exec(hints[i], size), i = 0 .. nhints-1, that lies at least `min_dist`
 * bytes (measured from its start) from every address from[0 .. nfrom-1]; a mapping that is
 * too close is unmapped and the next hint tried.  Returns NULL when no hint gives one.
 * For the tests that execute a branch to a target out of its direct reach.
 */
unsigned char *h_map_exec_far(const uintptr_t *hints, size_t nhints, size_t size,
                              const uintptr_t *from, size_t nfrom, uintptr_t min_dist);

/* Make instructions written at [p, p + size) visible to instruction fetch. */
void h_sync_code(void *p, size_t size);

/* Unmap what h_map_exec / h_map_exec_far returned (NULL: nothing). */
void h_unmap(void *p, size_t size);

#endif /* ELFLD_TESTS_ARCH_HARNESS_H */
