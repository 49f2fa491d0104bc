/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_lua.c - Debian's liblua5.4.a (liblua5.4-dev) linked at run time and running Lua
 * code.  Debian builds this archive as PIE code, not PIC: lauxlib.o, lbaselib.o, liolib.o and
 * ldblib.o read `stderr`, `stdout` and `stdin` through 32-bit PC-relative fields
 * (R_X86_64_PC32), which no veneer can redirect.  They resolve to this process's variables -
 * copies in the executable for a gcc-built PIE and for the non-PIE program, libc's own for
 * -fPIC - and the image only links where those fields reach them: the placement window
 * (reserve_within) puts it there.  Each test checks that the window was asked for and that the
 * image lies within 2 GiB of `stdout`, then runs Lua code whose results this program computes
 * itself: print() through the PC32 field to stdout (captured through a pipe), arithmetic,
 * string patterns, math (libm from this process), and an error raised in Lua and caught by
 * lua_pcall (longjmp inside the image).
 *
 * The prototypes come from the system's lua.h / lauxlib.h / lualib.h, installed by the same
 * package as the archive; this program never links Lua itself.
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN LIBLUA_A HOST_KIND (pie | fpic | nopie, debian_archive.h).
 */
#define _GNU_SOURCE /* dl_iterate_phdr (debian_archive.h) */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "debian_archive.h"

struct lua_api {
    lua_State *(*newstate)(void);
    void (*openlibs)(lua_State *);
    int (*loadstring)(lua_State *, const char *);
    int (*pcallk)(lua_State *, int, int, int, lua_KContext, lua_KFunction);
    lua_Integer (*tointegerx)(lua_State *, int, int *);
    const char *(*tolstring)(lua_State *, int, size_t *);
    void (*settop)(lua_State *, int);
    void (*close)(lua_State *);
};


static const char *const required[] = {
    "luaL_newstate", "luaL_openlibs", "luaL_loadstring", "lua_pcallk", "lua_tointegerx",
    "lua_tolstring", "lua_settop", "lua_close",
};

static uintptr_t distance(uintptr_t a, uintptr_t b) { return a > b ? a - b : b - a; }

static elfld_lib *load_lua(struct tu_env *env, struct lua_api *api)
{
    elfld_lib *lib = archive_load(env, required, sizeof required / sizeof required[0], NULL);
    /* placed by the window, within reach of the C library's stream variables */
    assert_int_equal(env->ch.n_reserve_within, 1);
    assert_true(distance(elfld_base(lib), (uintptr_t)&stdout) < ((uintptr_t)1 << 31));
    assert_true(distance(elfld_base(lib) + elfld_size(lib), (uintptr_t)&stdout) <
                ((uintptr_t)1 << 31));
    LOOKUP(lib, api->newstate, luaL_newstate);
    LOOKUP(lib, api->openlibs, luaL_openlibs);
    LOOKUP(lib, api->loadstring, luaL_loadstring);
    LOOKUP(lib, api->pcallk, lua_pcallk);
    LOOKUP(lib, api->tointegerx, lua_tointegerx);
    LOOKUP(lib, api->tolstring, lua_tolstring);
    LOOKUP(lib, api->settop, lua_settop);
    LOOKUP(lib, api->close, lua_close);
    return lib;
}

/* A Lua state with the standard libraries opened. */
static lua_State *new_state(const struct lua_api *api)
{
    lua_State *L = api->newstate();
    assert_non_null(L);
    api->openlibs(L);
    return L;
}

/* Run `chunk` with `nres` results; returns the lua_pcall status. */
static int run(const struct lua_api *api, lua_State *L, const char *chunk, int nres)
{
    int rc = api->loadstring(L, chunk);
    if (rc != LUA_OK)
        return rc;
    return api->pcallk(L, 0, nres, 0, 0, NULL);
}

static const char *const program =
    "local t = {}\n"
    "for i = 1, 1000 do t[i] = i * i end\n"
    "local s = 0\n"
    "for _, v in ipairs(t) do s = s + v end\n"
    "local words = {}\n"
    "for w in string.gmatch('the quick brown fox', '%a+') do words[#words + 1] = w:upper() end\n"
    "print(table.concat(words, '-'), s)\n"
    "return s, string.format('%.3f', math.sqrt(2) * math.pi), #words\n";

static void test_program(void **state)
{
    struct tu_env *env = *state;
    struct lua_api api;
    elfld_lib *lib = load_lua(env, &api);
    lua_State *L = new_state(&api);

    /* print() writes with fwrite to `stdout` read through its PC32 field: capture fd 1 */
    int fds[2], saved = dup(1);
    assert_int_equal(pipe(fds), 0);
    fflush(stdout);
    assert_true(dup2(fds[1], 1) == 1);
    int rc = run(&api, L, program, 3);
    fflush(stdout);
    assert_true(dup2(saved, 1) == 1);
    close(saved);
    close(fds[1]);
    char out[256] = {0};
    ssize_t n = read(fds[0], out, sizeof out - 1);
    close(fds[0]);
    if (rc != LUA_OK)
        fail_msg("lua: %s", api.tolstring(L, -1, NULL));

    long long squares = 1000LL * 1001 * 2001 / 6;      /* sum of i^2, i = 1..1000 */
    char want_out[64], want_num[32];
    snprintf(want_out, sizeof want_out, "THE-QUICK-BROWN-FOX\t%lld\n", squares);
    snprintf(want_num, sizeof want_num, "%.3f", sqrt(2.0) * M_PI);
    assert_int_equal(n, (ssize_t)strlen(want_out));
    assert_string_equal(out, want_out);
    int isnum = 0;
    assert_int_equal(api.tointegerx(L, -3, &isnum), squares);
    assert_true(isnum);
    assert_string_equal(api.tolstring(L, -2, NULL), want_num);
    assert_int_equal(api.tointegerx(L, -1, NULL), 4);
    api.settop(L, 0);
    api.close(L);
    elfld_release(lib);
}

static void test_errors(void **state)
{
    struct tu_env *env = *state;
    struct lua_api api;
    elfld_lib *lib = load_lua(env, &api);
    lua_State *L = new_state(&api);
    /* raised in Lua, unwound with longjmp inside the image, caught by lua_pcall */
    assert_int_equal(run(&api, L, "error('boom ' .. 6 * 7)", 0), LUA_ERRRUN);
    assert_non_null(strstr(api.tolstring(L, -1, NULL), "boom 42"));
    api.settop(L, 0);
    /* a syntax error, reported by the parser */
    assert_int_equal(run(&api, L, "return 1 +", 1), LUA_ERRSYNTAX);
    assert_non_null(strstr(api.tolstring(L, -1, NULL), "unexpected symbol"));
    api.settop(L, 0);
    /* still usable afterwards */
    assert_int_equal(run(&api, L, "return 2^10 // 1", 1), LUA_OK);
    assert_int_equal(api.tointegerx(L, -1, NULL), 1024);
    api.close(L);
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    archive_args(argc, argv);
    /* A program that links liblua5.4.a statically references all three streams through it, so
     * a gcc-built PIE or non-PIE program gets a copy of each (COPY relocations), and the
     * image's PC32 fields reach all three from one place.  This program references them itself
     * for the same effect: with only stderr copied (the test library uses it) and stdin left
     * in libc.so, terabytes apart, no placement reaches both and the load fails with
     * ELFLD_EPLACE naming the two. */
    fprintf(stderr, "liblua5.4.a: streams %d %d %d\n", fileno(stdin), fileno(stdout),
            fileno(stderr));
    const struct CMUnitTest tests[] = {
        TU_TEST(test_program),
        TU_TEST(test_errors),
    };
    return cmocka_run_group_tests_name("liblua5.4.a", tests, NULL, NULL);
}
