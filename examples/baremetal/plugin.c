/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The plugin the bare-metal example loads from memory.  Built -fPIC -shared -nostdlib
 * -ffreestanding: it uses nothing but what the host's resolve hook supplies, and it is written
 * to need each kind of dynamic relocation a small plugin has:
 *
 *   words[], ops[]   pointers in initialized data        -> RELATIVE
 *   counter          exported (interposable) variable    -> GLOB_DAT through the GOT
 *   bm_magic         a data object of the host           -> GLOB_DAT, found by resolve
 *   bm_print         a function of the host              -> JUMP_SLOT, bound lazily
 *   scratch[]        .bss, must read as zero even though the host's memory is not
 *   ctor_ran         set by a constructor                -> DT_INIT_ARRAY ran
 */

/* From the host. */
void bm_print(const char *msg);
extern const long bm_magic;

long plugin_compute(long x);

static const char *const words[] = {"freestanding", "loader", "works"};

static long twice(long x) { return 2 * x; }
static long square(long x) { return x * x; }
static long plus7(long x) { return x + 7; }
static long (*const ops[])(long) = {twice, square, plus7};

long counter = 5;
static long scratch[32];
static int ctor_ran;

__attribute__((constructor)) static void plugin_init(void)
{
    ctor_ran = 1;
}

/* plugin_compute(3) = plus7(square(twice(3))) + 0 + bm_magic + counter + ctor_ran
 *                   = 43 + 0 + 1000 + 5 + 1 = 1049 on the first call. */
long plugin_compute(long x)
{
    long r = x;
    /* Index through x so the compiler cannot fold the tables into direct references (for
     * x = 3 the order is 0, 1, 2). */
    for (unsigned long i = 0; i < 3; i++) {
        unsigned long k = (i + (unsigned long)x) % 3;
        bm_print(words[k]);
        r = ops[k](r);
    }
    for (unsigned i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        r += scratch[i];
    scratch[x & 31] += 1; /* written, so the compiler cannot assume it stays zero */
    r += bm_magic + counter + ctor_ran;
    counter++;
    return r;
}
