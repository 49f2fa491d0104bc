#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
# check-undefined.sh NM ARCHIVE
#
# Design rule 1: the only symbols libelfld.a may need from outside are memcpy, memset,
# memmove and memcmp.  `nm -u` on an archive lists each member's undefined symbols, most of
# them defined by another member, so subtract everything defined anywhere in the archive.
# Weak undefined symbols count too: a freestanding user cannot be expected to know about them.
set -eu
export LC_ALL=C # sort and comm must agree on the order
nm=$1
archive=$2
allowed='memcpy memset memmove memcmp'
# Linker-generated, never supplied by a library (i386 PIC code refers to it by name).
allowed="$allowed _GLOBAL_OFFSET_TABLE_"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Not in a pipeline, so that set -e sees nm fail (wrong nm for the arch, bad archive) instead
# of the check passing on empty lists.
"$nm" -P --defined-only "$archive" >"$tmp/nm-defined"
"$nm" -P -u "$archive" >"$tmp/nm-undefined"

# -P: "name type [value size]" per line, plus "archive[member]:" headers and blank lines.
# Global definitions only (upper case; u = GNU unique): a local symbol serves its own member.
awk 'NF >= 2 && $2 ~ /^[A-Zu]$/ { print $1 }' "$tmp/nm-defined" | sort -u >"$tmp/defined"
awk 'NF >= 2 && $2 ~ /^[Uwv]$/ { print $1 }' "$tmp/nm-undefined" | sort -u >"$tmp/undefined"
if ! grep -qx elfld_load_mem "$tmp/defined"; then
    echo "FAIL: $nm shows no elfld_load_mem in $archive: cannot check it"
    exit 1
fi
printf '%s\n' $allowed | sort -u >"$tmp/allowed"

comm -23 "$tmp/undefined" "$tmp/defined" | comm -23 - "$tmp/allowed" >"$tmp/bad"
if [ -s "$tmp/bad" ]; then
    echo "FAIL: $archive needs symbols a freestanding user does not have:"
    sed 's/^/    /' "$tmp/bad"
    for sym in $(cat "$tmp/bad"); do
        # which members want it (nm -A prefixes each line with archive[member]:)
        "$nm" -A -u "$archive" | grep -E "[[:space:]]$sym\$" | sed 's/^/        /' || true
    done
    exit 1
fi
echo "ok: $archive needs only: $(comm -12 "$tmp/undefined" "$tmp/allowed" | tr '\n' ' ')"
