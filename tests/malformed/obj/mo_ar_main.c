/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_ar_main.c - needs mo_ar_needed, which an archive member defines. */
extern int mo_ar_needed(int);
int mo_ar_entry(int x) { return mo_ar_needed(x) + 1; }
