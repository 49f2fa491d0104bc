/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_errors.c - error paths: each malformed or refused input gets its specific code, a
 * filled diagnostic, and leaves nothing behind (tu_load_fail compares the count host before
 * and after; the teardown checks the context destroy).
 *
 * Inputs are made from a good fixture (basic.so) by truncating or patching single header
 * fields in a memory copy, so each case differs from a loadable file in exactly one way.
 */
#define _GNU_SOURCE /* mkstemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#if UINTPTR_MAX > 0xffffffffu
#include <elf.h>
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
#define NATIVE_CLASS ELFCLASS64
#define OTHER_CLASS ELFCLASS32
#else
#include <elf.h>
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Phdr Phdr;
#define NATIVE_CLASS ELFCLASS32
#define OTHER_CLASS ELFCLASS64
#endif

static unsigned char *read_basic(size_t *size)
{
    unsigned char *b = tu_read_file(tu_fixture("basic"), size);
    assert_true(*size > sizeof(Ehdr));
    assert_int_equal(b[EI_CLASS], NATIVE_CLASS);
    return b;
}

/* Control: the unmodified copy loads (so every failure below is due to the one change) and
 * works, from a buffer freed right after the load: values from fixtures/basic.c. */
static void test_control(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *b = read_basic(&size);
    elfld_lib *lib = NULL;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(0, &diag);
    tu_assert_rc(elfld_load_mem(env->ctx, b, size, &o, &lib), 0, &diag);
    memset(b, 0, size);
    free(b);
    assert_int_equal(((int (*)(int, int))tu_sym(lib, "basic_call_plt"))(2, 3), (2 + 3) * 3);
    assert_int_equal(((int (*)(void))tu_sym(lib, "basic_static_sum"))(), 1 + 2 + 4 + 3 * 100);
    assert_int_equal(*(int *)tu_sym(lib, "basic_counter"), 42);
    assert_ptr_equal(*(int **)tu_sym(lib, "basic_dataptr"), tu_sym(lib, "basic_counter"));
    elfld_release(lib);
}

static void test_nonexistent_path(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    tu_load_fail(env, "/nonexistent/elfld/test/path.so", NULL, ELFLD_ENOENT, &diag);
    assert_int_equal(diag.phase, ELFLD_PHASE_READ);
    assert_int_equal(env->ch.n_open, 1);
}

/* Truncations at header, program header and segment boundaries. */
/* A FIFO with no writer: refused as not a regular file, at once.  Opening it for reading
 * must not wait for a writer; if it does, SIGALRM ends the program (its default action)
 * within seconds rather than at the suite's timeout. */
static void test_fifo_refused(void **state)
{
    struct tu_env *env = *state;
    char dir[] = "/tmp/elfld-fifo-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/lib.so", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    struct elfld_diag diag;
    alarm(10);
    tu_load_fail(env, path, NULL, ELFLD_EIO, &diag);
    alarm(0);
    assert_int_equal(diag.phase, ELFLD_PHASE_READ);
    unlink(path);
    rmdir(dir);
}

/* The file shrinks between the host's open (which took its size) and the reads of its
 * program headers: the read past its new end is an I/O error, not a success that leaves
 * bytes unread. */
static int (*inner_open)(void *user, const char *name, struct elfld_blob *out);
static const char *shrinking_path;

static int open_then_shrink(void *user, const char *name, struct elfld_blob *out)
{
    int rc = inner_open(user, name, out);
    if (rc == 0 && truncate(shrinking_path, 100) != 0)
        fail_msg("truncate %s failed", shrinking_path);
    return rc;
}

static void test_file_shrinks_while_loading(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *bytes = tu_read_file(tu_fixture("basic"), &size);
    char path[] = "/tmp/elfld-shrink-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, size), (ssize_t)size);
    assert_int_equal(close(fd), 0);
    free(bytes);

    struct elfld_host host = env->host;
    inner_open = host.open;
    host.open = open_then_shrink;
    shrinking_path = path;
    elfld_ctx *ctx = NULL;
    assert_int_equal(elfld_ctx_create(&host, &ctx), 0);
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(0, &diag);
    elfld_lib *lib = NULL;
    int rc = elfld_load(ctx, path, &o, &lib);
    elfld_ctx_destroy(ctx);
    unlink(path);
    tu_assert_rc(rc, ELFLD_EIO, &diag);
    assert_null(lib);
}

static void test_truncated(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *b = read_basic(&size);
    const Ehdr *eh = (const void *)b;
    size_t cuts[32];
    size_t n = 0;
    cuts[n++] = 4;
    cuts[n++] = EI_NIDENT;
    cuts[n++] = 40;
    cuts[n++] = sizeof(Ehdr) - 1;
    size_t ph_end = eh->e_phoff + (size_t)eh->e_phnum * eh->e_phentsize;
    cuts[n++] = eh->e_phoff + 1;
    cuts[n++] = ph_end - 1;
    for (unsigned i = 0; i < eh->e_phnum && n < 32; i++) {
        const Phdr *ph = (const void *)(b + eh->e_phoff + (size_t)i * eh->e_phentsize);
        if (ph->p_type == PT_LOAD && ph->p_filesz > 0 && ph->p_offset + ph->p_filesz > ph_end)
            cuts[n++] = ph->p_offset + ph->p_filesz - 1;
    }
    assert_true(n >= 8); /* basic.so has at least two non-empty PT_LOADs past the headers */
    for (size_t i = 0; i < n; i++) {
        unsigned char *copy = malloc(cuts[i]); /* exactly the size: ASan-style overreads show */
        assert_non_null(copy);
        memcpy(copy, b, cuts[i]);
        print_message("truncated to %zu bytes\n", cuts[i]);
        tu_load_mem_fail(env, copy, cuts[i], NULL, ELFLD_ETRUNC, NULL);
        free(copy);
    }
    free(b);
}

/* Through a file: the host's blob must be closed on the failure path. */
static void test_truncated_file(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *b = read_basic(&size);
    char path[] = "/tmp/elfld-trunc-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* One byte short of the end of the last PT_LOAD's file bytes (the file's tail is debug
     * info and section headers, which loading does not need). */
    const Ehdr *eh = (const void *)b;
    size_t cut = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Phdr *ph = (const void *)(b + eh->e_phoff + (size_t)i * eh->e_phentsize);
        if (ph->p_type == PT_LOAD && ph->p_offset + ph->p_filesz > cut)
            cut = ph->p_offset + ph->p_filesz;
    }
    assert_true(cut > 1 && cut <= size);
    cut -= 1;
    assert_int_equal(write(fd, b, cut), (ssize_t)cut);
    close(fd);
    struct elfld_diag diag;
    tu_load_fail(env, path, NULL, ELFLD_ETRUNC, &diag);
    assert_int_equal(env->ch.n_open, 1);
    assert_int_equal(env->ch.blobs.n, 0);
    unlink(path);
    free(b);
}

/* Patch one thing in a copy and expect `want`. */
static void patched(struct tu_env *env, size_t off, const void *bytes, size_t n, int want,
                    int want_phase)
{
    size_t size;
    unsigned char *b = read_basic(&size);
    memcpy(b + off, bytes, n);
    struct elfld_diag diag;
    tu_load_mem_fail(env, b, size, NULL, want, &diag);
    if (want_phase >= 0)
        assert_int_equal(diag.phase, want_phase);
    free(b);
}

static void test_not_elf(void **state)
{
    struct tu_env *env = *state;
    static const char text[] =
        "#!/bin/sh\necho this is not an ELF file, but it is long enough to hold a header\n";
    tu_load_mem_fail(env, text, sizeof text, NULL, ELFLD_EMAGIC, NULL);
    unsigned char m = 'X';
    patched(env, 1, &m, 1, ELFLD_EMAGIC, ELFLD_PHASE_PARSE);
}

static void test_wrong_class(void **state)
{
    unsigned char c = OTHER_CLASS;
    patched(*state, EI_CLASS, &c, 1, ELFLD_ECLASS, ELFLD_PHASE_PARSE);
    c = ELFCLASSNONE;
    patched(*state, EI_CLASS, &c, 1, ELFLD_ECLASS, ELFLD_PHASE_PARSE);
}

static void test_wrong_endian(void **state)
{
    const uint16_t one = 1;
    unsigned char d = *(const unsigned char *)&one ? ELFDATA2MSB : ELFDATA2LSB;
    patched(*state, EI_DATA, &d, 1, ELFLD_EENDIAN, ELFLD_PHASE_PARSE);
}

static void test_wrong_machine(void **state)
{
    size_t size;
    unsigned char *b = read_basic(&size);
    uint16_t native = ((const Ehdr *)b)->e_machine;
    free(b);
    uint16_t other = native == EM_X86_64 ? EM_AARCH64 : EM_X86_64;
    patched(*state, offsetof(Ehdr, e_machine), &other, 2, ELFLD_EMACHINE, ELFLD_PHASE_PARSE);
}

/* The arch this test was compiled for, as the compiler says it (libelfld's build is for the
 * same one) */
#if defined(__x86_64__)
#define THIS_ARCH "x86_64"
#elif defined(__i386__)
#define THIS_ARCH "i386"
#elif defined(__aarch64__)
#define THIS_ARCH "aarch64"
#elif defined(__arm__)
#define THIS_ARCH "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define THIS_ARCH "riscv64"
#elif defined(__riscv)
#define THIS_ARCH "riscv32"
#elif defined(__loongarch64)
#define THIS_ARCH "loongarch64"
#endif

/* A file for another machine: the message names the image, the machine it was built for
 * (the ELF specification's e_machine values, named as the toolchains name those targets)
 * and the one this build loads (the fixture's own e_machine, from its linker). */
static void test_wrong_machine_message(void **state)
{
    static const struct { uint16_t machine; const char *name; } others[] = {
        {21, "powerpc64"}, {22, "s390"}, {8, "mips"}, {0x7ff0, "an unknown machine"},
    };
    size_t size;
    unsigned char *b = read_basic(&size);
    unsigned native = ((const Ehdr *)b)->e_machine;
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        memcpy(b + offsetof(Ehdr, e_machine), &others[i].machine, 2);
        struct elfld_diag diag;
        struct elfld_opts o = tu_opts(ELFLD_NOW, &diag);
        o.name = "plugin-for-another-machine.so";
        elfld_lib *lib = NULL;
        assert_int_equal(elfld_load_mem(((struct tu_env *)*state)->ctx, b, size, &o, &lib),
                         ELFLD_EMACHINE);
        char want[200];
        snprintf(want, sizeof want, "plugin-for-another-machine.so: built for %s (e_machine %u);"
                 " this build of libelfld loads %s (%u)", others[i].name, others[i].machine,
                 THIS_ARCH, native);
        assert_string_equal(diag.message, want);
    }
    free(b);
}

static void test_wrong_version(void **state)
{
    unsigned char v = 0;
    patched(*state, EI_VERSION, &v, 1, ELFLD_EVERSION, ELFLD_PHASE_PARSE);
    uint32_t ev = 2;
    patched(*state, offsetof(Ehdr, e_version), &ev, 4, ELFLD_EVERSION, ELFLD_PHASE_PARSE);
}

/* ET_REL (a .o) and ET_CORE are not loadable by elfld_load. */
static void test_wrong_type(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    tu_load_fail(env, tu_fixture_ext("basic", "o"), NULL, ELFLD_ETYPE, &diag);
    uint16_t core = ET_CORE;
    patched(env, offsetof(Ehdr, e_type), &core, 2, ELFLD_ETYPE, ELFLD_PHASE_PARSE);
}

/* Program headers placed at or past the end of the file. */
static void test_phoff_past_end(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *b = read_basic(&size);
    free(b);
    const uint64_t offs[] = {size, size - 8, size + 4096};
    for (size_t i = 0; i < 3; i++) {
        if (sizeof(((Ehdr *)0)->e_phoff) == 8) {
            uint64_t v = offs[i];
            patched(env, offsetof(Ehdr, e_phoff), &v, 8, ELFLD_ETRUNC, ELFLD_PHASE_PARSE);
        } else {
            uint32_t v = (uint32_t)offs[i];
            patched(env, offsetof(Ehdr, e_phoff), &v, 4, ELFLD_ETRUNC, ELFLD_PHASE_PARSE);
        }
    }
    /* An offset whose end overflows: ETRUNC (past the end) or EHEADER (overflow) are both
     * specific answers; anything else (or a crash) is a bug. */
    unsigned char *c = read_basic(&size);
    if (sizeof(((Ehdr *)0)->e_phoff) == 8) {
        uint64_t v = UINT64_MAX - 16;
        memcpy(c + offsetof(Ehdr, e_phoff), &v, 8);
    } else {
        uint32_t v = UINT32_MAX - 16;
        memcpy(c + offsetof(Ehdr, e_phoff), &v, 4);
    }
    elfld_lib *lib = NULL;
    struct tu_snap before = tu_snap_take(env);
    struct elfld_opts o = tu_opts(0, NULL);
    int rc = elfld_load_mem(env->ctx, c, size, &o, &lib);
    if (rc != ELFLD_ETRUNC && rc != ELFLD_EHEADER)
        fail_msg("huge e_phoff: got %d (%s)", rc, elfld_strerror(rc));
    tu_snap_assert_same(env, before);
    free(c);
}

/* A wrong program header entry size is an inconsistent header. */
static void test_bad_phentsize(void **state)
{
    uint16_t v = sizeof(Phdr) - 1;
    patched(*state, offsetof(Ehdr, e_phentsize), &v, 2, ELFLD_EHEADER, ELFLD_PHASE_PARSE);
}

/* A strong reference nobody defines: ELFLD_ENOSYM, diag names it, phase RELOC. */
static void test_missing_symbol(void **state)
{
    struct tu_env *env = *state;
    struct elfld_diag diag;
    tu_load_fail(env, tu_fixture("missing"), NULL, ELFLD_ENOSYM, &diag);
    assert_string_equal(diag.symbol, "elfld_test_missing_data");
    assert_int_equal(diag.phase, ELFLD_PHASE_RELOC);
    /* the record is the file's only one naming the symbol (a GOT entry: GLOB_DAT where the
     * ABI has it), found by reading the file's relocation sections */
    long type, index;
    assert_int_equal(tu_elf_reloc_of(tu_fixture("missing"), "elfld_test_missing_data", &type,
                                     &index), 1);
    assert_int_equal(diag.reloc_type, type);
    assert_int_equal(diag.reloc_index, index);
#if defined(__x86_64__)
    assert_int_equal(diag.reloc_type, R_X86_64_GLOB_DAT);
#endif
    assert_non_null(strstr(diag.message, "elfld_test_missing_data"));
}

/* PT_GNU_STACK with PF_X: refused unless the caller allows it. */
static void test_execstack(void **state)
{
    struct tu_env *env = *state;
    uint32_t flags = 0;
    assert_int_equal(tu_elf_phdr(tu_fixture("execstack"), PT_GNU_STACK, &flags), 1);
    assert_true(flags & PF_X);

    struct elfld_diag diag;
    tu_load_fail(env, tu_fixture("execstack"), NULL, ELFLD_EEXECSTACK, &diag);

    struct elfld_opts o = tu_opts(ELFLD_ALLOW_EXECSTACK, NULL);
    elfld_lib *lib = tu_load(env, "execstack", &o);
    int (*fn)(void) = (int (*)(void))tu_sym(lib, "execstack_fn");
    assert_int_equal(fn(), 5);
    elfld_release(lib);
}

/* A genuine -z notext library (text relocations): refused without ELFLD_ALLOW_TEXTREL; with
 * it, loaded by path (through the host's map_source) and from memory alike, its text word is
 * relocated and the text is read-only again afterwards. */
static void textrel_loads(struct tu_env *env, elfld_lib *lib)
{
    (void)env;
    int *const *word = (int *const *)tu_sym(lib, "textrel_word");
    assert_ptr_equal(*word, tu_sym(lib, "textrel_value"));
    int (*read)(void) = (int (*)(void))tu_sym(lib, "textrel_read");
    assert_int_equal(read(), 42);
    assert_int_equal(tu_write_faults((volatile char *)word), 1);
    elfld_release(lib);
}

static void test_textrel(void **state)
{
    struct tu_env *env = *state;
    const char *path = tu_fixture("textrel");
    uint64_t textrel = 0, flags = 0;
    int has_tag = tu_elf_dyn(path, DT_TEXTREL, &textrel);
    int has_flags = tu_elf_dyn(path, DT_FLAGS, &flags);
    assert_true(has_tag == 1 || (has_flags == 1 && (flags & DF_TEXTREL)));

    size_t size;
    unsigned char *bytes = tu_read_file(path, &size);
    struct elfld_diag diag;
    tu_load_fail(env, path, NULL, ELFLD_ETEXTREL, &diag);
    tu_load_mem_fail(env, bytes, size, NULL, ELFLD_ETEXTREL, &diag);

    struct elfld_opts o = tu_opts(ELFLD_ALLOW_TEXTREL, &diag);
    textrel_loads(env, tu_load_path(env, path, &o));
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_mem(env->ctx, bytes, size, &o, &lib), 0, &diag);
    free(bytes);
    textrel_loads(env, lib);
}

/* Turn the PT_TLS program header of the ELF image in `b` into PT_NULL; 1 when there was one. */
static int drop_pt_tls(unsigned char *b)
{
    int is64 = b[4] == 2;
    uint64_t phoff = 0;
    uint16_t phentsize, phnum;
    memcpy(&phoff, b + (is64 ? 0x20 : 0x1c), is64 ? 8 : 4);
    memcpy(&phentsize, b + (is64 ? 0x36 : 0x2a), 2);
    memcpy(&phnum, b + (is64 ? 0x38 : 0x2c), 2);
    for (uint16_t i = 0; i < phnum; i++) {
        unsigned char *ph = b + phoff + (uint64_t)i * phentsize;
        uint32_t type;
        memcpy(&type, ph, 4);
        if (type == 7) {                  /* PT_TLS */
            memset(ph, 0, 4);             /* PT_NULL */
            return 1;
        }
    }
    return 0;
}

/* TLS relocations in a library without a PT_TLS segment (the fixture's, removed): refused
 * with ELFLD_ETLS, the relocation named, nothing left behind. */
static void test_tls_without_segment(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *bytes = tu_read_file(tu_fixture("tls"), &size);
    assert_int_equal(drop_pt_tls(bytes), 1);
    struct elfld_diag diag;
    tu_load_mem_fail(env, bytes, size, NULL, ELFLD_ETLS, &diag);
    free(bytes);
    assert_int_equal(diag.phase, ELFLD_PHASE_RELOC);
    /* the first record naming tls_counter in the file (the module: DTPMOD where the ABI has
     * it, else the descriptor or the offset) is the one refused */
    long type, index;
    assert_int_equal(tu_elf_reloc_of(tu_fixture("tls"), "tls_counter", &type, &index), 1);
    assert_int_equal(diag.reloc_type, type);
    assert_int_equal(diag.reloc_index, index);
#if defined(__x86_64__)
    assert_int_equal(diag.reloc_type, R_X86_64_DTPMOD64);
#endif
    /* the message names the relocation (R_<ARCH>_...) and says why it is refused */
    assert_non_null(strstr(diag.message, "R_"));
    assert_non_null(strstr(diag.message, "no PT_TLS segment"));
}

/* Bad arguments. */
static void test_bad_arguments(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = NULL;
    struct elfld_opts o = tu_opts(0, NULL);
    struct tu_snap before = tu_snap_take(env);
    assert_int_equal(elfld_load(NULL, tu_fixture("basic"), &o, &lib), ELFLD_EINVAL);
    assert_int_equal(elfld_load(env->ctx, NULL, &o, &lib), ELFLD_EINVAL);
    assert_int_equal(elfld_load(env->ctx, tu_fixture("basic"), &o, NULL), ELFLD_EINVAL);
    assert_int_equal(elfld_load_mem(env->ctx, NULL, 100, &o, &lib), ELFLD_EINVAL);
    o.struct_size = 0;
    assert_int_equal(elfld_load(env->ctx, tu_fixture("basic"), &o, &lib), ELFLD_EINVAL);
    o = tu_opts(0, NULL);
    o.scope_count = 1; /* scope == NULL */
    assert_int_equal(elfld_load(env->ctx, tu_fixture("basic"), &o, &lib), ELFLD_EINVAL);
    assert_null(lib);
    tu_snap_assert_same(env, before);

    /* NULL opts is allowed: defaults. */
    assert_int_equal(elfld_load(env->ctx, tu_fixture("basic"), NULL, &lib), 0);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_control),
        TU_TEST(test_nonexistent_path),
        TU_TEST(test_fifo_refused),
        TU_TEST(test_file_shrinks_while_loading),
        TU_TEST(test_truncated),
        TU_TEST(test_truncated_file),
        TU_TEST(test_not_elf),
        TU_TEST(test_wrong_class),
        TU_TEST(test_wrong_endian),
        TU_TEST(test_wrong_machine),
        TU_TEST(test_wrong_machine_message),
        TU_TEST(test_wrong_version),
        TU_TEST(test_wrong_type),
        TU_TEST(test_phoff_past_end),
        TU_TEST(test_bad_phentsize),
        TU_TEST(test_missing_symbol),
        TU_TEST(test_execstack),
        TU_TEST(test_textrel),
        TU_TEST(test_tls_without_segment),
        TU_TEST(test_bad_arguments),
    };
    return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
