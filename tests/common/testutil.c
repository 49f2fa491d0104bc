/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* testutil.c - see testutil.h. */
#define _GNU_SOURCE
#include "testutil.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <wchar.h>

#include <elf.h>
#include <link.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int tu_argc;
char **tu_argv;
const char *tu_fixture_dir;
const char *tu_toolchain;

/* Synthetic process arguments handed to the host: constructors must see exactly these. */
static char tu_arg0[] = "elfld-test", tu_arg1[] = "--alpha", tu_arg2[] = "beta";
char *tu_host_argv[] = {tu_arg0, tu_arg1, tu_arg2, NULL};
int tu_host_argc = 3;
char **tu_host_envp;

void tu_init(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN [...]\n", argc > 0 ? argv[0] : "test");
        exit(2);
    }
    tu_fixture_dir = argv[1];
    tu_toolchain = argv[2];
    tu_argc = argc;
    tu_argv = argv;
    tu_host_envp = environ;
}

#define TU_NPATHS 64
static char *tu_paths[TU_NPATHS];
static unsigned tu_npaths;

const char *tu_fixture_ext(const char *name, const char *ext)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s-%s.%s", tu_fixture_dir, name, tu_toolchain, ext);
    /* Reuse an identical string: tests ask for the same few paths again and again. */
    for (unsigned i = 0; i < tu_npaths; i++)
        if (strcmp(tu_paths[i], buf) == 0)
            return tu_paths[i];
    if (tu_npaths == TU_NPATHS) {
        fprintf(stderr, "testutil: too many fixture paths\n");
        abort();
    }
    tu_paths[tu_npaths] = strdup(buf);
    return tu_paths[tu_npaths++];
}

const char *tu_fixture(const char *name)
{
    return tu_fixture_ext(name, "so");
}

void tu_env_init(struct tu_env *env)
{
    memset(env, 0, sizeof *env);
    count_host_init(&env->ch, &env->host, tu_host_argc, tu_host_argv, tu_host_envp);
}

void tu_env_ctx(struct tu_env *env)
{
    int rc = elfld_ctx_create(&env->host, &env->ctx);
    assert_int_equal(rc, 0);
    assert_non_null(env->ctx);
}

void tu_env_destroy(struct tu_env *env)
{
    elfld_ctx_destroy(env->ctx);
    env->ctx = NULL;
    count_host_assert_clean(&env->ch);
    count_host_fini(&env->ch);
}

int tu_setup(void **state)
{
    struct tu_env *env = calloc(1, sizeof *env);
    assert_non_null(env);
    tu_env_init(env);
    tu_env_ctx(env);
    *state = env;
    return 0;
}

int tu_teardown(void **state)
{
    struct tu_env *env = *state;
    *state = NULL;
    /* Destroying the context must finalize and unmap whatever the test left loaded, and give
     * back every allocation: this is the leak check every test gets. */
    elfld_ctx_destroy(env->ctx);
    env->ctx = NULL;
    int leaked = count_host_live(&env->ch) != 0 || env->ch.errors != 0;
    if (leaked) {
        print_error("teardown: context destroy left %zu reservation(s), %zu allocation(s) "
                    "(%zu bytes), %zu blob(s); %ld bookkeeping error(s) %s\n",
                    env->ch.reserves.n, env->ch.allocs.n, env->ch.alloc_bytes, env->ch.blobs.n,
                    env->ch.errors, env->ch.first_error);
    }
    count_host_fini(&env->ch);
    free(env);
    return leaked ? -1 : 0; /* cmocka reports a failing teardown as a failed test */
}

struct tu_snap tu_snap_take(const struct tu_env *env)
{
    struct tu_snap s = {env->ch.reserves.n, env->ch.allocs.n, env->ch.blobs.n,
                        env->ch.reserved_bytes, env->ch.alloc_bytes};
    return s;
}

void tu_snap_assert_same(const struct tu_env *env, struct tu_snap before)
{
    struct tu_snap now = tu_snap_take(env);
    if (memcmp(&now, &before, sizeof now) != 0)
        print_error("left behind: reservations %zu -> %zu (%zu -> %zu bytes), allocations "
                    "%zu -> %zu (%zu -> %zu bytes), blobs %zu -> %zu\n",
                    before.reserves, now.reserves, before.reserved_bytes, now.reserved_bytes,
                    before.allocs, now.allocs, before.alloc_bytes, now.alloc_bytes,
                    before.blobs, now.blobs);
    count_host_assert_no_errors(&env->ch);
    assert_int_equal(now.reserves, before.reserves);
    assert_int_equal(now.reserved_bytes, before.reserved_bytes);
    assert_int_equal(now.allocs, before.allocs);
    assert_int_equal(now.alloc_bytes, before.alloc_bytes);
    assert_int_equal(now.blobs, before.blobs);
}

struct elfld_opts tu_opts(unsigned flags, struct elfld_diag *diag)
{
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.flags = flags;
    o.diag = diag;
    return o;
}

void tu_assert_rc(int rc, int want, const struct elfld_diag *diag)
{
    if (rc != want) {
        print_error("expected %d (%s), got %d (%s)\n", want, elfld_strerror(want), rc,
                    elfld_strerror(rc));
        if (diag != NULL)
            print_error("  diag: code %d phase %d symbol '%s' reloc %ld type %ld segment %ld: "
                        "%s\n",
                        diag->code, diag->phase, diag->symbol, diag->reloc_index,
                        diag->reloc_type, diag->segment, diag->message);
    }
    assert_int_equal(rc, want);
}

elfld_lib *tu_load_path(struct tu_env *env, const char *path, const struct elfld_opts *opts)
{
    struct elfld_diag diag;
    struct elfld_opts o = opts ? *opts : tu_opts(0, NULL);
    memset(&diag, 0, sizeof diag);
    if (o.diag == NULL)
        o.diag = &diag;
    elfld_lib *lib = NULL;
    int rc = elfld_load(env->ctx, path, &o, &lib);
    if (rc != 0)
        print_error("loading %s\n", path);
    tu_assert_rc(rc, 0, o.diag);
    assert_non_null(lib);
    return lib;
}

elfld_lib *tu_load(struct tu_env *env, const char *fixture, const struct elfld_opts *opts)
{
    return tu_load_path(env, tu_fixture(fixture), opts);
}

static void tu_fail_common(struct tu_env *env, const char *path, const void *buf, size_t size,
                           const struct elfld_opts *opts, int want, struct elfld_diag *diag_out)
{
    struct elfld_diag diag;
    struct elfld_opts o = opts ? *opts : tu_opts(0, NULL);
    memset(&diag, 0x5a, sizeof diag); /* garbage: the core must overwrite what it reports */
    o.diag = &diag;
    elfld_lib *lib = NULL;
    struct tu_snap before = tu_snap_take(env);
    int rc = path ? elfld_load(env->ctx, path, &o, &lib) : elfld_load_mem(env->ctx, buf, size, &o, &lib);
    if (rc != want && path != NULL)
        print_error("loading %s\n", path);
    tu_assert_rc(rc, want, &diag);
    assert_int_equal(diag.code, want);
    /* NUL-terminated strings (the 0x5a fill has no NUL). */
    assert_non_null(memchr(diag.message, 0, sizeof diag.message));
    assert_non_null(memchr(diag.symbol, 0, sizeof diag.symbol));
    assert_true(diag.message[0] != 0);
    tu_snap_assert_same(env, before);
    if (diag_out != NULL)
        *diag_out = diag;
}

void tu_load_fail(struct tu_env *env, const char *path, const struct elfld_opts *opts, int want,
                  struct elfld_diag *diag_out)
{
    tu_fail_common(env, path, NULL, 0, opts, want, diag_out);
}

void tu_load_mem_fail(struct tu_env *env, const void *buf, size_t size,
                      const struct elfld_opts *opts, int want, struct elfld_diag *diag_out)
{
    tu_fail_common(env, NULL, buf, size, opts, want, diag_out);
}

void *tu_sym(elfld_lib *lib, const char *name)
{
    void *p = elfld_sym(lib, name);
    if (p == NULL)
        print_error("symbol '%s' not found in %s\n", name, elfld_name(lib));
    assert_non_null(p);
    return p;
}

unsigned char *tu_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        print_error("cannot open %s\n", path);
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    unsigned char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Minimal, trusting ELF64/ELF32 readers: fixtures are our own, produced by the build. */
static int elf_is64(const unsigned char *b)
{
    return b[EI_CLASS] == ELFCLASS64;
}

int tu_elf_phdr(const char *path, uint32_t type, uint32_t *flags)
{
    size_t size;
    unsigned char *b = tu_read_file(path, &size);
    int found = 0;
    if (elf_is64(b)) {
        const Elf64_Ehdr *eh = (const void *)b;
        for (unsigned i = 0; i < eh->e_phnum; i++) {
            const Elf64_Phdr *ph = (const void *)(b + eh->e_phoff + (size_t)i * eh->e_phentsize);
            if (ph->p_type == type) {
                found = 1;
                if (flags)
                    *flags = ph->p_flags;
            }
        }
    } else {
        const Elf32_Ehdr *eh = (const void *)b;
        for (unsigned i = 0; i < eh->e_phnum; i++) {
            const Elf32_Phdr *ph = (const void *)(b + eh->e_phoff + (size_t)i * eh->e_phentsize);
            if (ph->p_type == type) {
                found = 1;
                if (flags)
                    *flags = ph->p_flags;
            }
        }
    }
    free(b);
    return found;
}

int tu_elf_dyn(const char *path, int64_t tag, uint64_t *value)
{
    size_t size;
    unsigned char *b = tu_read_file(path, &size);
    int found = 0;
    if (elf_is64(b)) {
        const Elf64_Ehdr *eh = (const void *)b;
        for (unsigned i = 0; i < eh->e_phnum; i++) {
            const Elf64_Phdr *ph = (const void *)(b + eh->e_phoff + (size_t)i * eh->e_phentsize);
            if (ph->p_type != PT_DYNAMIC)
                continue;
            for (const Elf64_Dyn *d = (const void *)(b + ph->p_offset); d->d_tag != DT_NULL; d++)
                if (d->d_tag == tag) {
                    found = 1;
                    if (value)
                        *value = d->d_un.d_val;
                }
        }
    } else {
        const Elf32_Ehdr *eh = (const void *)b;
        for (unsigned i = 0; i < eh->e_phnum; i++) {
            const Elf32_Phdr *ph = (const void *)(b + eh->e_phoff + (size_t)i * eh->e_phentsize);
            if (ph->p_type != PT_DYNAMIC)
                continue;
            for (const Elf32_Dyn *d = (const void *)(b + ph->p_offset); d->d_tag != DT_NULL; d++)
                if (d->d_tag == tag) {
                    found = 1;
                    if (value)
                        *value = d->d_un.d_val;
                }
        }
    }
    free(b);
    return found;
}

/* Both classes through one macro: the section header walk is the same but for the types. */
#define TU_UNDEF_WALK(Ehdr, Shdr, Sym, BIND)                                                   \
    do {                                                                                       \
        const Ehdr *eh = (const void *)b;                                                      \
        for (unsigned i = 0; i < eh->e_shnum; i++) {                                           \
            const Shdr *sh = (const void *)(b + eh->e_shoff + (size_t)i * eh->e_shentsize);    \
            if (sh->sh_type != SHT_DYNSYM)                                                     \
                continue;                                                                      \
            const Shdr *st = (const void *)(b + eh->e_shoff + (size_t)sh->sh_link *            \
                                                         eh->e_shentsize);                     \
            const char *str = (const char *)(b + st->sh_offset);                               \
            for (size_t k = 1; k < sh->sh_size / sh->sh_entsize; k++) {                        \
                const Sym *sym = (const void *)(b + sh->sh_offset + k * sh->sh_entsize);       \
                if (sym->st_shndx != SHN_UNDEF || sym->st_name == 0)                           \
                    continue;                                                                  \
                n++;                                                                           \
                fn(user, str + sym->st_name, BIND(sym->st_info) == STB_WEAK);                  \
            }                                                                                  \
        }                                                                                      \
    } while (0)

size_t tu_elf_undefined(const char *path, void (*fn)(void *user, const char *name, int weak),
                        void *user)
{
    size_t size, n = 0;
    unsigned char *b = tu_read_file(path, &size);
    if (elf_is64(b))
        TU_UNDEF_WALK(Elf64_Ehdr, Elf64_Shdr, Elf64_Sym, ELF64_ST_BIND);
    else
        TU_UNDEF_WALK(Elf32_Ehdr, Elf32_Shdr, Elf32_Sym, ELF32_ST_BIND);
    free(b);
    return n;
}

#define TU_RELOC_WALK(Ehdr, Shdr, Sym, Rel, Rela, R_SYM, R_TYPE)                                \
    do {                                                                                       \
        const Ehdr *eh = (const void *)b;                                                      \
        for (unsigned i = 0; i < eh->e_shnum && !found; i++) {                                 \
            const Shdr *sh = (const void *)(b + eh->e_shoff + (size_t)i * eh->e_shentsize);    \
            if ((sh->sh_type != SHT_RELA && sh->sh_type != SHT_REL) || sh->sh_entsize == 0)    \
                continue;                                                                      \
            const Shdr *symsh = (const void *)(b + eh->e_shoff + (size_t)sh->sh_link *         \
                                                           eh->e_shentsize);                   \
            if (symsh->sh_type != SHT_DYNSYM)                                                  \
                continue;                                                                      \
            const Shdr *strsh = (const void *)(b + eh->e_shoff + (size_t)symsh->sh_link *      \
                                                           eh->e_shentsize);                   \
            for (size_t k = 0; k < sh->sh_size / sh->sh_entsize && !found; k++) {              \
                const Rel *r = (const void *)(b + sh->sh_offset + k * sh->sh_entsize);         \
                const Sym *s = (const void *)(b + symsh->sh_offset +                           \
                                              (size_t)R_SYM(r->r_info) * symsh->sh_entsize);   \
                if (R_SYM(r->r_info) != 0 &&                                                   \
                    strcmp((const char *)b + strsh->sh_offset + s->st_name, sym) == 0) {       \
                    found = 1;                                                                 \
                    *type = (long)R_TYPE(r->r_info);                                           \
                    *index = (long)k;                                                          \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
    } while (0)

int tu_elf_reloc_of(const char *path, const char *sym, long *type, long *index)
{
    size_t size;
    int found = 0;
    unsigned char *b = tu_read_file(path, &size);
    if (elf_is64(b))
        TU_RELOC_WALK(Elf64_Ehdr, Elf64_Shdr, Elf64_Sym, Elf64_Rel, Elf64_Rela, ELF64_R_SYM,
                      ELF64_R_TYPE);
    else
        TU_RELOC_WALK(Elf32_Ehdr, Elf32_Shdr, Elf32_Sym, Elf32_Rel, Elf32_Rela, ELF32_R_SYM,
                      ELF32_R_TYPE);
    free(b);
    return found;
}

int tu_maps_perms(const void *addr, char perms[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (f == NULL)
        return -1;
    char line[512];
    int rc = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        uintptr_t lo, hi;
        char p[5];
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &lo, &hi, p) != 3)
            continue;
        if ((uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
            memcpy(perms, p, 5);
            rc = 0;
            break;
        }
    }
    fclose(f);
    return rc;
}

/* A static program has no dynamic section: then _DYNAMIC, weak here, is 0. */
extern ElfW(Dyn) _DYNAMIC[] __attribute__((weak));

int tu_process_is_dynamic(void)
{
    return _DYNAMIC != NULL;
}

/* 1 when a write to `addr` kills a child process with SIGSEGV (or SIGBUS), 0 when it works.
 * Read-only is checked by behaviour: qemu-user's emulated /proc/self/maps may merge text and
 * read-only pages into one line. */
/* In this process, not a forked child: qemu-i386 7.2 hangs when a forked child takes a write
 * fault.  The byte written is the byte read, so a write that works changes nothing. */
static sigjmp_buf write_fault_jump;

static void on_write_fault(int sig)
{
    (void)sig;
    siglongjmp(write_fault_jump, 1);
}

int tu_write_faults(volatile char *addr)
{
    struct sigaction sa, old_segv, old_bus;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_write_fault;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGSEGV, &sa, &old_segv), 0);
    assert_int_equal(sigaction(SIGBUS, &sa, &old_bus), 0);
    volatile int faulted = 1;
    if (sigsetjmp(write_fault_jump, 1) == 0) {
        *addr = *addr;
        faulted = 0;
    }
    assert_int_equal(sigaction(SIGSEGV, &old_segv, NULL), 0);
    assert_int_equal(sigaction(SIGBUS, &old_bus, NULL), 0);
    return faulted;
}

int tu_supply_one(void *user, const char *name, const char *version, struct elfld_found *out)
{
    const struct tu_supply *s = user;
    (void)version;
    if (strcmp(name, s->name) != 0)
        return 0;
    out->addr = s->addr;
    out->size = s->size;
    return 1;
}

unsigned tu_libc_fixture_flags(void)
{
#if defined(__GLIBC__)
    return strcmp(tu_toolchain, "zig") == 0 ? ELFLD_NO_DEPS : 0;
#else
    return 0;
#endif
}

static int image_named(struct dl_phdr_info *info, size_t size, void *part)
{
    (void)size;
    return info->dlpi_name && strstr(info->dlpi_name, (const char *)part) != NULL;
}

int tu_system_has(const char *part)
{
    return dl_iterate_phdr(image_named, (void *)part);
}

size_t tu_count_libs(elfld_ctx *ctx)
{
    size_t n = 0;
    for (elfld_lib *l = elfld_next(ctx, NULL); l; l = elfld_next(ctx, l))
        n++;
    return n;
}

elfld_lib *tu_lib_named(elfld_ctx *ctx, const char *part)
{
    for (elfld_lib *l = elfld_next(ctx, NULL); l; l = elfld_next(ctx, l))
        if (strstr(elfld_name(l), part))
            return l;
    return NULL;
}

/* ---------------------------------------------------------------- the C library by name */
static const struct {
    const char *name;
    void *addr;
} libc_names[] = {
#define F(f) {#f, (void *)(f)}
    F(abort), F(aligned_alloc), F(calloc), F(malloc), F(realloc), F(free),
    F(__errno_location), F(dl_iterate_phdr), F(dladdr),
    F(fflush), F(fprintf), F(fputc), F(fwrite), F(vfprintf), F(snprintf), F(swprintf),
    F(bcmp), F(memchr), F(memcmp), F(memcpy), F(memmove), F(memset),
    F(strcmp), F(strlen), F(strerror_r),
    F(strtod), F(strtof), F(strtold), F(strtol), F(strtoll), F(strtoul), F(strtoull),
    F(wcstod), F(wcstof), F(wcstold), F(wcstol), F(wcstoll), F(wcstoul), F(wcstoull),
    F(nanosleep), F(syscall), F(sysconf),
    F(pthread_create), F(pthread_detach), F(pthread_join), F(pthread_self),
    F(pthread_key_create), F(pthread_getspecific), F(pthread_setspecific),
    F(pthread_mutex_init), F(pthread_mutex_destroy), F(pthread_mutex_lock),
    F(pthread_mutex_trylock), F(pthread_mutex_unlock),
    F(pthread_mutexattr_init), F(pthread_mutexattr_destroy), F(pthread_mutexattr_settype),
    F(pthread_cond_broadcast), F(pthread_cond_destroy), F(pthread_cond_signal),
    F(pthread_cond_timedwait), F(pthread_cond_wait),
    F(pthread_rwlock_rdlock), F(pthread_rwlock_wrlock), F(pthread_rwlock_unlock),
    {"stderr", (void *)&stderr},
#undef F
};

int tu_find_libc(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)version;
    for (size_t i = 0; i < sizeof libc_names / sizeof libc_names[0]; i++)
        if (strcmp(name, libc_names[i].name) == 0) {
            out->addr = libc_names[i].addr;
            out->size = 0;
            return 1;
        }
    return 0;
}
