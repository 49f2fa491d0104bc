/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * harness.c - the shared plumbing of the per-arch relocation encoder tests (see harness.h).
 * Hosted (mmap), compiled into each tests/arch/<arch>/test_obj.c program.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "core/arch.h"
#include "core/error.h"
#include "object/object.h"
#include "harness.h"

/* ---------------------------------------------------------------- little-endian fields */

uint64_t h_rdn(const unsigned char *p, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

uint16_t h_rd16(const unsigned char *p) { return (uint16_t)h_rdn(p, 2); }
uint32_t h_rd32(const unsigned char *p) { return (uint32_t)h_rdn(p, 4); }
uint64_t h_rd64(const unsigned char *p) { return h_rdn(p, 8); }

void h_wrn(unsigned char *p, uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void h_wr16(unsigned char *p, uint16_t v) { h_wrn(p, v, 2); }
void h_wr32(unsigned char *p, uint32_t v) { h_wrn(p, v, 4); }
void h_wr64(unsigned char *p, uint64_t v) { h_wrn(p, v, 8); }

/* ---------------------------------------------------------------- sign extension */

int64_t h_sext(uint64_t v, unsigned bits) {
    uint64_t m = (uint64_t)1 << (bits - 1);
    v &= (m << 1) - 1;                     /* bits == 64: m << 1 is 0, the mask all ones */
    return (int64_t)((v ^ m) - m);
}

/* ---------------------------------------------------------------- one relocation */

int h_apply(const struct h_reloc *r) {
    struct elfld_obj_reloc o = {
        .type = r->type,
        .where = r->where,
        .P = (uintptr_t)r->P,
        .S = (uintptr_t)r->S,
        .A = (intptr_t)r->A,
        .rela = r->rela,
        .G = (uintptr_t)r->G,
        .GOT = (uintptr_t)r->GOT,
        .stub = r->stub,
        .stub_addr = (uintptr_t)r->stub_addr,
        .hi_value = (uintptr_t)r->hi_value,
        .Z = (size_t)r->Z,
        .sym_type = r->sym_type,
        .before = r->sec ? (uintptr_t)(r->where - r->sec) : 16,
    };
    return elfld_arch_obj_apply(&o);
}

int h_apply_in(const struct h_reloc *r, size_t room) {
    unsigned need = elfld_arch_obj_classify(r->type, NULL);
    if (elfld__obj_field_len(need, r->where, room) > room)
        return ELFLD_ERELOC;
    return h_apply(r);
}

/* The buffer h_field_check works in: 16 bytes of section before the longest field (8 bytes;
 * the ULEB128 3), then 16 guard bytes past the section's end. */
#define FC_HEAD 16u
#define FC_TAIL 16u
#define FC_SIZE (FC_HEAD + 8u + FC_TAIL)

static const char *field_try(uint32_t type, unsigned size, const struct h_reloc *tmpl,
                             size_t room) {
    static const unsigned char uleb[3] = {0x80, 0x80, 0x00};
    unsigned char buf[FC_SIZE], before[FC_SIZE];
    unsigned char *end = buf + FC_HEAD + 8;          /* the section's end */
    struct h_reloc r = *tmpl;
    memset(buf, 0xa5, sizeof buf);
    r.type = type;
    r.where = end - room;
    r.sec = buf;                                     /* 16 bytes of section or more before */
    r.P = (uint64_t)(uintptr_t)r.where;
    r.S += r.P;
    r.G += r.P;
    r.GOT += r.P;
    if (size == H_ULEB128) {
        memcpy(r.where, uleb, room < 3 ? room : 3);
        end[0] = 0x00;            /* the byte past the section would end the number: a check
                                     that stops short lets the backend rewrite it */
    }
    else
        memset(r.where, 0, room);
    memcpy(before, buf, sizeof buf);
    int rc = h_apply_in(&r, room);
    bool whole = room >= (size == H_ULEB128 ? 3u : size);
    if (whole && rc != 0 && rc != ELFLD_ERANGE)
        return "refused with the field ending exactly at the end of its section";
    if (!whole && rc != ELFLD_ERELOC)
        return "accepted with the field one byte past the end of its section";
    if (!whole && memcmp(buf, before, sizeof buf))
        return "refused, but wrote to the buffer";
    if (memcmp(end, before + (end - buf), FC_TAIL))
        return "wrote past the end of its section";
    return NULL;
}

unsigned h_classify(uint32_t type, const char **name) {
    return elfld_arch_obj_classify(type, name) & ~ELFLD_OBJ_FIELD_MASK;
}

const char *h_fields_check(const struct h_field *t, size_t n, uint32_t below,
                           const struct h_reloc *tmpl) {
    static char msg[160];
    for (size_t i = 0; i < n; i++) {
        const char *why = h_field_check(t[i].type, t[i].size, tmpl);
        if (why) {
            snprintf(msg, sizeof msg, "type %u, field of %u bytes: %s", t[i].type,
                     t[i].size == H_ULEB128 ? 3 : t[i].size, why);
            return msg;
        }
    }
    for (uint32_t type = 0; type < below; type++) {
        unsigned f = elfld_arch_obj_classify(type, NULL);
        if (!(f & ELFLD_OBJ_KNOWN) || (f & (ELFLD_OBJ_NOP | ELFLD_OBJ_TLS)))
            continue;
        size_t i = 0;
        while (i < n && t[i].type != type)
            i++;
        if (i == n) {
            snprintf(msg, sizeof msg, "type %u is applied but has no row in the test", type);
            return msg;
        }
    }
    return NULL;
}

const char *h_field_check(uint32_t type, unsigned size, const struct h_reloc *tmpl) {
    unsigned n = size == H_ULEB128 ? 3 : size;
    const char *why = field_try(type, size, tmpl, n);
    if (!why && n)
        why = field_try(type, size, tmpl, n - 1);
    return why;
}

int h_apply1(uint32_t type, void *where, uint64_t P, uint64_t S, int64_t A, int rela,
             unsigned sym_type) {
    struct h_reloc r = {
        .type = type, .where = where, .P = P, .S = S, .A = A, .rela = rela,
        .sym_type = sym_type,
    };
    return h_apply(&r);
}

/* ---------------------------------------------------------------- executable memory */

unsigned char *h_map_exec(uintptr_t hint, size_t size) {
    void *p = mmap((void *)hint, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

unsigned char *h_map_exec_far(const uintptr_t *hints, size_t nhints, size_t size,
                              const uintptr_t *from, size_t nfrom, uintptr_t min_dist) {
    for (size_t i = 0; i < nhints; i++) {
        unsigned char *p = h_map_exec(hints[i], size);
        if (!p)
            continue;
        uintptr_t a = (uintptr_t)p;
        size_t j = 0;
        while (j < nfrom && (a > from[j] ? a - from[j] : from[j] - a) >= min_dist)
            j++;
        if (j == nfrom)
            return p;
        h_unmap(p, size);
    }
    return NULL;
}

void h_sync_code(void *p, size_t size) {
    __builtin___clear_cache((char *)p, (char *)p + size);
}

void h_unmap(void *p, size_t size) {
    if (p)
        munmap(p, size);
}
