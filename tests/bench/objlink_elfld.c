/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * objlink_elfld.c - libelfld's object linker for objlink.c: a context with the POSIX host, then
 * elfld_load_objects of every input in one image (ELFLD_NOW; an archive with
 * ELFLD_INPUT_WHOLE_ARCHIVE, so every member is linked as the other loaders link every object;
 * undefined C library symbols resolve in the process through the host), elfld_sym for lookups.
 */
#include <stdio.h>
#include <string.h>

#include "elfld.h"
#include "elfld/posix.h"
#include "objlink.h"

static elfld_ctx *ctx;
static elfld_lib *lib;

static int el_start(char **envp, char *err, size_t errsize) {
    int rc = elfld_posix_ctx_create(&ctx, 0, NULL, envp);
    if (rc)
        snprintf(err, errsize, "elfld_posix_ctx_create: %s", elfld_strerror(rc));
    return rc ? -1 : 0;
}

static int is_archive(const char *path) {
    size_t n = strlen(path);
    return n > 2 && !strcmp(path + n - 2, ".a");
}

static int el_link(const char *const *inputs, int count, char *err, size_t errsize) {
    struct elfld_input in[count];
    memset(in, 0, sizeof in);
    for (int i = 0; i < count; i++) {
        in[i].name = inputs[i];
        in[i].flags = is_archive(inputs[i]) ? ELFLD_INPUT_WHOLE_ARCHIVE : 0;
    }
    struct elfld_diag d;
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.flags = ELFLD_NOW;
    o.diag = &d;
    int rc = elfld_load_objects(ctx, in, (size_t)count, &o, &lib);
    if (rc)
        snprintf(err, errsize, "elfld_load_objects: %s", d.message[0] ? d.message
                                                                       : elfld_strerror(rc));
    return rc ? -1 : 0;
}

static void *el_sym(const char *name, char *err, size_t errsize) {
    void *p = elfld_sym(lib, name);
    if (!p)
        snprintf(err, errsize, "elfld_sym: not found");
    return p;
}

const struct objlink_loader objlink_loader = {"elfld", el_start, el_link, el_sym};
