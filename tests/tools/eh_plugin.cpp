// SPDX-License-Identifier: MIT OR Apache-2.0
// eh_plugin.cpp - a C++ plugin whose exceptions and backtraces cross loaded frames.  Built as
// a shared object and as an object file (tests/tools/meson.build) and loaded by
// test_unwind.c, which checks each entry point against what C++ itself defines: a caught
// exception's value, the type the host catches, the frames a backtrace passes through.
//
// EH_VARIANT changes the code (and so every address) of a second build, loaded where the
// first one was to prove the unwinder reads the new image's tables, not the old ones.
#include <stdexcept>
#include <string>
#include <unwind.h>

#ifndef EH_VARIANT
#define EH_VARIANT 0
#endif

#define NOINLINE __attribute__((noinline))

// An opaque call keeps the compiler from seeing through the frames below.
static volatile int sink;

extern "C" NOINLINE int eh_thrower(int v)
{
    sink = v;
    if (v >= 0)
        throw std::runtime_error("plugin " + std::to_string(v + EH_VARIANT));
    return v;
}

// Two frames of the plugin between the throw and whoever catches it.
extern "C" NOINLINE int eh_middle(int v)
{
    std::string keep = "destroyed while unwinding";   // a cleanup the unwinder must run
    int r = eh_thrower(v);
    sink = (int)keep.size();
    return r + 1;
}

// (a) thrown and caught inside the plugin: the what() string's length plus a marker.
extern "C" NOINLINE int eh_catch_inside(int v)
{
    try {
        return eh_middle(v);
    } catch (const std::runtime_error &e) {
        return 1000 + (int)std::string(e.what()).size();
    }
}

// (b) thrown through two plugin frames to the host: eh_middle, then this one.
extern "C" NOINLINE int eh_throw_through(int v)
{
    int r = eh_middle(v);
    sink = r;
    return r + 1;
}

// (c) the host's callback throws an int; the plugin catches it: 2000 + the value.
extern "C" NOINLINE int eh_catch_host(void (*callback)(int), int v)
{
    try {
        callback(v);
    } catch (int thrown) {
        return 2000 + thrown;
    }
    return -1;
}

// (d) _Unwind_Backtrace from inside the plugin: up to max return addresses into ips[].
struct trace { void **ips; int n, max; };

static _Unwind_Reason_Code collect(struct _Unwind_Context *ctx, void *arg)
{
    struct trace *t = static_cast<struct trace *>(arg);
    if (t->n == t->max)
        return _URC_END_OF_STACK;
    t->ips[t->n++] = reinterpret_cast<void *>(_Unwind_GetIP(ctx));
    return _URC_NO_REASON;
}

extern "C" NOINLINE int eh_backtrace_inner(void **ips, int max)
{
    struct trace t = {ips, 0, max};
    _Unwind_Backtrace(collect, &t);
    sink = t.n;
    return t.n;
}

// Calls back into the host, which calls eh_backtrace_inner: the trace then holds plugin,
// host, plugin and host frames.
extern "C" NOINLINE int eh_backtrace(int (*host)(void **, int), void **ips, int max)
{
    int n = host(ips, max);
    sink = n;
    return n;
}

extern "C" int eh_variant(void) { return EH_VARIANT; }
