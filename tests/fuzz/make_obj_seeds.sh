#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/fuzz/make_obj_seeds.sh - rebuild the seed corpora of the object harnesses:
#   seeds-obj/  small .o files for fuzz_load_object (gcc and clang, -fPIC -O2 without unwind
#               tables; one -O0 -g object with debug relocations; one -fno-pic object)
#   seeds-ar/   small .a files for fuzz_load_archive: GNU ar with a symbol index and a long-name
#               table, llvm-ar in BSD format (#1/N names, __.SYMDEF), GNU ar without an index
# from the fixture sources in tests/malformed/obj/.  x86_64 host compilers.  The committed seeds
# (every seeds* directory) stay under 150 KB in total.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
S=$ROOT/tests/malformed/obj
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
F=(-fPIC -fcommon -fno-builtin -fno-stack-protector -fno-asynchronous-unwind-tables)
for cc in gcc clang; do
  for n in mo_a mo_b mo_comdat mo_hyb_obj mo_ar_needed mo_ar_member_with_a_long_name \
           mo_ar_required mo_ar_unused mo_tls; do
    "$cc" -O2 "${F[@]}" -c "$S/$n.c" -o "$T/$n-$cc.o"
  done
done
gcc -O0 -g -fPIC -fcommon -fno-builtin -c "$S/mo_b.c" -o "$T/mo_b-g.o"
gcc -O2 -fno-pic -fcommon -fno-builtin -fno-stack-protector -c "$S/mo_a.c" -o "$T/mo_a-nopic.o"
O=$ROOT/tests/fuzz/seeds-obj A=$ROOT/tests/fuzz/seeds-ar
rm -f "$O"/* "$A"/*
for f in mo_a-gcc mo_a-clang mo_b-gcc mo_b-clang mo_b-g mo_comdat-gcc mo_hyb_obj-clang \
         mo_ar_needed-gcc mo_tls-gcc mo_a-nopic; do
  cp "$T/$f.o" "$O/"
done
m=(mo_ar_member_with_a_long_name mo_ar_unused mo_ar_needed mo_ar_required)
(cd "$T" && ar rcs "$A/libmo-gnu.a" "${m[@]/%/-gcc.o}")
(cd "$T" && llvm-ar rcs --format=bsd "$A/libmo-bsd.a" "${m[@]/%/-clang.o}")
(cd "$T" && ar rcS "$A/libmo-noindex.a" mo_ar_needed-clang.o mo_ar_member_with_a_long_name-clang.o \
   mo_ar_required-clang.o)
du -cb "$ROOT"/tests/fuzz/seeds* | tail -1
