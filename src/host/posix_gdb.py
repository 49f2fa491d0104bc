# SPDX-License-Identifier: MIT OR Apache-2.0
#
# posix_gdb.py - source this into gdb (`gdb -x posix_gdb.py`, or `source` it from ~/.gdbinit)
# to debug shared objects that libelfld's POSIX host loads from files: each one gets its
# symbols and DWARF as `add-symbol-file FILE -o BASE` gives them while it is loaded, and
# loses them when it is unloaded (posix_gdb.c keeps the list this reads).  Object modules
# need nothing: gdb's JIT interface registers them.
#
# Reads the list from memory by its layout (posix_gdb.c, struct elfld_gdb_list), so the
# program needs no debug information of its own.
import struct

import gdb

ADDED, REMOVED = 1, 2


def first_code_section(path):
    """The address of the file's first executable allocated section, or None (what
    remove-symbol-file -a needs: an address inside a section of the symbol file)."""
    with open(path, "rb") as f:
        data = f.read()
    wide = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if wide:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
    for i in range(1, shnum):
        at = shoff + i * shentsize
        if wide:
            flags, addr = struct.unpack_from(end + "QQ", data, at + 8)
        else:
            flags, addr = struct.unpack_from(end + "II", data, at + 8)
        if flags & 0x6 == 0x6:         # SHF_ALLOC | SHF_EXECINSTR
            return addr
    return None


class ElfldImagesChanged(gdb.Breakpoint):
    """Breaks in elfld_gdb_images_changed, updates the symbol files, and continues."""

    def __init__(self):
        super().__init__("elfld_gdb_images_changed", internal=True)
        self.silent = True
        self.added = {}                # (path, base) -> an address of its code

    def stop(self):
        inf = gdb.selected_inferior()
        word = gdb.lookup_type("long").pointer().sizeof
        fmt = "<Q" if word == 8 else "<I"

        def read_word(addr):
            return struct.unpack(fmt, bytes(inf.read_memory(addr, word)))[0]

        def read_string(addr):
            out = bytearray()
            while True:
                chunk = bytes(inf.read_memory(addr + len(out), 64))
                if b"\0" in chunk:
                    return (out + chunk[: chunk.index(b"\0")]).decode()
                out += chunk

        lst = int(gdb.parse_and_eval("(long)&elfld_gdb_images"))
        action = struct.unpack("<I", bytes(inf.read_memory(lst + 4, 4)))[0]
        image = read_word(lst + 8)
        # struct elfld_gdb_image: next, prev, path, base
        path = read_string(read_word(image + 2 * word))
        base = read_word(image + 3 * word)
        if action == ADDED:
            code = first_code_section(path)
            gdb.execute("add-symbol-file %s -o %#x" % (path, base), to_string=True)
            if code is not None:
                self.added[(path, base)] = base + code
        elif action == REMOVED and (path, base) in self.added:
            gdb.execute("remove-symbol-file -a %#x" % self.added.pop((path, base)),
                        to_string=True)
        return False


ElfldImagesChanged()
