/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * window_obj.c - non-PIC code reading two variables of the host program directly, as Debian's
 * static archives read `stderr`: built -fno-pic (tests/object/meson.build), each read is a
 * limited-reach PC-relative field to the variable itself (x86_64 R_X86_64_PC32, aarch64
 * ADR_PREL_PG_HI21, riscv64 PCREL_HI20, loongarch64 PCALA_HI20), which no veneer can
 * redirect: the image must lie within reach of both (test_object_window.c).
 */
extern int far_a;
extern int far_b;

int read_a(void) { return far_a; }
int read_b(void) { return far_b; }
