#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check-run.py EXE LINE...: run EXE (through MESON_EXE_WRAPPER when cross compiling), require
exit status 0 and every LINE among its output lines."""
import os
import shlex
import subprocess
import sys

exe, want = sys.argv[1], sys.argv[2:]
cmd = shlex.split(os.environ.get("MESON_EXE_WRAPPER", "")) + [exe]
proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                      timeout=60)
sys.stdout.write(proc.stdout)
lines = proc.stdout.splitlines()
missing = [w for w in want if w not in lines]
for w in missing:
    print(f"FAIL: missing line: {w}")
if proc.returncode != 0:
    print(f"FAIL: exit status {proc.returncode}")
sys.exit(1 if missing or proc.returncode != 0 else 0)
