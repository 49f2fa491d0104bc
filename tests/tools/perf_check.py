#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# perf_check.py - perf on an object module (README.md, "Debugging loaded code"): perf_host
# spends its time in perf_spin_hot, an object module's function; `perf record` (software
# clock: no hardware counters needed) then `perf report` must name that function as where the samples fell,
# with the POSIX host's perf map on - and must not without it (the control: the name comes
# from the map, not from anywhere else).  Fails, never skips, where perf cannot record.
#
# Usage: perf_check.py PERF HOST OBJECT_O
import os
import re
import subprocess
import sys
import tempfile


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=120)


def profile(perf, host, obj, mode, tmp):
    data = os.path.join(tmp, mode + ".data")
    rec = run([perf, "record", "-e", "task-clock", "-o", data, host, obj, mode, "300"])
    m = re.search(r"pid (\d+) result", rec.stdout)
    if rec.returncode != 0 or not m:
        sys.exit("perf_check: perf record failed (perf_event_paranoid=%s):\n%s" % (
            open("/proc/sys/kernel/perf_event_paranoid").read().strip(), rec.stdout))
    rep = run([perf, "report", "-i", data, "--stdio", "--sort", "sym"])
    perf_map = "/tmp/perf-%s.map" % m.group(1)
    had_map = os.path.exists(perf_map)
    if had_map:
        os.unlink(perf_map)
    # the hottest line: "  99.12%  [.] perf_spin_hot"
    top = next((l for l in rep.stdout.splitlines() if re.match(r"\s+\d+\.\d+%", l)), "")
    share = float(re.match(r"\s+(\d+\.\d+)%", top).group(1)) if top else 0.0
    print("%s: map file %s, hottest: %s" % (mode, "written" if had_map else "none", top.strip()))
    return top, share, had_map


def main():
    perf, host, obj = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        top, share, had_map = profile(perf, host, obj, "map", tmp)
        ok = had_map and "perf_spin_hot" in top and share > 50.0
        ctop, _, chad = profile(perf, host, obj, "nomap", tmp)
        ok = ok and not chad and "perf_spin_hot" not in ctop
    print("perf_check: %s" % ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
