/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_hyb_obj.c - object half of a hybrid group: calls the shared object, which calls back. */
extern int mo_hyb_lib_fn(int);
int mo_hyb_obj_fn(int x) { return x + 1; }
int mo_hyb_entry(int x) { return mo_hyb_lib_fn(x) * 2; }
