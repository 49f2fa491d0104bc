/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* gdb_object.c - an object module gdb must see (gdb_check.py: the line numbers matter). */
static int gdb_object_static(int v)
{
    return v * 3;                             /* gdb_check.py: the breakpoint's line */
}

int gdb_object_fn(int v)
{
    return gdb_object_static(v) + 1;          /* gdb_check.py: the caller's line */
}
