/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * version.c - elfld_version: the version this library was built as, for a program to compare
 * with the ELFLD_VERSION of the header it was compiled against; elfld_features: the parts it
 * was built with (core/features.h).
 */
#include "elfld.h"
#include "../core/features.h"

unsigned long elfld_version(void) {
    return ELFLD_VERSION;
}

unsigned elfld_features(void) {
    return (ELFLD_WITH_LAZY ? ELFLD_FEATURE_LAZY : 0u) |
           (ELFLD_WITH_OBJECTS ? ELFLD_FEATURE_OBJECTS : 0u) |
           (ELFLD_WITH_SHARED_OBJECTS ? ELFLD_FEATURE_SHARED_OBJECTS : 0u) |
           (ELFLD_WITH_MESSAGES ? ELFLD_FEATURE_MESSAGES : 0u) |
           (ELFLD_WITH_FRAMES ? ELFLD_FEATURE_FRAMES : 0u);
}
