/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Included before each of libelfld's C files in a kernel module (elfld.kbuild passes it with
 * -include, after the kernel's own).
 *
 * Kbuild includes <linux/compiler_types.h> before every C file, and its
 * <linux/compiler_attributes.h> defines attribute names as macros: noinline becomes
 * __attribute__((__noinline__)), so libelfld's __attribute__((noinline)), spelled as GCC
 * documents it, would expand to a nested __attribute__ and not compile.  libelfld includes no
 * kernel header that needs the macro afterwards, so it is undone for libelfld's files only.
 */
#undef noinline
