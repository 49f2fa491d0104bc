/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reloc_types.h - x86_64 relocation type numbers: x86-64 psABI, section 4.4.1 "Relocation
 * Types", table 4.9 "Relocation Types" (the CODE_4/5/6 types: its later revisions, which add
 * them for the APX instruction forms).  Names as the psABI and glibc's <elf.h> spell them.
 * 39 and 40 (R_X86_64_PC32_BND, R_X86_64_PLT32_BND) were withdrawn with MPX and are reserved:
 * they have no name here.
 */
#ifndef ELFLD_ARCH_X86_64_RELOC_TYPES_H
#define ELFLD_ARCH_X86_64_RELOC_TYPES_H

#define R_X86_64_NONE                    0
#define R_X86_64_64                      1
#define R_X86_64_PC32                    2
#define R_X86_64_GOT32                   3
#define R_X86_64_PLT32                   4
#define R_X86_64_COPY                    5
#define R_X86_64_GLOB_DAT                6
#define R_X86_64_JUMP_SLOT               7
#define R_X86_64_RELATIVE                8
#define R_X86_64_GOTPCREL                9
#define R_X86_64_32                      10
#define R_X86_64_32S                     11
#define R_X86_64_16                      12
#define R_X86_64_PC16                    13
#define R_X86_64_8                       14
#define R_X86_64_PC8                     15
#define R_X86_64_DTPMOD64                16
#define R_X86_64_DTPOFF64                17
#define R_X86_64_TPOFF64                 18
#define R_X86_64_TLSGD                   19
#define R_X86_64_TLSLD                   20
#define R_X86_64_DTPOFF32                21
#define R_X86_64_GOTTPOFF                22
#define R_X86_64_TPOFF32                 23
#define R_X86_64_PC64                    24
#define R_X86_64_GOTOFF64                25
#define R_X86_64_GOTPC32                 26
#define R_X86_64_GOT64                   27
#define R_X86_64_GOTPCREL64              28
#define R_X86_64_GOTPC64                 29
#define R_X86_64_GOTPLT64                30
#define R_X86_64_PLTOFF64                31
#define R_X86_64_SIZE32                  32
#define R_X86_64_SIZE64                  33
#define R_X86_64_GOTPC32_TLSDESC         34
#define R_X86_64_TLSDESC_CALL            35
#define R_X86_64_TLSDESC                 36
#define R_X86_64_IRELATIVE               37
#define R_X86_64_RELATIVE64              38
#define R_X86_64_GOTPCRELX               41
#define R_X86_64_REX_GOTPCRELX           42
#define R_X86_64_CODE_4_GOTPCRELX        43
#define R_X86_64_CODE_4_GOTTPOFF         44
#define R_X86_64_CODE_4_GOTPC32_TLSDESC  45
#define R_X86_64_CODE_5_GOTPCRELX        46
#define R_X86_64_CODE_5_GOTTPOFF         47
#define R_X86_64_CODE_5_GOTPC32_TLSDESC  48
#define R_X86_64_CODE_6_GOTPCRELX        49
#define R_X86_64_CODE_6_GOTTPOFF         50
#define R_X86_64_CODE_6_GOTPC32_TLSDESC  51

#endif
