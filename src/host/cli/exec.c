/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * exec.c - `elfld exec PROGRAM [ARG...]`: start PROGRAM in this process, as execve() would
 * (elfld_exec_prepare / elfld_exec_start): ARG... its arguments after argv[0] = PROGRAM, this
 * process's environment its own.  The program's exit status is the command's; a program
 * that cannot be started is CLI_FAILED, the reason on stderr.
 */
#include <stdio.h>

#include "cli.h"

int cli_exec(int argc, char **argv, char **envp) {
    elfld_ctx *ctx = cli_context(argc, argv, envp, (1u << ELFLD_LOG_ERROR) |
                                                   (1u << ELFLD_LOG_WARN));
    if (!ctx)
        return CLI_FAILED;
    struct elfld_diag diag;
    struct elfld_exec_args args = {.struct_size = sizeof args,
                                   .argv = (const char *const *)argv + 2,
                                   .envp = (const char *const *)envp,
                                   .diag = &diag};
    struct elfld_exec ex;
    int rc = elfld_exec_prepare(ctx, argv[2], &args, &ex);
    if (rc) {
        fprintf(stderr, "elfld: %s (%s)\n", diag.message, elfld_strerror(rc));
        elfld_ctx_destroy(ctx);
        return CLI_FAILED;
    }
    fflush(NULL);
    elfld_exec_start(&ex);
}
