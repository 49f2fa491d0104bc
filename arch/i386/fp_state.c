/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fp_state.c - how much FP/vector state the i386 lazy-binding trampoline must save, found
 * with CPUID and XGETBV.  Kept apart from lazy.c because it is the one piece of the backend's
 * C that only an i386 compiler can build (the other files also build for the foreign-arch
 * fuzz harnesses, tests/fuzz/meson.build).
 */
#include "../../src/core/backend.h"
#include "fp_state.h"

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
    /* %ebx may be the PIC register: swap it through %esi rather than naming it clobbered. */
    __asm__ volatile("xchgl %%ebx, %%esi\n\tcpuid\n\txchgl %%ebx, %%esi"
                     : "=a"(r[0]), "=S"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

/* Does the CPU have CPUID at all (EFLAGS.ID toggles)?  Every i686 does; a 486 may not. */
static bool have_cpuid(void) {
    uint32_t a, b;
    __asm__ volatile("pushfl\n\tpopl %0\n\tmovl %0, %1\n\txorl $0x200000, %0\n\t"
                     "pushl %0\n\tpopfl\n\tpushfl\n\tpopl %0\n\tpushl %1\n\tpopfl"
                     : "=&r"(a), "=&r"(b) : : "cc");
    return ((a ^ b) & 0x200000) != 0;
}

/*
 * XSAVE saves every component the OS enabled in XCR0 (x87, SSE, AVX, AVX-512, ...), so any
 * vector argument (__m128 in xmm0-2, __m64 in mm0-2, sseregparm floats) and anything the
 * resolver's callees touch survive.  Without OSXSAVE the trampoline uses FXSAVE (x87 + xmm),
 * and without FXSR plain FNSAVE (x87 / MMX is all such a CPU has).
 */
void elfld__i386_probe_fp_state(struct elfld_arch_lazy *st) {
    uint32_t r[4];
    st->fp_mode = ELFLD_I386_FP_FNSAVE;
    st->fp_size = 128;                   /* FNSAVE needs 108 bytes */
    st->xsave_mask_lo = st->xsave_mask_hi = 0;
    if (!have_cpuid())
        return;
    cpuid(0, 0, r);
    uint32_t max_leaf = r[0];
    if (max_leaf < 1)
        return;
    cpuid(1, 0, r);
    if (r[3] & (1u << 24)) {             /* FXSR */
        st->fp_mode = ELFLD_I386_FP_FXSAVE;
        st->fp_size = 512;
    }
    if (max_leaf < 0xd || !(r[2] & (1u << 27)))   /* OSXSAVE */
        return;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    cpuid(0xd, 0, r);
    if (r[1] < 576)                      /* legacy area + header at least */
        return;
    st->fp_mode = ELFLD_I386_FP_XSAVE;
    st->fp_size = (r[1] + 63) & ~63u;
    st->xsave_mask_lo = lo;
    st->xsave_mask_hi = hi;
}
