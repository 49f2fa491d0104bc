#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""tests/mutants/run.py - prove that the test suite kills every mutant of the catalogue.

    tests/mutants/run.py                      # every entry, every build it names
    tests/mutants/run.py --arch aarch64       # only these builds (repeatable; 'asan' too)
    tests/mutants/run.py --only ID [--only ID]
    tests/mutants/run.py --list               # check the catalogue and list it, run nothing

The catalogue is tests/mutants/catalogue/*.ini (format: tests/mutants/README.md). The run
copies the working tree (tracked and untracked files, not build/) into a scratch directory,
configures one build per arch there (the cross files of tests/setup.sh, as tests/run.sh does;
'asan' as tests/fuzz/asan.sh does) and first runs every test the selected mutants name on the
unmodified sources: a test that fails there cannot judge a mutant, so the run stops
(--baseline-passed BUILD: that build's whole suite has just passed on these very sources, in
place; tests/run.sh says so after its own test run). Then, per mutant and build: apply the
edit, rebuild what the named tests declare they depend on (ninja, those targets only), run the
tests ('meson test --no-rebuild'), restore the file. In place, the baseline builds the same
way, for all the tests of the build's mutants (a scratch build is built whole first). An input
a test reads without declaring it keeps what the last full build made of the unmodified
sources, so it can hide a mutant but never kill one. A restored file is newer than what was built from its mutant, so the next
ninja of the build rebuilds it; nothing is rebuilt at the end. A failing test kills the mutant; a mutant whose
tests all pass SURVIVED. An entry whose text is not found exactly once, whose test names do not
exist, or whose edit does not build is a catalogue ERROR (fix the entry). The exit status is
non-zero when a mutant survived or an entry is in error. The last line reads
'MUTANTS total=N killed=N survived=N errors=N'.

With --in-place the edits go to this tree itself and the builds are tests/run.sh's own
build/<arch> (and build/asan): no second configure and full build per arch. It refuses a tree
with uncommitted changes, so that nothing but a mutant can ever differ from the last commit:
every file is restored after its mutant (also on Ctrl-C; ninja rebuilds what was built from
it at the build's next run), and the file being mutated is named in build/mutants-journal
meanwhile, so that a run killed outright is repaired (git checkout of that file) by the next.
--auto-place (what tests/run.sh passes) is --in-place for a tree without uncommitted changes
(a fresh clone, CI) and the scratch copy otherwise.

Environment: TC_DIR / ELFLD_CROSS_DIR as for tests/run.sh; ELFLD_MUTANT_WORKDIR to keep the
scratch copy in a given directory (reused by the next run: only changed files are copied).
"""
import argparse
import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), '..', '..'))
CATALOGUE = os.path.join(ROOT, 'tests', 'mutants', 'catalogue')
ARCHES = ['x86_64', 'i386', 'aarch64', 'arm', 'riscv64', 'riscv32', 'loongarch64']
BUILDS = ARCHES + ['asan']
KEYS = {'file', 'find', 'replace', 'arches', 'tests', 'why', 'occurrence'}
REQUIRED = KEYS - {'occurrence'}


def log(msg):
    print('[mutants] ' + msg, flush=True)


class Mutant:
    def __init__(self, ident, where, sec):
        self.id = ident
        self.where = where
        self.file = sec['file']
        self.find = sec['find']
        self.replace = sec['replace']
        self.builds = sec['arches'].split()
        self.tests = sec['tests'].split()
        self.why = sec['why']
        self.explicit_occurrence = 'occurrence' in sec
        self.occurrence = int(sec.get('occurrence', '1'))


def read_catalogue():
    """Every entry of every catalogue file, or a list of problems."""
    mutants, problems, seen = [], [], {}
    files = sorted(f for f in os.listdir(CATALOGUE) if f.endswith('.ini'))
    for name in files:
        cp = configparser.ConfigParser(interpolation=None, comment_prefixes=('#', ';'),
                                       inline_comment_prefixes=None, strict=True,
                                       empty_lines_in_values=False)
        cp.optionxform = str
        try:
            cp.read(os.path.join(CATALOGUE, name), encoding='utf-8')
        except configparser.Error as e:
            problems.append('%s: %s' % (name, e))
            continue
        for ident in cp.sections():
            sec = cp[ident]
            where = '%s [%s]' % (name, ident)
            if ident in seen:
                problems.append('%s: id also used in %s' % (where, seen[ident]))
                continue
            seen[ident] = name
            missing = REQUIRED - set(sec.keys())
            unknown = set(sec.keys()) - KEYS
            if missing or unknown:
                problems.append('%s: missing %s, unknown %s' % (where, sorted(missing) or '-',
                                                                sorted(unknown) or '-'))
                continue
            m = Mutant(ident, where, sec)
            bad = [b for b in m.builds if b not in BUILDS]
            if bad or not m.builds:
                problems.append('%s: arches %s (known: %s)' % (where, bad or '(none)', ' '.join(BUILDS)))
                continue
            problems += check_edit(m)
            mutants.append(m)
    return mutants, problems


def check_edit(m):
    path = os.path.join(ROOT, m.file)
    if not os.path.isfile(path):
        return ['%s: file %s does not exist' % (m.where, m.file)]
    text = open(path, encoding='utf-8').read()
    count = text.count(m.find)
    if m.find == m.replace:
        return ['%s: replace equals find' % m.where]
    if not m.explicit_occurrence and count != 1:
        return ['%s: find text occurs %d times in %s (want once, or set occurrence)'
                % (m.where, count, m.file)]
    if m.occurrence > count or m.occurrence < 1:
        return ['%s: occurrence %d, but the text occurs %d times' % (m.where, m.occurrence, count)]
    return []


def mutate(text, m):
    at = -1
    for _ in range(m.occurrence):
        at = text.index(m.find, at + 1)
    return text[:at] + m.replace + text[at + len(m.find):]


# ------------------------------------------------------------------ scratch copy and builds
def source_files():
    out = subprocess.run(['git', '-C', ROOT, 'ls-files', '-z', '--cached', '--others',
                          '--exclude-standard'], check=True, capture_output=True).stdout
    return [f for f in out.decode().split('\0') if f and not f.startswith('build/')]


def sync_copy(dest):
    """Copy the working tree into dest; files whose bytes are unchanged keep their mtime."""
    copied = 0
    for rel in source_files():
        src, dst = os.path.join(ROOT, rel), os.path.join(dest, rel)
        if not os.path.isfile(src):
            continue  # deleted in the working tree, not yet in the index
        data = open(src, 'rb').read()
        if os.path.isfile(dst) and open(dst, 'rb').read() == data:
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        copied += 1
    return copied


def run(cmd, logf, **kw):
    with open(logf, 'a') as f:
        f.write('$ %s\n' % ' '.join(cmd))
        f.flush()
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, **kw).returncode


class Build:
    def __init__(self, name, scratch, in_place):
        self.name = name
        self.scratch = scratch
        # in place: the build directories of tests/run.sh and tests/fuzz/asan.sh
        base = name if in_place else 'mutant-' + name
        self.dir = os.path.join(scratch, 'build', base)
        self.log = os.path.join(scratch, 'build', 'mutants-' + name + '.log')
        self.tests = {}
        self.multiplier = '1'

    def setup_args(self):
        tc = os.environ.get('TC_DIR') or os.path.join(
            os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'elfld-toolchains')
        cross_dir = os.environ.get('ELFLD_CROSS_DIR') or os.path.join(tc, 'cross')
        if self.name == 'asan':
            return ['-Db_sanitize=address,undefined', '-Db_lundef=false', '-Dexamples=false',
                    '-Dc_args=-fno-sanitize-recover=undefined']
        args = ['-Darch=' + self.name]
        if self.name != 'x86_64':
            cross = os.path.join(cross_dir, self.name + '.ini')
            if not os.path.isfile(cross):
                raise SystemExit('[mutants] ERROR: cross file %s missing (run tests/setup.sh)' % cross)
            args = ['--cross-file', cross] + args
            if any(l.startswith('exe_wrapper') for l in open(cross)):
                self.multiplier = '3'
        return args

    def configure(self):
        args = self.setup_args()
        if not os.path.isfile(os.path.join(self.dir, 'build.ninja')):
            os.makedirs(os.path.dirname(self.dir), exist_ok=True)
            log('%s: meson setup %s %s' % (self.name, self.dir, ' '.join(args)))
            if run(['meson', 'setup', self.dir] + args, self.log, cwd=self.scratch) != 0:
                raise SystemExit('[mutants] ERROR: meson setup failed for %s (see %s)' % (self.name, self.log))
        intro = lambda what: json.loads(subprocess.run(
            ['meson', 'introspect', self.dir, what], check=True, capture_output=True).stdout)
        self.tests = {t['name']: t for t in intro('--tests')}
        # target id -> its outputs as ninja names them (relative to the build directory)
        self.outputs = {t['id']: [os.path.relpath(f, self.dir) for f in t['filename']]
                        for t in intro('--targets')}

    def expand(self, names):
        """Test names of a mutant's 'tests' list in this build, or raise KeyError."""
        out = []
        for n in names:
            n = n.replace('{arch}', 'x86_64' if self.name == 'asan' else self.name)
            if n.startswith('suite:'):
                suite = n[len('suite:'):]
                hit = [t for t, d in self.tests.items()
                       if any(s.split(':')[-1] == suite for s in d['suite'])]
                if not hit:
                    raise KeyError(n)
                out += hit
            elif n in self.tests:
                out.append(n)
            else:
                raise KeyError(n)
        return sorted(set(out))

    def build(self, tests=None):
        """Everything (incrementally), or only the targets the given tests depend on."""
        targets = []
        for name in tests or []:
            for ident in self.tests[name]['depends']:
                targets += self.outputs.get(ident, [])
        if tests is not None and not targets:
            targets = ['build.ninja']   # regenerate only: the tests build nothing of ours
        return run(['ninja', '-C', self.dir] + sorted(set(targets)), self.log) == 0

    def test(self, tests):
        return run(['meson', 'test', '-C', self.dir, '--no-rebuild', '--print-errorlogs',
                    '--num-processes', '2', '--timeout-multiplier', self.multiplier] + tests,
                   self.log) == 0


# ------------------------------------------------------------------ main
def write_rows(path, rows):
    """tests/summary.py rows: arch, suite, passed (killed), failed, skipped, details."""
    if not path:
        return
    with open(path, 'a', encoding='utf-8') as f:
        for arch, killed, failures in rows:
            f.write('%s\tmutants\t%d\t%d\t0\t%s\n' % (arch, killed, len(failures),
                                                     '\x1e'.join(failures)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--arch', action='append', default=[], help='builds to run (arch or asan)')
    ap.add_argument('--only', action='append', default=[], help='mutant ids to run')
    ap.add_argument('--list', action='store_true', help='check and list the catalogue only')
    ap.add_argument('--in-place', action='store_true',
                    help='mutate this tree and use its build/<arch> directories (refused when '
                         'the tree has uncommitted changes)')
    ap.add_argument('--auto-place', action='store_true',
                    help='--in-place when the tree has no uncommitted changes, else a scratch copy')
    ap.add_argument('--baseline-passed', action='append', default=[], metavar='BUILD',
                    help='in place only: BUILD\'s whole suite has just passed on these sources, '
                         'so its baseline test run is skipped')
    ap.add_argument('--results', metavar='FILE',
                    help="append tests/summary.py rows (suite 'mutants', one per build) to FILE")
    opt = ap.parse_args()

    mutants, problems = read_catalogue()
    for p in problems:
        log('ERROR: ' + p)
    wanted_builds = [b for a in opt.arch for b in a.split(',')]
    for b in wanted_builds:
        if b not in BUILDS:
            raise SystemExit('[mutants] ERROR: unknown build %s (known: %s)' % (b, ' '.join(BUILDS)))
    unknown = set(opt.only) - {m.id for m in mutants}
    if unknown:
        raise SystemExit('[mutants] ERROR: no such mutant: %s' % ' '.join(sorted(unknown)))
    sel = [m for m in mutants if not opt.only or m.id in opt.only]
    if opt.list:
        for m in sel:
            print('%-44s %-24s %s' % (m.id, ' '.join(m.builds), m.why))
        print('%d mutants in %d files' % (len(sel), len({m.where.split(' ')[0] for m in sel})))
        return 1 if problems else 0
    if problems:
        log('the catalogue has errors: nothing run')
        write_rows(opt.results, [('all', 0, ['catalogue: ' + p for p in problems])])
        print('MUTANTS total=%d killed=0 survived=0 errors=%d' % (len(sel), len(problems)))
        return 1

    temp = None
    journal = os.path.join(ROOT, 'build', 'mutants-journal')
    if os.path.isfile(journal):      # a run killed while a file was mutated: repair it first
        left = open(journal, encoding='utf-8').read().strip()
        log('restoring %s, left mutated by a run that was killed' % left)
        subprocess.run(['git', '-C', ROOT, 'checkout', '--', left], check=True)
        os.remove(journal)
    dirty = subprocess.run(['git', '-C', ROOT, 'status', '--porcelain', '--untracked-files=no'],
                           check=True, capture_output=True, text=True).stdout
    in_place = opt.in_place or (opt.auto_place and not dirty)
    if in_place:
        if dirty:
            raise SystemExit('[mutants] ERROR: --in-place needs a tree without uncommitted '
                             'changes (it edits the sources):\n' + dirty)
        scratch = ROOT
        log('mutating this tree in place: %s' % ROOT)
    else:
        scratch = os.environ.get('ELFLD_MUTANT_WORKDIR')
        if not scratch:
            temp = tempfile.mkdtemp(prefix='elfld-mutants.')
            scratch = temp
        os.makedirs(scratch, exist_ok=True)
        log('scratch copy: %s (%d files copied)' % (scratch, sync_copy(scratch)))

    results = {}  # id -> list of (build, verdict, detail)
    errors = 0
    start = time.monotonic()
    try:
        for bname in BUILDS:
            if wanted_builds and bname not in wanted_builds:
                continue
            mine = [m for m in sel if bname in m.builds]
            if not mine:
                continue
            b = Build(bname, scratch, in_place)
            b.configure()
            plan = []
            for m in mine:
                try:
                    plan.append((m, b.expand(m.tests)))
                except KeyError as e:
                    results.setdefault(m.id, []).append((bname, 'ERROR', 'no test %s' % e))
                    errors += 1
            every = sorted({t for _, ts in plan for t in ts})
            trusted = in_place and bname in opt.baseline_passed
            log('%s: baseline: %d tests for %d mutants%s' % (
                bname, len(every), len(plan), ' (passed in the suite run just before)' if trusted else ''))
            # in place, tests/run.sh has just built everything: only what these tests need is
            # rebuilt (files restored after another build's mutants); a scratch build is new
            if not b.build(every if in_place else None) or not (trusted or b.test(every)):
                raise SystemExit('[mutants] ERROR: %s: the unmodified sources fail the tests (see %s)'
                                 % (bname, b.log))
            for m, tests in plan:
                path = os.path.join(scratch, m.file)
                original = open(path, encoding='utf-8').read()
                t0 = time.monotonic()
                try:
                    if in_place:
                        os.makedirs(os.path.dirname(journal), exist_ok=True)
                        with open(journal, 'w', encoding='utf-8') as f:
                            f.write(m.file + '\n')
                    with open(path, 'w', encoding='utf-8') as f:
                        f.write(mutate(original, m))
                    if not b.build(tests):
                        verdict, detail = 'ERROR', 'the mutant does not build (see %s)' % b.log
                    elif b.test(tests):
                        verdict, detail = 'SURVIVED', 'passed: ' + ' '.join(tests)
                    else:
                        verdict, detail = 'killed', 'by ' + ' '.join(tests)
                finally:
                    with open(path, 'w', encoding='utf-8') as f:
                        f.write(original)
                    if in_place:
                        os.remove(journal)
                if verdict == 'ERROR':
                    errors += 1
                results.setdefault(m.id, []).append((bname, verdict, detail))
                log('%-8s %-12s %-44s %4.0fs  %s' % (verdict, bname, m.id, time.monotonic() - t0, detail))
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)

    rows = {}
    for ident, rs in results.items():
        for bname, verdict, detail in rs:
            row = rows.setdefault(bname, [0, []])
            if verdict == 'killed':
                row[0] += 1
            else:
                row[1].append('%s %s: %s' % (verdict, ident, detail))
    write_rows(opt.results, [('x86_64' if b == 'asan' else b, k, f) for b, (k, f) in rows.items()])
    survived = sorted(i for i, rs in results.items() if any(v == 'SURVIVED' for _, v, _ in rs))
    killed = sorted(i for i, rs in results.items() if all(v == 'killed' for _, v, _ in rs))
    for i in survived:
        log('SURVIVED: %s (%s)' % (i, next(m.why for m in sel if m.id == i)))
    log('%.0f s' % (time.monotonic() - start))
    print('MUTANTS total=%d killed=%d survived=%d errors=%d'
          % (len(results), len(killed), len(survived), errors))
    return 1 if survived or errors else 0


if __name__ == '__main__':
    sys.exit(main())
