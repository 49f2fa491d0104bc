#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check.py ELFLD VERSION DEPS_FIXTURES - the elfld command on good and bad inputs, every
expected value from an independent source: binutils' readelf for what a file holds, the
system's zlib through ctypes for what a call returns, the ELF specification's e_machine
numbers, the project's version from meson.build.

DEPS_FIXTURES is tests/shared_object's deps tree (make_deps.py: dproot.so needs libdpl.so and
libdpr.so in lib/, both need libdpd.so)."""
import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

ELFLD, VERSION, DEPS = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def elfld(*args, status=0):
    r = subprocess.run([ELFLD] + list(args), capture_output=True, text=True)
    if r.returncode != status:
        failures.append("elfld %s: exit %d, wanted %d\n%s%s" % (" ".join(args), r.returncode,
                                                               status, r.stdout, r.stderr))
    return r.stdout, r.stderr


def check(cond, what):
    if not cond:
        failures.append(what)


def readelf(*args):
    return subprocess.run(["readelf", "-W"] + list(args), capture_output=True, text=True,
                           check=True).stdout


def reloc_counts(path):
    """{type name: count} of every relocation readelf lists (RELR aside)."""
    counts = {}
    for line in readelf("-r", path).splitlines():
        f = line.split()
        if len(f) >= 3 and re.match(r"^R_[A-Z0-9_]+$", f[2]):
            counts[f[2]] = counts.get(f[2], 0) + 1
    return counts


def info_counts(out):
    counts = {}
    for line in out.splitlines():
        m = re.match(r"^  (R_[A-Z0-9_]+)\s+(\d+)$", line)
        if m:
            counts[m.group(1)] = int(m.group(2))
    return counts


def system_lib(name):
    path = ctypes.util.find_library(name)
    for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib"):
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if f.startswith("lib%s.so." % name):
                return os.path.join(d, f)
    sys.exit("FAIL: no lib%s.so on this system (%s)" % (name, path))


def main():
    libz = system_lib("z")
    libz_a = next((os.path.join(d, "libz.a") for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib")
                   if os.path.exists(os.path.join(d, "libz.a"))), None)
    if not libz_a:
        sys.exit("FAIL: no libz.a (zlib1g-dev) on this system")
    zlib = ctypes.CDLL(libz)
    zlib.compressBound.restype = ctypes.c_ulong
    zlib.compressBound.argtypes = [ctypes.c_ulong]

    out, _ = elfld("--version")
    check(out.strip() == "elfld " + VERSION, "--version printed %r" % out)
    out, _ = elfld("--help")
    check("usage: elfld info FILE" in out, "--help has no usage")

    # info: a shared object, against readelf
    out, _ = elfld("info", libz)
    check(info_counts(out) == reloc_counts(libz),
          "info %s: relocations %s, readelf %s" % (libz, info_counts(out), reloc_counts(libz)))
    dyn = readelf("-d", libz)
    for needed in re.findall(r"\(NEEDED\).*\[(.*)\]", dyn):
        check(re.search(r"^needed\s+%s$" % re.escape(needed), out, re.M), "info: no needed " + needed)
    soname = re.search(r"\(SONAME\).*\[(.*)\]", dyn).group(1)
    check(re.search(r"^soname\s+%s$" % re.escape(soname), out, re.M), "info: soname")
    nseg = len(re.findall(r"^\s+[A-Z_]+\s+0x", readelf("-l", libz).split("Program Headers:")[1]
                          .split("Section to Segment")[0], re.M))
    check(re.search(r"^segments:\s+%d$" % nseg, out, re.M), "info: segments, readelf %d" % nseg)
    check("libelfld:    loads and links it (" in out, "info: verdict on libz: " + out[-200:])

    with tempfile.TemporaryDirectory(prefix="elfld-cli-") as tmp:
        # info: a relocatable object (a member of Debian's libz.a), against readelf
        subprocess.run(["ar", "x", libz_a, "adler32.o"], cwd=tmp, check=True)
        obj = os.path.join(tmp, "adler32.o")
        out, _ = elfld("info", obj)
        check("relocatable object (ET_REL)" in out, "info: adler32.o type")
        check(info_counts(out) == reloc_counts(obj),
              "info adler32.o: %s, readelf %s" % (info_counts(out), reloc_counts(obj)))
        check("loads and links it as one module" in out, "info: adler32.o verdict")
        out, _ = elfld("info", libz_a)
        check("type:        archive" in out and "loads and links it as one module" in out,
              "info libz.a: " + out)

        # info: another machine (EM_PPC64 = 21, EM_S390 = 22 in the ELF specification)
        for machine, name in ((21, "powerpc64"), (22, "s390")):
            other = os.path.join(tmp, "other-%d.so" % machine)
            shutil.copy(libz, other)
            with open(other, "r+b") as f:
                f.seek(18)
                f.write(machine.to_bytes(2, "little"))
            out, _ = elfld("info", other)
            check("e_machine %d" % machine in out, "info: machine %d not shown" % machine)
            check(re.search(r"refuses it: .*other-%d\.so: built for %s \(e_machine %d\); this "
                            r"build of libelfld loads x86_64 \(62\)" % (machine, name, machine),
                            out), "info: wrong-machine verdict: " + out[-300:])
        text = os.path.join(tmp, "notes.txt")
        open(text, "w").write("not an ELF file at all\n" * 4)
        out, _ = elfld("info", text)
        check("not an ELF file" in out and "refuses it" in out and "no ELF magic" in out,
              "info: text file: " + out)

    # run: a shared object and an archive, against the system's zlib
    for n in (0, 1000, 123456):
        want = zlib.compressBound(n)
        out, _ = elfld("run", libz, "compressBound", str(n))
        check(out.strip() == "compressBound(%d) = %d" % (n, want), "run libz.so: " + out)
        out, _ = elfld("run", libz_a, "compressBound", str(n))
        check(out.strip() == "compressBound(%d) = %d" % (n, want), "run libz.a: " + out)

    # run and trace on bad input
    _, err = elfld("run", libz, "no_such_function", status=1)
    check("no symbol no_such_function" in err, "run: missing symbol: " + err)
    _, err = elfld("run", "/no/such/file.so", "f", status=1)
    check("/no/such/file.so: no such file" in err, "run: missing file: " + err)
    _, err = elfld("run", libz, "compressBound", "ten", status=2)
    check("must be integers" in err, "run: bad integer: " + err)
    _, err = elfld("frobnicate", status=2)
    check("unknown command frobnicate" in err, "unknown command: " + err)
    _, err = elfld(status=2)
    _, err = elfld("run", os.path.join(DEPS, "dproot.so"), "dp_root", status=1)
    check("symbol 'deps_note' not found" in err, "run: unresolved symbol: " + err)

    # run with -L and -l: the objects linked against libdpl.so, found in lib/ with its own
    # libdpd.so, whose deps_note only the test program has (the failure proves both found)
    _, err = elfld("run", "-L", os.path.join(DEPS, "lib"), "-l", "libdpl.so",
                   os.path.join(DEPS, "dpobj.o"), "dpobj_sum", status=1)
    check("symbol 'deps_note' not found (needed by %s)" % os.path.join(DEPS, "lib", "libdpd.so")
          in err, "run -L -l: " + err)

    # trace: one line per symbol libz binds by name (readelf: its relocations' undefined
    # symbols), each from the C library or undefined weak; libz placed once
    out, err = elfld("trace", libz, "compressBound", "1000")
    check(out.strip() == "compressBound(1000) = %d" % zlib.compressBound(1000), "trace: result")
    check(len(re.findall(r"^elfld: trace: placed %s at 0x[0-9a-f]+-0x[0-9a-f]+, base 0x[0-9a-f]+$"
                         % re.escape(libz), err, re.M)) == 1, "trace: placed line:\n" + err)
    undefined = set()
    dynsym = readelf("--dyn-syms", libz)
    und = {re.sub(r"@.*", "", l.split()[7]) for l in dynsym.splitlines()
           if len(l.split()) >= 8 and l.split()[6] == "UND"}
    for line in readelf("-r", libz).splitlines():
        f = line.split()
        if len(f) >= 5 and f[2].startswith("R_") and re.sub(r"@.*", "", f[4]) in und:
            undefined.add(f[4])
    traced = set(re.findall(r"^elfld: trace: bound %s: (\S+) -> " % re.escape(libz), err, re.M))
    check(traced == undefined, "trace: bound %s, readelf's undefined %s" %
          (sorted(traced), sorted(undefined)))
    for name, provider in re.findall(r"^elfld: trace: bound %s: (\S+) -> (.*) at " %
                                     re.escape(libz), err, re.M):
        # a library of the process: the C library, or what interposes on it (ASan's runtime
        # in the sanitizer build), as the system loader would bind it
        check(provider == "undefined weak" or re.match(r"^/\S+\.so(\.[0-9]+)*$", provider),
              "trace: %s from %s" % (name, provider))

    # deps: the fixture's tree, found and mapped, nothing run (the libraries need deps_note,
    # which only the test program supplies: linked lazily, never called)
    root = os.path.join(DEPS, "dproot.so")
    out, _ = elfld("deps", root)
    mapped = re.findall(r"^  (\S+) => (\S+) \(0x[0-9a-f]+\)$", out, re.M)
    want = [("-", root)] + [("lib%s.so" % x, os.path.join(DEPS, "lib", "lib%s.so" % x))
                            for x in ("dpl", "dpr", "dpd")]
    check(sorted(mapped) == sorted(want), "deps: mapped %s, wanted %s" % (mapped, want))
    check("libdpd.so (needed by %s): %s, loaded already" %
          (os.path.join(DEPS, "lib", "libdpr.so"), os.path.join(DEPS, "lib", "libdpd.so")) in out,
          "deps: the shared dependency: " + out)
    out, _ = elfld("deps", os.path.join(DEPS, "dpsys.so"))
    check("libc.so.6 (needed by %s): the system's" % os.path.join(DEPS, "dpsys.so") in out,
          "deps: the system's libc: " + out)
    _, err = elfld("deps", os.path.join(DEPS, "dpmissing.so"), status=1)
    check("libdpnone.so" in err, "deps: a missing dependency: " + err)

    # exec: the system's shell started in elfld's process, as the kernel's exec starts it
    # (subprocess: the oracle) - its arguments, this environment, its exit status
    script = 'echo "$ELFLD_CLI_EXEC" "$0" "$1"; exit 9'
    os.environ["ELFLD_CLI_EXEC"] = "through elfld exec"
    want = subprocess.run(["/bin/sh", "-c", script, "zero", "one"], capture_output=True,
                          text=True)
    out, _ = elfld("exec", "/bin/sh", "-c", script, "zero", "one", status=want.returncode)
    check(out == want.stdout, "exec /bin/sh: %r, wanted %r" % (out, want.stdout))
    _, err = elfld("exec", __file__, status=1)
    check("not an ELF file" in err, "exec of a script: " + err)
    _, err = elfld("exec", status=2)
    check("exec needs a program" in err, "exec without a program: " + err)

    if failures:
        print("FAIL:\n" + "\n".join(failures))
        return 1
    print("ok: version, info (shared object, object, archive, other machines, not ELF), run "
          "(libz.so, libz.a), trace, deps, and bad command lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
