/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_dynamic.c - libFuzzer harness for elfld_open_mem: parse, map (through the counting
 * host), and validate the dynamic section and every table it points at (src/dynamic.c),
 * then release.  Nothing is relocated and no code runs.  Checks: no crash or sanitizer
 * report, a failed open leaves the context as it was, a successful one produces tables that
 * lie inside the reservation, and nothing is left after release and context destroy.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_host.h"
#include "core/lib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int inside(const struct elfld_lib *lib, const void *p, uintptr_t bytes)
{
    uintptr_t a = (uintptr_t)p, m = (uintptr_t)lib->map;
    return a >= m && a - m <= lib->map_size && bytes <= lib->map_size - (a - m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_env env;
    fuzz_env_init(&env);
    struct elfld_diag diag;
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.diag = &diag;
    elfld_lib *lib = NULL;
    int rc = elfld_open_mem(env.ctx, data, size, &o, &lib);
    if (rc > 0 || strcmp(elfld_strerror(rc), "unknown error") == 0)
        fuzz_die("elfld_open_mem returned %d", rc);
    if (rc != 0) {
        if (diag.code != rc || diag.message[0] == 0)
            fuzz_die("open failed with %d but the diagnostic says %d", rc, diag.code);
        fuzz_env_check_empty(&env, "after a failed elfld_open_mem");
    } else {
        if (lib->state != ELFLD_STATE_OPENED || !lib->map || !lib->strtab || !lib->symtab)
            fuzz_die("opened library incomplete");
        if (!inside(lib, lib->strtab, lib->strsz) || lib->strtab[lib->strsz - 1] != 0)
            fuzz_die("string table not inside the image or not NUL terminated");
        if (!inside(lib, lib->symtab, (uintptr_t)lib->nsyms * sizeof(elf_sym)))
            fuzz_die("symbol table not inside the image");
        if (elfld_sym(lib, "basic_add") != NULL)
            fuzz_die("elfld_sym answered on an unlinked library");
        elfld_release(lib);
        fuzz_env_check_empty(&env, "after releasing an opened library");
    }
    fuzz_env_fini(&env);
    return 0;
}
