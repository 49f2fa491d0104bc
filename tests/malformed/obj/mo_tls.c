/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mo_tls.c - thread-local data: refused (ELFLD_ETLS) until TLS is supported. */
__thread int mo_tls_var;
int mo_tls_get(void) { return mo_tls_var; }
