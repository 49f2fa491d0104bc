/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * lib.h - a loaded library (shared object or linked objects) and its lifetime: reference
 * counts, dependency edges, constructors and destructors (lib.c).
 */
#ifndef ELFLD_CORE_LIB_H
#define ELFLD_CORE_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elfld.h"
#include "arch_defs.h"
#include "ctx.h"
#include "handles.h"
#include "elf.h"
#include "error.h"
#include "parse.h"
#include "tls.h"
#include "frames.h"

#pragma GCC visibility push(hidden)   /* see util.h */

#define ELFLD_FEW_NEEDED 4             /* DT_NEEDED names kept in the library itself */

struct elfld_ver {
    const char *name;                 /* NULL: index unused */
    uint32_t hash;                    /* ELF (SysV) hash of name, as stored in the file */
    /* strlen(name) for a version the library needs (DT_VERNEED): what its references ask
     * for.  0 (not measured) for one it defines: lookups compare the wanted name's bytes. */
    uint32_t len;
};

enum elfld_lib_state {
    ELFLD_STATE_OPENED = 1,           /* mapped, not relocated */
    ELFLD_STATE_LINKING,              /* inside elfld_link */
    ELFLD_STATE_READY,                /* relocated, protected, constructors run */
    ELFLD_STATE_FAILED,               /* link failed: image gone, awaiting release */
    ELFLD_STATE_DEAD,                 /* finalized, awaiting the group's last release */
};

struct elfld_lib {
    /* MUST stay first: lazy trampolines read it at offset 0 of the pointer they get. */
    struct elfld_arch_lazy arch_lazy;

    struct elfld_ctx *ctx;
    uint32_t magic;                   /* ELFLD_MAGIC_LIB, poisoned when freed (handles.h) */
    struct elfld_lib *prev, *next;    /* ctx list */
    struct elfld_lib *group_next;     /* next member of the link group (NULL: last) */
    struct elfld_lib *group_first;    /* first member (itself when alone) */
    unsigned refcount;
    unsigned state;
    unsigned flags;                   /* ELFLD_* load flags, after DT_FLAGS merging */
    char *name;
    size_t name_size;

    /* memory */
    void *map;                        /* from host->reserve */
    size_t map_size;
    uintptr_t base;                   /* load bias: runtime address = base + vaddr */
    struct elfld_seg loads[ELFLD_MAX_LOADS];
    unsigned nloads;
    uintptr_t relro_vaddr, relro_size;

    /* dynamic section, all pointers inside the image and validated */
    const char *strtab;
    size_t strsz;
    const elf_sym *symtab;
    uint32_t nsyms;
    const char *soname;

    uint32_t gnu_nbuckets, gnu_symoffset, gnu_bloom_words, gnu_bloom_shift;
    uint64_t gnu_bucket_magic;        /* elfld__bucket_of(): h % nbuckets without a divide */
    const elf_addr *gnu_bloom;
    const uint32_t *gnu_buckets, *gnu_chain;   /* gnu_chain[i - symoffset] */
    uint32_t sysv_nbucket;
    const uint32_t *sysv_bucket, *sysv_chain;

    const uint16_t *versym;           /* NULL: no versioning */
    struct elfld_ver *vers;           /* indexed by version index; allocated */
    uint32_t nvers;

    const void *rel;  size_t nrel;    /* DT_REL (elf_rel) */
    const void *rela; size_t nrela;   /* DT_RELA (elf_rela) */
    const elf_addr *relr; size_t nrelr;
    const void *jmprel; size_t njmprel;
    bool jmprel_is_rela;
    uintptr_t pltgot;                 /* runtime address or 0 */

    uintptr_t init, fini;             /* runtime addresses or 0 */
    const elf_addr *init_array, *fini_array;
    size_t ninit, nfini;
    uint32_t dt_flags, dt_flags_1;
    bool textrel;
    /* A program or its interpreter: the tail of each writable segment's last page reads as
     * zero, as the kernel's exec leaves it (glibc's ld.so allocates its first memory there,
     * past its own .bss, and relies on it). */
    bool zero_page_tails;

    /* resolution */
    struct elfld_lib **scope;         /* opts scope (referenced), allocated */
    size_t nscope;
    elfld_find_fn pre_find, post_find;
    void *find_user;
    elfld_reloc_fn reloc_hook;
    void *reloc_user;

    /* relocatable objects: legacy .ctors/.dtors (run after init_array / fini_array), the
     * exported symbol table built for the image, and the link state until elfld_link */
    const elf_addr *ctors, *dtors;
    size_t nctors, ndtors;
    void *owned_tables;
    size_t owned_size;
    struct elfld_objlink *obj;
    void (*free_link_state)(struct elfld_ctx *ctx, struct elfld_objlink *obj);  /* set with obj */

    /* libraries outside the group this one bound to (each referenced once) */
    struct elfld_lib **deps;
    size_t ndeps, deps_cap;
    bool lazy_pending;                /* JUMP_SLOTs left for first call */
    bool symindex_tried;              /* the elfld_sym() index was built or could not be */
    uint32_t symindex_lookups;        /* elfld_sym() calls before the index exists */
    struct elfld_symindex *symindex;  /* symindex.c; NULL until built */
    bool system_image;                /* an image of the host program: read, never relocated */

    /* dependencies (api/deps.c): the DT_NEEDED names and search paths (in strtab, read at
     * open), the library each name resolved to (NULL: the system's; referenced through
     * deps[]), the breadth-first closure of those searched right after the library itself,
     * and the source it was opened from ($ORIGIN, identity; NULL from memory) */
    const char **needed_names;        /* needed_few when they fit, else allocated */
    size_t nneeded;
    const char *needed_few[ELFLD_FEW_NEEDED];
    const char *rpath, *runpath;
    struct elfld_lib **needed;        /* nneeded entries once its dependencies are loaded */
    struct elfld_lib **local;         /* allocated with nlocal_cap entries */
    size_t nlocal, nlocal_cap;
    char *path;                       /* owned when path_size; else `name`, or (system images)
                                         the file name inside it */
    size_t path_size;
    const elf_phdr *phdr;             /* its program headers in the image, or NULL */
    unsigned phnum;
    uint64_t source_id[2];            /* host->source_id, when has_source_id */
    bool has_source_id;

    /* constructors: 0 until they ran, then the context's count of libraries constructed
     * (destructors run in the reverse of this order); the list of a release (lib.c) */
    unsigned long init_seq;
    struct elfld_lib *dying_next;
    bool dying;

    /* tools (announce.c): frame tables once checked (frames.c), whether image_ready was
     * called (image_going is then owed), and an object module's sections and symbols (kept:
     * elfld_addr_info answers from them) */
    struct elfld_frames frames;
    bool announced;
    const void *source_bytes;         /* elfld_load_mem's buffer, while the call runs */
    size_t source_size;
    struct elfld_obj_tools *obj_tools;

    /* thread-local storage (tls.c): its module (id 0: none) and TLSDESC arguments */
    struct elfld_tls_module tls;
    struct elfld_tls_desc_chunk *tls_descs;
};


int elfld__add_dep(struct elfld_lib *lib, struct elfld_lib *dep);
int elfld__check_init(struct elfld_err *e, struct elfld_lib *lib);
void elfld__run_init(struct elfld_lib *lib);
void elfld__run_fini(struct elfld_lib *lib);     /* destructors, newest first */
void elfld__lib_free(struct elfld_lib *lib);   /* metadata only; image must be unmapped */
void elfld__ctx_link(struct elfld_ctx *ctx, struct elfld_lib *lib);
void elfld__ctx_unlink(struct elfld_ctx *ctx, struct elfld_lib *lib);
void elfld__drop_deps(struct elfld_lib *lib);
/* Free the arrays of references it holds (deps, scope) without releasing them: the caller
 * already accounted for them (a release's list, a destroyed context). */
void elfld__forget_edges(struct elfld_lib *lib);
bool elfld__same_group(const struct elfld_lib *a, const struct elfld_lib *b);

#pragma GCC visibility pop

#endif /* ELFLD_CORE_LIB_H */
