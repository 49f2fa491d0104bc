/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* ar_member_with_a_long_name.c - pulled in only transitively (ar_needed.o needs it); its long
 * name goes through the archive's GNU long-name table. */
int ar_helper_calls;

int ar_helper(int x)
{
    ar_helper_calls++;
    return x + 1000;
}
