#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/fuzz/asan.sh - the whole x86_64 suite under AddressSanitizer + UndefinedBehaviorSanitizer.
#
#   ./tests/fuzz/asan.sh [meson test arguments...]     # e.g. --suite malformed
#
# Configures build/asan (the default compiler, -Db_sanitize=address,undefined, UBSan reports
# fatal) once, builds, and runs 'meson test' there.  Exit status is meson test's.  The fuzz
# suite in this build replays the seeds and regression inputs through every harness under the
# sanitizers.  (tests/run.sh wires this in as suite 'asan'.)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
B=build/asan
mkdir -p "$(dirname "$B")"   # a fresh clone has no build/ yet (the setup log goes there)
if [ ! -f "$B/build.ninja" ]; then
  meson setup "$B" -Db_sanitize=address,undefined -Db_lundef=false -Dexamples=false \
    -Dc_args=-fno-sanitize-recover=undefined >"$B.setup.log" 2>&1 ||
    { cat "$B.setup.log"; exit 2; }
fi
ninja -C "$B" >/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
exec meson test -C "$B" --print-errorlogs --num-processes 2 "$@"
