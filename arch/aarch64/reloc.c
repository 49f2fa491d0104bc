/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * AArch64 backend: dynamic relocation table and the appliers for the types that are not plain
 * word stores.  Sources: "ELF for the Arm 64-bit Architecture" (aaelf64), sections
 * "Relocation codes" (static data relocations, table "Data relocations") and "Dynamic
 * relocations"; "System V ABI for the Arm 64-bit Architecture" (sysvabi64), "GNU C Library
 * IFUNC interface".  All LP64 dynamic relocations are RELA.
 */
#include "../../src/core/backend.h"
#include "../common/fields.h"
#include "reloc_types.h"

/* The entry for `type` (written as its R_AARCH64_* name, which becomes the entry's name string),
 * at the type's slot (arch_defs.h: ELFLD_ARCH_RELOC_SLOT). */
#define R(kind, size, type) [ELFLD_ARCH_RELOC_SLOT(type)] = {ELFLD_RK_##kind, size, 0, #type}

/*
 * One row per slot: the dynamic types lie in bands from 256 to 1044, which arch_defs.h folds
 * into 31 slots so that the table is dense (a table indexed by type would be 1045 rows, 16 KiB,
 * nearly all of them empty).
 *
 * Static data relocations (257-262, 314) appear in shared objects only as text/data
 * relocations the static linker could not resolve; they get their aaelf64 overflow checks.
 * The PAuth ABI types (AUTH_*) need pointer signing with the process's keys: they are named
 * here but left UNKNOWN, so a relocation hook may apply them and otherwise the load fails with
 * ELFLD_ERELTYPE naming the type.
 */
const struct elfld_reloc_desc elfld_arch_relocs[] = {
    R(NONE, 0, R_AARCH64_NONE),
    /* withdrawn, "treat as R_AARCH64_NONE" */
    [ELFLD_ARCH_RELOC_SLOT(R_AARCH64_NONE_WITHDRAWN)] = {ELFLD_RK_NONE, 0, 0, "R_AARCH64_NONE"},
    R(ABS, 8, R_AARCH64_ABS64),
    R(ARCH, 4, R_AARCH64_ABS32),
    R(ARCH, 2, R_AARCH64_ABS16),
    R(ARCH, 8, R_AARCH64_PREL64),
    R(ARCH, 4, R_AARCH64_PREL32),
    R(ARCH, 2, R_AARCH64_PREL16),
    R(ARCH, 4, R_AARCH64_PLT32),
    R(UNKNOWN, 8, R_AARCH64_AUTH_ABS64),
    R(COPY, 0, R_AARCH64_COPY),
    R(GLOB_DAT, 8, R_AARCH64_GLOB_DAT),  /* S + A */
    R(JUMP_SLOT, 8, R_AARCH64_JUMP_SLOT),/* S + A */
    R(RELATIVE, 8, R_AARCH64_RELATIVE),
    /* TLS_IMPDEF1/2: glibc, musl and binutils use 1028 = DTPMOD, 1029 = DTPREL. */
    R(DTPMOD, 8, R_AARCH64_TLS_DTPMOD),
    R(DTPOFF, 8, R_AARCH64_TLS_DTPREL),
    R(TPOFF, 8, R_AARCH64_TLS_TPREL),
    R(TLSDESC, 16, R_AARCH64_TLSDESC),
    R(IRELATIVE, 8, R_AARCH64_IRELATIVE),
    R(UNKNOWN, 8, R_AARCH64_AUTH_RELATIVE),
    R(UNKNOWN, 8, R_AARCH64_AUTH_GLOB_DAT),
    R(UNKNOWN, 16, R_AARCH64_AUTH_TLSDESC),
    R(UNKNOWN, 8, R_AARCH64_AUTH_IRELATIVE),
};
const uint32_t elfld_arch_reloc_count = sizeof elfld_arch_relocs / sizeof elfld_arch_relocs[0];

/* Store X in the `size`-byte field at where (unaligned, little-endian) after its overflow
 * check: ../common/fields.h. */
static int store(void *where, uint64_t X, unsigned size, enum elfld_field_check ck) {
    return elfld__put_checked(where, X, size, ck) ? 0 : ELFLD_ERANGE;
}

int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z) {
    (void)rela; /* always RELA on AArch64 LP64 */
    (void)B;
    (void)Z;
    uint64_t abs = S + (uint64_t)A;                  /* X = S + A */
    uint64_t rel = abs - (uint64_t)(uintptr_t)where;  /* X = S + A - P */
    /* aaelf64 table "Data relocations".  Checks: ABS32 -2^31 <= X < 2^32 and ABS16 -2^15 <= X <
     * 2^16 (the field may be read signed or unsigned); PREL32 and PLT32 -2^31 <= X < 2^31, PREL16
     * -2^15 <= X < 2^15; PREL64 none.  PLT32 is PREL32 to a function: in a shared object the
     * definition is the callee itself, no veneer. */
    switch (type) {
    case R_AARCH64_ABS32:  return store(where, abs, 4, ELFLD_FIELD_BITFIELD);
    case R_AARCH64_ABS16:  return store(where, abs, 2, ELFLD_FIELD_BITFIELD);
    case R_AARCH64_PREL64: return store(where, rel, 8, ELFLD_FIELD_ANY);
    case R_AARCH64_PREL32: return store(where, rel, 4, ELFLD_FIELD_SIGNED);
    case R_AARCH64_PLT32:  return store(where, rel, 4, ELFLD_FIELD_SIGNED);
    case R_AARCH64_PREL16: return store(where, rel, 2, ELFLD_FIELD_SIGNED);
    default:               return ELFLD_ERELTYPE;
    }
}

int elfld_arch_check_flags(uint32_t e_flags) {
    /* aaelf64 "ELF header": "There are no processor-specific flags so this field shall contain
     * zero."  A non-zero value is some other ABI (or a future one) we cannot vouch for. */
    return e_flags == 0 ? 0 : ELFLD_EMACHINE;
}

/* sysvabi64 "GNU C Library IFUNC interface": with this bit set in the first argument, the
 * second points at a buffer whose first word is its own size. */
#define IFUNC_ARG_HWCAP (1ull << 62)

struct ifunc_arg {
    uint64_t size;            /* _size: bytes of this buffer */
    uint64_t hwcap, hwcap2;   /* AT_HWCAP, AT_HWCAP2 */
};

uintptr_t elfld_arch_call_ifunc(uintptr_t resolver) {
    /*
     * glibc calls resolver(AT_HWCAP | _IFUNC_ARG_HWCAP, &{size, AT_HWCAP, AT_HWCAP2}).  The
     * core is freestanding and knows no auxiliary vector (and reading the ID registers traps
     * outside Linux user space), so we report "no optional features": every resolver must
     * then pick its baseline implementation, which runs on any AArch64 CPU.  The argument
     * buffer is still passed, so resolvers that read it unconditionally (libgcc's
     * __init_cpu_features_resolver, function multiversioning) see valid memory.
     */
    struct ifunc_arg arg = {sizeof arg, 0, 0};
    uintptr_t (*fn)(uint64_t, const struct ifunc_arg *) =
        (uintptr_t(*)(uint64_t, const struct ifunc_arg *))resolver;
    return fn(IFUNC_ARG_HWCAP, &arg);
}
