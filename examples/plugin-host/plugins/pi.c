/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Pi: floating point, and a constructor.  `scale` is only set by the constructor, so a
 * result of 0 would mean the loader did not run DT_INIT_ARRAY.
 */
#include "../plugin-api.h"

static double scale;

__attribute__((constructor)) static void pi_init(void)
{
    scale = 1e6;
    host_log("pi: constructor ran");
}

const char *plugin_name(void)
{
    return "pi";
}

/* Leibniz series with input*100 terms, times 10^6, rounded: robust to x87 excess precision. */
long plugin_run(long input)
{
    double sum = 0.0, sign = 1.0;
    for (long k = 0; k < input * 100; k++) {
        sum += sign / (double)(2 * k + 1);
        sign = -sign;
    }
    return (long)(4.0 * sum * scale + 0.5);
}
