#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/fuzz/make_program_seeds.sh - the program seeds of fuzz_load_mem and its foreign-arch
# builds (tests/fuzz/seeds/ and seeds-<arch>/so/): seed_program.c as a static ET_EXEC
# (prog-exec.elf) and as a PIE with a PT_INTERP (prog-pie.elf), -nostdlib, stripped, 4 KiB
# pages, each followed by one byte 0x10 - the harness reads the input's last byte for its
# mode, and bit 4 asks for a program (elfld_exec_prepare_mem) instead of a library.  Built
# with the arch's gcc where Debian has one, zig's clang otherwise (loongarch64), from
# tests/setup.sh's toolchains (TC_DIR, default ~/.cache/elfld-toolchains).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TC_DIR=${TC_DIR:-$HOME/.cache/elfld-toolchains}
SRC=$ROOT/tests/fuzz/seed_program.c
export ZIG_GLOBAL_CACHE_DIR=$TC_DIR/zig-cache
declare -A CC=(
  [x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [arm]=arm-linux-gnueabihf-gcc
  [i386]=i686-linux-gnu-gcc [riscv64]=riscv64-linux-gnu-gcc
  [riscv32]="riscv64-linux-gnu-gcc -march=rv32imafdc -mabi=ilp32d"
  [loongarch64]=$TC_DIR/bin/zcc-loongarch64-linux-musl)
COMMON=(-O2 -nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables -s
        -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack)

for arch in x86_64 aarch64 arm i386 riscv64 riscv32 loongarch64; do
  out=$ROOT/tests/fuzz/seeds-$arch/so
  [ $arch = x86_64 ] && out=$ROOT/tests/fuzz/seeds
  mkdir -p "$out"
  cc=${CC[$arch]}
  $cc "${COMMON[@]}" -static -fno-pie -no-pie "$SRC" -o "$out/prog-exec.elf"
  $cc "${COMMON[@]}" -fPIE -pie -Wl,--dynamic-linker=/lib/ld-program-seed.so.1 "$SRC" \
      -o "$out/prog-pie.elf"
  for f in "$out/prog-exec.elf" "$out/prog-pie.elf"; do printf '\020' >> "$f"; done
done
