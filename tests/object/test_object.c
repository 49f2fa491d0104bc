/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object.c - relocatable objects and archives, per fixture toolchain:
 *   hybrid     an object and a shared object linked as one elfld_link group, calling each
 *              other and reading each other's data
 *   cxx        two C++ objects instantiating the same templates and inline functions: one
 *              copy of every COMDAT group is kept (the first), the other discarded
 *   archive    member selection as a static linker does it (transitive, repeated), opts.require,
 *              ELFLD_INPUT_WHOLE_ARCHIVE, archives from memory
 *   far        an image placed far from the host functions it calls: every call through a stub
 *              (or, on arches whose branches reach everything, no stub at all)
 *   errors     duplicate definitions, undefined symbols, TLS, corrupt archive, unknown
 *              relocation type, non-relocatable input: exact code, nothing left behind
 *   faults     the k-th fallible host call fails for every k during an object load
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN cxx|nocxx FAULT_VARIANT REPORT_FILE
 */
#define _GNU_SOURCE
#include "testutil.h"

#include "core/arch.h"
#include "obj_place.h"

static int have_cxx;
static const char *fault_variant;
static const char *report_path;

static const char *fx(const char *name) { return tu_fixture_ext(name, "o"); }

static struct elfld_input in_name(const char *path, unsigned flags)
{
    struct elfld_input i;
    memset(&i, 0, sizeof i);
    i.name = path;
    i.flags = flags;
    return i;
}

static elfld_lib *load_ok(struct tu_env *env, const struct elfld_input *in, size_t n,
                          struct elfld_opts *o)
{
    struct elfld_diag d;
    if (!o->diag)
        o->diag = &d;
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, in, n, o, &lib);
    tu_assert_rc(rc, 0, o->diag);
    o->diag = o->diag == &d ? NULL : o->diag;
    assert_non_null(lib);
    return lib;
}

/* Load expecting `want`; asserts the code, the diag and that nothing is left behind. */
static void load_fail(struct tu_env *env, const struct elfld_input *in, size_t n,
                      struct elfld_opts *o, int want, struct elfld_diag *d)
{
    struct tu_snap before = tu_snap_take(env);
    o->diag = d;
    elfld_lib *lib = (elfld_lib *)(uintptr_t)1;
    int rc = elfld_load_objects(env->ctx, in, n, o, &lib);
    tu_assert_rc(rc, want, d);
    assert_int_equal(d->code, want);
    tu_snap_assert_same(env, before);
    assert_null(elfld_next(env->ctx, NULL));   /* no library left in the context */
}

/* ---------------------------------------------------------------- host functions */
static int host_add3(int a, int b, int c) { return a + b + c; }
static long host_mix(long a, long b) { return a * 100 + b; }

static int supply_host(void *user, const char *name, const char *version,
                       struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "host_add3") == 0)
        out->addr = (void *)host_add3;
    else if (strcmp(name, "host_mix") == 0)
        out->addr = (void *)host_mix;
    else
        return 0;
    out->size = 0;
    return 1;
}

/* ---------------------------------------------------------------- hybrid */
static void hybrid(struct tu_env *env, int obj_first)
{
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    elfld_lib *so = NULL, *ob = NULL;
    tu_assert_rc(elfld_open(env->ctx, tu_fixture_ext("hybrid_lib", "so"), &o, &so), 0, &d);
    struct elfld_input in = in_name(fx("hybrid_obj"), 0);
    o.name = "hybrid_obj";
    tu_assert_rc(elfld_open_objects(env->ctx, &in, 1, &o, &ob), 0, &d);
    assert_null(elfld_sym(ob, "obj_entry"));          /* not linked yet */
    elfld_lib *grp[2] = {obj_first ? ob : so, obj_first ? so : ob};
    memset(&d, 0, sizeof d);
    tu_assert_rc(elfld_link(env->ctx, grp, 2, &d), 0, &d);

    int (*entry)(int) = (int (*)(int))tu_sym(ob, "obj_entry");
    int (*twice_plus)(int) = (int (*)(int))tu_sym(so, "lib_twice_plus");
    int *lib_counter = tu_sym(so, "lib_counter");
    int *obj_value = tu_sym(ob, "obj_value");
    assert_null(elfld_sym(so, "obj_value"));           /* each symbol in its own image */
    assert_int_equal(entry(3), 2 * (30 + 7) + 7 + 101);  /* obj -> so -> obj, and data */
    assert_int_equal(*lib_counter, 101);
    assert_int_equal(twice_plus(1), 2 * (10 + 7) + 7);
    *obj_value = 10;                                   /* the .so reads the object's data */
    assert_int_equal(twice_plus(1), 2 * (10 + 10) + 10);
    *lib_counter = 0;                                  /* the object reads the .so's data */
    assert_int_equal(entry(0), 2 * 10 + 10 + 1);
    elfld_release(ob);
    elfld_release(so);
}

static void test_hybrid(void **state)
{
    hybrid(*state, 0);
    hybrid(*state, 1);
}

/* ---------------------------------------------------------------- C++ COMDAT */
#define TSUM_INT "_Z4tsumIiET_PKS0_i"        /* int tsum<int>(int const*, int) */

static void cxx(struct tu_env *env, int a_first)
{
    struct elfld_input in[2] = {in_name(fx("cxx_a"), 0), in_name(fx("cxx_b"), 0)};
    if (!a_first) {
        struct elfld_input t = in[0];
        in[0] = in[1];
        in[1] = t;
    }
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    elfld_lib *lib = load_ok(env, in, 2, &o);
    int (*a)(int) = (int (*)(int))tu_sym(lib, "cxx_a");
    int (*b)(int) = (int (*)(int))tu_sym(lib, "cxx_b");
    double (*ad)(double) = (double (*)(double))tu_sym(lib, "cxx_a_d");
    void *(*a_tsum)(void) = (void *(*)(void))tu_sym(lib, "cxx_a_tsum_addr");
    void *(*b_tsum)(void) = (void *(*)(void))tu_sym(lib, "cxx_b_tsum_addr");
    void *(*a_ctr)(void) = (void *(*)(void))tu_sym(lib, "cxx_a_counter_addr");
    void *(*b_ctr)(void) = (void *(*)(void))tu_sym(lib, "cxx_b_counter_addr");
    int (*a_made)(void) = (int (*)(void))tu_sym(lib, "cxx_a_made");
    int (*b_made)(void) = (int (*)(void))tu_sym(lib, "cxx_b_made");

    /* One shared_counter() for both objects: bump() accumulates across them. */
    assert_int_equal(a(5), 10 + 10 + 1);
    assert_int_equal(b(2), (2 + 2 + 5) * 100 + 6 + 11);
    assert_int_equal(a(0), 10 + 0 + 12);
    assert_int_equal(b(-1), (-1 - 1 + 5) * 100 + 0 + 22);
    assert_true(ad(2.0) == 2.75);
    assert_ptr_equal(a_ctr(), b_ctr());
    assert_int_equal(*(int *)a_ctr(), 22);
    /* Box<int>::made: one static member for the image, constructed 4 times */
    assert_int_equal(a_made(), 4);
    assert_int_equal(b_made(), 4);

    /* One tsum<int>: both objects take the same address, the exported symbol's. */
    void *t = a_tsum();
    assert_ptr_equal(t, b_tsum());
    struct elfld_syminfo si;
    assert_int_equal(elfld_sym_info(lib, TSUM_INT, NULL, &si), 0);
    assert_ptr_equal(si.addr, t);
    assert_int_equal(si.bind, ELFLD_BIND_WEAK);        /* template instances are weak */
    assert_int_equal(elfld_addr_info(env->ctx, (char *)t + 1, &si), 0);
    assert_string_equal(si.name, TSUM_INT);
    /* The winner is the first object's copy: it lies in the first object's text, i.e. before
     * the second object's own (non-COMDAT) functions... text is laid out in input order. */
    void *first_fn = tu_sym(lib, a_first ? "cxx_a" : "cxx_b");
    void *second_fn = tu_sym(lib, a_first ? "cxx_b" : "cxx_a");
    assert_true((uintptr_t)first_fn < (uintptr_t)second_fn);
    assert_true((uintptr_t)t < (uintptr_t)second_fn);
    elfld_release(lib);
}

static void test_cxx(void **state)
{
    if (!have_cxx) {
        print_message("no C++ compiler for toolchain %s (see the configure output)\n",
                      tu_toolchain);
        skip();
    }
    cxx(*state, 1);
    cxx(*state, 0);
}

/* ---------------------------------------------------------------- archives */
static void test_archive(void **state)
{
    struct tu_env *env = *state;
    const char *ar = tu_fixture_ext("libar", "a");
    struct elfld_input in[2] = {in_name(fx("ar_main"), 0), in_name(ar, 0)};
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);

    /* only what is needed: ar_needed.o, and ar_member_with_a_long_name.o through it */
    elfld_lib *lib = load_ok(env, in, 2, &o);
    int (*ar_main)(int) = (int (*)(int))tu_sym(lib, "ar_main");
    assert_int_equal(ar_main(1), (1 + 1000) * 2 + 1);
    assert_non_null(elfld_sym(lib, "ar_needed"));
    assert_non_null(elfld_sym(lib, "ar_helper"));
    assert_int_equal(*(int *)tu_sym(lib, "ar_helper_calls"), 1);
    assert_null(elfld_sym(lib, "ar_unused"));
    assert_null(elfld_sym(lib, "ar_unused_value"));
    assert_null(elfld_sym(lib, "ar_required"));
    elfld_release(lib);

    /* opts.require pulls ar_required.o in as well */
    const char *req[] = {"ar_required"};
    o.require = req;
    o.require_count = 1;
    lib = load_ok(env, in, 2, &o);
    int (*ar_required)(int) = (int (*)(int))tu_sym(lib, "ar_required");
    assert_int_equal(ar_required(4), 12);
    assert_null(elfld_sym(lib, "ar_unused"));
    elfld_release(lib);

    /* the archive alone, from memory, with only a requirement */
    size_t size;
    unsigned char *bytes = tu_read_file(ar, &size);
    struct elfld_input mem = {"libar-mem.a", bytes, size, 0};
    const char *req2[] = {"ar_needed"};
    o.require = req2;
    lib = load_ok(env, &mem, 1, &o);
    int (*needed)(int) = (int (*)(int))tu_sym(lib, "ar_needed");
    assert_int_equal(needed(0), 2000);
    assert_non_null(elfld_sym(lib, "ar_helper"));
    assert_null(elfld_sym(lib, "ar_unused"));
    assert_null(elfld_sym(lib, "ar_required"));
    elfld_release(lib);

    /* the whole archive */
    o.require = NULL;
    o.require_count = 0;
    in[1].flags = ELFLD_INPUT_WHOLE_ARCHIVE;
    lib = load_ok(env, in, 2, &o);
    int (*unused)(void) = (int (*)(void))tu_sym(lib, "ar_unused");
    assert_int_equal(unused(), 55);
    assert_non_null(elfld_sym(lib, "ar_required"));
    assert_int_equal(ar_main == NULL, 0);
    elfld_release(lib);

    /* a requirement nobody defines */
    struct elfld_diag d;
    const char *req3[] = {"ar_no_such_symbol"};
    o.require = req3;
    o.require_count = 1;
    in[1].flags = 0;
    load_fail(env, in, 2, &o, ELFLD_ENOSYM, &d);
    assert_string_equal(d.symbol, "ar_no_such_symbol");

    /* a NULL name in the list: refused before anything is opened */
    const char *req4[] = {"ar_needed", NULL};
    o.require = req4;
    o.require_count = 2;
    load_fail(env, in, 2, &o, ELFLD_EINVAL, &d);
    assert_non_null(strstr(d.message, "require[1] is NULL"));
    free(bytes);
}

/* ---------------------------------------------------------------- out-of-range branches */
static void far(struct tu_env *env, const char *obj)
{
    struct elfld_input in = in_name(fx(obj), 0);
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.pre_find = supply_host;
    elfld_lib *lib = load_ok(env, &in, 1, &o);
    uintptr_t base = elfld_base(lib), end = base + elfld_size(lib);
    uintptr_t host = (uintptr_t)host_add3;
    print_message("%s: image %#lx..%#lx, host_add3 at %#lx\n", obj, (unsigned long)base,
                  (unsigned long)end, (unsigned long)host);
    assert_true(obj_dist(base, host) > OBJ_FAR_MIN && obj_dist(end, host) > OBJ_FAR_MIN);
    assert_true(obj_dist(base, (uintptr_t)host_mix) > OBJ_FAR_MIN / 2);
    int (*call)(int) = (int (*)(int))tu_sym(lib, "far_call");
    long (*mix)(long) = (long (*)(long))tu_sym(lib, "far_mix");
    int (*tail)(int) = (int (*)(int))tu_sym(lib, "far_tail");
    int (*local)(int) = (int (*)(int))tu_sym(lib, "far_local");
    assert_int_equal(call(4), 4 + 2 + 3 + 1);
    assert_int_equal(call(-10), -4);
    assert_int_equal(mix(7), (7 * 100 + 5) * 2);
    assert_int_equal(tail(3), 9);
    assert_int_equal(local(5), 11);
    elfld_release(lib);
}

static void test_far(void **state)
{
    struct tu_env *env = *state;
    /* The far host: every image goes more than OBJ_FAR_MIN away from host_add3. */
    tu_env_destroy(env);
    tu_env_init(env);
    obj_far_from = (uintptr_t)host_add3;
    env->ch.inner.reserve = obj_reserve_far;
    tu_env_ctx(env);
#if defined(__i386__) || (defined(__riscv) && __riscv_xlen == 32)
    /* i386 (call rel32) and riscv32 (auipc+jalr: +-2 GiB) reach every address of a 32-bit
     * space modulo 2^32, so the backend plans no stubs at all: the calls below work without
     * one wherever the image is. */
    assert_int_equal(elfld_arch_stub_size, 0);
#else
    assert_true(elfld_arch_stub_size > 0);
#endif
    far(env, "far_obj");
    far(env, "far_nopic");
}

/* ---------------------------------------------------------------- errors */
static void test_err_dupsym(void **state)
{
    struct tu_env *env = *state;
    struct elfld_input in[2] = {in_name(fx("err_dup1"), 0), in_name(fx("err_dup2"), 0)};
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    struct elfld_diag d;
    load_fail(env, in, 2, &o, ELFLD_EDUPSYM, &d);
    assert_string_equal(d.symbol, "dup_symbol");
    assert_non_null(strstr(d.message, fx("err_dup1")));
    assert_non_null(strstr(d.message, fx("err_dup2")));
    /* the same object twice is a duplicate too */
    in[1] = in[0];
    load_fail(env, in, 2, &o, ELFLD_EDUPSYM, &d);
}

static void test_err_nosym(void **state)
{
    struct tu_env *env = *state;
    struct elfld_input in = in_name(fx("err_undef"), 0);
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    struct elfld_diag d;
    load_fail(env, &in, 1, &o, ELFLD_ENOSYM, &d);
    assert_string_equal(d.symbol, "elfld_nowhere_defined");
    assert_non_null(strstr(d.message, "elfld_nowhere_defined"));
    /* an undefined weak reference alone is fine and reads as 0 */
    in = in_name(fx("err_weak"), 0);
    elfld_lib *lib = load_ok(env, &in, 1, &o);
    assert_int_equal(((int (*)(void))tu_sym(lib, "weak_probe"))(), 42);
    elfld_release(lib);
}

/* An object with thread-local storage, on a host without per-thread values: its dynamic
 * TLS module cannot be made (ELFLD_ETLS, nothing left behind).  The models themselves are
 * tested by test_tls's "obj" mode. */
static void test_err_tls(void **state)
{
    struct tu_env *env = *state;
    elfld_ctx_destroy(env->ctx);
    env->host.tls_key_create = NULL;
    tu_env_ctx(env);
    struct elfld_input in = in_name(fx("err_tls"), 0);
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    struct elfld_diag d;
    load_fail(env, &in, 1, &o, ELFLD_ETLS, &d);
}

static void test_err_archive(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *bytes = tu_read_file(tu_fixture_ext("libar", "a"), &size);
    unsigned char *bad = malloc(size);
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    struct elfld_diag d;
    struct elfld_input in = {"corrupt.a", bad, size, ELFLD_INPUT_WHOLE_ARCHIVE};
    assert_true(size > 8 + 60 && memcmp(bytes, "!<arch>\n", 8) == 0);

    /* the first member header's terminator */
    memcpy(bad, bytes, size);
    assert_int_equal(bad[8 + 58], '`');
    bad[8 + 58] = 'X';
    load_fail(env, &in, 1, &o, ELFLD_EARCHIVE, &d);
    /* a member size running past the end of the archive */
    memcpy(bad, bytes, size);
    memcpy(bad + 8 + 48, "9999999999", 10);
    load_fail(env, &in, 1, &o, ELFLD_EARCHIVE, &d);
    /* a size field that is not a number */
    memcpy(bad, bytes, size);
    memcpy(bad + 8 + 48, "12x4      ", 10);
    load_fail(env, &in, 1, &o, ELFLD_EARCHIVE, &d);
    /* truncated in the middle of a header */
    memcpy(bad, bytes, size);
    in.size = 8 + 30;
    load_fail(env, &in, 1, &o, ELFLD_EARCHIVE, &d);
    free(bad);
    free(bytes);
}

/* src/elf.h (through arch.h): elf_ehdr / elf_shdr / ELF_R_SYM of this build's class */
#if UINTPTR_MAX > 0xffffffffu
#define R_INFO(sym, type) (((uint64_t)(sym) << 32) | (uint32_t)(type))
#define RTYPE_MAX 0xffffffffu
#else
#define R_INFO(sym, type) (((uint32_t)(sym) << 8) | (uint8_t)(type))
#define RTYPE_MAX 0xffu
#endif

/* Give the first record of the first relocation section of an allocated section type
 * `type`; returns that relocation section's index. */
static long patch_first_record(unsigned char *buf, uint32_t type)
{
    elf_ehdr eh;
    memcpy(&eh, buf, sizeof eh);
    long patched = -1;
    for (unsigned i = 1; i < eh.e_shnum && patched < 0; i++) {
        elf_shdr sh, target;
        memcpy(&sh, buf + eh.e_shoff + (size_t)i * sizeof sh, sizeof sh);
        if ((sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) || sh.sh_size == 0)
            continue;
        memcpy(&target, buf + eh.e_shoff + (size_t)sh.sh_info * sizeof target, sizeof target);
        if (!(target.sh_flags & SHF_ALLOC))
            continue;
        /* r_info is the second word of both Rel and Rela */
        unsigned char *rec = buf + sh.sh_offset + sizeof(uintptr_t);
        uintptr_t info;
        memcpy(&info, rec, sizeof info);
        info = (uintptr_t)R_INFO(ELF_R_SYM(info), type);
        memcpy(rec, &info, sizeof info);
        patched = (long)i;
    }
    return patched;
}

static void test_err_reltype(void **state)
{
    struct tu_env *env = *state;
    size_t size;
    unsigned char *buf = tu_read_file(fx("far_obj"), &size);
    /* a type this backend does not know */
    uint32_t unknown = 0;
    for (uint32_t t = 1; t <= RTYPE_MAX; t++) {
        const char *name;
        if (elfld_arch_obj_classify(t, &name) == 0) {
            unknown = t;
            break;
        }
    }
    assert_true(unknown != 0);
    assert_true(patch_first_record(buf, unknown) > 0);
    struct elfld_input in = {"far_obj-patched.o", buf, size, 0};
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.pre_find = supply_host;
    struct elfld_diag d;
    load_fail(env, &in, 1, &o, ELFLD_ERELTYPE, &d);
    assert_int_equal(d.reloc_type, (long)unknown);
    assert_int_equal(d.reloc_index, 0);
    free(buf);
}

/* A thread-local type the backend does not apply in objects (one it knows by name but gives no
 * form, or a dynamic-only one: arch.h) is refused with ELFLD_ETLS naming it, nothing left
 * behind. */
static void test_err_tls_type(void **state)
{
    struct tu_env *env = *state;
    uint32_t type = 0;
    const char *name = NULL;
    for (uint32_t t = 1; t < 1024 && !type; t++) {
        unsigned f = elfld_arch_obj_classify(t, &name);
        if ((f & ELFLD_OBJ_TLS) && !((f & ELFLD_OBJ_KNOWN) && ELFLD_OBJ_TLS_FORM_OF(f)))
            type = t;
    }
    if (!type) {
        printf("every thread-local type of this backend is applied in objects\n");
        return;
    }
    size_t size;
    unsigned char *buf = tu_read_file(fx("err_tls"), &size);
    assert_true(patch_first_record(buf, type) > 0);
    struct elfld_input in = {"err_tls-patched.o", buf, size, 0};
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    o.pre_find = supply_host;
    struct elfld_diag d;
    load_fail(env, &in, 1, &o, ELFLD_ETLS, &d);
    assert_int_equal(d.reloc_type, (long)type);
    assert_non_null(name);
    assert_non_null(strstr(d.message, name));
    free(buf);
}

static void test_err_type(void **state)
{
    struct tu_env *env = *state;
    struct elfld_input in = in_name(tu_fixture_ext("hybrid_lib", "so"), 0);
    struct elfld_opts o = tu_opts(ELFLD_NOW, NULL);
    struct elfld_diag d;
    load_fail(env, &in, 1, &o, ELFLD_ETYPE, &d);
    /* a missing input */
    in = in_name("/nonexistent/elfld-object.o", 0);
    load_fail(env, &in, 1, &o, ELFLD_ENOENT, &d);
}

/* ---------------------------------------------------------------- fault injection */
/* Each injected failure gives the code of its hook (count_host_fault_code: reserve, alloc,
 * reserve_source, open and map_zero ENOMEM, protect EPROTECT, read_source EIO); a failure
 * the load absorbs must leave a program that runs like the clean load's. */
#define MAX_K 5000

/* program_main writes the report the reference build wrote (report_path). */
static void check_program(elfld_lib *lib)
{
    size_t n;
    char *want = (char *)tu_read_file(report_path, &n);
    static char out[4096];
    int len = ((int (*)(char *, size_t))tu_sym(lib, "program_main"))(out, sizeof out);
    assert_int_equal(len, (int)n);
    assert_memory_equal(out, want, n);
    free(want);
}

static void test_faults(void **state)
{
    struct tu_env *env = *state;
    static const char *const names[] = {"prog_main", "prog_util", "prog_data", "prog_math"};
    char paths[4][4096];
    struct elfld_input in[4];
    for (int i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s-%s.o", tu_fixture_dir, names[i], fault_variant);
        in[i] = in_name(paths[i], 0);
    }
    int k;
    long absorbed = 0;
    for (k = 1; k <= MAX_K; k++) {
        struct tu_snap before = tu_snap_take(env);
        env->ch.fail_at = k;
        env->ch.fallible_calls = 0;
        env->ch.injected = 0;
        elfld_lib *lib = NULL;
        struct elfld_diag d;
        struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
        int rc = elfld_load_objects(env->ctx, in, 4, &o, &lib);
        long injected = env->ch.injected;
        int hook = env->ch.injected_hook;
        env->ch.fail_at = 0;
        if (injected == 0) {
            tu_assert_rc(rc, 0, &d);
            check_program(lib);    /* the load that succeeds after all the failures works */
            elfld_release(lib);
            break;
        }
        if (rc == 0) {
            absorbed++;            /* absorbed (an optional step): must still work */
            check_program(lib);
            elfld_release(lib);
            tu_snap_assert_same(env, before);
            continue;
        }
        if (rc != count_host_fault_code(hook))
            fail_msg("k=%d: the %s failure gave rc=%d (%s), want %d (%s): %s", k,
                     count_host_hook_name(hook), rc, elfld_strerror(rc),
                     count_host_fault_code(hook), elfld_strerror(count_host_fault_code(hook)),
                     d.message);
        assert_int_equal(d.code, rc);
        tu_snap_assert_same(env, before);
        assert_null(elfld_next(env->ctx, NULL));
    }
    if (k > MAX_K)
        fail_msg("still failing after %d injected faults", MAX_K);
    print_message("object load (%s): %d fault points checked, %ld absorbed\n", fault_variant,
                  k - 1, absorbed);
    assert_true(k > 10);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 6) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN cxx|nocxx FAULT_VARIANT REPORT\n",
                argv[0]);
        return 2;
    }
    have_cxx = strcmp(argv[3], "cxx") == 0;
    fault_variant = argv[4];
    report_path = argv[5];
    const struct CMUnitTest tests[] = {
        TU_TEST(test_hybrid),
        TU_TEST(test_cxx),
        TU_TEST(test_archive),
        TU_TEST(test_far),
        TU_TEST(test_err_dupsym),
        TU_TEST(test_err_nosym),
        TU_TEST(test_err_tls),
        TU_TEST(test_err_archive),
        TU_TEST(test_err_reltype),
        TU_TEST(test_err_tls_type),
        TU_TEST(test_err_type),
        TU_TEST(test_faults),
    };
    return cmocka_run_group_tests_name(tu_toolchain, tests, NULL, NULL);
}
