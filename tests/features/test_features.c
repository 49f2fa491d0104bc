/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_features.c - a libelfld built without some of its parts (meson options lazy, objects,
 * shared_objects, messages; src/core/features.h) does what its header promises for each part,
 * and still does the rest.
 *
 *   test_features FEATURES FIXTURE_DIR OBJECT_DIR TOOLCHAIN
 *
 * FEATURES is the ELFLD_FEATURE_* set the build was configured with (by meson, not by the
 * library): elfld_features() must say the same.  Then, per part:
 *   shared objects   basic-TC.so loads by path and from memory and computes basic_add; left
 *                    out, elfld_load, elfld_load_mem, elfld_open and elfld_load_needed fail
 *                    with ELFLD_ENOTSUP and so does an object link with a library input.
 *   lazy             lazyfail-TC.so calls a function nobody defines: loaded without ELFLD_NOW
 *                    it loads (the call would bind at its first use); without lazy binding
 *                    the load fails with ELFLD_ENOSYM naming the function, as under ELFLD_NOW.
 *   objects          ar_main-TC.o with libar-TC.a links and computes ar_main(1) (the
 *                    sources' arithmetic: (1 + 1000) * 2 + 1); left out, ELFLD_ENOTSUP.
 *   messages         a failure's message is a sentence naming what failed; left out, it is
 *                    elfld_strerror(code) while code, phase and symbol stay, and the log hook
 *                    is never called.
 *   frames           the host's image_ready gets basic-TC.so's .eh_frame and .eh_frame_hdr
 *                    and the linked ar_main.o + libar.a's .eh_frame; left out, none of them,
 *                    and both still load and compute.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfld.h>
#include <elfld/posix.h>

#include "plain_check.h"

static unsigned features;
static const char *fixture_dir, *object_dir, *toolchain;
static unsigned log_lines;

static int has(unsigned part) {
    return (features & part) != 0;
}

static char *path_of(const char *dir, const char *name, const char *ext) {
    char *p;
    if (asprintf(&p, "%s/%s-%s.%s", dir, name, toolchain, ext) < 0)
        abort();
    return p;
}

static void count_log(void *user, int level, const char *msg) {
    (void)user, (void)level, (void)msg;
    log_lines++;
}

static elfld_ctx *new_ctx(void) {
    struct elfld_host host;
    elfld_posix_host(&host, 0, NULL, NULL);
    host.log = count_log;
    host.log_levels = 0;                          /* every level */
    elfld_ctx *ctx;
    if (elfld_ctx_create(&host, &ctx)) {
        fprintf(stderr, "elfld_ctx_create failed\n");
        exit(2);
    }
    return ctx;
}

/* A call into a part left out: ELFLD_ENOTSUP, and the message names the part and the option
 * (or, without messages, is the code's own text). */
static void check_left_out(const char *call, int rc, const struct elfld_diag *d,
                           const char *part) {
    check(rc == ELFLD_ENOTSUP && d->code == ELFLD_ENOTSUP, "%s: ELFLD_ENOTSUP (got %d)", call, rc);
    if (has(ELFLD_FEATURE_MESSAGES))
        check(strstr(d->message, part) != NULL, "%s: message names '%s': %s", call, part,
              d->message);
    else
        check(strcmp(d->message, elfld_strerror(ELFLD_ENOTSUP)) == 0,
              "%s: message is elfld_strerror's: %s", call, d->message);
}

static void shared_objects(elfld_ctx *ctx) {
    char *so = path_of(fixture_dir, "basic", "so");
    size_t size;
    void *bytes = read_file(so, &size);
    struct elfld_diag d;
    struct elfld_opts o = {.struct_size = sizeof o, .flags = ELFLD_NOW, .diag = &d};
    elfld_lib *lib = NULL;
    int rc = elfld_load(ctx, so, &o, &lib);
    if (has(ELFLD_FEATURE_SHARED_OBJECTS)) {
        check(rc == 0, "elfld_load(%s): %d %s", so, rc, d.message);
        if (!rc) {
            int (*add)(int, int) = (int (*)(int, int))elfld_sym(lib, "basic_add");
            check(add && add(2, 40) == 42, "basic_add(2, 40) = 42 by path");
            elfld_release(lib);
        }
        rc = elfld_load_mem(ctx, bytes, size, &o, &lib);
        check(rc == 0, "elfld_load_mem: %d %s", rc, d.message);
        if (!rc) {
            int (*add)(int, int) = (int (*)(int, int))elfld_sym(lib, "basic_add");
            check(add && add(-7, 7) == 0, "basic_add(-7, 7) = 0 from memory");
            elfld_release(lib);
        }
    } else {
        check_left_out("elfld_load", rc, &d, "shared-object loader");
        check(lib == NULL, "elfld_load: no library");
        check_left_out("elfld_load_mem", elfld_load_mem(ctx, bytes, size, &o, &lib), &d,
                       "shared-object loader");
        check_left_out("elfld_open", elfld_open(ctx, so, &o, &lib), &d, "shared-object loader");
        check_left_out("elfld_open_mem", elfld_open_mem(ctx, bytes, size, &o, &lib), &d,
                       "shared-object loader");
        check_left_out("elfld_load_needed", elfld_load_needed(ctx, NULL, "libz.so.1", &o, &lib),
                       &d, "shared-object loader");
    }
    free(bytes);
    free(so);
}

static void lazy(elfld_ctx *ctx) {
    if (!has(ELFLD_FEATURE_SHARED_OBJECTS))
        return;
    char *so = path_of(fixture_dir, "lazyfail", "so");
    struct elfld_diag d;
    struct elfld_opts o = {.struct_size = sizeof o, .flags = 0, .diag = &d};   /* lazy asked */
    elfld_lib *lib = NULL;
    int rc = elfld_load(ctx, so, &o, &lib);
    if (has(ELFLD_FEATURE_LAZY)) {
        check(rc == 0, "lazy load of %s with an undefined function: %d %s", so, rc, d.message);
        if (!rc)
            elfld_release(lib);
    } else {
        check(rc == ELFLD_ENOSYM, "without lazy binding %s fails with ELFLD_ENOSYM: %d", so, rc);
        check(strcmp(d.symbol, "elfld_test_missing_fn") == 0, "the diagnostic's symbol: '%s'",
              d.symbol);
        check(d.phase == ELFLD_PHASE_RELOC, "the diagnostic's phase is relocation: %d", d.phase);
        if (has(ELFLD_FEATURE_MESSAGES))
            check(strstr(d.message, "elfld_test_missing_fn") != NULL, "message names it: %s",
                  d.message);
        else
            check(strcmp(d.message, elfld_strerror(ELFLD_ENOSYM)) == 0,
                  "message is elfld_strerror's: %s", d.message);
    }
    free(so);
}

static void objects(elfld_ctx *ctx) {
    char *obj = path_of(object_dir, "ar_main", "o"), *ar = path_of(object_dir, "libar", "a");
    char *undef = path_of(object_dir, "err_undef", "o"), *so = path_of(fixture_dir, "basic", "so");
    struct elfld_input in[2] = {{.name = obj}, {.name = ar}};
    struct elfld_diag d;
    struct elfld_opts o = {.struct_size = sizeof o, .flags = ELFLD_NOW, .diag = &d};
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(ctx, in, 2, &o, &lib);
    if (has(ELFLD_FEATURE_OBJECTS)) {
        check(rc == 0, "elfld_load_objects(ar_main.o, libar.a): %d %s", rc, d.message);
        if (!rc) {
            int (*ar_main)(int) = (int (*)(int))elfld_sym(lib, "ar_main");
            check(ar_main && ar_main(1) == (1 + 1000) * 2 + 1, "ar_main(1) = 2003");
            elfld_release(lib);
        }
        struct elfld_input bad = {.name = undef};
        rc = elfld_load_objects(ctx, &bad, 1, &o, &lib);
        check(rc == ELFLD_ENOSYM, "err_undef.o fails with ELFLD_ENOSYM: %d", rc);
        check(strcmp(d.symbol, "elfld_nowhere_defined") == 0, "the diagnostic's symbol: '%s'",
              d.symbol);
        if (has(ELFLD_FEATURE_MESSAGES))
            check(strstr(d.message, "elfld_nowhere_defined") != NULL, "message names it: %s",
                  d.message);
        else
            check(strcmp(d.message, elfld_strerror(ELFLD_ENOSYM)) == 0,
                  "message is elfld_strerror's: %s", d.message);
        if (!has(ELFLD_FEATURE_SHARED_OBJECTS)) {
            struct elfld_input with_lib[2] = {{.name = obj}, {.name = so,
                                                              .flags = ELFLD_INPUT_LIBRARY}};
            check_left_out("elfld_load_objects with a library input",
                           elfld_load_objects(ctx, with_lib, 2, &o, &lib), &d,
                           "shared-object loader");
        }
    } else {
        check_left_out("elfld_load_objects", rc, &d, "object linker");
        check_left_out("elfld_open_objects", elfld_open_objects(ctx, in, 2, &o, &lib), &d,
                       "object linker");
    }
    free(obj), free(ar), free(undef), free(so);
}

/* What image_ready was given for the last image announced. */
static struct {
    unsigned calls;
    const void *eh_frame, *eh_frame_hdr;
} ready;

static void record_ready(void *user, const struct elfld_image_info *info) {
    (void)user;
    ready.calls++;
    ready.eh_frame = info->eh_frame;
    ready.eh_frame_hdr = info->eh_frame_hdr;
}

static void check_frames_given(const char *what, int loaded, int want_hdr) {
    check(loaded && ready.calls == 1, "%s: loaded, image_ready called once (%u)", what,
          ready.calls);
    if (has(ELFLD_FEATURE_FRAMES)) {
        check(ready.eh_frame != NULL, "%s: image_ready gets its .eh_frame", what);
        if (want_hdr)
            check(ready.eh_frame_hdr != NULL, "%s: image_ready gets its .eh_frame_hdr", what);
    } else {
        check(!ready.eh_frame && !ready.eh_frame_hdr, "%s: image_ready gets no frame tables",
              what);
    }
}

static void frames(void) {
    struct elfld_host host;
    elfld_posix_host(&host, 0, NULL, NULL);
    host.image_ready = record_ready;           /* instead of the POSIX host's tools */
    host.image_going = NULL;
    elfld_ctx *ctx;
    if (elfld_ctx_create(&host, &ctx)) {
        fprintf(stderr, "elfld_ctx_create failed\n");
        exit(2);
    }
    struct elfld_opts o = {.struct_size = sizeof o, .flags = ELFLD_NOW};
    elfld_lib *lib = NULL;
    if (has(ELFLD_FEATURE_SHARED_OBJECTS)) {
        char *so = path_of(fixture_dir, "basic", "so");
        ready.calls = 0;
        int rc = elfld_load(ctx, so, &o, &lib);
        int (*add)(int, int) = rc ? NULL : (int (*)(int, int))elfld_sym(lib, "basic_add");
        check_frames_given(so, add && add(20, 22) == 42, 1);
        if (!rc)
            elfld_release(lib);
        free(so);
    }
    if (has(ELFLD_FEATURE_OBJECTS)) {
        char *obj = path_of(object_dir, "ar_main", "o"), *ar = path_of(object_dir, "libar", "a");
        struct elfld_input in[2] = {{.name = obj}, {.name = ar}};
        ready.calls = 0;
        int rc = elfld_load_objects(ctx, in, 2, &o, &lib);
        int (*ar_main)(int) = rc ? NULL : (int (*)(int))elfld_sym(lib, "ar_main");
        check_frames_given(obj, ar_main && ar_main(1) == (1 + 1000) * 2 + 1, 0);
        if (!rc)
            elfld_release(lib);
        free(obj), free(ar);
    }
    elfld_ctx_destroy(ctx);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s FEATURES FIXTURE_DIR OBJECT_DIR TOOLCHAIN\n", argv[0]);
        return 2;
    }
    features = (unsigned)strtoul(argv[1], NULL, 0);
    fixture_dir = argv[2], object_dir = argv[3], toolchain = argv[4];
    check(elfld_features() == features, "elfld_features() = %#x, configured %#x",
          elfld_features(), features);
    elfld_ctx *ctx = new_ctx();
    log_lines = 0;
    shared_objects(ctx);
    lazy(ctx);
    objects(ctx);
    if (has(ELFLD_FEATURE_MESSAGES))
        check(log_lines > 0, "the log hook heard the failures: %u lines", log_lines);
    else
        check(log_lines == 0, "the log hook was never called: %u lines", log_lines);
    elfld_ctx_destroy(ctx);
    frames();
    printf("%s\n", plain_failures ? "FAILED" : "all passed");
    return plain_failures != 0;
}
