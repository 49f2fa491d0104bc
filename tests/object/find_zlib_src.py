#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Print the folder of Debian's zlib source that tests/setup.sh unpacked into its toolchain
cache (TC_DIR, default $XDG_CACHE_HOME or ~/.cache, then elfld-toolchains, as tests/run.sh
has it: src/zlib-*/ with zlib.h and inflate.c), or nothing.  The native build's object suite compiles zlib from it; cross builds get the same
folder as their cross file's zlib_src property."""
import glob
import os

cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
tc_dir = os.environ.get("TC_DIR") or os.path.join(cache, "elfld-toolchains")
for d in sorted(glob.glob(os.path.join(tc_dir, "src", "zlib-*"))):
    if os.path.isfile(os.path.join(d, "zlib.h")) and os.path.isfile(os.path.join(d, "inflate.c")):
        print(d)
        break
