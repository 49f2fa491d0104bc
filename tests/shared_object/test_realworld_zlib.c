/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_realworld_zlib.c - realworld: the system's libz.so.1, loaded with the POSIX host.
 *
 * Why: our fixtures only contain what we thought of; a distribution library built by someone
 * else's toolchain has what real code has (crt init/fini, versioned libc references
 * resolved through the host, RELRO, IFUNC-free hot loops, callbacks).  zlib is everywhere and
 * has exact, well-known results.  The path comes from tests/meson.build per arch (argv[3]).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef unsigned long uLong_;
typedef int (*compress2_fn)(unsigned char *, uLong_ *, const unsigned char *, uLong_, int);
typedef int (*uncompress_fn)(unsigned char *, uLong_ *, const unsigned char *, uLong_);
typedef uLong_ (*compressBound_fn)(uLong_);
typedef uLong_ (*crc32_fn)(uLong_, const unsigned char *, unsigned);
typedef uLong_ (*adler32_fn)(uLong_, const unsigned char *, unsigned);
typedef const char *(*version_fn)(void);

static const char *libz_path(void)
{
    if (tu_argc < 4 || tu_argv[3][0] == '\0')
        fail_msg("no libz path configured for this arch (tests/meson.build realworld_libz or "
                 "the cross file's 'libz' property)");
    return tu_argv[3];
}

static void check_zlib(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(flags, NULL);
    elfld_lib *z = tu_load_path(env, libz_path(), &o);

    assert_non_null(elfld_soname(z));
    assert_string_equal(elfld_soname(z), "libz.so.1");

    version_fn version = (version_fn)tu_sym(z, "zlibVersion");
    const char *v = version();
    assert_non_null(v);
    assert_memory_equal(v, "1.2", 3);

    crc32_fn crc32 = (crc32_fn)tu_sym(z, "crc32");
    assert_int_equal(crc32(0, (const unsigned char *)"123456789", 9), 0xcbf43926UL);
    adler32_fn adler32 = (adler32_fn)tu_sym(z, "adler32");
    assert_int_equal(adler32(1, (const unsigned char *)"Wikipedia", 9), 0x11E60398UL);

    /* Round trip of a few KB of compressible but not trivial data. */
    enum { N = 6000 };
    unsigned char *src = malloc(N);
    assert_non_null(src);
    for (int i = 0; i < N; i++)
        src[i] = (unsigned char)("the quick brown fox "[i % 20] + (i / 997));
    compressBound_fn bound = (compressBound_fn)tu_sym(z, "compressBound");
    uLong_ clen = bound(N);
    assert_true(clen >= N);
    unsigned char *comp = malloc(clen);
    assert_non_null(comp);
    compress2_fn compress2 = (compress2_fn)tu_sym(z, "compress2");
    assert_int_equal(compress2(comp, &clen, src, N, 9), 0 /* Z_OK */);
    assert_true(clen > 10 && clen < N / 2);
    assert_int_equal(comp[0], 0x78); /* zlib header, deflate with 32K window */

    unsigned char *out = malloc(N);
    assert_non_null(out);
    uLong_ olen = N;
    uncompress_fn uncompress = (uncompress_fn)tu_sym(z, "uncompress");
    assert_int_equal(uncompress(out, &olen, comp, clen), 0);
    assert_int_equal(olen, N);
    assert_memory_equal(out, src, N);

    /* Corrupted input is detected (zlib's own checks run in the loaded code). */
    comp[clen / 2] ^= 0x55;
    olen = N;
    assert_true(uncompress(out, &olen, comp, clen) < 0);

    free(src);
    free(comp);
    free(out);
    elfld_release(z);
}

static void test_zlib_lazy(void **state) { check_zlib(state, ELFLD_LAZY); }
static void test_zlib_now(void **state) { check_zlib(state, ELFLD_NOW); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_zlib_lazy),
        TU_TEST(test_zlib_now),
    };
    return cmocka_run_group_tests_name("realworld_zlib", tests, NULL, NULL);
}
