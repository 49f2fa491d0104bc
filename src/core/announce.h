/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * announce.h - telling the host about images for its tools (announce.c): image_ready once an
 * image is linked, image_going before it is unmapped, with its frame tables (frames.c) and,
 * for an object module, the sections and symbols its link recorded (object/tools.c).
 */
#ifndef ELFLD_CORE_ANNOUNCE_H
#define ELFLD_CORE_ANNOUNCE_H

#include <stddef.h>
#include <stdint.h>
#include "elfld/host.h"

#pragma GCC visibility push(hidden)   /* see util.h */

struct elfld_lib;

/* An object module's sections and defined symbols, in one allocation of `bytes` (the arrays,
 * then the names): symbols sorted by address. */
struct elfld_obj_tools {
    struct elfld_image_section *sections;
    size_t nsections;
    struct elfld_image_symbol *symbols;
    size_t nsymbols;
    size_t bytes;
    /* the inputs and their sections' addresses: one more allocation of inputs_bytes, which
     * points into the link state and goes with it, once the image was announced */
    struct elfld_image_input *inputs;
    size_t ninputs, inputs_bytes;
};

/* The image is linked and protected; its constructors have not run.  Checks its frame
 * tables and calls host->image_ready. */
void elfld__announce_ready(struct elfld_lib *lib);
/* Before the image is unmapped: host->image_going, when image_ready was called for it. */
void elfld__announce_going(struct elfld_lib *lib);
/* The symbol of an object module at or before `addr` (preferring one that covers it), or
 * NULL. */
const struct elfld_image_symbol *elfld__obj_tools_symbol(const struct elfld_lib *lib,
                                                         uintptr_t addr);
void elfld__obj_tools_free(struct elfld_lib *lib);
/* After image_ready: an object module's link state (inputs, sections) is no longer needed. */
void elfld__drop_link_state(struct elfld_lib *lib);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_ANNOUNCE_H */
