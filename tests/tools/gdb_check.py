#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# gdb_check.py - gdb on code libelfld loaded (README.md, "Debugging loaded code"): runs
# gdb_host under gdb in batch mode with src/host/posix_gdb.py, breakpoints set by name
# before anything is loaded (pending), and checks what gdb prints against the sources: the breakpoint stops in the
# shared object's function, in the object module's static function and in the function of a
# shared object loaded from memory, at their lines, with their argument values; the backtrace runs through the object module's caller into
# the host's main; a global of the shared object prints its value; once both are unloaded,
# gdb knows neither function.
#
# Under qemu-user (another arch): gdb-multiarch attaches to qemu's gdb stub instead of
# running the program, which then loads its memory image for gdb without seeing a debugger
# (gdb_host's "untraced").
#
# Usage: gdb_check.py GDB GDB_SCRIPT HOST PLUGIN_SO OBJECT_O MEMORY_SO SOURCE_DIR
#                     [QEMU SYSROOT]
import re
import socket
import subprocess
import sys


def line_of(path, marker):
    with open(path) as f:
        for n, text in enumerate(f, 1):
            if marker in text:
                return n
    sys.exit("gdb_check: no line with %r in %s" % (marker, path))


def main():
    gdb, script, host, plugin, obj, mem, src = sys.argv[1:8]
    qemu = sys.argv[8:10]
    mem_line = line_of(src + "/gdb_mem.c", "the breakpoint's line")
    plugin_line = line_of(src + "/gdb_plugin.c", "the breakpoint's line")
    object_line = line_of(src + "/gdb_object.c", "the breakpoint's line")
    caller_line = line_of(src + "/gdb_object.c", "the caller's line")
    program = [host, plugin, obj, mem]
    start = ["-ex", "run"]
    prelude = []
    inferior = None
    if qemu:                           # qemu's gdb stub on a free port
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        inferior = subprocess.Popen([qemu[0], "-L", qemu[1], "-g", str(port)] + program +
                                    ["untraced"], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
        prelude = ["-ex", "set sysroot " + qemu[1], "-ex", "file " + host]
        start = ["-ex", "target remote 127.0.0.1:%d" % port, "-ex", "continue"]
    cmd = [gdb, "-batch", "-nx"] + prelude + ["-x", script,
           "-ex", "set breakpoint pending on",
           "-ex", "break gdb_plugin_fn",
           "-ex", "break gdb_object_static",
           "-ex", "break gdb_mem_fn",
           "-ex", "break host_after_unload"] + start + [
           "-ex", "bt",
           "-ex", "print gdb_plugin_counter",
           "-ex", "continue",
           "-ex", "bt",
           "-ex", "continue",
           "-ex", "bt",
           "-ex", "continue",
           "-ex", "info functions ^gdb_",
           "-ex", "continue"]
    if not qemu:
        cmd += ["--args"] + program
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         timeout=120).stdout
    if inferior:
        out += inferior.communicate(timeout=60)[0]
    print(out)
    want = [
        r"Breakpoint 1, gdb_plugin_fn \(v=5\) at \S*gdb_plugin\.c:%d" % plugin_line,
        r"#1 .* in main \(.*\) at \S*gdb_host\.c:\d+",
        r"\$1 = 7\b",
        r"Breakpoint 2, gdb_object_static \(v=4\) at \S*gdb_object\.c:%d" % object_line,
        r"#1 .* in gdb_object_fn \(v=4\) at \S*gdb_object\.c:%d" % caller_line,
        r"#2 .* in main \(.*\) at \S*gdb_host\.c:\d+",
        r"Breakpoint 3, gdb_mem_fn \(v=1\) at \S*gdb_mem\.c:%d" % mem_line,
        r"Breakpoint 4, host_after_unload \(\)",
        r"plugin 12\b",
        r"object 13\b",
        r"memory 101\b",
    ]
    failed = [w for w in want if not re.search(w, out)]
    # After the unload: `info functions ^gdb_` lists neither loaded function.
    after = out.split("Breakpoint 4, host_after_unload", 1)[-1]
    for gone in ("gdb_plugin_fn", "gdb_object_fn", "gdb_object_static", "gdb_mem_fn"):
        if re.search(r"\b%s\(" % gone, after):
            failed.append("%s still known after the unload" % gone)
    if failed:
        print("gdb_check: FAILED:\n  " + "\n  ".join(failed))
        return 1
    print("gdb_check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
