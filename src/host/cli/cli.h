/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * cli.h - the elfld command-line tool (built with the POSIX host): what its commands share.
 */
#ifndef ELFLD_CLI_H
#define ELFLD_CLI_H

#include <elfld.h>

/* Exit statuses of every command */
#define CLI_OK 0          /* done; for `info`, the file is described (libelfld's verdict in it) */
#define CLI_FAILED 1      /* a load, link or lookup failed: the reason is on stderr */
#define CLI_USAGE 2       /* the command line is wrong: usage on stderr */

/* `elfld info FILE` (info.c): what the file is and whether libelfld takes it. */
int cli_info(int argc, char **argv, char **envp);

/* `elfld exec PROGRAM [ARG...]` (exec.c): start PROGRAM in this process; returns only when it
 * cannot be started. */
int cli_exec(int argc, char **argv, char **envp);

/* A relocatable object or an archive (linked as a module), not a shared object: by its
 * first bytes (ar magic, or an ELF header saying ET_REL). */
int cli_is_object_input(const char *path);

/* A context from the POSIX host whose log prints to stderr the levels in `levels` (bit
 * (1 << ELFLD_LOG_*) each), each line prefixed "elfld: <level>: ".  NULL on failure (said
 * on stderr). */
elfld_ctx *cli_context(int argc, char **argv, char **envp, unsigned levels);

/* Load `path` with `flags` as its kind asks: a shared object with elfld_load, a relocatable
 * object or archive with elfld_load_objects.  On failure prints "elfld: PATH: message (what
 * the code means)" and returns the code. */
int cli_load(elfld_ctx *ctx, const char *path, unsigned flags, elfld_lib **out);

#endif
