/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_b.c - object fixture: read-only data, data with relocated pointers, COMMON, a function. */
long mo_common;                 /* COMMON, larger than mo_a.o's: the larger one wins */
const int mo_b_table[4] = {1, 2, 3, 4};
int mo_b_data = 7;
int *mo_b_ptr = &mo_b_data;
static const char *const mo_names[] = {"x", "y"};
static int mo_b_zeroes[8];        /* .bss */

int mo_b_mul(int x) { return x * 3 + (mo_names[x & 1][0] == 'x') + (*mo_b_ptr - 7) + mo_b_zeroes[x & 7]; }
void mo_b_clear(int i) { mo_b_zeroes[i & 7] = 0; }
