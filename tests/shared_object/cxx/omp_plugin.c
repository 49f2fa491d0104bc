/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* omp_plugin.c - an OpenMP plugin: its parallel loops run in libgomp's thread pool, whose
 * per-thread state is libgomp's initial-exec TLS (test_realworld_cxx.c). */
#include <omp.h>

int omp_sum(int n)
{
    long long s = 0;
#pragma omp parallel for reduction(+ : s) num_threads(4)
    for (int i = 1; i <= n; i++)
        s += i;
    return (int)(s % 1000000007);
}

/* Ends libgomp's thread pool (OpenMP 5.0 omp_pause_resource_all), so that no pool thread
 * waits inside libgomp's code once it is unloaded; 0 on success. */
int omp_shutdown(void)
{
    return omp_pause_resource_all(omp_pause_hard);
}

int omp_team_size(void)
{
    int seen = 0;
#pragma omp parallel num_threads(4)
    {
#pragma omp atomic
        seen++;
    }
    return seen;
}
