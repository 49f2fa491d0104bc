/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_malformed.c - the malformed-input corpus: every case gen.py wrote into the cases file
 * (a deliberate mutation of a fixture built by this suite, or a fuzzer finding kept as a
 * regression input) is loaded with elfld_load_mem through the counting host, and must
 *   - return exactly the ELFLD_E* code the case names (0 for the controls, which must load
 *     and then release cleanly), with a diagnostic carrying the same code and a message;
 *   - leave nothing behind: reservations, allocations and open blobs back to what the empty
 *     context holds, no bad free / unreserve, no W+X protect request (count host errors);
 *   - for cases marked "no reserve" (absurd sizes), fail before asking the host for memory.
 * One cmocka test per case, named after it, so the SUMMARY counts cases.  The cases file, the
 * tests and the checks every case gets are the shared driver's (cases.h); this program reads
 * a case's checks and its one input and loads it.
 *
 * Cases file "ELFLDMAL": after the head cases.h describes, u32 checks, u64 size, bytes.
 *
 * Usage: test_malformed FIXTURE_DIR TOOLCHAIN CASES_FILE
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

#define CHECK_NO_RESERVE 1u   /* the host's reserve() must not be called */
#define CHECK_SUPPLY_ALL 2u   /* a pre_find callback supplies every symbol (a dummy address) */

struct mcase {
    struct mc_case head;      /* name, expected code, load flags */
    unsigned checks;          /* CHECK_* */
    unsigned char *data;
    size_t size;
};

static void dummy(void) {}

static int supply_all(void *user, const char *name, const char *version,
                      struct elfld_found *out)
{
    (void)user, (void)name, (void)version;
    out->addr = (void *)(uintptr_t)&dummy;
    out->size = 0;
    return 1;
}

static void run_case(struct tu_env *env, const void *vc)
{
    const struct mcase *c = vc;
    /* an exactly sized copy: a read past the end of the input shows under ASan */
    unsigned char *copy = malloc(c->size ? c->size : 1);
    assert_non_null(copy);
    memcpy(copy, c->data, c->size);

    struct tu_snap before = tu_snap_take(env);
    long reserves_before = env->ch.n_reserve;
    struct elfld_diag diag;
    struct elfld_opts o = tu_opts(c->head.flags, &diag);
    if (c->checks & CHECK_SUPPLY_ALL)
        o.pre_find = supply_all;
    elfld_lib *lib = NULL;
    int rc = elfld_load_mem(env->ctx, copy, c->size, &o, &lib);
    free(copy);
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
}

static void free_case(void *vc)
{
    struct mcase *c = vc;
    free(c->data);
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
