/* SPDX-License-Identifier: MIT OR Apache-2.0 */
extern int elfld_nowhere_defined(int x);
extern int elfld_weak_missing(int x) __attribute__((weak));

int undef_user(int x)
{
    return elfld_nowhere_defined(x) + (elfld_weak_missing ? 1 : 0);
}
