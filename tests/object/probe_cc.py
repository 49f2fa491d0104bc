#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""probe_cc.py CC_AND_FLAGS... - does this compiler accept these flags?  Runs the command with
'-o probe.o' appended in a temporary working directory (zig cc writes its own files into the
working directory), removes it, and returns the compiler's status and messages.  Used at
configure time by tests/object/meson.build, which must not write into any build folder: a
subproject's build folder has no meson-private."""
import subprocess
import sys
import tempfile

with tempfile.TemporaryDirectory(prefix="elfld-probe-") as d:
    r = subprocess.run(sys.argv[1:] + ["-o", "probe.o"], cwd=d)
sys.exit(r.returncode)
