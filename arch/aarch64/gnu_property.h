/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * gnu_property.h - for the backend's assembly: the GNU property note that keeps a build with
 * -mbranch-protection marked BTI / PAC (the linker marks its output only when every input is
 * marked), emitted by `gnu_property_note` at the end of each .S file, and BTI_C, the landing
 * pad of a function entered by an indirect call (a NOP without BTI).
 */
#ifndef ELFLD_AARCH64_GNU_PROPERTY_H
#define ELFLD_AARCH64_GNU_PROPERTY_H
#if defined(__ARM_FEATURE_BTI_DEFAULT) && __ARM_FEATURE_BTI_DEFAULT
#define GNU_PROPERTY_BTI 1
#else
#define GNU_PROPERTY_BTI 0
#endif
#if defined(__ARM_FEATURE_PAC_DEFAULT) && __ARM_FEATURE_PAC_DEFAULT
#define GNU_PROPERTY_PAC 2
#else
#define GNU_PROPERTY_PAC 0
#endif
#define BTI_C hint #34

    .macro gnu_property_note
#if GNU_PROPERTY_BTI || GNU_PROPERTY_PAC
    /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
    .pushsection .note.gnu.property, "a"
    .p2align 3
    .word   4                           /* name size */
    .word   16                          /* descriptor size */
    .word   5                           /* NT_GNU_PROPERTY_TYPE_0 */
    .asciz  "GNU"
    .word   0xc0000000                  /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
    .word   4
    .word   GNU_PROPERTY_BTI | GNU_PROPERTY_PAC
    .word   0
    .popsection
#endif
    .endm
#endif
