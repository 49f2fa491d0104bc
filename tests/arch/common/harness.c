/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * harness.c - the shared plumbing of the per-arch relocation encoder tests (see harness.h).
 * Hosted (mmap), compiled into each tests/arch/<arch>/test_obj.c program.
 */
#include <sys/mman.h>

#include "core/arch.h"
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
    };
    return elfld_arch_obj_apply(&o);
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
