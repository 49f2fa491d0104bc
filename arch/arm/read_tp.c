/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * __aeabi_read_tp, which initial-exec code calls for the thread pointer where it does not
 * read TPIDRURO itself (clang's, always; every compiler's on M-profile): the run-time ABI
 * lets it change only r0, so the M-profile one is `mov`, not `movs` (flags kept).  There the
 * thread pointer is 0 (arch_defs.h says why).
 */
#include "../../src/core/backend.h"

__attribute__((naked)) void elfld__arm_aeabi_read_tp(void) {
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
    __asm__("mov r0, #0\n\t"
            "bx lr");
#else
    __asm__("mrc p15, 0, r0, c13, c0, 3\n\t"
            "bx lr");
#endif
}
