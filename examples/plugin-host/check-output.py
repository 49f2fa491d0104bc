#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Run plugin-host on the example plugins and check its output.

usage: check-output.py PLUGIN_HOST PLUGIN_DIR

Under a cross build meson sets MESON_EXE_WRAPPER (e.g. qemu-aarch64); since the test command
is this script, not the host program, the wrapper is applied here.

A dynamically linked plugin-host must find snprintf through the POSIX host's resolve hook; only
a static one (no dynamic symbols to search) may fall back to its post_find callback.
"""
import os
import shlex
import struct
import subprocess
import sys

FALLBACK_NOTE = "supplied by post_find"

# Plugins run in file name order: checksum.so, fib.so, pi.so.
EXPECTED = [
    # snprintf resolved from the process; host_get_config / host_log through pre_find
    "[host] checksum: hello from the host #10",
    "plugin checksum: run(10) = 1122489324",
    # fib(10), every addition a call into the host
    "plugin fibonacci: run(10) = 55",
    # printed by the constructor during elfld_load
    "[host] pi: constructor ran",
    # Leibniz series, 1000 terms, x 10^6 (0 would mean the constructor did not run)
    "plugin pi: run(10) = 3140593",
]


def is_dynamic(path):
    """True when the ELF file has a PT_INTERP program header."""
    with open(path, "rb") as f:
        data = f.read()
    wide, endian = data[4] == 2, "<" if data[5] == 1 else ">"
    if wide:
        phoff, = struct.unpack_from(endian + "Q", data, 0x20)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x36)
    else:
        phoff, = struct.unpack_from(endian + "I", data, 0x1c)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x2a)
    return any(struct.unpack_from(endian + "I", data, phoff + i * phentsize)[0] == 3
               for i in range(phnum))


def main():
    host, plugin_dir = sys.argv[1], sys.argv[2]
    cmd = shlex.split(os.environ.get("MESON_EXE_WRAPPER", "")) + [host, plugin_dir, "10"]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    ok = True
    if proc.returncode != 0:
        print(f"FAIL: exit status {proc.returncode}")
        ok = False
    if FALLBACK_NOTE in proc.stderr and is_dynamic(host):
        print("FAIL: the POSIX host's resolve hook did not find snprintf in the process")
        ok = False
    if proc.stdout.splitlines() != EXPECTED:
        print("FAIL: wanted exactly:\n    " + "\n    ".join(EXPECTED))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
