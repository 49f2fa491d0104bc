/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * probe.c - tells bench.c which lookup order libelfld uses by default.  The bench program
 * defines and exports bench_probe_sym as well: under the standard ELF order (the process's
 * global scope first) bench_probe_ptr binds to the program's definition, under a "self first"
 * order to this one.
 */
int bench_probe_sym(void) { return 2; }
int (*bench_probe_ptr)(void) = bench_probe_sym;
