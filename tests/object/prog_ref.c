/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* prog_ref.c - the reference: the same program linked normally; writes program_main()'s
 * report to the file named by argv[1] (run at build time, under the exe wrapper when cross). */
#include <stdio.h>

#include "prog.h"

int main(int argc, char **argv)
{
    static char buf[4096];
    if (argc != 2)
        return 2;
    int n = program_main(buf, sizeof buf);
    FILE *f = fopen(argv[1], "wb");
    if (!f || n <= 0 || fwrite(buf, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0)
        return 1;
    return 0;
}
