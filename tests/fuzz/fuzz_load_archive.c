/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_load_archive.c - libFuzzer harness for archives: the input is one archive input of
 * elfld_open_objects, taken twice per run:
 *   1. with ELFLD_INPUT_WHOLE_ARCHIVE: every member is an object of the link (member headers,
 *      sizes, GNU and BSD names, the long-name table, the symbol index skipped);
 *   2. without it, with a `require` list: members are pulled in only to define a required
 *      symbol, then whatever they leave undefined, pass after pass (member selection).
 * Each run then links when safe, looks up and releases (fuzz_obj_common.h).
 */
#include "fuzz_obj_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const require[] = {"mo_ar_needed", "mo_ar_required_value"};
    struct fuzz_env env;
    fuzz_env_init(&env);
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.flags = fuzz_obj_flags(size ? data[size - 1] : 0);
    const void *bytes = data ? (const void *)data : (const void *)"";
    struct elfld_input in = {"fuzz.a", bytes, size, ELFLD_INPUT_WHOLE_ARCHIVE};
    fuzz_obj_run(&env, &in, 1, &o, "elfld_open_objects(whole archive)");
    in.flags = 0;
    o.require = require;
    o.require_count = 2;
    fuzz_obj_run(&env, &in, 1, &o, "elfld_open_objects(archive, require)");
    fuzz_env_fini(&env);
    return 0;
}
