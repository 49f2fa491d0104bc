/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* archive member taken only through opts.require. */
int mo_ar_required_value = 42;
