/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* prog_data.c - tables of pointers to functions and data in other objects, string literals,
 * weak definitions (overridden by prog_math.c), constructors and destructors. */
#include "prog.h"

int data_seed = 1000;
int *data_seed_ptr = &data_seed;            /* data -> data */
char ctor_log[32];
int ctor_len;
int common_counter;                         /* tentative: COMMON with -fcommon (also in main) */
char common_small[16];                      /* tentative, smaller than prog_math.c's */

static const int datum_a = 3, datum_b = -7;
static int datum_c = 11;

/* data -> functions in prog_math.c, data -> data here and in prog_math.c */
const struct op op_table[] = {
    {"square", math_square, &datum_a},
    {"negate", math_negate, &datum_b},
    {"seed", math_add_seed, &datum_c},
    {"classify", classify, &data_seed},
};
const int op_count = sizeof op_table / sizeof op_table[0];

const char *const greetings[] = {"hello", "bonjour", "hallo", "ciao"};

void ctor_mark(char c)
{
    if (ctor_len < (int)sizeof ctor_log - 1)
        ctor_log[ctor_len++] = c;
}

__attribute__((weak)) int weak_value(void)
{
    return 1;
}

__attribute__((weak)) int tunable = 5;

/* Constructors of this object: default priority (after prog_main.c's default one, which
 * comes earlier in input order) and 150 (between main's 101 and 200). */
__attribute__((constructor)) static void data_ctor(void)
{
    ctor_mark('D');
}

__attribute__((constructor(150))) static void data_ctor150(void)
{
    ctor_mark('e');
}

__attribute__((destructor)) static void data_dtor(void)
{
    sink_put("~D");
}
