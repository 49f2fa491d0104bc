/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * gdb_host.c - the program gdb_check.py debugs: loads a shared object from a file, links an
 * object file, and loads a second shared object from memory with the POSIX host, calls into
 * each, unloads them, then calls host_after_unload (where the debugger checks they are
 * gone).  Prints what it computed, so a run without a debugger is checked too.
 *
 * Usage: gdb_host PLUGIN_SO OBJECT_O MEMORY_SO [untraced]
 *   untraced: ELFLD_POSIX_GDB_UNTRACED (the debugger is qemu's gdb stub, which the program
 *   cannot see)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfld.h"
#include "elfld/posix.h"

__attribute__((noinline)) void host_after_unload(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
    elfld_ctx *ctx;
    elfld_lib *so, *obj;
    elfld_lib *mem;
    if (argc > 4 && strcmp(argv[4], "untraced") == 0)
        elfld_posix_tools(ELFLD_POSIX_TOOLS_DEFAULT | ELFLD_POSIX_GDB_UNTRACED);
    if (argc < 4 || elfld_posix_ctx_create(&ctx, argc, argv, NULL))
        return 2;
    if (elfld_load(ctx, argv[1], NULL, &so))
        return 3;
    int (*plugin_fn)(int) = (int (*)(int))elfld_sym(so, "gdb_plugin_fn");
    printf("plugin %d\n", plugin_fn(5));
    struct elfld_input in = {argv[2], NULL, 0, 0};
    if (elfld_load_objects(ctx, &in, 1, NULL, &obj))
        return 4;
    int (*object_fn)(int) = (int (*)(int))elfld_sym(obj, "gdb_object_fn");
    printf("object %d\n", object_fn(4));
    FILE *f = fopen(argv[3], "rb");
    static unsigned char bytes[1 << 20];
    size_t size = f ? fread(bytes, 1, sizeof bytes, f) : 0;
    if (f)
        fclose(f);
    if (!size || elfld_load_mem(ctx, bytes, size, NULL, &mem))
        return 5;
    int (*mem_fn)(int) = (int (*)(int))elfld_sym(mem, "gdb_mem_fn");
    printf("memory %d\n", mem_fn(1));
    elfld_release(so);
    elfld_release(obj);
    elfld_release(mem);
    host_after_unload();
    elfld_ctx_destroy(ctx);
    return 0;
}
