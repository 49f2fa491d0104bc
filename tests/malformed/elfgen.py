# SPDX-License-Identifier: MIT OR Apache-2.0
"""
elfgen.py - what the two generators of malformed inputs share: gen.py (shared objects, for
test_malformed.c) and gen_obj.py (relocatable objects and archives, for
test_malformed_objects.c).  Each keeps its own parsing of what it mutates and its own cases;
this module has

  - ElfFile: the bytes of an ELF64 little endian file, with typed reads and masked writes, and
    the gABI layouts of its program headers, section headers, symbols and RELA records;
  - Cases: the table of cases in the order they are written, and UNCHANGED / seq for writing
    mutations;
  - the run of one case (apply), which fails the build when a mutation cannot find what it
    patches or changes nothing, so that a case never silently turns into a control;
  - Fixtures (the base files, read once), read_header (ELFLD_E* codes and ELFLD_* flags from
    include/elfld.h, so there is no second copy to drift), regressions (the fuzzers' findings,
    every file listed) and args (the command line both take);
  - CasesFile: the output, read by tests/malformed/cases.c:
        MAGIC (8 bytes), u32 version = 1, u32 ncases
        per case: u32 name_len, name, i32 expected code, u32 load flags, then the
                  generator's own fields
    with every integer little endian.

ELF64 little endian only (the x86_64 build).
"""
import os
import re
import struct
import sys

U64 = (1 << 64) - 1


class MutationError(Exception):
    """A mutation did not find in a fixture what it patches."""


# What a mutation raises when the fixture is not what it expects.
MUTATION_ERRORS = (MutationError, struct.error, IndexError, KeyError, ValueError)

_MASK = {'B': 0xFF, 'H': 0xFFFF, 'I': 0xFFFFFFFF, 'Q': U64}


class Layout:
    """A little endian record: field name -> (offset, struct format)."""

    def __init__(self, **fields):
        self.fields = fields

    def read(self, b, at):
        return {k: struct.unpack_from('<' + fmt, b, at + off)[0]
                for k, (off, fmt) in self.fields.items()}

    def write(self, b, at, field, v):
        """Set one field; an unsigned field takes v modulo its width."""
        off, fmt = self.fields[field]
        struct.pack_into('<' + fmt, b, at + off, v & _MASK[fmt] if fmt in _MASK else v)


PHDR = Layout(type=(0, 'I'), flags=(4, 'I'), offset=(8, 'Q'), vaddr=(16, 'Q'), paddr=(24, 'Q'),
              filesz=(32, 'Q'), memsz=(40, 'Q'), align=(48, 'Q'))
SHDR = Layout(name_off=(0, 'I'), type=(4, 'I'), flags=(8, 'Q'), addr=(16, 'Q'), offset=(24, 'Q'),
              size=(32, 'Q'), link=(40, 'I'), info=(44, 'I'), addralign=(48, 'Q'),
              entsize=(56, 'Q'))
SYM = Layout(name_off=(0, 'I'), info=(4, 'B'), other=(5, 'B'), shndx=(6, 'H'), value=(8, 'Q'),
             size=(16, 'Q'))
PHDR_SIZE, SHDR_SIZE, SYM_SIZE, RELA_SIZE = 56, 64, 24, 24


class ElfFile:
    """The mutable bytes `b` of an ELF file."""

    def __init__(self, data):
        self.b = bytearray(data)

    def is_elf64le(self):
        return self.b[:4] == b'\x7fELF' and self.b[4] == 2 and self.b[5] == 1

    # --- raw access
    def h(self, o): return struct.unpack_from('<H', self.b, o)[0]
    def w(self, o): return struct.unpack_from('<I', self.b, o)[0]
    def q(self, o): return struct.unpack_from('<Q', self.b, o)[0]
    def set_h(self, o, v): struct.pack_into('<H', self.b, o, v & 0xFFFF)
    def set_w(self, o, v): struct.pack_into('<I', self.b, o, v & 0xFFFFFFFF)
    def set_q(self, o, v): struct.pack_into('<Q', self.b, o, v & U64)
    def set_b(self, o, v): self.b[o] = v & 0xFF

    # --- RELA records
    def rela_at(self, at):
        """The record at file offset `at`: dict(at, offset, type, sym, addend)."""
        off, info, add = struct.unpack_from('<QQq', self.b, at)
        return dict(at=at, offset=off, type=info & 0xFFFFFFFF, sym=info >> 32, addend=add)

    def rela_set(self, r, offset=None, rtype=None, sym=None, addend=None):
        """Rewrite record r (from rela_at), keeping the fields not given."""
        off = r['offset'] if offset is None else offset
        t = r['type'] if rtype is None else rtype
        s = r['sym'] if sym is None else sym
        a = r['addend'] if addend is None else addend
        struct.pack_into('<QQq', self.b, r['at'], off & U64,
                         ((s & 0xFFFFFFFF) << 32) | (t & 0xFFFFFFFF), a)


# ------------------------------------------------------------------------------ the cases
class Cases(list):
    """The cases of a generator, in the order they are written.  Each has a name, the input(s)
    it starts from (`base`), a mutation and the name of the expected ELFLD_E* code ('OK' for
    the controls); the generator's own fields are keywords with the defaults given here."""

    def __init__(self, **defaults):
        super().__init__()
        self.defaults = defaults

    def add(self, name, base, mutate, expect, **fields):
        unknown = set(fields) - set(self.defaults)
        if unknown:
            raise TypeError('case %s: unknown field(s) %s' % (name, ', '.join(sorted(unknown))))
        c = dict(self.defaults, **fields)
        c.update(name=name, base=base, mutate=mutate, expect=expect)
        self.append(c)


def UNCHANGED(_):
    """The fixture as built (controls, and fixtures that are refused as they are)."""


def seq(*mutations):
    """The mutations one after the other."""
    def m(target):
        for f in mutations:
            f(target)
    return m


def apply(prog, c, where, build, snapshot):
    """Build case c's target, apply its mutation and return (target, snapshot(target) after).
    A mutation that fails, or that changes nothing (unless it is UNCHANGED), ends the build
    with a message naming the case and `where` (the fixture or toolchain)."""
    try:
        target = build()
        before = snapshot(target)
        c['mutate'](target)
        after = snapshot(target)
    except MUTATION_ERRORS as err:
        sys.exit('%s: case %s (%s): %s: %s' % (prog, c['name'], where, type(err).__name__, err))
    if c['mutate'] is not UNCHANGED and before == after:
        sys.exit('%s: case %s changed nothing' % (prog, c['name']))
    return target, after


# ------------------------------------------------------------------------------ inputs
def args(prog, dir_name):
    """OUT ELFLD_H DIR TOOLCHAIN REGRESS_DIR"""
    if len(sys.argv) != 6:
        sys.exit('usage: %s OUT ELFLD_H %s TOOLCHAIN REGRESS_DIR' % (prog, dir_name))
    return sys.argv[1:]


def read_header(path):
    """({'EFOO': code, 'OK': 0, ...}, {'NOW': flag value, ...}) from include/elfld.h."""
    with open(path) as f:
        text = f.read()
    codes = {m.group(1): int(m.group(2))
             for m in re.finditer(r'\bELFLD_(E[A-Z]+|OK)\s*=\s*(-?\d+)', text)}
    flags = {m.group(1): int(m.group(2), 16)
             for m in re.finditer(r'#define\s+ELFLD_([A-Z_]+)\s+0x([0-9a-fA-F]+)u', text)}
    return codes, flags


class Fixtures:
    """The files `<dir>/<name>-<toolchain>.<ext>`, each read once."""

    def __init__(self, directory, toolchain):
        self.dir = directory
        self.tc = toolchain
        self.data = {}

    def read(self, name, ext):
        key = (name, ext)
        if key not in self.data:
            with open(os.path.join(self.dir, '%s-%s.%s' % (name, self.tc, ext)), 'rb') as f:
                self.data[key] = f.read()
        return self.data[key]


def regressions(prog, regress_dir, table):
    """(file, table[file], contents) for each file of `table` in name order; every file of
    regress_dir but README.md must be in the table."""
    present = sorted(f for f in os.listdir(regress_dir) if not f.startswith('.')
                     and f != 'README.md') if os.path.isdir(regress_dir) else []
    for f in present:
        if f not in table:
            sys.exit('%s: %s/%s is not listed in REGRESS' % (prog, regress_dir, f))
    for f, entry in sorted(table.items()):
        with open(os.path.join(regress_dir, f), 'rb') as fh:
            yield f, entry, fh.read()


# ------------------------------------------------------------------------------ output
def lstr(s):
    """u32 length and the bytes of s (str or bytes)."""
    b = s.encode() if isinstance(s, str) else bytes(s)
    return struct.pack('<I', len(b)) + b


class CasesFile:
    def __init__(self, prog, magic, codes):
        self.prog = prog
        self.magic = magic
        self.codes = codes
        self.names = set()
        self.records = []

    def add(self, name, expect, flags, rest):
        """One case: its name, the name of its expected code, its load flags and the bytes of
        the generator's own fields."""
        if name in self.names:
            sys.exit('%s: duplicate case name %s' % (self.prog, name))
        self.names.add(name)
        if expect not in self.codes:
            sys.exit('%s: case %s: unknown code %s' % (self.prog, name, expect))
        self.records.append(lstr(name) + struct.pack('<iI', self.codes[expect], flags) + rest)

    def write(self, path):
        with open(path, 'wb') as f:
            f.write(self.magic + struct.pack('<II', 1, len(self.records)))
            for r in self.records:
                f.write(r)
