#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/bench/run.sh - libelfld against glibc's loader, side by side, in one run (x86_64).
#
#   ./tests/bench/run.sh                 # everything: synthetic library (GNU hash, SysV hash,
#                                        # RELR), libz, libsqlite3, libcrypto, and the object
#                                        # links objlink-libz, objlink-gen200, objlink-sqlite3
#   ./tests/bench/run.sh --quick         # smoke run: a 1,000-function synthetic library and
#                                        # objlink-libz, few repetitions (< 45 s once libelfld
#                                        # is built)
#   ./tests/bench/run.sh --cases synth,libcrypto --n 41 --reps 51 --iters 200
#   ./tests/bench/run.sh --lib /path/libfoo.so   # only this library (repeatable; with --cases
#                                        # as well to add it to those)
#   ./tests/bench/run.sh --scale 1k,10k,100k,1M   # instead: how cost grows - synthetic
#                                        # libraries of about that many relocations, NOW loads
#                                        # (instructions, heap), per relocation
#   ./tests/bench/run.sh --no-install    # never apt-get install missing tools / libraries
#
# Every measurement is one line
#   RESULT <case> <metric> elfld=<value> glibc=<value> ratio=<elfld/glibc> [details]
# (or `RESULT <case> <metric> SKIPPED reason=<why>`, e.g. a library libelfld cannot load yet),
# then PROFILE lines (callgrind_annotate of libelfld's load), a markdown summary table, a
# table of all results, and the machine.  Metrics:
#   load_ir_now / load_ir_lazy   callgrind instructions (user space) of exactly one load in a
#                                fresh process: elfld_load(ELFLD_NOW|LAZY) vs
#                                dlopen(RTLD_NOW|LAZY | RTLD_LOCAL), constructors included
#   ctx_ir                       callgrind instructions of elfld_ctx_create with the POSIX host
#                                (glibc has nothing to create: 0)
#   first_load_ir_now / _lazy    ctx_ir + load_ir_now / _lazy: what a host that loads one
#                                library pays, against glibc's first dlopen
#   load_ns_now / load_ns_lazy   wall clock of one load, median (min/max) over --n processes
#   *_selffirst                  the same with libelfld's own default order, when that is not
#                                the standard one (the output says which it is)
#   loop_load_ns / loop_unload_ns  load + unload --iters times in one process (elfld_release vs
#                                dlclose); both must really unmap (checked in /proc/self/maps)
#   sym_hit_ns / sym_miss_ns     elfld_sym vs dlsym per lookup: every exported function, and
#                                the same names + "_nx"; median over --reps repetitions
#   sym_hit_ir / sym_miss_ir     the same in callgrind instructions per lookup
#   syscalls_now                 system calls between two markers around the load (strace)
#   heap_bytes                   malloc bytes left allocated by one load (mallinfo2)
#   heap_peak_bytes              (--scale) the most the core asked the host for at once
#                                during one load (glibc's peak is not observable)
# Object links (objlink-* cases, tests/bench/objlink.py): libelfld's elfld_load_objects against
# LLVM 14's LLJIT and against ld.lld-14 / GNU ld -shared -Bsymbolic + dlopen, to the first
# correct call, each in a fresh process; the other side is named in each line
# (`elfld=<v> lljit=<v>`, `lld=`, `gnuld=`): start_ir / link_ir / first_ir (context or JIT
# creation, link + first call, both), link_ir_vs_lld / _vs_gnuld (the whole linker process +
# dlopen), the same in ns (*_ns), heap_peak_bytes (malloc peak, interposed) and rss_peak_kb.
# Headline numbers use the standard ELF lookup order (global scope first, then the library),
# with the POSIX host; the output says how.  Non-libc dependencies of a library are loaded
# before it by each loader, so only the library itself is measured.
#
# Builds libelfld in build/bench (meson, release, no tests/examples) and the bench program in
# build/bench/bench-tools; results (callgrind files, strace logs, results.md/.json) go to
# build/bench/results.  Exit status: 0, or 1 when the harness itself found a problem (the
# synthetic library not loadable or miscounted, the two loaders disagreeing on a result),
# 2 on a setup/build failure.  Not part of the test suite's pass/fail.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
HERE="$ROOT/tests/bench"
BUILD="$ROOT/build/bench"
TOOLS="$BUILD/bench-tools"
WORK="$BUILD/results"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 2; }

INSTALL=1 QUICK=0 PYARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; PYARGS+=("$1"); shift ;;
    --no-install) INSTALL=0; shift ;;
    --no-callgrind|--no-strace) PYARGS+=("$1"); shift ;;
    --n|--iters|--reps|--cases|--functions|--profile-top|--lib|--scale)
      [ $# -ge 2 ] || die "$1 needs a value"; PYARGS+=("$1" "$2"); shift 2 ;;
    --n=*|--iters=*|--reps=*|--cases=*|--functions=*|--profile-top=*|--lib=*|--scale=*) PYARGS+=("$1"); shift ;;
    -h|--help) awk 'NR == 1 || /SPDX-License-Identifier/ {next} /^#/ {sub(/^# ?/, ""); print; next} {exit}' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

[ "$(uname -m)" = x86_64 ] || die "the benchmark runs natively on x86_64 only (this is $(uname -m))"

# ------------------------------------------------------------------ tools and libraries
# command -> Debian package
declare -A PKG_OF=([gcc]=gcc [meson]=meson [ninja]=ninja-build [python3]=python3
                   [readelf]=binutils [valgrind]=valgrind [callgrind_annotate]=valgrind
                   [strace]=strace [ldconfig]=libc-bin)
missing=()
for c in "${!PKG_OF[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing+=("${PKG_OF[$c]}")
done
[ -f /usr/include/valgrind/callgrind.h ] || missing+=(valgrind)
# the object links: LLJIT (LLVM-C of LLVM 14), ld.lld-14, libz.a; tclsh generates sqlite3.c
command -v llvm-config-14 >/dev/null 2>&1 || missing+=(llvm-14-dev)
command -v ld.lld-14 >/dev/null 2>&1 || missing+=(lld-14)
[ -f /usr/lib/x86_64-linux-gnu/libz.a ] || missing+=(zlib1g-dev)
[ "$QUICK" = 1 ] || command -v tclsh >/dev/null 2>&1 || missing+=(tcl)
if [ "$QUICK" = 0 ]; then
  # the real libraries: zlib1g, libsqlite3-0, libssl3
  for pair in libz.so.1:zlib1g libsqlite3.so.0:libsqlite3-0 libcrypto.so.3:libssl3; do
    so=${pair%%:*} pkg=${pair#*:}
    ldconfig -p 2>/dev/null | grep -q "^[[:space:]]*$so " || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$INSTALL" = 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
      log "WARNING: apt-get install failed; continuing with what is there"
  else
    log "WARNING: missing ${missing[*]} (install them, or run as root to let this script do it)"
  fi
fi
for c in gcc meson ninja python3 readelf; do
  command -v "$c" >/dev/null 2>&1 || die "'$c' is required"
done
VG_DEF=()
if [ ! -f /usr/include/valgrind/callgrind.h ] || ! command -v valgrind >/dev/null 2>&1; then
  log "WARNING: no valgrind (or no valgrind/callgrind.h): instruction counts are skipped"
  VG_DEF=(-DBENCH_NO_VALGRIND)
  PYARGS+=(--no-callgrind)
fi
command -v strace >/dev/null 2>&1 || { log "WARNING: no strace: system calls are not counted"; PYARGS+=(--no-strace); }

# ------------------------------------------------------------------ build
cd "$ROOT"
mkdir -p "$(dirname "$BUILD")"          # a fresh clone has no build/ yet (its logs go there)
if [ ! -f "$BUILD/build.ninja" ]; then
  log "meson setup build/bench -Dbuildtype=release -Dtests=false -Dexamples=false"
  meson setup build/bench -Dbuildtype=release -Dtests=false -Dexamples=false >"$BUILD.setup.log" 2>&1 ||
    { cat "$BUILD.setup.log" >&2; die "meson setup failed"; }
fi
ninja -C "$BUILD" libelfld.a libelfld-posix.a >"$BUILD.ninja.log" 2>&1 ||
  { cat "$BUILD.ninja.log" >&2; die "building libelfld failed"; }

mkdir -p "$TOOLS" "$WORK"
# -z now: the program's own PLT is bound before main, so no lazy binding of dlopen, malloc, ...
# happens inside a measurement.  bench_probe_sym is exported for the lookup-order probe.
# -g only for readable profiles; -lm linked (--no-as-needed) so libm is part of the process
# for both loaders.
gcc -std=gnu11 -O2 -g -Wall -Wextra ${VG_DEF[@]+"${VG_DEF[@]}"} -I"$ROOT/include" "$HERE/bench.c" \
    "$BUILD/libelfld-posix.a" "$BUILD/libelfld.a" \
    -Wl,--no-as-needed -lm -ldl -Wl,-z,now -Wl,--export-dynamic-symbol=bench_probe_sym \
    -o "$TOOLS/bench.tmp" && mv "$TOOLS/bench.tmp" "$TOOLS/bench"
gcc -O1 -fPIC -shared -nostdlib "$HERE/probe.c" -o "$TOOLS/probe.so"

# The object links: one measuring program per loader (objlink.c + objlink_<loader>.c), so no
# process carries another loader's libraries; objlink_heap.so is preloaded only for heap runs.
# Each is built under a temporary name and renamed, as bench is: a run going on meanwhile
# never finds one missing or half written.
OL=(-std=gnu11 -O2 -g -Wall -Wextra ${VG_DEF[@]+"${VG_DEF[@]}"} -Wl,-z,now)
gcc "${OL[@]}" -I"$ROOT/include" "$HERE/objlink.c" "$HERE/objlink_elfld.c" \
    "$BUILD/libelfld-posix.a" "$BUILD/libelfld.a" -ldl -o "$TOOLS/objlink-elfld.tmp" &&
  mv "$TOOLS/objlink-elfld.tmp" "$TOOLS/objlink-elfld" || die "building objlink-elfld failed"
gcc "${OL[@]}" "$HERE/objlink.c" "$HERE/objlink_dlopen.c" -ldl -o "$TOOLS/objlink-dlopen.tmp" &&
  mv "$TOOLS/objlink-dlopen.tmp" "$TOOLS/objlink-dlopen" || die "building objlink-dlopen failed"
gcc -std=gnu11 -O2 -Wall -Wextra -fPIC -shared "$HERE/objlink_heap.c" \
    -o "$TOOLS/objlink_heap.so.tmp" &&
  mv "$TOOLS/objlink_heap.so.tmp" "$TOOLS/objlink_heap.so" || die "building objlink_heap.so failed"
command -v llvm-config-14 >/dev/null 2>&1 ||
  die "no llvm-config-14 (Debian package llvm-14-dev): the object links' LLJIT side cannot be built"
gcc "${OL[@]}" $(llvm-config-14 --cflags) "$HERE/objlink.c" "$HERE/objlink_lljit.c" \
    -L"$(llvm-config-14 --libdir)" -lLLVM-14 -ldl -o "$TOOLS/objlink-lljit.tmp" &&
  mv "$TOOLS/objlink-lljit.tmp" "$TOOLS/objlink-lljit" || die "building objlink-lljit failed"

exec python3 "$HERE/bench.py" --exe "$TOOLS/bench" --probe "$TOOLS/probe.so" --workdir "$WORK" \
  --objlink-tools "$TOOLS" \
  ${PYARGS[@]+"${PYARGS[@]}"}
