/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* iw_arm.c - built -marm: a tail call (B at -O2) to a function of iw_thumb.c, built -mthumb. */
int iw_thumb_leaf(int x);

int iw_arm_tail(int x)
{
    return iw_thumb_leaf(x + 5);
}

int iw_arm_leaf(int x)
{
    return x * 3 + 4;
}
