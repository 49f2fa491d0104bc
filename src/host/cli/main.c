/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * main.c - the elfld command: load ELF images with libelfld and look at them.
 *
 *   elfld info FILE                      what FILE is and whether libelfld loads it
 *   elfld deps FILE                      the libraries a load of FILE brings in (like ldd),
 *                                        mapped and linked but not run
 *   elfld run [OPTIONS] INPUT... SYMBOL [INT...]
 *                                        load, call SYMBOL with the integers, print the result
 *   elfld trace [OPTIONS] INPUT... [SYMBOL [INT...]]
 *                                        the same, every decision of the loader on stderr
 *
 * Exit statuses: cli.h.  Errors go to stderr, results to stdout.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <elfld/posix.h>

#include "cli.h"

#define MAX_INPUTS 64
#define MAX_INT_ARGS 6          /* integers a called function receives, in registers */

static const char usage_text[] =
    "usage: elfld info FILE\n"
    "       elfld deps FILE\n"
    "       elfld run [OPTIONS] INPUT... SYMBOL [INT...]\n"
    "       elfld trace [OPTIONS] INPUT... [SYMBOL [INT...]]\n"
    "       elfld exec PROGRAM [ARG...]\n"
    "       elfld --help | --version\n"
    "\n"
    "  info   what FILE is (type, machine, segments, dependencies, TLS, relocations by\n"
    "         type) and whether libelfld loads it, or why not; nothing of it runs\n"
    "  deps   the libraries a load of FILE brings in, found as the loader finds them and\n"
    "         linked lazily, none of their code run (ldd's answer)\n"
    "  run    load the INPUTs - one shared object, or relocatable objects and archives\n"
    "         linked into one module - call SYMBOL with up to 6 integer arguments, print\n"
    "         what it returns (as a long)\n"
    "  trace  as run, every decision of the loader on stderr: where each image is placed,\n"
    "         which library binds each symbol, each lazy binding (ELFLD_LOG_TRACE)\n"
    "  exec   start PROGRAM in this process as execve would (its interpreter too, for a\n"
    "         dynamic one), with ARGs and this environment; its exit status is elfld's\n"
    "\n"
    "Every leading argument that names an existing file is an INPUT; the first that does not\n"
    "is SYMBOL.  OPTIONS:\n"
    "  -L DIR    search DIR for needed libraries (a search path, as LD_LIBRARY_PATH)\n"
    "  -l NAME   link the objects against shared library NAME (found as DT_NEEDED names are)\n"
    "  --lazy    bind functions at their first call (default: everything before the call)\n"
    "\n"
    "Exit status: 0 done, 1 a load, link or lookup failed (or PROGRAM could not be started),\n"
    "2 a wrong command line.\n";

/* A wrong command line: the reason and the synopsis (the usage text up to its first blank
 * line) on stderr. */
static int usage(const char *why) {
    if (why)
        fprintf(stderr, "elfld: %s\n", why);
    const char *end = strstr(usage_text, "\n\n");
    fprintf(stderr, "%.*s\n(elfld --help says more)\n", (int)(end - usage_text + 1), usage_text);
    return CLI_USAGE;
}

static void print_log(void *user, int level, const char *msg) {
    (void)user;
    static const char *const names[] = {"error", "warning", "info", "debug", "trace"};
    fprintf(stderr, "elfld: %s: %s\n",
            level >= 0 && level <= ELFLD_LOG_TRACE ? names[level] : "log", msg);
}

/* cli_context with another log hook */
static elfld_ctx *context_logging(int argc, char **argv, char **envp, unsigned levels,
                                  void (*log)(void *, int, const char *)) {
    struct elfld_host host;
    elfld_posix_host(&host, argc, argv, envp);
    host.log = log;
    host.log_levels = levels;
    elfld_ctx *ctx;
    int rc = elfld_ctx_create(&host, &ctx);
    if (rc) {
        fprintf(stderr, "elfld: cannot create a context: %s\n", elfld_strerror(rc));
        return NULL;
    }
    return ctx;
}

elfld_ctx *cli_context(int argc, char **argv, char **envp, unsigned levels) {
    return context_logging(argc, argv, envp, levels, print_log);
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cli_is_object_input(const char *path) {
    unsigned char head[18] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n >= 8 && memcmp(head, "!<arch>\n", 8) == 0)
        return 1;
    /* e_type, little-endian as on every arch libelfld supports */
    return n >= 18 && memcmp(head, ELFMAG, SELFMAG) == 0 && head[16] == ET_REL && head[17] == 0;
}

static int report(const char *path, int rc, const struct elfld_diag *diag) {
    fprintf(stderr, "elfld: %s: %s (%s)\n", path, diag->message[0] ? diag->message
                                                                   : elfld_strerror(rc),
            elfld_strerror(rc));
    return rc;
}

int cli_load(elfld_ctx *ctx, const char *path, unsigned flags, elfld_lib **out) {
    struct elfld_diag diag;
    struct elfld_opts o = {.struct_size = sizeof o, .flags = flags, .diag = &diag};
    int rc;
    if (cli_is_object_input(path)) {
        struct elfld_input in = {.name = path};
        rc = elfld_load_objects(ctx, &in, 1, &o, out);
    } else {
        rc = elfld_load(ctx, path, &o, out);
    }
    return rc ? report(path, rc, &diag) : 0;
}

/* ------------------------------------------------------------------ run and trace */
struct run_args {
    const char *inputs[MAX_INPUTS];
    size_t ninputs;
    const char *libraries[MAX_INPUTS];   /* -l */
    size_t nlibraries;
    char search[4096];                   /* -L, ':'-separated */
    unsigned flags;
    const char *symbol;
    long ints[MAX_INT_ARGS];
    size_t nints;
};

static int parse_run(int argc, char **argv, struct run_args *a, int symbol_required) {
    memset(a, 0, sizeof *a);
    a->flags = ELFLD_NOW;
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--lazy") == 0) {
            a->flags &= ~ELFLD_NOW;
        } else if ((strcmp(opt, "-L") == 0 || strcmp(opt, "-l") == 0) && i + 1 < argc) {
            const char *v = argv[++i];
            if (opt[1] == 'l') {
                if (a->nlibraries == MAX_INPUTS)
                    return usage("too many -l");
                a->libraries[a->nlibraries++] = v;
            } else {
                size_t used = strlen(a->search);
                if (used + strlen(v) + 2 > sizeof a->search)
                    return usage("-L: the search path is too long");
                snprintf(a->search + used, sizeof a->search - used, "%s%s", used ? ":" : "", v);
            }
        } else {
            fprintf(stderr, "elfld: unknown option %s\n", opt);
            return usage(NULL);
        }
    }
    for (; i < argc && is_file(argv[i]); i++) {
        if (a->ninputs == MAX_INPUTS)
            return usage("too many inputs");
        a->inputs[a->ninputs++] = argv[i];
    }
    if (a->ninputs == 0 && i < argc) {
        fprintf(stderr, "elfld: %s: no such file\n", argv[i]);
        return CLI_FAILED;
    }
    if (a->ninputs == 0)
        return usage("no input given");
    if (i < argc)
        a->symbol = argv[i++];
    else if (symbol_required)
        return usage("no symbol given");
    for (; i < argc; i++) {
        char *end;
        errno = 0;
        long v = strtol(argv[i], &end, 0);
        if (errno || *end || end == argv[i])
            return usage("arguments after the symbol must be integers");
        if (a->nints == MAX_INT_ARGS)
            return usage("at most 6 integer arguments");
        a->ints[a->nints++] = v;
    }
    return 0;
}

/* One shared object alone; else every input (objects, archives, and -l libraries) linked
 * into one module. */
static int load_inputs(elfld_ctx *ctx, const struct run_args *a, elfld_lib **out) {
    struct elfld_diag diag;
    struct elfld_opts o = {.struct_size = sizeof o, .flags = a->flags, .diag = &diag,
                           .search_path = a->search[0] ? a->search : NULL};
    if (a->ninputs == 1 && a->nlibraries == 0 && !cli_is_object_input(a->inputs[0])) {
        int rc = elfld_load(ctx, a->inputs[0], &o, out);
        return rc ? report(a->inputs[0], rc, &diag) : 0;
    }
    struct elfld_input in[2 * MAX_INPUTS];
    size_t n = 0;
    for (size_t i = 0; i < a->ninputs; i++) {
        if (!cli_is_object_input(a->inputs[i])) {
            fprintf(stderr, "elfld: %s: not a relocatable object or archive; link a shared "
                            "library with -l\n", a->inputs[i]);
            return ELFLD_ETYPE;
        }
        in[n++] = (struct elfld_input){.name = a->inputs[i]};
    }
    for (size_t i = 0; i < a->nlibraries; i++)
        in[n++] = (struct elfld_input){.name = a->libraries[i], .flags = ELFLD_INPUT_LIBRARY};
    if (a->symbol) {                  /* the archive member defining it is taken */
        o.require = &a->symbol;
        o.require_count = 1;
    }
    int rc = elfld_load_objects(ctx, in, n, &o, out);
    return rc ? report(a->inputs[0], rc, &diag) : 0;
}

typedef long (*int_fn)(long, long, long, long, long, long);

static int run(int argc, char **argv, char **envp, int nargs, char **args, unsigned levels,
               int symbol_required) {
    struct run_args a;
    int rc = parse_run(nargs, args, &a, symbol_required);
    if (rc)
        return rc;
    elfld_ctx *ctx = cli_context(argc, argv, envp, levels);
    if (!ctx)
        return CLI_FAILED;
    elfld_lib *lib;
    int status = CLI_OK;
    if (load_inputs(ctx, &a, &lib)) {
        status = CLI_FAILED;
    } else if (a.symbol) {
        void *p = elfld_sym(lib, a.symbol);
        if (!p) {
            fprintf(stderr, "elfld: %s: no symbol %s\n", elfld_name(lib), a.symbol);
            status = CLI_FAILED;
        } else {
            /* ISO C has no conversion from object to function pointer; POSIX (dlsym) has. */
            int_fn fn;
            memcpy(&fn, &p, sizeof fn);
            long v = fn(a.ints[0], a.ints[1], a.ints[2], a.ints[3], a.ints[4], a.ints[5]);
            printf("%s(", a.symbol);
            for (size_t i = 0; i < a.nints; i++)
                printf("%s%ld", i ? ", " : "", a.ints[i]);
            printf(") = %ld\n", v);
        }
    }
    if (status == CLI_OK)
        elfld_release(lib);
    elfld_ctx_destroy(ctx);
    return status;
}

/* ------------------------------------------------------------------ deps */
/* The loader's dependency decisions (ELFLD_LOG_DEBUG lines beginning "deps: "), printed as
 * they come, then each library the load mapped with where it is. */
static void print_deps_log(void *user, int level, const char *msg) {
    (void)user;
    if (level == ELFLD_LOG_DEBUG && strncmp(msg, "deps: ", 6) == 0)
        printf("  %s\n", msg + 6);
    else if (level <= ELFLD_LOG_WARN)
        print_log(NULL, level, msg);
}

static int deps(int argc, char **argv, char **envp, const char *path) {
    elfld_ctx *ctx = context_logging(argc, argv, envp, (1u << ELFLD_LOG_ERROR) |
                                     (1u << ELFLD_LOG_WARN) | (1u << ELFLD_LOG_DEBUG),
                                     print_deps_log);
    if (!ctx)
        return CLI_FAILED;
    printf("%s: decisions\n", path);
    elfld_lib *lib;
    if (cli_load(ctx, path, ELFLD_LAZY | ELFLD_NO_INIT, &lib)) {
        elfld_ctx_destroy(ctx);
        return CLI_FAILED;
    }
    printf("%s: mapped\n", path);
    for (elfld_lib *l = elfld_next(ctx, NULL); l; l = elfld_next(ctx, l))
        printf("  %s => %s (0x%lx)\n", elfld_soname(l) ? elfld_soname(l) : "-", elfld_name(l),
               (unsigned long)elfld_base(l));
    elfld_release(lib);
    elfld_ctx_destroy(ctx);
    return CLI_OK;
}

int main(int argc, char **argv, char **envp) {
    if (argc < 2)
        return usage("no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        unsigned long v = elfld_version();
        printf("elfld %lu.%lu.%lu\n", v / 10000, v / 100 % 100, v % 100);
        return CLI_OK;
    }
    if (strcmp(cmd, "info") == 0)
        return cli_info(argc, argv, envp);
    if (strcmp(cmd, "deps") == 0) {
        if (argc != 3)
            return usage("deps takes one file");
        if (!is_file(argv[2])) {
            fprintf(stderr, "elfld: %s: no such file\n", argv[2]);
            return CLI_FAILED;
        }
        return deps(argc, argv, envp, argv[2]);
    }
    if (strcmp(cmd, "exec") == 0) {
        if (argc < 3)
            return usage("exec needs a program");
        return cli_exec(argc, argv, envp);
    }
    unsigned warnings = (1u << ELFLD_LOG_ERROR) | (1u << ELFLD_LOG_WARN);
    if (strcmp(cmd, "run") == 0)
        return run(argc, argv, envp, argc - 2, argv + 2, warnings, 1);
    if (strcmp(cmd, "trace") == 0)
        return run(argc, argv, envp, argc - 2, argv + 2, (2u << ELFLD_LOG_TRACE) - 1u, 0);
    fprintf(stderr, "elfld: unknown command %s\n", cmd);
    return usage(NULL);
}
