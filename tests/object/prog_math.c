/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* prog_math.c - switch jump tables, floating-point constants, a large .bss, the strong
 * definitions overriding prog_data.c's weak ones, and calls back into prog_data.c. */
#include "prog.h"

int common_counter;                         /* COMMON, merged with prog_data.c's */
char common_small[64];                      /* COMMON: the larger size (64) must win */
int common_large[40000];

/* 6 MiB of zeroes; the tiny code model (aarch64: the whole image within 1 MiB) gets less */
#ifndef PROG_BIG_BSS
#define PROG_BIG_BSS (6 << 20)
#endif
static char big_bss[PROG_BIG_BSS];

int tunable = 9;                            /* strong: beats prog_data.c's weak 5 */

int weak_value(void)                        /* strong: beats prog_data.c's weak one */
{
    return 2;
}

static int twice(int x)
{
    return x + x;
}

int classify(int x)
{
    common_counter++;
    switch (x) {
    case 0: return 17;
    case 1: return twice(21);
    case 2: return -5;
    case 3: return 1009;
    case 4: return 4;
    case 5: return 77;
    case 6: return 123456;
    case 7: return -99;
    case 8: return 8888;
    case 9: return 31;
    default: return 0;
    }
}

const char *day_name(int d)
{
    switch (d) {
    case 0: return "monday";
    case 1: return "tuesday";
    case 2: return "wednesday";
    case 3: return "thursday";
    case 4: return "friday";
    case 5: return "saturday";
    case 6: return "sunday";
    default: return "never";
    }
}

double poly(double x)
{
    return 3.14159265358979 * x * x - 2.718281828 * x + 0.001953125;
}

float fscale(float x)
{
    return x * 1.5f + 0.25f;
}

int math_square(int x)
{
    return x * x;
}

int math_negate(int x)
{
    return -x;
}

int math_add_seed(int x)
{
    return x + *data_seed_ptr;              /* math -> data */
}

int touch_big(void)
{
    int zero = 1;
    for (unsigned i = 0; i < sizeof big_bss; i += 4093)
        if (big_bss[i])
            zero = 0;
    big_bss[0] = 1;
    big_bss[sizeof big_bss - 1] = 2;
    big_bss[PROG_BIG_BSS / 2] = 40;
    common_large[39999] = 5;
    common_small[63] = 7;
    return zero * 1000 + big_bss[0] + big_bss[sizeof big_bss - 1] + big_bss[PROG_BIG_BSS / 2] +
           common_large[39999] + common_small[63];
}
