/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * objlink.h - what objlink.c (the measuring program of the object-link benchmark) needs from
 * one loader.  Each loader is its own file and its own program (objlink-elfld, objlink-lljit,
 * objlink-dlopen), so no process carries another loader's libraries: process start, memory
 * peak and lazy work of one never show in another's numbers.
 */
#ifndef OBJLINK_H
#define OBJLINK_H

#include <stddef.h>

struct objlink_loader {
    const char *name;
    /* Whatever must exist before the first input can be given: a libelfld context, an LLJIT
     * instance, nothing for dlopen.  Measured on its own ("start").  0, or -1 with a message
     * in err. */
    int (*start)(char **envp, char *err, size_t errsize);
    /* Link the inputs (paths: .o, .a, or the one .so for dlopen) into something symbols can be
     * looked up in.  Measured together with the lookups and the first call ("link"). */
    int (*link)(const char *const *inputs, int count, char *err, size_t errsize);
    /* Address of a defined symbol of the linked inputs, or NULL (err says why). */
    void *(*sym)(const char *name, char *err, size_t errsize);
};

extern const struct objlink_loader objlink_loader;

#endif /* OBJLINK_H */
