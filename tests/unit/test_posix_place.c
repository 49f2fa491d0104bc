/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_posix_place.c - the POSIX host's reserve_within (src/host/posix_place.c), called
 * directly, in an address range the test lays out itself: eight pages mapped, each marked, with
 * a hole of three pages punched in the middle.
 *   hole_found       a one-page request in a window covering all eight pages lands in the hole
 *                    (the only free place), and no marked page changed
 *   unaligned_first  a window starting one byte into the hole and two pages long: the region
 *                    starts on the one page boundary that keeps it inside the window
 *   hole_start       a window over a mapped page and the hole's first page: that page
 *   no_room          four pages do not fit the three-page hole: NULL, nothing mapped
 *   empty_window     first > last, or a window smaller than the request: NULL
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "elfld/posix.h"

#define NPAGES 8
#define HOLE_FIRST 2                       /* pages 2, 3, 4 */
#define HOLE_PAGES 3

static struct elfld_host host;
static uintptr_t page, area;

static uintptr_t at(unsigned k) { return area + k * page; }
static bool in_hole(unsigned k) { return k >= HOLE_FIRST && k < HOLE_FIRST + HOLE_PAGES; }

static int setup(void **state)
{
    (void)state;
    elfld_posix_host(&host, 0, NULL, NULL);
    page = (uintptr_t)sysconf(_SC_PAGESIZE);
    void *p = mmap(NULL, NPAGES * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    assert_true(p != MAP_FAILED);
    area = (uintptr_t)p;
    for (unsigned k = 0; k < NPAGES; k++)
        memset((void *)at(k), 0xa0 + (int)k, page);
    assert_int_equal(munmap((void *)at(HOLE_FIRST), HOLE_PAGES * page), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (unsigned k = 0; k < NPAGES; k++)
        if (!in_hole(k))
            munmap((void *)at(k), page);
    return 0;
}

static void assert_marks_intact(void)
{
    for (unsigned k = 0; k < NPAGES; k++)
        if (!in_hole(k)) {
            const unsigned char *b = (const unsigned char *)at(k);
            assert_int_equal(b[0], 0xa0 + k);
            assert_int_equal(b[page - 1], 0xa0 + k);
        }
}

static void test_hole_found(void **state)
{
    (void)state;
    assert_non_null(host.reserve_within);
    void *p = host.reserve_within(NULL, page, page, at(0), at(NPAGES) - 1);
    assert_non_null(p);
    uintptr_t a = (uintptr_t)p;
    assert_true(a >= at(HOLE_FIRST) && a + page <= at(HOLE_FIRST + HOLE_PAGES));
    memset(p, 0x11, page);                 /* fresh, writable */
    assert_marks_intact();
    host.unreserve(NULL, p, page);
}

/* Exactly one page boundary lets a page start at or after `first` and end by `last`. */
static void test_unaligned_first(void **state)
{
    (void)state;
    uintptr_t first = at(HOLE_FIRST) + 1, last = at(HOLE_FIRST + 2) - 1;
    void *p = host.reserve_within(NULL, page, page, first, last);
    assert_true((uintptr_t)p == at(HOLE_FIRST + 1));
    assert_marks_intact();
    host.unreserve(NULL, p, page);
}

/* A window over the page before the hole and the hole's first page: only the latter is free. */
static void test_hole_start(void **state)
{
    (void)state;
    void *p = host.reserve_within(NULL, page, page, at(HOLE_FIRST - 1), at(HOLE_FIRST + 1) - 1);
    assert_true((uintptr_t)p == at(HOLE_FIRST));
    assert_marks_intact();
    host.unreserve(NULL, p, page);
}

static void test_no_room(void **state)
{
    (void)state;
    assert_null(host.reserve_within(NULL, 4 * page, page, at(0), at(NPAGES) - 1));
    assert_marks_intact();
}

static void test_empty_window(void **state)
{
    (void)state;
    assert_null(host.reserve_within(NULL, page, page, at(HOLE_FIRST + 1), at(HOLE_FIRST)));
    assert_null(host.reserve_within(NULL, 2 * page, page, at(HOLE_FIRST),
                                    at(HOLE_FIRST) + page - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hole_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unaligned_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hole_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_room, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_window, setup, teardown),
    };
    return cmocka_run_group_tests_name("posix-place", tests, NULL, NULL);
}
