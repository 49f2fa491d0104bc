#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check.py SOURCE_ROOT LAYOUT - build examples/meson-subproject against this source tree the
way a project that vendors libelfld does, and run it.

LAYOUT 'wrap': the source at subprojects/libelfld next to the shipped libelfld.wrap, found by a
plain dependency('elfld') through the wrap's [provide] section.
LAYOUT 'fallback': the source at subprojects/elfld and no wrap, found by
dependency('elfld', fallback: ['elfld', 'elfld_dep']).

Configures (tests and examples of libelfld must stay off by default in a subproject), builds,
runs the consumer (which loads a plugin through libelfld and checks the answer), and fails
with the step's output otherwise."""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode:
        print("FAIL: %s (in %s) exited %d" % (" ".join(cmd), cwd, r.returncode))
        print(r.stdout[-4000:] + r.stderr[-4000:])
        sys.exit(1)
    return r.stdout


def main():
    src, layout = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="elfld-subproject-") as tmp:
        proj = os.path.join(tmp, "consumer")
        shutil.copytree(os.path.join(src, "examples", "meson-subproject"), proj)
        sub = os.path.join(proj, "subprojects")
        if layout == "wrap":
            os.symlink(src, os.path.join(sub, "libelfld"))
        elif layout == "fallback":
            os.remove(os.path.join(sub, "libelfld.wrap"))
            os.symlink(src, os.path.join(sub, "elfld"))
            mb = os.path.join(proj, "meson.build")
            text = open(mb).read().replace("dependency('elfld')",
                                           "dependency('elfld', fallback: ['elfld', 'elfld_dep'])")
            open(mb, "w").write(text)
        else:
            sys.exit("unknown layout " + layout)
        run(["meson", "setup", "build"], proj)
        # the consumer defines no tests and no target named like libelfld's examples: any of
        # them means the subproject configured its own tests or examples
        tests = json.loads(run(["meson", "introspect", "--tests", "build"], proj))
        targets = json.loads(run(["meson", "introspect", "--targets", "build"], proj))
        extra = [t["name"] for t in tests] + [t["name"] for t in targets
                                              if t["name"] in ("plugin-host", "baremetal", "kernel")]
        if extra:
            print("FAIL: the subproject configured its tests or examples: " + " ".join(extra[:5]))
            sys.exit(1)
        run(["ninja", "-C", "build"], proj)
        got = run([os.path.join(proj, "build", "consumer")], proj)
        if "greeter_answer(7) = 42" not in got:
            print("FAIL: consumer printed %r" % got)
            sys.exit(1)
        print("ok: %s layout: %s" % (layout, got.strip()))


if __name__ == "__main__":
    main()
