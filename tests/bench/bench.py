#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""
bench.py - the driver behind tests/bench/run.sh (run.sh builds, then calls this).

Measures libelfld (POSIX host) against glibc's dlopen/dlsym on the synthetic library
(and its SysV-hash and RELR variants) and on real Debian libraries, and (objlink.py) its
object linker against LLJIT and static linkers + dlopen, and prints one line per measurement:

    RESULT <case> <metric> elfld=<value> glibc=<value> ratio=<elfld/glibc> [extra=...]

(for the object links the other side is named instead of glibc: lljit=, lld=, gnuld=)

then a markdown table of all of them and the machine.  See run.sh --help for the options.
"""
import argparse
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import types

import objlink

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# glibc's own libraries: the "system" for both loaders.  They are dlopen'ed RTLD_GLOBAL
# before the measured load (libc and ld.so are always there already).
GLIBC_FAMILY = re.compile(r"^(libc|libm|libpthread|libdl|librt|libresolv|libutil|libanl|"
                          r"libmvec|libBrokenLocale|libnsl|libcrypt)\.so(\.|$)|^ld-linux")
ALWAYS_LOADED = re.compile(r"^(libc\.so|ld-linux)")

REAL_LIBS = [
    # case, soname, Debian package, check (NAME:str|uint|int:ARG)
    ("libz", "libz.so.1", "zlib1g", "zlibVersion:str"),
    ("libsqlite3", "libsqlite3.so.0", "libsqlite3-0", "sqlite3_libversion:str"),
    ("libcrypto", "libcrypto.so.3", "libssl3", "OpenSSL_version_num:uint"),
]

# Whole trees: each loader loads the library with every dependency it needs (only glibc's own
# libraries are loaded first, as for every case), constructors included.
TREE_LIBS = [
    # case, soname, Debian package, check
    ("libLLVM-14-tree", "libLLVM-14.so.1", "libllvm14", "LLVMIsMultithreaded:int"),
]

SYNTH_VARIANTS = [
    # case, extra link flags, what it is
    ("synth", ["-Wl,--hash-style=gnu"], "GNU hash"),
    ("synth-sysv", ["-Wl,--hash-style=sysv"], "SysV hash only"),
    ("synth-relr", ["-Wl,--hash-style=gnu", "-Wl,-z,pack-relative-relocs"], "GNU hash, DT_RELR"),
]

TLS_VARIANTS = [
    # case, compiler flags, what it is (tls_lib.c: 256 variables, one access per call)
    ("tls-gd", [], "TLS, general dynamic (__tls_get_addr)"),
    ("tls-desc", ["-mtls-dialect=gnu2"], "TLS, descriptors (-mtls-dialect=gnu2)"),
]

RESULTS = []   # dicts: case, metric, elfld, glibc (the anchor's value), ratio, extra, anchor
NOTES = []
ERRORS = []    # harness failures: the run exits 1 (a library libelfld cannot load is not one)


def log(msg):
    print(msg, flush=True)


def note(msg):
    NOTES.append(msg)
    log("NOTE " + msg)


def fatal(msg):
    log("ERROR " + msg)
    sys.exit(2)


def error(msg):
    ERRORS.append(msg)
    log("ERROR " + msg)


def run(cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, **kw)


def kv(text):
    out = {}
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def fmt(v):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        if v >= 1000:
            return "%d" % round(v)
        return "%.1f" % v if v >= 10 else "%.2f" % v
    return str(v)


def ratio(e, g):
    if e is None or g is None or g == 0:
        return None
    return e / g


def fmt_ratio(r):
    return "n/a" if r is None else ("%.3f" % r if r < 10 else "%.1f" % r)


def result(case, metric, e, g, extra="", anchor="glibc"):
    """One measurement of libelfld (e) against `anchor` (g): glibc's loader unless named."""
    r = ratio(e, g)
    RESULTS.append(dict(case=case, metric=metric, elfld=e, glibc=g, ratio=r, extra=extra,
                        anchor=anchor))
    line = "RESULT %s %s elfld=%s %s=%s ratio=%s" % (case, metric, fmt(e), anchor, fmt(g),
                                                    fmt_ratio(r))
    if extra:
        line += " " + extra
    log(line)


def skipped(case, metric, reason):
    RESULTS.append(dict(case=case, metric=metric, elfld=None, glibc=None, ratio=None,
                        extra="SKIPPED reason=" + reason))
    log("RESULT %s %s SKIPPED reason=%s" % (case, metric, reason))


# ------------------------------------------------------------------------------ libraries
def readelf(args, path):
    return run(["readelf"] + args + [path]).stdout


def needed(path):
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf(["-dW"], path))


def dyn_flags(path):
    d = readelf(["-dW"], path)
    m = re.search(r"\(FLAGS_1\)\s+Flags:(.*)", d)
    f1 = m.group(1).split() if m else []
    m = re.search(r"\(FLAGS\)\s+(.*)", d)
    f = m.group(1).split() if m else []
    return f, f1


def find_lib(soname):
    try:
        out = run(["ldconfig", "-p"], check=False).stdout
        for line in out.splitlines():
            m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
            if m and m.group(1) == soname and "x86-64" in m.group(2):
                return m.group(3)
    except OSError:
        pass
    for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64"):
        p = os.path.join(d, soname)
        if os.path.exists(p):
            return p
    return None


def dependencies(path):
    """(system deps to dlopen first, non-system dep paths in load order: deps before users)."""
    sysdeps, order, seen = [], [], set()

    def visit(p):
        for n in needed(p):
            if GLIBC_FAMILY.search(n):
                if not ALWAYS_LOADED.search(n) and n not in sysdeps:
                    sysdeps.append(n)
                continue
            if n in seen:
                continue
            seen.add(n)
            q = find_lib(n)
            if not q:
                raise RuntimeError("dependency %s of %s not found" % (n, p))
            visit(q)
            order.append(q)
    visit(path)
    return sysdeps, order


def reloc_counts(path):
    counts = {}
    for line in readelf(["-rW"], path).splitlines():
        m = re.match(r"\s*[0-9a-f]+\s+[0-9a-f]+\s+(R_X86_64_\w+)", line)
        if m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    relr = 0
    m = re.search(r"\(RELRSZ\)\s+(\d+)", readelf(["-dW"], path))
    if m:
        relr = int(m.group(1)) // 8
    return counts, relr


def relr_relocs(path):
    """Number of addresses a DT_RELR table relocates (decoded from the file)."""
    d = readelf(["-dW"], path)
    m1 = re.search(r"\(RELR\)\s+0x([0-9a-f]+)", d)
    m2 = re.search(r"\(RELRSZ\)\s+(\d+)", d)
    if not m1 or not m2:
        return 0
    va, size = int(m1.group(1), 16), int(m2.group(1))
    # find the file offset of va through the section headers
    for line in readelf(["-SW"], path).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and int(m.group(1), 16) <= va < int(m.group(1), 16) + int(m.group(3), 16):
            off = int(m.group(2), 16) + va - int(m.group(1), 16)
            with open(path, "rb") as f:
                f.seek(off)
                data = f.read(size)
            n = 0
            for i in range(0, len(data), 8):
                w = int.from_bytes(data[i:i + 8], "little")
                n += 1 if w & 1 == 0 else bin(w >> 1).count("1")
            return n
    return 0


def exported_functions(path):
    names = []
    for line in readelf(["--dyn-syms", "-W"], path).splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].endswith(":"):
            continue
        typ, bind, vis, ndx, name = f[3], f[4], f[5], f[6], f[7]
        if typ not in ("FUNC", "IFUNC") or bind not in ("GLOBAL", "WEAK") or ndx == "UND":
            continue
        if vis not in ("DEFAULT", "PROTECTED"):
            continue
        if "@@" in name:
            name = name.split("@@")[0]
        elif "@" in name:
            continue              # a hidden (non-default) version: not what dlsym returns
        names.append(name)
    return sorted(set(names))


def file_sha(paths, extra=""):
    h = hashlib.sha256(extra.encode())
    for p in paths:
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def build_synth(outdir, nfuncs, variants, cc):
    """Generate the C source once, build every variant; cached by content hash."""
    os.makedirs(outdir, exist_ok=True)
    src = os.path.join(outdir, "synth-%d.c" % nfuncs)
    gen = os.path.join(HERE, "gen_synth.py")
    ccver = run([cc, "--version"]).stdout.splitlines()[0]
    built = {}
    for case, flags, what in variants:
        so = os.path.join(outdir, "%s-%d.so" % (case, nfuncs))
        stamp = so + ".stamp"
        key = file_sha([gen], " ".join([str(nfuncs), ccver] + flags))
        if os.path.exists(so) and os.path.exists(stamp) and open(stamp).read() == key:
            built[case] = so
            continue
        src_key = file_sha([gen], str(nfuncs))
        if not (os.path.exists(src) and os.path.exists(src + ".stamp")
                and open(src + ".stamp").read() == src_key):
            log("INFO generating %s (%d functions, %d data symbols)" % (src, nfuncs, 3 * nfuncs))
            run([sys.executable, gen, "--functions", str(nfuncs), src])
            with open(src + ".stamp", "w") as f:
                f.write(src_key)
        log("INFO compiling %s (%s): %s -O1 -fPIC -shared -nostdlib %s"
            % (os.path.basename(so), what, cc, " ".join(flags)))
        run([cc, "-O1", "-fPIC", "-shared", "-nostdlib"] + flags + [src, "-o", so + ".tmp"])
        os.replace(so + ".tmp", so)
        with open(stamp, "w") as f:
            f.write(key)
        built[case] = so
    return built


def check_synth(case, so, nfuncs):
    counts, relr_words = reloc_counts(so)
    want = {"R_X86_64_JUMP_SLOT": nfuncs - 1, "R_X86_64_GLOB_DAT": nfuncs,
            "R_X86_64_64": nfuncs}
    relr = relr_relocs(so) if relr_words else 0
    rel = counts.get("R_X86_64_RELATIVE", 0)
    hashes = [s for s in ("GNU_HASH", "HASH") if re.search(r"\s%s\s" % s, readelf(["-SW"], so))]
    log("SYNTH %s RELATIVE=%d RELR=%d (in %d words) GLOB_DAT=%d R_X86_64_64=%d JUMP_SLOT=%d "
        "hash=%s functions=%d data=%d" % (
            case, rel, relr, relr_words, counts.get("R_X86_64_GLOB_DAT", 0),
            counts.get("R_X86_64_64", 0), counts.get("R_X86_64_JUMP_SLOT", 0),
            "+".join(hashes), nfuncs, 3 * nfuncs))
    ok = all(counts.get(k, 0) == v for k, v in want.items()) and rel + relr == nfuncs
    if not ok:
        error("%s: relocation counts differ from the specification (%s)" % (case, counts))
    return ok


# ------------------------------------------------------------------------------ scale
# One translation unit per this many functions: gcc's time grows faster than a unit's size.
PART_FUNCTIONS = 25000


def build_synth_parts(outdir, nfuncs, cc):
    """The default synthetic library with nfuncs functions, compiled in parts (in parallel)
    and linked as one; cached by content hash."""
    os.makedirs(outdir, exist_ok=True)
    gen = os.path.join(HERE, "gen_synth.py")
    so = os.path.join(outdir, "scale-%d.so" % nfuncs)
    ccver = run([cc, "--version"]).stdout.splitlines()[0]
    key = file_sha([gen], "parts %d %s" % (nfuncs, ccver))
    if os.path.exists(so) and os.path.exists(so + ".stamp") and open(so + ".stamp").read() == key:
        return so
    parts = max(1, -(-nfuncs // PART_FUNCTIONS))
    log("INFO compiling %s: %d functions in %d part(s), %s -O1 -fPIC -shared -nostdlib"
        % (os.path.basename(so), nfuncs, parts, cc))
    procs, objs = [], []
    for k in range(parts):
        src = os.path.join(outdir, "scale-%d.%d.c" % (nfuncs, k))
        run([sys.executable, gen, "--functions", str(nfuncs), "--part", str(k), str(parts), src])
        objs.append(src[:-2] + ".o")
        procs.append(subprocess.Popen([cc, "-O1", "-fPIC", "-c", src, "-o", objs[-1]]))
        if len(procs) >= (os.cpu_count() or 1):
            if procs.pop(0).wait():
                fatal("compiling a part of %s failed" % so)
    for pr in procs:
        if pr.wait():
            fatal("compiling a part of %s failed" % so)
    run([cc, "-shared", "-nostdlib"] + objs + ["-o", so + ".tmp"])
    os.replace(so + ".tmp", so)
    for o in objs:
        os.unlink(o)
    with open(so + ".stamp", "w") as f:
        f.write(key)
    return so


def parse_size(text):
    m = re.fullmatch(r"(\d+)([kKmM]?)", text)
    if not m:
        fatal("--scale: '%s' is not a count like 10k or 1M" % text)
    return int(m.group(1)) * {"": 1, "k": 1000, "m": 1000000}[m.group(2).lower()]


def measure_scale(b, args):
    """How load cost and memory grow with a library's size: the synthetic library with about
    R relocations (R / 4 functions: four relocations and four exported symbols each), one NOW
    load per fresh process for each loader."""
    for label in args.scale.split(","):
        nfuncs = max(2, parse_size(label) // 4)
        so = build_synth_parts(os.path.join(args.workdir, "synth"), nfuncs, "gcc")
        name = "scale-%s" % label
        if not check_synth(name, so, nfuncs):
            continue
        relocs, symbols = 4 * nfuncs - 1, 4 * nfuncs
        case = Case(name, so, "bf_%d:int:0" % (nfuncs - 2),
                    "synthetic, %d functions, %d relocations" % (nfuncs, relocs))
        de = b.once(case, "elfld", extra=["--check", case.check, "--heap-hooks"])
        dg = b.once(case, "glibc", extra=["--check", case.check])
        if "error" in de or "error" in dg:
            skipped(name, "load", de.get("error") or "glibc: " + dg.get("error"))
            continue
        if de.get("check") != dg.get("check"):
            error("%s: elfld and glibc disagree on %s (%s, %s)" % (name, case.check,
                                                                   de.get("check"), dg.get("check")))
        sizes = "relocs=%d symbols=%d" % (relocs, symbols)
        if not args.no_callgrind:
            e, err, _ = b.callgrind(case, "elfld", "now")
            g, err2, _ = b.callgrind(case, "glibc", "now")
            if err or err2:
                skipped(name, "load_ir_now", err or err2)
            else:
                result(name, "load_ir_now", e, g, "%s elfld_per_reloc=%.1f glibc_per_reloc=%.1f"
                       % (sizes, e / relocs, g / relocs))
        he, hg = int(de["heap"]), int(dg["heap"])
        result(name, "heap_bytes", he, hg, "%s elfld_per_reloc=%.2f glibc_per_reloc=%.2f"
               % (sizes, he / relocs, hg / relocs))
        peak = int(de["heap_peak_hook"])
        result(name, "heap_peak_bytes", peak, None,
               "%s elfld_per_reloc=%.2f note=host_alloc_peak_during_the_load_(glibc:_not_"
               "observable)" % (sizes, peak / relocs))


# ------------------------------------------------------------------------------ measuring
class Case:
    def __init__(self, name, path, check=None, what=""):
        self.name, self.path, self.check, self.what = name, path, check, what
        self.sysdeps, self.deps = dependencies(path)
        self.flags, self.flags1 = dyn_flags(path)
        self.names_file = None

    # Set from the probe: when libelfld's own default already is the standard order, the
    # headline runs load with its defaults (no pre_find callback standing in for the order).
    default_is_std = False

    def common(self, loader, mode="now", order="std"):
        if order == "std" and Case.default_is_std:
            order = "default"
        a = ["--loader", loader, "--mode", mode, "--order", order]
        for s in self.sysdeps:
            a += ["--sysdep", s]
        for d in self.deps:
            a += ["--dep", d]
        return a


class Bench:
    def __init__(self, args, exe, workdir):
        self.a, self.exe, self.work = args, exe, workdir
        self.default_order = "unknown"

    def once(self, case, loader, mode="now", order="std", extra=(), wrap=()):
        cmd = list(wrap) + [self.exe, "once"] + case.common(loader, mode, order) + list(extra) \
            + [case.path]
        p = run(cmd, check=False)
        d = kv(p.stdout)
        if p.returncode != 0 and "error" not in d:
            d["error"] = "bench exited with %d: %s" % (p.returncode, p.stderr.strip()[-300:])
        return d

    # -- callgrind: instructions of exactly one load in a fresh process
    def callgrind(self, case, loader, mode, order="std"):
        base = os.path.join(self.work, "cg.%s.%s.%s.%s" % (case.name, loader, mode, order))
        for f in os.listdir(self.work):
            if os.path.join(self.work, f).startswith(base + "."):
                os.unlink(os.path.join(self.work, f))
        wrap = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + base + ".out",
                "--collect-atstart=no", "--dump-instr=no"]
        d = self.once(case, loader, mode, order, wrap=wrap)
        if "error" in d:
            return None, d["error"], {}
        res, files = None, {}
        for f in sorted(os.listdir(self.work)):
            p = os.path.join(self.work, f)
            if not p.startswith(base + ".out."):
                continue
            text = open(p).read()
            m = re.search(r"^totals:\s+(\d+)", text, re.M) or \
                re.search(r"^summary:\s+(\d+)", text, re.M)
            trig = re.search(r"^desc: Trigger: Client Request: (\w+)", text, re.M)
            if m and trig:
                files[trig.group(1)] = (int(m.group(1)), p)
        if "load" in files:
            res = files["load"][0]
        return res, None, files

    def fresh_times(self, case, mode, n):
        te, tg = [], []
        for i in range(n):            # interleaved, so drift hits both loaders alike
            for loader, acc in (("elfld", te), ("glibc", tg)):
                d = self.once(case, loader, mode)
                if "error" in d:
                    return None, None, d["error"]
                acc.append(int(d["ns"]))
        return te, tg, None

    def strace_count(self, case, loader):
        out = os.path.join(self.work, "strace.%s.%s" % (case.name, loader))
        d = self.once(case, loader, "now", wrap=["strace", "-f", "-qq", "-o", out])
        if "error" in d:
            return None, {}, d["error"]
        inside, n, hist = False, 0, {}
        for line in open(out):
            m = re.match(r"^(?:\d+\s+)?(\w+)\((.*)", line)
            if not m:
                continue
            name, rest = m.group(1), m.group(2)
            if name == "write" and rest.startswith('-1, "BENCH_BEGIN"'):
                inside = True
                continue
            if name == "write" and rest.startswith('-1, "BENCH_END"'):
                break
            if inside:
                n += 1
                hist[name] = hist.get(name, 0) + 1
        return n, hist, None

    def loop(self, case, loader, iters):
        cmd = [self.exe, "loop"] + case.common(loader) + ["--iters", str(iters), case.path]
        p = run(cmd, check=False)
        d = kv(p.stdout)
        if p.returncode != 0 and "error" not in d:
            d["error"] = "bench exited with %d" % p.returncode
        return d

    def dumps_ir(self, case, what, args, per):
        """Run the bench command `args` under callgrind (collection off at start); the
        instructions of each dump it triggers (by its client request's name), divided by
        per(stdout's key-value pairs)."""
        base = os.path.join(self.work, "cg.%s.%s.out" % (case.name, what))
        for f in os.listdir(self.work):
            if os.path.join(self.work, f).startswith(base):
                os.unlink(os.path.join(self.work, f))
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + base,
               "--collect-atstart=no", self.exe] + args
        p = run(cmd, check=False)
        d = kv(p.stdout)
        if p.returncode != 0:
            return None, d.get("error", "bench exited with %d" % p.returncode)
        out = {}
        for f in os.listdir(self.work):
            path = os.path.join(self.work, f)
            if not path.startswith(base + "."):
                continue
            text = open(path).read()
            m = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
            trig = re.search(r"^desc: Trigger: Client Request: (\w+)", text, re.M)
            if m and trig:
                out[trig.group(1)] = int(m.group(1)) / float(per(d))
        return out, None

    def sym_ir(self, case):
        """Instructions per elfld_sym / dlsym (hit and miss), one pass each under callgrind."""
        # the load order does not matter for lookups in one library: elfld's default is faster
        return self.dumps_ir(case, "sym", ["sym", "--ir"] + case.common("elfld", order="default")
                             + ["--names", case.names_file, case.path],
                             lambda d: d["hits_both"])

    def tls(self, case, reps, accesses):
        cmd = [self.exe, "tls"] + case.common("elfld") + ["--reps", str(reps), "--iters",
                                                           str(accesses), case.path]
        p = run(cmd, check=False)
        d = kv(p.stdout)
        if p.returncode != 0 and "error" not in d:
            d["error"] = "bench exited with %d" % p.returncode
        return d

    def tls_ir(self, case, accesses):
        """Instructions per thread-local access, one warm tls_loop pass each under callgrind."""
        return self.dumps_ir(case, "tls", ["tls", "--ir"] + case.common("elfld") +
                             ["--iters", str(accesses), case.path], lambda d: accesses)

    def sym(self, case, reps):
        cmd = [self.exe, "sym"] + case.common("elfld") + ["--reps", str(reps), "--names",
                                                           case.names_file, case.path]
        p = run(cmd, check=False)
        d = kv(p.stdout)
        if p.returncode != 0 and "error" not in d:
            d["error"] = "bench exited with %d" % p.returncode
        return d


def measure_tls(b, case, args):
    """Cost per thread-local access (tls_loop), and load instructions per TLS relocation."""
    d = b.tls(case, args.reps, 100000 if args.quick else 1000000)
    if "error" in d:
        skipped(case.name, "tls_access_ns", d["error"])
        return
    if d.get("elfld_sum") != d.get("glibc_sum"):
        error("%s: the loaders' tls_loop sums differ: elfld %s, glibc %s"
              % (case.name, d.get("elfld_sum"), d.get("glibc_sum")))
    result(case.name, "tls_access_ns", float(d["elfld_med"]), float(d["glibc_med"]),
           "elfld_min=%s glibc_min=%s accesses=%s reps=%d" % (d["elfld_min"], d["glibc_min"],
                                                              d["accesses"], args.reps))
    if not args.no_callgrind:
        ir, err = b.tls_ir(case, 100000)
        if err or "elfld_tls" not in ir or "glibc_tls" not in ir:
            skipped(case.name, "tls_access_ir", err or "no callgrind dump")
        else:
            result(case.name, "tls_access_ir", ir["elfld_tls"], ir["glibc_tls"],
                   "instructions per access (tls_loop's loop and call included), one warm "
                   "pass of 100000 under callgrind")
    counts, _ = reloc_counts(case.path)
    ntls = sum(v for k, v in counts.items() if "TLS" in k or "DTP" in k or "TPOFF" in k)
    for r in list(RESULTS):
        if r["case"] == case.name and r["metric"] == "load_ir_now" and r["elfld"] and ntls:
            result(case.name, "load_ir_per_tls_reloc", r["elfld"] / ntls, r["glibc"] / ntls,
                   "tls_relocations=%d (whole load divided by them)" % ntls)


def med_min_max(v):
    return statistics.median(v), min(v), max(v)


def annotate(path, top, inclusive=True):
    """callgrind_annotate [--inclusive=yes], top functions (the frames above the measured call,
    which carry the whole total, removed; one line per function)."""
    p = run(["callgrind_annotate", "--inclusive=%s" % ("yes" if inclusive else "no"),
             "--threshold=100", path], check=False)
    lines, seen = [], set()
    total = None
    for line in p.stdout.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)", line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        what = m.group(3)
        if "PROGRAM TOTALS" in what:
            total = ir
            continue
        # the frames above the measured call carry the whole total: not informative
        if re.search(r"(libc_start|below main|:main |ld-linux-x86-64\.so\.2\]$|bench_do_load)",
                     what) and total is not None and ir >= total * 0.999:
            continue
        fn = re.sub(r"^\S*?:", "", what.split(" [")[0], count=1) if ":" in what else what
        obj = what.split(" [")[1].rstrip("]") if " [" in what else ""
        if fn in seen or re.match(r"^0x[0-9a-f]+$", fn):
            continue
        seen.add(fn)
        lines.append((ir, m.group(2), fn, os.path.basename(obj)))
    return total, lines[:top]


def measure_case(b, case, args, quick):
    log("")
    log("=== %s: %s (%s)" % (case.name, case.path, case.what))
    if case.sysdeps or case.deps:
        log("INFO %s dependencies loaded first: system (dlopen RTLD_GLOBAL, both loaders): %s; "
            "others (glibc: dlopen RTLD_GLOBAL, elfld: ELFLD_GLOBAL): %s"
            % (case.name, " ".join(case.sysdeps) or "-", " ".join(case.deps) or "-"))
    if case.flags or case.flags1:
        log("INFO %s dynamic flags: %s" % (case.name, " ".join(case.flags + case.flags1)))

    # 0. can libelfld load it at all?  (TLS, unknown relocation types ...)
    chk = ["--check", case.check] if case.check else []
    de = b.once(case, "elfld", extra=chk)
    if "error" in de:
        skipped(case.name, "load", de["error"].replace("\n", " "))
        if case.name.startswith("synth"):
            error("%s: libelfld cannot load the synthetic library" % case.name)
        return
    dg = b.once(case, "glibc", extra=chk)
    if "error" in dg:
        note("%s: glibc cannot load it: %s" % (case.name, dg["error"]))
        skipped(case.name, "load", "glibc: " + dg["error"])
        return
    if case.check:
        same = de.get("check") == dg.get("check")
        log("INFO %s check %s: elfld=%s glibc=%s%s" % (case.name, case.check, de.get("check"),
                                                        dg.get("check"), "" if same else " MISMATCH"))
        if not same:
            error("%s: elfld and glibc disagree on %s" % (case.name, case.check))

    # 1. callgrind instruction counts
    if not args.no_callgrind:
        modes = ["now", "lazy"]
        for mode in modes:
            e, err, files = b.callgrind(case, "elfld", mode)
            if err:
                skipped(case.name, "load_ir_" + mode, err)
                continue
            g, err2, _ = b.callgrind(case, "glibc", mode)
            result(case.name, "load_ir_" + mode, e, g)
            # What a host that loads one library pays: its context (glibc has none to
            # create: 0) and the first load, against glibc's first dlopen.
            if "ctx" in files:
                if mode == "now":
                    result(case.name, "ctx_ir", files["ctx"][0], 0,
                           "note=elfld_ctx_create_(glibc:_none)")
                result(case.name, "first_load_ir_" + mode, files["ctx"][0] + e, g,
                       "note=ctx_create_plus_load")
            if mode == "now" and "load" in files:
                case.profile = files["load"][1]
            if mode == "now":
                case.glibc_now_ir = g
        if b.default_order != "std":
            e, err, files = b.callgrind(case, "elfld", "now", "default")
            if not err:
                result(case.name, "load_ir_now_selffirst", e, case.glibc_now_ir,
                       "note=elfld_default_order_(self_before_system)_not_standard")
                if "load" in files:
                    case.profile_selffirst = files["load"][1]

    # 2. wall clock, fresh processes
    n = args.n
    for mode in ("now", "lazy"):
        te, tg, err = b.fresh_times(case, mode, n)
        if err:
            skipped(case.name, "load_ns_" + mode, err)
            continue
        em, emin, emax = med_min_max(te)
        gm, gmin, gmax = med_min_max(tg)
        result(case.name, "load_ns_" + mode, em, gm,
               "elfld_min=%d elfld_max=%d glibc_min=%d glibc_max=%d n=%d"
               % (emin, emax, gmin, gmax, n))

        if mode == "now" and b.default_order != "std":
            ts = []
            for i in range(n):
                d = b.once(case, "elfld", "now", "default")
                if "error" in d:
                    ts = None
                    break
                ts.append(int(d["ns"]))
            if ts:
                sm, smin, smax = med_min_max(ts)
                result(case.name, "load_ns_now_selffirst", sm, gm,
                       "elfld_min=%d elfld_max=%d n=%d "
                       "note=elfld_default_order_(self_before_system)_not_standard"
                       % (smin, smax, n))

    # 3. load / unload loop in one process
    if "NODELETE" in case.flags1:
        skipped(case.name, "loop_load_ns", "DF_1_NODELETE: neither loader may unmap it")
    else:
        de = b.loop(case, "elfld", args.iters)
        dg = b.loop(case, "glibc", args.iters)
        if "error" in de or "error" in dg:
            skipped(case.name, "loop_load_ns", de.get("error") or dg.get("error"))
        else:
            um = "elfld_unmapped=%s glibc_unmapped=%s" % (de["unmapped"], dg["unmapped"])
            result(case.name, "loop_load_ns", float(de["load_med"]), float(dg["load_med"]),
                   "elfld_min=%s elfld_max=%s glibc_min=%s glibc_max=%s iters=%d %s"
                   % (de["load_min"], de["load_max"], dg["load_min"], dg["load_max"],
                      args.iters, um))
            result(case.name, "loop_unload_ns", float(de["unload_med"]),
                   float(dg["unload_med"]),
                   "elfld_min=%s elfld_max=%s glibc_min=%s glibc_max=%s iters=%d %s"
                   % (de["unload_min"], de["unload_max"], dg["unload_min"], dg["unload_max"],
                      args.iters, um))
            if de["unmapped"] != "yes" or dg["unmapped"] != "yes":
                note("%s: after the loop the image is still mapped (elfld: %s, glibc: %s)"
                     % (case.name, de["unmapped"], dg["unmapped"]))

    # 4. symbol lookups
    d = b.sym(case, args.reps)
    if "error" in d:
        skipped(case.name, "sym_hit_ns", d["error"])
    else:
        extra = "names=%s" % d["hits_both"]
        for k in ("only_elfld", "only_glibc", "disagree", "miss_found"):
            if d.get(k, "0") != "0":
                extra += " %s=%s" % (k, d[k])
                (error if k in ("disagree", "miss_found") else note)(
                    "%s: symbol lookup %s=%s" % (case.name, k, d[k]))
        result(case.name, "sym_hit_ns", float(d["elfld_hit_med"]), float(d["glibc_hit_med"]),
               "elfld_min=%s glibc_min=%s reps=%d %s" % (d["elfld_hit_min"], d["glibc_hit_min"],
                                                        args.reps, extra))
        result(case.name, "sym_miss_ns", float(d["elfld_miss_med"]),
               float(d["glibc_miss_med"]),
               "elfld_min=%s glibc_min=%s reps=%d %s" % (d["elfld_miss_min"],
                                                        d["glibc_miss_min"], args.reps, extra))

    if not args.no_callgrind:
        ir, err = b.sym_ir(case)
        if err:
            skipped(case.name, "sym_hit_ir", err)
        elif all(k in ir for k in ("elfld_hit", "glibc_hit", "elfld_miss", "glibc_miss")):
            result(case.name, "sym_hit_ir", ir["elfld_hit"], ir["glibc_hit"],
                   "unit=instructions_per_lookup")
            result(case.name, "sym_miss_ir", ir["elfld_miss"], ir["glibc_miss"],
                   "unit=instructions_per_lookup")

    # 5. system calls per load
    if not args.no_strace:
        ne, he, err = b.strace_count(case, "elfld")
        ng, hg, err2 = b.strace_count(case, "glibc")
        if err or err2:
            skipped(case.name, "syscalls_now", err or err2)
        else:
            hist = lambda h: ",".join("%s:%d" % kv for kv in sorted(h.items()))
            result(case.name, "syscalls_now", ne, ng,
                   "elfld=[%s] glibc=[%s]" % (hist(he), hist(hg)))

    # 6. heap bytes of metadata left by one load
    de = b.once(case, "elfld", extra=["--heap-hooks"])
    dg = b.once(case, "glibc")
    if "error" in de or "error" in dg:
        skipped(case.name, "heap_bytes", de.get("error") or dg.get("error"))
    else:
        result(case.name, "heap_bytes", int(de["heap"]), int(dg["heap"]),
               "method=mallinfo2_delta elfld_host_alloc_live=%s elfld_host_alloc_peak=%s"
               % (de["heap_hook"], de["heap_peak_hook"]))


# ------------------------------------------------------------------------------ report
def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ncpu = os.cpu_count()
    kernel = "%s %s" % (platform.system(), platform.release())
    glibc = run(["ldd", "--version"], check=False).stdout.splitlines()
    glibc = glibc[0] if glibc else "unknown"
    try:
        gv = run(["getconf", "GNU_LIBC_VERSION"], check=False).stdout.strip()
    except OSError:
        gv = ""
    cc = run(["gcc", "--version"], check=False).stdout.splitlines()[0]
    vg = run(["valgrind", "--version"], check=False).stdout.strip()
    commit = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], check=False).stdout.strip()
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "arch", "include"],
                check=False).stdout.strip()
    pkgs = []
    for pkg in [p for _, _, p, _ in REAL_LIBS + TREE_LIBS] + objlink.PACKAGES:
        v = run(["dpkg-query", "-W", "-f=${Version}", pkg], check=False).stdout.strip()
        if v:
            pkgs.append("%s %s" % (pkg, v))
    return dict(cpu=cpu, ncpu=ncpu, kernel=kernel, glibc=gv or glibc, ldd=glibc, cc=cc,
                valgrind=vg, commit=commit + (" (+ uncommitted changes)" if dirty else ""),
                packages=", ".join(pkgs))


METRIC_DOC = {
    "load_ir_now": "instructions, one load (ELFLD_NOW vs RTLD_NOW), callgrind",
    "load_ir_lazy": "instructions, one load (ELFLD_LAZY vs RTLD_LAZY), callgrind",
    "load_ir_now_selffirst": "instructions, elfld's own default order (not standard) vs glibc RTLD_NOW",
    "ctx_ir": "instructions, elfld_ctx_create with the POSIX host (glibc: nothing to create)",
    "first_load_ir_now": "instructions, elfld_ctx_create + one load (NOW) vs glibc RTLD_NOW",
    "first_load_ir_lazy": "instructions, elfld_ctx_create + one load (LAZY) vs glibc RTLD_LAZY",
    "load_ns_now": "ns, one load in a fresh process, median (NOW)",
    "load_ns_lazy": "ns, one load in a fresh process, median (LAZY)",
    "load_ns_now_selffirst": "ns, elfld's own default order (not standard) vs glibc RTLD_NOW",
    "sym_hit_ir": "instructions per elfld_sym / dlsym hit (callgrind)",
    "sym_miss_ir": "instructions per elfld_sym / dlsym miss (callgrind)",
    "loop_load_ns": "ns per load in a load/unload loop, median",
    "loop_unload_ns": "ns per unload (elfld_release vs dlclose), median",
    "sym_hit_ns": "ns per lookup of an exported function, median",
    "sym_miss_ns": "ns per lookup of a missing name, median",
    "syscalls_now": "system calls per load (strace)",
    "heap_bytes": "heap bytes left allocated by one load (mallinfo2)",
    "heap_peak_bytes": "bytes the core asked the host for, at most at once during one load",
    "tls_access_ns": "ns per thread-local access (tls_loop), median",
    "tls_access_ir": "instructions per thread-local access (tls_loop, callgrind)",
    "load_ir_per_tls_reloc": "load_ir_now divided by the library's TLS relocations",
    "start_ir": "instructions, elfld_posix_ctx_create vs LLJIT creation (callgrind)",
    "link_ir": "instructions, elfld_load_objects vs LLJIT add objects, each + lookups + first "
               "call (callgrind)",
    "first_ir": "instructions, start_ir + link_ir",
    "link_ir_vs_lld": "instructions, elfld start + link + first call vs the whole ld.lld-14 "
                      "process + dlopen/dlsym/first call",
    "link_ir_vs_gnuld": "instructions, the same vs the whole GNU ld process + dlopen/dlsym/"
                        "first call",
    "start_ns": "ns, elfld_posix_ctx_create vs LLJIT creation, median",
    "link_ns": "ns, link + lookups + first call (elfld vs LLJIT), median",
    "first_ns": "ns, start + link + first call (elfld vs LLJIT), median",
    "link_ns_vs_lld": "ns, elfld start + link + first call vs ld.lld-14 process + dlopen/dlsym/"
                      "first call, median",
    "link_ns_vs_gnuld": "ns, the same vs GNU ld, median",
    "malloc_peak_bytes": "bytes, malloc peak above the level before start, during start + "
                         "link + first call (elfld vs LLJIT; allocation functions interposed by "
                         "objlink_heap.so)",
    "rss_peak_kb": "kB, VmHWM of the whole process (elfld vs LLJIT)",
    "rss_peak_kb_vs_lld": "kB, VmHWM of elfld's process vs the larger of ld.lld-14's and the "
                          "dlopen process's",
    "rss_peak_kb_vs_gnuld": "kB, the same vs GNU ld",
}


def human(metric, v):
    if v is None:
        return "n/a"
    if metric == "tls_access_ir":
        return "%.1f" % v
    if "_ir" in metric and not metric.startswith("sym_"):
        return "%.2f M" % (v / 1e6) if v >= 1e6 else "%.1f k" % (v / 1e3)
    if metric.startswith("sym_") and metric.endswith("_ir"):
        return "%d" % round(v)
    if metric.endswith("_ns") or "_ns_" in metric:
        if v >= 1e6:
            return "%.2f ms" % (v / 1e6)
        if v >= 1e3:
            return "%.1f µs" % (v / 1e3)
        return "%.1f ns" % v
    if metric == "heap_bytes":
        return "{:,} B".format(int(v))
    return fmt(v)


def span(metric, extra, who):
    lo = re.search(r"\b%s_min=([\d.]+)" % who, extra)
    hi = re.search(r"\b%s_max=([\d.]+)" % who, extra)
    if lo and hi:
        return " (%s–%s)" % (human(metric, float(lo.group(1))), human(metric, float(hi.group(1))))
    return ""


SUMMARY_COLS = [
    ("load_ir_now", "load, instructions (NOW)"),
    ("load_ir_lazy", "load, instructions (LAZY)"),
    ("first_load_ir_now", "context + first load, instructions (NOW)"),
    ("first_load_ir_lazy", "context + first load, instructions (LAZY)"),
    ("load_ir_now_selffirst", "load, instructions (NOW), libelfld default order"),
    ("load_ns_now", "load, wall (NOW, median)"),
    ("loop_load_ns", "load in a load/unload loop"),
    ("sym_hit_ns", "lookup hit"),
    ("sym_miss_ns", "lookup miss"),
    ("syscalls_now", "syscalls / load"),
    ("heap_bytes", "heap / library"),
    # object links (objlink.py): the anchor is named in the column
    ("first_ir", "objects: start + link + first call, instructions, vs LLJIT"),
    ("link_ir_vs_lld", "objects: instructions vs ld.lld + dlopen"),
    ("link_ir_vs_gnuld", "objects: instructions vs GNU ld + dlopen"),
    ("first_ns", "objects: wall vs LLJIT (median)"),
    ("link_ns_vs_lld", "objects: wall vs ld.lld + dlopen (median)"),
    ("link_ns_vs_gnuld", "objects: wall vs GNU ld + dlopen (median)"),
]


def summary_table():
    """One row per case: `libelfld / glibc (ratio)` for the main metrics."""
    cases = []
    for r in RESULTS:
        if r["case"] not in cases:
            cases.append(r["case"])
    cols = [(k, t) for k, t in SUMMARY_COLS if any(r["metric"] == k for r in RESULTS)]
    out = ["| case | " + " | ".join(t for _, t in cols) + " |",
           "|---|" + "---:|" * len(cols)]
    for c in cases:
        cells = []
        for k, _ in cols:
            r = next((r for r in RESULTS if r["case"] == c and r["metric"] == k), None)
            if r is None:
                cells.append("")
            elif r["elfld"] is None:
                cells.append("skipped")
            else:
                cells.append("%s / %s (%s×)" % (human(k, r["elfld"]), human(k, r["glibc"]),
                                                fmt_ratio(r["ratio"])))
        skip = next((r for r in RESULTS if r["case"] == c and r["metric"] == "load"), None)
        if skip is not None:
            cells = [skip["extra"]] + [""] * (len(cols) - 1)
        out.append("| %s | %s |" % (c, " | ".join(cells)))
    return "\n".join(out)


def markdown(m, args):
    out = []
    out.append("Each cell: libelfld / glibc (ratio), or against the loader or linker the column "
               "names; standard ELF lookup order unless marked.")
    out.append("")
    out.append(summary_table())
    out.append("")
    out.append("All measurements:")
    out.append("")
    out.append("| case | metric | libelfld | glibc (or named) | libelfld / other |")
    out.append("|---|---|---:|---:|---:|")
    for r in RESULTS:
        if r["elfld"] is None and r["glibc"] is None:
            out.append("| %s | %s | %s | | |" % (r["case"], r["metric"], r["extra"]))
            continue
        met, ex = r["metric"], r["extra"]
        e = human(met, r["elfld"]) + span(met, ex, "elfld")
        anchor = r.get("anchor", "glibc")
        g = human(met, r["glibc"]) + span(met, ex, anchor)
        if anchor != "glibc":
            g = "%s: %s" % (anchor, g)
        if "selffirst" in met:
            g += " (std order)"
        out.append("| %s | %s | %s | %s | %s |" % (r["case"], met, e, g, fmt_ratio(r["ratio"])))
    out.append("")
    out.append("Metrics: " + "; ".join("`%s` %s" % (k, v) for k, v in METRIC_DOC.items()
                                       if any(r["metric"] == k for r in RESULTS)) + ".")
    out.append("")
    out.append("Machine: %s (%s CPUs), %s, %s; %s; %s." % (m["cpu"], m["ncpu"], m["kernel"],
                                                         m["glibc"], m["cc"], m["valgrind"]))
    if m["packages"]:
        out.append("Libraries: %s (Debian packages)." % m["packages"])
    out.append("libelfld %s, `meson setup build/bench -Dbuildtype=release`, POSIX host "
               "(`elfld_posix_host`)." % m["commit"])
    out.append("Reproduce: `./tests/bench/run.sh%s`." % (" --quick" if args.quick else ""))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True, help="the bench program")
    ap.add_argument("--probe", required=True, help="the order probe library")
    ap.add_argument("--objlink-tools", default=None,
                    help="directory of objlink-elfld, -lljit, -dlopen and objlink_heap.so")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--n", type=int, default=None, help="fresh processes per timing (21)")
    ap.add_argument("--iters", type=int, default=None, help="load/unload loop iterations (100)")
    ap.add_argument("--reps", type=int, default=None, help="symbol lookup repetitions (21)")
    ap.add_argument("--functions", type=int, default=None,
                    help="synthetic library size (10000; --quick: 1000)")
    ap.add_argument("--cases", default=None,
                    help="comma list: synth,synth-sysv,synth-relr,tls-gd,tls-desc,libz,"
                         "libsqlite3,libcrypto,objlink-libz,objlink-gen200,objlink-sqlite3")
    ap.add_argument("--lib", action="append", default=[],
                    help="also measure this library (repeatable; case name = file name)")
    ap.add_argument("--scale", default=None, metavar="R,R...",
                    help="instead of the cases: synthetic libraries of about R relocations "
                         "each (e.g. 1k,10k,100k,1M), instructions and heap per relocation")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--no-strace", action="store_true")
    ap.add_argument("--profile-top", type=int, default=25)
    args = ap.parse_args()
    q = args.quick
    args.n = args.n or (5 if q else 21)
    args.iters = args.iters or (20 if q else 100)
    args.reps = args.reps or (5 if q else 21)
    nfuncs = args.functions or (1000 if q else 10000)
    if args.cases:
        wanted = args.cases.split(",")
    else:
        wanted = ["synth"] + objlink.QUICK_CASES if q else (
            [c for c, _, _ in SYNTH_VARIANTS] + [c for c, _, _ in TLS_VARIANTS] +
            [c for c, _, _, _ in REAL_LIBS] + [c for c, _, _, _ in TREE_LIBS] + objlink.CASES)
        if args.lib:
            wanted = []
    os.makedirs(args.workdir, exist_ok=True)

    m = machine()
    log("MACHINE cpu=%s cpus=%s kernel=%s glibc=%s" % (m["cpu"], m["ncpu"], m["kernel"], m["glibc"]))
    log("MACHINE cc=%s valgrind=%s libelfld=%s" % (m["cc"], m["valgrind"], m["commit"]))

    b = Bench(args, args.exe, args.workdir)
    p = run([args.exe, "probe", args.probe], check=False)
    pd = kv(p.stdout)
    b.default_order = pd.get("default_order", "unknown")
    log("ORDER headline numbers use the standard ELF lookup order: the process's global scope "
        "(executable, its libraries, RTLD_GLOBAL / ELFLD_GLOBAL libraries) first, then the "
        "library itself; POSIX host (elfld_posix_host)")
    Case.default_is_std = b.default_order == "std"
    if b.default_order == "std":
        log("ORDER libelfld's default order is standard (probe): loaded with its defaults")
    else:
        log("ORDER libelfld's default order is '%s' (probe; glibc: %s): the system is searched "
            "after the library, so for the standard order the bench passes a pre_find callback "
            "that calls the POSIX host's own resolve hook (dlvsym/dlsym(RTLD_DEFAULT)) first; "
            "load_ir_now_selffirst shows libelfld's default order" %
            (b.default_order, pd.get("glibc_order", "?")))

    if args.scale:
        measure_scale(b, args)
        wanted = []
    cases = []
    synth_wanted = [v for v in SYNTH_VARIANTS if v[0] in wanted]
    if synth_wanted:
        built = build_synth(os.path.join(args.workdir, "synth"), nfuncs, synth_wanted, "gcc")
        for c, _, what in synth_wanted:
            check_synth(c, built[c], nfuncs)
            name = c if nfuncs == 10000 else c.replace("synth", "synth%dk" % (nfuncs // 1000)
                                                       if nfuncs % 1000 == 0 else "synth%d" % nfuncs)
            case = Case(name, built[c], "bf_%d:int:0" % (nfuncs - 2),
                        "%s, %d functions, %d data symbols" % (what, nfuncs, 3 * nfuncs))
            cases.append(case)
    for c, flags, what in TLS_VARIANTS:
        if c not in wanted:
            continue
        out = os.path.join(args.workdir, c + ".so")
        run(["gcc", "-O2", "-fPIC", "-shared", "-nostdlib"] + flags +
            [os.path.join(HERE, "tls_lib.c"), "-o", out])
        cases.append(Case(c, out, "tls_check:uint", what))
    def installed(c, soname, pkg):
        path = find_lib(soname)
        if not path:
            skipped(c, "load", "%s not installed (Debian package %s)" % (soname, pkg))
        return os.path.realpath(path) if path else None

    for c, soname, pkg, check in REAL_LIBS:
        path = installed(c, soname, pkg) if c in wanted else None
        if not path:
            continue
        counts, _ = reloc_counts(path)
        tls = bool(re.search(r"^\s*TLS\s", readelf(["-lW"], path), re.M))
        log("INFO %s relocations: %s; PT_TLS: %s" % (c, " ".join(
            "%s=%d" % (k.replace("R_X86_64_", ""), v) for k, v in sorted(counts.items())),
            "yes" if tls else "no"))
        cases.append(Case(c, path, check, "%s from %s" % (soname, pkg)))

    for c, soname, pkg, check in TREE_LIBS:
        path = installed(c, soname, pkg) if c in wanted else None
        if not path:
            continue
        case = Case(c, path, check)
        case.what = "%s from %s with its whole dependency tree (%d libraries besides glibc's)" \
            % (soname, pkg, len(case.deps))
        log("INFO %s tree: %s" % (c, " ".join(os.path.basename(d) for d in case.deps)))
        case.deps = []       # each loader loads the tree itself
        cases.append(case)

    for path in args.lib:
        if not os.path.exists(path):
            skipped(os.path.basename(path), "load", "no such file")
            continue
        cases.append(Case(os.path.basename(path), os.path.realpath(path), None, "given with --lib"))

    for case in cases:
        names = os.path.join(args.workdir, "names.%s.txt" % case.name)
        with open(names, "w") as f:
            f.write("\n".join(exported_functions(case.path)) + "\n")
        case.names_file = names
        case.profile = case.profile_selffirst = None
        case.glibc_now_ir = None
        measure_case(b, case, args, q)
        if case.name.startswith("tls-"):
            measure_tls(b, case, args)

    # relocatable objects: libelfld's object linker vs LLJIT and static linkers + dlopen
    objlink_wanted = [c for c in wanted if c in objlink.CASES]
    if objlink_wanted:
        if args.objlink_tools:
            helpers = types.SimpleNamespace(log=log, result=result, skipped=skipped,
                                            error=error, kv=kv, med_min_max=med_min_max)
            objlink.measure(helpers, args, objlink_wanted, args.objlink_tools, args.workdir)
        else:
            for c in objlink_wanted:
                skipped(c, "load", "no --objlink-tools given")

    # profiles
    log("")
    for case in cases:
        for label, path in (("standard order", case.profile),
                            ("elfld default order", case.profile_selffirst)):
            if not path:
                continue
            total, top = annotate(path, args.profile_top)
            if total is None:
                continue
            log("PROFILE %s elfld load (NOW, %s): %s instructions; top inclusive "
                "(callgrind_annotate --inclusive=yes %s)" % (case.name, label, "{:,}".format(total),
                                                            path))
            for ir, pct, fn, obj in top:
                log("PROFILE   %14s %6s%%  %s  [%s]" % ("{:,}".format(ir), pct, fn, obj))
            _, top = annotate(path, args.profile_top // 2, inclusive=False)
            log("PROFILE %s elfld load (NOW, %s): top self cost" % (case.name, label))
            for ir, pct, fn, obj in top:
                log("PROFILE   %14s %6s%%  %s  [%s]" % ("{:,}".format(ir), pct, fn, obj))

    table = markdown(m, args)
    log("")
    log("TABLE (markdown)")
    log(table)
    with open(os.path.join(args.workdir, "results.md"), "w") as f:
        f.write(table + "\n")
    with open(os.path.join(args.workdir, "results.json"), "w") as f:
        json.dump(dict(machine=m, results=RESULTS, notes=NOTES, errors=ERRORS), f, indent=1)
    log("")
    log("INFO results written to %s/results.{md,json}" % args.workdir)
    if ERRORS:
        log("ERROR %d harness error(s): %s" % (len(ERRORS), "; ".join(ERRORS)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
