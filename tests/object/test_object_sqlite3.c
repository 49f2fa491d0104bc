/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_sqlite3.c - Debian's libsqlite3.a (libsqlite3-dev) linked at run time: the
 * members the entry points below need are pulled out of the archive (most of it: main.o
 * refers to the built-in extensions), the C library and libm functions come from this
 * process, and an in-memory database is created, filled and queried.  Every result is checked
 * against values this program computes itself from the same formula.
 *
 * The prototypes and constants come from the system's sqlite3.h, installed by the same package
 * as the archive; this program never links SQLite itself.
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN LIBSQLITE3_A HOST_KIND (pie | fpic | nopie, debian_archive.h).
 */
#define _GNU_SOURCE /* dl_iterate_phdr (debian_archive.h) */
#include "testutil.h"

#include <sqlite3.h>

#include "debian_archive.h"

/* The entry points the test calls, looked up in the linked image. */
struct sqlite_api {
    const char *(*libversion)(void);
    int (*libversion_number)(void);
    int (*open)(const char *, sqlite3 **);
    int (*close)(sqlite3 *);
    int (*exec)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
    const char *(*errmsg)(sqlite3 *);
    int (*prepare_v2)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
    int (*bind_int64)(sqlite3_stmt *, int, sqlite3_int64);
    int (*step)(sqlite3_stmt *);
    int (*reset)(sqlite3_stmt *);
    int (*finalize)(sqlite3_stmt *);
    int (*column_count)(sqlite3_stmt *);
    sqlite3_int64 (*column_int64)(sqlite3_stmt *, int);
    double (*column_double)(sqlite3_stmt *, int);
    void (*free)(void *);
    int (*shutdown)(void);
};


static const char *const required[] = {
    "sqlite3_libversion", "sqlite3_libversion_number", "sqlite3_open", "sqlite3_close",
    "sqlite3_exec", "sqlite3_errmsg", "sqlite3_prepare_v2", "sqlite3_bind_int64",
    "sqlite3_step", "sqlite3_reset", "sqlite3_finalize", "sqlite3_column_count",
    "sqlite3_column_int64", "sqlite3_column_double", "sqlite3_free", "sqlite3_shutdown",
};

static elfld_lib *load_sqlite(struct tu_env *env, struct sqlite_api *api)
{
    elfld_lib *lib = archive_load(env, required, sizeof required / sizeof required[0], NULL);

    LOOKUP(lib, api->libversion, sqlite3_libversion);
    LOOKUP(lib, api->libversion_number, sqlite3_libversion_number);
    LOOKUP(lib, api->open, sqlite3_open);
    LOOKUP(lib, api->close, sqlite3_close);
    LOOKUP(lib, api->exec, sqlite3_exec);
    LOOKUP(lib, api->errmsg, sqlite3_errmsg);
    LOOKUP(lib, api->prepare_v2, sqlite3_prepare_v2);
    LOOKUP(lib, api->bind_int64, sqlite3_bind_int64);
    LOOKUP(lib, api->step, sqlite3_step);
    LOOKUP(lib, api->reset, sqlite3_reset);
    LOOKUP(lib, api->finalize, sqlite3_finalize);
    LOOKUP(lib, api->column_count, sqlite3_column_count);
    LOOKUP(lib, api->column_int64, sqlite3_column_int64);
    LOOKUP(lib, api->column_double, sqlite3_column_double);
    LOOKUP(lib, api->free, sqlite3_free);
    LOOKUP(lib, api->shutdown, sqlite3_shutdown);
    return lib;
}

/* Run SQL that returns no rows, failing the test with SQLite's message otherwise. */
static void exec_ok(const struct sqlite_api *api, sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = api->exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        print_error("%s: %s\n", sql, err ? err : "?");
    api->free(err);
    assert_int_equal(rc, SQLITE_OK);
}

enum { ROWS = 10000, GROUPS = 7 };

/* The value stored with key k (1..ROWS): spread over about -500000..500002, negative ones
 * included, so that a sum computed wrongly (a lost sign, a dropped row) shows. */
static int64_t value_of(int64_t k)
{
    return (k * 2654435761 % 1000003) - 500000;
}

struct group {
    int64_t count, sum, min, max;
};

/* The oracle: GROUP BY k % 7 computed here, from the formula. */
static void expected_groups(struct group g[GROUPS])
{
    for (int i = 0; i < GROUPS; i++)
        g[i] = (struct group){0, 0, INT64_MAX, INT64_MIN};
    for (int64_t k = 1; k <= ROWS; k++) {
        struct group *e = &g[k % GROUPS];
        int64_t v = value_of(k);
        e->count++;
        e->sum += v;
        if (v < e->min)
            e->min = v;
        if (v > e->max)
            e->max = v;
    }
}

static sqlite3 *open_filled(const struct sqlite_api *api)
{
    sqlite3 *db = NULL;
    assert_int_equal(api->open(":memory:", &db), SQLITE_OK);
    assert_non_null(db);
    exec_ok(api, db, "CREATE TABLE t(k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");

    /* one transaction around all inserts, one prepared statement reused */
    exec_ok(api, db, "BEGIN");
    sqlite3_stmt *ins = NULL;
    assert_int_equal(api->prepare_v2(db, "INSERT INTO t(k, v) VALUES(?1, ?2)", -1, &ins, NULL),
                     SQLITE_OK);
    for (int64_t k = 1; k <= ROWS; k++) {
        assert_int_equal(api->bind_int64(ins, 1, k), SQLITE_OK);
        assert_int_equal(api->bind_int64(ins, 2, value_of(k)), SQLITE_OK);
        int rc = api->step(ins);
        if (rc != SQLITE_DONE)
            print_error("insert %lld: %s\n", (long long)k, api->errmsg(db));
        assert_int_equal(rc, SQLITE_DONE);
        assert_int_equal(api->reset(ins), SQLITE_OK);
    }
    assert_int_equal(api->finalize(ins), SQLITE_OK);
    exec_ok(api, db, "COMMIT");
    return db;
}

static void test_version(void **state)
{
    struct tu_env *env = *state;
    struct sqlite_api api;
    elfld_lib *lib = load_sqlite(env, &api);
    assert_string_equal(api.libversion(), SQLITE_VERSION);
    assert_int_equal(api.libversion_number(), SQLITE_VERSION_NUMBER);
    assert_int_equal(api.shutdown(), SQLITE_OK);
    elfld_release(lib);
}

static void test_group_by(void **state)
{
    struct tu_env *env = *state;
    struct sqlite_api api;
    elfld_lib *lib = load_sqlite(env, &api);
    sqlite3 *db = open_filled(&api);

    struct group want[GROUPS];
    expected_groups(want);
    sqlite3_stmt *q = NULL;
    assert_int_equal(api.prepare_v2(db,
                                    "SELECT k % 7, COUNT(*), SUM(v), MIN(v), MAX(v) FROM t "
                                    "GROUP BY k % 7 ORDER BY k % 7",
                                    -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(api.column_count(q), 5);
    int rows = 0;
    int rc;
    while ((rc = api.step(q)) == SQLITE_ROW) {
        assert_true(rows < GROUPS);
        const struct group *e = &want[rows];
        assert_int_equal(api.column_int64(q, 0), rows);
        assert_int_equal(api.column_int64(q, 1), e->count);
        assert_int_equal(api.column_int64(q, 2), e->sum);
        assert_int_equal(api.column_int64(q, 3), e->min);
        assert_int_equal(api.column_int64(q, 4), e->max);
        rows++;
    }
    assert_int_equal(rc, SQLITE_DONE);
    assert_int_equal(rows, GROUPS);
    assert_int_equal(api.finalize(q), SQLITE_OK);

    assert_int_equal(api.close(db), SQLITE_OK);
    assert_int_equal(api.shutdown(), SQLITE_OK);
    elfld_release(lib);
}

/* sqlite3_exec's row callback: code of the image calling back into this program. */
struct totals {
    int calls;
    long long count, sum;
};

static int totals_row(void *user, int ncol, char **values, char **names)
{
    struct totals *t = user;
    (void)names;
    if (ncol != 2 || values[0] == NULL || values[1] == NULL)
        return 1;
    t->calls++;
    t->count = strtoll(values[0], NULL, 10);
    t->sum = strtoll(values[1], NULL, 10);
    return 0;
}

static void test_callback_and_math(void **state)
{
    struct tu_env *env = *state;
    struct sqlite_api api;
    elfld_lib *lib = load_sqlite(env, &api);
    sqlite3 *db = open_filled(&api);

    int64_t sum = 0;
    for (int64_t k = 1; k <= ROWS; k++)
        sum += value_of(k);
    struct totals t = {0, 0, 0};
    char *err = NULL;
    assert_int_equal(api.exec(db, "SELECT COUNT(*), SUM(v) FROM t", totals_row, &t, &err),
                     SQLITE_OK);
    assert_null(err);
    assert_int_equal(t.calls, 1);
    assert_int_equal(t.count, ROWS);
    assert_int_equal(t.sum, sum);

    /* SQL math functions: Debian enables them, and they call libm's pow and sqrt, which
     * resolve to this process's libm */
    sqlite3_stmt *q = NULL;
    assert_int_equal(api.prepare_v2(db, "SELECT pow(2, 10), sqrt(2.25)", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(api.step(q), SQLITE_ROW);
    assert_true(api.column_double(q, 0) == 1024.0);
    assert_true(api.column_double(q, 1) == 1.5);
    assert_int_equal(api.step(q), SQLITE_DONE);
    assert_int_equal(api.finalize(q), SQLITE_OK);

    assert_int_equal(api.close(db), SQLITE_OK);
    assert_int_equal(api.shutdown(), SQLITE_OK);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    archive_args(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_version),
        TU_TEST(test_group_by),
        TU_TEST(test_callback_and_math),
    };
    return cmocka_run_group_tests_name("libsqlite3.a", tests, NULL, NULL);
}
