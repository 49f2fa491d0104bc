/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * posix_gdb.c - loaded code made visible to gdb (README.md, "Debugging loaded code").
 *
 * Two routes, as each kind of image allows:
 *
 * - Object modules: gdb's JIT interface ("JIT Compilation Interface" in gdb's manual; the
 *   protocol LLVM's JIT uses).  Each input object is registered as an in-memory ELF file: a
 *   copy of the object with every loaded section's sh_addr set to where it was loaded.  gdb
 *   reads its symbols as section-relative, as a relocatable object's are, and applies its
 *   debug sections' relocations itself, so breakpoints by name, file:line and local
 *   variables work as for a linked program.
 *
 * - Shared objects loaded from a file: the link-time addresses in their symbols and DWARF
 *   are relative to a base gdb must add, which the JIT interface cannot say (it takes an
 *   in-memory file's addresses as final) and glibc's r_debug list cannot hold (glibc walks
 *   that list itself, through fields only its own entries have).  So they are listed here,
 *   in elfld_gdb_images, and src/host/posix_gdb.py (sourced into gdb) runs
 *   `add-symbol-file FILE -o BASE` and `remove-symbol-file` as the list changes: gdb then
 *   reads the file's symbols and DWARF itself.
 *
 * - Shared objects loaded from memory (elfld_load_mem): when a debugger is attached to the
 *   process (TracerPid in /proc/self/status; or always, with ELFLD_POSIX_GDB_UNTRACED, for a
 *   debugger the process cannot see), their bytes are written to a temporary file, listed as
 *   above, and the file is removed when they go.  Without a debugger nothing is written: one
 *   that attaches later does not see images loaded before it.
 */
#include "posix_gdb.h"

#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfld.h"

/* ------------------------------------------------------------------ gdb's JIT interface */
enum { JIT_NOACTION = 0, JIT_REGISTER_FN, JIT_UNREGISTER_FN };

struct jit_code_entry {
    struct jit_code_entry *next_entry;
    struct jit_code_entry *prev_entry;
    const char *symfile_addr;
    uint64_t symfile_size;
};

struct jit_descriptor {
    uint32_t version;
    uint32_t action_flag;
    struct jit_code_entry *relevant_entry;
    struct jit_code_entry *first_entry;
};

/* gdb finds these by name and breaks in the function.  Weak: a program that links another
 * JIT (LLVM's) has one definition, which both follow the same protocol on. */
__attribute__((weak, noinline, used, visibility("default"))) void __jit_debug_register_code(void)
{
    __asm__ volatile("" ::: "memory");
}
__attribute__((weak, used, visibility("default")))
struct jit_descriptor __jit_debug_descriptor = {1, JIT_NOACTION, NULL, NULL};

/* ------------------------------------------------------------------ the file list */
struct elfld_gdb_image {
    struct elfld_gdb_image *next, *prev;
    const char *path;                 /* the file gdb reads */
    uintptr_t base;                   /* what gdb adds to its addresses (-o) */
};

enum { ELFLD_GDB_ADDED = 1, ELFLD_GDB_REMOVED = 2 };

struct elfld_gdb_list {
    uint32_t version;
    uint32_t action;                  /* ELFLD_GDB_ADDED / REMOVED, for `relevant` */
    struct elfld_gdb_image *relevant;
    struct elfld_gdb_image *first;
};

/* Read by posix_gdb.py, which breaks in elfld_gdb_images_changed. */
__attribute__((used, visibility("default"))) struct elfld_gdb_list elfld_gdb_images = {1, 0, NULL,
                                                                                      NULL};
__attribute__((noinline, used, visibility("default"))) void elfld_gdb_images_changed(void)
{
    __asm__ volatile("" ::: "memory");
}

/* ------------------------------------------------------------------ registry */
/* What was registered for one image: JIT entries (one per input object) or a list entry. */
struct registered {
    const elfld_lib *lib;
    struct jit_code_entry **entries;
    size_t nentries;
    struct elfld_gdb_image *image;
    char *temp;                       /* a memory image's bytes written for gdb, or NULL */
    struct registered *next;
};

/* Whether a debugger is attached to this process. */
static bool traced(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    long pid = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "TracerPid: %ld", &pid) == 1)
            break;
    if (f)
        fclose(f);
    return pid != 0;
}

/* A temporary file holding bytes, for gdb to read; its name (malloc'd), or NULL. */
static char *write_temp(const void *bytes, size_t size)
{
    char *path = strdup("/tmp/elfld-gdb-XXXXXX");
    int fd = path ? mkstemp(path) : -1;
    if (fd < 0) {
        free(path);
        return NULL;
    }
    const char *p = bytes;
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, p + done, size - done);
        if (n <= 0) {
            close(fd);
            unlink(path);
            free(path);
            return NULL;
        }
        done += (size_t)n;
    }
    close(fd);
    return path;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct registered *registry;

static void jit_notify(struct jit_code_entry *e, uint32_t action)
{
    __jit_debug_descriptor.relevant_entry = e;
    __jit_debug_descriptor.action_flag = action;
    __jit_debug_register_code();
}

static void jit_add(struct jit_code_entry *e)
{
    e->prev_entry = NULL;
    e->next_entry = __jit_debug_descriptor.first_entry;
    if (e->next_entry)
        e->next_entry->prev_entry = e;
    __jit_debug_descriptor.first_entry = e;
    jit_notify(e, JIT_REGISTER_FN);
}

static void jit_remove(struct jit_code_entry *e)
{
    if (e->prev_entry)
        e->prev_entry->next_entry = e->next_entry;
    else
        __jit_debug_descriptor.first_entry = e->next_entry;
    if (e->next_entry)
        e->next_entry->prev_entry = e->prev_entry;
    jit_notify(e, JIT_UNREGISTER_FN);
}

/* A copy of one input object with its sections' load addresses: NULL when it is not an
 * ELF file of this build's class or has no room for what it claims. */
static struct jit_code_entry *object_symfile(const struct elfld_image_input *in)
{
    ElfW(Ehdr) eh;
    if (in->size < sizeof eh)
        return NULL;
    memcpy(&eh, in->data, sizeof eh);
    if (eh.e_shentsize != sizeof(ElfW(Shdr)) || eh.e_shoff > in->size ||
        (size_t)eh.e_shnum * sizeof(ElfW(Shdr)) > in->size - eh.e_shoff)
        return NULL;
    struct jit_code_entry *e = malloc(sizeof *e + in->size);
    if (!e)
        return NULL;
    char *copy = (char *)(e + 1);
    memcpy(copy, in->data, in->size);
    for (unsigned i = 1; i < eh.e_shnum && i < in->nsections; i++) {
        ElfW(Shdr) sh;
        char *at = copy + eh.e_shoff + (size_t)i * sizeof sh;
        memcpy(&sh, at, sizeof sh);
        sh.sh_addr = in->section_addr[i];
        memcpy(at, &sh, sizeof sh);
    }
    e->symfile_addr = copy;
    e->symfile_size = in->size;
    return e;
}

static void gdb_image_ready(const struct elfld_image_info *info, bool untraced)
{
    struct registered *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->lib = info->lib;
    if (info->flags & ELFLD_IMAGE_OBJECTS) {
        r->entries = calloc(info->ninputs ? info->ninputs : 1, sizeof *r->entries);
        for (size_t i = 0; r->entries && i < info->ninputs; i++) {
            struct jit_code_entry *e = object_symfile(&info->inputs[i]);
            if (e) {
                r->entries[r->nentries++] = e;
                jit_add(e);
            }
        }
    } else if (!info->path && info->source && (untraced || traced())) {
        r->temp = write_temp(info->source, info->source_size);
    }
    const char *file = info->path ? info->path : r->temp;
    if (!(info->flags & ELFLD_IMAGE_OBJECTS) && file && (r->image = calloc(1, sizeof *r->image))) {
        struct elfld_gdb_image *im = r->image;
        im->path = file;              /* the library's own (valid until image_going), or ours */
        im->base = info->base;
        im->next = elfld_gdb_images.first;
        if (im->next)
            im->next->prev = im;
        elfld_gdb_images.first = im;
        elfld_gdb_images.relevant = im;
        elfld_gdb_images.action = ELFLD_GDB_ADDED;
        elfld_gdb_images_changed();
    }
    r->next = registry;
    registry = r;
}

static void gdb_image_going(const struct elfld_image_info *info)
{
    struct registered **pr = &registry;
    while (*pr && (*pr)->lib != info->lib)
        pr = &(*pr)->next;
    struct registered *r = *pr;
    if (!r)
        return;
    *pr = r->next;
    for (size_t i = 0; i < r->nentries; i++) {
        jit_remove(r->entries[i]);
        free(r->entries[i]);
    }
    free(r->entries);
    if (r->image) {
        struct elfld_gdb_image *im = r->image;
        if (im->prev)
            im->prev->next = im->next;
        else
            elfld_gdb_images.first = im->next;
        if (im->next)
            im->next->prev = im->prev;
        elfld_gdb_images.relevant = im;
        elfld_gdb_images.action = ELFLD_GDB_REMOVED;
        elfld_gdb_images_changed();
        free(im);
    }
    if (r->temp) {
        unlink(r->temp);
        free(r->temp);
    }
    free(r);
}

void elfld__px_gdb_ready(const struct elfld_image_info *info, bool untraced)
{
    pthread_mutex_lock(&lock);
    gdb_image_ready(info, untraced);
    pthread_mutex_unlock(&lock);
}

void elfld__px_gdb_going(const struct elfld_image_info *info)
{
    pthread_mutex_lock(&lock);
    gdb_image_going(info);
    pthread_mutex_unlock(&lock);
}
