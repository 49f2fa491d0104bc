/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_tls.c - thread-local data: links (one TLS module); with its symbols' types changed,
 * refused with ELFLD_ETLS. */
__thread int mo_tls_var;
int mo_tls_get(void) { return mo_tls_var; }
