# SPDX-License-Identifier: MIT OR Apache-2.0
# shellcheck shell=bash
# tests/arches.sh - sourced by tests/run.sh and tests/setup.sh: the arch names both accept.
# Defines ALL_ARCHES (canonical order), canon_arch ALIAS, and add_arches LIST, which appends
# the canonical names of a comma list (or 'all') to ARCH_REQ; the caller defines die().

ALL_ARCHES=(x86_64 i386 aarch64 arm riscv64 riscv32 loongarch64)
ARCH_REQ=()

canon_arch() { # accept a few common aliases
  case "$1" in
    x86_64|amd64|x64) echo x86_64 ;;
    i386|i686|x86|ia32) echo i386 ;;
    aarch64|arm64) echo aarch64 ;;
    arm|armhf|armv7) echo arm ;;
    riscv64|rv64) echo riscv64 ;;
    riscv32|rv32) echo riscv32 ;;
    loongarch64|loong64|la64) echo loongarch64 ;;
    *) return 1 ;;
  esac
}

add_arches() {
  local a c IFS=','
  for a in $1; do
    [ -n "$a" ] || continue
    if [ "$a" = all ]; then ARCH_REQ+=("${ALL_ARCHES[@]}"); continue; fi
    c=$(canon_arch "$a") || die "unknown arch '$a' (known: x86_64 i386 aarch64 arm riscv64 riscv32 loongarch64, all)"
    ARCH_REQ+=("$c")
  done
}
