/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* iw_thumb.c - built -mthumb: a tail call (B.W at -O2) to a function of iw_arm.c, built -marm. */
int iw_arm_leaf(int x);

int iw_thumb_tail(int x)
{
    return iw_arm_leaf(x * 2 + 1);
}

int iw_thumb_leaf(int x)
{
    return x * 7 - 3;
}
