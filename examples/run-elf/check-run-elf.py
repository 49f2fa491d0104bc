#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""check-run-elf.py RUN_ELF: run-elf starts the system's programs as the shell would run
them, and refuses what it cannot start.  Each case is run twice - directly (the oracle: the
kernel's execve through Python's subprocess) and through run-elf - and the outputs and exit
statuses must agree:
  /bin/sh -c 'echo "$VAR" "$0" "$@"; exit 7' x 'a b' c    the environment, argv, a status
  /usr/bin/env                                              the whole environment
  /bin/ls -d /                                              another dynamic program
  /bin/false                                                status 1
and a text file is refused with status 127 and a reason on stderr."""
import os
import subprocess
import sys
import tempfile

CASES = [
    ["/bin/sh", "-c", 'echo "$ELFLD_RUN_ELF" "$0" "$@"; exit 7', "x", "a b", "c"],
    ["/usr/bin/env"],
    ["/bin/ls", "-d", "/"],
    ["/bin/false"],
]


def main():
    run_elf = os.path.abspath(sys.argv[1])
    env = {"ELFLD_RUN_ELF": "from the environment", "PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    failed = 0
    for case in CASES:
        want = subprocess.run(case, capture_output=True, text=True, env=env)
        got = subprocess.run([run_elf] + case, capture_output=True, text=True, env=env)
        ok = (got.returncode, got.stdout) == (want.returncode, want.stdout)
        print("%s %s: status %d, %d bytes of output" % ("ok  " if ok else "FAIL", " ".join(case),
                                                         got.returncode, len(got.stdout)))
        if not ok:
            print("  want %d %r\n  got  %d %r %r" % (want.returncode, want.stdout, got.returncode,
                                                     got.stdout, got.stderr))
            failed += 1
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as text:
        text.write("not a program\n")
        text.flush()
        got = subprocess.run([run_elf, text.name], capture_output=True, text=True, env=env)
        ok = got.returncode == 127 and "not an ELF file" in got.stderr
        print("%s a text file: status %d, %s" % ("ok  " if ok else "FAIL", got.returncode,
                                                 got.stderr.strip()))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
