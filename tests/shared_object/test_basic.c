/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_basic.c - integration: the everyday shared object (fixtures/basic.c).
 *
 * Why: this is the smallest library that needs every common relocation kind (RELATIVE,
 * R_*_64 and GLOB_DAT against preemptible symbols, lazily bound JUMP_SLOTs to its own
 * functions), a big .bss and read-only data.  If anything here is wrong, every other test is
 * meaningless, so each value is checked exactly, from outside and from inside the library.
 */
#define _GNU_SOURCE /* fork, waitpid, SIGBUS under c_std=c11 */
#include <inttypes.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

typedef int (*fn_ii)(int, int);
typedef int (*fn_v)(void);

static elfld_lib *load_basic(struct tu_env *env, unsigned flags)
{
    struct elfld_opts o = tu_opts(flags, NULL);
    return tu_load(env, "basic", &o);
}

/* Exported functions and data are found and hold their initial values. */
static void test_symbols(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_basic(env, flags);

    fn_ii add = (fn_ii)tu_sym(lib, "basic_add");
    fn_ii mul = (fn_ii)tu_sym(lib, "basic_mul");
    assert_int_equal(add(40, 2), 42);
    assert_int_equal(mul(6, 7), 42);

    int *counter = tu_sym(lib, "basic_counter");
    assert_int_equal(*counter, 42);

    /* Misses: an unknown name, a static function, a prefix of an exported name, "". */
    assert_null(elfld_sym(lib, "basic_nonexistent"));
    assert_null(elfld_sym(lib, "static_data"));
    assert_null(elfld_sym(lib, "basic_ad"));
    assert_null(elfld_sym(lib, ""));

    /* An absolute symbol is its value, with no load base added: before and after elfld_sym()
     * has built its index (an eighth of the symbols plus 64 lookups). */
    for (int i = 0; i < 200; i++)
        assert_ptr_equal(elfld_sym(lib, "basic_abs"), (void *)0x1234);

    /* Every symbol lies inside the image [base, base + size). */
    uintptr_t base = elfld_base(lib), size = elfld_size(lib);
    assert_true(size > 0);
    assert_true((uintptr_t)add >= base && (uintptr_t)add < base + size);
    assert_true((uintptr_t)counter >= base && (uintptr_t)counter < base + size);
    elfld_release(lib);
}

static void test_symbols_lazy(void **state) { test_symbols(state, ELFLD_LAZY); }
static void test_symbols_now(void **state) { test_symbols(state, ELFLD_NOW); }

/* Data words pointing at functions/data: R_X86_64_64 against preemptible symbols (the word
 * must equal the symbol's address) and RELATIVE (pointers to strings). */
static void test_data_pointers(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_basic(env, ELFLD_LAZY);

    void **fnptr = tu_sym(lib, "basic_fnptr");
    assert_ptr_equal(*fnptr, tu_sym(lib, "basic_add"));
    int **dataptr = tu_sym(lib, "basic_dataptr");
    assert_ptr_equal(*dataptr, tu_sym(lib, "basic_counter"));

    const char **str = tu_sym(lib, "basic_string");
    assert_string_equal(*str, "hello from basic");
    const char *const *strs = tu_sym(lib, "basic_strings");
    assert_string_equal(strs[0], "zero");
    assert_string_equal(strs[1], "one");
    assert_string_equal(strs[2], "two");

    const char *(*lit)(void) = (const char *(*)(void))tu_sym(lib, "basic_literal");
    assert_string_equal(lit(), "literal in text");

    /* The library calls through its own relocated function pointer. */
    fn_ii call_fnptr = (fn_ii)tu_sym(lib, "basic_call_fnptr");
    assert_int_equal(call_fnptr(20, 3), 23);

    /* Static data reached through a RELATIVE pointer: 1 + 2 + 4 + 3 * 100. */
    fn_v static_sum = (fn_v)tu_sym(lib, "basic_static_sum");
    assert_int_equal(static_sum(), 307);
    elfld_release(lib);
}

/* Calls through the PLT to the library's own preemptible functions, lazily bound: the first
 * call goes through the trampoline, the second through the patched GOT. */
static void test_plt_calls(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_basic(env, flags);
    fn_ii call_plt = (fn_ii)tu_sym(lib, "basic_call_plt");
    assert_int_equal(call_plt(2, 5), 21);   /* (2 + 5) * 3 */
    assert_int_equal(call_plt(-4, 1), -9);  /* second call: patched slot */
    assert_int_equal(call_plt(100, 0), 300);
    elfld_release(lib);
}

static void test_plt_calls_lazy(void **state) { test_plt_calls(state, ELFLD_LAZY); }
static void test_plt_calls_now(void **state) { test_plt_calls(state, ELFLD_NOW); }

/* GLOB_DAT: the library reads and writes basic_counter through its GOT; we see the same
 * object from outside. */
static void test_got_data(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_basic(env, ELFLD_LAZY);
    int *counter = tu_sym(lib, "basic_counter");
    fn_v read = (fn_v)tu_sym(lib, "basic_read_counter");
    void (*write)(int) = (void (*)(int))tu_sym(lib, "basic_write_counter");
    assert_int_equal(read(), 42);
    *counter = 1234;
    assert_int_equal(read(), 1234);
    write(-5);
    assert_int_equal(*counter, -5);
    elfld_release(lib);
}

/* The 1 MiB .bss reads as zero and is writable; a second load gets a fresh zeroed copy. */
static void test_bss(void **state)
{
    struct tu_env *env = *state;
    for (int round = 0; round < 2; round++) {
        elfld_lib *lib = load_basic(env, ELFLD_LAZY);
        fn_v touch = (fn_v)tu_sym(lib, "basic_bss_zero_then_touch");
        struct elfld_syminfo si;
        assert_int_equal(elfld_sym_info(lib, "basic_bss", NULL, &si), 0);
        assert_int_equal(si.size, 1u << 20);
        assert_int_equal(si.type, ELFLD_SYM_OBJECT);
        const unsigned char *bss = si.addr;
        for (size_t i = 0; i < si.size; i++)
            if (bss[i] != 0)
                fail_msg("bss byte %zu is %u", i, bss[i]);
        assert_int_equal(touch(), 1);
        assert_int_equal(bss[0], 1);
        assert_int_equal(bss[si.size - 1], 2);
        assert_int_equal(touch(), 0); /* it really wrote */
        elfld_release(lib);
    }
}

/* Name, soname, symbol info. */
static void test_inspection(void **state)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(0, NULL);
    o.name = "my-basic";
    elfld_lib *lib = tu_load(env, "basic", &o);
    assert_string_equal(elfld_name(lib), "my-basic");
    assert_non_null(elfld_soname(lib));
    assert_string_equal(elfld_soname(lib), "libbasic.so");
    assert_int_equal(elfld_refcount(lib), 1);

    struct elfld_syminfo si;
    memset(&si, 0, sizeof si);
    assert_int_equal(elfld_sym_info(lib, "basic_add", NULL, &si), 0);
    assert_ptr_equal(si.addr, elfld_sym(lib, "basic_add"));
    assert_int_equal(si.type, ELFLD_SYM_FUNC);
    assert_int_equal(si.bind, ELFLD_BIND_GLOBAL);
    assert_string_equal(si.name, "basic_add");
    assert_null(si.version);
    assert_int_equal(si.hidden_version, 0);
    assert_ptr_equal(si.lib, lib);
    assert_true(si.size > 0);

    assert_int_equal(elfld_sym_info(lib, "basic_counter", NULL, &si), 0);
    assert_int_equal(si.type, ELFLD_SYM_OBJECT);
    assert_int_equal(si.size, sizeof(int));

    assert_int_equal(elfld_sym_info(lib, "nope", NULL, &si), ELFLD_ENOTFOUND);
    elfld_release(lib);

    /* Without a name: the path. */
    lib = tu_load(env, "basic", NULL);
    assert_string_equal(elfld_name(lib), tu_fixture("basic"));
    elfld_release(lib);
}

/* The /proc/self/maps line holding `addr`: its bounds. */
static int maps_region(const void *addr, uintptr_t *lo, uintptr_t *hi)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int rc = -1;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        uintptr_t a, b;
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &a, &b) == 2 && (uintptr_t)addr >= a &&
            (uintptr_t)addr < b) {
            *lo = a;
            *hi = b;
            rc = 0;
            break;
        }
    }
    fclose(f);
    return rc;
}

/* Protections: text is r-x, writable data is rw-, never both W and X (the count host also
 * flags any W+X protect request). */
static void test_protections(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_basic(env, ELFLD_NOW);
    char perms[5];
    void *text = tu_sym(lib, "basic_add"), *data = tu_sym(lib, "basic_counter");
    void *relro = tu_sym(lib, "basic_strings");
    uintptr_t lo, hi;
    assert_int_equal(maps_region(text, &lo, &hi), 0);
    if ((uintptr_t)relro >= lo && (uintptr_t)relro < hi) {
        /* One maps line over text (r-x) and RELRO (r--): a kernel never merges areas of
         * different protections, but qemu-user's emulated /proc/self/maps does (it reports
         * its own host mappings, where guest code pages are read-only too, with the first
         * page's guest flags; seen with qemu 7.2 whenever the two segments are adjacent
         * pages).  There the protections are checked by behaviour: text and RELRO refuse
         * writes, data takes them, text runs. */
        print_message("note: /proc/self/maps merges text and RELRO (qemu-user): checking "
                      "protections by writing instead\n");
        assert_int_equal(tu_write_faults(text), 1);
        assert_int_equal(tu_write_faults(relro), 1);
        assert_int_equal(tu_write_faults(data), 0);
        assert_int_equal(tu_maps_perms(data, perms), 0);
        assert_memory_equal(perms, "rw-", 3);
        int (*add)(int, int) = (int (*)(int, int))text;
        assert_int_equal(add(2, 3), 5);
        elfld_release(lib);
        return;
    }
    assert_int_equal(tu_maps_perms(text, perms), 0);
    if (perms[2] != 'x') {
        /* qemu-i386 7.2 lists guest code pages without x (an x86 page without NX runs what
         * it can read).  Then the text must prove it by running, and refuse writes. */
        print_message("note: /proc/self/maps shows text as %.3s (qemu-user): checking by "
                      "calling and writing instead\n", perms);
        assert_memory_equal(perms, "r--", 3);
        assert_int_equal(((int (*)(int, int))text)(2, 3), 5);
        assert_int_equal(tu_write_faults(text), 1);
    } else {
        assert_memory_equal(perms, "r-x", 3);
    }
    assert_int_equal(tu_maps_perms(data, perms), 0);
    assert_memory_equal(perms, "rw-", 3);
    /* .data.rel.ro after RELRO: read-only. */
    assert_int_equal(tu_maps_perms(relro, perms), 0);
    assert_memory_equal(perms, "r--", 3);
    elfld_release(lib);
}

/* Two loads of the same file are independent copies. */
static void test_two_copies(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *a = load_basic(env, ELFLD_LAZY);
    elfld_lib *b = load_basic(env, ELFLD_LAZY);
    assert_ptr_not_equal(a, b);
    assert_true(elfld_base(a) != elfld_base(b));
    int *ca = tu_sym(a, "basic_counter"), *cb = tu_sym(b, "basic_counter");
    *ca = 7;
    assert_int_equal(*cb, 42);
    elfld_release(a);
    assert_int_equal(*cb, 42);
    fn_ii call_plt = (fn_ii)tu_sym(b, "basic_call_plt");
    assert_int_equal(call_plt(1, 1), 6);
    elfld_release(b);
    /* Both gone: only the context's own allocations may remain. */
    assert_int_equal(env->ch.reserves.n, 0);
}

/* Loading from memory: the buffer may be freed right after the call. */
static void test_load_mem(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *buf = tu_read_file(tu_fixture("basic"), &size);
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(0, &diag);
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_mem(env->ctx, buf, size, &o, &lib), 0, &diag);
    memset(buf, 0xcc, size);
    free(buf);
    assert_string_equal(elfld_name(lib), "<memory>");
    fn_ii call_plt = (fn_ii)tu_sym(lib, "basic_call_plt");
    assert_int_equal(call_plt(3, 4), 21);
    const char **str = tu_sym(lib, "basic_string");
    assert_string_equal(*str, "hello from basic");
    elfld_release(lib);
}

/*
 * A PLT slot that RELRO will make read-only cannot be bound at its first call: the loader must
 * bind every slot at load time even when asked for lazy binding.  The fixture is patched in
 * memory so that its PT_GNU_RELRO reaches past the last JUMP_SLOT; the calls must then work
 * (a lazily bound slot would fault when the resolver writes it) and the slots be read-only.
 */
static const ElfW(Phdr) *phdr_of(const ElfW(Ehdr) *eh, uint32_t type)
{
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)((const char *)eh + eh->e_phoff);
    for (unsigned i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == type)
            return &ph[i];
    return NULL;
}

static const void *at_vaddr(const ElfW(Ehdr) *eh, uint64_t vaddr)
{
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)((const char *)eh + eh->e_phoff);
    for (unsigned i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && vaddr >= ph[i].p_vaddr &&
            vaddr - ph[i].p_vaddr < ph[i].p_filesz)
            return (const char *)eh + ph[i].p_offset + (vaddr - ph[i].p_vaddr);
    fail_msg("vaddr %#" PRIx64 " is not in the file", vaddr);
    return NULL;
}

static void test_lazy_slots_in_relro(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *buf = tu_read_file(tu_fixture("basic"), &size);
    ElfW(Ehdr) *eh = (ElfW(Ehdr) *)buf;
    ElfW(Phdr) *relro = (ElfW(Phdr) *)phdr_of(eh, PT_GNU_RELRO);
    const ElfW(Phdr) *dynph = phdr_of(eh, PT_DYNAMIC);
    if (!relro || !dynph)
        fail_msg("the basic fixture has no PT_GNU_RELRO or PT_DYNAMIC");
    uint64_t jmprel = 0, pltrelsz = 0, pltrel = 0, flags = 0, flags_1 = 0;
    for (const ElfW(Dyn) *d = (const ElfW(Dyn) *)(buf + dynph->p_offset); d->d_tag != DT_NULL;
         d++) {
        if (d->d_tag == DT_JMPREL) jmprel = d->d_un.d_val;
        if (d->d_tag == DT_PLTRELSZ) pltrelsz = d->d_un.d_val;
        if (d->d_tag == DT_PLTREL) pltrel = d->d_un.d_val;
        if (d->d_tag == DT_FLAGS) flags = d->d_un.d_val;
        if (d->d_tag == DT_FLAGS_1) flags_1 = d->d_un.d_val;
    }
    if (!jmprel || !pltrelsz || (flags & DF_BIND_NOW) || (flags_1 & DF_1_NOW))
        fail_msg("the basic fixture must have lazily bindable PLT slots");
    size_t ent = pltrel == DT_RELA ? sizeof(ElfW(Rela)) : sizeof(ElfW(Rel));
    uint64_t last = 0;
    for (size_t i = 0; i < pltrelsz / ent; i++) {   /* r_offset is the first field of both */
        const ElfW(Rel) *r = (const ElfW(Rel) *)((const char *)at_vaddr(eh, jmprel) + i * ent);
        last = r->r_offset > last ? r->r_offset : last;
    }
    assert_true(last >= relro->p_vaddr);
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);   /* RELRO protects whole pages only */
    relro->p_memsz = ((last + sizeof(void *) + page - 1) & ~(page - 1)) - relro->p_vaddr;

    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(ELFLD_LAZY, &diag);
    elfld_lib *lib = NULL;
    tu_assert_rc(elfld_load_mem(env->ctx, buf, size, &o, &lib), 0, &diag);
    free(buf);
    fn_ii call_plt = (fn_ii)tu_sym(lib, "basic_call_plt");
    assert_int_equal(call_plt(2, 5), 21);
    assert_int_equal(call_plt(-4, 1), -9);
    assert_int_equal(tu_write_faults((volatile char *)(elfld_base(lib) + (uintptr_t)last)), 1);
    elfld_release(lib);
}

/*
 * A host whose pages are larger than the segments' alignment (64 KiB pages, a library linked
 * for 4 KiB): several segments share a page, which gets the union of their protections.  Code
 * and data in one page would be writable and executable, so that is refused unless the caller
 * allows W+X; allowed, the library loads and runs (copying a segment into a page shared with
 * the previous one, setting the union last).  A library whose segments do not share 64 KiB
 * pages (an arch whose linker aligns to 64 KiB) just loads.
 */
static int shares_wx_page(const char *path, uint64_t page)
{
    size_t size;
    unsigned char *buf = tu_read_file(path, &size);
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)buf;
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(buf + eh->e_phoff);
    int wx = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++)
        for (unsigned j = 0; j < eh->e_phnum; j++) {
            if (ph[i].p_type != PT_LOAD || ph[j].p_type != PT_LOAD || !(ph[i].p_flags & PF_X) ||
                !(ph[j].p_flags & PF_W))
                continue;
            uint64_t ilo = ph[i].p_vaddr & ~(page - 1), ihi = (ph[i].p_vaddr + ph[i].p_memsz + page - 1) & ~(page - 1);
            uint64_t jlo = ph[j].p_vaddr & ~(page - 1), jhi = (ph[j].p_vaddr + ph[j].p_memsz + page - 1) & ~(page - 1);
            wx |= ilo < jhi && jlo < ihi;
        }
    free(buf);
    return wx;
}

/* The basic library works: a PLT call, a string from its data, a .bss that reads as zero. */
static void check_basic_runs(elfld_lib *lib)
{
    fn_ii call_plt = (fn_ii)tu_sym(lib, "basic_call_plt");
    assert_int_equal(call_plt(2, 5), 21);
    const char **str = tu_sym(lib, "basic_string");
    assert_string_equal(*str, "hello from basic");
    fn_v touch = (fn_v)tu_sym(lib, "basic_bss_zero_then_touch");
    assert_int_equal(touch(), 1);
}

/*
 * The same with the host's own pages: a library linked for 1 KiB pages keeps its headers,
 * code and read-only data in one 4 KiB page (the first segment mapped from the file, the
 * others copied into its page) and gets the union of their protections there, while its data
 * stays in pages of its own.  Loaded with the POSIX host's file mappings.
 */
static void test_segments_share_pages(void **state)
{
    struct tu_env *env = *state;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    int wx = shares_wx_page(tu_fixture("pages1k"), page);
    struct elfld_opts o = tu_opts(ELFLD_NOW | (wx ? ELFLD_ALLOW_WX : 0), NULL);
    env->ch.allow_wx = wx;
    elfld_lib *lib = tu_load(env, "pages1k", &o);
    check_basic_runs(lib);
    if (!wx)                                 /* the code's page: executable, not writable */
        assert_int_equal(tu_write_faults((volatile char *)tu_sym(lib, "basic_call_plt")), 1);
    print_message("1 KiB segments on %lu-byte pages: W+X page %s\n", (unsigned long)page,
                  wx ? "yes (allowed)" : "no");
    elfld_release(lib);
}

static void test_large_host_pages(void **state)
{
    (void)state;
    struct tu_env env;
    tu_env_init(&env);
    /* The kernel's pages stay 4 KiB: file mappings of whole 64 KiB "pages" would reach past
     * the end of the file, so this host copies every segment (read_source) instead. */
    env.host.page_size = 65536;
    env.host.map_source = NULL;
    env.host.reserve_source = NULL;
    env.host.map_zero = NULL;
    tu_env_ctx(&env);
    int shared = shares_wx_page(tu_fixture("basic"), 65536);
    if (shared) {
        struct elfld_diag diag;
        tu_load_fail(&env, tu_fixture("basic"), NULL, ELFLD_ESEGMENT, &diag);
        assert_non_null(strstr(diag.message, "W^X"));
    }
    struct elfld_opts o = tu_opts(ELFLD_NOW | (shared ? ELFLD_ALLOW_WX : 0), NULL);
    env.ch.allow_wx = shared;        /* the union of code and data is W+X, as asked */
    elfld_lib *lib = tu_load(&env, "basic", &o);
    check_basic_runs(lib);
    print_message("64 KiB host pages: code and data %s a page\n", shared ? "share" : "do not share");
    elfld_release(lib);
    tu_env_destroy(&env);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_symbols_lazy),
        TU_TEST(test_symbols_now),
        TU_TEST(test_data_pointers),
        TU_TEST(test_plt_calls_lazy),
        TU_TEST(test_plt_calls_now),
        TU_TEST(test_lazy_slots_in_relro),
        TU_TEST(test_large_host_pages),
        TU_TEST(test_segments_share_pages),
        TU_TEST(test_got_data),
        TU_TEST(test_bss),
        TU_TEST(test_inspection),
        TU_TEST(test_protections),
        TU_TEST(test_two_copies),
        TU_TEST(test_load_mem),
    };
    return cmocka_run_group_tests_name("basic", tests, NULL, NULL);
}
