#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/fuzz/make_arch_seeds.sh - rebuild the seed corpora of the foreign-arch harnesses
# (fuzz_load_mem-<arch>, fuzz_load_object-<arch>; tests/fuzz/meson.build):
#   seeds-<arch>/so/   shared objects: basic (lazy PLT, data and function relocations), lazy,
#                      relr (packed relative relocations), ver (symbol versions), from the
#                      fixture sources in tests/shared_object/fixtures, -nostdlib; tlsgd and
#                      tlsdesc (tlsmod.c: a PT_TLS segment, DTPMOD/DTPOFF and TLSDESC records)
#   seeds-<arch>/obj/  objects: mo_a, mo_b, mo_tls, mo_hyb_obj (and on i386 mo_comdat) from
#                      tests/malformed/obj, -fPIC -O2; mo_a and mo_b with the compiler's
#                      default code model and no -fPIC; mo_b at -O0 -g (debug and unwind
#                      relocations)
#   regress-*          inputs a fuzzer found a bug with, kept as they are (the replay tests
#                      run every file of these folders in every x86_64 build)
# with the gcc cross compiler and with zig's clang (loongarch64: zig only; riscv32: gcc for
# objects) of tests/setup.sh, found in TC_DIR (default ~/.cache/elfld-toolchains).  Stripped
# and laid out for 4 KiB pages, so the seeds of all six arches stay small.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TC_DIR=${TC_DIR:-$HOME/.cache/elfld-toolchains}
FX=$ROOT/tests/shared_object/fixtures
MO=$ROOT/tests/malformed/obj
[ -d "$TC_DIR/bin" ] || { echo "no toolchains in $TC_DIR: run tests/setup.sh" >&2; exit 2; }
ZIG_EXE=$(sed -n "s/^zig = '\(.*\)'$/\1/p" "$TC_DIR/cross/riscv32.ini")
export ZIG_GLOBAL_CACHE_DIR=$TC_DIR/zig-cache
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# arch -> "gcc command" and "zig clang command" ('' when the arch has none)
declare -A GCC=(
  [aarch64]=aarch64-linux-gnu-gcc [arm]=arm-linux-gnueabihf-gcc [i386]=i686-linux-gnu-gcc
  [riscv64]=riscv64-linux-gnu-gcc
  [riscv32]="riscv64-linux-gnu-gcc -march=rv32imafdc -mabi=ilp32d" [loongarch64]=)
declare -A ZIG=(
  [aarch64]=zcc-aarch64-linux-musl [arm]=zcc-arm-linux-musleabihf [i386]=zcc-x86-linux-musl
  [riscv64]=zcc-riscv64-linux-musl [riscv32]=zcc-riscv32-linux-musl
  [loongarch64]=zcc-loongarch64-linux-musl)

SO_FLAGS=(-fPIC -O2 -fno-stack-protector -fno-builtin -fvisibility=default -shared -nostdlib
          -fno-asynchronous-unwind-tables -Wl,-z,lazy -Wl,--hash-style=gnu -Wl,-z,noexecstack
          -Wl,-z,max-page-size=4096 -Wl,-z,common-page-size=4096 -s)
OBJ_FLAGS=(-O2 -fcommon -fno-builtin -fno-stack-protector -fno-asynchronous-unwind-tables)

for arch in aarch64 arm i386 riscv64 riscv32 loongarch64; do
  so=$ROOT/tests/fuzz/seeds-$arch/so obj=$ROOT/tests/fuzz/seeds-$arch/obj
  mkdir -p "$so" "$obj"
  find "$so" "$obj" -maxdepth 1 -type f ! -name 'regress-*' -delete   # findings stay
  gcc_cc=${GCC[$arch]} zig_cc=$TC_DIR/bin/${ZIG[$arch]}
  # the .so seeds: gcc where it links without a libc of the arch, zig otherwise
  # (-rtlib=none: zig would link its compiler runtime into a -nostdlib library)
  so_cc="$zig_cc -rtlib=none"
  case $arch in aarch64|arm|i386|riscv64) so_cc=$gcc_cc ;; esac
  $so_cc "${SO_FLAGS[@]}" "$FX/basic.c" -o "$so/basic.so"
  $zig_cc -rtlib=none "${SO_FLAGS[@]}" "$FX/lazy.c" -o "$so/lazy.so"
  # zig's driver does not pass -z pack-relative-relocs on: compile, then link with its lld
  $zig_cc -fPIC -O2 -fno-builtin -fno-asynchronous-unwind-tables -c "$FX/relr.c" -o "$T/relr.o"
  "$ZIG_EXE" ld.lld -shared -z pack-relative-relocs -z max-page-size=4096 --hash-style=gnu -s \
    "$T/relr.o" -o "$so/relr.so"
  $so_cc "${SO_FLAGS[@]}" -Wl,--version-script="$FX/ver.map" "$FX/ver.c" -o "$so/ver.so"
  # thread-local storage: general dynamic (aarch64 gcc: the traditional dialect), descriptors
  # (aarch64's default; gcc -mtls-dialect=gnu2 on arm and i386; zig -mtls-dialect=desc)
  gd_flags=(-ftls-model=global-dynamic) desc_cc=$zig_cc desc_flags=(-rtlib=none -mtls-dialect=desc)
  case $arch in
    aarch64) gd_flags+=(-mtls-dialect=trad) desc_cc=$gcc_cc desc_flags=() ;;
    arm|i386) desc_cc=$gcc_cc desc_flags=(-mtls-dialect=gnu2) ;;
  esac
  $so_cc "${SO_FLAGS[@]}" "${gd_flags[@]}" "$FX/tlsmod.c" -o "$so/tlsgd.so"
  $desc_cc "${desc_flags[@]}" "${SO_FLAGS[@]}" "$FX/tlsmod.c" -o "$so/tlsdesc.so"
  for c in gcc zig; do
    cc=$gcc_cc
    [ $c = zig ] && cc=$zig_cc
    [ -n "$cc" ] || continue
    names=(mo_a mo_b mo_tls mo_hyb_obj)
    case $arch in i386) names+=(mo_comdat) ;; esac   # its group member is x86 assembly
    for n in "${names[@]}"; do
      $cc -fPIC "${OBJ_FLAGS[@]}" -c "$MO/$n.c" -o "$obj/$n-$c.o"
    done
    for n in mo_a mo_b; do
      $cc -fno-pic "${OBJ_FLAGS[@]}" -c "$MO/$n.c" -o "$obj/$n-nopic-$c.o"
    done
    $cc -fPIC -O0 -g -fcommon -fno-builtin -c "$MO/mo_b.c" -o "$obj/mo_b-g-$c.o"
  done
done
du -cb "$ROOT"/tests/fuzz/seeds* | tail -1
