/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * measure.h - what the benchmark's measuring programs (bench.c, objlink.c) share: callgrind's
 * client requests (no-ops when built without valgrind's header: BENCH_NO_VALGRIND) and the
 * clock their wall times come from.
 */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stdint.h>
#include <time.h>

#ifdef BENCH_NO_VALGRIND           /* valgrind's header missing: client requests are no-ops */
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#else
#include <valgrind/callgrind.h>
#endif

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif /* BENCH_MEASURE_H */
