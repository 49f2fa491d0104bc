/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* ar_required.c - linked only when opts.require names ar_required (or the whole archive). */
int ar_required(int x)
{
    return x * 3;
}
