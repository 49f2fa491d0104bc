#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check-kmod.py KERNEL crc32=FILE greet=FILE nolibc=FILE: run the kmod example's kernel
(through MESON_EXE_WRAPPER when cross compiling) and require exit status 0 and exactly the
transcript the modules' specification gives (see crc32.c, greet.c, nolibc.c and kernel.c).

Every value is computed here, independently of the program: the CRC-32 the crc32 module must
compute is zlib's.
"""
import os
import shlex
import subprocess
import sys
import zlib

DEVICE_INPUT = "ring 0"      # what the kernel passes to every device's operation
GREETING = "hello, "         # what the greet device puts before its argument
WORDS = ["libelfld", "module"]  # what greet checksums at init
CRC32_TABLE_ENTRIES = 256


def crc(text):
    return f"0x{zlib.crc32(text.encode()):08x}"


def expected():
    # crc32_update() counts every byte it is given: greet's init, then one call of each
    # device (greet's checksums its greeting and the argument).
    checksummed = (sum(len(w) for w in WORDS) + len(DEVICE_INPUT)
                   + len(GREETING) + len(DEVICE_INPUT))
    return [
        "insmod crc32",
        f"[log] crc32: table of {CRC32_TABLE_ENTRIES} entries ready",
        "[log] kernel: device crc32 registered",
        "insmod greet",
        *(f'[log] greet: crc32("{w}") = {crc(w)}' for w in WORDS),
        "[log] kernel: device greet registered",
        # malloc is not in the kernel's symbol table
        "insmod nolibc: unknown symbol malloc",
        "devices: crc32 greet",
        f'crc32("{DEVICE_INPUT}") = {crc(DEVICE_INPUT)}',
        f'greet("{DEVICE_INPUT}") = {crc(GREETING + DEVICE_INPUT)}',
        # its own reference and greet's, which bound crc32_update to it
        "rmmod crc32: in use (refcount 2)",
        "rmmod greet",
        "[log] greet: 1 greeting(s), goodbye",
        "[log] kernel: device greet unregistered",
        "rmmod crc32",
        f"[log] crc32: {checksummed} bytes checksummed, goodbye",
        "[log] kernel: device crc32 unregistered",
        "module area: 0 bytes in use",
        "kmalloc: 0 blocks outstanding",
        "libelfld metadata: 0 bytes in use",
    ]


def main():
    cmd = shlex.split(os.environ.get("MESON_EXE_WRAPPER", "")) + sys.argv[1:]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    ok = True
    if proc.returncode != 0:
        print(f"FAIL: exit status {proc.returncode}")
        ok = False
    want = expected()
    if proc.stdout.splitlines() != want:
        print("FAIL: wanted exactly:\n    " + "\n    ".join(want))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
