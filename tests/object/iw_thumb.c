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

/* The same from Thumb code to local Arm functions. */
__attribute__((target("arm"), noinline)) static int iw_arm_local_a(int x)
{
    return x * 17;
}

__attribute__((target("arm"), noinline)) static int iw_arm_local_b(int x)
{
    return x * 19 + 2;
}

int iw_thumb_local(int x)
{
    return x > 0 ? iw_arm_local_a(x) : iw_arm_local_b(x);
}
