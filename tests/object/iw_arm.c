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

/* Tail calls to local Thumb functions in their own sections (-ffunction-sections): each B is
 * a record against a local symbol, each needs its own veneer. */
__attribute__((target("thumb"), noinline)) static int iw_thumb_local_a(int x)
{
    return x * 11;
}

__attribute__((target("thumb"), noinline)) static int iw_thumb_local_b(int x)
{
    return x * 13 + 1;
}

int iw_arm_local(int x)
{
    return x > 0 ? iw_thumb_local_a(x) : iw_thumb_local_b(x);
}
