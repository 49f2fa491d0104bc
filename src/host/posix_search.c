/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_search.c - where the POSIX host looks for a needed library after the paths the core
 * searched, as glibc's loader does on Debian: the entries of /etc/ld.so.cache for this arch
 * (read as glibc reads its "glibc-ld.so.cache1.1" format), then the default directories
 * /lib/<triplet>, /usr/lib/<triplet>, /lib, /usr/lib.  A statically linked program has its C
 * library inside: the C library's own names are the system's there.
 */
#include "posix_search.h"

#include <elf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <link.h>
#include <pthread.h>

/* The multiarch triplet and the ld.so.cache flags of this arch's libraries (glibc's
 * sysdeps/generic/ldconfig.h: FLAG_ELF_LIBC6 plus the arch's bits). */
#define CACHE_ELF_LIBC6 0x0003
#define CACHE_TYPE_MASK 0x00ff
#define CACHE_ARCH_MASK 0xff00
#if defined(__x86_64__)
#define TRIPLET "x86_64-linux-gnu"
#define CACHE_ARCH 0x0300          /* FLAG_X8664_LIB64 */
#elif defined(__i386__)
#define TRIPLET "i386-linux-gnu"
#define CACHE_ARCH 0x0000
#elif defined(__aarch64__)
#define TRIPLET "aarch64-linux-gnu"
#define CACHE_ARCH 0x0a00          /* FLAG_AARCH64_LIB64 */
#elif defined(__arm__)
#define TRIPLET "arm-linux-gnueabihf"
#define CACHE_ARCH 0x0900          /* FLAG_ARM_LIBHF */
#elif defined(__riscv) && __riscv_xlen == 64
#define TRIPLET "riscv64-linux-gnu"
#define CACHE_ARCH 0x1000          /* FLAG_RISCV_FLOAT_ABI_DOUBLE */
#elif defined(__riscv)
#define TRIPLET "riscv32-linux-gnu"
#define CACHE_ARCH 0x1000
#elif defined(__loongarch64)
#define TRIPLET "loongarch64-linux-gnu"
#define CACHE_ARCH 0x1200          /* FLAG_LARCH_FLOAT_ABI_DOUBLE */
#else
#error "posix_search.c: no multiarch triplet for this arch"
#endif

static const char cache_path[] = "/etc/ld.so.cache";
static const char cache_magic[] = "glibc-ld.so.cache1.1";

/* The new format's header and entries (glibc's struct cache_file_new / file_entry_new). */
struct cache_header {
    char magic[sizeof cache_magic - 1];
    uint32_t nlibs;
    uint32_t len_strings;
    uint8_t flags;
    uint8_t pad[3];
    uint32_t extension_offset;
    uint32_t unused[3];
};

struct cache_entry {
    int32_t flags;
    uint32_t key, value;           /* offsets of the name and path from the file's start */
    uint32_t osversion;
    uint64_t hwcap;
};

static bool string_at(const char *base, size_t size, uint32_t off, const char **out) {
    if (off >= size || !memchr(base + off, 0, size - off))
        return false;
    *out = base + off;
    return true;
}

/*
 * The cache file, mapped once for the process (as glibc's loader keeps it for a dlopen): a
 * tree of dependencies reads it once, not once per name.  When a name is not in it, the file
 * is checked for a change (ldconfig replaces it) and mapped anew; the old mapping is never
 * unmapped, since another thread may be reading it, and the process keeps at most one per
 * change.  Guarded by cache_lock.
 */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *cache_map;
static size_t cache_size;
static struct stat cache_stat;

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The current mapping (NULL: no readable cache); with `recheck`, the file's identity is
 * compared first and a changed file mapped again. */
static const char *cache_view(bool recheck, size_t *size)
{
    pthread_mutex_lock(&cache_lock);
    struct stat st;
    if (cache_map && recheck && (stat(cache_path, &st) != 0 || !same_file(&st, &cache_stat)))
        cache_map = NULL;
    if (!cache_map) {
        int fd = open(cache_path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(struct cache_header)) {
                void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
                if (m != MAP_FAILED) {
                    cache_map = m;
                    cache_size = (size_t)st.st_size;
                    cache_stat = st;
                }
            }
            close(fd);
        }
    }
    const char *map = cache_map;
    *size = cache_size;
    pthread_mutex_unlock(&cache_lock);
    return map;
}

/* Try each cache entry for `name` (the cache lists a name once per arch and hwcap);
 * *listed: whether any entry named it. */
static int search_map(const char *base, size_t size, const char *name,
                      int (*try_source)(void *, const char *), void *cookie, bool *listed)
{
    const struct cache_header *h = (const struct cache_header *)base;
    int rc = ELFLD_SEARCH_NEXT;
    /* An old-format cache (a "ld.so-1.7.0" part first) is not read: glibc has written only
     * the new format since 2.32. */
    if (memcmp(h->magic, cache_magic, sizeof h->magic) != 0 ||
        h->nlibs > (size - sizeof *h) / sizeof(struct cache_entry))
        return rc;
    const struct cache_entry *e = (const struct cache_entry *)(h + 1);
    for (uint32_t i = 0; i < h->nlibs && rc == ELFLD_SEARCH_NEXT; i++) {
        const char *key, *path;
        if ((e[i].flags & CACHE_TYPE_MASK) != CACHE_ELF_LIBC6 ||
            (e[i].flags & CACHE_ARCH_MASK) != CACHE_ARCH ||
            !string_at(base, size, e[i].key, &key) || strcmp(key, name) != 0 ||
            !string_at(base, size, e[i].value, &path))
            continue;
        *listed = true;
        rc = try_source(cookie, path);
    }
    return rc;
}

static int search_cache(const char *name, int (*try_source)(void *, const char *), void *cookie)
{
    size_t size;
    bool listed = false;
    const char *map = cache_view(false, &size);
    int rc = map ? search_map(map, size, name, try_source, cookie, &listed) : ELFLD_SEARCH_NEXT;
    if (rc == ELFLD_SEARCH_NEXT && !listed) {      /* not there: was the cache replaced? */
        const char *again = cache_view(true, &size);
        if (again && again != map)
            rc = search_map(again, size, name, try_source, cookie, &listed);
    }
    return rc;
}

/* Is this program statically linked (no PT_INTERP): its C library is part of it. */
static bool program_is_static(void)
{
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
    size_t n = (size_t)getauxval(AT_PHNUM);
    for (size_t i = 0; ph && i < n; i++)
        if (ph[i].p_type == PT_INTERP)
            return false;
    return true;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The names glibc's and musl's C libraries answer to. */
static bool c_library_name(const char *name)
{
    static const char *const names[] = {"libc.so", "libm.so", "libpthread.so", "libdl.so",
                                        "librt.so", "libutil.so", "ld-linux", "ld-musl"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (starts_with(name, names[i]))
            return true;
    return false;
}

static int px_search(void *user, const char *name,
                     int (*try_source)(void *cookie, const char *source), void *cookie)
{
    (void)user;
    if (c_library_name(name) && program_is_static())
        return ELFLD_SEARCH_SYSTEM;
    int rc = search_cache(name, try_source, cookie);
    static const char *const dirs[] = {"/lib/" TRIPLET, "/usr/lib/" TRIPLET, "/lib", "/usr/lib"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && rc == ELFLD_SEARCH_NEXT; i++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dirs[i], name);
        if (n > 0 && (size_t)n < sizeof path)
            rc = try_source(cookie, path);
    }
    return rc;
}

void elfld__px_search_hooks(struct elfld_host *host)
{
    host->search = px_search;
    host->lib_token = "lib/" TRIPLET;
    const char *platform = (const char *)getauxval(AT_PLATFORM);
    host->platform = platform;
}
