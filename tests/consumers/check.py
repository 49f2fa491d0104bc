#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check.py SOURCE_ROOT ARCH WAY - build a program against libelfld the way an adopter does,
run it, and fail with the step's output otherwise.

WAY
  pkg-config     meson install into a prefix, then cc with `pkg-config --cflags --libs elfld`
                 (and elfld-core for the core alone)
  cmake-subdir   add_subdirectory(src/buildsys) in a CMake project, targets elfld::elfld and
                 elfld::core; also without lazy binding and the shared-object loader
                 (-DELFLD_WITH_LAZY=OFF -DELFLD_WITH_SHARED_OBJECTS=OFF)
  cmake-package  src/buildsys built and installed by CMake, then find_package(elfld)
  make           include src/buildsys/elfld.mk in a Makefile; also the core alone with a
                 kernel's flags (ELFLD_KERNEL_CFLAGS), whose archive may need nothing but memcpy, memset, memmove
                 and memcmp, and the core without the object linker and messages
                 (ELFLD_WITH_OBJECTS=0 ELFLD_WITH_MESSAGES=0: core_only checks elfld_features())
                 and memcmp (DESIGN.md rule 1)
  cross-arm      the core for arm by zig's clang (ELFLD_ARM_CC) through make and CMake:
                 arch/arm/cflags.list must reach the compiler (else the archive needs the
                 EHABI routines)

Each way builds two programs with -Wall -Wextra -Werror: examples/meson-subproject's consumer
(loads greeter.so through the POSIX host and calls it: "greeter_answer(7) = 42") and
core_only.c (the core alone: elfld_version() equals the header's ELFLD_VERSION)."""
import os
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
    # without lazy binding and the shared-object loader: the object linker and messages remain
    out = os.path.join(tmp, "out-reduced")
    run(["cmake", "-S", tmp, "-B", out, "-DELFLD_WITH_LAZY=OFF",
         "-DELFLD_WITH_SHARED_OBJECTS=OFF"], tmp)
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
    # without the object linker and messages: shared objects and lazy binding remain
    run(["make", "-j2", "CC=" + " ".join(cc), "ELFLD_OBJDIR=reduced-objs", "ELFLD_WITH_OBJECTS=0",
         "ELFLD_WITH_MESSAGES=0", "reduced-objs/libelfld.a"], tmp)
    run(cc + WARN + ["-Iinclude", "-I" + os.path.join(src, "include"), "core_only.c",
                     "reduced-objs/libelfld.a", "-o", "core_only_reduced"], tmp)
    print("ok (reduced, make): " + run([os.path.join(tmp, "core_only_reduced"), "0x5"], tmp).strip())


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
        else:
            sys.exit("unknown way " + way)


if __name__ == "__main__":
    main()
