// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_a.cpp - first user of cxx_tmpl.h (its COMDAT groups win: it comes first).
#include "cxx_tmpl.h"

extern "C" int cxx_a(int x)
{
    static const int v[] = {1, 2, 3, 4};
    Box<int> b(x);
    return tsum<int>(v, 4) + b.twice() + bump(1);   // 10 + 2x + counter
}

extern "C" double cxx_a_d(double x)
{
    const double v[] = {x, 0.5, 0.25};
    return tsum<double>(v, 3);
}

typedef int (*tsum_int_fn)(const int *, int);
extern "C" void *cxx_a_tsum_addr(void) { return (void *)(tsum_int_fn)tsum<int>; }
extern "C" void *cxx_a_counter_addr(void) { return &shared_counter(); }
extern "C" int cxx_a_made(void) { return Box<int>::made; }
