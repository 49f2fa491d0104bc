#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""
objlink.py - the object-link part of the benchmark (bench.py calls measure()): libelfld's
object linker against LLVM 14's LLJIT and against a static linker followed by dlopen, on the
same relocatable objects, to the first correct call, each measurement in a fresh process.

Cases (inputs):
    objlink-libz     Debian's libz.a (zlib1g-dev), all its members
    objlink-gen200   200 generated objects of 50 functions each (gen_objects.py), gcc -O2 -fPIC -c
    objlink-sqlite3  the SQLite amalgamation built from Debian's sqlite3 source tarball, one
                     object (gcc -O2 -fPIC -c)

Loaders, and what each is given:
    elfld    objlink-elfld: elfld_posix_ctx_create ("start"), then elfld_load_objects of the
             objects, an archive as one input with ELFLD_INPUT_WHOLE_ARCHIVE ("link")
    lljit    objlink-lljit: LLJIT creation ("start"), then LLVMOrcLLJITAddObjectFile of every
             object, an archive's members extracted to files first (not measured) ("link")
    lld      ld.lld-14 -shared -Bsymbolic --threads=1 (the whole linker process), then
             objlink-dlopen: dlopen + dlsym of the shared object ("link")
    gnuld    ld -shared -Bsymbolic (GNU ld, the whole process), then objlink-dlopen
An archive goes to both linkers as --whole-archive ARCHIVE.  Each "link" region also looks up
one exported function of every object (LLJIT links an object when one of its symbols is first
looked up: so it links them all, as the others do) and makes the case's first call, whose
result must equal the value given by the specification (CRC-32 / Adler-32 check values), the
generator, or SQLite's version and arithmetic; any loader that differs is a harness error.

objlink-elfld / -lljit / -dlopen run with LD_BIND_NOW=1, so lazy binding of the program's own
libraries (libLLVM's calls into libstdc++ ...) never falls inside a measured region.
"""
import concurrent.futures
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = ["objlink-libz", "objlink-gen200", "objlink-sqlite3"]
QUICK_CASES = ["objlink-libz"]
# Debian packages whose versions the report names
PACKAGES = ["zlib1g-dev", "llvm-14-dev", "lld-14", "binutils"]

LIBZ_A = "/usr/lib/x86_64-linux-gnu/libz.a"
GEN_OBJECTS, GEN_FUNCTIONS = 200, 50

# bookworm's sqlite3 source (the .dsc of 3.40.1-2+deb12u2 lists this checksum)
SQLITE_VERSION = "3.40.1"
SQLITE_TARBALL = "sqlite3_%s.orig.tar.xz" % SQLITE_VERSION
SQLITE_URL = "http://deb.debian.org/debian/pool/main/s/sqlite3/" + SQLITE_TARBALL
SQLITE_SHA256 = "aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655"

LINKERS = [
    # name, command (output path appended after -o), what
    ("lld", ["ld.lld-14", "-shared", "-Bsymbolic", "--threads=1"], "ld.lld-14"),
    ("gnuld", ["ld", "-shared", "-Bsymbolic"], "GNU ld"),
]


class Inputs:
    """One case's inputs in the form each loader takes them."""

    def __init__(self, case, check, expect, elfld, lljit, linker):
        self.case, self.check, self.expect = case, check, expect
        self.elfld, self.lljit, self.linker = elfld, lljit, linker
        self.force = []
        self.what = ""


# ------------------------------------------------------------------------------ inputs
def stamp_ok(path, key):
    return os.path.exists(path) and open(path).read() == key


def write_stamp(path, key):
    with open(path, "w") as f:
        f.write(key)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def compile_all(pairs, flags):
    """gcc FLAGS -c SRC -o OBJ for every (src, obj), as many at once as there are CPUs."""
    def one(pair):
        return subprocess.run(["gcc"] + flags + ["-c", pair[0], "-o", pair[1]],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as ex:
        for p in ex.map(one, pairs):
            if p.returncode:
                raise RuntimeError("gcc failed: " + p.stdout.strip()[-300:])


def extract_archive(archive, outdir):
    """The members of an archive as files (in archive order), for LLJIT."""
    key = "%s %d %d" % (archive, os.path.getsize(archive), os.path.getmtime(archive))
    stamp = os.path.join(outdir, ".stamp")
    names = subprocess.run(["ar", "t", archive], check=True, text=True,
                           stdout=subprocess.PIPE).stdout.split()
    if len(set(names)) != len(names):
        raise RuntimeError("%s has two members of one name" % archive)
    if not stamp_ok(stamp, key):
        shutil.rmtree(outdir, ignore_errors=True)
        os.makedirs(outdir)
        subprocess.run(["ar", "x", os.path.abspath(archive)], check=True, cwd=outdir)
        write_stamp(stamp, key)
    return [os.path.join(outdir, n) for n in names]


def exported_function(obj):
    """One defined, global, default-visibility function of an object, or None (an object of
    hidden functions only is linked through the others' references to it)."""
    out = subprocess.run(["readelf", "-sW", obj], check=True, text=True,
                         stdout=subprocess.PIPE).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] == "FUNC" and f[4] in ("GLOBAL", "WEAK") \
                and f[5] == "DEFAULT" and f[6] != "UND":
            return f[7]
    return None


def prepare_libz(work):
    if not os.path.exists(LIBZ_A):
        return None, "%s not installed (Debian package zlib1g-dev)" % LIBZ_A
    members = extract_archive(LIBZ_A, os.path.join(work, "libz"))
    # The check values of the CRC-32 and Adler-32 definitions ("123456789" -> 0xCBF43926,
    # "Wikipedia" -> 0x11E60398), not outputs of any loader.
    inp = Inputs("objlink-libz", "zlib", "crc32:cbf43926,adler32:11e60398", [LIBZ_A], members,
                 ["--whole-archive", LIBZ_A, "--no-whole-archive"])
    inp.what = "%s, %d members (LLJIT: the members extracted)" % (LIBZ_A, len(members))
    return inp, None


def prepare_gen(work, log):
    gen = os.path.join(HERE, "gen_objects.py")
    outdir = os.path.join(work, "gen200")
    ccver = subprocess.run(["gcc", "--version"], text=True, stdout=subprocess.PIPE).stdout
    key = "%s %d %d %s" % (sha256(gen), GEN_OBJECTS, GEN_FUNCTIONS, ccver.splitlines()[0])
    stamp = os.path.join(outdir, ".stamp")
    objs = [os.path.join(outdir, "o%03d.o" % o) for o in range(GEN_OBJECTS)]
    if not stamp_ok(stamp, key):
        log("INFO generating and compiling %d objects of %d functions (gcc -O2 -fPIC -c)"
            % (GEN_OBJECTS, GEN_FUNCTIONS))
        shutil.rmtree(outdir, ignore_errors=True)
        subprocess.run([sys.executable, gen, "--objects", str(GEN_OBJECTS), "--functions",
                        str(GEN_FUNCTIONS), outdir], check=True)
        compile_all([(o[:-2] + ".c", o) for o in objs], ["-O2", "-fPIC"])
        write_stamp(stamp, key)
    expect = open(os.path.join(outdir, "expected.txt")).read().strip()
    inp = Inputs("objlink-gen200", "gen", expect, objs, objs, objs)
    inp.what = "%d generated objects of %d functions (gen_objects.py)" % (GEN_OBJECTS,
                                                                          GEN_FUNCTIONS)
    return inp, None


def prepare_sqlite3(work, log):
    """sqlite3.c made from Debian's sqlite3 source tarball (its tool/mksqlite3c.tcl needs
    tclsh), compiled into one object; cached."""
    top = os.path.join(work, "sqlite3")
    obj = os.path.join(top, "sqlite3.o")
    stamp = obj + ".stamp"
    key = "%s -O2 -fPIC" % SQLITE_SHA256
    vparts = [int(x) for x in SQLITE_VERSION.split(".")]
    # SQLITE_VERSION_NUMBER is X*1000000 + Y*1000 + Z (sqlite3.h's own definition)
    expect = "version:%d,select:42,rc:0" % (vparts[0] * 1000000 + vparts[1] * 1000 + vparts[2])
    if not stamp_ok(stamp, key):
        if not shutil.which("tclsh"):
            return None, "tclsh not found (Debian package tcl): sqlite3.c cannot be generated"
        os.makedirs(top, exist_ok=True)
        tarball = os.path.join(top, SQLITE_TARBALL)
        if not os.path.exists(tarball) or sha256(tarball) != SQLITE_SHA256:
            log("INFO downloading %s" % SQLITE_URL)
            try:
                with urllib.request.urlopen(SQLITE_URL, timeout=60) as r, \
                        open(tarball + ".part", "wb") as f:
                    shutil.copyfileobj(r, f)
            except OSError as e:
                return None, "cannot download %s: %s" % (SQLITE_URL, e)
            if sha256(tarball + ".part") != SQLITE_SHA256:
                return None, "%s: checksum differs from the Debian .dsc's" % SQLITE_TARBALL
            os.replace(tarball + ".part", tarball)
        src = os.path.join(top, "sqlite3-" + SQLITE_VERSION)
        bld = os.path.join(top, "build")
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(bld, ignore_errors=True)
        subprocess.run(["tar", "xf", tarball, "-C", top], check=True)
        os.makedirs(bld)
        log("INFO making sqlite3.c (configure && make sqlite3.c) and compiling it "
            "(gcc -O2 -fPIC -c; takes about a minute)")
        for cmd in (["../sqlite3-%s/configure" % SQLITE_VERSION], ["make", "sqlite3.c"]):
            p = subprocess.run(cmd, cwd=bld, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
            if p.returncode:
                return None, "%s failed: %s" % (" ".join(cmd), p.stdout.strip()[-200:])
        try:
            compile_all([(os.path.join(bld, "sqlite3.c"), obj)], ["-O2", "-fPIC"])
        except RuntimeError as e:
            return None, str(e)
        write_stamp(stamp, key)
    inp = Inputs("objlink-sqlite3", "sqlite3", expect, [obj], [obj], [obj])
    inp.what = "SQLite %s amalgamation from Debian's %s, one object" % (SQLITE_VERSION,
                                                                          SQLITE_TARBALL)
    return inp, None


# ------------------------------------------------------------------------------ running
class Runner:
    def __init__(self, h, tools, work):
        self.h, self.tools, self.work = h, tools, work
        self.env = dict(os.environ, LD_BIND_NOW="1")

    def exe(self, loader):
        return os.path.join(self.tools, "objlink-" + loader)

    def have(self, loader):
        return os.access(self.exe(loader), os.X_OK)

    def loader_cmd(self, loader, inp, inputs):
        cmd = [self.exe(loader), "--check", inp.check]
        for s in inp.force:
            cmd += ["--force", s]
        return cmd + inputs

    def once(self, loader, inp, inputs, wrap=(), heap=False):
        env = dict(self.env)
        if heap:
            env["LD_PRELOAD"] = os.path.join(self.tools, "objlink_heap.so")
        try:
            p = subprocess.run(list(wrap) + self.loader_cmd(loader, inp, inputs), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as e:
            return {"error": "objlink-%s: %s" % (loader, e)}
        d = self.h.kv(p.stdout)
        if p.returncode != 0 and "error" not in d:
            d["error"] = "objlink-%s exited with %d: %s" % (loader, p.returncode,
                                                           p.stderr.strip()[-300:])
        return d

    def link(self, name, inp, out, wrap=()):
        """Run one linker: (ns of the whole process, its max RSS in kB, error or None)."""
        cmd = list(wrap) + dict((n, c) for n, c, _ in LINKERS)[name] + ["-o", out] + inp.linker
        with tempfile.TemporaryFile("w+") as errf:
            t0 = time.perf_counter_ns()
            pr = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
            _, status, usage = os.wait4(pr.pid, 0)
            t1 = time.perf_counter_ns()
            pr.returncode = os.waitstatus_to_exitcode(status)
            if pr.returncode:
                errf.seek(0)
                msg = " ".join(errf.read().split())[-300:]
                return None, None, "%s exited with %d: %s" % (cmd[len(wrap)], pr.returncode, msg)
        return t1 - t0, usage.ru_maxrss, None

    def so_path(self, inp, linker, tag=""):
        return os.path.join(self.work, "%s.%s%s.so" % (inp.case, linker, tag))

    # -- callgrind
    def cg_files(self, base):
        """{dump trigger or "total": instructions} of the callgrind files base.*"""
        out = {}
        for f in sorted(os.listdir(self.work)):
            p = os.path.join(self.work, f)
            if not (p == base or p.startswith(base + ".")):
                continue
            text = open(p).read()
            m = re.search(r"^(?:totals|summary):\s+(\d+)", text, re.M)
            trig = re.search(r"^desc: Trigger: Client Request: (\w+)", text, re.M)
            if m:
                out[trig.group(1) if trig else "total"] = int(m.group(1))
        return out

    def cg_clean(self, base):
        for f in os.listdir(self.work):
            p = os.path.join(self.work, f)
            if p == base or p.startswith(base + "."):
                os.unlink(p)

    def cg_loader(self, loader, inp, inputs, tag):
        base = os.path.join(self.work, "cg.%s.%s.out" % (inp.case, tag))
        self.cg_clean(base)
        d = self.once(loader, inp, inputs, wrap=["valgrind", "--tool=callgrind",
                                                  "--callgrind-out-file=" + base,
                                                  "--collect-atstart=no", "--dump-instr=no"])
        if "error" in d:
            return None, d["error"]
        f = self.cg_files(base)
        if "start" not in f or "link" not in f:
            return None, "no callgrind dumps in %s" % base
        return f, None

    def cg_linker(self, name, inp):
        base = os.path.join(self.work, "cg.%s.%s-process.out" % (inp.case, name))
        self.cg_clean(base)
        _, _, err = self.link(name, inp, self.so_path(inp, name, ".cg"),
                              wrap=["valgrind", "--tool=callgrind",
                                    "--callgrind-out-file=" + base, "--dump-instr=no"])
        if err:
            return None, err
        f = self.cg_files(base)
        return (f, None) if "total" in f else (None, "no callgrind totals in " + base)


# ------------------------------------------------------------------------------ one case
def measure_case(h, r, inp, args):
    h.log("")
    h.log("=== %s: %s" % (inp.case, inp.what))
    c = inp.case
    objs = inp.lljit
    inp.force = [s for s in (exported_function(o) for o in objs) if s]
    h.log("INFO %s: %d object(s); %d exported function(s) looked up in every link region (one "
          "of each object that exports any)" % (c, len(objs), len(inp.force)))

    # 0. which loaders work, and do they all compute the expected result?
    ok = {}
    loader_inputs = {"elfld": inp.elfld, "lljit": inp.lljit}
    for loader in ("elfld", "lljit"):
        if not r.have(loader):
            ok[loader] = "objlink-%s was not built (%s)" % (
                loader, "llvm-config-14 missing: Debian package llvm-14-dev"
                if loader == "lljit" else "see run.sh")
            continue
        d = r.once(loader, inp, loader_inputs[loader])
        ok[loader] = d.get("error") or check_result(h, c, loader, d.get("check"), inp.expect)
    for name, cmd, _ in LINKERS:
        if not shutil.which(cmd[0]):
            ok[name] = "%s not found (Debian package %s)" % (
                cmd[0], "lld-14" if name == "lld" else "binutils")
            continue
        _, _, err = r.link(name, inp, r.so_path(inp, name))
        if err:
            ok[name] = err
            continue
        d = r.once("dlopen", inp, [r.so_path(inp, name)])
        ok[name] = d.get("error") or check_result(h, c, name, d.get("check"), inp.expect)
    for k, v in ok.items():
        h.log("INFO %s %s: %s" % (c, k, "ok, check=" + inp.expect if v is None else v))
    if ok.get("elfld"):
        h.skipped(c, "load", "elfld: " + ok["elfld"])
        return
    others = [("lljit", "lljit", "")] + [(n, n, "_vs_" + n) for n, _, _ in LINKERS]

    # 1. callgrind instructions, the runs side by side (the counts do not depend on timing)
    if not args.no_callgrind:
        jobs = {"elfld": (r.cg_loader, ("elfld", inp, inp.elfld, "elfld"))}
        if ok.get("lljit") is None:
            jobs["lljit"] = (r.cg_loader, ("lljit", inp, inp.lljit, "lljit"))
        for n, _, _ in LINKERS:
            if ok.get(n) is None:
                jobs[n + "-process"] = (r.cg_linker, (n, inp))
                jobs[n + "-dlopen"] = (r.cg_loader, ("dlopen", inp, [r.so_path(inp, n)],
                                                     n + "-dlopen"))
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as ex:
            futs = {k: ex.submit(fn, *a) for k, (fn, a) in jobs.items()}
            cg = {k: f.result() for k, f in futs.items()}
        e, err = cg["elfld"]
        if err:
            h.skipped(c, "link_ir", "elfld: " + err)
        else:
            first = e["start"] + e["link"]
            for name, anchor, suffix in others:
                if ok.get(name):
                    h.skipped(c, ("link_ir" if name == "lljit" else "link_ir" + suffix),
                              "%s: %s" % (name, ok[name]))
                    continue
                if name == "lljit":
                    j, err = cg["lljit"]
                    if err:
                        h.skipped(c, "link_ir", "lljit: " + err)
                        continue
                    h.result(c, "start_ir", e["start"], j["start"],
                             "note=elfld_ctx_create_vs_LLJIT_creation", anchor="lljit")
                    h.result(c, "link_ir", e["link"], j["link"],
                             "note=link+lookups+first_call", anchor="lljit")
                    h.result(c, "first_ir", first, j["start"] + j["link"],
                             "note=start+link+lookups+first_call", anchor="lljit")
                    continue
                lk, err = cg[name + "-process"]
                dl, err2 = cg[name + "-dlopen"]
                if err or err2:
                    h.skipped(c, "link_ir" + suffix, "%s: %s" % (name, err or err2))
                    continue
                total = lk["total"] + dl["start"] + dl["link"]
                h.result(c, "link_ir" + suffix, first, total,
                         "elfld_start=%d elfld_link=%d %s_process=%d dlopen_call=%d "
                         "note=elfld_start+link_vs_whole_linker_process+dlopen+dlsym+first_call"
                         % (e["start"], e["link"], name, lk["total"], dl["start"] + dl["link"]),
                         anchor=name)

    # 2. wall clock: fresh processes, the loaders alternated so drift hits all alike
    n = args.n
    times = {k: [] for k in ("elfld", "lljit", "lld", "gnuld")}
    parts = {k: [] for k in times}
    rss = {}
    for _ in range(n):
        for name in times:
            if ok.get(name):
                continue
            if name in ("elfld", "lljit"):
                d = r.once(name, inp, loader_inputs[name])
                if "error" in d:
                    ok[name] = d["error"]
                    continue
                times[name].append((int(d["start_ns"]), int(d["link_ns"])))
                rss.setdefault(name, []).append(int(d["rss_peak_kb"]))
            else:
                so = r.so_path(inp, name)
                ns, maxrss, err = r.link(name, inp, so)
                d = r.once("dlopen", inp, [so]) if not err else {"error": err}
                if "error" in d:
                    ok[name] = d["error"]
                    continue
                times[name].append((ns, int(d["start_ns"]) + int(d["link_ns"])))
                rss.setdefault(name, []).append(max(maxrss, int(d["rss_peak_kb"])))
    te = times["elfld"]
    if te:
        ef = [a + b for a, b in te]
        for name, anchor, suffix in others:
            to = times[name]
            if not to:
                h.skipped(c, "link_ns" + suffix, "%s: %s" % (name, ok.get(name) or "no runs"))
                continue
            of = [a + b for a, b in to]
            if name == "lljit":
                for metric, ev, ov in (("start_ns", [a for a, _ in te], [a for a, _ in to]),
                                       ("link_ns", [b for _, b in te], [b for _, b in to]),
                                       ("first_ns", ef, of)):
                    em, emin, emax = h.med_min_max(ev)
                    om, omin, omax = h.med_min_max(ov)
                    h.result(c, metric, em, om, "elfld_min=%d elfld_max=%d lljit_min=%d "
                             "lljit_max=%d n=%d" % (emin, emax, omin, omax, len(ev)),
                             anchor="lljit")
                continue
            em, emin, emax = h.med_min_max(ef)
            om, omin, omax = h.med_min_max(of)
            h.result(c, "link_ns" + suffix, em, om,
                     "elfld_min=%d elfld_max=%d %s_min=%d %s_max=%d %s_process_med=%d "
                     "dlopen_call_med=%d n=%d note=elfld_start+link_vs_linker_process_(as_"
                     "spawned_by_python)+dlopen+dlsym+first_call"
                     % (emin, emax, name, omin, name, omax, name,
                        statistics.median(a for a, _ in to), statistics.median(b for _, b in to),
                        len(ef)), anchor=name)

    # 3. memory: malloc peak of the measured regions (objlink_heap.so preloaded), and the
    #    high-water mark of each whole process
    heap = {}
    for name in ("elfld", "lljit"):
        if ok.get(name) is None:
            d = r.once(name, inp, loader_inputs[name], heap=True)
            if "heap_peak" in d:
                heap[name] = (int(d["heap_start_peak"]), int(d["heap_peak"]))
    if "elfld" in heap:
        if "lljit" in heap:
            h.result(c, "malloc_peak_bytes", heap["elfld"][1], heap["lljit"][1],
                     "elfld_start=%d lljit_start=%d method=malloc_interposed_(objlink_heap.so),"
                     "_peak_above_the_level_before_start,_start+link+first_call"
                     % (heap["elfld"][0], heap["lljit"][0]), anchor="lljit")
        else:
            h.skipped(c, "malloc_peak_bytes", "lljit: " + (ok.get("lljit") or "no heap run"))
    if "elfld" in rss:
        for name, anchor, suffix in others:
            if name not in rss:
                continue
            h.result(c, "rss_peak_kb" + suffix, statistics.median(rss["elfld"]),
                     statistics.median(rss[name]),
                     "method=%s" % ("VmHWM_of_each_whole_process" if name == "lljit" else
                                    "VmHWM_vs_max(linker_ru_maxrss,dlopen_process_VmHWM)"),
                     anchor=anchor)


def check_result(h, case, loader, got, expect):
    """None when the loader's first call gave the expected value; else a harness error."""
    if got == expect:
        return None
    h.error("%s: %s computed %s, the expected value is %s" % (case, loader, got, expect))
    return "wrong result %s" % got


def measure(h, args, wanted, tools, workdir):
    """Measure the objlink-* cases in `wanted`.  h: bench.py's helpers (log, result, skipped,
    error, kv)."""
    work = os.path.join(workdir, "objlink")
    os.makedirs(work, exist_ok=True)
    r = Runner(h, tools, work)
    for case in CASES:
        if case not in wanted:
            continue
        if not r.have("elfld") or not r.have("dlopen"):
            h.skipped(case, "load", "objlink-elfld / objlink-dlopen not built (run.sh builds them)")
            continue
        try:
            if case == "objlink-libz":
                inp, why = prepare_libz(work)
            elif case == "objlink-gen200":
                inp, why = prepare_gen(work, h.log)
            else:
                inp, why = prepare_sqlite3(work, h.log)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
            inp, why = None, "preparing the inputs failed: %s" % e
        if inp is None:
            h.skipped(case, "load", why)
            continue
        measure_case(h, r, inp, args)
