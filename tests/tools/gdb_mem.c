/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* gdb_mem.c - a shared object gdb must see when it is loaded from memory (gdb_check.py). */
int gdb_mem_fn(int v)
{
    return v + 100;                           /* gdb_check.py: the breakpoint's line */
}
