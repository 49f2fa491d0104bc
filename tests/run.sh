#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/run.sh - set up toolchains, build and run the libelfld test suite for each arch.
#
#   ./tests/run.sh                       # every arch whose backend arch/<arch>/ exists
#   ./tests/run.sh --arch x86_64         # only these (repeatable, or a comma list; 'all')
#   ./tests/run.sh --arch riscv64 -Dexamples=false   # -D options go to 'meson setup'
#   ./tests/run.sh --no-setup            # skip tests/setup.sh (toolchains already installed)
#
# Per arch: tests/setup.sh (once, for all selected arches), 'meson setup build/<arch>'
# (x86_64 natively, the others with the cross file tests/setup.sh wrote), ninja, then
# 'meson test -C build/<arch> --print-errorlogs --num-processes 2'. At the end it prints one
# 'SUMMARY <arch> <suite> passed=N failed=N skipped=N' line per suite and the totals as
# 'N passed, N failed, N skipped'. A cmocka test program counts as its test cases (see
# tests/summary.py). An arch whose configure or build fails counts one failure in the pseudo
# suite 'setup' / 'build' ('no-tests' when it defines none). Exit status is non-zero
# when anything failed.
#
# Environment: TC_DIR (toolchains, default ~/.cache/elfld-toolchains), ELFLD_CROSS_DIR (cross
# files, default $TC_DIR/cross), ELFLD_TIMEOUT_MULTIPLIER (default 1 native, 3 under qemu).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

export TC_DIR=${TC_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/elfld-toolchains}
CROSS_DIR=${ELFLD_CROSS_DIR:-$TC_DIR/cross}

log() { printf '[run] %s\n' "$*"; }
# wall time per phase, printed before the summary: where a slow run spent its minutes
TIMES=() PHASE_START=$SECONDS
phase_done() { TIMES+=("$1=$((SECONDS - PHASE_START))s"); PHASE_START=$SECONDS; }
die() { printf '[run] ERROR: %s\n' "$*" >&2; exit 2; }
usage() { # the header comment above, without its '# '
  awk 'NR == 1 || /SPDX-License-Identifier/ {next} /^#/ {sub(/^# ?/, ""); print; next} {exit}' "$0"
}

# shellcheck source=tests/arches.sh
. "$(dirname "${BASH_SOURCE[0]}")/arches.sh"
MESON_D=() DO_SETUP=1
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || die "--arch needs a value"; add_arches "$2"; shift 2 ;;
    --arch=*) add_arches "${1#--arch=}"; shift ;;
    --no-setup) DO_SETUP=0; shift ;;
    -D?*) MESON_D+=("$1"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

ARCHES=()
if [ ${#ARCH_REQ[@]} -gt 0 ]; then
  sel=" ${ARCH_REQ[*]} "
  for a in "${ALL_ARCHES[@]}"; do [[ "$sel" == *" $a "* ]] && ARCHES+=("$a"); done
else
  for a in "${ALL_ARCHES[@]}"; do [ -d "arch/$a" ] && ARCHES+=("$a"); done
  if [ ${#ARCHES[@]} -eq 0 ]; then
    log "WARNING: no arch/<arch>/ backend directory found; testing x86_64"
    ARCHES=(x86_64)
  fi
fi
unset CMOCKA_MESSAGE_OUTPUT CMOCKA_XML_FILE   # the counting reads cmocka's standard output
log "repo: $ROOT"
log "arches: ${ARCHES[*]}"

RESULTS=$(mktemp /tmp/elfld-run.XXXXXX)
trap 'rm -f "$RESULTS"' EXIT
fail_row() { python3 tests/summary.py row "$@" >> "$RESULTS"; }

# ------------------------------------------------------------------ toolchains
declare -A SETUP_FAILED=()
if ((DO_SETUP)); then
  sargs=(--cross-dir "$CROSS_DIR")
  for a in "${ARCHES[@]}"; do sargs+=(--arch "$a"); done
  log "setup: bash tests/setup.sh ${sargs[*]}"
  if ! bash tests/setup.sh "${sargs[@]}"; then
    log "setup failed for the whole set; retrying arch by arch to see which ones"
    for a in "${ARCHES[@]}"; do
      bash tests/setup.sh --cross-dir "$CROSS_DIR" --arch "$a" || SETUP_FAILED[$a]=1
    done
  fi
fi
phase_done setup
command -v python3 >/dev/null || die "python3 not found (run tests/setup.sh)"
command -v meson >/dev/null || die "meson not found (run tests/setup.sh)"
MESON_VERSION=$(meson --version)

# ------------------------------------------------------------------ per arch
configure() { # arch builddir -> 0 when build/<arch> is configured for the current inputs
  local arch=$1 bd=$2 cross="" stamp_file=$2/.elfld-run-stamp stamp old="" args=()
  args=(-Darch="$arch" "${MESON_D[@]}")
  if [ "$arch" != x86_64 ]; then
    cross=$CROSS_DIR/$arch.ini
    [ -f "$cross" ] || { log "$arch: cross file $cross missing (tests/setup.sh failed?)"; return 1; }
    args=(--cross-file "$cross" "${args[@]}")
  fi
  # what the configuration depends on besides the sources (ninja tracks those itself)
  stamp="meson=$MESON_VERSION args=${args[*]}"
  [ -n "$cross" ] && stamp+=" cross=$(sha256sum "$cross" | cut -d' ' -f1)"
  # the native build finds Debian's zlib source in the toolchain cache at configure time
  [ -z "$cross" ] && stamp+=" tc=$TC_DIR"
  [ -f "$stamp_file" ] && old=$(cat "$stamp_file")
  if [ -f "$bd/meson-private/coredata.dat" ]; then
    if [ "$stamp" = "$old" ] && [ -f "$bd/build.ninja" ]; then
      log "$arch: $bd is configured (ninja regenerates it if meson.build changed)"
      return 0
    fi
    rm -f "$stamp_file"
    if [ "$stamp" = "$old" ]; then
      # same inputs, but the last (re)configure did not finish
      log "$arch: meson setup --reconfigure $bd ${args[*]}"
      meson setup --reconfigure "$bd" "${args[@]}" ||
        { log "$arch: reconfigure failed; recreating $bd"; rm -rf "$bd"; meson setup "$bd" "${args[@]}"; } ||
        return 1
    else
      # Meson version, -D options or cross file changed. Not 'meson setup --wipe': it would
      # keep -D options given last time but not now. Start from an empty directory instead.
      log "$arch: $bd is stale (meson version, options or cross file changed): recreating it"
      rm -rf "$bd"
      log "$arch: meson setup $bd ${args[*]}"
      meson setup "$bd" "${args[@]}" || return 1
    fi
  else
    rm -rf "$bd"
    log "$arch: meson setup $bd ${args[*]}"
    meson setup "$bd" "${args[@]}" || return 1
  fi
  echo "$stamp" > "$stamp_file"
}

BROKEN=() PASSED=()   # PASSED: builds whose whole suite passed just now
for arch in "${ARCHES[@]}"; do
  bd=build/$arch
  log "==================== $arch ===================="
  if [ -n "${SETUP_FAILED[$arch]:-}" ]; then
    log "$arch: FAILED: tests/setup.sh could not install its toolchain"
    fail_row "$arch" setup "tests/setup.sh failed"; BROKEN+=("$arch"); continue
  fi
  mkdir -p build
  if ! configure "$arch" "$bd"; then
    log "$arch: FAILED: meson setup"
    fail_row "$arch" setup "meson setup failed"; BROKEN+=("$arch"); continue
  fi
  log "$arch: ninja -C $bd"
  if ! ninja -C "$bd"; then
    log "$arch: FAILED: build"
    fail_row "$arch" build "ninja failed"; BROKEN+=("$arch"); phase_done "$arch-build"; continue
  fi
  phase_done "$arch-build"
  tm=${ELFLD_TIMEOUT_MULTIPLIER:-}
  if [ -z "$tm" ]; then
    tm=1
    if [ "$arch" != x86_64 ] && grep -q '^exe_wrapper' "$CROSS_DIR/$arch.ini" 2>/dev/null; then tm=3; fi
  fi
  rm -f "$bd/meson-logs/testlog.json"
  log "$arch: meson test -C $bd --print-errorlogs --num-processes 2 --timeout-multiplier $tm"
  rc=0
  meson test -C "$bd" --print-errorlogs --num-processes 2 --timeout-multiplier "$tm" || rc=$?
  log "$arch: meson test exit status $rc"
  phase_done "$arch-test"
  ((rc == 0)) && PASSED+=("$arch")
  python3 tests/summary.py collect --arch "$arch" --builddir "$bd" --rc "$rc" >> "$RESULTS" ||
    fail_row "$arch" summary "could not read $bd/meson-logs/testlog.json"
done

# ------------------------------------------------------------------ hardening (x86_64)
# The whole x86_64 suite again under ASan + UBSan (suite 'asan'), the threading tests under
# ThreadSanitizer (suite 'tsan'), and every libFuzzer harness
# for a bounded time (suite 'fuzz'; ELFLD_FUZZ_SECONDS per harness, default 30, two at once: a smoke run; the long runs are made apart, see README).
# ELFLD_HARDENING=0 skips both (a quick local run); CI always runs them.
if [[ " ${ARCHES[*]} " == *" x86_64 "* ]] && [ "${ELFLD_HARDENING:-1}" != 0 ]; then
  log "==================== x86_64 asan ===================="
  rc=0
  ./tests/fuzz/asan.sh || rc=$?
  phase_done asan
  ((rc == 0)) && PASSED+=(asan)
  python3 tests/summary.py collect --arch x86_64 --builddir build/asan --rc "$rc" --suite asan \
    >> "$RESULTS" || fail_row x86_64 asan "could not read build/asan/meson-logs/testlog.json"
  log "==================== x86_64 tsan ===================="
  rc=0
  ./tests/tsan.sh || rc=$?
  phase_done tsan
  python3 tests/summary.py collect --arch x86_64 --builddir build/tsan --rc "$rc" --suite tsan \
    >> "$RESULTS" || fail_row x86_64 tsan "could not read build/tsan/meson-logs/testlog.json"
  log "==================== x86_64 fuzz ===================="
  FUZZ_PARALLEL=${FUZZ_PARALLEL:-2} ./tests/fuzz/run.sh "${ELFLD_FUZZ_SECONDS:-30}" \
    | tee build/fuzz-run.log || true
  python3 tests/summary.py fuzz x86_64 < build/fuzz-run.log >> "$RESULTS"
  phase_done fuzz
fi

# ------------------------------------------------------------------ mutants
# tests/mutants/run.py: every catalogue entry for the arches of this run (and the ASan build
# with the hardening stage) applied alone to a scratch copy, rebuilt, and killed by its tests
# (suite 'mutants': one pass per mutant killed, one failure per survivor or broken entry).
# ELFLD_MUTANTS=0 skips it (a quick local run); CI always runs it. A tree without uncommitted
# changes (a fresh clone, CI) is mutated in place, reusing build/<arch>; otherwise the entries
# go to a scratch copy with builds of its own (see tests/mutants/run.py).
if [ "${ELFLD_MUTANTS:-1}" != 0 ] && [ ${#BROKEN[@]} -eq 0 ]; then
  log "==================== mutants ===================="
  margs=(--auto-place)
  for a in "${ARCHES[@]}"; do margs+=(--arch "$a"); done
  if [[ " ${ARCHES[*]} " == *" x86_64 "* ]] && [ "${ELFLD_HARDENING:-1}" != 0 ]; then
    margs+=(--arch asan)
  fi
  # a build whose whole suite just passed on these sources needs no baseline run of its tests
  for b in "${PASSED[@]}"; do margs+=(--baseline-passed "$b"); done
  python3 tests/mutants/run.py "${margs[@]}" --results "$RESULTS" 2>&1 | tee build/mutants.log ||
    true
  grep -q '^MUTANTS ' build/mutants.log ||
    fail_row all mutants "tests/mutants/run.py did not finish (see build/mutants.log)"
  phase_done mutants
fi

# ------------------------------------------------------------------ benchmark smoke (x86_64)
# tests/bench/run.sh --quick: the harness builds, both loaders load a 1,000-function synthetic
# library, a call through it returns the same sum with both loaders, and they agree on every lookup
# (the harness exits 1 otherwise).  Its numbers are not judged here (suite 'bench', one test).
if [[ " ${ARCHES[*]} " == *" x86_64 "* ]] && [ "$(uname -m)" = x86_64 ]; then
  log "==================== x86_64 bench smoke ===================="
  if ./tests/bench/run.sh --quick --no-install > build/bench-smoke.log 2>&1; then
    printf 'x86_64\tbench\t1\t0\t0\t\n' >> "$RESULTS"
  else
    tail -20 build/bench-smoke.log >&2
    fail_row x86_64 bench "tests/bench/run.sh --quick failed (see build/bench-smoke.log)"
  fi
fi

# ------------------------------------------------------------------ summary
echo
phase_done bench
log "==================== summary ===================="
log "wall time: ${TIMES[*]} total=${SECONDS}s"
((${#BROKEN[@]})) && log "arches that did not get to run their tests: ${BROKEN[*]}"
status=0
python3 tests/summary.py report "$RESULTS" || status=$?
exit "$status"
