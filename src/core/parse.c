/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * parse.c - validate the ELF header and program headers of an input and turn them into a
 * plan: which bytes go where, how much memory to reserve, which policies apply.  Nothing is
 * allocated here, and nothing from the file is trusted before it is checked.  Headers are
 * copied out with memcpy so an input buffer needs no particular alignment.
 */
#include "parse.h"
#include "tls.h"
#include "arch_defs.h"
#include "arch.h"
#include "divide.h"
#include "util.h"

/* The program header type of the arch's own unwind index, when it has one (arch_defs.h). */
#ifndef ELFLD_ARCH_PT_EXIDX
#define ELFLD_ARCH_PT_EXIDX 0
#endif

/* Largest span of memory one image may ask for: refuse absurd p_memsz before reserving. */
#define MAX_IMAGE_SPAN ((uintptr_t)1 << (ELFLD_ELFCLASS == 2 ? 34 : 30))

static unsigned prot_of(uint32_t p_flags) {
    return ((p_flags & PF_R) ? ELFLD_PROT_READ : 0u) | ((p_flags & PF_W) ? ELFLD_PROT_WRITE : 0u) |
           ((p_flags & PF_X) ? ELFLD_PROT_EXEC : 0u);
}

const char *elfld__machine_name(unsigned machine) {
    switch (machine) {
    case EM_SPARC: return "sparc";
    case EM_386: return "i386";
    case EM_68K: return "m68k";
    case EM_MIPS: return "mips";
    case EM_PPC: return "powerpc";
    case EM_PPC64: return "powerpc64";
    case EM_S390: return "s390";
    case EM_ARM: return "arm";
    case EM_SH: return "superh";
    case EM_SPARCV9: return "sparc64";
    case EM_IA_64: return "ia64";
    case EM_X86_64: return "x86_64";
    case EM_AARCH64: return "aarch64";
    case EM_RISCV: return "riscv";
    case EM_BPF: return "bpf";
    case EM_LOONGARCH: return "loongarch";
    default: return "an unknown machine";
    }
}

const char *elfld__class_name(unsigned elf_class) {
    return elf_class == ELFCLASS64 ? "64-bit" : elf_class == ELFCLASS32 ? "32-bit" : "malformed";
}

static int check_ident(struct elfld_err *e, const unsigned char *id, size_t size) {
    if (size < 4 || id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return size < 4 ? elfld__fail(e, ELFLD_ETRUNC, "input of %zu bytes is too small", size)
                        : elfld__fail(e, ELFLD_EMAGIC, "no ELF magic");
    if (size < EI_NIDENT)
        return elfld__fail(e, ELFLD_ETRUNC, "input ends inside e_ident");
    if (id[EI_CLASS] != ELFLD_ELFCLASS)
        return elfld__fail(e, ELFLD_ECLASS, "a %s ELF file (class %u); this build of libelfld "
                           "loads %s's %s files", elfld__class_name(id[EI_CLASS]), id[EI_CLASS],
                           ELFLD_ARCH_NAME, elfld__class_name(ELFLD_ELFCLASS));
    if (id[EI_DATA] != ELFDATA2LSB)
        return elfld__fail(e, ELFLD_EENDIAN, "data encoding %u, expected little endian",
                           id[EI_DATA]);
    if (id[EI_VERSION] != EV_CURRENT)
        return elfld__fail(e, ELFLD_EVERSION, "EI_VERSION %u", id[EI_VERSION]);
    return 0;
}

static int check_header(struct elfld_err *e, const elf_ehdr *h, size_t size,
                        enum elfld_role role) {
    if (h->e_version != EV_CURRENT)
        return elfld__fail(e, ELFLD_EVERSION, "e_version %u", h->e_version);
    if (h->e_machine != ELFLD_EM)
        return elfld__fail(e, ELFLD_EMACHINE, "built for %s (e_machine %u); this build of "
                           "libelfld loads %s (%u)", elfld__machine_name(h->e_machine),
                           h->e_machine, ELFLD_ARCH_NAME, ELFLD_EM);
    if (elfld_arch_check_flags(h->e_flags))
        return elfld__fail(e, ELFLD_EMACHINE, "e_flags %x not supported by this build",
                           h->e_flags);
    if (role == ELFLD_ROLE_PROGRAM ? h->e_type != ET_DYN && h->e_type != ET_EXEC
                                   : h->e_type != ET_DYN)
        return elfld__fail(e, ELFLD_ETYPE, role == ELFLD_ROLE_PROGRAM
                               ? "e_type %u: programs are ET_EXEC or ET_DYN"
                               : "e_type %u: only shared objects (ET_DYN) load here", h->e_type);
    if (h->e_ehsize < sizeof(elf_ehdr))
        return elfld__fail(e, ELFLD_EHEADER, "e_ehsize %u too small", h->e_ehsize);
    if (h->e_phentsize != sizeof(elf_phdr))
        return elfld__fail(e, ELFLD_EHEADER, "e_phentsize %u, expected %zu", h->e_phentsize,
                           sizeof(elf_phdr));
    if (h->e_phnum == 0 || h->e_phnum == 0xffff)
        return elfld__fail(e, ELFLD_EHEADER, "e_phnum %u", h->e_phnum);
    /* Section headers are not read for shared objects, but a header that describes them
     * inconsistently is malformed all the same (0 < e_shnum < SHN_LORESERVE: extended
     * numbering keeps the real counts in section header 0, which is not read here). */
    if (h->e_shnum && h->e_shentsize != (ELFLD_ELFCLASS == ELFCLASS64 ? 64u : 40u))
        return elfld__fail(e, ELFLD_EHEADER, "e_shentsize %u does not match the class",
                           h->e_shentsize);
    if (h->e_shnum && h->e_shnum < SHN_LORESERVE && h->e_shstrndx != SHN_UNDEF &&
        h->e_shstrndx != SHN_XINDEX && h->e_shstrndx >= h->e_shnum)
        return elfld__fail(e, ELFLD_EHEADER, "e_shstrndx %u out of range (%u sections)",
                           h->e_shstrndx, h->e_shnum);
    uintptr_t end;
    if (!elfld__add_ok(h->e_phoff, (uintptr_t)h->e_phnum * sizeof(elf_phdr), &end) || end > size)
        return elfld__fail(e, ELFLD_ETRUNC, "program headers (offset %lu, %u entries) past the "
                           "end of the %zu-byte input", (unsigned long)h->e_phoff, h->e_phnum,
                           size);
    return 0;
}

static int add_load(struct elfld_err *e, struct elfld_plan *plan, const elf_phdr *ph,
                    unsigned idx, size_t size, uintptr_t page) {
    uintptr_t end, fend;
    if (plan->nloads == ELFLD_MAX_LOADS)
        return elfld__fail_segment(e, ELFLD_ESEGMENT, idx, "more than %u PT_LOAD segments",
                                   ELFLD_MAX_LOADS);
    if (ph->p_align > 1 && !elfld__is_pow2(ph->p_align))
        return elfld__fail_segment(e, ELFLD_ESEGMENT, idx, "p_align %lx is not a power of two",
                                   (unsigned long)ph->p_align);
    if (ph->p_filesz > ph->p_memsz)
        return elfld__fail_segment(e, ELFLD_ESEGMENT, idx, "p_filesz > p_memsz");
    if (!elfld__add_ok(ph->p_vaddr, ph->p_memsz, &end) || !elfld__add_ok(end, page, &fend))
        return elfld__fail_segment(e, ELFLD_ESEGMENT, idx, "segment wraps the address space");
    if (!elfld__add_ok(ph->p_offset, ph->p_filesz, &fend) || fend > size)
        return elfld__fail_segment(e, ELFLD_ETRUNC, idx, "segment file bytes past the end of "
                                   "the input");
    if (plan->nloads) {
        const struct elfld_seg *prev = &plan->loads[plan->nloads - 1];
        if (ph->p_vaddr < prev->vaddr + prev->memsz)
            return elfld__fail_segment(e, ELFLD_ESEGMENT, idx, "PT_LOAD segments overlap or "
                                       "are not in ascending order");
    }
    struct elfld_seg *s = &plan->loads[plan->nloads++];
    s->vaddr = ph->p_vaddr;
    s->memsz = ph->p_memsz;
    s->offset = ph->p_offset;
    s->filesz = ph->p_filesz;
    s->prot = prot_of(ph->p_flags);
    s->phdr_index = idx;
    if (ph->p_align > plan->align)
        plan->align = ph->p_align;
    return 0;
}

int elfld__parse_header(struct elfld_err *e, const void *head, size_t avail, size_t size,
                        enum elfld_role role, struct elfld_plan *plan) {
    int rc = check_ident(e, head, avail);
    if (rc)
        return rc;
    if (avail < sizeof(elf_ehdr))
        return elfld__fail(e, ELFLD_ETRUNC, "input ends inside the ELF header");
    __builtin_memset(plan, 0, sizeof *plan);
    __builtin_memcpy(&plan->ehdr, head, sizeof plan->ehdr);
    plan->role = role;
    plan->fixed = plan->ehdr.e_type == ET_EXEC;
    return check_header(e, &plan->ehdr, size, role);
}

int elfld__parse_phdrs(struct elfld_err *e, const void *phdrs, size_t size,
                       struct elfld_plan *plan, uintptr_t page) {
    int rc;
    plan->align = page;
    bool have_dyn = false;
    for (unsigned i = 0; i < plan->ehdr.e_phnum; i++) {
        elf_phdr ph;
        __builtin_memcpy(&ph, (const char *)phdrs + i * sizeof ph, sizeof ph);
        switch (ph.p_type) {
        case PT_LOAD:
            if (ph.p_memsz == 0)
                break;
            if ((rc = add_load(e, plan, &ph, i, size, page)))
                return rc;
            break;
        case PT_DYNAMIC:
            if (have_dyn)
                return elfld__fail_segment(e, ELFLD_ESEGMENT, i, "two PT_DYNAMIC headers");
            have_dyn = true;
            plan->dyn_vaddr = ph.p_vaddr;
            plan->dyn_size = ph.p_memsz;
            break;
        case PT_INTERP:
            if (plan->interp_size)
                return elfld__fail_segment(e, ELFLD_ESEGMENT, i, "two PT_INTERP headers");
            if (ph.p_filesz == 0)
                return elfld__fail_segment(e, ELFLD_ESEGMENT, i, "an empty PT_INTERP");
            plan->interp_vaddr = (uintptr_t)ph.p_vaddr;
            plan->interp_size = (uintptr_t)ph.p_filesz;
            break;
        case PT_PHDR:
            plan->phdr_vaddr = (uintptr_t)ph.p_vaddr;
            plan->has_phdr = true;
            break;
        case PT_GNU_RELRO:
            plan->relro_vaddr = ph.p_vaddr;
            plan->relro_size = ph.p_memsz;
            break;
        case PT_GNU_STACK:
            plan->exec_stack = (ph.p_flags & PF_X) != 0;
            break;
        case PT_GNU_EH_FRAME:         /* checked once the image is linked (frames.c) */
            plan->eh_hdr_vaddr = (uintptr_t)ph.p_vaddr;
            plan->eh_hdr_size = (uintptr_t)ph.p_memsz;
            break;
        case PT_TLS:
            if (plan->has_tls)
                return elfld__fail(e, ELFLD_ETLS, "more than one PT_TLS segment");
            if (ph.p_memsz < ph.p_filesz || ph.p_memsz > ELFLD_TLS_MAX_SIZE ||
                (ph.p_align > 1 && !elfld__is_pow2((uintptr_t)ph.p_align)) ||
                ph.p_align > ELFLD_TLS_MAX_ALIGN)
                return elfld__fail(e, ELFLD_ETLS, "PT_TLS with p_filesz %lx, p_memsz %lx, "
                                   "p_align %lx: sizes must satisfy filesz <= memsz <= %lx "
                                   "and the alignment be a power of two up to %lx",
                                   (unsigned long)ph.p_filesz, (unsigned long)ph.p_memsz,
                                   (unsigned long)ph.p_align, (unsigned long)ELFLD_TLS_MAX_SIZE,
                                   (unsigned long)ELFLD_TLS_MAX_ALIGN);
            plan->has_tls = true;
            plan->tls_vaddr = (uintptr_t)ph.p_vaddr;
            plan->tls_filesz = (uintptr_t)ph.p_filesz;
            plan->tls_memsz = (uintptr_t)ph.p_memsz;
            plan->tls_align = ph.p_align > 1 ? (uintptr_t)ph.p_align : 1;
            break;
        default:
            if (ELFLD_ARCH_PT_EXIDX && ph.p_type == ELFLD_ARCH_PT_EXIDX) {
                plan->exidx_vaddr = (uintptr_t)ph.p_vaddr;
                plan->exidx_size = (uintptr_t)ph.p_memsz;
            }
            break;
        }
    }
    if (!plan->nloads)
        return elfld__fail(e, ELFLD_ESEGMENT, "no PT_LOAD segment");
    /* a program without one is static; one with a PT_DYNAMIC relocates itself (static PIE)
     * or its interpreter does: either way the core does not read it */
    if (plan->role == ELFLD_ROLE_LIBRARY && (!have_dyn || plan->dyn_size < sizeof(elf_dyn)))
        return elfld__fail(e, ELFLD_EDYNAMIC, "no PT_DYNAMIC segment");

    const struct elfld_seg *last = &plan->loads[plan->nloads - 1];
    plan->span_start = elfld__align_down(plan->loads[0].vaddr, plan->align);
    plan->span_end = elfld__align_down(last->vaddr + last->memsz + page - 1, page);
    if (plan->span_end - plan->span_start > MAX_IMAGE_SPAN)
        return elfld__fail(e, ELFLD_ESEGMENT, "image spans %lx bytes, more than the %lx "
                           "limit", (unsigned long)(plan->span_end - plan->span_start),
                           (unsigned long)MAX_IMAGE_SPAN);
    if (plan->align > MAX_IMAGE_SPAN)
        return elfld__fail(e, ELFLD_ESEGMENT, "segment alignment %lx too large",
                           (unsigned long)plan->align);
    /* PT_GNU_RELRO is made read-only after relocation: outside the span it would ask the host
     * to protect memory that is not the image's (found by fuzzing). */
    uintptr_t relro_end;
    if (plan->relro_size &&
        (!elfld__add_ok(plan->relro_vaddr, plan->relro_size, &relro_end) ||
         plan->relro_vaddr < plan->span_start || relro_end > plan->span_end))
        return elfld__fail(e, ELFLD_ESEGMENT, "PT_GNU_RELRO [%lx, +%lx) outside the image",
                           (unsigned long)plan->relro_vaddr, (unsigned long)plan->relro_size);
    return 0;
}

int elfld__parse(struct elfld_err *e, const void *data, size_t size, enum elfld_role role,
                 struct elfld_plan *plan, uintptr_t page) {
    int rc = elfld__parse_header(e, data, size, size, role, plan);
    if (rc)
        return rc;
    return elfld__parse_phdrs(e, (const char *)data + plan->ehdr.e_phoff, size, plan, page);
}
