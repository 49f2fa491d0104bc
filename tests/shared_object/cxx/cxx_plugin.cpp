// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_plugin.cpp - a C++ plugin that needs the C++ runtime and thread-local storage:
// std::string, std::map, std::vector, std::thread, and a thread_local object with a
// constructor and a destructor.  Loaded by test_realworld_cxx.c after libstdc++ itself (built
// by g++), and by test_realworld_zigcxx.c with zig's libc++ and libc++abi linked into it.
#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

static std::atomic<int> constructed{0}, destroyed{0};

struct Tracker {
    std::string name;
    int uses = 0;
    Tracker() : name("tracker") { constructed++; }
    ~Tracker() { destroyed++; }
};
static thread_local Tracker tracker;   // constructed on a thread's first use, destroyed at its exit

extern "C" int cxx_uses(int n)
{
    for (int i = 0; i < n; i++)
        tracker.uses++;
    return tracker.uses + (tracker.name == "tracker" ? 0 : 1000000);
}

// Thread i adds i + 1 uses to its own tracker; the map collects them by name.
// Returns the sum of the threads' results * 1000 + the map's size.
extern "C" int cxx_run(int nthreads)
{
    std::map<std::string, int> by_name;
    std::vector<std::thread> threads;
    std::vector<int> results(nthreads);
    for (int i = 0; i < nthreads; i++)
        threads.emplace_back([i, &results] { results[i] = cxx_uses(i + 1); });
    for (auto &t : threads)
        t.join();
    int sum = 0;
    for (int i = 0; i < nthreads; i++) {
        by_name["thread " + std::to_string(i)] = results[i];
        sum += results[i];
    }
    return sum * 1000 + (int)by_name.size();
}

// The calling thread's tracker (constructing it on first use): one object per thread.
extern "C" void *cxx_tracker_addr(void) { return &tracker; }

extern "C" int cxx_constructed(void) { return constructed; }
extern "C" int cxx_destroyed(void) { return destroyed; }
