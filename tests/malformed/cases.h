/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * cases.h - the driver shared by the malformed-input programs: test_malformed.c (images,
 * elfld_load_mem) and test_malformed_objects.c (objects and archives, elfld_load_objects).
 *
 * A cases file, as gen.py and gen_obj.py write it, is
 *     MAGIC (8 bytes), u32 version = 1, u32 ncases
 *     per case: u32 name_len, name, i32 expected code, u32 load flags, then the fields only
 *               that program has (read by its read_case)
 * with every integer little endian.  mc_main reads the file (a short or malformed one exits
 * with status 2), makes two cmocka tests per case - one loads the bytes from memory, the other
 * ("NAME (by path)") writes them to a file and loads it by name, through the host's open,
 * read_source and map_source, so that every case, policy and load flag is proven on both
 * routes - and runs each on a fresh context over the counting host; the teardown destroys the
 * context and asserts that nothing is left.  The program's run function loads the case its
 * own way and checks the result with mc_check_rc and mc_assert_nothing_left, plus its own
 * checks.
 */
#ifndef ELFLD_TEST_MALFORMED_CASES_H
#define ELFLD_TEST_MALFORMED_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "testutil.h"

/* What every case has; each program's case struct begins with it. */
struct mc_case {
    char *name;
    int expect;               /* ELFLD_E* code, 0 for the controls */
    unsigned flags;           /* ELFLD_* load flags */
};

/* Reads a cases file front to back; a read past its end is a bad file (exit status 2). */
struct mc_reader {
    const unsigned char *p, *end;
    const char *path;
};
uint32_t mc_u32(struct mc_reader *r);
uint64_t mc_u64(struct mc_reader *r);
/* The next n bytes as a malloc'd copy with a NUL after them. */
unsigned char *mc_bytes(struct mc_reader *r, size_t n);
/* A u32 length and that many bytes, as a malloc'd NUL-terminated string. */
char *mc_str(struct mc_reader *r);

/* How a case's input reaches the loader. */
enum mc_route {
    MC_BY_MEMORY,             /* elfld_load_mem / inputs with data */
    MC_BY_PATH,               /* written to a file, loaded by its name through the host */
};

/* Write size bytes to a new file named `name` in a new temporary directory; returns its path
 * (malloc'd).  mc_remove_file removes the file and the directory and frees the path. */
char *mc_write_file(const char *name, const void *data, size_t size);
void mc_remove_file(char *path);

struct mc_program {
    const char *prog;         /* program name in messages */
    const char *group;        /* cmocka group name */
    const char *dir_arg;      /* the first argument's name in the usage line */
    const char *magic;        /* the cases file's first 8 bytes */
    size_t case_size;         /* sizeof the program's case struct */
    /* Read the fields after the head (already read into the struct) into the case. */
    void (*read_case)(struct mc_reader *r, void *c);
    /* Free what read_case allocated (the head's name is freed by the driver). */
    void (*free_case)(void *c);
    /* Load the case on env->ctx by the given route and check it. */
    void (*run_case)(struct tu_env *env, const void *c, enum mc_route route);
};

/* main() of a malformed-input program: PROG DIR TOOLCHAIN CASES_FILE.  Returns the number of
 * failed cases; 2 for a bad command line, an empty cases file or a malformed one. */
int mc_main(int argc, char **argv, const struct mc_program *prog);

/* The load returned exactly c->expect.  On success lib is non-NULL and is released here; on
 * failure lib is NULL and the diagnostic carries the same code and a message. */
void mc_check_rc(const struct mc_case *c, int rc, elfld_lib *lib, const struct elfld_diag *diag);

/* Nothing left behind by the load: reservations, allocations and open blobs are what they were
 * at `before`, and the count host saw no bad free / unreserve / close or W+X request. */
void mc_assert_nothing_left(const struct tu_env *env, struct tu_snap before);

#endif /* ELFLD_TEST_MALFORMED_CASES_H */
