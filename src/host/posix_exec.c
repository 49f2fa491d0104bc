/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_exec.c - what a program started in this process is told about it (process_info):
 * random bytes from getrandom(), and the rest as the kernel told this process - its own
 * auxiliary vector (getauxval): the hardware capabilities, the vDSO (mapped in this process,
 * and in a child it forks), the platform string, the signal stack minimum, the ids and
 * AT_SECURE.  A program started here runs with this process's credentials, so these are
 * its values too.
 */
#include "posix_exec.h"

#include <errno.h>
#include <sys/auxv.h>
#include <sys/random.h>

#include "elfld.h"

#ifndef AT_SYSINFO
#define AT_SYSINFO 32                      /* i386 */
#endif
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51                  /* Linux 5.14: x86 and arm64 */
#endif

static int px_process_info(void *user, struct elfld_process_info *info)
{
    (void)user;
    size_t got = 0;
    while (got < sizeof info->random) {
        ssize_t n = getrandom(info->random + got, sizeof info->random - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ELFLD_EIO;
        got += (size_t)n;
    }
    info->hwcap = getauxval(AT_HWCAP);
    info->hwcap2 = getauxval(AT_HWCAP2);
    info->sysinfo_ehdr = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    info->sysinfo = (uintptr_t)getauxval(AT_SYSINFO);        /* i386 only: 0 elsewhere */
    info->uid = getauxval(AT_UID);
    info->euid = getauxval(AT_EUID);
    info->gid = getauxval(AT_GID);
    info->egid = getauxval(AT_EGID);
    info->secure = getauxval(AT_SECURE);
    unsigned long clktck = getauxval(AT_CLKTCK);
    if (clktck)
        info->clktck = clktck;
    info->minsigstksz = getauxval(AT_MINSIGSTKSZ);
    const char *platform = (const char *)getauxval(AT_PLATFORM);
    if (platform)
        info->platform = platform;
    return 0;
}

void elfld__px_exec_hooks(struct elfld_host *host)
{
    host->process_info = px_process_info;
}
