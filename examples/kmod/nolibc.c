/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Module "nolibc": calls malloc, which a kernel does not have.  The kernel's symbol table
 * does not resolve it, so insmod must refuse the module and leave nothing behind.
 */
#include "kmod.h"

void *malloc(size_t size);

#define BUFFER_SIZE 64

static void *buffer;

static int nolibc_init(void)
{
    buffer = malloc(BUFFER_SIZE);
    return buffer != NULL ? 0 : -1;
}

module_init(nolibc_init)
