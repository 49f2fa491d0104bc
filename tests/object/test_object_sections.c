/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_sections.c - object linking corner cases of the ELF format itself:
 *   - extended section numbering: an object with 66000+ sections (e_shnum 0, SHN_XINDEX
 *     symbols, SHT_SYMTAB_SHNDX), with relocations against a global and against a local
 *     label in high sections;
 *   - legacy .ctors / .dtors: run after .init_array, .ctors last to first, .dtors first to
 *     last, as GCC's crtstuff does.
 * Arguments: DIR TOOLCHAIN; the objects are DIR/xindex-TOOLCHAIN.o and DIR/ctors-TOOLCHAIN.o.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static char g_dir[512], g_tc[64];

static void path(char *out, size_t cap, const char *stem)
{
    snprintf(out, cap, "%s/%s-%s.o", g_dir, stem, g_tc);
}

static void test_xindex(void **state)
{
    struct tu_env *env = *state;
    char p[640];
    path(p, sizeof p, "xindex");
    struct elfld_input in = {p, NULL, 0, 0};
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, &in, 1, &o, &lib);
    if (rc)
        fail_msg("load %s: %s: %s", p, elfld_strerror(rc), d.message);
    const int *d0 = (const int *)elfld_sym(lib, "d0");
    const int *d65998 = (const int *)elfld_sym(lib, "d65998");
    const int *d65999 = (const int *)elfld_sym(lib, "d65999");
    assert_non_null(d0);
    assert_non_null(d65998);
    assert_non_null(d65999);
    assert_int_equal(*d0, 0);
    assert_int_equal(*d65998, 65998);
    assert_int_equal(*d65999, 65999);
    const int *const *dptr = (const int *const *)elfld_sym(lib, "dptr");
    const int *const *lptr = (const int *const *)elfld_sym(lib, "lptr");
    assert_ptr_equal(*dptr, d65998);        /* relocation against an SHN_XINDEX global */
    assert_int_equal(**lptr, 424242);       /* ... and against a high section's symbol */
    elfld_release(lib);
}

static int notes[8], nnotes;
static void host_note(int v)
{
    if (nnotes < 8)
        notes[nnotes++] = v;
}

static int find(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "host_note") != 0)
        return 0;
    out->addr = (void *)host_note;
    return 1;
}

static void test_ctors_dtors(void **state)
{
    struct tu_env *env = *state;
    char p[640];
    path(p, sizeof p, "ctors");
    struct elfld_input in = {p, NULL, 0, 0};
    struct elfld_diag d;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &d);
    o.pre_find = find;
    nnotes = 0;
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, &in, 1, &o, &lib);
    if (rc)
        fail_msg("load %s: %s: %s", p, elfld_strerror(rc), d.message);
    assert_int_equal(nnotes, 3);
    assert_int_equal(notes[0], 10);         /* .init_array first */
    assert_int_equal(notes[1], 2);          /* then .ctors, last entry first */
    assert_int_equal(notes[2], 1);
    elfld_release(lib);
    assert_int_equal(nnotes, 5);
    assert_int_equal(notes[3], -1);         /* .dtors first entry first */
    assert_int_equal(notes[4], -2);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return fprintf(stderr, "usage: %s DIR TOOLCHAIN\n", argv[0]), 2;
    snprintf(g_dir, sizeof g_dir, "%s", argv[1]);
    snprintf(g_tc, sizeof g_tc, "%s", argv[2]);
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_xindex),
        TU_TEST(test_ctors_dtors),
    };
    return cmocka_run_group_tests_name("object-sections", tests, NULL, NULL);
}
