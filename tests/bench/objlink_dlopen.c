/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * objlink_dlopen.c - the second half of "static linker, then dlopen" for objlink.c: the shared
 * object ld.lld or GNU ld made of the inputs (objlink.py runs and measures the linker) is
 * loaded with dlopen(RTLD_NOW | RTLD_LOCAL), symbols come from dlsym.  Nothing to start: the
 * process's loader is already there.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "objlink.h"

static void *handle;

static int dl_start(char **envp, char *err, size_t errsize) {
    (void)envp, (void)err, (void)errsize;
    return 0;
}

static int dl_link(const char *const *inputs, int count, char *err, size_t errsize) {
    if (count != 1) {
        snprintf(err, errsize, "dlopen takes one shared object, not %d inputs", count);
        return -1;
    }
    handle = dlopen(inputs[0], RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        snprintf(err, errsize, "%s", dlerror());
    return handle ? 0 : -1;
}

static void *dl_sym(const char *name, char *err, size_t errsize) {
    void *p = dlsym(handle, name);
    if (!p)
        snprintf(err, errsize, "%s", dlerror());
    return p;
}

const struct objlink_loader objlink_loader = {"dlopen", dl_start, dl_link, dl_sym};
