/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * x86_64 lazy binding setup.  The PLT header pushes GOT[1] and jumps to GOT[2]
 * (psABI 3.4.1 / figure "Procedure Linkage Table"); we store the library and our trampoline
 * there, and find out once how much vector state the trampoline must save.
 */
#include "../../src/core/backend.h"
#include "vector_state.h"

__attribute__((visibility("hidden"))) void elfld__x86_64_lazy_entry(void);

const uint32_t elfld_arch_pltgot_reserved = 3;

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

/*
 * XSAVE saves every component the OS enabled in XCR0 (x87, SSE, AVX, AVX-512, ...), so ymm
 * and zmm arguments survive the resolver whatever the CPU has.  Without OSXSAVE the
 * trampoline falls back to FXSAVE (x87 + xmm0-15), which is all such a CPU has.
 */
void elfld__x86_64_probe_vector_state(struct elfld_arch_lazy *st) {
    uint32_t r[4];
    st->xsave_size = 0;
    st->xsave_mask = 0;
    cpuid(0, 0, r);
    if (r[0] < 0xd)
        return;
    cpuid(1, 0, r);
    if (!(r[2] & (1u << 27)))           /* OSXSAVE */
        return;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    cpuid(0xd, 0, r);
    if (r[1] < 576)                     /* legacy area + header at least */
        return;
    st->xsave_size = (r[1] + 63) & ~63u;
    st->xsave_mask = ((uint64_t)hi << 32) | lo;
}

int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot) {
    elfld__arch_lazy_probe_once(lib, elfld__x86_64_probe_vector_state);
    pltgot[1] = (uintptr_t)lib;
    pltgot[2] = (uintptr_t)&elfld__x86_64_lazy_entry;
    return 0;
}
