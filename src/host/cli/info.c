/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * info.c - `elfld info FILE`: what an ELF file (or archive) is, read with <elf.h> whatever its
 * class, and libelfld's verdict on it: loaded, linked and released without running any of
 * its code (ELFLD_NO_INIT), or the reason it is refused.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_TYPES 256                 /* relocation types counted by number below this */

struct image {
    const unsigned char *data;
    size_t size;
    int is64;
};

/* Fields of either class, by offset: the file's own (little-endian) layout. */
static uint64_t rd(const struct image *im, size_t off, size_t n) {
    uint64_t v = 0;
    if (off > im->size || n > im->size - off)
        return 0;
    for (size_t i = n; i-- > 0;)
        v = v << 8 | im->data[off + i];
    return v;
}
#define WORD(im) ((im)->is64 ? 8u : 4u)

struct phdr { uint32_t type, flags; uint64_t offset, vaddr, filesz, memsz, align; };
struct shdr { uint32_t name, type; uint64_t offset, size, link, entsize; };

static struct phdr get_phdr(const struct image *im, size_t at) {
    struct phdr p;
    p.type = (uint32_t)rd(im, at, 4);
    if (im->is64) {
        p.flags = (uint32_t)rd(im, at + 4, 4);
        p.offset = rd(im, at + 8, 8), p.vaddr = rd(im, at + 16, 8);
        p.filesz = rd(im, at + 32, 8), p.memsz = rd(im, at + 40, 8), p.align = rd(im, at + 48, 8);
    } else {
        p.offset = rd(im, at + 4, 4), p.vaddr = rd(im, at + 8, 4);
        p.filesz = rd(im, at + 16, 4), p.memsz = rd(im, at + 20, 4);
        p.flags = (uint32_t)rd(im, at + 24, 4), p.align = rd(im, at + 28, 4);
    }
    return p;
}

static struct shdr get_shdr(const struct image *im, size_t at) {
    struct shdr s;
    s.name = (uint32_t)rd(im, at, 4), s.type = (uint32_t)rd(im, at + 4, 4);
    size_t w = WORD(im);
    s.offset = rd(im, at + 8 + 2 * w, w), s.size = rd(im, at + 8 + 3 * w, w);
    s.link = rd(im, at + 8 + 4 * w, 4), s.entsize = rd(im, at + 16 + 5 * w, w);
    return s;
}

static const char *type_name(unsigned type) {
    switch (type) {
    case ET_REL: return "relocatable object (ET_REL)";
    case ET_EXEC: return "executable (ET_EXEC)";
    case ET_DYN: return "shared object or position-independent executable (ET_DYN)";
    case ET_CORE: return "core file (ET_CORE)";
    default: return "unknown type";
    }
}

static const char *segment_name(uint32_t type) {
    switch (type) {
    case PT_LOAD: return "LOAD";
    case PT_DYNAMIC: return "DYNAMIC";
    case PT_INTERP: return "INTERP";
    case PT_NOTE: return "NOTE";
    case PT_PHDR: return "PHDR";
    case PT_TLS: return "TLS";
    case PT_GNU_EH_FRAME: return "GNU_EH_FRAME";
    case PT_GNU_STACK: return "GNU_STACK";
    case PT_GNU_RELRO: return "GNU_RELRO";
    case PT_GNU_PROPERTY: return "GNU_PROPERTY";
    default: return NULL;
    }
}

/* The file offset of address `vaddr`, through the PT_LOAD that maps it; 0 when none does. */
static uint64_t file_offset(const struct image *im, uint64_t phoff, unsigned phnum, size_t phent,
                            uint64_t vaddr) {
    for (unsigned i = 0; i < phnum; i++) {
        struct phdr p = get_phdr(im, phoff + (uint64_t)i * phent);
        if (p.type == PT_LOAD && vaddr >= p.vaddr && vaddr - p.vaddr < p.filesz)
            return p.offset + (vaddr - p.vaddr);
    }
    return 0;
}

struct counts {
    unsigned long by_type[MAX_TYPES];
    unsigned long other, relr, total;
};

/* `size` bytes of relocation records at `off` (REL or RELA of this class). */
static void count_table(const struct image *im, struct counts *c, uint64_t off, uint64_t size,
                        int rela) {
    size_t w = WORD(im), ent = (rela ? 3 : 2) * w;
    for (uint64_t at = off; at + ent <= off + size && at + ent <= im->size; at += ent) {
        uint64_t info = rd(im, at + w, w);
        unsigned type = (unsigned)(im->is64 ? (info & 0xffffffffu) : (info & 0xffu));
        if (type < MAX_TYPES)
            c->by_type[type]++;
        else
            c->other++;
        c->total++;
    }
}

/* SHT_RELR: each even word one relative relocation, each odd one a bitmap of up to
 * (bits - 1) more. */
static void count_relr(const struct image *im, struct counts *c, uint64_t off, uint64_t size) {
    size_t w = WORD(im);
    for (uint64_t at = off; at + w <= off + size && at + w <= im->size; at += w) {
        uint64_t v = rd(im, at, w);
        unsigned long n = (v & 1) ? (unsigned long)__builtin_popcountll(v >> 1) : 1ul;
        c->relr += n;
        c->total += n;
    }
}

static void print_counts(const struct counts *c) {
    printf("relocations: %lu\n", c->total);
    for (unsigned t = 0; t < MAX_TYPES; t++) {
        if (!c->by_type[t])
            continue;
        const char *name = elfld_reloc_name(t);
        if (name)
            printf("  %-28s %lu\n", name, c->by_type[t]);
        else
            printf("  type %-23u %lu\n", t, c->by_type[t]);
    }
    if (c->relr)
        printf("  %-28s %lu\n", "RELR (packed relative)", c->relr);
    if (c->other)
        printf("  %-28s %lu\n", "types above 255", c->other);
}

static void describe_dynamic(const struct image *im, uint64_t phoff, unsigned phnum,
                             size_t phent, const struct phdr *dyn) {
    size_t w = WORD(im);
    uint64_t strtab = 0, strsz = 0, rela = 0, relasz = 0, rel = 0, relsz = 0, jmprel = 0,
             pltrelsz = 0, pltrel = 0, relr = 0, relrsz = 0;
    for (uint64_t at = dyn->offset; at + 2 * w <= dyn->offset + dyn->filesz; at += 2 * w) {
        uint64_t tag = rd(im, at, w), val = rd(im, at + w, w);
        if (tag == DT_NULL)
            break;
        switch (tag) {
        case DT_STRTAB: strtab = val; break;
        case DT_STRSZ: strsz = val; break;
        case DT_RELA: rela = val; break;
        case DT_RELASZ: relasz = val; break;
        case DT_REL: rel = val; break;
        case DT_RELSZ: relsz = val; break;
        case DT_JMPREL: jmprel = val; break;
        case DT_PLTRELSZ: pltrelsz = val; break;
        case DT_PLTREL: pltrel = val; break;
        case DT_RELR: relr = val; break;
        case DT_RELRSZ: relrsz = val; break;
        default: break;
        }
    }
    uint64_t stroff = strtab ? file_offset(im, phoff, phnum, phent, strtab) : 0;
    static const struct { uint64_t tag; const char *what; } named[] = {
        {DT_SONAME, "soname"}, {DT_NEEDED, "needed"}, {DT_RPATH, "rpath"},
        {DT_RUNPATH, "runpath"},
    };
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        for (uint64_t at = dyn->offset; stroff && at + 2 * w <= dyn->offset + dyn->filesz;
             at += 2 * w) {
            uint64_t tag = rd(im, at, w), val = rd(im, at + w, w);
            if (tag == DT_NULL)
                break;
            if (tag == named[k].tag && val < strsz && stroff + val < im->size)
                printf("%-12s %.*s\n", named[k].what, (int)(im->size - stroff - val),
                       (const char *)im->data + stroff + val);
        }
    }
    struct counts c;
    memset(&c, 0, sizeof c);
    if (rela && relasz)
        count_table(im, &c, file_offset(im, phoff, phnum, phent, rela), relasz, 1);
    if (rel && relsz)
        count_table(im, &c, file_offset(im, phoff, phnum, phent, rel), relsz, 0);
    if (jmprel && pltrelsz)
        count_table(im, &c, file_offset(im, phoff, phnum, phent, jmprel), pltrelsz,
                    pltrel == DT_RELA);
    if (relr && relrsz)
        count_relr(im, &c, file_offset(im, phoff, phnum, phent, relr), relrsz);
    print_counts(&c);
}

static void describe_sections(const struct image *im) {
    uint64_t shoff = rd(im, im->is64 ? 40 : 32, WORD(im));
    size_t shent = (size_t)rd(im, im->is64 ? 58 : 46, 2);
    unsigned shnum = (unsigned)rd(im, im->is64 ? 60 : 48, 2);
    struct counts c;
    memset(&c, 0, sizeof c);
    unsigned tables = 0;
    for (unsigned i = 0; shent && i < shnum; i++) {
        struct shdr s = get_shdr(im, shoff + (uint64_t)i * shent);
        if (s.type == SHT_RELA || s.type == SHT_REL) {
            count_table(im, &c, s.offset, s.size, s.type == SHT_RELA);
            tables++;
        }
    }
    printf("sections:    %u (%u relocation sections)\n", shnum, tables);
    print_counts(&c);
}

/* libelfld's verdict: the file loaded (and linked, now) without running anything, then
 * released. */
static void verdict(int argc, char **argv, char **envp, const char *path) {
    elfld_ctx *ctx = cli_context(argc, argv, envp, 1u << ELFLD_LOG_WARN);  /* the failure:
                                                                                below */
    if (!ctx)
        return;
    struct elfld_diag diag;
    struct elfld_opts o = {.struct_size = sizeof o, .flags = ELFLD_NOW | ELFLD_NO_INIT,
                           .diag = &diag};
    elfld_lib *lib;
    int objects = cli_is_object_input(path);
    int rc;
    if (objects) {
        struct elfld_input in = {.name = path, .flags = ELFLD_INPUT_WHOLE_ARCHIVE};
        rc = elfld_load_objects(ctx, &in, 1, &o, &lib);     /* every member: all checked */
    } else {
        rc = elfld_load(ctx, path, &o, &lib);
    }
    if (rc) {
        printf("libelfld:    refuses it: %s (%s)\n", diag.message, elfld_strerror(rc));
    } else {
        printf("libelfld:    loads and links it%s (%lu bytes at 0x%lx)\n",
               objects ? " as one module" : "", (unsigned long)elfld_size(lib),
               (unsigned long)elfld_base(lib));
        elfld_release(lib);
    }
    elfld_ctx_destroy(ctx);
}

static unsigned char *read_all(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            unsigned char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *size = n;
    return buf;
}

int cli_info(int argc, char **argv, char **envp) {
    if (argc != 3) {
        fprintf(stderr, "usage: elfld info FILE\n");
        return CLI_USAGE;
    }
    const char *path = argv[2];
    size_t size;
    unsigned char *data = read_all(path, &size);
    if (!data) {
        fprintf(stderr, "elfld: %s: cannot read it\n", path);
        return CLI_FAILED;
    }
    printf("file:        %s (%zu bytes)\n", path, size);
    if (size >= 8 && memcmp(data, "!<arch>\n", 8) == 0) {
        printf("type:        archive\n");
    } else if (size < EI_NIDENT + 4 || memcmp(data, ELFMAG, SELFMAG) != 0 ||
               (data[EI_CLASS] != ELFCLASS32 && data[EI_CLASS] != ELFCLASS64)) {
        printf("type:        not an ELF file\n");
    } else {
        struct image im = {data, size, data[EI_CLASS] == ELFCLASS64};
        unsigned type = (unsigned)rd(&im, 16, 2), machine = (unsigned)rd(&im, 18, 2);
        printf("type:        %s\n", type_name(type));
        printf("machine:     e_machine %u, %d-bit, %s endian\n", machine, im.is64 ? 64 : 32,
               data[EI_DATA] == ELFDATA2LSB ? "little" : "big");
        uint64_t phoff = rd(&im, im.is64 ? 32 : 28, WORD(&im));
        size_t phent = (size_t)rd(&im, im.is64 ? 54 : 42, 2);
        unsigned phnum = (unsigned)rd(&im, im.is64 ? 56 : 44, 2);
        if (type != ET_REL)
            printf("entry:       0x%llx\n", (unsigned long long)rd(&im, 24, WORD(&im)));
        if (phnum && phent)
            printf("segments:    %u\n  %-13s %-10s %-18s %-10s %-10s %-5s\n", phnum, "type",
                   "offset", "vaddr", "filesz", "memsz", "flags");
        struct phdr dyn = {0}, tls = {0};
        for (unsigned i = 0; phent && i < phnum; i++) {
            struct phdr p = get_phdr(&im, phoff + (uint64_t)i * phent);
            const char *name = segment_name(p.type);
            char other[24];
            snprintf(other, sizeof other, "0x%x", p.type);
            printf("  %-13s 0x%-8llx 0x%-16llx 0x%-8llx 0x%-8llx %c%c%c\n", name ? name : other,
                   (unsigned long long)p.offset, (unsigned long long)p.vaddr,
                   (unsigned long long)p.filesz, (unsigned long long)p.memsz,
                   (p.flags & PF_R) ? 'R' : '-', (p.flags & PF_W) ? 'W' : '-',
                   (p.flags & PF_X) ? 'X' : '-');
            if (p.type == PT_DYNAMIC)
                dyn = p;
            if (p.type == PT_TLS)
                tls = p;
        }
        if (tls.type)
            printf("tls:         %llu bytes (%llu initialised), aligned %llu\n",
                   (unsigned long long)tls.memsz, (unsigned long long)tls.filesz,
                   (unsigned long long)tls.align);
        else
            printf("tls:         none\n");
        if (dyn.type)
            describe_dynamic(&im, phoff, phnum, phent, &dyn);
        else if (type == ET_REL)
            describe_sections(&im);
    }
    free(data);
    verdict(argc, argv, envp, path);
    return CLI_OK;
}
