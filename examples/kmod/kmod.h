/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * kmod.h - the "kernel API" of the kmod example: what kernel.c exports to modules through
 * its symbol table, and how a module names its entry points.  Shared by the kernel and the
 * modules, so it uses freestanding headers only.
 */
#ifndef KMOD_H
#define KMOD_H

#include <stddef.h>
#include <stdint.h>

/* A device a module registers: the kernel lists it and calls its one operation. */
struct kdevice {
    const char *name;
    /* The device's operation on a NUL-terminated argument; the result is device-specific. */
    unsigned long (*op)(struct kdevice *dev, const char *arg);
    struct kdevice *next; /* the kernel's registry link: modules leave it alone */
};

/* The kernel's exported symbols: nothing else resolves. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int register_device(struct kdevice *dev);
void unregister_device(struct kdevice *dev);
void *kmalloc(size_t size);
void kfree(void *ptr);

/*
 * The kernel finds a module's entry points by name, as insmod does: init_module (0 on
 * success) and cleanup_module.  These macros define both names as aliases of the module's
 * own functions, which can then stay static.
 */
#define module_init(fn) int init_module(void) __attribute__((alias(#fn)));
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)));

#endif
