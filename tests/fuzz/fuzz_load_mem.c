/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_load_mem.c - libFuzzer harness for elfld_load_mem: parse, map, dynamic section,
 * symbol resolution against a fixed fake "system" (fuzz_host.c), relocation (RELR, REL/RELA,
 * JMPREL lazy or now), final protections, then lookups and release.
 *
 * No code of the image may run.  Linking calls constructors, IFUNC resolvers and (at release)
 * destructors, so each input is opened with elfld_open_mem and inspected through the core's
 * internal view of the library (src/core/lib.h): when it has DT_INIT / DT_FINI / their
 * arrays, an STT_GNU_IFUNC symbol or an IRELATIVE relocation, the harness stops after the
 * open (parse + map + dynamic section) and releases it.  Otherwise the opened library is
 * linked (elfld_link: what elfld_load_mem does after its open), which stops after relocation
 * and protection (there is nothing left to run).
 *
 * The load flags come from the input's last byte (usually section-header or padding bytes
 * that loading does not read): bit 0 ELFLD_NOW, bit 1 ELFLD_SYMBOLIC, bit 2 ELFLD_GLOBAL,
 * bit 3 ELFLD_ALLOW_TEXTREL.  ELFLD_ALLOW_WX is never given, so the count host's W+X check
 * (a protect() asking for write and execute) is a finding on every input.  With bit 4 set
 * the input is a program to start instead (as_program): prepared, never started.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_host.h"
#include "core/arch.h"
#include "core/sym.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int table_has_irelative(const void *table, size_t n, int rela)
{
    for (size_t i = 0; i < n; i++) {
        uintptr_t info = rela ? (uintptr_t)((const elf_rela *)table)[i].r_info
                              : (uintptr_t)((const elf_rel *)table)[i].r_info;
        uint32_t type = ELF_R_TYPE(info);
        if (elfld__reloc_desc(type) && elfld__reloc_desc(type)->kind == ELFLD_RK_IRELATIVE)
            return 1;
    }
    return 0;
}

/* Would linking or releasing this library call into its own code? */
static int would_run_code(const struct elfld_lib *lib)
{
    if (lib->init || lib->fini || lib->ninit || lib->nfini)
        return 1;
    for (uint32_t i = 0; i < lib->nsyms; i++)
        if (ELF_ST_TYPE(lib->symtab[i].st_info) == STT_GNU_IFUNC)
            return 1;
    return table_has_irelative(lib->rel, lib->nrel, 0) ||
           table_has_irelative(lib->rela, lib->nrela, 1) ||
           table_has_irelative(lib->jmprel, lib->njmprel, lib->jmprel_is_rela);
}

static unsigned flags_of(const uint8_t *data, size_t size)
{
    unsigned b = size ? data[size - 1] : 0, f = 0;
    if (b & 1)
        f |= ELFLD_NOW;
    if (b & 2)
        f |= ELFLD_SYMBOLIC;
    if (b & 4)
        f |= ELFLD_GLOBAL;
    if (b & 8)
        f |= ELFLD_ALLOW_TEXTREL;
    return f;
}

static void check_rc(int rc, const struct elfld_diag *diag, const char *what)
{
    if (rc > 0 || strcmp(elfld_strerror(rc), "unknown error") == 0)
        fuzz_die("%s returned %d", what, rc);
    if (rc != 0 && (diag->code != rc || diag->message[0] == 0))
        fuzz_die("%s failed with %d but the diagnostic says %d", what, rc, diag->code);
}

/* Exercise the lookups of a linked library (no IFUNC symbols: checked before loading). */
static void lookups(struct fuzz_env *env, elfld_lib *lib)
{
    static const char *const names[] = {"basic_add", "basic_counter", "foo", "bar", "missing",
                                        "puts", ""};
    struct elfld_syminfo si;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        (void)elfld_sym(lib, names[i]);
        (void)elfld_sym_info(lib, names[i], NULL, &si);
        (void)elfld_sym_info(lib, names[i], "VER_1", &si);
    }
    /* every defined symbol can be found again by name, and by address (names are checked
     * where they are used, not at load: one outside the string table is no name at all) */
    for (uint32_t i = 1; i < lib->nsyms && i < 64; i++) {
        const elf_sym *s = &lib->symtab[i];
        const char *name = elfld__sym_name(lib, i);
        if (s->st_shndx == SHN_UNDEF || !name)
            continue;
        (void)elfld_sym(lib, name);
        (void)elfld_addr_info(env->ctx, (const void *)(lib->base + (uintptr_t)s->st_value), &si);
    }
    (void)elfld_addr_info(env->ctx, lib->map, &si);
}

/* The input as a program (elfld_exec_prepare_mem): parsed in the program role, mapped (an
 * ET_EXEC at its own addresses through the count host's reserve_within), checked, its stack
 * built in a buffer; then discarded, never started.  Its interpreter cannot be opened (the
 * fuzz host has no named sources), which ends a dynamic program's preparation after its own
 * checks.  Checks: the stack pointer inside the buffer, 16-byte aligned, argc and argv's
 * strings where they belong; the entry point inside the program; nothing left after. */
static void as_program(struct fuzz_env *env, const uint8_t *data, size_t size)
{
    static _Alignas(16) unsigned char stack[2048];
    const char *const argv[] = {"fuzzed", "argument", NULL};
    const char *const envp[] = {"FUZZ=1", NULL};
    struct elfld_diag diag;
    struct elfld_exec_args a;
    memset(&a, 0, sizeof a);
    a.struct_size = sizeof a;
    a.argv = argv;
    a.envp = envp;
    a.stack = stack;
    a.stack_size = sizeof stack;
    a.diag = &diag;
    struct elfld_exec ex;
    int rc = elfld_exec_prepare_mem(env->ctx, data, size, &a, &ex);
    check_rc(rc, &diag, "elfld_exec_prepare_mem");
    fuzz_note("program: %d%s%s", rc, rc ? " " : "", rc ? diag.message : "");
    if (rc == 0) {
        uintptr_t sp = (uintptr_t)ex.stack_pointer, lo = (uintptr_t)stack;
        const elf_addr *w = ex.stack_pointer;
        if (sp < lo || sp >= lo + sizeof stack || (sp & 15))
            fuzz_die("the stack pointer %#lx is outside the stack or misaligned",
                     (unsigned long)sp);
        if (w[0] != 2 || w[3] != 0)
            fuzz_die("argc is not what was given, or argv not NULL-terminated");
        /* a 32-bit arch's words hold this host's pointers only where they fit */
        if (sizeof(elf_addr) >= sizeof(void *) &&
            (strcmp((const char *)(uintptr_t)w[1], argv[0]) != 0 ||
             strcmp((const char *)(uintptr_t)w[2], argv[1]) != 0))
            fuzz_die("argv's strings are not what was given");
        const struct elfld_lib *p = ex.program;
        if ((uintptr_t)ex.entry < (uintptr_t)p->map ||
            (uintptr_t)ex.entry - (uintptr_t)p->map >= p->map_size)
            fuzz_die("the entry point is outside the program");
        elfld_exec_discard(env->ctx, &ex);
    }
    fuzz_env_check_empty(env, "after elfld_exec_prepare_mem");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_env env;
    fuzz_env_init(&env);
    if (size && (data[size - 1] & 0x10)) {
        as_program(&env, data, size);
        fuzz_env_fini(&env);
        return 0;
    }
    struct elfld_diag diag;
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.diag = &diag;
    o.flags = flags_of(data, size);

    elfld_lib *lib = NULL;
    int rc = elfld_open_mem(env.ctx, data, size, &o, &lib);
    check_rc(rc, &diag, "elfld_open_mem");
    fuzz_note("open: %d%s%s", rc, rc ? " " : "", rc ? diag.message : "");
    if (rc != 0) {
        fuzz_env_check_empty(&env, "after a failed elfld_open_mem");
        fuzz_env_fini(&env);
        return 0;
    }
    if (would_run_code(lib)) {
        fuzz_note("not linked: linking would run its code");
        elfld_release(lib);
        fuzz_env_check_empty(&env, "after releasing an opened library");
        fuzz_env_fini(&env);
        return 0;
    }
    /* What elfld_load_mem does after the open (src/api/load.c), on the image already opened:
     * mapping it a second time would double the cost of every input. */
    rc = elfld_link(env.ctx, &lib, 1, &diag);
    check_rc(rc, &diag, "elfld_link");
    fuzz_note("link: %d%s%s", rc, rc ? " " : "", rc ? diag.message : "");
    if (rc == 0) {
        if (lib->state != ELFLD_STATE_READY)
            fuzz_die("linked library not ready");
        lookups(&env, lib);
    } else if (lib->state != ELFLD_STATE_FAILED || lib->map != NULL) {
        fuzz_die("failed link left the library mapped or in state %u", lib->state);
    }
    /* DF_1_NODELETE (from the input) keeps the image until the context is destroyed, where
     * fuzz_env_fini checks it is given back. */
    int nodelete = rc == 0 && (lib->flags & ELFLD_NODELETE) != 0;
    elfld_release(lib);
    if (!nodelete)
        fuzz_env_check_empty(&env, rc ? "after releasing a failed link" : "after release");
    fuzz_env_fini(&env);
    return 0;
}
