/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_defs.h - x86_64 constants for the core (see src/core/arch.h). */
#ifndef ELFLD_ARCH_DEFS_H
#define ELFLD_ARCH_DEFS_H

#include <stdint.h>

#define ELFLD_ELFCLASS 2          /* ELFCLASS64 */
#define ELFLD_EM 62               /* EM_X86_64 */
#define ELFLD_ARCH_NAME "x86_64"
#define ELFLD_ARCH_RELA 1         /* dynamic relocations carry explicit addends */
#define ELFLD_ARCH_SHN_LCOMMON 0xff02 /* SHN_X86_64_LCOMMON: COMMON symbols of the medium and
                                         large code models (psABI 4.1.1) */

/*
 * Read by lazy.S at offset 0 of the library pointer stored in GOT[1]; keep the layout in sync
 * with the offsets there.
 */
struct elfld_arch_lazy {
    uint32_t xsave_size;          /* bytes of the XSAVE area; 0: use FXSAVE (512 bytes) */
    uint32_t reserved;
    uint64_t xsave_mask;          /* XCR0 components to save (EDX:EAX of XSAVE) */
};

#endif
