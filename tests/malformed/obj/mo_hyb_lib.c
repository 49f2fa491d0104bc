/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_hyb_lib.c - shared-object half of a hybrid group (undefined mo_hyb_obj_fn: the group). */
extern int mo_hyb_obj_fn(int);
int mo_hyb_lib_fn(int x) { return mo_hyb_obj_fn(x) + 100; }
