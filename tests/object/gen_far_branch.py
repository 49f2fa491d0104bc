#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""gen_far_branch.py KIND OUT.S - one object whose branches sit exactly at their range limits.

Four functions branch over a large gap (an executable NOBITS section, so the object stays
small): forward and backward, each once at the last distance its field encodes (the branch
goes direct) and once one instruction step past it (the branch goes through a veneer).  The
positions assume the object linker's layout (src/object/layout.c): text sections in section
order from image offset 16, each at its alignment, a text section holding branches followed
by its veneer area (16-byte aligned, one veneer per target).  test_object_veneer.c checks the
distances it finds in the loaded image, so a layout change fails there, not silently.

Sections, in order:
  .text.vnr_back   the backward targets (at 16)
  .text.vnr_fwd    the forward callers, then their two veneers
  .vnr_gap         NOBITS, the gap
  .text.vnr_far    the backward callers and the forward targets

Symbols: vnr_{fwd,back}_{lim,past} (the callers, returning the target's value),
vnr_{fwd,back}_{lim,past}_br (their branch instruction), vnr_tgt_{fwd,back}_{lim,past} (the
targets, returning 11 (back lim), 12 (back past), 13 (fwd lim), 14 (fwd past)).

Two other shapes (data_words, addend_calls below): branch-type data words out of reach of
their target, and calls of one function with two addends out of reach.
"""
import sys

# KIND: (isa, reach R, most negative field value N, step, bias, branch mnemonic, call form)
#   the field value X = S + bias - P of a branch at P (its label) to S encodes
#   N <= X <= R - step; bias is the addend the assembler writes (the PC bias: Arm -8, Thumb -4;
#   x86 -4 from the field, which starts 1 byte into the instruction: -5 from its label)
KINDS = {
    'a64-call26': ('a64', 1 << 27, -(1 << 27), 4, 0, 'bl', True),
    'a64-jump26': ('a64', 1 << 27, -(1 << 27), 4, 0, 'b', False),
    'arm-call': ('arm', 1 << 25, -(1 << 25), 4, -8, 'bl', True),
    'arm-jump24': ('arm', 1 << 25, -(1 << 25), 4, -8, 'b', False),
    # the legacy types, written with .reloc (no mnemonic makes them): a BL and a B
    'arm-pc24': ('arm', 1 << 25, -(1 << 25), 4, -8, 'pc24', True),
    'arm-plt32': ('arm', 1 << 25, -(1 << 25), 4, -8, 'plt32', False),
    'thm-call': ('thumb', 1 << 24, -(1 << 24), 2, -4, 'bl', True),
    'thm-jump24': ('thumb', 1 << 24, -(1 << 24), 2, -4, 'b.w', False),
    'thm-jump19': ('thumb', 1 << 20, -(1 << 20), 2, -4, 'beq.w', False),
    'x64-call-plt32': ('x64', 1 << 31, -(1 << 31), 1, -5, 'call', True),
    'x64-jmp-plt32': ('x64', 1 << 31, -(1 << 31), 1, -5, 'jmp', False),
    # auipc+jalr: hi20 = (X + 0x800) >> 12 must fit 20 bits signed
    'rv64-call': ('rv64', (1 << 31) - (1 << 11), -(1 << 31) - (1 << 11), 4, 0, 'call', True),
    'rv64-tail': ('rv64', (1 << 31) - (1 << 11), -(1 << 31) - (1 << 11), 4, 0, 'tail', False),
    'la64-bl': ('la64', 1 << 27, -(1 << 27), 4, 0, 'bl', True),
    'la64-b': ('la64', 1 << 27, -(1 << 27), 4, 0, 'b', False),
}

# Per instruction set: assembler header, veneer size (elfld_arch_stub_size), nop, the
# instructions around a call (saving the return address), a leaf returning a value.
ISAS = {
    'a64': {'head': [], 'veneer': 16, 'nop': 'nop',
            'save': ['stp x29, x30, [sp, #-16]!'], 'restore': ['ldp x29, x30, [sp], #16', 'ret'],
            'leaf': ['mov w0, #%d', 'ret']},
    # Tag_ABI_VFP_args = VFP registers: an assembly file carries no float ABI of its own, and
    # LLVM's assembler would mark it soft-float, which a hard-float build refuses.
    'arm': {'head': ['.syntax unified', '.arm', '.eabi_attribute 28, 1'], 'veneer': 16,
            'nop': 'nop', 'save': ['push {r4, lr}'], 'restore': ['pop {r4, pc}'],
            'leaf': ['mov r0, #%d', 'bx lr']},
    'thumb': {'head': ['.syntax unified', '.thumb', '.eabi_attribute 28, 1'], 'veneer': 16,
              'nop': 'nop.n', 'save': ['push {r4, lr}'], 'restore': ['pop {r4, pc}'],
              'leaf': ['movs r0, #%d', 'bx lr']},
    'x64': {'head': [], 'veneer': 16, 'nop': 'nop', 'save': ['push %rbx'],
            'restore': ['pop %rbx', 'ret'], 'leaf': ['mov $%d, %%eax', 'ret']},
    # no relaxation (the image is linked as written), no compressed instructions (4-byte steps)
    'rv64': {'head': ['.option norelax', '.option norvc'], 'veneer': 24, 'nop': 'nop',
             'save': ['addi sp, sp, -16', 'sd ra, 8(sp)'],
             'restore': ['ld ra, 8(sp)', 'addi sp, sp, 16', 'ret'], 'leaf': ['li a0, %d', 'ret']},
    'la64': {'head': [], 'veneer': 24, 'nop': 'nop',
             'save': ['addi.d $sp, $sp, -16', 'st.d $ra, $sp, 8'],
             'restore': ['ld.d $ra, $sp, 8', 'addi.d $sp, $sp, 16', 'jr $ra'],
             'leaf': ['addi.w $a0, $zero, %d', 'jr $ra']},
}

BACK = 16                    # image offset of .text.vnr_back
SLOT = 32                    # one function per 32 bytes in .text.vnr_back and .text.vnr_fwd
FWD = BACK + 2 * SLOT        # .text.vnr_fwd: after the two backward targets

# x86-64 instruction sizes as written here (everything else: 4 bytes; Thumb: bl / b.w 4, the
# rest 2; RISC-V call / tail: auipc + jalr, 8)
X64_SIZES = {'push': 1, 'pop': 1, 'ret': 1, 'nop': 1, 'call': 5, 'jmp': 5, 'mov': 5}


# Branches no mnemonic makes: the relocation named by .reloc on the instruction word (its REL
# addend, the PC bias, in the field: imm24 = -2)
RELOC_BRANCHES = {'pc24': ('R_ARM_PC24', 0xebfffffe),         # bl .
                  'plt32': ('R_ARM_PLT32', 0xeafffffe)}       # b .


def insn_size(mode, line):
    op = line.split()[0]
    if op == '.reloc':
        return 0
    if mode == 'x64':
        return X64_SIZES[op]
    if mode == 'thumb':
        return 4 if op in ('bl', 'b.w', 'beq.w') else 2
    if mode == 'rv64' and op in ('call', 'tail'):
        return 8
    return 4


def size_of(mode, lines):
    return sum(insn_size(mode, l) for l in lines)


def caller(mode, call, mnem, target, pad):
    """A caller's instructions: before the branch (with `pad` bytes of nops), the branch, after.
    A call saves the return address around the call; a jump is the tail branch alone."""
    isa = ISAS[mode]
    before = list(isa['save']) if call else []
    if mnem == 'beq.w':
        before.append('cmp r0, r0')                   # the condition holds: the branch is taken
    after = list(isa['restore']) if call else []
    before += [isa['nop']] * (pad // insn_size(mode, isa['nop']))
    if mnem in RELOC_BRANCHES:
        rtype, word = RELOC_BRANCHES[mnem]
        return before, ['.reloc ., %s, %s' % (rtype, target), '.inst 0x%08x' % word], after
    return before, ['%s %s' % (mnem, target)], after


def leaf(mode, value):
    return [l % value if '%d' in l else l for l in ISAS[mode]['leaf']]


def func(mode, name, parts, br=None):
    """A global function of the instruction lists `parts`; `br` (one of them) gets the label
    NAME_br."""
    lines = ['.globl %s' % name, '.type %s, %%function' % name]
    if mode == 'thumb':
        lines.append('.thumb_func')
    lines.append('%s:' % name)
    for part in parts:
        if part is br:
            lines += ['.globl %s_br' % name, '%s_br:' % name]
        lines += ['    ' + l for l in part]
    lines.append('.size %s, . - %s' % (name, name))
    return lines, sum(size_of(mode, part) for part in parts)


def section(lines, name, nobits=False):
    lines += ['.section %s,"ax",%s' % (name, '%nobits' if nobits else '%progbits'), '.balign 16']


def place(lines, at, pos, body_size):
    """Pad from `at` to `pos`; returns the position after a body of body_size bytes there."""
    if pos < at:
        sys.exit('gen_far_branch: code overlaps at image offset %d' % pos)
    if pos > at:
        lines.append('.skip %d' % (pos - at))
    return pos + body_size


# KIND: (isa, gap, the branch-type word as the two toolchains write it, or the call of a target
# plus an addend)
DATA_KINDS = {
    # GNU as 2.40 has no PLT form for a data word (LLVM's `@PLT - .`): .reloc writes it
    'x64-data-plt32': ('x64', 1 << 31, ['.long %s@PLT - .'], ['.reloc ., R_X86_64_PLT32, %s',
                                                             '.long 0']),
}
ADDEND_KINDS = {
    'a64-addend': ('a64', (1 << 27) + 4096, ['bl %s']),
    'arm-addend': ('arm', (1 << 25) + 4096, ['bl %s']),
    'x64-addend': ('x64', (1 << 31) + 4096, ['call %s@PLT']),
    # LLVM's `call` takes no addend: the auipc + jalr pair with its relocation written out
    'rv64-addend': ('rv64', (1 << 31) + 4096, ['.reloc ., R_RISCV_CALL_PLT, %s', 'auipc ra, 0',
                                              'jalr ra, 0(ra)']),
    # nor does its `bl`: the B26 relocation on a `bl 0` (0x54000000)
    'la64-addend': ('la64', (1 << 27) + 4096, ['.reloc ., R_LARCH_B26, %s', '.word 0x54000000']),
}


def data_words(kind):
    """A read-only table of two branch-type words `target - .`: vnr_tbl to vnr_tgt_data (the
    first text, more than the word's reach away, so through a veneer of the area after all
    text) and vnr_tbl + 4 to vnr_tgt_near (the last text, within reach: direct).  Sections:
    .text.vnr_back (vnr_tgt_data, returning 15), .vnr_gap (NOBITS), .text.vnr_far
    (vnr_tgt_near, returning 16), .rodata.vnr_tbl."""
    mode, gap, llvm, gnu = DATA_KINDS[kind]
    lines = list(ISAS[mode]['head'])
    for sec, name, value in [('.text.vnr_back', 'vnr_tgt_data', 15),
                             ('.text.vnr_far', 'vnr_tgt_near', 16)]:
        if sec == '.text.vnr_far':
            section(lines, '.vnr_gap', nobits=True)
            lines.append('.skip %d' % gap)
        section(lines, sec)
        lines += func(mode, name, [leaf(mode, value)])[0]
    # the byte before the table reads as a call opcode (x86 e8): a data word is still no
    # instruction's field
    lines += ['.section .rodata.vnr_tbl,"a",%progbits', '.balign 4', '.byte 0, 0, 0, 0xe8',
              '.globl vnr_tbl', 'vnr_tbl:']
    for i, tgt in enumerate(['vnr_tgt_data', 'vnr_tgt_near']):
        lines.append('#ifdef __clang__')
        lines += [l % tgt if '%s' in l else l for l in llvm]
        lines.append('#else')
        lines += [l % tgt if '%s' in l else l for l in gnu]
        lines.append('#endif')
    return lines


def addend_calls(kind):
    """Two calls of one global function over a gap wider than their reach, one to vnr_multi
    (returning 21) and one to vnr_multi + 8 (vnr_multi_8, returning 22): callers vnr_add_0 and
    vnr_add_8 (their branch: NAME_br) in .text.vnr_fwd, the function in .text.vnr_far."""
    mode, gap, call = ADDEND_KINDS[kind]
    isa = ISAS[mode]
    lines = list(isa['head'])
    section(lines, '.text.vnr_fwd')
    for name, tgt in [('vnr_add_0', 'vnr_multi'), ('vnr_add_8', 'vnr_multi+8')]:
        br = [l % tgt if '%s' in l else l for l in call]
        lines += func(mode, name, [list(isa['save']), br, list(isa['restore'])], br)[0]
        lines.append('.balign 16')
    section(lines, '.vnr_gap', nobits=True)
    lines.append('.skip %d' % gap)
    section(lines, '.text.vnr_far')
    lines += func(mode, 'vnr_multi', [leaf(mode, 21)])[0]
    lines.append('.balign 8')                      # the first leaf is at most 8 bytes
    lines += func(mode, 'vnr_multi_8', [leaf(mode, 22)])[0]
    return lines


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind in DATA_KINDS or kind in ADDEND_KINDS:
        lines = data_words(kind) if kind in DATA_KINDS else addend_calls(kind)
        lines += ['.section .note.GNU-stack,"",%progbits', '']
        with open(out, 'w') as f:
            f.write('\n'.join(lines))
        return
    mode, R, N, step, bias, mnem, call = KINDS[kind]
    lines = list(ISAS[mode]['head'])

    section(lines, '.text.vnr_back')                  # backward targets at BACK, BACK + SLOT
    t_back = [BACK, BACK + SLOT]
    at = BACK
    for pos, name, value in [(t_back[0], 'vnr_tgt_back_lim', 11),
                             (t_back[1], 'vnr_tgt_back_past', 12)]:
        body, size = func(mode, name, [leaf(mode, value)])
        at = place(lines, at, pos, size)
        lines += body
    at = place(lines, at, FWD, 0)

    section(lines, '.text.vnr_fwd')                   # forward callers at FWD, FWD + SLOT
    at = FWD
    p_fwd = []
    for i, (name, tgt) in enumerate([('vnr_fwd_lim', 'vnr_tgt_fwd_lim'),
                                     ('vnr_fwd_past', 'vnr_tgt_fwd_past')]):
        before, br, after = caller(mode, call, mnem, tgt, 0)
        body, size = func(mode, name, [before, br, after], br)
        at = place(lines, at, FWD + i * SLOT, size)
        lines += body
        p_fwd.append(FWD + i * SLOT + size_of(mode, before))
    at = place(lines, at, FWD + 2 * SLOT, 0)
    gap_start = FWD + 2 * SLOT + 2 * ISAS[mode]['veneer']   # after .text.vnr_fwd's veneers

    # The far section: forward targets at the limit and one step past it, backward branches
    # at the limit and one step past it (that one a nop later in its function).
    t_fwd = [p_fwd[0] + (R - step) - bias, p_fwd[1] + R - bias]
    p_back = [t_back[0] - N + bias, t_back[1] - N + step + bias]    # SLOT + step apart
    items = []
    for i, (name, tgt) in enumerate([('vnr_back_lim', 'vnr_tgt_back_lim'),
                                     ('vnr_back_past', 'vnr_tgt_back_past')]):
        pad = 0 if i == 0 else step
        before, br, after = caller(mode, call, mnem, tgt, pad)
        body, size = func(mode, name, [before, br, after], br)
        items.append((p_back[i] - size_of(mode, before), size, body))
    for i, (name, value) in enumerate([('vnr_tgt_fwd_lim', 13), ('vnr_tgt_fwd_past', 14)]):
        body, size = func(mode, name, [leaf(mode, value)])
        items.append((t_fwd[i], size, body))
    items.sort(key=lambda it: it[0])
    far = items[0][0] // 16 * 16
    if far < gap_start:
        sys.exit('gen_far_branch: the far section would overlap the gap')
    section(lines, '.vnr_gap', nobits=True)
    lines.append('.skip %d' % (far - gap_start))
    section(lines, '.text.vnr_far')
    at = far
    for pos, size, body in items:
        at = place(lines, at, pos, size)
        lines += body
    lines += ['.section .note.GNU-stack,"",%progbits', '']
    with open(out, 'w') as f:
        f.write('\n'.join(lines))


main()
