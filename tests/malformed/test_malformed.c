/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_malformed.c - the malformed-input corpus: every case gen.py wrote into the cases file
 * (a deliberate mutation of a fixture built by this suite, or a fuzzer finding kept as a
 * regression input) is loaded with elfld_load_mem through the counting host, and must
 *   - return exactly the ELFLD_E* code the case names (0 for the controls, which must load
 *     and then release cleanly), with a diagnostic carrying the same code and a message;
 *   - leave nothing behind: reservations, allocations and open blobs back to what the empty
 *     context holds, no bad free / unreserve, no W+X protect request (count host errors);
 *   - for cases marked "no reserve" (absurd sizes), fail before asking the host for memory;
 *   - for program cases (a dynamic PIE whose headers lie), fail in elfld_exec_prepare(_mem)
 *     the same way;
 *   - for the cases that load, show what the case is about (run_verify): each names calls to
 *     make, values to read, symbols that must be absent, relocated words, the names and
 *     versions the pre_find callback must have been asked for, with the expected values
 *     gen.py took from the fixture's source or from the file.
 * One cmocka test per case, named after it, so the SUMMARY counts cases.  The cases file, the
 * tests and the checks every case gets are the shared driver's (cases.h); this program reads
 * a case's checks and its one input and loads it.
 *
 * Cases file "ELFLDMAL": after the head cases.h describes, u32 checks, u64 size, bytes, u32
 * nverify, then per verify u32 kind, name, name2 (u32 length + bytes each), u64 a, u64 b,
 * i64 want.
 *
 * Usage: test_malformed FIXTURE_DIR TOOLCHAIN CASES_FILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

#define CHECK_NO_RESERVE 1u   /* the host's reserve() must not be called */
#define CHECK_SUPPLY_ALL 2u   /* a pre_find callback supplies every symbol (a dummy address) */
#define CHECK_PROGRAM 4u      /* a program: prepared to start (elfld_exec_prepare), not loaded */

/* What a case that loads must show (gen.py V_*). */
enum {
    V_CALL0 = 1,   /* int name(void) [at version name2] returns want */
    V_CALL1,       /* int name(int a) returns want */
    V_CALL2,       /* int name(int a, int b) returns want */
    V_READ,        /* the int at name [at version name2] is want */
    V_PTR_TO,      /* the pointer at name holds the address of name2 */
    V_RELOC,       /* the word at vaddr a holds the load bias + b */
    V_NOTFOUND,    /* name is not found */
    V_ASKED,       /* pre_find (CHECK_SUPPLY_ALL) was asked for name with version name2 */
    V_PTR_DUMMY,   /* the pointer at name holds what CHECK_SUPPLY_ALL supplies */
};

struct verify {
    unsigned kind;
    char *name, *name2;
    uint64_t a, b;
    int64_t want;
};

struct mcase {
    struct mc_case head;      /* name, expected code, load flags */
    unsigned checks;          /* CHECK_* */
    unsigned char *data;
    size_t size;
    struct verify *verify;
    size_t nverify;
};

static void dummy(void) {}

/* What supply_all was asked, "name@version" (version "" when none), for V_ASKED. */
#define ASKED_MAX 64
static char asked[ASKED_MAX][96];
static size_t nasked;

static int supply_all(void *user, const char *name, const char *version,
                      struct elfld_found *out)
{
    (void)user;
    if (nasked < ASKED_MAX)
        snprintf(asked[nasked++], sizeof asked[0], "%s@%s", name, version ? version : "");
    out->addr = (void *)(uintptr_t)&dummy;
    out->size = 0;
    return 1;
}

/* The address of name at version (NULL or "": the default), failing the test when absent. */
static void *sym_at(elfld_lib *lib, const char *name, const char *version)
{
    if (version == NULL || version[0] == 0)
        return tu_sym(lib, name);
    struct elfld_syminfo info;
    int rc = elfld_sym_info(lib, name, version, &info);
    if (rc != 0)
        fail_msg("%s@%s: %s", name, version, elfld_strerror(rc));
    return info.addr;
}

static void run_verify(elfld_lib *lib, const struct verify *v)
{
    void *p = v->kind == V_RELOC || v->kind == V_NOTFOUND || v->kind == V_ASKED
                  ? NULL
                  : sym_at(lib, v->name, v->kind == V_PTR_TO ? NULL : v->name2);
    switch (v->kind) {
    case V_CALL0:
        assert_int_equal(((int (*)(void))(uintptr_t)p)(), v->want);
        break;
    case V_CALL1:
        assert_int_equal(((int (*)(int))(uintptr_t)p)((int)v->a), v->want);
        break;
    case V_CALL2:
        assert_int_equal(((int (*)(int, int))(uintptr_t)p)((int)v->a, (int)v->b), v->want);
        break;
    case V_READ:
        assert_int_equal(*(const int *)p, v->want);
        break;
    case V_PTR_TO:
        assert_ptr_equal(*(void *const *)p, tu_sym(lib, v->name2));
        break;
    case V_RELOC: {
        uintptr_t base = elfld_base(lib), word;
        memcpy(&word, (const void *)(base + (uintptr_t)v->a), sizeof word);
        assert_true(word == base + (uintptr_t)v->b);
        break;
    }
    case V_NOTFOUND:
        assert_null(elfld_sym(lib, v->name));
        break;
    case V_ASKED: {
        char want[96];
        snprintf(want, sizeof want, "%s@%s", v->name, v->name2);
        size_t i = 0;
        while (i < nasked && strcmp(asked[i], want) != 0)
            i++;
        if (i == nasked)
            fail_msg("pre_find was not asked for %s", want);
        break;
    }
    case V_PTR_DUMMY:
        assert_ptr_equal(*(void *const *)p, (void *)(uintptr_t)&dummy);
        break;
    default:
        fail_msg("unknown verify kind %u", v->kind);
    }
}

static void run_case(struct tu_env *env, const void *vc, enum mc_route route)
{
    const struct mcase *c = vc;
    /* an exactly sized copy: a read past the end of the input shows under ASan */
    unsigned char *copy = malloc(c->size ? c->size : 1);
    assert_non_null(copy);
    memcpy(copy, c->data, c->size);
    char *path = route == MC_BY_PATH ? mc_write_file("lib.so", copy, c->size) : NULL;

    struct tu_snap before = tu_snap_take(env);
    long reserves_before = env->ch.n_reserve;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(c->head.flags, &diag);
    if (c->checks & CHECK_SUPPLY_ALL) {
        o.pre_find = supply_all;
        o.flags |= ELFLD_NO_DEPS;     /* every symbol supplied: its DT_NEEDED are not around */
    }
    elfld_lib *lib = NULL;
    nasked = 0;
    int rc;
    if (c->checks & CHECK_PROGRAM) {
        /* gen.py has no program case that prepares: one that did is discarded here, and
         * mc_check_rc reports the code it should have failed with */
        struct elfld_exec_args a = {.struct_size = sizeof a, .diag = &diag};
        struct elfld_exec ex;
        rc = path ? elfld_exec_prepare(env->ctx, path, &a, &ex)
                  : elfld_exec_prepare_mem(env->ctx, copy, c->size, &a, &ex);
        if (rc == 0)
            elfld_exec_discard(env->ctx, &ex);
        else
            lib = ex.program;    /* must be NULL */
    } else {
        rc = path ? elfld_load(env->ctx, path, &o, &lib)
                  : elfld_load_mem(env->ctx, copy, c->size, &o, &lib);
    }
    free(copy);
    if (path)
        mc_remove_file(path);
    if (rc == 0 && c->head.expect == 0) {
        assert_true(c->nverify > 0);
        for (size_t i = 0; i < c->nverify; i++)
            run_verify(lib, &c->verify[i]);
    }
    mc_check_rc(&c->head, rc, lib, &diag);
    if (c->checks & CHECK_NO_RESERVE)
        assert_int_equal(env->ch.n_reserve, reserves_before);
    mc_assert_nothing_left(env, before);
}

static void read_case(struct mc_reader *r, void *vc)
{
    struct mcase *c = vc;
    c->checks = mc_u32(r);
    c->size = (size_t)mc_u64(r);
    c->data = mc_bytes(r, c->size);
    c->nverify = mc_u32(r);
    c->verify = calloc(c->nverify ? c->nverify : 1, sizeof *c->verify);
    assert_non_null(c->verify);
    for (size_t i = 0; i < c->nverify; i++) {
        struct verify *v = &c->verify[i];
        v->kind = mc_u32(r);
        v->name = mc_str(r);
        v->name2 = mc_str(r);
        v->a = mc_u64(r);
        v->b = mc_u64(r);
        v->want = (int64_t)mc_u64(r);
    }
}

static void free_case(void *vc)
{
    struct mcase *c = vc;
    free(c->data);
    for (size_t i = 0; i < c->nverify; i++) {
        free(c->verify[i].name);
        free(c->verify[i].name2);
    }
    free(c->verify);
}

int main(int argc, char **argv)
{
    static const struct mc_program prog = {
        .prog = "test_malformed",
        .group = "malformed",
        .dir_arg = "FIXTURE_DIR",
        .magic = "ELFLDMAL",
        .case_size = sizeof(struct mcase),
        .read_case = read_case,
        .free_case = free_case,
        .run_case = run_case,
    };
    return mc_main(argc, argv, &prog);
}
