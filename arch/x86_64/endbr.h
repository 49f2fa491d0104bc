/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * endbr.h - ENDBR, the landing pad of an entry reached by an indirect call or jump (the
 * assembly's TLS resolvers, the lazy trampoline): endbr64 where the build enables indirect
 * branch tracking (-fcf-protection=branch sets bit 0 of __CET__), as the compiler then marks
 * every C function; nothing otherwise, where it would cost an instruction on every call.
 */
#ifndef ELFLD_X86_64_ENDBR_H
#define ELFLD_X86_64_ENDBR_H
#if defined(__CET__) && (__CET__ & 1)
#define ENDBR endbr64
#else
#define ENDBR
#endif
#endif
