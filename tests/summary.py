#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Test-result counting for tests/run.sh.

  summary.py collect --arch A --builddir build/A --rc N   >> RESULTS
      Reads build/A/meson-logs/testlog.json (and meson-info/intro-tests.json for suite names)
      and prints result rows (tab-separated: arch suite passed failed skipped detail).
  summary.py row A STAGE                                   >> RESULTS
      One failure row for a stage that broke before tests could run (setup, build, ...).
  summary.py report RESULTS
      Prints the failures, one 'SUMMARY <arch> <suite> passed=N failed=N skipped=N' line per
      (arch, suite), and the final line 'N passed, N failed, N skipped'. Exit status 1 if
      anything failed or was skipped: the README claims every feature on every arch it
      lists, so a test that did not run is a claim not proven.

Counting: a meson test whose output holds cmocka summary lines ('[  PASSED  ] N test(s).',
'[  FAILED  ] N test(s), listed below:', '[  SKIPPED ] N test(s), listed below:', ' N FAILED
TEST(S)') counts as its cmocka test cases (summed over all groups it ran); a TAP stream (a
'1..N' plan plus 'ok' / 'not ok' lines) counts as its TAP cases; any other test counts as one
case. An arch where meson test ran no test at all counts one failure (pseudo suite
'no-tests'). A meson test that FAILed, timed out or ERRORed (or passed unexpectedly) counts at least
one failure whatever its output claims; an EXPECTEDFAIL counts as one pass; a SKIP with no case
counts as one skip.
"""
import json
import os
import re
import sys

RE_PASSED = re.compile(r'^\[\s*PASSED\s*\]\s+(\d+)\s+test\(s\)', re.M)
RE_FAILED = re.compile(r'^\[\s*FAILED\s*\]\s+(\d+)\s+test\(s\)', re.M)
RE_FAILED_TOTAL = re.compile(r'^\s*(\d+)\s+FAILED TEST\(S\)', re.M)
RE_SKIPPED = re.compile(r'^\[\s*SKIPPED\s*\]\s+(\d+)\s+test\(s\)', re.M)
RE_FAILED_CASE = re.compile(r'^\[\s*FAILED\s*\]\s+(?!\d+\s+test\(s\))(.+?)\s*$', re.M)
RE_ERROR_CASE = re.compile(r'^\[\s*ERROR\s*\]\s+(?!---)(.+?)\s*$', re.M)  # setup/teardown errors
SEP = '\x1e'  # between failure descriptions inside one result row
RE_TAP_PLAN = re.compile(r'^1\.\.(\d+)', re.M)
RE_TAP_LINE = re.compile(r'^(not ok|ok)\b(.*)$', re.M)

BAD = ('FAIL', 'TIMEOUT', 'ERROR', 'UNEXPECTEDPASS')


def count_cases(text):
    """(passed, failed, skipped, failed_case_names) from cmocka or TAP output, or None."""
    passed = [int(m) for m in RE_PASSED.findall(text)]
    failed = [int(m) for m in RE_FAILED.findall(text)]
    failed_total = [int(m) for m in RE_FAILED_TOTAL.findall(text)]
    skipped = [int(m) for m in RE_SKIPPED.findall(text)]
    if passed or failed or failed_total:
        names = sorted(set(RE_FAILED_CASE.findall(text)) | set(RE_ERROR_CASE.findall(text)))
        return (sum(passed), max(sum(failed), sum(failed_total), len(names)), sum(skipped), names)
    if RE_TAP_PLAN.search(text):
        p = f = s = 0
        names = []
        for kind, rest in RE_TAP_LINE.findall(text):
            directive = rest.split('#', 1)[1].strip().upper() if '#' in rest else ''
            if directive.startswith('SKIP'):
                s += 1
            elif kind == 'ok' or directive.startswith('TODO'):
                p += 1
            else:
                f += 1
                names.append(rest.strip(' -'))
        return (p, f, s, names)
    return None


def load_intro(builddir):
    """{test name: [suites]} from Meson's introspection, and the set of all suites."""
    path = os.path.join(builddir, 'meson-info', 'intro-tests.json')
    by_name = {}
    try:
        with open(path, encoding='utf-8') as f:
            for t in json.load(f):
                by_name.setdefault(t.get('name', ''), t.get('suite') or [])
    except (OSError, ValueError):
        pass
    return by_name


def strip_project(s):
    """'libelfld:unit' -> 'unit'; 'libelfld' (no suite) -> 'default'."""
    return s.split(':', 1)[1] if ':' in s else 'default'


def suite_of(entry, intro):
    suites = entry.get('suite')          # newer Meson writes it
    if isinstance(suites, list) and suites:
        return '+'.join(strip_project(s) for s in suites)
    if isinstance(suites, str) and suites:
        return strip_project(suites)
    name = entry.get('name', '')
    if ' / ' in name:                    # Meson 1.0: 'project:suite1+suite2 / test'
        return strip_project(name.split(' / ', 1)[0])
    suites = intro.get(name)             # one suite in the whole run: the name is bare
    if suites:
        return '+'.join(strip_project(s) for s in suites)
    return 'default'


def collect(arch, builddir, rc, as_suite=None):
    log = os.path.join(builddir, 'meson-logs', 'testlog.json')
    intro = load_intro(builddir)
    rows = {}
    order = []
    details = []
    ntests = 0
    if os.path.exists(log):
        with open(log, encoding='utf-8', errors='replace') as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(e, dict) or 'result' not in e:
                    continue
                ntests += 1
                res = str(e.get('result', '')).upper()
                text = (e.get('stdout') or '') + '\n' + (e.get('stderr') or '')
                c = count_cases(text)
                p, fl, s, names = c if c else (0, 0, 0, [])
                if res == 'EXPECTEDFAIL':
                    p, fl, s, names = 1, 0, 0, []
                elif res in BAD:
                    fl = max(fl, 1)
                elif res == 'SKIP':
                    if p + fl + s == 0:
                        s = 1
                elif res == 'OK':
                    if c is None:
                        p = 1
                else:                    # unknown result: never let it pass silently
                    fl = max(fl, 1)
                suite = as_suite or suite_of(e, intro)
                if suite not in rows:
                    rows[suite] = [0, 0, 0]
                    order.append(suite)
                r = rows[suite]
                r[0] += p
                r[1] += fl
                r[2] += s
                if fl:
                    what = e.get('name', '?') + ' (' + res + ')'
                    if names:
                        what += ': ' + ', '.join(names)
                    details.append((suite, what))
    out = []
    for suite in order:
        p, fl, s = rows[suite]
        detail = SEP.join(what for su, what in details if su == suite)
        out.append((arch, suite, p, fl, s, detail))
    failed = sum(r[1] for r in rows.values())
    if rc != 0 and failed == 0:
        # meson test failed but no test did: count the run itself as a failure
        why = 'meson test exited %d' % rc + ('' if ntests else ' and wrote no test results')
        out.append((arch, 'meson-test', 0, 1, 0, why))
    if rc == 0 and ntests == 0:
        # a build that defines no test is a broken test setup, not a pass
        out.append((arch, 'no-tests', 0, 1, 0, 'meson test ran no test'))
    for row in out:
        print('\t'.join(str(x).replace('\t', ' ').replace('\n', ' ') for x in row))


def report(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) < 5:
                continue
            arch, suite, p, fl, s = parts[:5]
            detail = parts[5] if len(parts) > 5 else ''
            rows.append((arch, suite, int(p), int(fl), int(s), detail))
    # merge rows of the same (arch, suite), keep first-seen order
    merged = {}
    order = []
    for arch, suite, p, fl, s, detail in rows:
        k = (arch, suite)
        if k not in merged:
            merged[k] = [0, 0, 0, []]
            order.append(k)
        m = merged[k]
        m[0] += p
        m[1] += fl
        m[2] += s
        if detail and fl:
            m[3].extend(detail.split(SEP))
    # stable output: arches in the order they ran, suites sorted by name within an arch
    arch_rank = {}
    for arch, _ in order:
        arch_rank.setdefault(arch, len(arch_rank))
    order.sort(key=lambda k: (arch_rank[k[0]], k[1]))
    tp = tf = ts = 0
    fails = [(k, d) for k in order for d in merged[k][3]]
    if fails:
        print('Failures:')
        for (arch, suite), d in fails:
            print('  FAILED %s %s: %s' % (arch, suite, d))
    for k in order:
        p, fl, s, _ = merged[k]
        print('SUMMARY %s %s passed=%d failed=%d skipped=%d' % (k[0], k[1], p, fl, s))
        tp += p
        tf += fl
        ts += s
    print('%d passed, %d failed, %d skipped' % (tp, tf, ts))
    if ts:
        print('%d skipped: a skipped test fails the run (the README claims every feature on '
              'every arch; the skip says which one was not proven)' % ts)
    return 1 if tf or ts else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == 'collect':
        args = dict(zip(argv[2::2], argv[3::2]))
        collect(args['--arch'], args['--builddir'], int(args.get('--rc', '0')),
                args.get('--suite'))
        return 0
    if len(argv) >= 3 and argv[1] == 'fuzz':
        # 'FUZZ <harness> execs=N cov=N ft=N corpus=N time=Ns result=ok|FAIL' lines on stdin
        arch = argv[2]
        p = f = 0
        bad = []
        for line in sys.stdin:
            parts = line.split()
            if len(parts) >= 2 and parts[0] == 'FUZZ':
                if 'result=ok' in parts:
                    p += 1
                else:
                    f += 1
                    bad.append(parts[1])
        if p + f == 0:
            f, bad = 1, ['no harness ran']
        print('\t'.join([arch, 'fuzz', str(p), str(f), '0', SEP.join(bad)]))
        return 0
    if len(argv) >= 4 and argv[1] == 'row':
        detail = ' '.join(argv[4:]) if len(argv) > 4 else argv[3] + ' failed'
        print('\t'.join([argv[2], argv[3], '0', '1', '0', detail]))
        return 0
    if len(argv) == 3 and argv[1] == 'report':
        return report(argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
