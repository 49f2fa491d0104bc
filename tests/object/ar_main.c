/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* ar_main.c - the object linked against libar.a: needs ar_needed (member ar_needed.o), which
 * needs ar_helper (member ar_member_with_a_long_name.o, stored before it in the archive). */
extern int ar_needed(int x);

int ar_main(int x)
{
    return ar_needed(x) + 1;
}
