#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/tsan.sh - the threading tests (suite 'threads': contexts used from several threads at
# once, lazy binding reached by several threads together) under ThreadSanitizer.
#
#   ./tests/tsan.sh [meson test arguments...]
#
# Configures build/tsan (the default compiler, -Db_sanitize=thread) once, builds, and runs
# 'meson test --suite threads' there; any report is fatal.  Exit status is meson test's.
# (tests/run.sh wires this in as suite 'tsan' on x86_64.)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
B=build/tsan
mkdir -p "$(dirname "$B")"
if [ ! -f "$B/build.ninja" ]; then
  meson setup "$B" -Db_sanitize=thread -Db_lundef=false -Dexamples=false >"$B.setup.log" 2>&1 ||
    { cat "$B.setup.log"; exit 2; }
fi
ninja -C "$B" >/dev/null
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:abort_on_error=1}
exec meson test -C "$B" --print-errorlogs --num-processes 2 --suite threads "$@"
