/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_frames.c - broken frame tables (docs/DESIGN.md, "Frame tables"): the image still
 * loads, the host's image_ready gets no table, and a warning names the image and the reason;
 * a table that passes is handed over whole.
 *
 * The input is a real plugin with real tables (eh_plugin.cpp as g++ or zig c++ built it),
 * loaded from memory with ELFLD_NO_DEPS (every name it imports gets a dummy: no code of it
 * runs).  Each case breaks one field of one record in a copy of the file - found through the
 * section headers, so the breakage is where the format says the field is - and checks the
 * refusal and its reason.
 *
 * Usage: test_frames FIXTURE_DIR TOOLCHAIN PLUGIN_SO
 */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#if defined(__ARM_EABI__) && !defined(__ARM_DWARF_EH__)
#define EHABI 1
#else
#define EHABI 0
#endif

static const char *plugin;
static unsigned char *image;            /* the plugin's bytes, read once */
static size_t image_size;

static struct elfld_image_info seen;
static int nready;

static size_t section(const char *name, size_t *size);

/* The table as image_ready saw it (the image is gone once load() returns). */
static unsigned char copied[1 << 16];
static uintptr_t image_eh_frame;              /* where .eh_frame lies in the loaded image */

static void capture(void *user, const struct elfld_image_info *info)
{
    (void)user;
    seen = *info;
    nready++;
    if (info->eh_frame && info->eh_frame_size <= sizeof copied)
        memcpy(copied, info->eh_frame, info->eh_frame_size);
    size_t size, off = section(".eh_frame", &size);
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)image;
    const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(image + eh->e_shoff);
    for (unsigned i = 1; off && i < eh->e_shnum; i++)
        if (sh[i].sh_offset == off)
            image_eh_frame = info->base + sh[i].sh_addr;
}

/* Every import resolves to a function that does nothing: the C runtime's start-up code calls
 * a few (_ITM_registerTMCloneTable, __cxa_finalize); the plugin's own code never runs. */
static void nothing(void) {}

static int anything(void *user, const char *name, const char *version, struct elfld_found *out)
{
    (void)user;
    (void)name;
    (void)version;
    void (*fn)(void) = nothing;
    memcpy(&out->addr, &fn, sizeof out->addr);
    out->size = 0;
    return 1;
}

/* The file offset and size of section `name`, or 0. */
static size_t section(const char *name, size_t *size)
{
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)image;
    const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(image + eh->e_shoff);
    const char *names = (const char *)image + sh[eh->e_shstrndx].sh_offset;
    for (unsigned i = 1; i < eh->e_shnum; i++)
        if (strcmp(names + sh[i].sh_name, name) == 0) {
            *size = sh[i].sh_size;
            return sh[i].sh_offset;
        }
    return 0;
}

static uint32_t get32(const unsigned char *b, size_t off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}

static void put32(unsigned char *b, size_t off, uint32_t v)
{
    memcpy(b + off, &v, 4);
}

/* Load `bytes` and return what image_ready said of it; the library is released. */
static void load(void **state, const unsigned char *bytes)
{
    struct tu_env *env = *state;
    struct elfld_opts o = tu_opts(ELFLD_NOW | ELFLD_NO_DEPS, NULL);
    struct elfld_diag diag;
    memset(&diag, 0, sizeof diag);
    o.diag = &diag;
    o.post_find = anything;
    env->ch.last_log[0] = 0;
    memset(&seen, 0, sizeof seen);
    nready = 0;
    elfld_lib *lib = NULL;
    int rc = elfld_load_mem(env->ctx, bytes, image_size, &o, &lib);
    tu_assert_rc(rc, 0, &diag);
    assert_int_equal(nready, 1);
    elfld_release(lib);
}

static int setup(void **state)
{
    struct tu_env *env = calloc(1, sizeof *env);
    tu_env_init(env);
    env->host.image_ready = capture;
    env->host.image_going = NULL;
    tu_env_ctx(env);
    *state = env;
    return 0;
}

/* The table as the file has it: handed over. */
static void test_whole(void **state)
{
    load(state, image);
    assert_string_equal(((struct tu_env *)*state)->ch.last_log, "");
    if (EHABI) {
        size_t size, off = section(".ARM.exidx", &size);
        assert_true(off != 0);
        assert_non_null(seen.arm_exidx);
        assert_int_equal(seen.arm_exidx_count, size / 8);
    } else {
        size_t size, off = section(".eh_frame", &size), hsize, hoff = section(".eh_frame_hdr", &hsize);
        assert_true(off != 0 && hoff != 0);
        assert_non_null(seen.eh_frame_hdr);
        assert_int_equal(seen.eh_frame_hdr_size, hsize);
        assert_non_null(seen.eh_frame);
        /* the records up to the zero terminator, which ends the section */
        assert_int_equal(seen.eh_frame_size, size);
        assert_int_equal(get32(image, off + size - 4), 0);
    }
}

/* One broken field: loaded all the same, no table, the reason logged. */
static void expect_refused(void **state, unsigned char *bytes, const char *why)
{
    load(state, bytes);
    free(bytes);
    const char *log = ((struct tu_env *)*state)->ch.last_log;
    if (!strstr(log, "no unwind information") || !strstr(log, why))
        fail_msg("expected a warning with \"%s\", got \"%s\"", why, log);
    assert_null(EHABI ? seen.arm_exidx : seen.eh_frame);
}

static unsigned char *copy(void)
{
    unsigned char *b = malloc(image_size);
    assert_non_null(b);
    memcpy(b, image, image_size);
    return b;
}

/* The first FDE of .eh_frame: its offset in the file (after the first CIE). */
static size_t first_fde(void)
{
    size_t size, off = section(".eh_frame", &size);
    for (size_t p = off; p < off + size;) {
        uint32_t len = get32(image, p);
        if (len == 0)
            break;
        if (get32(image, p + 4) != 0)
            return p;
        p += 4 + len;
    }
    fail_msg("no FDE in .eh_frame");
    return 0;
}

static void test_hdr_version(void **state)
{
    size_t size, off = section(".eh_frame_hdr", &size);
    unsigned char *b = copy();
    b[off] = 2;
    expect_refused(state, b, "the .eh_frame_hdr header is bad");
}

static void test_hdr_search_entry(void **state)
{
    /* header (4 bytes), eh_frame_ptr and fde_count (sdata4/udata4), then the pairs: the
     * first pair's FDE pointer sent far past .eh_frame */
    size_t size, off = section(".eh_frame_hdr", &size);
    unsigned char *b = copy();
    assert_int_equal(b[off + 3], 0x3b);             /* DW_EH_PE_datarel | DW_EH_PE_sdata4 */
    put32(b, off + 12 + 4, 0x7fff0000);
    expect_refused(state, b, "search entry points outside .eh_frame");
}

/* A copy of the plugin with the word at `off` replaced, refused for `why`. */
static void expect_word_refused(void **state, size_t off, uint32_t word, const char *why)
{
    unsigned char *b = copy();
    put32(b, off, word);
    expect_refused(state, b, why);
}

static void test_record_length(void **state)
{
    size_t size, off = section(".eh_frame", &size);
    expect_word_refused(state, off, 0x7ffffff0, "length runs past the table");
}

/* The first FDE that follows an FDE of the same CIE - the check reads those in a quick loop
 * for the common shape - or, in a table without such a pair, the first FDE. */
static size_t later_fde(void)
{
    size_t size, off = section(".eh_frame", &size), prev_cie = 0;
    for (size_t p = off; p + 8 <= off + size;) {
        uint32_t len = get32(image, p), id = get32(image, p + 4);
        if (len == 0)
            break;
        size_t cie = id ? p + 4 - id : 0;
        if (cie && cie == prev_cie)
            return p;
        prev_cie = cie;
        p += 4 + len;
    }
    return first_fde();
}

/* The same for an FDE's length, and for its CIE pointer. */
static void test_fde_length(void **state)
{
    expect_word_refused(state, later_fde(), 0x7ffffff0, "length runs past the table");
}

/* ... and for its augmentation data (the C++ plugin's CIEs say 'z': every FDE has some). */
static void test_fde_augmentation(void **state)
{
    size_t fde = later_fde();
    unsigned char *b = copy();
    b[fde + 16] = 0x7f;                              /* 127 bytes: past the record */
    expect_refused(state, b, "augmentation data runs past it");
}

static void test_fde_cie_pointer(void **state)
{
    expect_word_refused(state, later_fde() + 4, 0x7ffffff0, "CIE pointer leads outside the table");
}

static void test_extended_length(void **state)
{
    size_t size, off = section(".eh_frame", &size);
    expect_word_refused(state, off, 0xffffffff, "64-bit length");
}

static void test_cie_version(void **state)
{
    size_t size, off = section(".eh_frame", &size);
    unsigned char *b = copy();
    assert_int_equal(get32(b, off + 4), 0);        /* the first record is a CIE */
    b[off + 8] = 9;
    expect_refused(state, b, "unknown version");
}

static void test_cie_pointer(void **state)
{
    expect_word_refused(state, first_fde() + 4, 0x7ffffff0, "CIE pointer leads outside the table");
}

static void test_fde_outside_code(void **state)
{
    /* pc_begin is PC-relative sdata4 (what g++ and clang emit for PIC): moved 1 GiB away */
    size_t fde = first_fde();
    unsigned char *b = copy();
    put32(b, fde + 8, get32(b, fde + 8) + 0x40000000u);
    expect_refused(state, b, "describes code outside the image");
}

static void test_cfa_opcode(void **state)
{
    /* The first CIE's initial instructions: after length, id, version, "zR", the code and
     * data alignment factors and return register (one byte each here), the augmentation data
     * length and the R encoding. */
    size_t size, off = section(".eh_frame", &size);
    assert_int_equal(get32(image, off + 4), 0);                       /* a CIE */
    assert_int_equal(memcmp(image + off + 9, "zR", 3), 0);
    unsigned char *b = copy();
    assert_true(get32(b, off) > 14);
    b[off + 17] = 0x3f;                             /* no CFA instruction has this opcode */
    expect_refused(state, b, "instructions are malformed");
}

/* Without crtend's terminator (a -nostdlib or -nostartfiles link) the table ends after the
 * FDEs .eh_frame_hdr counts: the host gets a terminated copy outside the image, its pointers
 * re-encoded absolute - checked here: the copy ends with a zero word, its first FDE comes
 * after the first CIE as in the original, and its pc_begin is the address the original's
 * PC-relative one names. */
static void test_no_terminator(void **state)
{
    size_t size, off = section(".eh_frame", &size);
    unsigned char *b = copy();
    put32(b, off + size - 4, 0x7ffffff0);           /* no longer a terminator */
    load(state, b);
    assert_string_equal(((struct tu_env *)*state)->ch.last_log, "");
    assert_non_null(seen.eh_frame);
    uintptr_t copy_at = (uintptr_t)seen.eh_frame, image = (uintptr_t)seen.start;
    assert_true(copy_at + seen.eh_frame_size <= image || copy_at >= image + seen.size);
    assert_true(seen.eh_frame_size > 4 && seen.eh_frame_size <= sizeof copied);
    assert_int_equal(get32(copied, seen.eh_frame_size - 4), 0);
    size_t fde = first_fde() - off;                  /* in the original */
    size_t cfde = 4 + get32(copied, 0);              /* in the copy: after the first CIE */
    assert_int_equal(get32(b, off), fde - 4);        /* (the original's first CIE is alone too) */
    assert_int_not_equal(get32(copied, cfde + 4), 0);
    int32_t rel;
    memcpy(&rel, b + off + fde + 8, 4);              /* sdata4, PC-relative */
    uintptr_t target = image_eh_frame + fde + 8 + (uintptr_t)(intptr_t)rel;
    uintptr_t absolute = 0;
    memcpy(&absolute, copied + cfde + 8, sizeof absolute);
    assert_true(absolute == target);
    free(b);
}

/* Records that end their segment, with no terminator inside it (a -nostdlib link whose
 * .eh_frame is its segment's last section): the zero word after them, in the segment's last
 * page, terminates them - the host gets the image's own table, and no copy is made.  Here the
 * segment is cut right before the plugin's terminator. */
static void test_terminator_past_segment(void **state)
{
    size_t size, off = section(".eh_frame", &size);
    unsigned char *b = copy();
    ElfW(Ehdr) *eh = (ElfW(Ehdr) *)b;
    size_t end = off + size - 4;                      /* where the records end */
    assert_int_equal(get32(b, end), 0);
    int cut = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        ElfW(Phdr) *ph = (ElfW(Phdr) *)(b + eh->e_phoff + i * eh->e_phentsize);
        if (ph->p_type == PT_LOAD && ph->p_offset <= off && end < ph->p_offset + ph->p_filesz) {
            ph->p_filesz = ph->p_memsz = end - ph->p_offset;
            cut++;
        }
    }
    assert_int_equal(cut, 1);
    load(state, b);
    assert_string_equal(((struct tu_env *)*state)->ch.last_log, "");
    assert_true((uintptr_t)seen.eh_frame == image_eh_frame);
    assert_int_equal(seen.eh_frame_size, size);
    free(b);
}

static void test_exidx_order(void **state)
{
    size_t size, off = section(".ARM.exidx", &size);
    assert_true(size >= 16);
    unsigned char *b = copy();
    /* the first entry names a place 16 MiB further on: after the second */
    put32(b, off, (get32(b, off) + 0x1000000u) & 0x7fffffffu);
    expect_refused(state, b, "out of order");
}

static void test_exidx_table(void **state)
{
    size_t size, off = section(".ARM.exidx", &size);
    unsigned char *b = copy();
    put32(b, off + 4, 0x40000000u);                 /* a table 1 GiB away */
    expect_refused(state, b, "table is not read-only memory of the image");
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    if (tu_argc < 4) {
        fprintf(stderr, "usage: %s FIXTURE_DIR TOOLCHAIN PLUGIN_SO\n", argv[0]);
        return 2;
    }
    plugin = tu_argv[3];
    image = tu_read_file(plugin, &image_size);
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tu_teardown)
    const struct CMUnitTest dwarf[] = {
        T(test_whole), T(test_hdr_version), T(test_hdr_search_entry), T(test_record_length),
        T(test_fde_length), T(test_fde_cie_pointer), T(test_fde_augmentation),
        T(test_extended_length), T(test_cie_version), T(test_cie_pointer),
        T(test_fde_outside_code), T(test_cfa_opcode), T(test_no_terminator),
        T(test_terminator_past_segment),
    };
    const struct CMUnitTest ehabi[] = {
        T(test_whole), T(test_exidx_order), T(test_exidx_table),
    };
    int rc = EHABI ? cmocka_run_group_tests(ehabi, NULL, NULL)
                   : cmocka_run_group_tests(dwarf, NULL, NULL);
    free(image);
    return rc;
}
