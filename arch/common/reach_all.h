/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reach_all.h - elfld_arch_obj_reach (src/core/arch.h) for a 32-bit arch whose address
 * arithmetic wraps: every field of 32 bits reaches every address, so no field constrains
 * where an object image lies.  A definition, not a declaration: include it from the one
 * backend file of a build that provides it.
 */
#ifndef ELFLD_ARCH_COMMON_REACH_ALL_H
#define ELFLD_ARCH_COMMON_REACH_ALL_H

unsigned elfld_arch_obj_reach(uint32_t type, const unsigned char *field, size_t room,
                              intptr_t *lo, intptr_t *hi) {
    (void)type, (void)field, (void)room, (void)lo, (void)hi;
    return ELFLD_REACH_ANY;
}

#endif /* ELFLD_ARCH_COMMON_REACH_ALL_H */
