/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* perf_spin.c - an object module that spends its time in one function (perf_check.py). */
int perf_spin_hot(int n)
{
    volatile long sum = 0;
    for (long i = 0; i < (long)n * 1000000L; i++)
        sum += i;
    return (int)(sum & 0x7fff);
}
