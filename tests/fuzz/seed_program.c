/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * seed_program.c - the smallest program for the fuzzers' program mode (fuzz_load_mem with bit
 * 4 of the input's last byte: elfld_exec_prepare_mem, never started): an entry point, data,
 * a string.  make_program_seeds.sh builds it as an ET_EXEC and as a PIE naming an
 * interpreter.
 */
static volatile int counter = 1;
const char message[] = "started";

void _start(void);
void _start(void) {
    counter += message[0];
    for (;;)
        counter++;
}
