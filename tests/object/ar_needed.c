/* SPDX-License-Identifier: MIT OR Apache-2.0 */
extern int ar_helper(int x);

int ar_needed(int x)
{
    return ar_helper(x) * 2;
}
