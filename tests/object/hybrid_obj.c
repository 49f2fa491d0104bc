/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* hybrid_obj.c - the object half of a hybrid group: calls into hybrid_lib.so, which calls
 * back into this object (functions and data in both directions). */
extern int lib_twice_plus(int x);           /* in the shared object */
extern int lib_counter;                     /* data in the shared object */

int obj_value = 7;                          /* read by the shared object */

int obj_callback(int x)                     /* called by the shared object */
{
    return x * 10 + obj_value;
}

int obj_entry(int x)
{
    lib_counter += 1;
    return lib_twice_plus(x) + lib_counter;
}
