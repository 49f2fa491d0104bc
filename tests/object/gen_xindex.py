#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""gen_xindex.py OUT.s - an assembly file with more sections than an ELF header can count.

66000 data sections, each holding one global word d<N> = N, push the section count past
SHN_LORESERVE (0xff00): e_shnum becomes 0 (the count moves to section 0's sh_size), symbols
in the high sections get st_shndx = SHN_XINDEX with their index in SHT_SYMTAB_SHNDX.  Only
data directives, so every arch's assembler takes it.  `dptr` points at a global in a high
section, `lptr` at a local label there (a relocation against a high section's symbol)."""
import sys

N = 66000
with open(sys.argv[1], "w") as f:
    if "--arm-hard-float" in sys.argv[2:]:
        # Tag_ABI_VFP_args = VFP registers: an assembly file carries no float ABI of its own,
        # and LLVM's assembler would otherwise mark it soft-float, which a hard-float build
        # (rightly) refuses to link.
        f.write(".eabi_attribute 28, 1\n")
    for i in range(N):
        f.write('.section .d%d,"aw"\n.globl d%d\n.p2align 2\nd%d: .long %d\n' % (i, i, i, i))
    f.write('.section .d65990,"aw"\n.Lhigh: .long 424242\n')
    f.write('.section .dptr,"aw"\n.p2align 3\n.globl dptr\ndptr: .dc.a d65998\n'
            '.globl lptr\nlptr: .dc.a .Lhigh\n')
