#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
# Quick start: build libelfld and its examples, then run the plugin host.
#
#   examples/run.sh            (from anywhere; on a fresh Debian 12, run it as root)
#
# Installs what the build needs when it is missing (gcc libc6-dev meson ninja-build
# pkg-config), builds into build/examples at the top of the repository without the test
# suite, and runs plugin-host, which loads the three example plugins with libelfld.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/examples"

missing=
# libc6-dev is only a Recommends of gcc, and we install without recommends.
for pkg in gcc libc6-dev meson ninja-build pkg-config; do
    # dpkg-query fails for unknown packages and prints e.g. "deinstall ok config-files" for
    # removed ones: only "install ok installed" counts.
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    echo "run.sh: installing:$missing"
    if [ "$(id -u)" -eq 0 ]; then
        sudo=
    elif command -v sudo >/dev/null 2>&1; then
        sudo=sudo
    else
        echo "run.sh: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
    $sudo apt-get update
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
fi

if [ -f "$build/build.ninja" ]; then
    : # already configured: ninja re-runs meson itself if a meson.build changed
else
    meson setup "$build" "$root" -Dtests=false
fi
ninja -C "$build"

echo
echo "\$ $build/examples/plugin-host/plugin-host"
exec "$build/examples/plugin-host/plugin-host"
