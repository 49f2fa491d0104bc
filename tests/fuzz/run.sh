#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/fuzz/run.sh - build the libFuzzer harnesses and run each for a while.
#
#   ./tests/fuzz/run.sh [SECONDS] [HARNESS...]     # default 60 s each, every harness
#
# Harnesses: the five x86_64 ones, and fuzz_load_mem-<arch> and fuzz_load_object-<arch> for the
# six other backends (built for x86_64 with that arch's ELF class, machine and relocation
# code: tests/fuzz/meson.build; seeds in tests/fuzz/seeds-<arch>).
#
# Builds build/fuzz (clang, -Db_sanitize=address,undefined, c_args
# -fsanitize=fuzzer-no-link -fno-sanitize-recover=all: tests/fuzz/meson.build then links the
# harnesses with -fsanitize=fuzzer) and runs each harness for SECONDS with -timeout=10, one
# process each (FUZZ_PARALLEL=N runs N harnesses at once; default 1).  Corpora: the seeds
# (tests/fuzz/seeds: shared objects; seeds-obj: objects for fuzz_load_object; seeds-ar:
# archives for fuzz_load_archive) and the regression inputs (tests/malformed/regress, and
# regress-obj for the object harnesses) are read-only inputs;
# what a run discovers goes to build/fuzz/corpus/<harness> and is reused by the next run.
# Logs: build/fuzz/logs/<harness>.log; crash/leak/timeout inputs: build/fuzz/artifacts/.
#
# Fails (exit 1) on any crash, leak, timeout, out-of-memory or sanitizer report.  Prints per
# harness: 'FUZZ <harness> execs=N cov=N ft=N corpus=N time=Ns result=ok|FAIL'.
#
# Environment: CC (default clang-14, else clang), FUZZ_PARALLEL, FUZZ_ARGS (extra libFuzzer
# flags).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
SECS=${1:-60}
shift || true
FOREIGN_ARCHES=(aarch64 arm i386 loongarch64 riscv64 riscv32)
ALL=(fuzz_parse fuzz_dynamic fuzz_load_mem fuzz_load_object fuzz_load_archive)
for a in "${FOREIGN_ARCHES[@]}"; do ALL+=("fuzz_load_mem-$a" "fuzz_load_object-$a"); done
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=("${ALL[@]}")
B=build/fuzz
PAR=${FUZZ_PARALLEL:-1}

log() { printf '[fuzz] %s\n' "$*"; }

if [ -z "${CC:-}" ]; then
  if command -v clang-14 >/dev/null; then CC=clang-14; else CC=clang; fi
fi
mkdir -p "$(dirname "$B")"   # a fresh clone has no build/ yet (the setup log goes there)
if [ ! -f "$B/build.ninja" ]; then
  log "configuring $B with $CC"
  CC=$CC meson setup "$B" --buildtype=debugoptimized -Dexamples=false \
    -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" >"$B.setup.log" 2>&1 ||
    { cat "$B.setup.log"; exit 2; }
fi
targets=()
for h in "${HARNESSES[@]}"; do targets+=("tests/fuzz/$h"); done
ninja -C "$B" "${targets[@]}" >"$B.build.log" 2>&1 ||
  { grep -E -A8 'FAILED|error' "$B.build.log" | head -60; log "building the harnesses failed (log: $B.build.log)"; exit 2; }

mkdir -p "$B/logs" "$B/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# Seeds from real libraries, besides the fixtures: Debian's libz for every arch (the one
# tests/setup.sh fetched or built into TC_DIR; this machine's own for x86_64), this machine's
# libzstd (760 KB, which dpkg needs: a large one under libFuzzer's 1 MB default input limit) and the members of Debian's libz.a for x86_64.  Copied into
# $B/real/<arch>/{so,obj} (libFuzzer reads seed directories, not single files).
TC_DIR=${TC_DIR:-$HOME/.cache/elfld-toolchains}
real_seeds() {
  local a=$1 d=$B/real/$1 lib
  mkdir -p "$d/so" "$d/obj"
  if [ "$a" = x86_64 ]; then
    for lib in /usr/lib/x86_64-linux-gnu/libz.so.1 /usr/lib/x86_64-linux-gnu/libzstd.so.1; do
      [ -f "$lib" ] && cp -L "$lib" "$d/so/"
    done
    [ -f /usr/lib/x86_64-linux-gnu/libz.a ] &&
      (cd "$d/obj" && ar x /usr/lib/x86_64-linux-gnu/libz.a adler32.o inflate.o deflate.o)
  else
    lib=$(sed -n "s/^libz = '\(.*\)'$/\1/p" "$TC_DIR/cross/$a.ini" 2>/dev/null || true)
    [ -n "$lib" ] && [ -f "$lib" ] && cp -L "$lib" "$d/so/libz.so.1"
  fi
  if [ -z "$(ls "$d/so")" ]; then
    log "no real library for $a (run tests/setup.sh for the foreign ones): fixtures only"
  fi
}

# Read-only input directories per harness (the replay suite's, plus the real libraries).
inputs_of() {
  case $1 in
    fuzz_load_object) echo tests/fuzz/seeds-obj tests/malformed/regress-obj "$B/real/x86_64/obj" ;;
    fuzz_load_archive) echo tests/fuzz/seeds-ar tests/malformed/regress-obj ;;
    fuzz_load_mem-*) echo "tests/fuzz/seeds-${1#*-}/so" "$B/real/${1#*-}/so" ;;
    fuzz_load_object-*) echo "tests/fuzz/seeds-${1#*-}/obj" ;;
    *) echo tests/fuzz/seeds tests/malformed/regress "$B/real/x86_64/so" ;;
  esac
}
real_seeds x86_64
for a in "${FOREIGN_ARCHES[@]}"; do real_seeds "$a"; done

run_one() {
  local h=$1
  mkdir -p "$B/corpus/$h"
  # shellcheck disable=SC2046
  "$B/tests/fuzz/$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict=tests/fuzz/elf.dict -artifact_prefix="$B/artifacts/$h-" \
    ${FUZZ_ARGS:-} "$B/corpus/$h" $(inputs_of "$h") \
    >"$B/logs/$h.log" 2>&1
}

summarize() {
  local h=$1 rc=$2
  local f=$B/logs/$h.log execs cov ft corpus t result=ok
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$f" | tail -1)
  local last
  last=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$f" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  t=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$f" | tail -1)
  if [ "$rc" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FUZZ FINDING|SUMMARY: (Address|Undefined|Leak)' "$f"; then
    result=FAIL
  fi
  echo "FUZZ $h execs=${execs:-0} cov=${cov:-0} ft=${ft:-0} corpus=${corpus:-0} time=${t:-?}s result=$result"
  [ $result = ok ]
}

declare -A pids
fail=0
queue=("${HARNESSES[@]}")
running=()
results=()
for h in "${queue[@]}"; do
  log "running $h for ${SECS}s"
  run_one "$h" &
  pids[$h]=$!
  running+=("$h")
  if [ ${#running[@]} -ge "$PAR" ]; then
    first=${running[0]}
    rc=0; wait "${pids[$first]}" || rc=$?
    results+=("$first:$rc")
    running=("${running[@]:1}")
  fi
done
for h in "${running[@]}"; do
  rc=0; wait "${pids[$h]}" || rc=$?
  results+=("$h:$rc")
done
for r in "${results[@]}"; do
  h=${r%%:*} rc=${r##*:}
  if ! summarize "$h" "$rc"; then
    fail=1
    log "$h FAILED; log: $B/logs/$h.log; artifacts: $(ls "$B/artifacts/$h-"* 2>/dev/null | tr '\n' ' ')"
    grep -E -m5 -A12 'ERROR:|runtime error:|FUZZ FINDING' "$B/logs/$h.log" || true
  fi
done
exit $fail
