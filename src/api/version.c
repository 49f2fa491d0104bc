/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * version.c - elfld_version: the version this library was built as, for a program to compare
 * with the ELFLD_VERSION of the header it was compiled against.
 */
#include "elfld.h"

unsigned long elfld_version(void) {
    return ELFLD_VERSION;
}
