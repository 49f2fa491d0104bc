// SPDX-License-Identifier: MIT OR Apache-2.0
// host_cxx.cpp - the C++ half of test_unwind's C++ host: a frame that catches what a plugin
// throws, and a callback that throws into a plugin.
#include <cstdio>
#include <stdexcept>

// 1 and what() when fn(v) throws std::runtime_error, 2 for anything else, 0 when it returns.
extern "C" int host_catch_through(int (*fn)(int), int v, char *what, size_t cap)
{
    try {
        fn(v);
    } catch (const std::runtime_error &e) {
        std::snprintf(what, cap, "%s", e.what());
        return 1;
    } catch (...) {
        return 2;
    }
    return 0;
}

extern "C" void host_throw_int(int v)
{
    throw v;
}
