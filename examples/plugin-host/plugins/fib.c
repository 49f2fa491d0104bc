/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Fibonacci: every addition is a call back into the host (host_add). */
#include "../plugin-api.h"

const char *plugin_name(void)
{
    return "fibonacci";
}

long plugin_run(long n)
{
    int a = 0, b = 1;
    for (long i = 0; i < n; i++) {
        int next = host_add(a, b);
        a = b;
        b = next;
    }
    return a;
}
