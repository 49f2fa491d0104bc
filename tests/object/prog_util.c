/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* prog_util.c - the report writer (see prog.h): no libc, no division. */
#include "prog.h"

int util_calls;

static void put(struct rep *r, char c)
{
    if (r->len + 1 < r->cap) {
        r->buf[r->len++] = c;
        r->buf[r->len] = 0;
    }
}

void rep_str(struct rep *r, const char *s)
{
    while (*s)
        put(r, *s++);
}

static const unsigned long pow10[] = {
    1000000000UL, 100000000UL, 10000000UL, 1000000UL, 100000UL, 10000UL, 1000UL, 100UL, 10UL, 1UL,
};

void rep_int(struct rep *r, long v)
{
    unsigned long u;
    if (v < 0) {
        put(r, '-');
        u = 0UL - (unsigned long)v;
    } else {
        u = (unsigned long)v;
    }
    int started = 0;
    for (unsigned i = 0; i < sizeof pow10 / sizeof pow10[0]; i++) {
        char d = '0';
        while (u >= pow10[i]) {   /* values stay below 10^10 in this program */
            u -= pow10[i];
            d++;
        }
        if (d != '0' || started || i + 1 == sizeof pow10 / sizeof pow10[0]) {
            put(r, d);
            started = 1;
        }
    }
}

void rep_hex(struct rep *r, unsigned long v)
{
    static const char digits[] = "0123456789abcdef";
    int shift = (int)(8 * sizeof v) - 4;
    int started = 0;
    rep_str(r, "0x");
    for (; shift >= 0; shift -= 4) {
        unsigned d = (unsigned)(v >> shift) & 15u;
        if (d || started || shift == 0) {
            put(r, digits[d]);
            started = 1;
        }
    }
}

void rep_milli(struct rep *r, double v)
{
    long m = (long)(v * 1000.0 + (v < 0 ? -0.5 : 0.5));
    if (m < 0) {
        put(r, '-');
        m = -m;
    }
    long ip = 0;
    while (m >= 1000) {
        m -= 1000;
        ip++;
    }
    rep_int(r, ip);
    put(r, '.');
    char frac[3] = {'0', '0', '0'};
    for (int i = 0; i < 3; i++) {
        long p = i == 0 ? 100 : i == 1 ? 10 : 1;
        while (m >= p) {
            m -= p;
            frac[i]++;
        }
    }
    put(r, frac[0]);
    put(r, frac[1]);
    put(r, frac[2]);
}

void rep_line(struct rep *r, const char *key)
{
    if (r->len)
        put(r, '\n');
    rep_str(r, key);
    put(r, '=');
}

int util_apply(int (*fn)(int), int x)
{
    util_calls++;
    return fn(x) + main_hook(x);
}

int util_apply_twice(int (*fn)(int), int x)
{
    util_calls++;
    return fn(fn(x));
}
