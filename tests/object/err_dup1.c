/* SPDX-License-Identifier: MIT OR Apache-2.0 */
int dup_symbol(void) { return 1; }
