/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Loads greeter.so with libelfld and calls it: proof that the subproject links and works. */
#include <stdio.h>

#include <elfld.h>
#include <elfld/posix.h>

int main(int argc, char **argv, char **envp) {
    if (elfld_version() != ELFLD_VERSION) {    /* the header this was built with, and the library */
        fprintf(stderr, "consumer: libelfld %lu, header %lu\n", elfld_version(),
                (unsigned long)ELFLD_VERSION);
        return 1;
    }
    elfld_ctx *ctx;
    if (elfld_posix_ctx_create(&ctx, argc, argv, envp))
        return 1;
    struct elfld_diag diag;
    struct elfld_opts opts = {.struct_size = sizeof opts, .flags = ELFLD_NOW, .diag = &diag};
    elfld_lib *lib;
    int rc = elfld_load(ctx, argc > 1 ? argv[1] : GREETER_PATH, &opts, &lib);
    if (rc) {
        fprintf(stderr, "consumer: %s: %s\n", elfld_strerror(rc), diag.message);
        return 1;
    }
    int (*answer)(int) = (int (*)(int))elfld_sym(lib, "greeter_answer");
    int got = answer ? answer(7) : -1;
    printf("greeter_answer(7) = %d\n", got);
    elfld_release(lib);                /* unmapped: answer must not be called after this */
    elfld_ctx_destroy(ctx);
    return got == 42 ? 0 : 1;
}
