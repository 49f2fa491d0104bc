/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld/posix.h - the POSIX host (libelfld-posix.a): Linux/POSIX userland.
 *
 * Image memory comes from mmap, metadata from malloc, sources are files mapped read-only,
 * "system" symbols are looked up in the process's own loaded objects (dlsym / dlvsym), and
 * constructors receive the argc/argv/envp given here.  A lazily bound function that cannot be
 * resolved at its first call prints a message to stderr and aborts the process (lazy_fail);
 * replace host.lazy_fail to do otherwise, or load with ELFLD_NOW to fail at load time.
 */
#ifndef ELFLD_POSIX_H
#define ELFLD_POSIX_H

#include "../elfld.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fill `host` with the POSIX hooks.  argc/argv/envp are passed to constructors of loaded
 * libraries (argv/envp may be NULL).  The host keeps no state of its own: `host->user` is
 * NULL, and callers may wrap individual hooks (e.g. to count or fail calls) before passing the
 * struct to elfld_ctx_create().
 */
void elfld_posix_host(struct elfld_host *host, int argc, char **argv, char **envp);

/*
 * What the POSIX host tells the process's tools of every image it loads (image_ready /
 * image_going), process-wide as the tools are; elfld_posix_tools() sets it for the images
 * that follow and returns the previous selection (README.md, "Debugging loaded code").  With
 * none selected when elfld_posix_host() fills a host, the host has no image_ready at all and
 * the core does not check frame tables: loads cost what they did without tools.
 */
#define ELFLD_POSIX_UNWIND 1u    /* frame tables registered with every unwinder: C++
                                    exceptions and backtraces cross loaded frames */
#define ELFLD_POSIX_GDB 2u       /* gdb: object modules through its JIT interface, shared
                                    objects from files through src/host/posix_gdb.py */
#define ELFLD_POSIX_PERF_MAP 4u  /* object modules' functions appended to /tmp/perf-<pid>.map */
#define ELFLD_POSIX_GDB_UNTRACED 8u  /* with ELFLD_POSIX_GDB: images from memory are written for
                                        gdb even when no debugger is seen attached (one the
                                        process cannot see: qemu-user's gdb stub) */
#define ELFLD_POSIX_TOOLS_DEFAULT (ELFLD_POSIX_UNWIND | ELFLD_POSIX_GDB)
unsigned elfld_posix_tools(unsigned set);

/* Convenience: elfld_posix_host() + elfld_ctx_create().  Same return codes as the latter. */
int elfld_posix_ctx_create(elfld_ctx **out, int argc, char **argv, char **envp);

#ifdef __cplusplus
}
#endif

#endif /* ELFLD_POSIX_H */
