/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_realworld_python.c - Debian's libpython3.11 with its own dependencies, loaded by
 * libelfld into a C program that links only libc, libm and libelfld (and the test
 * framework): the library is found by name through the POSIX host's ld.so.cache, its
 * DT_NEEDED tree (libz, libexpat) loaded by libelfld; the interpreter starts, runs a script
 * that imports math and json and builds a dict of 10,000 entries, and imports the C
 * extension modules _json, _decimal and _ctypes - which the interpreter opens with dlopen,
 * answered by the POSIX host's dlfcn layer through the same context (the system's dlopen
 * would load them where libpython's symbols do not exist).  Each is used, and every value is
 * checked through the C API against what the C code computes or the language defines:
 * sum of i*i for i < 10000 = 9999 * 10000 * 19999 / 6; Decimal("1.10") + Decimal("2.205")
 * is "3.305"; json.dumps of {"k": [1, 2.5, None]} is '{"k": [1, 2.5, null]}'; abs(-5) = 5.
 *
 * Usage: test_realworld_python FIXTURE_DIR TOOLCHAIN
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

typedef struct py_object py_object;

static const char script[] =
    "import math, json\n"
    "d = {i: i * i for i in range(10000)}\n"
    "total = sum(d.values())\n"
    "root = math.isqrt(total)\n"
    "js = json.dumps({'k': [1, 2.5, None]})\n"
    "import _json, _decimal, _ctypes, ctypes\n"
    "scanned = _json.scanstring('\"abc\\\\u00e9\"', 1)[0]\n"
    "dec = str(_decimal.Decimal('1.10') + _decimal.Decimal('2.205'))\n"
    "absval = ctypes.CDLL(None).abs(-5)\n"
    "buf = ctypes.create_string_buffer(b'hello', 8)\n"
    "buflen = len(buf.raw)\n"
    "files = [m.__file__ for m in (_json, _decimal, _ctypes)]\n";

#define PY(lib, type, name) ((type)tu_sym(lib, name))

static void test_python(void **state)
{
    struct tu_env *env = *state;
    /* the premise: none of libpython's own dependencies is in this program */
    assert_int_equal(tu_system_has("libpython"), 0);
    assert_int_equal(tu_system_has("libexpat"), 0);

    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(ELFLD_GLOBAL | ELFLD_NOW, &diag);
    elfld_lib *py = NULL;
    int rc = elfld_load_needed(env->ctx, NULL, "libpython3.11.so.1.0", &o, &py);
    tu_assert_rc(rc, 0, &diag);
    assert_non_null(py);
    assert_non_null(tu_lib_named(env->ctx, "libexpat.so"));

    PY(py, void (*)(int), "Py_InitializeEx")(0);
    assert_int_equal(PY(py, int (*)(const char *), "PyRun_SimpleString")(script), 0);
    py_object *main_mod = PY(py, py_object *(*)(const char *), "PyImport_AddModule")("__main__");
    py_object *g = PY(py, py_object *(*)(py_object *), "PyModule_GetDict")(main_mod);
    py_object *(*get)(py_object *, const char *) =
        PY(py, py_object *(*)(py_object *, const char *), "PyDict_GetItemString");
    long long (*as_ll)(py_object *) = PY(py, long long (*)(py_object *), "PyLong_AsLongLong");
    const char *(*utf8)(py_object *) = PY(py, const char *(*)(py_object *), "PyUnicode_AsUTF8");

    long long n = 10000;
    assert_int_equal(PY(py, long (*)(py_object *), "PyDict_Size")(get(g, "d")), n);
    assert_true(as_ll(get(g, "total")) == (n - 1) * n * (2 * n - 1) / 6);
    assert_true(as_ll(get(g, "root")) == 577306);       /* isqrt(333283335000) */
    assert_string_equal(utf8(get(g, "js")), "{\"k\": [1, 2.5, null]}");
    assert_string_equal(utf8(get(g, "scanned")), "abc\xc3\xa9");
    assert_string_equal(utf8(get(g, "dec")), "3.305");
    assert_true(as_ll(get(g, "absval")) == 5);
    assert_true(as_ll(get(g, "buflen")) == 8);
    /* the extension modules are libelfld's libraries, from Python's lib-dynload */
    assert_non_null(tu_lib_named(env->ctx, "_json.cpython-311"));
    assert_non_null(tu_lib_named(env->ctx, "_decimal.cpython-311"));
    assert_non_null(tu_lib_named(env->ctx, "_ctypes.cpython-311"));
    assert_non_null(tu_lib_named(env->ctx, "libffi.so"));      /* _ctypes' own dependency */
    assert_int_equal(tu_system_has("_json"), 0);

    assert_int_equal(PY(py, int (*)(void), "Py_FinalizeEx")(), 0);
    elfld_release(py);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_python),
    };
    return cmocka_run_group_tests_name("realworld-python", tests, NULL, NULL);
}
