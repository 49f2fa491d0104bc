/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_zlib.c - a real static archive: libz.a (Debian's from zlib1g-dev on x86_64, else
 * zlib from Debian's source package compiled to .o files by the cross compiler and archived by
 * tests/object/meson.build).  Only the members the required symbols need are linked; the C
 * library functions zlib calls come from the host.
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN LIBZ_A [RUNTIME_A]: RUNTIME_A (may be empty) is the compiler's
 * runtime archive (libgcc.a), loaded after libz.a as a static link would add it: 32-bit arches
 * need its 64-bit division helpers.
 */
#include "testutil.h"

static const char *libz_a, *runtime_a;

typedef unsigned long (*sum_fn)(unsigned long, const unsigned char *, unsigned);
typedef int (*compress2_fn)(unsigned char *, unsigned long *, const unsigned char *,
                            unsigned long, int);
typedef int (*uncompress_fn)(unsigned char *, unsigned long *, const unsigned char *,
                             unsigned long);

static const char *const required[] = {"crc32", "adler32", "compress2", "uncompress",
                                       "zlibVersion"};

static elfld_lib *load_libz(struct tu_env *env, unsigned flags)
{
    struct elfld_input in[2];
    memset(in, 0, sizeof in);
    in[0].name = libz_a;
    in[0].flags = flags;
    in[1].name = runtime_a;
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    o.require = required;
    o.require_count = sizeof required / sizeof required[0];
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, in, runtime_a ? 2 : 1, &o, &lib);
    tu_assert_rc(rc, 0, &d);
    return lib;
}

static void exercise(elfld_lib *lib)
{
    sum_fn crc = (sum_fn)tu_sym(lib, "crc32");
    sum_fn adler = (sum_fn)tu_sym(lib, "adler32");
    assert_int_equal(crc(0, (const unsigned char *)"123456789", 9), 0xcbf43926UL);
    assert_int_equal(adler(1, (const unsigned char *)"Wikipedia", 9), 0x11E60398UL);
    const char *(*version)(void) = (const char *(*)(void))tu_sym(lib, "zlibVersion");
    assert_int_equal(version()[0], '1');
    assert_int_equal(version()[1], '.');

    compress2_fn comp = (compress2_fn)tu_sym(lib, "compress2");
    uncompress_fn unc = (uncompress_fn)tu_sym(lib, "uncompress");
    enum { N = 100000 };
    unsigned char *src = malloc(N), *z = malloc(2 * N), *back = malloc(N);
    assert_true(src && z && back);
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        src[i] = (unsigned char)("abcdefgh"[(x >> 16) & 7] + (i >> 12));
    }
    for (int level = 1; level <= 9; level += 4) {
        unsigned long zl = 2 * N, bl = N;
        assert_int_equal(comp(z, &zl, src, N, level), 0);       /* Z_OK */
        assert_true(zl > 0 && zl < N / 2);
        memset(back, 0, N);
        assert_int_equal(unc(back, &bl, z, zl), 0);
        assert_int_equal(bl, N);
        assert_memory_equal(back, src, N);
        /* a corrupted stream is refused (Z_DATA_ERROR) */
        z[zl / 2] ^= 0x55;
        bl = N;
        assert_int_not_equal(unc(back, &bl, z, zl), 0);
    }
    assert_int_equal(crc(0, src, N), crc(crc(0, src, 777), src + 777, N - 777));
    free(src);
    free(z);
    free(back);
}

/* Only the needed members: no gz* file functions (gzlib.o, gzread.o, ...). */
static void test_needed_members(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_libz(env, 0);
    exercise(lib);
    assert_null(elfld_sym(lib, "gzopen"));
    assert_null(elfld_sym(lib, "gzread"));
    assert_null(elfld_sym(lib, "inflateBack"));       /* infback.o */
    assert_non_null(elfld_sym(lib, "inflate"));       /* needed by uncompress */
    assert_non_null(elfld_sym(lib, "deflate"));       /* needed by compress2 */
    elfld_release(lib);
}

static void test_whole_archive(void **state)
{
    struct tu_env *env = *state;
    elfld_lib *lib = load_libz(env, ELFLD_INPUT_WHOLE_ARCHIVE);
    exercise(lib);
    assert_non_null(elfld_sym(lib, "gzopen"));
    assert_non_null(elfld_sym(lib, "inflateBack"));
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 4 || argv[3][0] == 0) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN LIBZ_A\n", argv[0]);
        return 2;
    }
    libz_a = argv[3];
    runtime_a = argc > 4 && argv[4][0] ? argv[4] : NULL;
    const struct CMUnitTest tests[] = {
        TU_TEST(test_needed_members),
        TU_TEST(test_whole_archive),
    };
    return cmocka_run_group_tests_name("libz.a", tests, NULL, NULL);
}
