/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_realworld_llvm.c - Debian's libLLVM-14.so.1 with its whole dependency tree (libstdc++,
 * libgcc_s, libffi, libedit, libz3, libtinfo, libxml2, libicu, liblzma, libbsd, ...) loaded by
 * libelfld into a C program that links only libc, libm and libelfld (and the test framework):
 * found by name through the POSIX host's ld.so.cache, the tree loaded, relocated (TLS
 * included: libstdc++'s and LLVM's own) and constructed in glibc's order.  Through the LLVM-C
 * API a function that adds two integers is built, the module verified and printed; the IR
 * text is checked against what LLVM 14 prints for that function (its textual IR format).
 * Then the same, bound lazily.  libLLVM is DF_1_NODELETE: released, it stays with its tree
 * until the context is destroyed.
 *
 * Usage: test_realworld_llvm FIXTURE_DIR TOOLCHAIN
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

typedef void *ref;

#define LLVM(type, name) ((type)tu_sym(llvm, name))

static void build_add(void **state, unsigned flags)
{
    struct tu_env *env = *state;
    /* the premise: no C++ runtime and none of LLVM's dependencies in this program */
    assert_int_equal(tu_system_has("libstdc++"), 0);
    assert_int_equal(tu_system_has("libLLVM"), 0);

    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(flags, &diag);
    elfld_lib *llvm = NULL;
    int rc = elfld_load_needed(env->ctx, NULL, "libLLVM-14.so.1", &o, &llvm);
    tu_assert_rc(rc, 0, &diag);
    assert_non_null(llvm);
    size_t n = tu_count_libs(env->ctx);
    print_message("libLLVM-14 and %zu libraries of its tree loaded by libelfld\n", n - 1);
    assert_true(n >= 10);
    for (elfld_lib *a = elfld_next(env->ctx, NULL); a; a = elfld_next(env->ctx, a))
        for (elfld_lib *b = elfld_next(env->ctx, a); b; b = elfld_next(env->ctx, b))
            assert_false(elfld_soname(a) && elfld_soname(b) &&
                         strcmp(elfld_soname(a), elfld_soname(b)) == 0);   /* none twice */

    ref ctx = LLVM(ref (*)(void), "LLVMContextCreate")();
    ref mod = LLVM(ref (*)(const char *, ref), "LLVMModuleCreateWithNameInContext")("m", ctx);
    ref i32 = LLVM(ref (*)(ref), "LLVMInt32TypeInContext")(ctx);
    ref params[2] = {i32, i32};
    ref fty = LLVM(ref (*)(ref, ref *, unsigned, int), "LLVMFunctionType")(i32, params, 2, 0);
    ref fn = LLVM(ref (*)(ref, const char *, ref), "LLVMAddFunction")(mod, "add", fty);
    ref entry = LLVM(ref (*)(ref, ref, const char *), "LLVMAppendBasicBlockInContext")(ctx, fn,
                                                                                      "entry");
    ref b = LLVM(ref (*)(ref), "LLVMCreateBuilderInContext")(ctx);
    LLVM(void (*)(ref, ref), "LLVMPositionBuilderAtEnd")(b, entry);
    ref (*param)(ref, unsigned) = LLVM(ref (*)(ref, unsigned), "LLVMGetParam");
    ref sum = LLVM(ref (*)(ref, ref, ref, const char *), "LLVMBuildAdd")(b, param(fn, 0),
                                                                         param(fn, 1), "sum");
    LLVM(ref (*)(ref, ref), "LLVMBuildRet")(b, sum);
    char *err = NULL;
    /* LLVMReturnStatusAction: report, do not abort */
    assert_int_equal(LLVM(int (*)(ref, int, char **), "LLVMVerifyModule")(mod, 2, &err), 0);
    void (*dispose_message)(char *) = LLVM(void (*)(char *), "LLVMDisposeMessage");
    dispose_message(err);
    char *ir = LLVM(char *(*)(ref), "LLVMPrintModuleToString")(mod);
    assert_non_null(strstr(ir, "; ModuleID = 'm'"));
    assert_non_null(strstr(ir, "define i32 @add(i32 %0, i32 %1) {\n"
                               "entry:\n"
                               "  %sum = add i32 %0, %1\n"
                               "  ret i32 %sum\n"
                               "}\n"));
    dispose_message(ir);
    LLVM(void (*)(ref), "LLVMDisposeBuilder")(b);
    LLVM(void (*)(ref), "LLVMDisposeModule")(mod);
    LLVM(void (*)(ref), "LLVMContextDispose")(ctx);
    /* libLLVM is DF_1_NODELETE: it and its tree stay until the context is destroyed (the
     * test's teardown, which also proves nothing is left then) */
    elfld_release(llvm);
    assert_int_equal(tu_count_libs(env->ctx), n);
    assert_int_equal(elfld_refcount(llvm), 0);
}

static void test_llvm_now(void **state) { build_add(state, ELFLD_NOW); }
static void test_llvm_lazy(void **state) { build_add(state, ELFLD_LAZY); }

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_llvm_now),
        TU_TEST(test_llvm_lazy),
    };
    return cmocka_run_group_tests_name("realworld-llvm", tests, NULL, NULL);
}
