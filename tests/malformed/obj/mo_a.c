/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_a.c - object fixture of the malformed / fault suites: calls into mo_b.o, reads its data,
 * shares a COMMON symbol with it, calls the host's strlen, has a constructor. */
extern unsigned long strlen(const char *);
extern int mo_b_mul(int);
extern const int mo_b_table[4];
extern int mo_b_data;
int mo_common;                  /* COMMON (-fcommon), also in mo_b.o */
static int mo_ctor_ran;

__attribute__((constructor)) static void mo_ctor(void) { mo_ctor_ran = (int)strlen("c"); }

int mo_entry(const char *s)
{
    return mo_b_mul((int)strlen(s)) + mo_b_table[strlen(s) & 3] + mo_b_data + mo_common +
           mo_ctor_ran;
}
