/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * perf_host.c - links an object module and spends a few hundred milliseconds in it, with the
 * POSIX host's perf map on ("map") or off ("nomap"); prints its pid (perf_check.py reads the
 * map it wrote, /tmp/perf-<pid>.map, and removes it).
 *
 * Usage: perf_host OBJECT_O map|nomap MILLIONS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfld.h"
#include "elfld/posix.h"

int main(int argc, char **argv)
{
    elfld_ctx *ctx;
    elfld_lib *obj;
    if (argc < 4)
        return 2;
    unsigned tools = ELFLD_POSIX_TOOLS_DEFAULT;
    if (strcmp(argv[2], "map") == 0)
        tools |= ELFLD_POSIX_PERF_MAP;
    elfld_posix_tools(tools);
    if (elfld_posix_ctx_create(&ctx, argc, argv, NULL))
        return 3;
    struct elfld_input in = {argv[1], NULL, 0, 0};
    if (elfld_load_objects(ctx, &in, 1, NULL, &obj))
        return 4;
    int (*hot)(int) = (int (*)(int))elfld_sym(obj, "perf_spin_hot");
    printf("pid %ld result %d\n", (long)getpid(), hot(atoi(argv[3])));
    elfld_ctx_destroy(ctx);
    return 0;
}
