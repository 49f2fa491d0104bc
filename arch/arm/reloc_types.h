/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reloc_types.h - 32-bit Arm relocation type codes, for the backend (reloc.c, object.c) and its
 * tests.  Names and values: "ELF for the Arm Architecture" (aaelf32), section "Relocation",
 * table "Relocation codes" (Code and Name columns).  Where glibc's <elf.h> defines the same name
 * it has the same value, so a file may include both; for seven codes <elf.h> keeps older names
 * (R_ARM_PC13 for 4, R_ARM_THM_PC22 for 10, R_ARM_GOTOFF / GOTPC / GOT32 for 24 / 25 / 26,
 * R_ARM_THM_PC11 / THM_PC9 for 102 / 103): these are the aaelf32 names.  Listed: the codes the
 * backend names, and a few static codes it does not apply, which its tests name to check that
 * they are refused.
 */
#ifndef ELFLD_ARM_RELOC_TYPES_H
#define ELFLD_ARM_RELOC_TYPES_H

#define R_ARM_NONE                   0
#define R_ARM_PC24                   1
#define R_ARM_ABS32                  2
#define R_ARM_REL32                  3
#define R_ARM_LDR_PC_G0              4
#define R_ARM_ABS16                  5
#define R_ARM_ABS12                  6
#define R_ARM_ABS8                   8
#define R_ARM_SBREL32                9
#define R_ARM_THM_CALL               10
#define R_ARM_TLS_DESC               13
#define R_ARM_TLS_DTPMOD32           17
#define R_ARM_TLS_DTPOFF32           18
#define R_ARM_TLS_TPOFF32            19
#define R_ARM_COPY                   20
#define R_ARM_GLOB_DAT               21
#define R_ARM_JUMP_SLOT              22
#define R_ARM_RELATIVE               23
#define R_ARM_GOTOFF32               24
#define R_ARM_BASE_PREL              25
#define R_ARM_GOT_BREL               26
#define R_ARM_PLT32                  27
#define R_ARM_CALL                   28
#define R_ARM_JUMP24                 29
#define R_ARM_THM_JUMP24             30
#define R_ARM_BASE_ABS               31
#define R_ARM_TARGET1                38
#define R_ARM_V4BX                   40
#define R_ARM_TARGET2                41
#define R_ARM_PREL31                 42
#define R_ARM_MOVW_ABS_NC            43
#define R_ARM_MOVT_ABS               44
#define R_ARM_MOVW_PREL_NC           45
#define R_ARM_MOVT_PREL              46
#define R_ARM_THM_MOVW_ABS_NC        47
#define R_ARM_THM_MOVT_ABS           48
#define R_ARM_THM_MOVW_PREL_NC       49
#define R_ARM_THM_MOVT_PREL          50
#define R_ARM_THM_JUMP19             51
#define R_ARM_ABS32_NOI              55
#define R_ARM_REL32_NOI              56
#define R_ARM_ALU_PC_G0_NC           57
#define R_ARM_ALU_SB_G0_NC           70
#define R_ARM_MOVW_BREL_NC           84
#define R_ARM_THM_MOVW_BREL_NC       87
#define R_ARM_TLS_GOTDESC            90
#define R_ARM_TLS_CALL               91
#define R_ARM_TLS_DESCSEQ            92
#define R_ARM_THM_TLS_CALL           93
#define R_ARM_GOT_ABS                95
#define R_ARM_GOT_PREL               96
#define R_ARM_GNU_VTENTRY            100
#define R_ARM_GNU_VTINHERIT          101
#define R_ARM_THM_JUMP11             102
#define R_ARM_THM_JUMP8              103
#define R_ARM_TLS_GD32               104
#define R_ARM_TLS_LDM32              105
#define R_ARM_TLS_LDO32              106
#define R_ARM_TLS_IE32               107
#define R_ARM_TLS_LE32               108
#define R_ARM_TLS_LDO12              109
#define R_ARM_TLS_LE12               110
#define R_ARM_TLS_IE12GP             111
#define R_ARM_THM_TLS_DESCSEQ16      129
#define R_ARM_THM_TLS_DESCSEQ32      130
#define R_ARM_IRELATIVE              160

#endif
