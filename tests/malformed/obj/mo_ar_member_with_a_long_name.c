/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* archive member with a name longer than 15 characters (GNU long-name table); it comes first
 * in the archive, so it is pulled on the second pass. */
int mo_ar_member_with_a_long_name(int x) { return x + 10; }
