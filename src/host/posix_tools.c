/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_tools.c - the POSIX host's image_ready / image_going: each image goes to the tools
 * elfld_posix_tools() selects (process-wide, as the tools are): the unwinders
 * (posix_unwind.c), gdb (posix_gdb.c) and, when asked, perf's map of JIT code.
 *
 * perf: a process's /tmp/perf-<pid>.map names code that no file backs ("START SIZE name" in
 * hex, one line each; perf reads it when it reports).  Object modules' functions go there;
 * shared objects mapped from files need nothing (perf reads the files /proc/<pid>/maps
 * names), and images loaded from memory have no symbols the host is told of.
 */
#include "posix_tools.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "elfld/posix.h"
#include "posix_gdb.h"
#include "posix_unwind.h"

#define ELF_STT_FUNC 2

static unsigned tools = ELFLD_POSIX_TOOLS_DEFAULT;
static pthread_mutex_t perf_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned elfld_posix_tools(unsigned set)
{
    unsigned old = __atomic_exchange_n(&tools, set, __ATOMIC_ACQ_REL);
    return old;
}

static void perf_map(const struct elfld_image_info *info)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
    pthread_mutex_lock(&perf_lock);
    FILE *f = fopen(path, "a");
    for (size_t i = 0; f && i < info->nsymbols; i++) {
        const struct elfld_image_symbol *s = &info->symbols[i];
        if (s->type == ELF_STT_FUNC && s->size)
            fprintf(f, "%lx %lx %s\n", (unsigned long)s->addr, (unsigned long)s->size, s->name);
    }
    if (f)
        fclose(f);
    pthread_mutex_unlock(&perf_lock);
}

static void px_image_ready(void *user, const struct elfld_image_info *info)
{
    (void)user;
    unsigned t = __atomic_load_n(&tools, __ATOMIC_ACQUIRE);
    if (t & ELFLD_POSIX_UNWIND)
        elfld__px_unwind_ready(info);
    if (t & ELFLD_POSIX_GDB)
        elfld__px_gdb_ready(info, (t & ELFLD_POSIX_GDB_UNTRACED) != 0);
    if ((t & ELFLD_POSIX_PERF_MAP) && info->nsymbols)
        perf_map(info);
}

/* Every tool lets go of what it took, whatever the selection is now. */
static void px_image_going(void *user, const struct elfld_image_info *info)
{
    (void)user;
    elfld__px_gdb_going(info);
    elfld__px_unwind_going(info);
}

/* No tool selected when the host is made: no hooks, so the core does not even look for frame
 * tables (their check reads every record). */
void elfld__px_tools_hooks(struct elfld_host *host)
{
    if (!__atomic_load_n(&tools, __ATOMIC_ACQUIRE))
        return;
    host->image_ready = px_image_ready;
    host->image_going = px_image_going;
}
