/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* ar_unused.c - nobody needs this member: it is linked only with ELFLD_INPUT_WHOLE_ARCHIVE. */
int ar_unused_value = 55;

int ar_unused(void)
{
    return ar_unused_value;
}
