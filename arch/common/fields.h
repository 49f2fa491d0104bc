/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fields.h - arch-neutral helpers for the backends' relocation code (arch/<arch>/object.c and
 * reloc.c): reading and writing little-endian fields, the usual overflow checks, label
 * arithmetic on data words, ULEB128 fields and a lookup in a table sorted by type.
 *
 * Why here: every backend needs exactly these, and each used to carry its own copy; the
 * relocation formulas and instruction encoders stay in the arch files, only the plumbing that
 * is the same for all of them lives here.  Every supported arch is little-endian, so the byte
 * order is not a parameter.  Places are not aligned (a data word in .data or a debug section
 * may sit anywhere), hence byte-by-byte access rather than a cast.
 *
 * Freestanding like the core: only <stdbool.h> <stddef.h> <stdint.h>.  It does not include
 * core headers, so nothing here returns an ELFLD_E* code: range checks answer true or false and
 * the caller picks the error.  Values are computed in 64 bits; a 32-bit backend passes its
 * 32-bit results sign- or zero-extended as the check it wants needs.
 */
#ifndef ELFLD_ARCH_COMMON_FIELDS_H
#define ELFLD_ARCH_COMMON_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../src/core/shift64.h"

/* ---------------------------------------------------------------- little-endian fields */

/* The n-byte (0 to 8) little-endian value at p, zero-extended. */
static inline uint64_t elfld__get_le(const unsigned char *p, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)           /* constant shifts: no runtime call on 32-bit */
        v = v << 8 | p[i];
    return v;
}

/* Store the low n bytes (0 to 8) of v at p, little-endian: the field takes v modulo 2^(8n). */
static inline void elfld__put_le(unsigned char *p, uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; i++, v >>= 8)
        p[i] = (unsigned char)v;
}

/* The low `bits` bits (1 to 64) of v, sign-extended: implicit (REL) addends and instruction
 * immediates are two's-complement fields of their own width. */
static inline int64_t elfld__sext(uint64_t v, unsigned bits) {
    uint64_t m = elfld__shl64(1, bits - 1);
    if (bits < 64)
        v &= (m << 1) - 1;
    return (int64_t)((v ^ m) - m);
}

/* The n-byte (0 to 8) little-endian value at p, sign-extended (0 for n = 0): a REL addend. */
static inline int64_t elfld__get_le_signed(const unsigned char *p, unsigned n) {
    return n ? elfld__sext(elfld__get_le(p, n), 8 * n) : 0;
}

/* ---------------------------------------------------------------- overflow checks */
/*
 * The three overflow rules the psABIs use for a field of `bits` bits (1 to 63):
 *   signed    -2^(bits-1) <= v < 2^(bits-1)   (pc-relative values, sign-extending loads)
 *   unsigned  0 <= v < 2^bits                 (zero-extending fields)
 *   bitfield  -2^(bits-1) <= v < 2^bits        (data words read either way: the value fits as
 *                                               a signed or as an unsigned number)
 */
static inline bool elfld__fits_signed(int64_t v, unsigned bits) {
    int64_t lim = (int64_t)elfld__shl64(1, bits - 1);
    return v >= -lim && v < lim;
}

/* Does v + add fit a signed field of `bits` bits?  Without computing v + add, which overflows
 * for a v near the int64_t limits (a value from an untrusted addend); `add` is small (a
 * rounding bias), bits < 63. */
static inline bool elfld__fits_signed_plus(int64_t v, int64_t add, unsigned bits) {
    int64_t lim = (int64_t)elfld__shl64(1, bits - 1);
    return v >= -lim - add && v < lim - add;
}

static inline bool elfld__fits_unsigned(uint64_t v, unsigned bits) {
    return v < elfld__shl64(1, bits);
}

static inline bool elfld__fits_bitfield(int64_t v, unsigned bits) {
    return v >= -(int64_t)elfld__shl64(1, bits - 1) && v < (int64_t)elfld__shl64(1, bits);
}

/* Which of those a data field gets; ELFLD_FIELD_ANY: none (a full-width field, or a formula
 * the psABI takes modulo the field width).  Lets a table or a switch name the rule. */
enum elfld_field_check {
    ELFLD_FIELD_ANY,
    ELFLD_FIELD_SIGNED,
    ELFLD_FIELD_UNSIGNED,
    ELFLD_FIELD_BITFIELD,
};

/* v passes the check `ck` for a field of `bits` bits (1 to 63 unless ck is ELFLD_FIELD_ANY). */
static inline bool elfld__fits(uint64_t v, unsigned bits, enum elfld_field_check ck) {
    switch (ck) {
    case ELFLD_FIELD_SIGNED: return elfld__fits_signed((int64_t)v, bits);
    case ELFLD_FIELD_UNSIGNED: return elfld__fits_unsigned(v, bits);
    case ELFLD_FIELD_BITFIELD: return elfld__fits_bitfield((int64_t)v, bits);
    default: return true;
    }
}

/* Store v in the n-byte field at p if it passes `ck` for 8n bits; false (nothing written) when
 * it does not, and the caller reports its range error. */
static inline bool elfld__put_checked(unsigned char *p, uint64_t v, unsigned n,
                                      enum elfld_field_check ck) {
    if (!elfld__fits(v, 8 * n, ck))
        return false;
    elfld__put_le(p, v, n);
    return true;
}

/* ---------------------------------------------------------------- label arithmetic */
/*
 * ADDn / SUBn (RISC-V, LoongArch: label differences in data and debug sections): the field's
 * value plus or minus v, modulo the field width.  The two halves of a difference come as two
 * relocations at the same place, so only the final wrapped value matters.
 */
static inline void elfld__add_le(unsigned char *p, uint64_t v, unsigned n) {
    elfld__put_le(p, elfld__get_le(p, n) + v, n);
}

static inline void elfld__sub_le(unsigned char *p, uint64_t v, unsigned n) {
    elfld__put_le(p, elfld__get_le(p, n) - v, n);
}

/* Replace the low `bits` bits (1 to 7) of the byte at p with v's, keeping the others: the
 * 6-bit fields (ADD6 / SUB6 / SET6) of DWARF call-frame opcodes. */
static inline void elfld__put_low_bits(unsigned char *p, uint64_t v, unsigned bits) {
    unsigned mask = (1u << bits) - 1;
    p[0] = (unsigned char)((p[0] & ~mask) | ((unsigned)v & mask));
}

/* ---------------------------------------------------------------- ULEB128 fields */
/*
 * ULEB128 relocations (SET/ADD/SUB_ULEB128) rewrite a value in place and must keep its
 * length: the assembler reserved the bytes.  A 64-bit value takes at most 10 bytes.
 */

/* The length of the ULEB128 at p (1 to 10), or 0 when none of its first 10 bytes ends it. */
static inline unsigned elfld__uleb_len(const unsigned char *p) {
    for (unsigned i = 0; i < 10; i++)
        if (!(p[i] & 0x80))
            return i + 1;
    return 0;
}

/* The value of the len-byte ULEB128 at p. */
static inline uint64_t elfld__uleb_get(const unsigned char *p, unsigned len) {
    uint64_t v = 0;
    for (unsigned i = 0; i < len; i++)
        v |= elfld__shl64(p[i] & 0x7f, 7 * i);
    return v;
}

/* Write v as a len-byte ULEB128 at p (v modulo 2^(7 len): the length never changes). */
static inline void elfld__uleb_put(unsigned char *p, unsigned len, uint64_t v) {
    for (unsigned i = 0; i < len; i++) {
        p[i] = (unsigned char)((v & 0x7f) | (i + 1 < len ? 0x80 : 0));
        v >>= 7;
    }
}

/* ---------------------------------------------------------------- sorted type tables */
/*
 * Binary search for `key` among n keys sorted in increasing order, key_at(i) giving the i-th:
 * its index, or n when it is absent.  For the backends whose relocation numbers are too
 * sparse for a directly indexed table (AArch64 starts at 256, Arm's are scattered); key_at is
 * a static function of the caller, so the compiler sees through the pointer.
 */
static inline size_t elfld__sorted_find(size_t n, uint32_t key, uint32_t (*key_at)(size_t i)) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + ((hi - lo) >> 1);
        uint32_t k = key_at(mid);
        if (k == key)
            return mid;
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n;
}

#endif
