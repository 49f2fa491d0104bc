/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * plugin-api.h - the contract between plugin-host and its plugins.
 *
 * The host_* functions live in the host executable, which does not export them (it is not
 * linked with -rdynamic): they stay undefined in every plugin and the host hands their
 * addresses to the loader through its pre-find callback.  Plugins are never linked against
 * the host.
 */
#ifndef PLUGIN_API_H
#define PLUGIN_API_H

/* Provided by the host. */
void host_log(const char *msg);
int host_add(int a, int b);
const char *host_get_config(const char *key); /* NULL when the key is unknown */

/* Exported by every plugin. */
const char *plugin_name(void);
long plugin_run(long input);

#endif
