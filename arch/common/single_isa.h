/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * single_isa.h - elfld_arch_obj_branch_switches (src/core/arch.h) for an arch with one
 * instruction set: no branch ever needs a veneer to switch state.  A definition, not a
 * declaration: include it from the one backend file of a build that provides it.
 */
#ifndef ELFLD_ARCH_COMMON_SINGLE_ISA_H
#define ELFLD_ARCH_COMMON_SINGLE_ISA_H

bool elfld_arch_obj_branch_switches(uint32_t type, uintptr_t value, unsigned sym_type) {
    (void)type, (void)value, (void)sym_type;
    return false;
}

#endif /* ELFLD_ARCH_COMMON_SINGLE_ISA_H */
