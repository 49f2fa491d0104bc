/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * stack.c - the initial process stack of a started program, laid out as Linux's exec lays
 * it out (fs/binfmt_elf.c create_elf_tables, and the psABIs' "Process Initialization"):
 *
 *     high   end word (0)
 *            AT_EXECFN's string, the environment strings, the argument strings,
 *            AT_PLATFORM's string, AT_RANDOM's 16 bytes (16-byte aligned)
 *            padding
 *            auxiliary vector: (type, value) pairs ending with AT_NULL
 *            envp[0..envc-1], NULL
 *            argv[0..argc-1], NULL
 *     sp ->  argc                                   (16-byte aligned on every arch)
 *
 * Words are the ELF class's (ELF_WORD_SIZE): the stack is the started program's own.
 */
#include "program.h"
#include "../core/elf.h"
#include "../core/names.h"
#include "../core/util.h"

#define STACK_ALIGN 16u                /* the strictest psABI's (x86_64, AArch64, RISC-V) */
#define MAX_AUXV 24                    /* pairs below, AT_NULL included */

struct builder {
    uintptr_t lo, at;                  /* the memory's bottom; the lowest byte written */
};

static bool push(struct builder *b, const void *bytes, size_t n, uintptr_t align,
                 uintptr_t *where) {
    if (b->at - b->lo < n)
        return false;
    uintptr_t to = elfld__align_down(b->at - n, align);
    if (to < b->lo)
        return false;
    __builtin_memcpy((void *)to, bytes, n);
    b->at = to;
    *where = to;
    return true;
}

static bool push_string(struct builder *b, const char *s, uintptr_t *where) {
    return push(b, s, elfld__strlen(s) + 1, 1, where);
}

static size_t count(const char *const *v) {
    size_t n = 0;
    if (v)
        while (v[n])
            n++;
    return n;
}

static void put(elf_addr *aux, unsigned *n, uintptr_t type, uintptr_t value) {
    aux[2 * *n] = (elf_addr)type;
    aux[2 * *n + 1] = (elf_addr)value;
    (*n)++;
}

int elfld__stack_build(struct elfld_err *e, void *mem, size_t size, const char *const *argv,
                       const char *const *envp, const char *execfn,
                       const struct elfld_start_values *v, const struct elfld_process_info *pi,
                       uintptr_t *sp) {
    struct builder b = {(uintptr_t)mem, elfld__align_down((uintptr_t)mem + size, STACK_ALIGN)};
    size_t argc = count(argv), envc = count(envp);
    const elf_addr end_word = 0;
    uintptr_t unused, fn = 0, platform = 0, random = 0;
    bool ok = b.at >= b.lo && push(&b, &end_word, sizeof end_word, sizeof end_word, &unused) &&
              (!execfn || push_string(&b, execfn, &fn));
    /* the strings' addresses, found again below in the same order */
    for (size_t i = envc; ok && i-- > 0;)
        ok = push_string(&b, envp[i], &unused);
    for (size_t i = argc; ok && i-- > 0;)
        ok = push_string(&b, argv[i], &unused);
    uintptr_t strings = b.at;          /* argv[0]'s string, the others following it */
    if (ok && pi->platform)
        ok = push_string(&b, pi->platform, &platform);
    if (ok)
        ok = push(&b, pi->random, sizeof pi->random, STACK_ALIGN, &random);
    if (!ok)
        return elfld__fail(e, ELFLD_ENOMEM, "a %zu-byte stack cannot hold the program's "
                           "arguments and environment", size);

    elf_addr aux[2 * MAX_AUXV];
    unsigned n = 0;
    if (pi->sysinfo)
        put(aux, &n, AT_SYSINFO, pi->sysinfo);
    if (pi->sysinfo_ehdr)
        put(aux, &n, AT_SYSINFO_EHDR, pi->sysinfo_ehdr);
    if (pi->minsigstksz)
        put(aux, &n, AT_MINSIGSTKSZ, pi->minsigstksz);
    put(aux, &n, AT_HWCAP, pi->hwcap);
    put(aux, &n, AT_PAGESZ, v->page_size);
    put(aux, &n, AT_CLKTCK, pi->clktck);
    put(aux, &n, AT_PHDR, v->phdr);
    put(aux, &n, AT_PHENT, sizeof(elf_phdr));
    put(aux, &n, AT_PHNUM, v->phnum);
    put(aux, &n, AT_BASE, v->interp_base);
    put(aux, &n, AT_FLAGS, 0);
    put(aux, &n, AT_ENTRY, v->entry);
    put(aux, &n, AT_UID, pi->uid);
    put(aux, &n, AT_EUID, pi->euid);
    put(aux, &n, AT_GID, pi->gid);
    put(aux, &n, AT_EGID, pi->egid);
    put(aux, &n, AT_SECURE, pi->secure);
    put(aux, &n, AT_RANDOM, random);
    if (pi->hwcap2)
        put(aux, &n, AT_HWCAP2, pi->hwcap2);
    if (fn)
        put(aux, &n, AT_EXECFN, fn);
    if (platform)
        put(aux, &n, AT_PLATFORM, platform);
    put(aux, &n, AT_NULL, 0);

    enum { W = sizeof(elf_addr) };     /* a constant: no division call at -O0 */
    uintptr_t words = 1 + argc + 1 + envc + 1 + 2u * n;
    if (words > UINTPTR_MAX / W || words * W > b.at - b.lo)
        return elfld__fail(e, ELFLD_ENOMEM, "a %zu-byte stack cannot hold the program's "
                           "arguments and environment", size);
    uintptr_t top = elfld__align_down(b.at - words * W, STACK_ALIGN);
    if (top < b.lo)
        return elfld__fail(e, ELFLD_ENOMEM, "a %zu-byte stack cannot hold the program's "
                           "arguments and environment", size);
    elf_addr *w = (elf_addr *)top;
    *w++ = (elf_addr)argc;
    /* the strings lie in order, argv's then envp's: walk up from argv[0]'s */
    uintptr_t s = strings;
    for (size_t i = 0; i < argc; i++) {
        *w++ = (elf_addr)s;
        s += elfld__strlen(argv[i]) + 1;
    }
    *w++ = 0;
    for (size_t i = 0; i < envc; i++) {
        *w++ = (elf_addr)s;
        s += elfld__strlen(envp[i]) + 1;
    }
    *w++ = 0;
    __builtin_memcpy(w, aux, 2u * n * W);
    *sp = top;
    return 0;
}
