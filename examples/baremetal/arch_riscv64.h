/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_riscv64.h - RV64: the RISC-V part is shared with RV32 (arch_riscv.h). */
#include "arch_riscv.h"
