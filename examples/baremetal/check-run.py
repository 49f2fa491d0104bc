#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check-run.py [--run 'CMD...'] EXE LINE...: run EXE (through MESON_EXE_WRAPPER when cross
compiling, or after CMD, e.g. a whole-board emulator's command ending in -kernel), require
exit status 0 and every LINE among its output lines."""
import os
import shlex
import shutil
import subprocess
import sys

args = sys.argv[1:]
if args[:1] == ["--run"]:
    prefix, args = shlex.split(args[1]), args[2:]
else:
    prefix = shlex.split(os.environ.get("MESON_EXE_WRAPPER", ""))
exe, want = args[0], args[1:]
cmd = prefix + [exe]
if shutil.which(cmd[0]) is None:
    print(f"FAIL: {cmd[0]} not found (tests/setup.sh installs what the tests run)")
    sys.exit(1)
try:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=60)
except subprocess.TimeoutExpired as e:
    out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout or ""
    sys.stdout.write(out)
    print(f"FAIL: no exit within 60 s: {shlex.join(cmd)}")
    sys.exit(1)
sys.stdout.write(proc.stdout)
lines = proc.stdout.splitlines()
missing = [w for w in want if w not in lines]
for w in missing:
    print(f"FAIL: missing line: {w}")
if proc.returncode != 0:
    print(f"FAIL: exit status {proc.returncode}")
sys.exit(1 if missing or proc.returncode != 0 else 0)
