// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_b.cpp - second user of cxx_tmpl.h: its copies of the COMDAT groups are discarded.
#include "cxx_tmpl.h"

extern "C" int cxx_b(int x)
{
    const int v[] = {x, x, 5};
    Box<int> b(x + 1);
    return tsum<int>(v, 3) * 100 + b.twice() + bump(10);
}

typedef int (*tsum_int_fn)(const int *, int);
extern "C" void *cxx_b_tsum_addr(void) { return (void *)(tsum_int_fn)tsum<int>; }
extern "C" void *cxx_b_counter_addr(void) { return &shared_counter(); }
extern "C" int cxx_b_made(void) { return Box<int>::made; }
