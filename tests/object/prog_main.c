/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* prog_main.c - program_main() and its report; constructors with priorities 101, 200 and the
 * default; destructors writing into a sink the test supplies. */
#include "prog.h"

int common_counter;                         /* COMMON (-fcommon), also in prog_data.c */
extern char common_small[];

static char *sink;
static size_t sink_cap, sink_len;

void program_set_sink(char *s, size_t cap)
{
    sink = s;
    sink_cap = cap;
    sink_len = 0;
    if (s && cap)
        s[0] = 0;
}

void sink_put(const char *s)
{
    if (!sink)
        return;
    while (*s && sink_len + 1 < sink_cap)
        sink[sink_len++] = *s++;
    sink[sink_len] = 0;
}

__attribute__((constructor(200))) static void ctor200(void) { ctor_mark('2'); }
__attribute__((constructor(101))) static void ctor101(void) { ctor_mark('1'); }
__attribute__((constructor)) static void ctor_default(void) { ctor_mark('M'); }
__attribute__((destructor(101))) static void dtor101(void) { sink_put("~101"); }
__attribute__((destructor(200))) static void dtor200(void) { sink_put("~200"); }
__attribute__((destructor)) static void dtor_default(void) { sink_put("~M"); }

static int local_triple(int x)
{
    return 3 * x;
}

int main_hook(int x)                        /* called from prog_util.c */
{
    return x + 100;
}

static const char *const words[] = {"alpha", "beta", "gamma"};
static const char *(*const day_fn)(int) = day_name;   /* read-only pointer to a function */
static int (*volatile indirect)(int) = math_square;   /* writable pointer, read at run time */

int program_main(char *out, size_t cap)
{
    struct rep r = {out, cap, 0};
    if (cap)
        out[0] = 0;

    rep_line(&r, "ctors");
    for (int i = 0; i < ctor_len; i++) {
        char c[2] = {ctor_log[i], 0};
        rep_str(&r, c);
    }

    rep_line(&r, "classify");
    for (int i = -1; i <= 10; i++) {
        rep_int(&r, classify(i));
        rep_str(&r, ",");
    }
    rep_line(&r, "days");
    for (int i = 0; i < 8; i++) {
        rep_str(&r, day_fn(i));
        rep_str(&r, i < 7 ? "," : "");
    }

    rep_line(&r, "ops");
    for (int i = 0; i < op_count; i++) {
        rep_str(&r, op_table[i].name);
        rep_str(&r, ":");
        rep_int(&r, op_table[i].fn(*op_table[i].datum));
        rep_str(&r, " ");
    }

    rep_line(&r, "callbacks");
    rep_int(&r, util_apply(local_triple, 5));        /* 15 + 105 */
    rep_str(&r, " ");
    rep_int(&r, util_apply_twice(math_negate, 9));
    rep_str(&r, " ");
    rep_int(&r, util_apply(indirect, 12));
    rep_str(&r, " calls ");
    rep_int(&r, util_calls);

    rep_line(&r, "float");
    rep_milli(&r, poly(1.25));
    rep_str(&r, " ");
    rep_milli(&r, poly(-3.5));
    rep_str(&r, " ");
    rep_milli(&r, (double)fscale(2.5f));
    rep_str(&r, " ");
    rep_milli(&r, 0.1 + 0.2);

    rep_line(&r, "strings");
    for (int i = 0; i < 4; i++) {
        rep_str(&r, greetings[i]);
        rep_str(&r, "/");
    }
    for (int i = 0; i < 3; i++) {
        rep_str(&r, words[i]);
        rep_str(&r, "/");
    }
    rep_str(&r, "literal in main");

    rep_line(&r, "weak");
    rep_int(&r, weak_value());
    rep_str(&r, " tunable ");
    rep_int(&r, tunable);

    rep_line(&r, "bss");
    rep_int(&r, touch_big());
    rep_str(&r, " common_small ");
    rep_int(&r, common_small[63]);

    rep_line(&r, "seed");
    rep_int(&r, *data_seed_ptr);
    data_seed += 1;
    rep_str(&r, " ");
    rep_int(&r, math_add_seed(0));

    rep_line(&r, "common");
    rep_int(&r, common_counter);               /* classify() ran 12 + 1 times so far */
    rep_line(&r, "hex");
    rep_hex(&r, 0xdeadbeefUL);
    rep_str(&r, "\n");
    return (int)r.len;
}
