/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * run-elf PROGRAM [ARG...] - start PROGRAM in this process with libelfld, as execve() would
 * without the kernel: ARG... as its arguments (argv[0] is PROGRAM), this process's
 * environment as its own.  libelfld maps the program (and, for a dynamic one, its
 * interpreter), builds its initial stack and jumps; from then on the program owns the
 * process, and its exit status is run-elf's.  When it cannot be started, run-elf says why on
 * stderr and exits 127, as a shell does for a command it cannot run.
 */
#include <stdio.h>

#include <elfld.h>
#include <elfld/posix.h>

int main(int argc, char **argv, char **envp) {
    if (argc < 2) {
        fprintf(stderr, "usage: run-elf PROGRAM [ARG...]\n");
        return 2;
    }
    elfld_ctx *ctx;
    if (elfld_posix_ctx_create(&ctx, argc, argv, envp)) {
        fprintf(stderr, "run-elf: cannot create a libelfld context\n");
        return 127;
    }
    struct elfld_diag diag;
    struct elfld_exec_args args = {.struct_size = sizeof args,
                                   .argv = (const char *const *)argv + 1,
                                   .envp = (const char *const *)envp,
                                   .diag = &diag};
    struct elfld_exec ex;
    int rc = elfld_exec_prepare(ctx, argv[1], &args, &ex);
    if (rc) {
        fprintf(stderr, "run-elf: %s: %s\n", elfld_strerror(rc), diag.message);
        return 127;
    }
    fflush(NULL);                      /* what this process printed, before the program runs */
    elfld_exec_start(&ex);
}
