/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* arch_riscv32.h - RV32: the RISC-V part is shared with RV64 (arch_riscv.h). */
#include "arch_riscv.h"
