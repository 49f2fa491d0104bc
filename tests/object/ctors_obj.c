/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * ctors_obj.c - legacy .ctors / .dtors tables, as old toolchains and hand-written startup code
 * emit them: .ctors runs last entry first (after .init_array), .dtors first entry first.
 * host_note() is the test's, supplied through pre_find.
 */
extern void host_note(int);

static void c1(void) { host_note(1); }
static void c2(void) { host_note(2); }
static void d1(void) { host_note(-1); }
static void d2(void) { host_note(-2); }

__attribute__((section(".ctors"), used)) static void (*ctor_table[])(void) = {c1, c2};
__attribute__((section(".dtors"), used)) static void (*dtor_table[])(void) = {d1, d2};

__attribute__((constructor)) static void modern(void) { host_note(10); }

int ctors_present(void) { return 1; }
