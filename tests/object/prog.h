/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * prog.h - the multi-file program of the object suite (prog_main.c prog_util.c prog_data.c
 * prog_math.c).  Loaded from .o files by test_object_prog.c and linked normally into
 * prog_ref (the reference); both reports must be identical byte for byte.
 *
 * No C library: the report is formatted by hand, and there is no division or modulo anywhere
 * (32-bit arm and others would call the compiler runtime for it), so the objects need nothing
 * from outside but what the compiler may insert on its own (memset/memcpy).
 */
#ifndef OBJ_PROG_H
#define OBJ_PROG_H

#include <stddef.h>

struct rep {
    char *buf;
    size_t cap, len;
};

/* prog_util.c */
void rep_str(struct rep *r, const char *s);
void rep_int(struct rep *r, long v);
void rep_hex(struct rep *r, unsigned long v);
void rep_milli(struct rep *r, double v);      /* v with 3 decimals, rounded */
void rep_line(struct rep *r, const char *key);  /* "\n" then "key=" */
int util_apply(int (*fn)(int), int x);          /* calls back into the caller's function */
int util_apply_twice(int (*fn)(int), int x);
extern int util_calls;

/* prog_main.c */
int program_main(char *out, size_t cap);
void program_set_sink(char *sink, size_t cap);
int main_hook(int x);                            /* called back by prog_util.c */
extern int common_counter;                       /* COMMON in two objects (-fcommon) */
void sink_put(const char *s);

/* prog_data.c */
struct op {
    const char *name;
    int (*fn)(int);
    const int *datum;
};
extern const struct op op_table[];
extern const int op_count;
extern const char *const greetings[];
extern char ctor_log[32];
extern int ctor_len;
void ctor_mark(char c);
int weak_value(void);                            /* weak here, strong in prog_math.c */
extern int tunable;                              /* weak here, strong in prog_math.c */
extern int data_seed;
extern int *data_seed_ptr;

/* prog_math.c */
int classify(int x);
const char *day_name(int d);
double poly(double x);
float fscale(float x);
int math_square(int x);
int math_negate(int x);
int math_add_seed(int x);
int touch_big(void);
extern int common_large[40000];                  /* a large COMMON (x86_64: LARGE_COMMON in
                                                    the medium and large code models) */

#endif
