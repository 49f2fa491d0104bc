/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* gdb_plugin.c - a shared object gdb must see (gdb_check.py: the line numbers matter). */
int gdb_plugin_counter = 7;

int gdb_plugin_fn(int v)
{
    gdb_plugin_counter += v;                  /* gdb_check.py: the breakpoint's line */
    return gdb_plugin_counter;
}
