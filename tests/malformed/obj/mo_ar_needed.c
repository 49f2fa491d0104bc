/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_ar_needed.c - archive member pulled by mo_ar_main.o; pulls the long-named member. */
extern int mo_ar_member_with_a_long_name(int);
int mo_ar_needed(int x) { return mo_ar_member_with_a_long_name(x) * 2; }
