/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* err_weak.c - an undefined weak symbol resolves to 0 (no error). */
extern int elfld_weak_missing(int x) __attribute__((weak));

int weak_probe(void)
{
    return elfld_weak_missing ? 1 : 42;
}
