#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""stack.py ARCH BUDGET OUTDIR -- CC... -- FLAGS... -- SOURCES...

The stack each public call of the core may use: the core compiled -Os by gcc with
-fcallgraph-info=su, which writes every function's frame size and the calls it makes; the
deepest path from each elfld_* function, frames summed. Not counted: what the host's hooks
use (they are called through pointers, which the graph does not follow) and the depth of the
recursive functions, listed apart (their depth is that of a library's dependency tree).

Prints the table and fails when a call's figure is above the one recorded in BUDGET's
[stack-ARCH] section, or when the set of recursive functions changes."""
import configparser
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "freestanding"))
from core_build_check import split  # noqa: E402


def graph(cis):
    frames, calls = {}, {}
    for ci in cis:
        for line in open(ci):
            m = re.match(r'node: \{ title: "([^"]+)" label: "([^"]*)"', line)
            if m:
                size = re.search(r"\\n(\d+) bytes \(", m.group(2))
                if size:
                    frames[m.group(1)] = int(size.group(1))
                continue
            m = re.match(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', line)
            if m:
                calls.setdefault(m.group(1), set()).add(m.group(2))
    return frames, calls


def deepest(frames, calls):
    memo, active, recursive = {}, set(), set()

    def walk(f):
        if f in memo:
            return memo[f]
        if f in active:
            recursive.add(f.split(":")[-1])
            return 0, []
        active.add(f)
        best, path = 0, []
        for t in sorted(calls.get(f, ())):
            d, p = walk(t)
            if d > best:
                best, path = d, p
        active.discard(f)
        memo[f] = (frames.get(f, 0) + best, [f] + path)
        return memo[f]

    api = sorted(n for n in frames if re.match(r"elfld_[a-z]", n) and ":" not in n and
                 not n.startswith("elfld_arch_"))
    return {a: walk(a) for a in api}, recursive


def main():
    head, cc, flags, sources = split(sys.argv[1:])
    arch, budget_file, outdir = head
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    cis = []
    for i, src in enumerate(sources):
        if not src.endswith(".c"):
            continue
        obj = os.path.join(outdir, "%02d-%s.o" % (i, os.path.basename(src)))
        r = subprocess.run(cc + flags + ["-Os", "-fcallgraph-info=su", "-c", src, "-o", obj],
                           capture_output=True, text=True)
        if r.returncode:
            sys.exit("FAIL: %s\n%s" % (src, r.stderr))
        cis.append(obj[:-2] + ".ci")
    frames, calls = graph(cis)
    table, recursive = deepest(frames, calls)
    budget = configparser.ConfigParser()
    budget.read(budget_file)
    section = "stack-" + arch
    bad = []
    print("stack of each call of the core (%s, gcc -Os; host hooks and recursion apart):" % arch)
    for api, (depth, path) in table.items():
        limit = budget.getint(section, api, fallback=None)
        if depth > 8 or limit is not None:
            print("  %-20s %6d  %s" % (api, depth, " > ".join(p.split(":")[-1] for p in path[:6])))
        if depth > 8 and (limit is None or depth > limit):
            bad.append("%s: %d bytes, recorded %s" % (api, depth, limit))
    print("  recursive: " + " ".join(sorted(recursive)))
    recorded = set(budget.get(section, "recursive", fallback="").split())
    if recorded != recursive:
        bad.append("recursive functions %s, recorded %s" % (sorted(recursive), sorted(recorded)))
    for b in bad:
        print("FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
