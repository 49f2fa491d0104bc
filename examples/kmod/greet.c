/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Module "greet": depends on the crc32 module, whose crc32_update() and crc32_str() it
 * calls.  The kernel loads crc32 first; its symbols then serve later modules, as
 * EXPORT_SYMBOL does.
 *
 *   init         prints the CRC-32 of two words (a table of pointers in initialized data),
 *                registers device "greet"
 *   device op    the CRC-32 of "hello, " followed by the argument, checksummed in two steps
 *   exit         reports how many greetings it made (.bss), unregisters the device
 */
#include "crc32.h"
#include "kmod.h"

static const char greeting[] = "hello, ";
static const char *const words[] = {"libelfld", "module"};
static unsigned long greetings;

static unsigned long greet_op(struct kdevice *dev, const char *arg)
{
    (void)dev;
    greetings++;
    return crc32_str(crc32_update(0, greeting, sizeof greeting - 1), arg);
}

static struct kdevice greet_dev = {
    .name = "greet",
    .op = greet_op,
};

static int greet_init(void)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        printk("greet: crc32(\"%s\") = 0x%08lx\n", words[i],
               (unsigned long)crc32_str(0, words[i]));
    return register_device(&greet_dev);
}

static void greet_exit(void)
{
    printk("greet: %lu greeting(s), goodbye\n", greetings);
    unregister_device(&greet_dev);
}

module_init(greet_init)
module_exit(greet_exit)
