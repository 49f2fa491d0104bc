/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * started.c - a program for libelfld to start (test_exec.c), built static, static-PIE and
 * dynamic PIE.  It reports what a started process must find, each checked against what the
 * program knows of itself: its arguments and the environment variable ELFLD_EXEC_TEST;
 * AT_PHDR is where its own program headers are (the ELF header the linker maps at
 * __ehdr_start, plus e_phoff), AT_PHNUM their count, AT_ENTRY its _start; AT_RANDOM 16
 * readable bytes, not all zero; AT_PAGESZ the page size; AT_EXECFN a string.  With
 * "dlopen LIB SYMBOL" the dynamic build also opens a library through its own C library's
 * dlopen and prints SYMBOL(27), SYMBOL a function of a double.  It exits with the status
 * given as argv[1].
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern const ElfW(Ehdr) __ehdr_start;
extern char _start[];

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *env = getenv("ELFLD_EXEC_TEST");
    printf("ELFLD_EXEC_TEST=%s\n", env ? env : "(unset)");
    const char *phdr = (const char *)&__ehdr_start + __ehdr_start.e_phoff;
    printf("AT_PHDR %s\n", getauxval(AT_PHDR) == (unsigned long)phdr ? "ok" : "WRONG");
    printf("AT_PHNUM %s\n", getauxval(AT_PHNUM) == __ehdr_start.e_phnum ? "ok" : "WRONG");
    printf("AT_ENTRY %s\n", getauxval(AT_ENTRY) == (unsigned long)_start ? "ok" : "WRONG");
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    unsigned any = 0;
    for (int i = 0; random && i < 16; i++)
        any |= random[i];
    printf("AT_RANDOM %s\n", random && any ? "ok" : "WRONG");
    printf("AT_PAGESZ %s\n",
           getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE) ? "ok" : "WRONG");
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN=%s\n", execfn ? execfn : "(none)");
#ifndef STARTED_STATIC            /* a static program has no dlopen worth the name */
    if (argc >= 5 && strcmp(argv[2], "dlopen") == 0) {
        void *h = dlopen(argv[3], RTLD_NOW);
        double (*fn)(double) = h ? (double (*)(double))dlsym(h, argv[4]) : NULL;
        if (fn)
            printf("dlopen %s: %s(27) = %.17g\n", argv[3], argv[4], fn(27.0));
        else
            printf("dlopen %s: %s\n", argv[3], dlerror());
    }
#endif
    fflush(stdout);
    return argc > 1 ? atoi(argv[1]) : 0;
}
