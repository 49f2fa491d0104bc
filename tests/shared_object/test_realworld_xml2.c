/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_realworld_xml2.c - Debian's libxml2.so.2 with its dependency tree (libicuuc, libicudata,
 * liblzma, libz; libicu's C++ runtime, libm and libc are the system's) loaded by libelfld and
 * parsing a document: on i386, aarch64 and arm the packages of that arch (tests/setup.sh
 * unpacks them: cross property xml2_root), found through opts.search_path; on x86_64 the
 * system's, found by name through the POSIX host's ld.so.cache.  The document is declared
 * ISO-8859-1 and holds "h\xe9llo": libxml2 gives it back as UTF-8 "h\xc3\xa9llo" (its own
 * Latin-1 decoder), and the element's attribute id="7".
 *
 * Usage: test_realworld_xml2 FIXTURE_DIR TOOLCHAIN LIBXML2 SEARCH_PATH
 *   LIBXML2 is a source name (with a '/') or a DT_NEEDED-style name to search for;
 *   SEARCH_PATH may be empty.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static const char *xml2, *search;

typedef void *ref;

static void test_parse(void **state)
{
    struct tu_env *env = *state;
    assert_int_equal(tu_system_has("libxml2"), 0);
    assert_int_equal(tu_system_has("libicuuc"), 0);

    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(ELFLD_NOW, &diag);
    o.search_path = *search ? search : NULL;
    elfld_lib *lib = NULL;
    int rc = elfld_load_needed(env->ctx, NULL, xml2, &o, &lib);
    tu_assert_rc(rc, 0, &diag);
    assert_non_null(lib);
    assert_non_null(tu_lib_named(env->ctx, "libicuuc.so.72"));
    assert_non_null(tu_lib_named(env->ctx, "libicudata.so.72"));
    assert_non_null(tu_lib_named(env->ctx, "liblzma.so.5"));

    static const char doc_text[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                                   "<doc><item id=\"7\">h\xe9llo</item></doc>\n";
    ref doc = ((ref (*)(const char *, int, const char *, const char *, int))tu_sym(
        lib, "xmlReadMemory"))(doc_text, (int)sizeof doc_text - 1, "doc.xml", NULL, 0);
    assert_non_null(doc);
    ref root = ((ref (*)(ref))tu_sym(lib, "xmlDocGetRootElement"))(doc);
    ref item = ((ref (*)(ref))tu_sym(lib, "xmlFirstElementChild"))(root);
    assert_non_null(item);
    char *text = ((char *(*)(ref))tu_sym(lib, "xmlNodeGetContent"))(item);
    char *id = ((char *(*)(ref, const char *))tu_sym(lib, "xmlGetProp"))(item, "id");
    assert_string_equal(text, "h\xc3\xa9llo");
    assert_string_equal(id, "7");
    void (**xml_free)(void *) = (void (**)(void *))tu_sym(lib, "xmlFree");
    (*xml_free)(text);
    (*xml_free)(id);
    ((void (*)(ref))tu_sym(lib, "xmlFreeDoc"))(doc);
    ((void (*)(void))tu_sym(lib, "xmlCleanupParser"))();
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (argc < 5 || !*argv[3]) {
        fprintf(stderr, "test_realworld_xml2: no libxml2 for this arch (tests/setup.sh)\n");
        return 2;
    }
    xml2 = argv[3];
    search = argv[4];
    const struct CMUnitTest tests[] = {
        TU_TEST(test_parse),
    };
    return cmocka_run_group_tests_name("realworld-xml2", tests, NULL, NULL);
}
