/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* hybrid_lib.c - the shared-object half of a hybrid group (see hybrid_obj.c). */
extern int obj_callback(int x);             /* defined in the relocatable object */
extern int obj_value;

int lib_counter = 100;

int lib_twice_plus(int x)
{
    return 2 * obj_callback(x) + obj_value;
}
