#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""core_build_check.py - build the freestanding core with one compiler at one optimisation
level and check what it needs from outside.

    core_build_check.py NM OUTDIR -- CC... -- FLAGS... -- SOURCES...

Compiles every source (the core's C files and the arch backend's C and assembly) with
`CC FLAGS -c`, warnings as errors, then lists the symbols the objects leave undefined that no
object defines.  Passes when that list holds nothing but memcpy, memset, memmove and memcmp
(and _GLOBAL_OFFSET_TABLE_, which the linker makes): what a kernel or firmware linking
libelfld.a must supply.  Prints the compiler's messages or the offending symbols and the
objects that want them.
"""
import os
import shutil
import subprocess
import sys

ALLOWED = {"memcpy", "memset", "memmove", "memcmp", "_GLOBAL_OFFSET_TABLE_"}


def split(argv):
    parts, cur = [], []
    for a in argv:
        if a == "--":
            parts.append(cur)
            cur = []
        else:
            cur.append(a)
    parts.append(cur)
    return parts


def nm_symbols(nm, obj):
    out = subprocess.run([nm, "-P", obj], capture_output=True, text=True)
    if out.returncode:
        sys.exit("FAIL: %s %s: %s" % (nm, obj, out.stderr.strip()))
    defined, undefined = set(), set()
    for line in out.stdout.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        if f[1] in ("U", "w", "v"):
            undefined.add(f[0])
        elif f[1].isupper() or f[1] == "u":
            defined.add(f[0])
    return defined, undefined


def main():
    head, cc, flags, sources = split(sys.argv[1:])
    nm, outdir = head
    if not cc or not sources:
        sys.exit("usage: core_build_check.py NM OUTDIR -- CC... -- FLAGS... -- SOURCES...")
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    defined, wanted = set(), {}
    for i, src in enumerate(sources):
        obj = os.path.join(outdir, "%02d-%s.o" % (i, os.path.basename(src)))
        r = subprocess.run(cc + flags + ["-c", src, "-o", obj], capture_output=True, text=True)
        if r.returncode:
            print("FAIL: %s does not compile with %s %s:" % (src, " ".join(cc), " ".join(flags)))
            print(r.stdout + r.stderr)
            return 1
        d, u = nm_symbols(nm, obj)
        defined |= d
        for s in u:
            wanted.setdefault(s, []).append(os.path.basename(src))
    bad = sorted(s for s in wanted if s not in defined and s not in ALLOWED)
    if bad:
        print("FAIL: the core built with %s %s needs symbols a freestanding user does not have:"
              % (" ".join(cc), " ".join(flags)))
        for s in bad:
            print("    %s  (from %s)" % (s, ", ".join(sorted(wanted[s]))))
        return 1
    needs = sorted(s for s in wanted if s in ALLOWED and s not in defined)
    print("ok: %d files, %s %s: needs only %s" % (len(sources), " ".join(cc), " ".join(flags),
                                                  " ".join(needs) or "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
