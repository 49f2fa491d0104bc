/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reloc_types.h - RISC-V relocation type numbers, the names and values of the RISC-V ELF
 * psABI (riscv-non-isa/riscv-elf-psabi-doc, riscv-elf.adoc, section "Relocations", table
 * "Relocation types"), spelled as binutils and glibc's <elf.h> spell them.  Every type the
 * table names is here; the numbers it marks reserved (13-15, 42, 46-50, 66-190) and the
 * nonstandard range 192-255 have no name.
 */
#ifndef ELFLD_ARCH_RISCV_RELOC_TYPES_H
#define ELFLD_ARCH_RISCV_RELOC_TYPES_H

#define R_RISCV_NONE              0
#define R_RISCV_32                1
#define R_RISCV_64                2
#define R_RISCV_RELATIVE          3
#define R_RISCV_COPY              4
#define R_RISCV_JUMP_SLOT         5
#define R_RISCV_TLS_DTPMOD32      6
#define R_RISCV_TLS_DTPMOD64      7
#define R_RISCV_TLS_DTPREL32      8
#define R_RISCV_TLS_DTPREL64      9
#define R_RISCV_TLS_TPREL32       10
#define R_RISCV_TLS_TPREL64       11
#define R_RISCV_TLSDESC           12
#define R_RISCV_BRANCH            16
#define R_RISCV_JAL               17
#define R_RISCV_CALL              18
#define R_RISCV_CALL_PLT          19
#define R_RISCV_GOT_HI20          20
#define R_RISCV_TLS_GOT_HI20      21
#define R_RISCV_TLS_GD_HI20       22
#define R_RISCV_PCREL_HI20        23
#define R_RISCV_PCREL_LO12_I      24
#define R_RISCV_PCREL_LO12_S      25
#define R_RISCV_HI20              26
#define R_RISCV_LO12_I            27
#define R_RISCV_LO12_S            28
#define R_RISCV_TPREL_HI20        29
#define R_RISCV_TPREL_LO12_I      30
#define R_RISCV_TPREL_LO12_S      31
#define R_RISCV_TPREL_ADD         32
#define R_RISCV_ADD8              33
#define R_RISCV_ADD16             34
#define R_RISCV_ADD32             35
#define R_RISCV_ADD64             36
#define R_RISCV_SUB8              37
#define R_RISCV_SUB16             38
#define R_RISCV_SUB32             39
#define R_RISCV_SUB64             40
#define R_RISCV_GOT32_PCREL       41
#define R_RISCV_ALIGN             43
#define R_RISCV_RVC_BRANCH        44
#define R_RISCV_RVC_JUMP          45
#define R_RISCV_RELAX             51
#define R_RISCV_SUB6              52
#define R_RISCV_SET6              53
#define R_RISCV_SET8              54
#define R_RISCV_SET16             55
#define R_RISCV_SET32             56
#define R_RISCV_32_PCREL          57
#define R_RISCV_IRELATIVE         58
#define R_RISCV_PLT32             59
#define R_RISCV_SET_ULEB128       60
#define R_RISCV_SUB_ULEB128       61
#define R_RISCV_TLSDESC_HI20      62
#define R_RISCV_TLSDESC_LOAD_LO12 63
#define R_RISCV_TLSDESC_ADD_LO12  64
#define R_RISCV_TLSDESC_CALL      65
#define R_RISCV_VENDOR            191

#endif /* ELFLD_ARCH_RISCV_RELOC_TYPES_H */
