/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * i386 lazy binding setup.  The PLT header pushes GOT[1] and jumps to GOT[2] (Intel386 psABI,
 * "Procedure Linkage Table"; PIC PLTs address the GOT through %ebx, non-PIC ones absolutely);
 * each PLT entry first pushes the byte offset of its record in DT_JMPREL.  We store the
 * library and our trampoline there, and find out once how much FP/vector state the
 * trampoline must save.
 */
#include "../../src/core/backend.h"

__attribute__((visibility("hidden"))) void elfld__i386_lazy_entry(void);
/* Called by lazy.S: turns the pushed byte offset into a record index. */
__attribute__((visibility("hidden"))) uintptr_t elfld__i386_lazy_bind(struct elfld_lib *lib,
                                                                       uint32_t offset);

const uint32_t elfld_arch_pltgot_reserved = 3;

uintptr_t elfld__i386_lazy_bind(struct elfld_lib *lib, uint32_t offset) {
    /* The PLT pushes index * sizeof(record): 8 for Elf32_Rel (what every i386 linker
     * emits), 12 if the image chose DT_PLTREL = DT_RELA.  A misaligned offset is made
     * out of range, so the core reports the failure instead of binding a wrong slot. */
    size_t entsize = lib->jmprel_is_rela ? sizeof(elf_rela) : sizeof(elf_rel);
    size_t index = offset % entsize ? (size_t)-1 : offset / entsize;
    return elfld__lazy_bind(lib, index);
}

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
static void probe_fp_state(struct elfld_arch_lazy *st) {
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

int elfld_arch_lazy_init(struct elfld_lib *lib, uintptr_t *pltgot) {
    probe_fp_state(&lib->arch_lazy);
    pltgot[1] = (uintptr_t)lib;
    pltgot[2] = (uintptr_t)&elfld__i386_lazy_entry;
    return 0;
}
