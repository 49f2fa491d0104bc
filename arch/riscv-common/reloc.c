/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * RISC-V backend (riscv64 and riscv32 share it): dynamic relocation table, appliers for the
 * types that are not plain word stores, e_flags check and the IFUNC resolver call.
 *
 * Source: RISC-V ELF psABI (riscv-non-isa/riscv-elf-psabi-doc, riscv-elf.adoc), sections
 * "File Header" (e_flags), "Relocations" (table "Relocation types") and "Dynamic Linking".
 * Every RISC-V dynamic relocation is RELA.  There is no GLOB_DAT: GOT words are filled by the
 * word-sized absolute type (R_RISCV_64 on RV64, R_RISCV_32 on RV32), S + A.
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"
#include "../common/riscv_like.h"   /* R(): table rows named by their type */
#include "reloc_types.h"

#if __riscv_xlen == 64
#define WORD 8
#else
#define WORD 4
#endif

/* A TLS type of the other word size: known by name, refused (ELFLD_ETLS). */
#define RT(kind, size, type) {(size) == WORD ? ELFLD_RK_##kind : ELFLD_RK_TLS, size, 0, #type}

/*
 * Indexed by relocation type.  Gaps are zero (= unknown: relocation hook or ELFLD_ERELTYPE);
 * the static-only types (HI20, BRANCH, SET/SUB...) never appear in a linked image.  Both the
 * 32- and 64-bit TLS variants are listed on both arches so a stray one is still refused with
 * its name rather than reported as unknown.
 */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    [R_RISCV_NONE] = R(NONE, 0, R_RISCV_NONE),
#if __riscv_xlen == 64
    [R_RISCV_32] = R(ARCH, 4, R_RISCV_32),                   /* S + A into 32 bits: range-checked */
    [R_RISCV_64] = R(ABS, 8, R_RISCV_64),                    /* S + A: the GOT / data word */
#else
    [R_RISCV_32] = R(ABS, 4, R_RISCV_32),                    /* S + A: the GOT / data word */
    [R_RISCV_64] = R(ARCH, 8, R_RISCV_64),                   /* S + A zero-extended to 64 bits */
#endif
    [R_RISCV_RELATIVE] = R(RELATIVE, WORD, R_RISCV_RELATIVE), /* B + A */
    [R_RISCV_COPY] = R(COPY, 0, R_RISCV_COPY),               /* executables only */
    [R_RISCV_JUMP_SLOT] = R(JUMP_SLOT, WORD, R_RISCV_JUMP_SLOT), /* S */
    [R_RISCV_TLS_DTPMOD32] = RT(DTPMOD, 4, R_RISCV_TLS_DTPMOD32),
    [R_RISCV_TLS_DTPMOD64] = RT(DTPMOD, 8, R_RISCV_TLS_DTPMOD64),
    [R_RISCV_TLS_DTPREL32] = RT(DTPOFF, 4, R_RISCV_TLS_DTPREL32),
    [R_RISCV_TLS_DTPREL64] = RT(DTPOFF, 8, R_RISCV_TLS_DTPREL64),
    [R_RISCV_TLS_TPREL32] = RT(TPOFF, 4, R_RISCV_TLS_TPREL32),
    [R_RISCV_TLS_TPREL64] = RT(TPOFF, 8, R_RISCV_TLS_TPREL64),
    [R_RISCV_TLSDESC] = R(TLSDESC, 2 * WORD, R_RISCV_TLSDESC), /* two words: resolver, argument */
    [R_RISCV_IRELATIVE] = R(IRELATIVE, WORD, R_RISCV_IRELATIVE), /* ifunc_resolver(B + A) */
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)rela; /* always RELA on RISC-V */
    (void)B;
    (void)Z;
    uintptr_t v = S + (uintptr_t)A;
    switch (type) {
#if __riscv_xlen == 64
    case R_RISCV_32: {
        /* R_RISCV_32, word32 = S + A.  The field has no signedness in the psABI: accept what
         * a 32-bit word can hold either way (like `.word sym`), refuse anything truncated. */
        if (!elfld__fits_bitfield((int64_t)v, 32))
            return ELFLD_ERANGE;
        elfld__put_le(where, v, 4);
        return 0;
    }
#else
    case R_RISCV_64:
        /* R_RISCV_64 on RV32, word64 = S + A: an address is unsigned, so zero-extend. */
        elfld__put_le(where, (uint64_t)v, 8);
        return 0;
#endif
    default:
        return ELFLD_ERELTYPE;
    }
}

/* ---------------------------------------------------------------- e_flags (psABI "File Header") */
#define EF_RISCV_RVC 0x0001u
#define EF_RISCV_FLOAT_ABI 0x0006u
#define EF_RISCV_FLOAT_ABI_SOFT 0x0000u
#define EF_RISCV_FLOAT_ABI_SINGLE 0x0002u
#define EF_RISCV_FLOAT_ABI_DOUBLE 0x0004u
#define EF_RISCV_FLOAT_ABI_QUAD 0x0006u
#define EF_RISCV_RVE 0x0008u
#define EF_RISCV_TSO 0x0010u
#define EF_RISCV_RV64ILP32 0x0020u
#define EF_RISCV_RVY 0x0040u

/* The float ABI this library was compiled for: loaded code must pass floating-point values
 * the same way (in f registers or not, and up to which width), or every call across the
 * boundary would read garbage. */
#if defined(__riscv_float_abi_soft)
#define BUILD_FLOAT_ABI EF_RISCV_FLOAT_ABI_SOFT
#elif defined(__riscv_float_abi_single)
#define BUILD_FLOAT_ABI EF_RISCV_FLOAT_ABI_SINGLE
#elif defined(__riscv_float_abi_double)
#define BUILD_FLOAT_ABI EF_RISCV_FLOAT_ABI_DOUBLE
#elif defined(__riscv_float_abi_quad)
#define BUILD_FLOAT_ABI EF_RISCV_FLOAT_ABI_QUAD
#else
#error "unknown RISC-V float ABI: the compiler defines none of __riscv_float_abi_*"
#endif

/* The E ABI (ILP32E/LP64E) has 6 argument registers instead of 8 and a 4-byte aligned stack. */
#if defined(__riscv_abi_rve) || defined(__riscv_32e) || defined(__riscv_64e)
#define BUILD_RVE EF_RISCV_RVE
#else
#define BUILD_RVE 0u
#endif

int elfld_arch_check_flags(uint32_t e_flags) {
    if ((e_flags & EF_RISCV_FLOAT_ABI) != BUILD_FLOAT_ABI)
        return ELFLD_EMACHINE;
    if ((e_flags & EF_RISCV_RVE) != BUILD_RVE)
        return ELFLD_EMACHINE;
    /* RV64ILP32 is RV64 code in an ELFCLASS32 file: an RV32 build cannot run it (and on RV64
     * the class check already refuses it).  RVY is a capability ABI we do not speak. */
    if (e_flags & (EF_RISCV_RV64ILP32 | EF_RISCV_RVY))
        return ELFLD_EMACHINE;
    /* RVC (compressed instructions may appear) and TSO (stronger memory model requested) do
     * not change how calls pass values; the reserved and non-standard bits are ignored like
     * the system loaders do. */
    return 0;
}

/* ---------------------------------------------------------------- IFUNC */
/*
 * glibc calls a RISC-V IFUNC resolver as resolver(uint64_t hwcap, __riscv_hwprobe_t hwprobe,
 * void *reserved) (sysdeps/riscv/dl-irel.h); resolvers built for it use both.  The core has
 * no auxv, so:
 *   - hwcap carries the single-letter ISA bits (bit 'x' - 'a', the Linux AT_HWCAP layout)
 *     for the extensions this library itself was compiled for: the CPU running us has them.
 *   - hwprobe points at a stand-in with the kernel's calling convention that knows no key:
 *     every pair comes back as key -1, value 0, which is what a kernel that predates the key
 *     answers, so resolvers fall back to their baseline implementation.
 *   - the third argument is NULL, as in glibc.
 */
struct riscv_hwprobe_pair {
    int64_t key;
    uint64_t value;
};

static int hwprobe_stub(struct riscv_hwprobe_pair *pairs, size_t pair_count, size_t cpusetsize,
                        unsigned long *cpus, unsigned int flags) {
    (void)cpusetsize;
    (void)cpus;
    if (flags != 0)
        return 22;              /* EINVAL, positive as glibc's wrapper returns it */
    for (size_t i = 0; i < pair_count; i++) {
        pairs[i].key = -1;
        pairs[i].value = 0;
    }
    return 0;
}

#define HWCAP_ISA(letter) ((uint64_t)1 << ((letter) - 'a'))

static uint64_t build_hwcap(void) {
    uint64_t h = 0;
#if !(defined(__riscv_32e) || defined(__riscv_64e) || defined(__riscv_e))
    h |= HWCAP_ISA('i');
#endif
#if defined(__riscv_mul)
    h |= HWCAP_ISA('m');
#endif
#if defined(__riscv_atomic)
    h |= HWCAP_ISA('a');
#endif
#if defined(__riscv_flen) && __riscv_flen >= 32
    h |= HWCAP_ISA('f');
#endif
#if defined(__riscv_flen) && __riscv_flen >= 64
    h |= HWCAP_ISA('d');
#endif
#if defined(__riscv_compressed)
    h |= HWCAP_ISA('c');
#endif
#if defined(__riscv_vector)
    h |= HWCAP_ISA('v');
#endif
    return h;
}

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    typedef int (*hwprobe_fn)(struct riscv_hwprobe_pair *, size_t, size_t, unsigned long *,
                              unsigned int);
    typedef uintptr_t (*resolver_fn)(uint64_t hwcap, hwprobe_fn hwprobe, void *reserved);
    return ((resolver_fn)resolver)(build_hwcap(), hwprobe_stub, (void *)0);
}
