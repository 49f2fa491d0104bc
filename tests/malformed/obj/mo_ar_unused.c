/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* archive member nothing needs: pulling it in would fail (mo_nowhere is defined nowhere). */
extern int mo_nowhere(int);
int mo_ar_unused(int x) { return mo_nowhere(x); }
