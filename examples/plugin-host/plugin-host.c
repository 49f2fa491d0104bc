/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * plugin-host - load every *.so plugin in a directory with libelfld and run it.
 *
 *   plugin-host [DIR [INPUT]]
 *
 * DIR defaults to where meson built the example plugins, INPUT to 10.  For each plugin (in
 * name order) it prints "plugin <name>: run(<input>) = <result>".
 *
 * The plugins call host_log / host_add / host_get_config, which this executable does not
 * export: the pre_find callback below hands them to the loader.  Everything else a plugin
 * needs from "the system" (snprintf, ...) is found by the POSIX host's resolve hook in the
 * libraries this process has loaded.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfld.h>
#include <elfld/posix.h>

#include "plugin-api.h"

#ifndef PLUGIN_DIR
#define PLUGIN_DIR "plugins"
#endif

extern char **environ;

/* ---------------------------------------------------------------- the host's API */

void host_log(const char *msg)
{
    printf("[host] %s\n", msg);
}

int host_add(int a, int b)
{
    return a + b;
}

const char *host_get_config(const char *key)
{
    static const struct { const char *key, *value; } config[] = {
        {"greeting", "hello from the host"},
        {"mode", "example"},
    };
    for (size_t i = 0; i < sizeof config / sizeof config[0]; i++)
        if (strcmp(config[i].key, key) == 0)
            return config[i].value;
    return NULL;
}

struct api_entry {
    const char *name;
    void *addr;
};

/* Must outlive elfld_load(): with lazy binding the callback also runs at a plugin's first
 * call to each function. */
static struct api_entry host_api[3];

static int find_host_api(void *user, const char *name, const char *version,
                         struct elfld_found *out)
{
    const struct api_entry *api = user;
    (void)version;
    for (size_t i = 0; i < sizeof host_api / sizeof host_api[0]; i++) {
        if (strcmp(api[i].name, name) == 0) {
            out->addr = api[i].addr;
            out->size = 0;
            return 1;
        }
    }
    return 0; /* not ours: let the loader search its scopes and the system */
}

/*
 * post_find runs only when nothing else has the symbol.  In a normal, dynamically linked host
 * the POSIX host's resolve hook finds libc functions in the process; a statically linked host
 * (e.g. a static musl build) has no dynamic symbols to search, so the libc functions the
 * plugins use are supplied here instead, with a note on stderr.
 */
static int find_libc_fallback(void *user, const char *name, const char *version,
                              struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "snprintf") != 0)
        return 0;
    fprintf(stderr, "plugin-host: %s supplied by post_find (no dynamic symbols here)\n", name);
    out->addr = (void *)snprintf;
    out->size = 0;
    return 1;
}

/* ---------------------------------------------------------------- plugins */

static int has_so_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".so") == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns 0 when the plugin loaded and ran. */
static int run_plugin(elfld_ctx *ctx, const char *dir, const char *file, long input)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path) {
        fprintf(stderr, "plugin-host: path too long: %s/%s\n", dir, file);
        return 1;
    }

    struct elfld_diag diag;
    memset(&diag, 0, sizeof diag);
    struct elfld_opts opts = {
        .struct_size = sizeof opts,
        .flags = ELFLD_LAZY | ELFLD_LOCAL,
        .pre_find = find_host_api,
        .post_find = find_libc_fallback,
        .find_user = host_api,
        .diag = &diag,
    };
    elfld_lib *lib;
    int rc = elfld_load(ctx, path, &opts, &lib);
    if (rc != 0) {
        fprintf(stderr, "plugin-host: %s: %s (%s)%s%s\n", path, elfld_strerror(rc), diag.message,
                diag.symbol[0] ? ", symbol " : "", diag.symbol);
        return 1;
    }

    const char *(*name_fn)(void) = (const char *(*)(void))elfld_sym(lib, "plugin_name");
    long (*run_fn)(long) = (long (*)(long))elfld_sym(lib, "plugin_run");
    if (name_fn == NULL || run_fn == NULL) {
        fprintf(stderr, "plugin-host: %s: not a plugin (no plugin_name/plugin_run)\n", path);
        elfld_release(lib);
        return 1;
    }
    const char *name = name_fn();
    long result = run_fn(input);
    printf("plugin %s: run(%ld) = %ld\n", name, input, result);
    elfld_release(lib); /* runs its destructors and unmaps it */
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : PLUGIN_DIR;
    long input = argc > 2 ? strtol(argv[2], NULL, 0) : 10;

    host_api[0] = (struct api_entry){"host_log", (void *)host_log};
    host_api[1] = (struct api_entry){"host_add", (void *)host_add};
    host_api[2] = (struct api_entry){"host_get_config", (void *)host_get_config};

    /* Collect and sort the names so the output does not depend on directory order. */
    DIR *d = opendir(dir);
    if (d == NULL) {
        perror(dir);
        return 1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!has_so_suffix(e->d_name))
            continue;
        if (count == cap) {
            cap = cap ? 2 * cap : 8;
            char **grown = realloc(names, cap * sizeof *names);
            if (grown == NULL) {
                perror("realloc");
                return 1;
            }
            names = grown;
        }
        if ((names[count] = strdup(e->d_name)) == NULL) {
            perror("strdup");
            return 1;
        }
        count++;
    }
    closedir(d);
    if (count == 0) {
        fprintf(stderr, "plugin-host: no *.so plugins in %s\n", dir);
        return 1;
    }
    qsort(names, count, sizeof *names, cmp_names);

    elfld_ctx *ctx;
    int rc = elfld_posix_ctx_create(&ctx, argc, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "plugin-host: elfld_posix_ctx_create: %s\n", elfld_strerror(rc));
        return 1;
    }
    int failures = 0;
    for (size_t i = 0; i < count; i++) {
        failures += run_plugin(ctx, dir, names[i], input);
        free(names[i]);
    }
    free(names);
    elfld_ctx_destroy(ctx);
    return failures ? 1 : 0;
}
