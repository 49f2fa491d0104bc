/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* crc32.h - what the crc32 module exports to the modules loaded after it. */
#ifndef KMOD_CRC32_H
#define KMOD_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* zlib's convention: crc32_update(0, ...) starts a checksum, and feeding a checksum back in
 * continues it over more bytes. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);
/* The same over a NUL-terminated string. */
uint32_t crc32_str(uint32_t crc, const char *s);

#endif
