#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check.py SOURCE_ROOT ARCH WAY - build a program against libelfld the way an adopter does,
run it, and fail with the step's output otherwise.

WAY
  pkg-config     meson install into a prefix, then cc with `pkg-config --cflags --libs elfld`
                 (and elfld-core for the core alone)
  cmake-subdir   add_subdirectory(src/buildsys) in a CMake project, targets elfld::elfld and
                 elfld::core; also without lazy binding and the shared-object loader
                 and the frame tables (-DELFLD_WITH_LAZY=OFF -DELFLD_WITH_SHARED_OBJECTS=OFF
                 -DELFLD_WITH_FRAMES=OFF)
  cmake-package  src/buildsys built and installed by CMake, then find_package(elfld)
  make           include src/buildsys/elfld.mk in a Makefile; also the core alone with a
                 kernel's flags (ELFLD_KERNEL_CFLAGS), whose archive may need nothing but memcpy, memset, memmove
                 and memcmp, and the core without the object linker, messages and frame
                 tables (ELFLD_WITH_OBJECTS=0 ELFLD_WITH_MESSAGES=0 ELFLD_WITH_FRAMES=0:
                 core_only checks elfld_features())
                 and memcmp (DESIGN.md rule 1)
  cross-arm      the core for arm by zig's clang (ELFLD_ARM_CC) through make and CMake:
                 arch/arm/cflags.list must reach the compiler (else the archive needs the
                 EHABI routines)
  kbuild         src/buildsys/elfld.kbuild in a Linux kernel module's Kbuild file, built by
                 `make -C /usr/src/linux-headers-*-<arch> M=...` (Debian's linux-headers
                 package; never loaded): the .ko must build with no compiler or modpost
                 warning and no unresolved symbol, libelfld's objects in it need only the mem*
                 functions and what the kernel's own compiler flags add
                 (KERNEL_INSTRUMENTATION), and make clean removes the fragment's files

Each way but kbuild builds two programs with -Wall -Wextra -Werror: examples/meson-subproject's
consumer (loads greeter.so through the POSIX host and calls it: "greeter_answer(7) = 42") and
core_only.c (the core alone: elfld_version() equals the header's ELFLD_VERSION)."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

WARN = ["-std=c11", "-Wall", "-Wextra", "-Werror"]
ALLOWED_UNDEFINED = {"memcpy", "memset", "memmove", "memcmp"}


def run(cmd, cwd, env=None):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})))
    if r.returncode:
        print("FAIL: %s (in %s) exited %d" % (" ".join(cmd), cwd, r.returncode))
        print(r.stdout[-4000:] + r.stderr[-4000:])
        sys.exit(1)
    return r.stdout


def check_programs(consumer, core_only, cwd):
    got = run([consumer], cwd)
    if "greeter_answer(7) = 42" not in got:
        sys.exit("FAIL: consumer printed %r" % got)
    core = run([core_only], cwd)
    print("ok: " + got.strip() + "; " + core.strip())


def pkg_config(src, tmp, cc):
    prefix = os.path.join(tmp, "prefix")
    run(["meson", "setup", os.path.join(tmp, "lib"), src, "-Dtests=false", "-Dexamples=false",
         "--prefix", prefix, "--libdir", "lib"], tmp)
    run(["meson", "install", "-C", os.path.join(tmp, "lib")], tmp)
    env = {"PKG_CONFIG_PATH": os.path.join(prefix, "lib", "pkgconfig")}
    for pc, prog, extra in (("elfld", "consumer", ["-DGREETER_PATH=\"%s/greeter.so\"" % tmp]),
                            ("elfld-core", "core_only", [])):
        flags = run(["pkg-config", "--cflags", "--libs", pc], tmp, env).split()
        run(cc + WARN + extra + [os.path.join(tmp, prog + ".c"), "-o", prog] + flags, tmp)
    check_programs(os.path.join(tmp, "consumer"), os.path.join(tmp, "core_only"), tmp)


CMAKE_CONSUMER = """cmake_minimum_required(VERSION 3.13)
project(consumer C)
set(CMAKE_C_FLAGS "${CMAKE_C_FLAGS} -Wall -Wextra -Werror")
%(get)s
add_executable(consumer consumer.c)
target_compile_definitions(consumer PRIVATE GREETER_PATH="%(tmp)s/greeter.so")
target_link_libraries(consumer elfld::elfld)
add_executable(core_only core_only.c)
target_link_libraries(core_only elfld::core)
"""


def cmake(src, tmp, get, env=None):
    open(os.path.join(tmp, "CMakeLists.txt"), "w").write(CMAKE_CONSUMER % {"get": get, "tmp": tmp})
    run(["cmake", "-S", tmp, "-B", os.path.join(tmp, "out")], tmp, env)
    run(["cmake", "--build", os.path.join(tmp, "out")], tmp, env)
    check_programs(os.path.join(tmp, "out", "consumer"), os.path.join(tmp, "out", "core_only"), tmp)


def cmake_subdir(src, tmp, cc):
    cmake(src, tmp, "add_subdirectory(%s/src/buildsys elfld)" % src)
    # without lazy binding, the shared-object loader and the frame tables: the object linker
    # and messages remain
    out = os.path.join(tmp, "out-reduced")
    run(["cmake", "-S", tmp, "-B", out, "-DELFLD_WITH_LAZY=OFF",
         "-DELFLD_WITH_SHARED_OBJECTS=OFF", "-DELFLD_WITH_FRAMES=OFF"], tmp)
    run(["cmake", "--build", out, "--target", "core_only"], tmp)
    print("ok (reduced, CMake): " + run([os.path.join(out, "core_only"), "0xa"], tmp).strip())


def cmake_package(src, tmp, cc):
    prefix = os.path.join(tmp, "prefix")
    lib = os.path.join(tmp, "lib")
    run(["cmake", "-S", os.path.join(src, "src", "buildsys"), "-B", lib,
         "-DCMAKE_INSTALL_PREFIX=" + prefix, "-DCMAKE_C_FLAGS=-Wall -Wextra -Werror"], tmp)
    run(["cmake", "--build", lib], tmp)
    run(["cmake", "--install", lib], tmp)
    cmake(src, tmp, "find_package(elfld 0.1 REQUIRED)", {"CMAKE_PREFIX_PATH": prefix})


MAKEFILE = """ELFLD_DIR := %(src)s
ELFLD_ARCH := %(arch)s
CFLAGS := -O2 -fPIC %(warn)s
include $(ELFLD_DIR)/src/buildsys/elfld.mk

all: consumer core_only
consumer: consumer.c $(ELFLD_POSIX_LIB) $(ELFLD_CORE_LIB)
\t$(CC) $(CFLAGS) $(ELFLD_INCLUDES) -DGREETER_PATH='"%(tmp)s/greeter.so"' $< $(ELFLD_POSIX_LIB) $(ELFLD_CORE_LIB) -ldl -pthread -o $@
core_only: core_only.c $(ELFLD_CORE_LIB)
\t$(CC) $(CFLAGS) $(ELFLD_INCLUDES) $< $(ELFLD_CORE_LIB) -o $@
"""


def needs(archive, cwd):
    """Symbols the archive leaves undefined that none of its members defines."""
    nm = run(["nm", "-u", "-P", "-A", archive], cwd)
    defined = set(run(["nm", "-P", "--defined-only", archive], cwd).split())
    return {line.split()[1] for line in nm.splitlines() if len(line.split()) > 1} - defined


def cross_arm(src, tmp, cc):
    """The core for arm, built by zig's clang (whose exception-index tables name the EHABI
    personality routines unless it is told not to emit them) through make and through CMake:
    both must pass arch/arm/cflags.list on, so the archive needs nothing but the mem*
    functions.  ELFLD_ARM_CC is that compiler (the arm build's zig toolchain)."""
    arm_cc = os.environ.get("ELFLD_ARM_CC", "").split()
    if not arm_cc:
        sys.exit("FAIL: cross-arm needs ELFLD_ARM_CC (the arm build's zig cc; tests/setup.sh)")
    if len(arm_cc) > 1:               # "zig cc -target ...": one program, as CMake wants
        wrapper = os.path.join(tmp, "arm-cc")
        open(wrapper, "w").write("#!/bin/sh\nexec %s \"$@\"\n" % " ".join(arm_cc))
        os.chmod(wrapper, 0o755)
        arm_cc = [wrapper]
    mk = os.path.join(tmp, "Makefile")
    open(mk, "w").write("ELFLD_DIR := %s\nELFLD_ARCH := arm\nCFLAGS := -Os %s\n"
                        "include $(ELFLD_DIR)/src/buildsys/elfld.mk\n" % (src, " ".join(WARN)))
    run(["make", "-j2", "CC=" + " ".join(arm_cc), "elfld-objs/libelfld.a"], tmp)
    lib = os.path.join(tmp, "cm")
    run(["cmake", "-S", os.path.join(src, "src", "buildsys"), "-B", lib,
         "-DCMAKE_SYSTEM_NAME=Generic", "-DCMAKE_SYSTEM_PROCESSOR=arm",
         "-DCMAKE_C_COMPILER=" + arm_cc[0], "-DCMAKE_ASM_COMPILER=" + arm_cc[0],
         "-DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY", "-DCMAKE_C_FLAGS=" + " ".join(WARN)],
        tmp)
    run(["cmake", "--build", lib], tmp)
    for archive in ("elfld-objs/libelfld.a", "cm/libelfld.a"):
        bad = sorted(needs(archive, tmp) - ALLOWED_UNDEFINED)
        if bad:
            sys.exit("FAIL: %s (%s) needs %s" % (archive, arm_cc[0], " ".join(bad)))
    print("ok: the arm core built by %s through elfld.mk and CMake needs only %s" %
          (arm_cc[0], " ".join(sorted(needs("cm/libelfld.a", tmp)))))


def make(src, tmp, cc, arch):
    open(os.path.join(tmp, "Makefile"), "w").write(
        MAKEFILE % {"src": src, "arch": arch, "warn": " ".join(WARN), "tmp": tmp})
    run(["make", "-j2", "CC=" + " ".join(cc)], tmp)
    check_programs(os.path.join(tmp, "consumer"), os.path.join(tmp, "core_only"), tmp)
    # the core alone with a kernel's flags, into its own directory
    kflags = os.environ.get("ELFLD_KERNEL_CFLAGS", "")   # tests/freestanding/meson.build's
    if not kflags:
        sys.exit("FAIL: make needs ELFLD_KERNEL_CFLAGS (what a kernel compiles with)")
    run(["make", "-j2", "CC=" + " ".join(cc), "ELFLD_OBJDIR=kernel-objs",
         "CFLAGS=-O2 " + kflags + " " + " ".join(WARN), "kernel-objs/libelfld.a"], tmp)
    need = needs("kernel-objs/libelfld.a", tmp)
    bad = sorted(need - ALLOWED_UNDEFINED)
    if bad:
        sys.exit("FAIL: the core built by elfld.mk with %s needs %s" % (kflags, " ".join(bad)))
    print("ok: the core built by elfld.mk with %s needs only %s" %
          (kflags, " ".join(sorted(need)) or "nothing"))
    # without the object linker, messages and frame tables: shared objects and lazy binding
    # remain
    run(["make", "-j2", "CC=" + " ".join(cc), "ELFLD_OBJDIR=reduced-objs", "ELFLD_WITH_OBJECTS=0",
         "ELFLD_WITH_MESSAGES=0", "ELFLD_WITH_FRAMES=0", "reduced-objs/libelfld.a"], tmp)
    run(cc + WARN + ["-Iinclude", "-I" + os.path.join(src, "include"), "core_only.c",
                     "reduced-objs/libelfld.a", "-o", "core_only_reduced"], tmp)
    print("ok (reduced, make): " + run([os.path.join(tmp, "core_only_reduced"), "0x5"], tmp).strip())


# What Kbuild's own compiler flags make any x86_64 object of a Debian kernel's module call,
# libelfld's included; the kernel exports each of them:
#   __fentry__                 -pg -mfentry (CONFIG_FUNCTION_TRACER): ftrace's hook at every
#                              function's entry
#   __x86_return_thunk         -mfunction-return=thunk-extern (CONFIG_RETHUNK): every return
#   __x86_indirect_thunk_<r>   -mindirect-branch=thunk-extern (CONFIG_RETPOLINE): every
#                              indirect call or jump through register r (the host's hooks)
KERNEL_INSTRUMENTATION = {
    "x86_64": {"__fentry__", "__x86_return_thunk"} |
              {"__x86_indirect_thunk_" + r for r in
               "rax rbx rcx rdx rsi rdi rbp r8 r9 r10 r11 r12 r13 r14 r15".split()},
}
KERNEL_HEADERS = {"x86_64": "amd64"}       # Debian's name of the arch: linux-headers-*-amd64

KMOD = r"""// SPDX-License-Identifier: MIT OR Apache-2.0
#include <linux/init.h>
#include <linux/module.h>
#include <elfld.h>

static int __init elfld_kmod_test_init(void)
{
	elfld_ctx *ctx = NULL;
	int rc = elfld_ctx_create(NULL, &ctx);

	pr_info("libelfld %#lx, elfld_ctx_create(NULL) = %d\n", elfld_version(), rc);
	return 0;
}
module_init(elfld_kmod_test_init);
MODULE_LICENSE("Dual MIT/GPL");
"""

KBUILD = """ELFLD_DIR := %(src)s
include $(ELFLD_DIR)/src/buildsys/elfld.kbuild
obj-m := elfld_kmod.o
elfld_kmod-y := elfld_kmod_test.o $(ELFLD_OBJS)
ccflags-y += $(ELFLD_INCLUDES)
"""


def version_key(path):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def listed(src, name):
    return [line.strip() for line in open(os.path.join(src, name))
            if line.strip() and not line.lstrip().startswith("#")]


def kbuild(src, tmp, arch):
    """A kernel module with the core and arch/ARCH linked in through elfld.kbuild (ELFLD_ARCH
    left to the fragment's default, the kernel's arch), built against the newest installed
    build tree of Debian's kernel headers (not `uname -r`'s: the running kernel may differ)."""
    trees = sorted((d for d in glob.glob("/usr/src/linux-headers-*-%s" % KERNEL_HEADERS[arch])
                    if os.path.isfile(os.path.join(d, "Module.symvers"))), key=version_key)
    if not trees:
        sys.exit("FAIL: kbuild needs a kernel build tree, /usr/src/linux-headers-*-%s with its "
                 "Module.symvers, and found none (tests/setup.sh installs linux-headers-%s)" %
                 (KERNEL_HEADERS[arch], KERNEL_HEADERS[arch]))
    kdir = trees[-1]
    mod = os.path.join(tmp, "kmod")
    os.mkdir(mod)
    open(os.path.join(mod, "elfld_kmod_test.c"), "w").write(KMOD)
    open(os.path.join(mod, "Kbuild"), "w").write(KBUILD % {"src": src})
    # Kbuild takes its compiler, arch and flags from the tree; nothing of the caller's
    env = {k: v for k, v in os.environ.items() if k not in
           ("ARCH", "CROSS_COMPILE", "CC", "CFLAGS", "KCFLAGS", "KCPPFLAGS", "LLVM",
            "KBUILD_OUTPUT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "O", "M", "W")}

    def kmake(goal):
        return subprocess.run(["make", "-C", kdir, "M=" + mod, "-j2", goal], cwd=mod,
                              capture_output=True, text=True, env=env)
    r = kmake("modules")
    out = r.stdout + r.stderr
    ko = os.path.join(mod, "elfld_kmod.ko")
    # modpost's "undefined!" and section mismatches, the compilers' and objtool's warnings
    said = [line for line in out.splitlines() if re.search(r"\b(warning|error):", line, re.I)]
    if r.returncode or not os.path.isfile(ko):
        sys.exit("FAIL: make -C %s M=%s modules exited %d%s:\n%s\n--- its output's end:\n%s" % (
            kdir, mod, r.returncode, "" if os.path.isfile(ko) else " without elfld_kmod.ko",
            "\n".join(said[:40]), out[-3000:]))
    # objtool's are reported, not failed: it checks the kernel's own conventions and knows only
    # the kernel's noreturn functions, so a C function that ends in a call to a noreturn
    # function of another object reads to it as falling through to the next function
    objtool = [line for line in said if "objtool:" in line]
    if set(said) - set(objtool):
        sys.exit("FAIL: building the module with %s said:\n%s" % (kdir, "\n".join(said)))
    # every listed source is in the module, by the fragment's naming (elfld.kbuild)
    objs = open(os.path.join(mod, "elfld_kmod.mod")).read().split()
    want = listed(src, "src/core.list") + listed(src, "arch/%s/sources.list" % arch)
    names = {"elfld-objs/" + s.replace("/", "_").replace(".", "_") + ".o" for s in want}
    missing = sorted(n for n in names if n not in {os.path.relpath(o, mod) for o in objs})
    if missing:
        sys.exit("FAIL: the module lacks %s (of src/core.list and arch/%s/sources.list)" %
                 (" ".join(missing), arch))
    lib_objs = [o for o in objs if os.path.relpath(o, mod).startswith("elfld-objs/")]
    undefined = {line.split()[-1] for line in run(["nm", "-u"] + lib_objs, mod).splitlines()
                 if len(line.split()) == 2}
    defined = {line.split()[-1] for line in
               run(["nm", "--defined-only"] + lib_objs, mod).splitlines() if line.strip()
               and not line.endswith(":")}
    need = undefined - defined
    allowed = ALLOWED_UNDEFINED | KERNEL_INSTRUMENTATION[arch]
    if need - allowed:
        sys.exit("FAIL: libelfld's objects in the module need %s (allowed: %s)" %
                 (" ".join(sorted(need - allowed)), " ".join(sorted(allowed))))
    own = {l.split()[-1] for l in run(["nm", "-u", "elfld_kmod_test.o"], mod).splitlines()}
    own -= defined
    ko_need = {l.split()[-1] for l in run(["nm", "-u", ko], mod).splitlines()}
    if ko_need - allowed - own:
        sys.exit("FAIL: elfld_kmod.ko needs %s" % " ".join(sorted(ko_need - allowed - own)))
    r = kmake("clean")
    if r.returncode or os.path.exists(os.path.join(mod, "elfld-objs")):
        sys.exit("FAIL: make clean exited %d, leaving %s\n%s" % (
            r.returncode, " ".join(sorted(os.listdir(mod))), (r.stdout + r.stderr)[-3000:]))
    print("ok: elfld_kmod.ko built against %s from %d objects of libelfld, which need only %s "
          "(of the kernel: %s); the module's own file needs %s" % (
              kdir, len(lib_objs), " ".join(sorted(need & ALLOWED_UNDEFINED)),
              " ".join(sorted(need - ALLOWED_UNDEFINED)), " ".join(sorted(own))))
    for line in objtool:
        print("note: " + line)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, arch, way = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    cc = [os.environ.get("CC", "cc")]
    with tempfile.TemporaryDirectory(prefix="elfld-consumer-") as tmp:
        example = os.path.join(src, "examples", "meson-subproject")
        shutil.copy(os.path.join(example, "consumer.c"), tmp)
        shutil.copy(os.path.join(src, "tests", "consumers", "core_only.c"), tmp)
        run(cc + ["-shared", "-fPIC", os.path.join(example, "greeter.c"), "-o",
                  os.path.join(tmp, "greeter.so")], tmp)
        if way == "pkg-config":
            pkg_config(src, tmp, cc)
        elif way == "cmake-subdir":
            cmake_subdir(src, tmp, cc)
        elif way == "cmake-package":
            cmake_package(src, tmp, cc)
        elif way == "make":
            make(src, tmp, cc, arch)
        elif way == "cross-arm":
            cross_arm(src, tmp, cc)
        elif way == "kbuild":
            kbuild(src, tmp, arch)
        else:
            sys.exit("unknown way " + way)


if __name__ == "__main__":
    main()
