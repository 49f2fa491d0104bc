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
  .text.vnr_back   the backward targets          (16)
  .text.vnr_fwd    the forward callers, then their two veneers
  .vnr_gap         NOBITS, the gap
  .text.vnr_far    the backward callers and the forward targets

Symbols: vnr_{fwd,back}_{lim,past} (the callers, returning the target's value),
vnr_{fwd,back}_{lim,past}_br (their branch instruction), vnr_tgt_{fwd,back}_{lim,past} (the
targets, returning 11 (back lim), 12 (back past), 13 (fwd lim), 14 (fwd past)).
"""
import sys

# KIND: (mode, reach R, step, PC bias (the REL addend), branch mnemonic, call form)
#   the field value X = S + bias - P of a branch at P to S encodes -R <= X <= R - step
KINDS = {
    'a64-call26': ('a64', 1 << 27, 4, 0, 'bl', True),
    'a64-jump26': ('a64', 1 << 27, 4, 0, 'b', False),
    'arm-call': ('arm', 1 << 25, 4, -8, 'bl', True),
    'arm-jump24': ('arm', 1 << 25, 4, -8, 'b', False),
    'thm-call': ('thumb', 1 << 24, 2, -4, 'bl', True),
    'thm-jump24': ('thumb', 1 << 24, 2, -4, 'b.w', False),
}

VENEER_SIZE = 16
BACK = 16                    # image offset of .text.vnr_back
FWD = 48                     # .text.vnr_fwd: after the 32 bytes of backward targets
SLOT = 32                    # one caller per 32 bytes in .text.vnr_fwd


def size_of(mode, lines):
    """Bytes of the instructions (Thumb: bl and b.w take 4, everything used here else 2)."""
    if mode != 'thumb':
        return 4 * len(lines)
    return sum(4 if l.split()[0] in ('bl', 'b.w') else 2 for l in lines)


def caller(mode, call, mnem, target, pad):
    """A caller's instructions: before the branch (with `pad` bytes of nops), the branch, after.
    A call saves the link register around a BL; a jump is the tail branch alone."""
    before, after = [], []
    if call:
        before = {'a64': ['stp x29, x30, [sp, #-16]!'], 'arm': ['push {r4, lr}'],
                  'thumb': ['push {r4, lr}']}[mode]
        after = {'a64': ['ldp x29, x30, [sp], #16', 'ret'], 'arm': ['pop {r4, pc}'],
                 'thumb': ['pop {r4, pc}']}[mode]
    before += ['nop.n' if mode == 'thumb' else 'nop'] * (pad // (2 if mode == 'thumb' else 4))
    return before, ['%s %s' % (mnem, target)], after


def leaf(mode, value):
    return {'a64': ['mov w0, #%d' % value, 'ret'], 'arm': ['mov r0, #%d' % value, 'bx lr'],
            'thumb': ['movs r0, #%d' % value, 'bx lr']}[mode]


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


def main():
    kind, out = sys.argv[1], sys.argv[2]
    mode, R, step, bias, mnem, call = KINDS[kind]
    lines = {'a64': [], 'arm': ['.syntax unified', '.arm'],
             'thumb': ['.syntax unified', '.thumb']}[mode]
    if mode != 'a64':
        # Tag_ABI_VFP_args = VFP registers: an assembly file carries no float ABI of its own,
        # and LLVM's assembler would mark it soft-float, which a hard-float build refuses.
        lines.append('.eabi_attribute 28, 1')

    section(lines, '.text.vnr_back')                  # backward targets at BACK, BACK + 16
    t_back = [BACK, BACK + 16]
    at = BACK
    for pos, name, value in [(t_back[0], 'vnr_tgt_back_lim', 11),
                             (t_back[1], 'vnr_tgt_back_past', 12)]:
        body, size = func(mode, name, [leaf(mode, value)])
        at = place(lines, at, pos, size)
        lines += body

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
    gap_start = FWD + 2 * SLOT + 2 * VENEER_SIZE      # after .text.vnr_fwd's two veneers

    # The far section: forward targets at the limit and one step past it, backward branches
    # at the limit and one step past it (that one a nop later in its function).
    t_fwd = [p_fwd[0] + (R - step) - bias, p_fwd[1] + R - bias]
    p_back = [t_back[0] + R + bias, t_back[1] + R + step + bias]
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
