/* SPDX-License-Identifier: MIT OR Apache-2.0 */
_Thread_local int tls_var = 3;

int tls_get(void)
{
    return tls_var;
}
