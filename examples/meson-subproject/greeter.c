/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* The plugin the consumer loads. */
int greeter_answer(int x);
int greeter_answer(int x) { return 6 * x; }
