/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elf.h - the ELF structures and constants libelfld uses, defined here so the core needs no
 * system header (DESIGN.md rule 1).  Names follow the gABI with an ELFLD_/elfld_ prefix so they
 * never clash with a host's <elf.h>.
 */
#ifndef ELFLD_ELF_H
#define ELFLD_ELF_H

#include <stdint.h>

/* e_ident */
#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1

/* e_type */
#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3

/* e_machine: the machines libelfld has backends for, and others a wrong input often is
 * (named in messages) */
#define EM_SPARC 2
#define EM_386 3
#define EM_68K 4
#define EM_MIPS 8
#define EM_PPC 20
#define EM_PPC64 21
#define EM_S390 22
#define EM_ARM 40
#define EM_SH 42
#define EM_SPARCV9 43
#define EM_IA_64 50
#define EM_X86_64 62
#define EM_AARCH64 183
#define EM_RISCV 243
#define EM_BPF 247
#define EM_LOONGARCH 258

/* p_type */
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_SHLIB 5
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_EH_FRAME 0x6474e550
#define PT_GNU_STACK 0x6474e551
#define PT_GNU_RELRO 0x6474e552

/* Auxiliary vector entry types (a_type), from the System V ABI and Linux's <linux/auxvec.h>
 * (AT_MINSIGSTKSZ: x86 and arm64): what a started program's initial stack carries. */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31
#define AT_SYSINFO 32
#define AT_SYSINFO_EHDR 33
#define AT_MINSIGSTKSZ 51

/* p_flags */
#define PF_X 1
#define PF_W 2
#define PF_R 4

/* d_tag */
#define DT_NULL 0
#define DT_NEEDED 1
#define DT_PLTRELSZ 2
#define DT_PLTGOT 3
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define DT_STRSZ 10
#define DT_SYMENT 11
#define DT_INIT 12
#define DT_FINI 13
#define DT_SONAME 14
#define DT_RPATH 15
#define DT_SYMBOLIC 16
#define DT_REL 17
#define DT_RELSZ 18
#define DT_RELENT 19
#define DT_PLTREL 20
#define DT_DEBUG 21
#define DT_TEXTREL 22
#define DT_JMPREL 23
#define DT_BIND_NOW 24
#define DT_INIT_ARRAY 25
#define DT_FINI_ARRAY 26
#define DT_INIT_ARRAYSZ 27
#define DT_FINI_ARRAYSZ 28
#define DT_RUNPATH 29
#define DT_FLAGS 30
#define DT_PREINIT_ARRAY 32
#define DT_PREINIT_ARRAYSZ 33
#define DT_SYMTAB_SHNDX 34
#define DT_RELRSZ 35
#define DT_RELR 36
#define DT_RELRENT 37
#define DT_GNU_HASH 0x6ffffef5
#define DT_VERSYM 0x6ffffff0
#define DT_RELACOUNT 0x6ffffff9
#define DT_RELCOUNT 0x6ffffffa
#define DT_FLAGS_1 0x6ffffffb
#define DT_VERDEF 0x6ffffffc
#define DT_VERDEFNUM 0x6ffffffd
#define DT_VERNEED 0x6ffffffe
#define DT_VERNEEDNUM 0x6fffffff

/* DT_FLAGS */
#define DF_SYMBOLIC 0x2
#define DF_TEXTREL 0x4
#define DF_BIND_NOW 0x8
#define DF_STATIC_TLS 0x10

/* DT_FLAGS_1 */
#define DF_1_NOW 0x1
#define DF_1_NODELETE 0x8

/* sections */
#define SHT_NULL 0
#define SHT_PROGBITS 1
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHT_RELA 4
#define SHT_HASH 5
#define SHT_DYNAMIC 6
#define SHT_NOTE 7
#define SHT_NOBITS 8
#define SHT_REL 9
#define SHT_DYNSYM 11
#define SHT_INIT_ARRAY 14
#define SHT_FINI_ARRAY 15
#define SHT_PREINIT_ARRAY 16
#define SHT_GROUP 17
#define SHT_SYMTAB_SHNDX 18
#define SHF_WRITE 0x1
#define SHF_ALLOC 0x2
#define SHF_EXECINSTR 0x4
#define SHF_GROUP 0x200
#define SHF_TLS 0x400
#define GRP_COMDAT 0x1

/* symbols */
#define STN_UNDEF 0
#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define SHN_ABS 0xfff1
#define SHN_COMMON 0xfff2
#define SHN_XINDEX 0xffff
#define STB_LOCAL 0
#define STB_GLOBAL 1
#define STB_WEAK 2
#define STB_GNU_UNIQUE 10
#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2
#define STT_SECTION 3
#define STT_FILE 4
#define STT_COMMON 5
#define STT_TLS 6
#define STT_GNU_IFUNC 10
#define STV_DEFAULT 0
#define STV_INTERNAL 1
#define STV_HIDDEN 2
#define STV_PROTECTED 3
#define ELF_ST_BIND(i) ((unsigned)(i) >> 4)
#define ELF_ST_TYPE(i) ((unsigned)(i) & 0xfu)
#define ELF_ST_VISIBILITY(o) ((unsigned)(o) & 0x3u)

/* symbol versioning */
#define VER_NDX_LOCAL 0
#define VER_NDX_GLOBAL 1
#define VERSYM_HIDDEN 0x8000u
#define VERSYM_VERSION 0x7fffu
#define VER_DEF_CURRENT 1
#define VER_NEED_CURRENT 1
#define VER_FLG_BASE 0x1

typedef struct {
    unsigned char e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint32_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} elf32_ehdr;

typedef struct {
    unsigned char e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} elf64_ehdr;

typedef struct {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} elf32_phdr;

typedef struct {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} elf64_phdr;

typedef struct {
    uint32_t sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info,
        sh_addralign, sh_entsize;
} elf32_shdr;
typedef struct {
    uint32_t sh_name, sh_type;
    uint64_t sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info;
    uint64_t sh_addralign, sh_entsize;
} elf64_shdr;

typedef struct { int32_t d_tag; uint32_t d_val; } elf32_dyn;
typedef struct { int64_t d_tag; uint64_t d_val; } elf64_dyn;

typedef struct {
    uint32_t st_name, st_value, st_size;
    unsigned char st_info, st_other;
    uint16_t st_shndx;
} elf32_sym;

typedef struct {
    uint32_t st_name;
    unsigned char st_info, st_other;
    uint16_t st_shndx;
    uint64_t st_value, st_size;
} elf64_sym;

typedef struct { uint32_t r_offset, r_info; } elf32_rel;
typedef struct { uint32_t r_offset, r_info; int32_t r_addend; } elf32_rela;
typedef struct { uint64_t r_offset, r_info; } elf64_rel;
typedef struct { uint64_t r_offset, r_info; int64_t r_addend; } elf64_rela;

typedef struct {
    uint16_t vd_version, vd_flags, vd_ndx, vd_cnt;
    uint32_t vd_hash, vd_aux, vd_next;
} elf_verdef;
typedef struct { uint32_t vda_name, vda_next; } elf_verdaux;
typedef struct {
    uint16_t vn_version, vn_cnt;
    uint32_t vn_file, vn_aux, vn_next;
} elf_verneed;
typedef struct {
    uint32_t vna_hash;
    uint16_t vna_flags, vna_other;
    uint32_t vna_name, vna_next;
} elf_vernaux;

/*
 * The word-size view for this build.  ELFLD_ELFCLASS comes from the arch backend
 * (arch/<arch>/arch_defs.h): exactly one class is compiled into a build.
 */
#include "arch_defs.h"

#if ELFLD_ELFCLASS == ELFCLASS64
typedef elf64_ehdr elf_ehdr;
typedef elf64_phdr elf_phdr;
typedef elf64_shdr elf_shdr;
typedef elf64_dyn elf_dyn;
typedef elf64_sym elf_sym;
typedef elf64_rel elf_rel;
typedef elf64_rela elf_rela;
typedef uint64_t elf_addr;
#define ELF_ADDR_LOG2_BITS 6       /* 64-bit words: GNU hash Bloom filter word index = h >> 6 */
#define ELF_R_SYM(i) ((uint32_t)((i) >> 32))
#define ELF_R_TYPE(i) ((uint32_t)((i) & 0xffffffffu))
#else
typedef elf32_ehdr elf_ehdr;
typedef elf32_phdr elf_phdr;
typedef elf32_shdr elf_shdr;
typedef elf32_dyn elf_dyn;
typedef elf32_sym elf_sym;
typedef elf32_rel elf_rel;
typedef elf32_rela elf_rela;
typedef uint32_t elf_addr;
#define ELF_ADDR_LOG2_BITS 5
#define ELF_R_SYM(i) ((uint32_t)((i) >> 8))
#define ELF_R_TYPE(i) ((uint32_t)((i) & 0xffu))
#endif

/*
 * An address-sized word of the image: a GOT slot, an init/fini array entry, a word a
 * relocation stores.  Its size is the ELF class's.  On every target that is the host's
 * pointer size; the foreign-arch fuzz builds (tests/fuzz/meson.build) compile a 32-bit class
 * for a 64-bit host, and only this keeps the image's layout the target's there.
 */
#define ELF_WORD_SIZE ((uintptr_t)sizeof(elf_addr))
/* An array entry of all ones: a legacy .ctors/.dtors terminator, never called. */
#define ELF_WORD_ALL_ONES ((uintptr_t)(elf_addr)-1)

#endif /* ELFLD_ELF_H */
