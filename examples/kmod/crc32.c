/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Module "crc32": the CRC-32 of zlib and Ethernet, for the kernel and for other modules.
 *
 *   exports      crc32_update() and crc32_str(), used by the greet module (calls from one
 *                module into another)
 *   init         builds its 256-entry table in kmalloc'd memory, registers device "crc32"
 *   device op    the CRC-32 of the argument
 *   exit         reports how many bytes it checksummed (a .bss counter: it must start at 0),
 *                unregisters the device, frees the table
 */
#include "crc32.h"
#include "kmod.h"

#define CRC32_POLY 0xedb88320u /* the IEEE 802.3 polynomial, bit-reversed */
#define CRC32_TABLE_SIZE 256   /* one entry per byte value */


static uint32_t *crc_table;
static unsigned long bytes_checksummed;

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    crc = ~crc;
    for (size_t i = 0; i < len; i++)
        crc = (crc >> 8) ^ crc_table[(crc ^ p[i]) & 0xffu];
    bytes_checksummed += len;
    return ~crc;
}

uint32_t crc32_str(uint32_t crc, const char *s)
{
    size_t len = 0;
    while (s[len] != '\0')
        len++;
    return crc32_update(crc, s, len);
}

static unsigned long crc32_op(struct kdevice *dev, const char *arg)
{
    (void)dev;
    return crc32_str(0, arg);
}

static struct kdevice crc32_dev = {
    .name = "crc32",
    .op = crc32_op,
};

static int crc32_init(void)
{
    crc_table = kmalloc(CRC32_TABLE_SIZE * sizeof *crc_table);
    if (crc_table == NULL)
        return -1;
    for (uint32_t n = 0; n < CRC32_TABLE_SIZE; n++) {
        uint32_t c = n;
        for (int bit = 0; bit < 8; bit++)
            c = (c & 1u) ? (c >> 1) ^ CRC32_POLY : c >> 1;
        crc_table[n] = c;
    }
    printk("crc32: table of %d entries ready\n", CRC32_TABLE_SIZE);
    if (register_device(&crc32_dev) != 0) {
        kfree(crc_table);
        return -1;
    }
    return 0;
}

static void crc32_exit(void)
{
    printk("crc32: %lu bytes checksummed, goodbye\n", bytes_checksummed);
    unregister_device(&crc32_dev);
    kfree(crc_table);
}

module_init(crc32_init)
module_exit(crc32_exit)
