#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""footprint.py ARCH BUDGET OUTDIR -- CC... -- FLAGS... -- HOST_C -- SOURCES...

What the freestanding core costs a firmware, per configuration: the core and the arch backend
compiled -Os with a section per function and datum, linked with --gc-sections into
host_min.c's program (a static arena host), so that only what the configuration's calls reach
is kept. The kept sections of the core's objects are summed by kind (code, read-only data,
data, zero-initialised data) from readelf's section tables, minus the sections the linker
reports it removed. Configurations:

  smallest         shared objects only, without lazy binding, the object linker and message
                   text (-DELFLD_WITH_LAZY=0 -DELFLD_WITH_OBJECTS=0 -DELFLD_WITH_MESSAGES=0:
                   src/core/features.h): elfld_ctx_create, elfld_load_mem, elfld_sym,
                   elfld_release
  minimal          smallest without the frame tables (-DELFLD_WITH_FRAMES=0): a firmware
                   without an unwinder
  shared-objects   the same calls, every part built in
  everything       also elfld_load_objects and elfld_load (the object linker, the search)

Prints a table and fails when a configuration's total (code + read-only data + data) is
above the figure recorded for ARCH in BUDGET (an ini file: [ARCH] shared-objects = N ...), the
ratchet to lower as the core shrinks."""
import configparser
import os
import re
import shutil
import subprocess
import sys

# the same "A -- B -- C" command line as the freestanding check's
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "freestanding"))
from core_build_check import split  # noqa: E402

# name, the core's defines, the host's defines
SMALLEST = ["-DELFLD_WITH_LAZY=0", "-DELFLD_WITH_OBJECTS=0", "-DELFLD_WITH_MESSAGES=0"]
CONFIGS = (("smallest", SMALLEST, []),
           ("minimal", SMALLEST + ["-DELFLD_WITH_FRAMES=0"], []),
           ("shared-objects", [], []),
           ("everything", [], ["-DFOOTPRINT_OBJECTS"]))
# A firmware's flags: no unwind tables either (.eh_frame is neither code nor data the core
# needs, and a firmware leaves it out)
SIZE_FLAGS = ["-Os", "-ffunction-sections", "-fdata-sections", "-fno-pic",
              "-fno-asynchronous-unwind-tables", "-fno-unwind-tables"]
# the goal for the smallest configuration, shown beside it
GOAL_SMALLEST = {"x86_64": 24 * 1024, "aarch64": 24 * 1024, "arm": 16 * 1024}


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit("FAIL: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r


def sections(obj):
    """[(name, kind, size)] of obj's allocated sections; kind: text, rodata, data, bss."""
    out = run(["readelf", "-S", "-W", obj]).stdout
    found = []
    for line in out.splitlines():
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+"
                     r"[0-9a-f]+\s+(\S*)\s", line)
        if not m:
            continue
        name, stype, size, flags = m.group(1), m.group(2), int(m.group(3), 16), m.group(4)
        if "A" not in flags or size == 0:
            continue
        kind = ("bss" if stype == "NOBITS" else "text" if "X" in flags
                else "data" if "W" in flags else "rodata")
        found.append((name, kind, size))
    return found


def removed(link_stderr):
    """{(object basename, section)} the linker's --print-gc-sections removed (bfd or lld)."""
    gone = set()
    for line in link_stderr.splitlines():
        m = (re.search(r"removing unused section '([^']+)' in file '([^']+)'", line) or
             re.search(r"removing unused section ()(\S+?):\((.+)\)$", line))
        if not m:
            continue
        if m.group(1):
            gone.add((os.path.basename(m.group(2)), m.group(1)))
        else:
            gone.add((os.path.basename(m.group(2)), m.group(3)))
    return gone


def main():
    head, cc, flags, host, sources = split(sys.argv[1:])
    arch, budget_file, outdir = head
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    built = {}                         # the core's defines -> its objects

    def core_objects(defs):
        key = tuple(defs)
        if key not in built:
            sub = os.path.join(outdir, "core-%d" % len(built))
            os.makedirs(sub)
            objs = []
            for i, src in enumerate(sources):
                obj = os.path.join(sub, "%02d-%s.o" % (i, os.path.basename(src)))
                run(cc + flags + SIZE_FLAGS + defs + ["-c", src, "-o", obj])
                objs.append(obj)
            built[key] = objs
        return built[key]

    budget = configparser.ConfigParser()
    budget.read(budget_file)
    rows, over = [], []
    for name, core_defs, defs in CONFIGS:
        objs = core_objects(core_defs)
        per_object = {os.path.basename(o): sections(o) for o in objs}
        hobj = os.path.join(outdir, "host-%s.o" % name)
        run(cc + flags + SIZE_FLAGS + defs + ["-c", host[0], "-o", hobj])
        exe = os.path.join(outdir, "firmware-%s" % name)
        link = run(cc + ["-nostdlib", "-static", "-Wl,--gc-sections", "-Wl,--print-gc-sections",
                         "-Wl,-e,_start", hobj] + objs + ["-o", exe])
        gone = removed(link.stdout + link.stderr)      # lld (zig) prints to stdout
        if not gone:
            sys.exit("FAIL: the linker reported no removed section (--print-gc-sections):\n"
                     + link.stderr[-2000:])
        kinds = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
        for base, secs in per_object.items():
            for sec, kind, size in secs:
                if (base, sec) not in gone:
                    kinds[kind] += size
        total = kinds["text"] + kinds["rodata"] + kinds["data"]
        limit = budget.getint(arch, name, fallback=None)
        rows.append((name, kinds, total, limit))
        if limit is None or total > limit:
            over.append((name, total, limit))
    print("footprint of the core + %s backend (gcc-style -Os, --gc-sections, bytes):" % arch)
    print("  %-15s %8s %8s %8s %8s %9s %9s" % ("configuration", "code", "rodata", "data", "bss",
                                               "total", "budget"))
    for name, k, total, limit in rows:
        print("  %-15s %8d %8d %8d %8d %9d %9s" % (name, k["text"], k["rodata"], k["data"],
                                                   k["bss"], total, limit))
    if arch in GOAL_SMALLEST:
        print("  goal for smallest: %d" % GOAL_SMALLEST[arch])
    if over:
        for name, total, limit in over:
            print("FAIL: %s: %d bytes, the budget in %s is %s" % (name, total, budget_file, limit))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
