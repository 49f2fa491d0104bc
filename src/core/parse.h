/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * parse.h - what an image's ELF and program headers say, validated (parse.c).
 */
#ifndef ELFLD_CORE_PARSE_H
#define ELFLD_CORE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elf.h"
#include "error.h"

#pragma GCC visibility push(hidden)   /* see util.h */

#define ELFLD_MAX_LOADS 16            /* PT_LOAD segments per image we accept */

struct elfld_seg {
    uintptr_t vaddr;                  /* p_vaddr */
    uintptr_t memsz;
    uintptr_t offset, filesz;
    unsigned prot;                    /* ELFLD_PROT_* */
    unsigned phdr_index;
    bool prot_final;                  /* already mapped with its final protection */
    bool shares_next;                 /* the next segment starts in its last page */
};

/* What an image is opened as: a library (ET_DYN with a dynamic section), or a program to
 * start or its interpreter (ET_EXEC at its own addresses or ET_DYN anywhere, a dynamic section
 * optional: the program relocates itself, or its interpreter does). */
enum elfld_role { ELFLD_ROLE_LIBRARY, ELFLD_ROLE_PROGRAM };

/* What the program headers say, validated against the input size. */
struct elfld_plan {
    elf_ehdr ehdr;                    /* copied: inputs need no alignment */
    enum elfld_role role;
    bool fixed;                       /* ET_EXEC: at its own addresses, base 0 */
    struct elfld_seg loads[ELFLD_MAX_LOADS];
    unsigned nloads;
    uintptr_t span_start, span_end;   /* page-aligned vaddr range of all PT_LOADs */
    uintptr_t align;                  /* largest p_align (power of two, >= page size) */
    uintptr_t dyn_vaddr, dyn_size;    /* PT_DYNAMIC (size 0: none) */
    uintptr_t relro_vaddr, relro_size;
    bool exec_stack;
    bool has_tls;                     /* PT_TLS: its fields below (checked) */
    uintptr_t tls_vaddr, tls_filesz, tls_memsz, tls_align;
    uintptr_t eh_hdr_vaddr, eh_hdr_size;   /* PT_GNU_EH_FRAME (size 0: none) */
    uintptr_t exidx_vaddr, exidx_size;     /* the arch's unwind index segment (arm: PT_ARM_EXIDX) */
    uintptr_t interp_vaddr, interp_size;   /* PT_INTERP (size 0: none; programs only) */
    uintptr_t phdr_vaddr;                  /* PT_PHDR */
    bool has_phdr;
};

/* Validate the ELF header and program headers of `data[0..size)`. */
/* The usual name of an e_machine value ("aarch64", "powerpc64", ...), and of an EI_CLASS
 * ("64-bit"), for messages. */
const char *elfld__machine_name(unsigned machine);
const char *elfld__class_name(unsigned elf_class);

int elfld__parse(struct elfld_err *e, const void *data, size_t size, enum elfld_role role,
                 struct elfld_plan *plan, uintptr_t page_size);
/* The same in two steps, for a source read piecewise: the ELF header from its first `avail`
 * bytes (`size`: the whole source's), then the program headers from `phdrs` (the e_phnum
 * entries at e_phoff, which parse_header checked lie inside the source). */
int elfld__parse_header(struct elfld_err *e, const void *head, size_t avail, size_t size,
                        enum elfld_role role, struct elfld_plan *plan);
int elfld__parse_phdrs(struct elfld_err *e, const void *phdrs, size_t size,
                       struct elfld_plan *plan, uintptr_t page_size);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_PARSE_H */
