/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_load_object.c - libFuzzer harness for relocatable objects: the input is one .o given
 * to elfld_open_objects (ELF and section headers, section names, symbol and string tables,
 * SHT_SYMTAB_SHNDX, relocation and group sections, COMDAT, COMMON, layout, GOT and stub
 * planning, reservation and copy), then, when no constructor or destructor could run,
 * elfld_link (resolution against the fake system, every relocation, protections), lookups and
 * release.  See fuzz_obj_common.h.  Flags come from the input's last byte (fuzz_obj_flags).
 */
#include "fuzz_obj_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_env env;
    fuzz_env_init(&env);
    struct elfld_opts o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.flags = fuzz_obj_flags(size ? data[size - 1] : 0);
    struct elfld_input in = {"fuzz.o", data ? (const void *)data : (const void *)"", size, 0};
    fuzz_obj_run(&env, &in, 1, &o, "elfld_open_objects(object)");
    fuzz_env_fini(&env);
    return 0;
}
