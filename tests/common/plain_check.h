/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * plain_check.h - for the test programs that print one line per check rather than run under
 * cmocka (a child's output to compare, a library built without some parts): check() prints
 * "ok" or "FAIL" and the formatted claim, and counts failures in plain_failures; read_file()
 * returns a file's bytes from malloc, or exits 2 when it cannot.
 */
#ifndef ELFLD_TESTS_PLAIN_CHECK_H
#define ELFLD_TESTS_PLAIN_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int plain_failures;

__attribute__((format(printf, 2, 3))) static void check(int ok, const char *what, ...) {
    va_list ap;
    va_start(ap, what);
    printf("%s ", ok ? "ok  " : "FAIL");
    vprintf(what, ap);
    putchar('\n');
    va_end(ap);
    plain_failures += !ok;
}

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*size ? *size : 1);
    if (!buf || fread(buf, 1, *size, f) != *size)
        abort();
    fclose(f);
    return buf;
}

#endif
