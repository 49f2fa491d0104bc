/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * __aeabi_read_tp, which initial-exec code calls for the thread pointer where it does not
 * read TPIDRURO itself (clang's, always): the run-time ABI lets it change only r0.
 */
#include "../../src/core/backend.h"

__attribute__((naked)) void elfld__arm_aeabi_read_tp(void) {
    __asm__("mrc p15, 0, r0, c13, c0, 3\n\t"
            "bx lr");
}
