/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Checksum: formats a message with the C library's snprintf (not linked in: the loader finds
 * it in the host process through the POSIX host's resolve hook), logs it through the host and
 * returns its FNV-1a hash.
 */
#include <stddef.h>
#include <stdio.h>

#include "../plugin-api.h"

/* An exported pointer in initialized data: its value needs a relative relocation, and the
 * code reads it through the GOT (a GLOB_DAT relocation), since it could be interposed. */
const char *checksum_key = "greeting";

const char *plugin_name(void)
{
    return "checksum";
}

long plugin_run(long input)
{
    const char *greeting = host_get_config(checksum_key);
    char buf[128];
    int n = snprintf(buf, sizeof buf, "checksum: %s #%ld", greeting ? greeting : "?", input);
    if (n < 0 || (size_t)n >= sizeof buf)
        return -1;
    host_log(buf);

    /* Hash only the part after "checksum: " so the value depends on greeting and input. */
    unsigned long h = 2166136261u;
    for (const char *p = buf + 10; *p; p++) {
        h ^= (unsigned char)*p;
        h = (h * 16777619u) & 0xffffffffu;
    }
    return (long)(h & 0x7fffffffu); /* fits a 32-bit long */
}
