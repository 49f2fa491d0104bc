/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* far_obj.c - calls host functions (supplied by the test's pre_find) from an image placed
 * far away from them: the branches must go through the arch's stubs / veneers. */
extern int host_add3(int a, int b, int c);
extern long host_mix(long a, long b);

int far_call(int x)
{
    return host_add3(x, 2, 3) + 1;
}

long far_mix(long a)
{
    return host_mix(a, 5) * 2;
}

/* A tail call (a jump, not a call, on most arches). */
int far_tail(int x)
{
    return host_add3(x, x, x);
}

static int local_twice(int x)
{
    return x + x;
}

int far_local(int x)                        /* a branch inside the image: never stubbed */
{
    return local_twice(x) + 1;
}
