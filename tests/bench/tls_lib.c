/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tls_lib.c - the TLS benchmark library (bench.py's tls-gd and tls-desc cases): 256
 * initialised thread-local variables, each read by its own non-inlined function, so that
 * every access is one general-dynamic __tls_get_addr call (or, built -mtls-dialect=gnu2, one
 * TLS descriptor call) - 512 DTPMOD/DTPOFF relocations, or 256 TLSDESC ones, for the load.
 */
#define VARS 256

#define V1(n) __thread long tls_v##n = n; \
    __attribute__((noinline)) long tls_get##n(void) { return tls_v##n; }
#define V4(n) V1(n##0) V1(n##1) V1(n##2) V1(n##3)
#define V16(n) V4(n##0) V4(n##1) V4(n##2) V4(n##3)
#define V64(n) V16(n##0) V16(n##1) V16(n##2) V16(n##3)
V64(1) V64(2) V64(3) V64(4)

#define G1(n) tls_get##n,
#define G4(n) G1(n##0) G1(n##1) G1(n##2) G1(n##3)
#define G16(n) G4(n##0) G4(n##1) G4(n##2) G4(n##3)
#define G64(n) G16(n##0) G16(n##1) G16(n##2) G16(n##3)
static long (*const getters[VARS])(void) = {G64(1) G64(2) G64(3) G64(4)};

/* `accesses` reads, cycling through every variable; returns their sum. */
long tls_loop(long accesses)
{
    long sum = 0;
    for (long i = 0; i < accesses; i++)
        sum += getters[i & (VARS - 1)]();
    return sum;
}

/* The sum of every variable's initial value (both loaders must agree). */
long tls_check(void)
{
    return tls_loop(VARS);
}
