/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_exec.c - starting programs (elfld_exec_prepare / elfld_exec_start), each in a child
 * this test forks, its output and exit status checked against what the program was given:
 *
 *   test_exec STATIC STATIC_PIE PIE|- system|nosystem [LABEL=PROGRAM]...
 *
 * The builds of started.c (static ET_EXEC, static PIE, and dynamic PIE through the system's
 * interpreter, which then dlopens libm: its cbrt(27) must be what this process's own libm
 * says; then each LABEL=PROGRAM, more builds of started.c, such as the same programs linked
 * against a second C library), and with "system" /bin/sh through its interpreter (an
 * environment variable echoed, a chosen exit status), /usr/bin/env printing the environment
 * it was given, /bin/true and /bin/false.  Then what must fail, with
 * its code and nothing left mapped: an ET_EXEC whose fixed range is taken (by the same program
 * prepared and not started), headers that lie (PT_INTERP not NUL-terminated, two PT_INTERPs,
 * an entry point outside every executable segment, PT_PHDR outside every segment), a stack
 * too small for the arguments, a host without process_info, an interpreter named for a
 * static program, an interpreter that names an interpreter of its own.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <elfld.h>
#include <elfld/posix.h>

#include "plain_check.h"


static elfld_ctx *posix_ctx(void) {
    elfld_ctx *ctx;
    if (elfld_posix_ctx_create(&ctx, 0, NULL, NULL)) {
        fprintf(stderr, "elfld_posix_ctx_create failed\n");
        exit(2);
    }
    return ctx;
}

static size_t count_images(elfld_ctx *ctx) {
    size_t n = 0;
    for (elfld_lib *l = elfld_next(ctx, NULL); l; l = elfld_next(ctx, l))
        n++;
    return n;
}

/* Start `path` in a child with argv/envp; its output into out[cap], its wait status back. */
static int run(const char *path, const char *const *argv, const char *const *envp, char *out,
               size_t cap) {
    int fds[2];
    if (pipe(fds))
        abort();
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        elfld_ctx *ctx = posix_ctx();
        struct elfld_diag d;
        struct elfld_exec_args a = {.struct_size = sizeof a, .argv = argv, .envp = envp,
                                    .diag = &d};
        struct elfld_exec ex;
        int rc = elfld_exec_prepare(ctx, path, &a, &ex);
        if (rc) {
            printf("prepare failed: %s: %s\n", elfld_strerror(rc), d.message);
            fflush(stdout);
            _exit(99);
        }
        elfld_exec_start(&ex);
    }
    close(fds[1]);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < cap && (n = read(fds[0], out + used, cap - 1 - used)) > 0)
        used += (size_t)n;
    out[used] = 0;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return status;
}

static void expect_exit(const char *what, int status, int code, const char *out) {
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == code;
    check(ok, "%s: exit status %d (want %d)%s%s", what,
          WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status), code,
          !ok && out[0] ? "; output:\n" : "", ok ? "" : out);
}

/* started.c's report for argv/envp, line by line. */
static void expect_report(const char *what, const char *out, const char *const *argv,
                          const char *env, const char *execfn) {
    char want[4096];
    size_t n = 0;
    int argc = 0;
    while (argv[argc])
        argc++;
    n += (size_t)snprintf(want + n, sizeof want - n, "argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        n += (size_t)snprintf(want + n, sizeof want - n, "argv[%d]=%s\n", i, argv[i]);
    snprintf(want + n, sizeof want - n, "ELFLD_EXEC_TEST=%s\nAT_PHDR ok\nAT_PHNUM ok\n"
             "AT_ENTRY ok\nAT_RANDOM ok\nAT_PAGESZ ok\nAT_EXECFN=%s\n", env, execfn);
    int ok = strncmp(out, want, strlen(want)) == 0;
    check(ok, "%s: the program's report%s%s%s%s", what, ok ? "" : "\n--- want\n", ok ? "" : want,
          ok ? "" : "--- got\n", ok ? "" : out);
}

static void started(const char *what, const char *path) {
    const char *argv[] = {"started", "7", "two words", "", NULL};
    const char *envp[] = {"PATH=/usr/bin:/bin", "ELFLD_EXEC_TEST=hello world", NULL};
    char out[8192];
    int status = run(path, argv, envp, out, sizeof out);
    expect_exit(what, status, 7, out);
    expect_report(what, out, argv, "hello world", path);
}

static void dynamic_dlopen(const char *path) {
    const char *argv[] = {"started", "3", "dlopen", "libm.so.6", "cbrt", NULL};
    const char *envp[] = {"ELFLD_EXEC_TEST=dynamic", NULL};
    char out[8192], want[256];
    int status = run(path, argv, envp, out, sizeof out);
    expect_exit("dynamic PIE with dlopen", status, 3, out);
    expect_report("dynamic PIE with dlopen", out, argv, "dynamic", path);
    volatile double x = 27.0;             /* computed at run time by this process's libm */
    snprintf(want, sizeof want, "dlopen libm.so.6: cbrt(27) = %.17g\n", cbrt(x));
    check(strstr(out, want) != NULL, "the started program's dlopen: %s", want);
}

static void system_programs(void) {
    char out[8192];
    const char *sh_argv[] = {"sh", "-c", "echo \"$ELFLD_EXEC_TEST\"; exit 5", NULL};
    const char *sh_envp[] = {"ELFLD_EXEC_TEST=from sh", NULL};
    int status = run("/bin/sh", sh_argv, sh_envp, out, sizeof out);
    expect_exit("/bin/sh -c", status, 5, out);
    check(strcmp(out, "from sh\n") == 0, "/bin/sh echoed the environment: '%s'", out);
    const char *env_argv[] = {"env", NULL};
    const char *env_envp[] = {"ELFLD_EXEC_TEST=from env", "SECOND=2", NULL};
    status = run("/usr/bin/env", env_argv, env_envp, out, sizeof out);
    expect_exit("/usr/bin/env", status, 0, out);
    check(strcmp(out, "ELFLD_EXEC_TEST=from env\nSECOND=2\n") == 0,
          "/usr/bin/env printed exactly its environment: '%s'", out);
    const char *true_argv[] = {"true", NULL};
    status = run("/bin/true", true_argv, NULL, out, sizeof out);
    expect_exit("/bin/true", status, 0, out);
    const char *false_argv[] = {"false", NULL};
    status = run("/bin/false", false_argv, NULL, out, sizeof out);
    expect_exit("/bin/false", status, 1, out);
}

/* ------------------------------------------------------------------ what must fail */
static void prepare_fails(elfld_ctx *ctx, const char *what, const void *buf, size_t size,
                          const struct elfld_exec_args *args, int want, const char *phrase) {
    struct elfld_diag d;
    struct elfld_exec_args a = *args;
    a.diag = &d;
    struct elfld_exec ex;
    size_t before = count_images(ctx);
    int rc = elfld_exec_prepare_mem(ctx, buf, size, &a, &ex);
    check(rc == want && d.code == want, "%s: %s (got %s)", what, elfld_strerror(want),
          elfld_strerror(rc));
    check(strstr(d.message, phrase) != NULL, "%s: the message says '%s': %s", what, phrase,
          d.message);
    check(count_images(ctx) == before && ex.program == NULL, "%s: nothing left mapped", what);
    if (rc == 0)
        elfld_exec_discard(ctx, &ex);
}

static ElfW(Phdr) *phdr_of(unsigned char *img, unsigned type, unsigned skip) {
    ElfW(Ehdr) *h = (ElfW(Ehdr) *)img;
    ElfW(Phdr) *ph = (ElfW(Phdr) *)(img + h->e_phoff);
    for (unsigned i = 0; i < h->e_phnum; i++)
        if (ph[i].p_type == type && skip-- == 0)
            return &ph[i];
    fprintf(stderr, "no program header of type %u\n", type);
    exit(2);
}

/* Headers that lie, in copies of a PIE: the dynamic one (PT_INTERP cases), else the static
 * PIE. */
static void bad_headers(elfld_ctx *ctx, const char *pie, int dynamic) {
    size_t size;
    unsigned char *orig = read_file(pie, &size), *img = malloc(size);
    struct elfld_exec_args a = {.struct_size = sizeof a};

    if (dynamic) {
        memcpy(img, orig, size);
        ElfW(Phdr) *interp = phdr_of(img, PT_INTERP, 0);
        img[interp->p_offset + interp->p_filesz - 1] = 'x';
        prepare_fails(ctx, "PT_INTERP not NUL-terminated", img, size, &a, ELFLD_ESEGMENT,
                      "not a NUL-terminated path");

        memcpy(img, orig, size);
        phdr_of(img, PT_NOTE, 0)->p_type = PT_INTERP;
        prepare_fails(ctx, "two PT_INTERPs", img, size, &a, ELFLD_ESEGMENT, "two PT_INTERP");

        /* the dynamic PIE as its own interpreter: an interpreter is started by the kernel
         * alone, so one that asks for another is refused, after both were mapped */
        struct elfld_exec_args self = {.struct_size = sizeof self, .interp = pie};
        prepare_fails(ctx, "an interpreter with an interpreter", orig, size, &self,
                      ELFLD_ESEGMENT, "an interpreter with an interpreter");
    }

    memcpy(img, orig, size);
    ElfW(Phdr) *data = NULL;               /* the writable segment: never executable */
    for (unsigned k = 0; !data || !(data->p_flags & PF_W); k++)
        data = phdr_of(img, PT_LOAD, k);
    ((ElfW(Ehdr) *)img)->e_entry = data->p_vaddr;
    prepare_fails(ctx, "entry outside the code", img, size, &a, ELFLD_EHEADER,
                  "outside every executable segment");

    memcpy(img, orig, size);
    phdr_of(img, PT_PHDR, 0)->p_vaddr = 0x7fff0000;
    prepare_fails(ctx, "PT_PHDR outside every segment", img, size, &a, ELFLD_ESEGMENT,
                  "PT_PHDR");

    static char tiny[64] __attribute__((aligned(16)));
    const char *argv[] = {"started", NULL};
    struct elfld_exec_args small = {.struct_size = sizeof small, .argv = argv, .stack = tiny,
                                    .stack_size = sizeof tiny};
    prepare_fails(ctx, "a 64-byte stack", orig, size, &small, ELFLD_ENOMEM, "cannot hold");

    struct elfld_exec_args wrong = {.struct_size = sizeof wrong, .interp = "/lib64/ld.so"};
    size_t ssize;
    free(img);
    img = read_file(getenv("ELFLD_STATIC_PROGRAM"), &ssize);
    prepare_fails(ctx, "an interpreter for a static program", img, ssize, &wrong, ELFLD_EINVAL,
                  "static program");
    free(img);
    free(orig);
}

static void fixed_range_taken(elfld_ctx *ctx, const char *static_prog) {
    struct elfld_exec_args a = {.struct_size = sizeof a};
    struct elfld_exec first, second;
    int rc = elfld_exec_prepare(ctx, static_prog, &a, &first);
    check(rc == 0, "the static program prepared, not started: %s", elfld_strerror(rc));
    check(elfld_base(first.program) == 0, "an ET_EXEC loads at its own addresses (base 0)");
    size_t size;
    unsigned char *img = read_file(static_prog, &size);
    prepare_fails(ctx, "its fixed range taken by the first", img, size, &a, ELFLD_EADDRINUSE,
                  "is in use");
    elfld_exec_discard(ctx, &first);
    check(count_images(ctx) == 0, "discarded: nothing mapped");
    rc = elfld_exec_prepare_mem(ctx, img, size, &a, &second);
    check(rc == 0, "the range free again: prepared (%s)", elfld_strerror(rc));
    if (!rc)
        elfld_exec_discard(ctx, &second);
    free(img);
}

static void no_process_info(const char *pie) {
    struct elfld_host host;
    elfld_posix_host(&host, 0, NULL, NULL);
    host.process_info = NULL;
    elfld_ctx *ctx;
    if (elfld_ctx_create(&host, &ctx))
        abort();
    struct elfld_diag d;
    struct elfld_exec_args a = {.struct_size = sizeof a, .diag = &d};
    struct elfld_exec ex;
    int rc = elfld_exec_prepare(ctx, pie, &a, &ex);
    check(rc == ELFLD_ENOTSUP && strstr(d.message, "process_info"),
          "a host without process_info: ELFLD_ENOTSUP (%s: %s)", elfld_strerror(rc), d.message);
    check(count_images(ctx) == 0, "a host without process_info: nothing mapped");
    elfld_ctx_destroy(ctx);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s STATIC STATIC_PIE PIE|- system|nosystem [LABEL=PROGRAM]...\n",
                argv[0]);
        return 2;
    }
    int dynamic = strcmp(argv[3], "-") != 0, system = strcmp(argv[4], "system") == 0;
    setvbuf(stdout, NULL, _IOLBF, 0);        /* a line is out before the next child starts */
    setenv("ELFLD_STATIC_PROGRAM", argv[1], 1);
    started("static (ET_EXEC)", argv[1]);
    started("static PIE", argv[2]);
    if (dynamic) {
        started("dynamic PIE", argv[3]);
        dynamic_dlopen(argv[3]);
    }
    for (int i = 5; i < argc; i++) {
        char label[128];
        const char *eq = strchr(argv[i], '=');
        if (!eq || (size_t)(eq - argv[i]) >= sizeof label) {
            fprintf(stderr, "%s: not LABEL=PROGRAM\n", argv[i]);
            return 2;
        }
        snprintf(label, sizeof label, "%.*s", (int)(eq - argv[i]), argv[i]);
        started(label, eq + 1);
    }
    if (system)
        system_programs();
    elfld_ctx *ctx = posix_ctx();
    fixed_range_taken(ctx, argv[1]);
    bad_headers(ctx, dynamic ? argv[3] : argv[2], dynamic);
    elfld_ctx_destroy(ctx);
    no_process_info(argv[2]);
    printf("%s\n", plain_failures ? "FAILED" : "all passed");
    return plain_failures != 0;
}
