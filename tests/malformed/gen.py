#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""
gen.py - generate the malformed-input corpus from fixtures built by the test suite.

    gen.py OUT ELFLD_H FIXTURE_DIR TOOLCHAIN REGRESS_DIR

Each case of the table below is {name, base fixture, mutation, expected ELFLD_E* code,
load flags, checks}.  The mutation is applied to a copy of `<base>-<TOOLCHAIN>.so` (a program
case: of the dynamic PIE `<base>-<TOOLCHAIN>.pie`, prepared with elfld_exec_prepare) (found
semantically: headers, dynamic tags, tables and relocation records are located by parsing the
file, so the same table works for every toolchain's fixtures).  A mutation that cannot find
what it needs in a fixture raises, failing the build: a case never silently turns into a
no-op.  The fuzzer's findings live in REGRESS_DIR as raw files and are listed in REGRESS with
their expected code; every file there must be listed.

The output is read by test_malformed.c (through the driver in cases.c):
    "ELFLDMAL" u32 version=1 u32 ncases
    per case: u32 name_len, name, i32 expected code, u32 load flags, u32 checks, u64 size, bytes,
              u32 nverify, per verify: u32 kind, u32 len + name, u32 len + name2, u64 a, u64 b,
              i64 want (what a case that loads must show: test_malformed.c run_verify)
Error codes and flag values are read from include/elfld.h (no second copy to drift).  What
gen_obj.py does the same way (ELF access, the case table, the run of a case, the regression
inputs, the cases file) is in elfgen.py.

ELF64 little endian only (the x86_64 build); ELF32 support comes with i386.
"""
import struct
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree for elfgen
import elfgen                      # noqa: E402
from elfgen import PHDR, U64, MutationError, UNCHANGED, seq   # noqa: E402

CHECK_NO_RESERVE = 1
CHECK_SUPPLY_ALL = 2
CHECK_PROGRAM = 4      # a program: elfld_exec_prepare(_mem), not elfld_load(_mem)

# ELF constants (gABI).
PT_NULL, PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_PHDR, PT_TLS = 0, 1, 2, 3, 4, 6, 7
PT_GNU_STACK, PT_GNU_RELRO = 0x6474E551, 0x6474E552
PF_X, PF_W, PF_R = 1, 2, 4
DT = dict(NULL=0, NEEDED=1, PLTRELSZ=2, PLTGOT=3, HASH=4, STRTAB=5, SYMTAB=6, RELA=7, RELASZ=8,
          RELAENT=9, STRSZ=10, SYMENT=11, INIT=12, FINI=13, SONAME=14, SYMBOLIC=16, REL=17,
          RELSZ=18, RELENT=19, PLTREL=20, DEBUG=21, TEXTREL=22, JMPREL=23, BIND_NOW=24,
          INIT_ARRAY=25, FINI_ARRAY=26, INIT_ARRAYSZ=27, FINI_ARRAYSZ=28, FLAGS=30, RELRSZ=35,
          RELR=36, RELRENT=37, GNU_HASH=0x6FFFFEF5, VERSYM=0x6FFFFFF0, RELACOUNT=0x6FFFFFF9,
          FLAGS_1=0x6FFFFFFB, VERDEF=0x6FFFFFFC, VERDEFNUM=0x6FFFFFFD, VERNEED=0x6FFFFFFE,
          VERNEEDNUM=0x6FFFFFFF)
DF_TEXTREL = 4
R_X86_64 = dict(NONE=0, R64=1, PC32=2, GOT32=3, PLT32=4, COPY=5, GLOB_DAT=6, JUMP_SLOT=7,
                RELATIVE=8, R32=10, R16=12, DTPMOD64=16, TPOFF64=18, TLSGD=19, GOTTPOFF=22,
                IRELATIVE=37)
EHDR = 64
PHDR_SIZE = elfgen.PHDR_SIZE


class Elf(elfgen.ElfFile):
    """A mutable ELF64 image with just enough parsing to find what the cases patch."""

    def __init__(self, data):
        super().__init__(data)
        if not self.is_elf64le():
            raise MutationError('base fixture is not ELF64 little endian')
        self.phoff = self.q(32)
        self.phnum = self.h(56)
        # Snapshot the layout now: mutations change the bytes, not where things are.
        self.ph = [self.phdr(i) for i in range(self.phnum)]
        self.loads = [p for p in self.ph if p['type'] == PT_LOAD and p['memsz']]
        dyn = [p for p in self.ph if p['type'] == PT_DYNAMIC]
        if len(dyn) != 1:
            raise MutationError('base fixture has no single PT_DYNAMIC')
        self.dynph = dyn[0]
        self.dyn_off = self.off(self.dynph['vaddr'])
        self.dyn_n = self.dynph['memsz'] // 16

    # --- program headers
    def phdr(self, i):
        o = self.phoff + i * PHDR_SIZE
        return dict(PHDR.read(self.b, o), index=i, at=o)

    def ph_of(self, ptype):
        for p in self.ph:
            if p['type'] == ptype:
                return p
        raise MutationError('no program header of type %#x' % ptype)

    def ph_set(self, p, field, v):
        PHDR.write(self.b, p['at'], field, v)

    def load_with(self, want, without=0):
        for p in self.loads:
            if (p['flags'] & want) == want and not (p['flags'] & without):
                return p
        raise MutationError('no PT_LOAD with flags %#x without %#x' % (want, without))

    def off(self, vaddr, size=1):
        """File offset of vaddr (inside some PT_LOAD's file bytes)."""
        for p in self.loads:
            if p['vaddr'] <= vaddr and vaddr + size <= p['vaddr'] + p['filesz']:
                return p['offset'] + vaddr - p['vaddr']
        raise MutationError('vaddr %#x not in the file' % vaddr)

    def image_end(self):
        last = self.loads[-1]
        return last['vaddr'] + last['memsz']

    # --- dynamic section
    def dyn(self):
        out = []
        for i in range(self.dyn_n):
            tag, val = struct.unpack_from('<qQ', self.b, self.dyn_off + 16 * i)
            out.append((i, tag, val))
            if tag == 0:
                break
        return out

    def dyn_index(self, tag):
        for i, t, _ in self.dyn():
            if t == tag:
                return i
        return None

    def has(self, name):
        return self.dyn_index(DT[name]) is not None

    def get(self, name):
        i = self.dyn_index(DT[name])
        if i is None:
            raise MutationError('no DT_%s' % name)
        return self.q(self.dyn_off + 16 * i + 8)

    def set(self, name, val):
        """Change DT_<name>, adding it when absent."""
        i = self.dyn_index(DT[name])
        if i is None:
            return self.add(name, val)
        self.set_q(self.dyn_off + 16 * i + 8, val)

    def add(self, name, val):
        """Add an entry: in a spare DT_NULL slot when the section has one, else in place of
        an entry loading does not need (DT_SONAME, DT_DEBUG, DT_RELACOUNT, the optional entry
        sizes, ...)."""
        entries = self.dyn()
        null = entries[-1][0]
        if entries[-1][1] == 0 and null + 1 < self.dyn_n:
            slot = null          # the terminator moves one slot down
            self.set_q(self.dyn_off + 16 * (null + 1), 0)
            self.set_q(self.dyn_off + 16 * (null + 1) + 8, 0)
        else:
            for victim in ('DEBUG', 'RELACOUNT', 'SONAME', 'FLAGS_1', 'NEEDED', 'SYMENT',
                           'RELRENT', 'RELAENT'):
                slot = self.dyn_index(DT[victim])
                if slot is not None:
                    break
            else:
                raise MutationError('no room to add DT_%s' % name)
        struct.pack_into('<qQ', self.b, self.dyn_off + 16 * slot, DT[name], val & U64)

    def remove(self, name):
        """Turn DT_<name> into DT_DEBUG (which loading ignores)."""
        i = self.dyn_index(DT[name])
        if i is None:
            raise MutationError('no DT_%s to remove' % name)
        struct.pack_into('<q', self.b, self.dyn_off + 16 * i, DT['DEBUG'])

    # --- tables
    def strtab(self):
        return self.off(self.get('STRTAB')), self.get('STRSZ')

    def symtab_off(self):
        return self.off(self.get('SYMTAB'))

    def nsyms(self):
        """Dynamic symbol count, from the GNU hash chains or the SysV nchain."""
        if self.has('GNU_HASH'):
            h = self.off(self.get('GNU_HASH'))
            nb, symoff, bloom = self.w(h), self.w(h + 4), self.w(h + 8)
            buckets = h + 16 + 8 * bloom
            mx = max(self.w(buckets + 4 * i) for i in range(nb))
            if mx == 0:
                return symoff
            chain = buckets + 4 * nb
            i = mx
            while not self.w(chain + 4 * (i - symoff)) & 1:
                i += 1
            return i + 1
        return self.w(self.off(self.get('HASH')) + 4)

    def sym_at(self, i):
        return self.symtab_off() + 24 * i

    def relocs(self, table='RELA'):
        """The records (elfgen.ElfFile.rela_at) of DT_RELA or DT_JMPREL."""
        if table == 'JMPREL':
            base, size = self.get('JMPREL'), self.get('PLTRELSZ')
        else:
            base, size = self.get('RELA'), self.get('RELASZ')
        o = self.off(base, size)
        return [self.rela_at(o + elfgen.RELA_SIZE * k) for k in range(size // elfgen.RELA_SIZE)]

    def reloc_of(self, rtype, table='RELA'):
        for r in self.relocs(table):
            if r['type'] == R_X86_64[rtype]:
                return r
        raise MutationError('no %s record of type %s' % (table, rtype))

    def gnu_hash(self):
        h = self.off(self.get('GNU_HASH'))
        return h, self.w(h), self.w(h + 4), self.w(h + 8)


# ------------------------------------------------------------------------------ the cases
# Each case: name, base fixture, mutation, expected code; flags (names of ELFLD_* load flags)
# and checks (CHECK_*) are optional.  A case that must load ('OK') also says what proves it
# works (verify, below): a list of checks, or a function of the unmutated fixture returning
# one; the expected values come from the fixture's source (tests/shared_object/fixtures/) or
# from the file itself, never from the loader.
# --- what a case that loads must show (test_malformed.c run_verify) -------------------------
# (kind, name, name2, a, b, want): name2 is a version for CALL*/READ (the default when empty),
# the target symbol for PTR_TO and the version asked for by ASKED.
V_CALL0, V_CALL1, V_CALL2, V_READ, V_PTR_TO, V_RELOC, V_NOTFOUND, V_ASKED, V_PTR_DUMMY = range(1, 10)


def call0(name, want, version=''):
    """int name(void) returns want."""
    return (V_CALL0, name, version, 0, 0, want)


def call1(name, a, want):
    return (V_CALL1, name, '', a, 0, want)


def call2(name, a, b, want):
    return (V_CALL2, name, '', a, b, want)


def read_int(name, want, version=''):
    """The int at symbol name is want."""
    return (V_READ, name, version, 0, 0, want)


def ptr_to(name, target):
    """The pointer at symbol name holds the address of symbol target."""
    return (V_PTR_TO, name, target, 0, 0, 0)


def reloc_at(vaddr, addend):
    """The word at vaddr holds the load bias plus addend (a RELATIVE relocation applied)."""
    return (V_RELOC, '', '', vaddr, addend, 0)


def not_found(name):
    return (V_NOTFOUND, name, '', 0, 0, 0)


def asked(name, version):
    """The pre_find callback (CHECK_SUPPLY_ALL) was asked for name with version."""
    return (V_ASKED, name, version, 0, 0, 0)


def ptr_dummy(name):
    """The pointer at symbol name holds what CHECK_SUPPLY_ALL supplies for every name."""
    return (V_PTR_DUMMY, name, '', 0, 0, 0)


# basic.c: (2 + 3) * 3 through two PLT calls; 1 + 2 + 4 + 3 * 100 through a RELATIVE pointer;
# an R_X86_64_64 against an exported variable; its initial value.
VERIFY_BASIC = [call2('basic_call_plt', 2, 3, 15), call0('basic_static_sum', 307),
                ptr_to('basic_dataptr', 'basic_counter'), read_int('basic_counter', 42)]
# hash.c: hash_fn_N returns N, hash_data_N is N * 1000; hidden symbols are not exported.
VERIFY_HASH = [call0('hash_fn_0', 0), call0('hash_fn_55', 55), call0('hash_ab', 0xab),
               call0('hash_' + 'a' * 82, 0xaa), read_int('hash_data_42', 42000),
               not_found('hash_hidden')]
# ver.c / ver.map: foo@VER_1 returns 1, foo@@VER_2 2, bar@@VER_1 3, ver_data@@VER_2 is 4.
VERIFY_VER = [call0('foo', 1, 'VER_1'), call0('foo', 2, 'VER_2'), call0('foo', 2),
              call0('bar', 3, 'VER_1'), read_int('ver_data', 4, 'VER_2')]
# vuser.c, linked against ver: foo (default VER_2) asked with its version at load (bar is called
# through a lazily bound PLT slot, not asked at load).
VERIFY_VUSER = [asked('foo', 'VER_2'), ptr_dummy('vuser_foo_ptr')]
# relr.c: relr_check() returns 0 when every relocated pointer holds what it should.
VERIFY_RELR = [call0('relr_check', 0)]
# libc_user.c: sorts n numbers through libc and returns n; nothing defines libc_host_only.
VERIFY_LIBC = [call1('libc_sort_sum', 100, 100), call1('libc_call_host_only', 5, -1)]


CASES = elfgen.Cases(flags=(), checks=0, verify=None, program=False)
case = CASES.add


def trunc(n):
    def m(e):
        del e.b[n:]
    return m


def patch(fn):
    return fn


def ph_field(sel, field, value):
    """Set `field` of the program header chosen by sel(e) to value (or value(e, p))."""
    def m(e):
        p = sel(e)
        e.ph_set(p, field, value(e, p) if callable(value) else value)
    return m


def load(i):
    return lambda e: e.loads[i]


def last_load(e):
    return e.loads[-1]


def ehdr(off, fmt, value):
    def m(e):
        struct.pack_into('<' + fmt, e.b, off, value)
    return m


def dyn_set(name, value):
    return lambda e: e.set(name, value(e) if callable(value) else value)


def dyn_remove(name):
    return lambda e: e.remove(name)


# --- truncated at every header boundary ---------------------------------------------------
for n in (0, 1, 3):
    case('trunc-%d-bytes' % n, 'basic', trunc(n), 'ETRUNC')
for n in (4, 15):
    case('trunc-ident-%d' % n, 'basic', trunc(n), 'ETRUNC')
for n in (16, 32, EHDR - 1):
    case('trunc-ehdr-%d' % n, 'basic', trunc(n), 'ETRUNC')
case('trunc-at-phoff', 'basic', lambda e: trunc(e.phoff)(e), 'ETRUNC')
for k in range(9):
    case('trunc-phdr%d-start' % k, 'basic', lambda e, k=k: trunc(e.phoff + PHDR_SIZE * k + 1)(e),
         'ETRUNC')
    case('trunc-phdr%d-end' % k, 'basic', lambda e, k=k: trunc(e.phoff + PHDR_SIZE * (k + 1) - 1)(e),
         'ETRUNC')
case('trunc-after-phdrs', 'basic', lambda e: trunc(e.phoff + PHDR_SIZE * e.phnum)(e), 'ETRUNC')
for i in range(4):
    case('trunc-load%d-last-byte' % i, 'basic',
         lambda e, i=i: trunc(e.loads[i]['offset'] + e.loads[i]['filesz'] - 1)(e), 'ETRUNC')
for i in range(1, 4):
    case('trunc-load%d-first-byte' % i, 'basic',
         lambda e, i=i: trunc(e.loads[i]['offset'] + 1)(e), 'ETRUNC')
case('trunc-inside-dynamic', 'basic', lambda e: trunc(e.dyn_off + 8)(e), 'ETRUNC')

# --- identification and header fields -------------------------------------------------------
for i, v in enumerate((b'\x7eELF', b'\x7fXLF', b'\x7fEXF', b'\x7fELX')):
    case('magic-byte%d' % i, 'basic', lambda e, v=v: e.b.__setitem__(slice(0, 4), v), 'EMAGIC')
case('not-elf-text', 'basic', lambda e: e.b.__setitem__(slice(0, None), b'#!/bin/sh\n' * 20),
     'EMAGIC')
for v in (0, 1, 3, 0xFF):
    case('class-%d' % v, 'basic', lambda e, v=v: e.set_b(4, v), 'ECLASS')
for v in (0, 2, 3):
    case('data-encoding-%d' % v, 'basic', lambda e, v=v: e.set_b(5, v), 'EENDIAN')
for v in (0, 2):
    case('ei-version-%d' % v, 'basic', lambda e, v=v: e.set_b(6, v), 'EVERSION')
for v in (0, 2, 0xFFFFFFFF):
    case('e-version-%#x' % v, 'basic', ehdr(20, 'I', v), 'EVERSION')
for name, v in (('none', 0), ('i386', 3), ('aarch64', 183), ('riscv', 243), ('x86-64-swapped', 0x3e00)):
    case('machine-%s' % name, 'basic', ehdr(18, 'H', v), 'EMACHINE')
for name, v in (('none', 0), ('rel', 1), ('exec', 2), ('core', 4), ('os', 0xFE00)):
    case('type-%s' % name, 'basic', ehdr(16, 'H', v), 'ETYPE')
for v in (0, EHDR - 1):
    case('ehsize-%d' % v, 'basic', ehdr(52, 'H', v), 'EHEADER')
for v in (0, 32, PHDR_SIZE - 1, PHDR_SIZE + 1, 0xFFFF):
    case('phentsize-%d' % v, 'basic', ehdr(54, 'H', v), 'EHEADER')
for v in (0, 40, 63, 65):
    case('shentsize-%d' % v, 'basic', ehdr(58, 'H', v), 'EHEADER')
case('shstrndx-out-of-range', 'basic', lambda e: e.set_h(62, e.h(60)), 'EHEADER')
case('shstrndx-huge', 'basic', ehdr(62, 'H', 0xFEFF), 'EHEADER')
case('phnum-0', 'basic', ehdr(56, 'H', 0), 'EHEADER')
case('phnum-pn-xnum', 'basic', ehdr(56, 'H', 0xFFFF), 'EHEADER')
case('phnum-past-end', 'basic', ehdr(56, 'H', 0xFFFE), 'ETRUNC')
case('phoff-at-end', 'basic', lambda e: e.set_q(32, len(e.b)), 'ETRUNC')
case('phoff-past-end', 'basic', lambda e: e.set_q(32, len(e.b) + 4096), 'ETRUNC')
case('phoff-plus-size-overflows', 'basic', ehdr(32, 'Q', U64 - 16), 'ETRUNC')
case('phoff-max', 'basic', ehdr(32, 'Q', U64), 'ETRUNC')

# --- program headers and segment layout -----------------------------------------------------
for i in range(4):
    case('load%d-filesz-gt-memsz' % i, 'basic',
         ph_field(load(i), 'filesz', lambda e, p: p['memsz'] + 1), 'ESEGMENT')
for v in (3, 0x1001, 0x3000, U64):
    case('align-%#x-not-pow2' % v, 'basic', ph_field(load(1), 'align', v), 'ESEGMENT')
case('align-2^40-too-large', 'basic', ph_field(load(0), 'align', 1 << 40), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('loads-overlap', 'basic',
     ph_field(load(2), 'vaddr', lambda e, p: e.loads[1]['vaddr'] + e.loads[1]['memsz'] - 1),
     'ESEGMENT')
case('loads-same-vaddr', 'basic', ph_field(load(3), 'vaddr', lambda e, p: e.loads[2]['vaddr']),
     'ESEGMENT')


def swap_loads(a, b):
    def m(e):
        pa, pb = e.loads[a], e.loads[b]
        ra = bytes(e.b[pa['at']:pa['at'] + PHDR_SIZE])
        e.b[pa['at']:pa['at'] + PHDR_SIZE] = e.b[pb['at']:pb['at'] + PHDR_SIZE]
        e.b[pb['at']:pb['at'] + PHDR_SIZE] = ra
    return m


case('loads-unordered-1-2', 'basic', swap_loads(1, 2), 'ESEGMENT')
case('loads-unordered-0-3', 'basic', swap_loads(0, 3), 'ESEGMENT')
case('huge-memsz-2^40', 'basic', ph_field(last_load, 'memsz', 1 << 40), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('huge-memsz-2^63', 'basic', ph_field(last_load, 'memsz', 1 << 63), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('memsz-wraps', 'basic', ph_field(last_load, 'memsz', U64), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('huge-vaddr-2^40', 'basic', ph_field(last_load, 'vaddr', 1 << 40), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('vaddr-wraps', 'basic', ph_field(last_load, 'vaddr', U64 - 0x100), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('huge-filesz-and-memsz', 'basic',
     seq(ph_field(last_load, 'filesz', 1 << 40), ph_field(last_load, 'memsz', 1 << 40)),
     'ETRUNC', checks=CHECK_NO_RESERVE)
case('load-offset-past-end', 'basic', ph_field(load(1), 'offset', lambda e, p: len(e.b)),
     'ETRUNC', checks=CHECK_NO_RESERVE)
case('load-offset-plus-filesz-overflows', 'basic', ph_field(load(1), 'offset', U64 - 8),
     'ETRUNC', checks=CHECK_NO_RESERVE)
case('load-filesz-past-end', 'basic',
     seq(ph_field(load(1), 'filesz', lambda e, p: len(e.b)),
         ph_field(load(1), 'memsz', lambda e, p: len(e.b))),
     'ETRUNC', checks=CHECK_NO_RESERVE)


def all_loads(field, value):
    def m(e):
        for p in e.loads:
            e.ph_set(p, field, value)
    return m


case('no-pt-load', 'basic', all_loads('type', PT_NULL), 'ESEGMENT', checks=CHECK_NO_RESERVE)
case('all-loads-empty', 'basic', all_loads('memsz', 0), 'ESEGMENT', checks=CHECK_NO_RESERVE)


def many_loads(n):
    """Program headers moved to the end of the file: n tiny PT_LOADs plus the PT_DYNAMIC."""
    def m(e):
        start = len(e.b)
        for k in range(n):
            e.b += struct.pack('<IIQQQQQQ', PT_LOAD, PF_R | PF_W, 0, 0x1000 * k, 0x1000 * k,
                               0, 8, 0x1000)
        d = e.dynph
        e.b += bytes(e.b[d['at']:d['at'] + PHDR_SIZE])
        e.set_q(32, start)
        e.set_h(56, n + 1)
    return m


case('seventeen-loads', 'basic', many_loads(17), 'ESEGMENT', checks=CHECK_NO_RESERVE)
case('two-pt-dynamic', 'basic', ph_field(lambda e: e.ph_of(PT_NOTE), 'type', PT_DYNAMIC),
     'ESEGMENT', checks=CHECK_NO_RESERVE)
case('no-pt-dynamic', 'basic', ph_field(lambda e: e.dynph, 'type', PT_NULL), 'EDYNAMIC',
     checks=CHECK_NO_RESERVE)
case('pt-dynamic-too-small', 'basic', ph_field(lambda e: e.dynph, 'memsz', 15), 'EDYNAMIC',
     checks=CHECK_NO_RESERVE)

relro = lambda e: e.ph_of(PT_GNU_RELRO)
rw_load_ph = lambda e: e.load_with(PF_W)
case('relro-outside-image', 'basic', ph_field(relro, 'vaddr', 1 << 32), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('relro-past-image-end', 'basic', ph_field(relro, 'memsz', 1 << 24), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)
case('relro-wraps', 'basic', ph_field(relro, 'memsz', U64 - 0x1000), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)

# --- policy: W^X, executable stack, text relocations ----------------------------------------
case('wx-text-writable', 'basic', ph_field(lambda e: e.load_with(PF_X), 'flags', PF_R | PF_W | PF_X),
     'ESEGMENT', checks=CHECK_NO_RESERVE)
case('wx-data-executable', 'basic',
     ph_field(lambda e: e.load_with(PF_W), 'flags', PF_R | PF_W | PF_X), 'ESEGMENT',
     checks=CHECK_NO_RESERVE)


def shared_page_wx(e):
    """The segment after the text starts in the text's last page and is made writable: that
    page would need W and X."""
    text = e.load_with(PF_X)
    nxt = e.loads[e.loads.index(text) + 1]
    e.ph_set(nxt, 'vaddr', text['vaddr'] + text['memsz'] + 0x10)
    e.ph_set(nxt, 'flags', PF_R | PF_W)


case('wx-shared-page', 'basic', shared_page_wx, 'ESEGMENT', checks=CHECK_NO_RESERVE)
case('execstack-refused', 'basic', ph_field(lambda e: e.ph_of(PT_GNU_STACK), 'flags',
                                            PF_R | PF_W | PF_X), 'EEXECSTACK',
     checks=CHECK_NO_RESERVE)
case('execstack-allowed', 'basic', ph_field(lambda e: e.ph_of(PT_GNU_STACK), 'flags',
                                            PF_R | PF_W | PF_X), 'OK',
     flags=('ALLOW_EXECSTACK',), verify=VERIFY_BASIC)
case('execstack-fixture-refused', 'execstack', UNCHANGED, 'EEXECSTACK',
     checks=CHECK_NO_RESERVE)
case('textrel-refused', 'basic', lambda e: e.add('TEXTREL', 0), 'ETEXTREL')
case('textrel-df-flag-refused', 'basic', dyn_set('FLAGS', DF_TEXTREL), 'ETEXTREL')
case('textrel-allowed', 'basic', lambda e: e.add('TEXTREL', 0), 'OK', flags=('ALLOW_TEXTREL',),
     verify=VERIFY_BASIC)


def reloc_into_text(e):
    text = e.load_with(PF_X)
    e.rela_set(e.reloc_of('RELATIVE'), offset=text['vaddr'] + 0x10)


case('reloc-into-text-refused', 'basic', reloc_into_text, 'ERELOC')
case('reloc-into-text-textrel-allowed', 'basic', seq(reloc_into_text, lambda e: e.add('TEXTREL', 0)),
     'OK', flags=('ALLOW_TEXTREL',),
     verify=lambda e: [reloc_at(e.load_with(PF_X)['vaddr'] + 0x10, e.reloc_of('RELATIVE')['addend'])])

case('tables-in-unreadable-segment', 'basic', ph_field(load(0), 'flags', 0), 'ESTRTAB')
case('tables-in-execute-only-segment', 'basic', ph_field(load(0), 'flags', PF_X), 'ESTRTAB')
case('dynamic-in-write-only-segment', 'basic', ph_field(rw_load_ph, 'flags', PF_W), 'EDYNAMIC')

# --- dynamic section ----------------------------------------------------------------------
case('dynamic-outside-image', 'basic', ph_field(lambda e: e.dynph, 'vaddr', 1 << 32), 'EDYNAMIC')
case('dynamic-in-gap', 'basic',
     ph_field(lambda e: e.dynph, 'vaddr', lambda e, p: (e.loads[2]['vaddr'] + e.loads[2]['memsz']
                                                       + 0x100) & ~7), 'EDYNAMIC')
case('dynamic-past-segment-end', 'basic', ph_field(lambda e: e.dynph, 'memsz', 1 << 24),
     'EDYNAMIC')
case('dynamic-misaligned', 'basic', ph_field(lambda e: e.dynph, 'vaddr', lambda e, p: p['vaddr'] + 4),
     'EDYNAMIC')
case('dynamic-no-dt-null', 'basic',
     ph_field(lambda e: e.dynph, 'memsz', lambda e, p: 16 * e.dyn()[-1][0]), 'EDYNAMIC')
case('strtab-missing', 'basic', dyn_remove('STRTAB'), 'ESTRTAB')
case('strsz-missing', 'basic', dyn_remove('STRSZ'), 'ESTRTAB')
case('strsz-zero', 'basic', dyn_set('STRSZ', 0), 'ESTRTAB')
case('strtab-outside-image', 'basic', dyn_set('STRTAB', 1 << 40), 'ESTRTAB')
case('strsz-huge', 'basic', dyn_set('STRSZ', U64), 'ESTRTAB')
case('strsz-past-segment', 'basic', dyn_set('STRSZ', lambda e: 0x100000), 'ESTRTAB')


def strtab_no_nul(e):
    o, sz = e.strtab()
    e.set_b(o + sz - 1, ord('x'))


case('strtab-no-terminating-nul', 'basic', strtab_no_nul, 'ESTRTAB')
case('strsz-cuts-last-string', 'basic', dyn_set('STRSZ', lambda e: e.get('STRSZ') - 1), 'ESTRTAB')
case('soname-out-of-range', 'basic', dyn_set('SONAME', lambda e: e.get('STRSZ')), 'ESTRTAB')
# Symbol names are checked where they are used, not for every symbol at load: an undefined
# symbol a relocation names fails the load, one nothing uses does not matter.  (A definition
# the library binds to itself is found through its hash chain, not its name.)
def symbol_name_out_of_range(used):
    def m(e):
        refs = {r['sym'] for t in ('RELA', 'JMPREL') for r in e.relocs(t)}
        if used:                   # made undefined: its name is what gets looked up
            idx = e.reloc_of('GLOB_DAT')['sym']
            e.set_h(e.sym_at(idx) + 6, 0)
        else:
            free = [i for i in range(1, e.nsyms()) if i not in refs]
            if not free:
                raise MutationError('every symbol is referenced')
            idx = free[-1]
        e.set_w(e.sym_at(idx), e.get('STRSZ') + 100)
    return m


case('symbol-name-out-of-range', 'basic', symbol_name_out_of_range(True), 'ESTRTAB')


def verify_name_out_of_range_unused(e):
    """The symbol whose name was moved out of range is no longer found by its name; the others
    work (symbol_name_out_of_range picks the last one no relocation refers to)."""
    refs = {r['sym'] for t in ('RELA', 'JMPREL') for r in e.relocs(t)}
    idx = [i for i in range(1, e.nsyms()) if i not in refs][-1]
    so, _ = e.strtab()
    no = so + e.w(e.sym_at(idx))
    name = bytes(e.b[no:e.b.index(0, no)]).decode()
    return [not_found(name)] + [v for v in VERIFY_BASIC if name not in (v[1], v[2])]
case('symbol-name-out-of-range-unused', 'basic', symbol_name_out_of_range(False), 'OK',
     verify=verify_name_out_of_range_unused)
case('symtab-missing', 'basic', dyn_remove('SYMTAB'), 'ESYMTAB')
for v in (0, 16, 25):
    case('syment-%d' % v, 'basic', dyn_set('SYMENT', v), 'ESYMTAB')
case('symtab-outside-image', 'basic', dyn_set('SYMTAB', 1 << 40), 'ESYMTAB')
case('symtab-misaligned', 'basic', dyn_set('SYMTAB', lambda e: e.get('SYMTAB') + 1), 'ESYMTAB')
case('symtab-past-segment-end', 'basic',
     dyn_set('SYMTAB', lambda e: (e.loads[0]['vaddr'] + e.loads[0]['memsz'] - 24) & ~7), 'ESYMTAB')
case('no-hash-table', 'basic', dyn_remove('GNU_HASH'), 'EHASH')


# The string table runs out of its segment's file bytes into a zero-filled tail given to that
# segment (memsz raised by 64): inside the image, its last byte a NUL - but not in the file.
# Refused (dynamic.c, table_ok): a table counted by a small file must not reach memory only
# memsz bounds (a GNU hash chain walked 48 MB of .bss that way; found by fuzzing).
def strtab_into_zero_fill(e):
    strtab = e.get('STRTAB')
    p = next(p for p in e.loads if p['vaddr'] <= strtab < p['vaddr'] + p['filesz'])
    e.ph_set(p, 'memsz', p['filesz'] + 64)
    e.set('STRSZ', p['vaddr'] + p['filesz'] - strtab + 32)


case('strtab-into-zero-fill', 'basic', strtab_into_zero_fill, 'ESTRTAB')

# --- GNU hash -----------------------------------------------------------------------------
def gnu(field_off, value):
    def m(e):
        h = e.gnu_hash()[0]
        e.set_w(h + field_off, value(e) if callable(value) else value)
    return m


case('gnu-hash-nbuckets-0', 'basic', gnu(0, 0), 'EHASH')
case('gnu-hash-nbuckets-huge', 'basic', gnu(0, 0x7FFFFFFF), 'EHASH')
for v in (0, 3, 6, 0x7FFFFFFF):
    case('gnu-hash-bloom-size-%#x-not-pow2' % v, 'basic', gnu(8, v), 'EHASH')
case('gnu-hash-bloom-size-2^31', 'basic', gnu(8, 0x80000000), 'EHASH')
for v in (32, 49, 63, 64, 200):      # the hash has 32 bits: a shift of 32 or more is refused
    case('gnu-hash-shift-%d' % v, 'basic', gnu(12, v), 'EHASH')
def gnu_hash_of(name):
    h = 5381
    for c in name:
        h = (h * 33 + c) & 0xFFFFFFFF
    return h


def gnu_rebloom(shift):
    """Set the Bloom shift and rebuild the filter for it (ELFCLASS64 words), so that every
    defined name is still found when lookups use the new shift, and only then."""
    def m(e):
        h, nb, symoff, bloom = e.gnu_hash()
        e.set_w(h + 12, shift)
        words = [0] * bloom
        so, _ = e.strtab()
        for i in range(symoff, e.nsyms()):
            no = so + e.w(e.sym_at(i))
            hv = gnu_hash_of(bytes(e.b[no:e.b.index(0, no)]))
            words[(hv // 64) % bloom] |= (1 << (hv % 64)) | (1 << ((hv >> shift) % 64))
        for k, w in enumerate(words):
            e.set_q(h + 16 + 8 * k, w)
    return m


case('gnu-hash-shift-31', 'basic', gnu_rebloom(31), 'OK', verify=VERIFY_BASIC)
case('gnu-hash-outside-image', 'basic', dyn_set('GNU_HASH', 1 << 40), 'EHASH')
case('gnu-hash-misaligned', 'basic', dyn_set('GNU_HASH', lambda e: e.get('GNU_HASH') + 2), 'EHASH')


def gnu_bucket(value):
    def m(e):
        h, nb, symoff, bloom = e.gnu_hash()
        buckets = h + 16 + 8 * bloom
        for i in range(nb):
            if e.w(buckets + 4 * i):
                e.set_w(buckets + 4 * i, value(symoff) if callable(value) else value)
                return
        raise MutationError('no non-empty GNU hash bucket')
    return m


def gnu_bucket_below_symoffset(e):
    h, nb, symoff, bloom = e.gnu_hash()
    if symoff < 2:                 # make room below: 1 is then below symoffset and not empty
        e.set_w(h + 4, 2)
    gnu_bucket(1)(e)


case('gnu-hash-bucket-below-symoffset', 'basic', gnu_bucket_below_symoffset, 'EHASH')
case('gnu-hash-bucket-out-of-range', 'basic', gnu_bucket(0xFFFFFFF0), 'EHASH')
case('gnu-hash-symoffset-huge', 'basic', gnu(4, 0xFFFFFF00), 'EHASH')


# The buckets are scanned four at a time with a scalar tail (dynamic.c scan_buckets): the same
# faults in a table of 97 buckets, in the vector part and in the tail.
def gnu_last_bucket(value):
    def m(e):
        h, nb, symoff, bloom = e.gnu_hash()
        if nb % 4 == 0:
            raise MutationError('no scalar tail: %d buckets' % nb)
        e.set_w(h + 16 + 8 * bloom + 4 * (nb - 1), value)
    return m


case('gnu-hash-many-control', 'symmany', UNCHANGED, 'OK', verify=VERIFY_HASH)
case('gnu-hash-many-bucket-below-symoffset', 'symmany', gnu_bucket_below_symoffset, 'EHASH')
case('gnu-hash-many-bucket-out-of-range', 'symmany', gnu_bucket(0xFFFFFFF0), 'EHASH')
case('gnu-hash-many-bucket-past-symbols', 'symmany', gnu_bucket(0x7FFFFFF0), 'EHASH')
case('gnu-hash-many-last-bucket-out-of-range', 'symmany', gnu_last_bucket(0xFFFFFFF0), 'EHASH')


# Only the tail bucket below symoffset: symoffset becomes 2 and the bucket that started at
# symbol 1 starts at 2 (inside its own chain), so the last one alone points below.
def gnu_only_last_bucket_below(e):
    h, nb, symoff, bloom = e.gnu_hash()
    if symoff != 1:
        raise MutationError('symoffset %d, not 1' % symoff)
    buckets = h + 16 + 8 * bloom
    e.set_w(h + 4, 2)
    for i in range(nb - 1):
        if e.w(buckets + 4 * i) == 1:
            e.set_w(buckets + 4 * i, 2)
    gnu_last_bucket(1)(e)


case('gnu-hash-many-last-bucket-below-symoffset', 'symmany', gnu_only_last_bucket_below,
     'EHASH')


def gnu_chain_never_ends(e):
    h, nb, symoff, bloom = e.gnu_hash()
    chain = h + 16 + 8 * bloom + 4 * nb
    for i in range(e.nsyms() - symoff):
        e.set_w(chain + 4 * i, e.w(chain + 4 * i) & ~1)


case('gnu-hash-chain-never-ends', 'basic', gnu_chain_never_ends, 'EHASH')

# --- SysV hash (a fixture with DT_HASH only) ----------------------------------------------
def sysv(field_off, value):
    def m(e):
        h = e.off(e.get('HASH'))
        e.set_w(h + field_off, value(e, h) if callable(value) else value)
    return m


case('sysv-hash-control', 'hashsysv', UNCHANGED, 'OK', verify=VERIFY_HASH)
case('sysv-hash-nbucket-0', 'hashsysv', sysv(0, 0), 'EHASH')
case('sysv-hash-nbucket-huge', 'hashsysv', sysv(0, 0x7FFFFFFF), 'EHASH')
case('sysv-hash-nchain-huge', 'hashsysv', sysv(4, 0x7FFFFFFF), 'EHASH')
case('sysv-hash-counts-overflow-32', 'hashsysv', seq(sysv(0, 0xFFFFFFFF), sysv(4, 2)), 'EHASH')
case('sysv-hash-outside-image', 'hashsysv', dyn_set('HASH', 1 << 40), 'EHASH')
case('sysv-hash-bucket-out-of-range', 'hashsysv',
     sysv(8, lambda e, h: e.w(h + 4) + 5), 'EHASH')
case('sysv-hash-bucket-huge', 'hashsysv', sysv(8, 0xFFFFFFFF), 'EHASH')


def sysv_chain(kind):
    def m(e):
        h = e.off(e.get('HASH'))
        nb, nch = e.w(h), e.w(h + 4)
        chain = h + 8 + 4 * nb
        # find a symbol at the head of a bucket with a follower
        for b in range(nb):
            head = e.w(h + 8 + 4 * b)
            if head and e.w(chain + 4 * head):
                nxt = e.w(chain + 4 * head)
                if kind == 'loop':
                    e.set_w(chain + 4 * nxt, head)     # head -> nxt -> head -> ...
                elif kind == 'self':
                    e.set_w(chain + 4 * head, head)
                else:
                    e.set_w(chain + 4 * head, nch + 7)
                return
        raise MutationError('no SysV chain with two entries')
    return m


case('sysv-hash-chain-loops', 'hashsysv', sysv_chain('loop'), 'EHASH')
case('sysv-hash-chain-self-loop', 'hashsysv', sysv_chain('self'), 'EHASH')
case('sysv-hash-chain-out-of-range', 'hashsysv', sysv_chain('range'), 'EHASH')

# --- versions -----------------------------------------------------------------------------
def versym(idx_of, value):
    def m(e):
        o = e.off(e.get('VERSYM'))
        e.set_h(o + 2 * idx_of(e), value)
    return m


case('versions-control', 'ver', UNCHANGED, 'OK', verify=VERIFY_VER)


# A version index far above the count of versions (legal: indices need not be dense): the
# version table is sized for dense indices first, so this takes its second, exact sizing.
def sparse_version_index(e):
    o = e.off(e.get('VERDEF'))
    for _ in range(e.get('VERDEFNUM')):
        ndx = e.h(o + 4)
        if ndx > 1:
            break
        o += e.w(o + 16)
    else:
        raise MutationError('no non-base version definition')
    new = 0x123
    e.set_h(o + 4, new)
    vs = e.off(e.get('VERSYM'))
    moved = 0
    for i in range(e.nsyms()):
        v = e.h(vs + 2 * i)
        if v & 0x7FFF == ndx:
            e.set_h(vs + 2 * i, (v & 0x8000) | new)
            moved += 1
    if not moved:
        raise MutationError('no symbol of that version')


case('version-index-sparse', 'ver', sparse_version_index, 'OK', verify=VERIFY_VER)
case('versym-index-out-of-range', 'ver', versym(lambda e: e.nsyms() - 1, 0x7FF0), 'EVERSYM')
case('versym-index-undefined', 'ver', versym(lambda e: e.nsyms() - 1, 0x50), 'EVERSYM')
# The largest index is found eight entries at a time (dynamic.c largest_version_index), so a
# bad one among the first eight of a longer table (libc: 13 symbols; ver has only 7, all tail).
def versym_first(value):
    def m(e):
        if e.nsyms() < 9:
            raise MutationError('%d symbols: no full block of eight' % e.nsyms())
        versym(lambda e: 1, value)(e)
    return m


case('versym-block-control', 'libc', UNCHANGED, 'OK', verify=VERIFY_LIBC)
case('versym-index-out-of-range-first', 'libc', versym_first(0x7FF0), 'EVERSYM')
case('versym-index-undefined-first', 'libc', versym_first(0x50), 'EVERSYM')
case('versym-index-hidden-out-of-range-first', 'libc', versym_first(0xFFF0), 'EVERSYM')
case('versym-outside-image', 'ver', dyn_set('VERSYM', 1 << 40), 'EVERSYM')
case('versym-misaligned', 'ver', dyn_set('VERSYM', lambda e: e.get('VERSYM') + 1), 'EVERSYM')


def verdef(field, fmt, value):
    offs = {'version': 0, 'flags': 2, 'ndx': 4, 'cnt': 6, 'hash': 8, 'aux': 12, 'next': 16}

    def m(e, which=0):
        o = e.off(e.get('VERDEF'))
        for _ in range(which):
            o += e.w(o + 16)
        struct.pack_into('<' + fmt, e.b, o + offs[field], value)
    return m


def verdef_last(field, fmt, value):
    def m(e):
        verdef(field, fmt, value)(e, which=e.get('VERDEFNUM') - 1)
    return m


case('verdef-version-2', 'ver', verdef('version', 'H', 2), 'EVERSYM')
case('verdef-aux-outside-image', 'ver', verdef('aux', 'I', 0x7FFFFFF0), 'EVERSYM')
case('verdef-next-outside-image', 'ver', verdef('next', 'I', 0x7FFFFFF0), 'EVERSYM')
case('verdef-chain-ends-early', 'ver', verdef('next', 'I', 0), 'EVERSYM')
case('verdefnum-huge', 'ver', dyn_set('VERDEFNUM', 0xFFFFFFFF), 'EVERSYM')
case('verdef-chain-loops-on-itself', 'ver',
     seq(verdef_last('next', 'I', 0), dyn_set('VERDEFNUM', 1000)), 'EVERSYM')
case('verdef-outside-image', 'ver', dyn_set('VERDEF', 1 << 40), 'EVERSYM')


def verdaux_name(value):
    def m(e):
        o = e.off(e.get('VERDEF'))
        o += e.w(o + 16)          # the first non-base definition
        aux = o + e.w(o + 12)
        e.set_w(aux, value(e) if callable(value) else value)
    return m


case('verdaux-name-out-of-range', 'ver', verdaux_name(lambda e: e.get('STRSZ')), 'EVERSYM')


def verneed(field, fmt, value):
    offs = {'version': 0, 'cnt': 2, 'file': 4, 'aux': 8, 'next': 12}

    def m(e):
        o = e.off(e.get('VERNEED'))
        struct.pack_into('<' + fmt, e.b, o + offs[field], value(e) if callable(value) else value)
    return m


def vernaux(field, fmt, value):
    offs = {'hash': 0, 'flags': 4, 'other': 6, 'name': 8, 'next': 12}

    def m(e):
        o = e.off(e.get('VERNEED'))
        a = o + e.w(o + 8)
        struct.pack_into('<' + fmt, e.b, a + offs[field], value(e) if callable(value) else value)
    return m


case('verneed-control', 'vuser', UNCHANGED, 'OK', checks=CHECK_SUPPLY_ALL, verify=VERIFY_VUSER)
case('verneed-version-0', 'vuser', verneed('version', 'H', 0), 'EVERSYM', checks=CHECK_SUPPLY_ALL)
case('verneed-aux-outside-image', 'vuser', verneed('aux', 'I', 0x7FFFFFF0), 'EVERSYM',
     checks=CHECK_SUPPLY_ALL)
case('verneed-outside-image', 'vuser', dyn_set('VERNEED', 1 << 40), 'EVERSYM',
     checks=CHECK_SUPPLY_ALL)
case('verneednum-huge', 'vuser', dyn_set('VERNEEDNUM', 0xFFFFFFFF), 'EVERSYM',
     checks=CHECK_SUPPLY_ALL)
case('vernaux-chain-loops', 'vuser', seq(verneed('cnt', 'H', 0xFFFF), vernaux('next', 'I', 0)),
     'EVERSYM', checks=CHECK_SUPPLY_ALL)
case('vernaux-next-outside-image', 'vuser',
     seq(verneed('cnt', 'H', 2), vernaux('next', 'I', 0x7FFFFFF0)), 'EVERSYM',
     checks=CHECK_SUPPLY_ALL)
case('vernaux-name-out-of-range', 'vuser', vernaux('name', 'I', lambda e: e.get('STRSZ') + 1),
     'EVERSYM', checks=CHECK_SUPPLY_ALL)
case('vernaux-index-undefined-by-versym', 'vuser', vernaux('other', 'H', 0x3F), 'EVERSYM',
     checks=CHECK_SUPPLY_ALL)

# --- relocation tables --------------------------------------------------------------------
case('relaent-16', 'basic', dyn_set('RELAENT', 16), 'ERELOC')
case('relaent-0', 'basic', dyn_set('RELAENT', 0), 'ERELOC')
case('relasz-not-multiple', 'basic', dyn_set('RELASZ', lambda e: e.get('RELASZ') + 8), 'ERELOC')
case('relasz-huge', 'basic', dyn_set('RELASZ', 24 * (U64 // 24)), 'ERELOC')
case('rela-outside-image', 'basic', dyn_set('RELA', 1 << 40), 'ERELOC')
case('rela-misaligned', 'basic', dyn_set('RELA', lambda e: e.get('RELA') + 4), 'ERELOC')
case('rela-past-segment-end', 'basic', dyn_set('RELASZ', lambda e: 24 * 4096), 'ERELOC')
case('pltrel-99', 'basic', dyn_set('PLTREL', 99), 'ERELOC')
case('pltrelsz-not-multiple', 'basic', dyn_set('PLTRELSZ', lambda e: e.get('PLTRELSZ') + 1), 'ERELOC')
case('jmprel-outside-image', 'basic', dyn_set('JMPREL', 1 << 40), 'ERELOC')
case('jmprel-overlaps-rela-middle', 'basic',
     seq(dyn_set('JMPREL', lambda e: e.get('RELA') + 24), dyn_set('PLTRELSZ', 24)), 'ERELOC')
case('rel-table-with-relent-8', 'basic', seq(lambda e: e.add('REL', e.get('RELA')),
                                             lambda e: e.add('RELSZ', 16),
                                             lambda e: e.add('RELENT', 8)), 'ERELOC')


def reloc(which, table='RELA', **kw):
    """Patch the first `table` record of type `which` (fields given by keyword)."""
    def m(e):
        rec = e.reloc_of(which, table)
        args = {k: (v(e) if callable(v) else v) for k, v in kw.items()}
        e.rela_set(rec, **args)
    return m


ro_load = lambda e: e.load_with(PF_R, PF_W | PF_X)
rw_load = lambda e: e.load_with(PF_W)

# targets outside the writable part of the image
case('reloc-offset-outside-image', 'basic', reloc('RELATIVE', offset=1 << 32), 'ERELOC')
case('reloc-offset-max', 'basic', reloc('RELATIVE', offset=U64 - 3), 'ERELOC')
case('reloc-offset-in-gap', 'basic',
     reloc('RELATIVE', offset=lambda e: e.loads[2]['vaddr'] + e.loads[2]['memsz'] + 0x100), 'ERELOC')
case('reloc-offset-in-readonly-segment', 'basic',
     reloc('RELATIVE', offset=lambda e: ro_load(e)['vaddr'] + 8), 'ERELOC')
case('reloc-offset-in-first-segment', 'basic', reloc('RELATIVE', offset=0), 'ERELOC')
case('reloc-word-crosses-segment-end', 'basic',
     reloc('RELATIVE', offset=lambda e: rw_load(e)['vaddr'] + rw_load(e)['memsz'] - 4), 'ERELOC')
case('reloc-offset-just-past-end', 'basic',
     reloc('RELATIVE', offset=lambda e: rw_load(e)['vaddr'] + rw_load(e)['memsz']), 'ERELOC')
case('glob-dat-offset-in-text', 'basic',
     reloc('GLOB_DAT', offset=lambda e: e.load_with(PF_X)['vaddr']), 'ERELOC')
case('abs64-offset-outside', 'basic', reloc('R64', offset=1 << 33), 'ERELOC')
case('jump-slot-offset-outside', 'basic', reloc('JUMP_SLOT', 'JMPREL', offset=1 << 33), 'ERELOC')
case('jump-slot-offset-outside-now', 'basic', reloc('JUMP_SLOT', 'JMPREL', offset=1 << 33),
     'ERELOC', flags=('NOW',))
case('jump-slot-in-readonly-segment', 'basic',
     reloc('JUMP_SLOT', 'JMPREL', offset=lambda e: ro_load(e)['vaddr']), 'ERELOC')
case('irelative-resolver-outside-image', 'basic',
     reloc('RELATIVE', rtype=R_X86_64['IRELATIVE'], addend=1 << 40), 'ERELOC')
case('irelative-target-outside-image', 'basic',
     reloc('RELATIVE', rtype=R_X86_64['IRELATIVE'], offset=1 << 40), 'ERELOC')

# symbol indexes
case('reloc-symbol-index-out-of-range', 'basic',
     reloc('GLOB_DAT', sym=lambda e: e.nsyms() + 5), 'ESYMTAB')
case('reloc-symbol-index-max', 'basic', reloc('R64', sym=0xFFFFFFFF), 'ESYMTAB')
case('jump-slot-symbol-out-of-range-now', 'basic',
     reloc('JUMP_SLOT', 'JMPREL', sym=lambda e: e.nsyms()), 'ESYMTAB', flags=('NOW',))
case('jump-slot-symbol-out-of-range-lazy', 'basic',
     reloc('JUMP_SLOT', 'JMPREL', sym=lambda e: e.nsyms()), 'ESYMTAB')
case('jump-slot-symbol-0-lazy', 'basic', reloc('JUMP_SLOT', 'JMPREL', sym=0), 'ESYMTAB')
case('jump-slot-symbol-0-now', 'basic', reloc('JUMP_SLOT', 'JMPREL', sym=0), 'ESYMTAB',
     flags=('NOW',))

# types
for t in (3, 4, 9, 38, 42, 255, 0x10000, 0xFFFFFFFF):
    case('reloc-type-%#x-unknown' % t, 'basic', reloc('RELATIVE', rtype=t), 'ERELTYPE')
case('jmprel-type-unknown', 'basic', reloc('JUMP_SLOT', 'JMPREL', rtype=200), 'ERELTYPE')
case('reloc-type-tls-dtpmod64', 'basic', reloc('RELATIVE', rtype=R_X86_64['DTPMOD64']), 'ETLS')
case('reloc-type-tls-tpoff64', 'basic', reloc('RELATIVE', rtype=R_X86_64['TPOFF64']), 'ETLS')
# TLS types of static links only (a compiler's, never a linked image's): refused by name
case('reloc-type-tls-gd-static-only', 'basic', reloc('RELATIVE', rtype=R_X86_64['TLSGD']), 'ETLS')
case('reloc-type-tls-gottpoff-static-only', 'basic',
     reloc('RELATIVE', rtype=R_X86_64['GOTTPOFF']), 'ETLS')
# thread-local storage: a bad PT_TLS is refused before anything is mapped
tls_ph = lambda e: e.ph_of(PT_TLS)
case('tls-memsz-below-filesz', 'tlsgd',
     ph_field(tls_ph, 'memsz', lambda e, p: p['filesz'] - 1), 'ETLS')
case('tls-memsz-2^40', 'tlsgd', ph_field(tls_ph, 'memsz', 1 << 40), 'ETLS')
case('tls-memsz-wraps', 'tlsgd', ph_field(tls_ph, 'memsz', U64), 'ETLS')
case('tls-align-3', 'tlsgd', ph_field(tls_ph, 'align', 3), 'ETLS')
case('tls-align-2^20', 'tlsgd', ph_field(tls_ph, 'align', 1 << 20), 'ETLS')
case('tls-image-outside-segments', 'tlsgd', ph_field(tls_ph, 'vaddr', 1 << 32), 'ETLS')
case('tls-image-past-file-bytes', 'tlsgd',
     ph_field(tls_ph, 'filesz', lambda e, p: p['memsz'] + 0x100000), 'ETLS')
case('tls-two-segments', 'tlsgd',
     ph_field(lambda e: e.ph_of(PT_GNU_STACK), 'type', PT_TLS), 'ETLS')
case('tls-dtpmod-library-without-tls', 'tlsgd',
     ph_field(tls_ph, 'type', PT_NULL), 'ETLS')
case('reloc-type-copy', 'basic', reloc('GLOB_DAT', rtype=R_X86_64['COPY']), 'ECOPY')
case('reloc-r32-out-of-range', 'basic',
     reloc('RELATIVE', rtype=R_X86_64['R32'], addend=1 << 40), 'ERANGE')
case('reloc-r16-out-of-range', 'basic',
     reloc('RELATIVE', rtype=R_X86_64['R16'], addend=1 << 20), 'ERANGE')

# --- RELR ---------------------------------------------------------------------------------
def relr_entry(k, value):
    def m(e):
        o = e.off(e.get('RELR'), e.get('RELRSZ'))
        n = e.get('RELRSZ') // 8
        idx = k if k >= 0 else n + k
        e.set_q(o + 8 * idx, value(e, o, n) if callable(value) else value)
    return m


case('relr-control', 'relr', UNCHANGED, 'OK', verify=VERIFY_RELR)
case('relr-address-outside-image', 'relr', relr_entry(0, 1 << 40), 'ERELOC')
case('relr-address-in-readonly', 'relr', relr_entry(0, lambda e, o, n: ro_load(e)['vaddr'] + 8),
     'ERELOC')
case('relr-address-in-text', 'relr', relr_entry(0, lambda e, o, n: e.load_with(PF_X)['vaddr']),
     'ERELOC')
case('relr-address-crosses-end', 'relr',
     relr_entry(0, lambda e, o, n: rw_load(e)['vaddr'] + rw_load(e)['memsz'] - 4), 'ERELOC')
case('relr-bitmap-first', 'relr', relr_entry(0, 0xFF), 'ERELOC')


def relr_bitmap_past_end(e):
    o = e.off(e.get('RELR'), e.get('RELRSZ'))
    rw = rw_load(e)
    e.set_q(o, (rw['vaddr'] + rw['memsz'] - 8) & ~7)
    e.set_q(o + 8, U64)            # every bit: 63 words past the last one
    e.set('RELRSZ', 16)


case('relr-bitmap-past-end', 'relr', relr_bitmap_past_end, 'ERELOC')
case('relrent-4', 'relr', dyn_set('RELRENT', 4), 'ERELOC')
case('relrsz-not-multiple', 'relr', dyn_set('RELRSZ', lambda e: e.get('RELRSZ') - 4), 'ERELOC')
case('relr-outside-image', 'relr', dyn_set('RELR', 1 << 40), 'ERELOC')
case('relrsz-huge', 'relr', dyn_set('RELRSZ', U64 & ~7), 'ERELOC')

# --- init / fini tables -------------------------------------------------------------------
case('init-array-outside-image', 'basic',
     seq(lambda e: e.add('INIT_ARRAY', 1 << 40), lambda e: e.add('INIT_ARRAYSZ', 8)), 'EDYNAMIC')
case('init-arraysz-not-multiple', 'basic',
     seq(lambda e: e.add('INIT_ARRAY', rw_load(e)['vaddr']), lambda e: e.add('INIT_ARRAYSZ', 12)),
     'EDYNAMIC')
case('init-arraysz-huge', 'basic',
     seq(lambda e: e.add('INIT_ARRAY', rw_load(e)['vaddr']), lambda e: e.add('INIT_ARRAYSZ', U64 & ~7)),
     'EDYNAMIC')
case('fini-array-outside-image', 'basic',
     seq(lambda e: e.add('FINI_ARRAY', 1 << 40), lambda e: e.add('FINI_ARRAYSZ', 8)), 'EDYNAMIC')
case('dt-init-outside-image', 'basic', lambda e: e.add('INIT', 1 << 40), 'EDYNAMIC')
case('dt-fini-outside-image', 'basic', lambda e: e.add('FINI', 1 << 40), 'EDYNAMIC')

# --- every table at the very end of its segment --------------------------------------------
# dynamic.c table_ok: a table must lie inside one readable segment.  Each table kind it guards
# is copied to the start of a new read-only PT_LOAD after the image (its program header in a
# table copied to the end of the file) and pointed at there; the segment is exactly as long as
# the table (must load) or one byte shorter (refused with that table's code).  The byte cut
# off is still mapped (the segment's page), so only the bounds check can tell.
PAGE = 0x1000


def table_in_new_segment(locate, point, delta, flags=PF_R):
    """locate(e) -> (vaddr, size, bytes or None for the file's bytes at vaddr);
    point(e, vaddr, offset) makes the image use the copy at vaddr (file offset offset)."""
    def m(e):
        va, size, data = locate(e)
        if data is None:
            o = e.off(va, size)
            data = bytes(e.b[o:o + size])
        v = (e.image_end() + PAGE - 1) & ~(PAGE - 1)
        off = (len(e.b) + PAGE - 1) & ~(PAGE - 1)
        e.b += bytes(off - len(e.b)) + data
        point(e, v, off)
        new = struct.pack('<IIQQQQQQ', PT_LOAD, flags, off, v, v, size + delta, size + delta, PAGE)
        last = max(k for k, p in enumerate(e.ph) if p['type'] == PT_LOAD)
        phdrs = [bytes(e.b[p['at']:p['at'] + PHDR_SIZE]) for p in e.ph]
        phdrs.insert(last + 1, new)
        e.b += bytes(-len(e.b) % 8)
        e.set_q(32, len(e.b))
        e.set_h(56, len(phdrs))
        e.b += b''.join(phdrs)
    return m


def at_tag(tag, size_of):
    return lambda e: (e.get(tag), size_of(e), None)


def point_tag(tag):
    def p(e, v, off):
        e.set(tag, v)
    return p


def point_dynamic(e, v, off):
    e.ph_set(e.dynph, 'vaddr', v)
    e.ph_set(e.dynph, 'paddr', v)
    e.ph_set(e.dynph, 'offset', off)


def gnu_hash_size(e):
    h, nb, symoff, bloom = e.gnu_hash()
    return 16 + 8 * bloom + 4 * nb + 4 * (e.nsyms() - symoff)


def sysv_hash_size(e):
    h = e.off(e.get('HASH'))
    return 8 + 4 * (e.w(h) + e.w(h + 4))


def version_size(tag, count_tag, ent, aux_at, next_at, cnt_at, aux_next_at, aux_size,
                 first_aux_only):
    """Bytes from DT_<tag> to the end of the last entry or auxiliary entry loading reads (of a
    definition only the first auxiliary entry, its name: the parents after it are not read)."""
    def size(e):
        start = e.off(e.get(tag))
        o, end = start, start
        for _ in range(e.get(count_tag)):
            end = max(end, o + ent)
            a = o + e.w(o + aux_at)
            for _ in range(1 if first_aux_only else e.h(o + cnt_at)):
                end = max(end, a + aux_size)
                a += e.w(a + aux_next_at)
            o += e.w(o + next_at)
        return end - start
    return size


# the init array: two empty entries (skipped), 16 bytes of its own (not -1: cut by a byte, it
# would no longer be -1 and be refused as a constructor outside the code instead)
init_array = (lambda e: (0, 16, bytes(16)),
              lambda e, v, off: (e.set('INIT_ARRAY', v), e.set('INIT_ARRAYSZ', 16)))
TABLE_KINDS = [
    # name, base fixture, (locate, point), code when one byte is cut, checks, verify
    ('dynamic', 'basic', (lambda e: (e.dynph['vaddr'], e.dynph['memsz'], None), point_dynamic),
     'EDYNAMIC', 0, VERIFY_BASIC),
    ('strtab', 'basic', (at_tag('STRTAB', lambda e: e.get('STRSZ')), point_tag('STRTAB')),
     'ESTRTAB', 0, VERIFY_BASIC),
    ('symtab', 'basic', (at_tag('SYMTAB', lambda e: 24 * e.nsyms()), point_tag('SYMTAB')),
     'ESYMTAB', 0, VERIFY_BASIC),
    ('gnu-hash', 'basic', (at_tag('GNU_HASH', gnu_hash_size), point_tag('GNU_HASH')), 'EHASH', 0,
     VERIFY_BASIC),
    ('sysv-hash', 'hashsysv', (at_tag('HASH', sysv_hash_size), point_tag('HASH')), 'EHASH', 0,
     VERIFY_HASH),
    ('versym', 'ver', (at_tag('VERSYM', lambda e: 2 * e.nsyms()), point_tag('VERSYM')),
     'EVERSYM', 0, VERIFY_VER),
    ('verdef', 'ver', (at_tag('VERDEF', version_size('VERDEF', 'VERDEFNUM', 20, 12, 16, 6, 4, 8, True)),
                       point_tag('VERDEF')), 'EVERSYM', 0, VERIFY_VER),
    ('verneed', 'vuser', (at_tag('VERNEED', version_size('VERNEED', 'VERNEEDNUM', 16, 8, 12, 2,
                                                         12, 16, False)),
                          point_tag('VERNEED')), 'EVERSYM', CHECK_SUPPLY_ALL,
     VERIFY_VUSER),
    ('rela', 'basic', (at_tag('RELA', lambda e: e.get('RELASZ')), point_tag('RELA')), 'ERELOC', 0,
     VERIFY_BASIC),
    ('jmprel', 'basic', (at_tag('JMPREL', lambda e: e.get('PLTRELSZ')), point_tag('JMPREL')),
     'ERELOC', 0, VERIFY_BASIC),
    ('relr', 'relr', (at_tag('RELR', lambda e: e.get('RELRSZ')), point_tag('RELR')), 'ERELOC', 0,
     VERIFY_RELR),
    ('init-array', 'basic', init_array, 'EDYNAMIC', 0, VERIFY_BASIC),
]
for kind, base, (locate, point), code, checks, verify in TABLE_KINDS:
    case('table-%s-ends-at-segment-end' % kind, base, table_in_new_segment(locate, point, 0),
         'OK', checks=checks, verify=verify)
    case('table-%s-one-byte-past-segment' % kind, base, table_in_new_segment(locate, point, -1),
         code, checks=checks)

# --- tables that relocations could rewrite after they were checked ---------------------------
# The tables the core reads again after relocation must lie outside every writable segment:
# the same copies in a new read-write segment are refused with the table's code.  The dynamic
# section, the version definitions and needs (read once, at open) and the init array (written
# by relocations by design) may be there.
FROZEN_KINDS = {'strtab', 'symtab', 'gnu-hash', 'sysv-hash', 'versym', 'rela', 'jmprel', 'relr'}
for kind, base, (locate, point), code, checks, verify in TABLE_KINDS:
    if kind in FROZEN_KINDS:
        case('table-%s-in-writable-segment' % kind, base,
             table_in_new_segment(locate, point, 0, PF_R | PF_W), code, checks=checks)
    else:
        case('table-%s-in-writable-segment-allowed' % kind, base,
             table_in_new_segment(locate, point, 0, PF_R | PF_W), 'OK', checks=checks,
             verify=verify)


# With text relocations allowed, a relocation may write read-only segments, but never a table
# the core trusts: a record retargeted into each is refused as outside the writable image.
def retarget_into(where):
    """The image's first relocation record (DT_RELA, else DT_JMPREL) now writes at where(e)."""
    def m(e):
        recs = e.relocs('RELA') if e.has('RELA') and e.get('RELASZ') else e.relocs('JMPREL')
        e.rela_set(recs[0], offset=where(e))
    return m


TEXTREL_TARGETS = [
    ('strtab', 'basic', lambda e: e.get('STRTAB') + 8),
    ('symtab', 'basic', lambda e: e.get('SYMTAB') + 24),
    ('gnu-bloom', 'basic', lambda e: e.get('GNU_HASH') + 16),
    ('gnu-buckets', 'basic', lambda e: e.get('GNU_HASH') + 16 + 8 * e.gnu_hash()[3]),
    ('rela', 'basic', lambda e: e.get('RELA') + e.get('RELASZ') - 8),
    ('jmprel', 'basic', lambda e: e.get('JMPREL')),
    ('relr', 'relr', lambda e: e.get('RELR')),
]
for kind, base, where in TEXTREL_TARGETS:
    case('textrel-reloc-into-%s' % kind, base, seq(retarget_into(where), lambda e: e.add('TEXTREL', 0)),
         'ERELOC', flags=('ALLOW_TEXTREL',))
# A lazy PLT GOT inside the GNU hash buckets of a text-relocated image: the resolver words would
# overwrite buckets, so the library is bound eagerly and every lookup still works.
case('textrel-pltgot-in-gnu-buckets-lazy', 'basic',
     seq(dyn_set('PLTGOT', lambda e: e.get('GNU_HASH') + 16 + 8 * e.gnu_hash()[3]),
         lambda e: e.add('TEXTREL', 0)),
     'OK', flags=('ALLOW_TEXTREL',), verify=VERIFY_BASIC)

# --- lazy binding with a misaligned PLT GOT: bound eagerly (the backend stores words there;
# the asan suite's UBSan reports a misaligned store if it ever does) ----------------------
case('pltgot-misaligned-lazy', 'basic', dyn_set('PLTGOT', lambda e: e.get('PLTGOT') + 1), 'OK',
     verify=VERIFY_BASIC)

# --- programs (program.c as a dynamic PIE): the headers a start relies on ------------------
def interp_last_byte(e):
    p = e.ph_of(PT_INTERP)
    e.b[p['offset'] + p['filesz'] - 1] = ord('x')


def program(name, mutate, expect):
    case(name, 'program', mutate, expect, checks=CHECK_PROGRAM, program=True)


program('program-interp-not-terminated', interp_last_byte, 'ESEGMENT')
program('program-two-interps', ph_field(lambda e: e.ph_of(PT_NOTE), 'type', PT_INTERP), 'ESEGMENT')
program('program-interp-outside-segments', ph_field(lambda e: e.ph_of(PT_INTERP), 'vaddr',
                                                    0x7fff0000), 'ESEGMENT')
program('program-interp-longer-than-a-path', ph_field(lambda e: e.ph_of(PT_INTERP), 'filesz',
                                                      5000), 'ESEGMENT')
program('program-entry-in-data', lambda e: ehdr(24, 'Q', e.load_with(PF_W)['vaddr'])(e), 'EHEADER')
program('program-phdr-outside-segments', ph_field(lambda e: e.ph_of(PT_PHDR), 'vaddr', 0x7fff0000),
        'ESEGMENT')
program('program-wx-segment', ph_field(lambda e: e.load_with(PF_W), 'flags', PF_R | PF_W | PF_X),
        'ESEGMENT')

# --- controls -----------------------------------------------------------------------------
case('control-basic-lazy', 'basic', UNCHANGED, 'OK', verify=VERIFY_BASIC)
case('control-basic-now', 'basic', UNCHANGED, 'OK', flags=('NOW',), verify=VERIFY_BASIC)


# ------------------------------------------------------------------------------ regressions
# Fuzzer findings (REGRESS_DIR/<file>): raw inputs, with the code each must now produce.
# (hash.c with its symbol table garbled: most names are past DT_STRSZ; lookups walking chains
# through them find nothing rather than read past the string table)
REGRESS_NAME_OUTSIDE_VERIFY = [not_found('hash_data_55'), not_found('hash_fn_0'),
                               not_found('no_such_symbol')]
REGRESS = {
    # fuzz_load_mem: PT_GNU_EH_FRAME inside a PT_LOAD without PF_R, which is mapped
    # inaccessible: the frame-table check read it (frames.c now takes only readable,
    # never-written segments).
    'eh-frame-hdr-in-unreadable-segment.so': ('OK', 0, [not_found('no_such_symbol')]),
    # fuzz_load_mem: a thread-local symbol whose value (an offset in its module's block) is
    # far past the block (tls_big at -1) loads - relocations only pass such offsets on - and
    # elfld_sym() then formed its address: block + offset overflowed.  sym.c now gives NULL for
    # a thread-local symbol that does not lie inside the block.
    'tls-symbol-outside-block.so': ('OK', 0, [not_found('tls_big')]),
    # fuzz_load_mem: PT_GNU_RELRO outside the image reached host->protect() (mprotect of
    # memory that was not the image's; the process died later, elsewhere).  parse.c now
    # refuses it.
    'relro-outside-image.so': ('ESEGMENT', CHECK_NO_RESERVE, None),
    # fuzz_load_mem: the first PT_LOAD (hash tables, symbols, strings) had no PF_R; after the
    # final protections elfld_sym() read PROT_NONE memory (SEGV in lookup_sysv).  dynamic.c
    # now requires every table it validates to lie in a readable segment.
    'tables-in-unreadable-segment.so': ('ESTRTAB', 0, None),
    # fuzz_load_mem: a symbol whose st_name lies past DT_STRSZ loads (names are checked where
    # they are used) and the harness then passed strtab + st_name to elfld_sym(): a read of
    # unmapped memory in the harness, not the library.  The harness now asks elfld__sym_name().
    'symbol-name-outside-strtab-lookup.so': ('OK', 0, REGRESS_NAME_OUTSIDE_VERIFY),
    # fuzz_load_mem: a GNU hash header with a Bloom shift of 49, accepted (below 64), made
    # elfld_sym() shift the 32-bit hash by 49 (undefined behaviour, UBSan).  dynamic.c now
    # refuses shifts of 32 and more.
    'gnu-bloom-shift-49.so': ('EHASH', 0, None),
}


# ------------------------------------------------------------------------------ output
def main():
    out, header, fixdir, tc, regress_dir = elfgen.args('gen.py', 'FIXTURE_DIR')
    codes, flags = elfgen.read_header(header)
    fixtures = elfgen.Fixtures(fixdir, tc)
    cases = elfgen.CasesFile('gen.py', b'ELFLDMAL', codes)

    def add(name, expect, flag_names, checks, data, verify):
        if (expect == 'OK') != bool(verify):
            sys.exit('gen.py: case %s: %s' % (name, 'a case that loads must say what it '
                     'verifies' if expect == 'OK' else 'only a case that loads verifies'))
        fl = 0
        for f in flag_names:
            fl |= flags[f]
        rest = struct.pack('<IQ', checks, len(data)) + bytes(data)
        rest += struct.pack('<I', len(verify or ()))
        for kind, vname, name2, a, b, want in verify or ():
            rest += struct.pack('<I', kind) + elfgen.lstr(vname) + elfgen.lstr(name2)
            rest += struct.pack('<QQq', a & U64, b & U64, want)
        cases.add(name, expect, fl, rest)

    for c in CASES:
        ext = 'pie' if c['program'] else 'so'
        if c['program'] and c['expect'] == 'OK':
            sys.exit('gen.py: case %s: a program case must fail (the suite program starts '
                     'programs)' % c['name'])
        base = fixtures.read(c['base'], ext)
        verify = c['verify'](Elf(base)) if callable(c['verify']) else c['verify']
        _, data = elfgen.apply('gen.py', c, '%s-%s.%s' % (c['base'], tc, ext), lambda: Elf(base),
                               lambda e: bytes(e.b))
        add(c['name'], c['expect'], c['flags'], c['checks'], data, verify)
    for f, (expect, checks, verify), data in elfgen.regressions('gen.py', regress_dir, REGRESS):
        add('regress-' + f, expect, (), checks, data, verify)
    cases.write(out)


if __name__ == '__main__':
    main()
