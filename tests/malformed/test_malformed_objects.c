/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_malformed_objects.c - the malformed-input corpus for relocatable objects and archives:
 * every case gen_obj.py wrote (a mutation of objects built from obj/ sources or of archives
 * assembled from them, or a fuzzer finding kept in regress-obj/) is loaded with
 * elfld_load_objects through the counting host and must
 *   - return exactly the ELFLD_E* code the case names (0 for the controls, which must load and
 *     release cleanly), with a diagnostic carrying the same code and a message;
 *   - for ELFLD_EDUPSYM, name both inputs in the message and the symbol in diag.symbol;
 *   - leave nothing behind: reservations, allocations and blobs back to what the empty
 *     context holds, no bad free / unreserve, no W+X protect request, no library listed.
 * Inputs are exactly sized heap copies (a read past the end shows under ASan).  One cmocka
 * test per case, named after it.  The cases file, the tests and the checks every case gets
 * are the shared driver's (cases.h); this program reads a case's require list and inputs,
 * loads them and adds the EDUPSYM and library-list checks.
 *
 * Cases file "ELFLDMOB": after the head cases.h describes, u32 nrequire,
 * nrequire x (u32 len, bytes), u32 ninputs, ninputs x (u32 input flags, u32 label_len, label,
 * u64 size, bytes).
 *
 * Usage: test_malformed_objects OBJ_DIR TOOLCHAIN CASES_FILE
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

struct minput {
    unsigned flags;
    char *label;
    unsigned char *data;
    size_t size;
};

struct mcase {
    struct mc_case head;      /* name, expected code, load flags */
    char **require;
    size_t nrequire;
    struct minput *in;
    size_t nin;
};

static void run_case(struct tu_env *env, const void *vc, enum mc_route route)
{
    const struct mcase *c = vc;
    struct elfld_input *in = calloc(c->nin ? c->nin : 1, sizeof *in);
    assert_non_null(in);
    for (size_t i = 0; i < c->nin; i++) {
        unsigned char *copy = malloc(c->in[i].size ? c->in[i].size : 1);
        assert_non_null(copy);
        memcpy(copy, c->in[i].data, c->in[i].size);
        in[i].flags = c->in[i].flags;
        if (route == MC_BY_PATH) {   /* the file keeps the label as its name */
            in[i].name = mc_write_file(c->in[i].label, copy, c->in[i].size);
            free(copy);
            continue;
        }
        in[i].name = c->in[i].label;
        in[i].data = copy;
        in[i].size = c->in[i].size;
    }
    struct tu_snap before = tu_snap_take(env);
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(c->head.flags, &diag);
    o.require = (const char *const *)c->require;
    o.require_count = c->nrequire;
    elfld_lib *lib = NULL;
    int rc = elfld_load_objects(env->ctx, in, c->nin, &o, &lib);
    for (size_t i = 0; i < c->nin; i++) {
        if (route == MC_BY_PATH)
            mc_remove_file((char *)in[i].name);
        else
            free((void *)in[i].data);
    }
    free(in);
    mc_check_rc(&c->head, rc, lib, &diag);
    if (rc == ELFLD_EDUPSYM) {
        assert_true(diag.symbol[0] != 0);
        assert_non_null(strstr(diag.message, diag.symbol));
        /* both definitions are named: two distinct input labels appear in the message */
        size_t named = 0;
        for (size_t i = 0; i < c->nin; i++)
            named += strstr(diag.message, c->in[i].label) != NULL;
        assert_true(named >= 2 || strstr(diag.message, "libmo.a(") != NULL);
    }
    mc_assert_nothing_left(env, before);
    assert_null(elfld_next(env->ctx, NULL));
}

static void read_case(struct mc_reader *r, void *vc)
{
    struct mcase *c = vc;
    c->nrequire = mc_u32(r);
    c->require = calloc(c->nrequire ? c->nrequire : 1, sizeof *c->require);
    assert_non_null(c->require);
    for (size_t k = 0; k < c->nrequire; k++)
        c->require[k] = mc_str(r);
    c->nin = mc_u32(r);
    c->in = calloc(c->nin ? c->nin : 1, sizeof *c->in);
    assert_non_null(c->in);
    for (size_t k = 0; k < c->nin; k++) {
        c->in[k].flags = mc_u32(r);
        c->in[k].label = mc_str(r);
        c->in[k].size = (size_t)mc_u64(r);
        c->in[k].data = mc_bytes(r, c->in[k].size);
    }
}

static void free_case(void *vc)
{
    struct mcase *c = vc;
    for (size_t k = 0; k < c->nrequire; k++)
        free(c->require[k]);
    free(c->require);
    for (size_t k = 0; k < c->nin; k++) {
        free(c->in[k].label);
        free(c->in[k].data);
    }
    free(c->in);
}

int main(int argc, char **argv)
{
    static const struct mc_program prog = {
        .prog = "test_malformed_objects",
        .group = "malformed-objects",
        .dir_arg = "OBJ_DIR",
        .magic = "ELFLDMOB",
        .case_size = sizeof(struct mcase),
        .read_case = read_case,
        .free_case = free_case,
        .run_case = run_case,
    };
    return mc_main(argc, argv, &prog);
}
