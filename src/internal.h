/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * internal.h - the core's private structures and the functions its layers offer each other.
 * Freestanding: only <stddef.h> <stdint.h> <stdbool.h> <stdarg.h> and our own headers.
 */
#ifndef ELFLD_INTERNAL_H
#define ELFLD_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfld.h"

/* Everything below is internal to libelfld.a: hidden, so PIC builds reach it without a GOT
 * and a shared object embedding libelfld does not export it. */
#pragma GCC visibility push(hidden)

#include "elf.h"
#include "arch.h"

/* ---------------------------------------------------------------- context */
struct elfld_ctx {
    struct elfld_host host;
    size_t page_size;
    struct elfld_lib *first, *last;   /* every library, in load order */
    unsigned nglobal;                 /* how many of them carry ELFLD_GLOBAL */

    /* "the system": the host program's own images (host->system_images), searched through
     * their hash tables, with one set of all their name hashes (system.c) */
    struct elfld_lib **sys;
    size_t nsys, sys_listed;          /* images indexed; count the host reported */
    unsigned long long sys_generation;  /* host->system_generation() when they were read */
    bool sys_read;                    /* ... and they were (sys_generation is meaningful) */
    bool sys_indexed;                 /* the index stands in for host->resolve as the system */
    bool sys_complete;                /* ... and holds every image the host listed */
    uint32_t *sys_names;              /* set of the system's name hashes: see below */
    uint32_t *sys_first;              /* per slot: image << 24 | symbol first defining it */
    unsigned sys_names_log2;          /* 1 << log2 slots */
};

/* ---------------------------------------------------------------- an operation's error sink */
/* Where a failing layer records what went wrong; one per API call. */
struct elfld_err {
    struct elfld_ctx *ctx;
    struct elfld_diag *diag;          /* caller's, may be NULL */
    int phase;
};

/* Record a failure (printf-like subset: %s %d %u %ld %lu %zu %x %lx %zx) and return `code`. */
int elfld__fail(struct elfld_err *e, int code, const char *fmt, ...);
/* Same, also naming a symbol / relocation / segment in the diagnostic. */
int elfld__fail_reloc(struct elfld_err *e, int code, long index, long type, const char *sym,
                      const char *fmt, ...);
int elfld__fail_segment(struct elfld_err *e, int code, long segment, const char *fmt, ...);

/* ---------------------------------------------------------------- image plan (parse.c) */
#define ELFLD_MAX_LOADS 16            /* PT_LOAD segments per image we accept */

struct elfld_seg {
    uintptr_t vaddr;                  /* p_vaddr */
    uintptr_t memsz;
    uintptr_t offset, filesz;
    unsigned prot;                    /* ELFLD_PROT_* */
    unsigned phdr_index;
    bool prot_final;                  /* already mapped with its final protection */
    bool shares_next;                 /* the next segment starts in its last page */
};

/* What the program headers say, validated against the input size. */
struct elfld_plan {
    elf_ehdr ehdr;                    /* copied: inputs need no alignment */
    struct elfld_seg loads[ELFLD_MAX_LOADS];
    unsigned nloads;
    uintptr_t span_start, span_end;   /* page-aligned vaddr range of all PT_LOADs */
    uintptr_t align;                  /* largest p_align (power of two, >= page size) */
    uintptr_t dyn_vaddr, dyn_size;    /* PT_DYNAMIC (size 0: none) */
    uintptr_t relro_vaddr, relro_size;
    bool exec_stack;
    bool has_tls;
};

/* Validate the ELF header and program headers of `data[0..size)`. */
int elfld__parse(struct elfld_err *e, const void *data, size_t size, struct elfld_plan *plan,
                 uintptr_t page_size);
/* The same in two steps, for a source read piecewise: the ELF header from its first `avail`
 * bytes (`size`: the whole source's), then the program headers from `phdrs` (the e_phnum
 * entries at e_phoff, which parse_header checked lie inside the source). */
int elfld__parse_header(struct elfld_err *e, const void *head, size_t avail, size_t size,
                        struct elfld_plan *plan);
int elfld__parse_phdrs(struct elfld_err *e, const void *phdrs, size_t size,
                       struct elfld_plan *plan, uintptr_t page_size);

/* ---------------------------------------------------------------- versions */
struct elfld_ver {
    const char *name;                 /* NULL: index unused */
    uint32_t hash;                    /* ELF (SysV) hash of name, as stored in the file */
    uint32_t len;                     /* strlen(name) */
};

/* ---------------------------------------------------------------- libraries */
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
    const uintptr_t *init_array, *fini_array;
    size_t ninit, nfini;
    uint32_t dt_flags, dt_flags_1;
    bool textrel;

    /* resolution */
    struct elfld_lib **scope;         /* opts scope (referenced), allocated */
    size_t nscope;
    elfld_find_fn pre_find, post_find;
    void *find_user;
    elfld_reloc_fn reloc_hook;
    void *reloc_user;

    /* relocatable objects: legacy .ctors/.dtors (run after init_array / fini_array), the
     * exported symbol table built for the image, and the link state until elfld_link */
    const uintptr_t *ctors, *dtors;
    size_t nctors, ndtors;
    void *owned_tables;
    size_t owned_size;
    struct elfld_objlink *obj;

    /* libraries outside the group this one bound to (each referenced once) */
    struct elfld_lib **deps;
    size_t ndeps, deps_cap;
    bool lazy_pending;                /* JUMP_SLOTs left for first call */
    bool symindex_tried;              /* the elfld_sym() index was built or could not be */
    uint32_t symindex_lookups;        /* elfld_sym() calls before the index exists */
    struct elfld_symindex *symindex;  /* symindex.c; NULL until built */
    bool system_image;                /* an image of the host program: read, never relocated */
};

/* ---------------------------------------------------------------- util.c */
void *elfld__alloc(struct elfld_ctx *ctx, size_t size);          /* zeroed */
void elfld__free(struct elfld_ctx *ctx, void *p, size_t size);
size_t elfld__strlen(const char *s);
int elfld__strcmp(const char *a, const char *b);
void elfld__vformat(char *buf, size_t cap, const char *fmt, va_list ap);
void elfld__log(struct elfld_ctx *ctx, int level, const char *fmt, ...);
/* Overflow-checked a + b; returns false on overflow. */
static inline bool elfld__add_ok(uintptr_t a, uintptr_t b, uintptr_t *out) {
    return !__builtin_add_overflow(a, b, out);
}
static inline bool elfld__is_pow2(uintptr_t x) { return x && !(x & (x - 1)); }

/*
 * Division by a value known only at run time.  Cores without a divide instruction (ARMv7-A
 * without IDIV) would otherwise call the compiler runtime (__aeabi_uidivmod), which a
 * freestanding libelfld.a must not depend on: their backend sets ELFLD_ARCH_SOFT_DIV and the
 * core divides in software.
 */
#ifdef ELFLD_ARCH_SOFT_DIV
uintptr_t elfld__soft_udivmod(uintptr_t n, uintptr_t d, uintptr_t *rem);
static inline uintptr_t elfld__udiv(uintptr_t n, uintptr_t d) {
    uintptr_t r;
    return elfld__soft_udivmod(n, d, &r);
}
static inline uintptr_t elfld__umod(uintptr_t n, uintptr_t d) {
    uintptr_t r;
    elfld__soft_udivmod(n, d, &r);
    return r;
}
#else
static inline uintptr_t elfld__udiv(uintptr_t n, uintptr_t d) { return n / d; }
static inline uintptr_t elfld__umod(uintptr_t n, uintptr_t d) { return n % d; }
#endif
static inline uintptr_t elfld__align_down(uintptr_t x, uintptr_t a) { return x & ~(a - 1); }

/*
 * h % d for the GNU hash bucket, the one division on every lookup.  Where the compiler has
 * 128-bit multiplication it is done as two multiplies with a constant set up once per library
 * (Lemire's "faster remainder by direct computation"): a hardware divide costs 20-40 cycles,
 * a good part of a lookup.
 */
#if defined(__SIZEOF_INT128__)
static inline uint64_t elfld__bucket_magic(uint32_t d) { return UINT64_MAX / d + 1; }
static inline uint32_t elfld__bucket_of(uint32_t h, uint32_t d, uint64_t magic) {
    uint64_t low = magic * h;
    return (uint32_t)(((unsigned __int128)low * d) >> 64);
}
#else
static inline uint64_t elfld__bucket_magic(uint32_t d) { (void)d; return 0; }
static inline uint32_t elfld__bucket_of(uint32_t h, uint32_t d, uint64_t magic) {
    (void)magic;
    return (uint32_t)elfld__umod(h, d);
}
#endif

/* ---------------------------------------------------------------- source.c */
/* Bytes of an opened source through host->read_source (size 0: nothing); failures name the
 * source and give the host's code (ELFLD_EIO when it gave none). */
int elfld__source_read(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                       const char *name, uintptr_t offset, void *dst, size_t size);
/* The whole bytes of an opened source: its view, or a copy read into host->alloc memory
 * (*copy, released by elfld__source_release). */
int elfld__source_bytes(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                        const char *name, const void **data, void **copy);
void elfld__source_release(struct elfld_ctx *ctx, const struct elfld_blob *blob, void *copy);
/* Parse the headers of a source without a view, reading them through host->read_source. */
int elfld__source_parse(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                        const char *name, struct elfld_plan *plan);

/* ---------------------------------------------------------------- map.c */
/* Reserve memory for the plan and copy the segments in.  Fills lib->map/base/loads. */
int elfld__map(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan,
               const void *data, const struct elfld_blob *blob);
/* Final segment protections (W^X, gaps inaccessible) + icache flush; then RELRO read-only. */
int elfld__protect_segments(struct elfld_err *e, struct elfld_lib *lib);
int elfld__protect_relro(struct elfld_err *e, struct elfld_lib *lib);
void elfld__unmap(struct elfld_lib *lib);
/* Policies decided from the headers: executable stack, W^X of segments. */
int elfld__check_policy(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan);
/* The loaded segment whose memory holds vaddr (a vaddr, not a run-time address), or NULL. */
const struct elfld_seg *elfld__seg_at(const struct elfld_lib *lib, uintptr_t vaddr);
/* Is [vaddr, vaddr+size) inside one loaded segment's memory?  (vaddr, not runtime address) */
bool elfld__in_image(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size);
/* Is the run-time address inside an executable segment of the image? */
bool elfld__in_code(const struct elfld_lib *lib, uintptr_t addr);
/* Same, and the segment is writable or the image has text relocations allowed. */
bool elfld__in_writable(const struct elfld_lib *lib, uintptr_t vaddr, uintptr_t size);

/* ---------------------------------------------------------------- dynamic.c */
int elfld__read_dynamic(struct elfld_err *e, struct elfld_lib *lib, const struct elfld_plan *plan);

/* ---------------------------------------------------------------- sym.c */
uint32_t elfld__gnu_hash(const char *name);
uint32_t elfld__sysv_hash(const char *name);

/* A name being looked up, with its hashes computed once. */
struct elfld_name {
    const char *name;
    size_t len;                       /* strlen(name), found while hashing */
    uint32_t gnu_hash;
    uint32_t sysv_hash;               /* computed on first need */
    bool sysv_done;
    const char *version;              /* required version name or NULL */
    uint32_t version_hash;
    size_t version_len;
    bool version_hidden_ok;           /* explicit request: hidden versions acceptable */
};
void elfld__name_init(struct elfld_name *n, const char *name, const char *version);

/*
 * The unit of memory protection the core may assume: an 8-byte load that stays inside one
 * aligned unit cannot fault when any byte of the unit is readable.  4 KiB, the smallest page
 * of any supported MMU.  Firmware whose memory protection is finer (an MPU's 32-byte regions)
 * builds with -DELFLD_READ_GRANULE=<its granule>, a power of two >= 8 (names are then read
 * bytewise wherever a load would cross a granule).
 */
#ifndef ELFLD_READ_GRANULE
#define ELFLD_READ_GRANULE 4096
#endif

/*
 * Eight characters of a name from p on, the first in the low byte (fewer when the NUL comes
 * first; what follows the NUL may be anything).  One load from p whatever its alignment,
 * except where it could cross into the next ELFLD_READ_GRANULE unit: there the bytes are read
 * one by one up to the NUL, so no read leaves the unit that holds it.  The load may read past
 * the end of the name's object, which the address sanitizer would report: hence the attribute.
 */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize_address)
#define ELFLD_WORD_READS __attribute__((no_sanitize_address))
#endif
#endif
#ifndef ELFLD_WORD_READS
#define ELFLD_WORD_READS
#endif
ELFLD_WORD_READS static inline uint64_t elfld__name_word(const unsigned char *p) {
    uint64_t w = 0;
    if (((uintptr_t)p & (ELFLD_READ_GRANULE - 1)) <= ELFLD_READ_GRANULE - 8) {
        __builtin_memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        return w;
    }
    for (unsigned k = 0; k < 8 && p[k]; k++)
        w |= (uint64_t)p[k] << (8 * k);
    return w;
}

/*
 * The NULs of a name word (elfld__name_word): the top bit of every NUL byte set, and maybe of
 * bytes after the first NUL; 0 when it has none.  The lowest set bit is exact, so the mask of
 * the whole bytes before the first NUL, and their count, follow from it.
 */
static inline uint64_t elfld__nul_bits(uint64_t w) {
    return (w - 0x0101010101010101u) & ~w & 0x8080808080808080u;
}
static inline uint64_t elfld__before_nul_mask(uint64_t nul_bits) {   /* nul_bits != 0 */
    return ((nul_bits & (0 - nul_bits)) - 1) >> 7;
}
static inline unsigned elfld__bytes_in_mask(uint64_t byte_mask) {
    const uint64_t ones = 0x0101010101010101u;
    return (unsigned)(((byte_mask & ones) * ones) >> 56);
}
/* How many characters of a name word precede its first NUL: 8 when it has none. */
static inline unsigned elfld__chars_before_nul(uint64_t w) {
    uint64_t z = elfld__nul_bits(w);
    return z ? elfld__bytes_in_mask(elfld__before_nul_mask(z)) : 8;
}

/*
 * Are the len + 1 bytes at a (a string table entry with at least that many bytes left) those
 * of name (len bytes and its NUL)?  Eight bytes per compare: up to 24 bytes as three
 * overlapping words (the first, the last, and one halfway), combined without a branch -
 * symbol names are mostly that long, and a loop's exit, which depends on the length,
 * mispredicts; longer names a word per step, the last eight overlapping the ones before;
 * names shorter than eight bytes bytewise.  (Inline: a memcmp call costs more than the
 * compare of a typical symbol name.)
 */
static inline uint64_t elfld__load8(const char *p) {
    uint64_t x;
    __builtin_memcpy(&x, p, 8);
    return x;
}
static inline __attribute__((always_inline)) bool elfld__same_name(const char *a,
                                                                   const char *name,
                                                                   size_t len) {
    size_t n = len + 1;
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != name[i])
                return false;
        return true;
    }
    if (n <= 24) {
        size_t mid = (n - 8) / 2;
        return ((elfld__load8(a) ^ elfld__load8(name)) |
                (elfld__load8(a + mid) ^ elfld__load8(name + mid)) |
                (elfld__load8(a + n - 8) ^ elfld__load8(name + n - 8))) == 0;
    }
    for (size_t i = 0; i + 8 < n; i += 8)
        if (elfld__load8(a + i) != elfld__load8(name + i))
            return false;
    return elfld__load8(a + n - 8) == elfld__load8(name + n - 8);
}

/* Find a definition of `n` in `lib` only; returns the symbol or NULL. */
const elf_sym *elfld__lookup_in(const struct elfld_lib *lib, struct elfld_name *n);

/* Result of resolving a symbol reference through the whole chain. */
struct elfld_def {
    uintptr_t value;                  /* final address (IFUNC called) */
    const elf_sym *sym;               /* definition, NULL when supplied by a callback/host */
    struct elfld_lib *lib;            /* defining library, NULL for callbacks/host/weak 0 */
};

/*
 * Resolve symbol index `symidx` of `lib` for relocation, in the order sym.c's header gives
 * (pre-find, system, ELFLD_GLOBAL libraries, self, group, opts scope, post-find; symbolic
 * libraries look in themselves first); undefined weak -> 0.  Binding to a library outside
 * lib's group records a dependency reference.  Returns 0 or ELFLD_ENOSYM / ELFLD_ENOMEM.
 */
int elfld__resolve(struct elfld_err *e, struct elfld_lib *lib, uint32_t symidx,
                   struct elfld_def *out);
/* The chain above for a name (no local shortcut); `weak`: a miss resolves to 0. */
int elfld__resolve_name(struct elfld_err *e, struct elfld_lib *lib, struct elfld_name *n,
                        bool weak, struct elfld_def *out);
/* Version name required for symbol index `symidx` of `lib` (NULL when none). */
const struct elfld_ver *elfld__sym_version(const struct elfld_lib *lib, uint32_t symidx);
uintptr_t elfld__sym_addr(struct elfld_lib *lib, const elf_sym *sym);

/* ---------------------------------------------------------------- reloc.c */
int elfld__relocate(struct elfld_err *e, struct elfld_lib *lib);
/* Apply RELR records to an image at `base` (exposed for unit tests).  Each target word must
 * satisfy `in_image(lib, vaddr, word)`; lib may be NULL to skip the check. */
int elfld__apply_relr(struct elfld_err *e, const struct elfld_lib *lib, uintptr_t base,
                      const elf_addr *relr, size_t n);

/* ---------------------------------------------------------------- object linker */
struct elfld_objlink;
/* Apply an object image's relocations (at elfld_link); frees the link state. */
int elfld__obj_relocate(struct elfld_err *e, struct elfld_lib *lib);
/* Release the link state of an object image (inputs closed). */
void elfld__obj_free(struct elfld_ctx *ctx, struct elfld_objlink *L);

/* ---------------------------------------------------------------- system.c */
/* (Re)index the host's images when their count changed.  Failures only disable the index. */
void elfld__system_refresh(struct elfld_ctx *ctx);
void elfld__system_free(struct elfld_ctx *ctx);
/*
 * The set of the GNU hashes of every name the system defines, without their low bit (which a
 * GNU hash chain does not keep, so it is built from the chains without hashing a name): open
 * addressing, at most a quarter full, a slot holding the hash with its low bit set (never 0,
 * so 0 = empty; a chain entry is its own key with one OR).  "Maybe" only for a name whose 31
 * hash bits equal one of the system's.  `set` NULL means no set (then "maybe" exactly when
 * the system has images).
 */
static inline uint32_t elfld__names_key(uint32_t h) { return h | 1u; }
static inline uint32_t elfld__names_home(uint32_t key, unsigned log2) {
    return (key * 0x9e3779b1u) >> (32 - log2);
}
static inline uint32_t elfld__names_slot(const uint32_t *set, unsigned log2, uint32_t h) {
    uint32_t key = elfld__names_key(h), mask = (1u << log2) - 1;
    uint32_t i = elfld__names_home(key, log2);
    while (set[i] && set[i] != key)
        i = (i + 1) & mask;
    return i;                         /* the name's slot, or the empty one where it would go */
}
/* Is hash h in the (non-NULL) set?  The loop form of elfld__names_slot() for a yes/no: the
 * usual answer, an empty home slot, costs one load and two compares. */
static inline bool elfld__names_has(const uint32_t *set, unsigned log2, uint32_t h) {
    uint32_t key = elfld__names_key(h), mask = (1u << log2) - 1;
    for (uint32_t i = elfld__names_home(key, log2);; i = (i + 1) & mask) {
        uint32_t v = set[i];
        if (v == key)
            return true;
        if (!v)
            return false;
    }
}
static inline bool elfld__names_may(const uint32_t *set, unsigned log2, bool any, uint32_t h) {
    return set ? elfld__names_has(set, log2, h) : any;
}

/* May the system define a name with GNU hash h?  false: certainly not. */
static inline bool elfld__system_may_define(const struct elfld_ctx *ctx, uint32_t h) {
    return elfld__names_may(ctx->sys_names, ctx->sys_names_log2, ctx->nsys != 0, h);
}

/*
 * Can anything searched before a library itself define one of its own symbols?  The answer
 * depends on the library and context only (computed once per relocation pass), except that
 * with a system index each name is probed in the system's name set.
 */
enum elfld_self_first {
    ELFLD_SELF_NEVER,            /* pre-find, or another global-scope library, comes first */
    ELFLD_SELF_ALWAYS,           /* symbolic, or nothing at all precedes it */
    ELFLD_SELF_UNLESS_SYSTEM,    /* only the system precedes it: probe its name set */
};

static inline int elfld__self_first_mode(const struct elfld_lib *lib) {
    const struct elfld_ctx *ctx = lib->ctx;
    if (lib->pre_find)
        return ELFLD_SELF_NEVER;
    if (lib->flags & ELFLD_SYMBOLIC)
        return ELFLD_SELF_ALWAYS;
    if (ctx->nglobal > 1 || (ctx->nglobal == 1 && !(lib->flags & ELFLD_GLOBAL)))
        return ELFLD_SELF_NEVER;
    if (!ctx->sys_indexed)
        return ctx->host.resolve ? ELFLD_SELF_NEVER : ELFLD_SELF_ALWAYS;
    return ELFLD_SELF_UNLESS_SYSTEM;
}

/*
 * The name of symbol `symidx` (< nsyms), or NULL when its st_name lies outside the string
 * table.  Checked here, where a name is used, rather than for every symbol at load: most
 * symbols of a large library are never looked at, and the check is one compare.
 */
static inline const char *elfld__sym_name(const struct elfld_lib *lib, uint32_t symidx) {
    uint32_t off = lib->symtab[symidx].st_name;
    return off < lib->strsz ? lib->strtab + off : NULL;
}

/* GNU hash of a symbol `lib` defines: stored in its chain when it has a GNU hash table.
 * (A symbol with a bad name hashes as the empty name: it is refused where it is used.) */
static inline uint32_t elfld__defined_hash(const struct elfld_lib *lib, uint32_t symidx) {
    if (lib->gnu_buckets && symidx >= lib->gnu_symoffset)
        return lib->gnu_chain[symidx - lib->gnu_symoffset];
    const char *name = elfld__sym_name(lib, symidx);
    return elfld__gnu_hash(name ? name : "");
}

/*
 * For a library with a GNU hash table: set byte i - gnu_symoffset of `own` (nsyms -
 * gnu_symoffset bytes) to 0 for each of its hashed definitions whose name the system may
 * define too, leaving the others as they are: those are certainly not preempted.  (sym.c)
 */
void elfld__mark_system_names(const struct elfld_lib *lib, uint8_t *own);
/*
 * The same for a library with only a SysV hash table, for its symbols from `first` on (byte
 * i - first of `own`), when the system's names are few next to lib's (under a quarter) and
 * all of them can be listed: each is looked up by name in lib's table.  false (nothing
 * done) otherwise: the caller settles definitions one by one as relocations meet them.
 */
bool elfld__mark_system_names_sysv(const struct elfld_lib *lib, uint32_t first, uint8_t *own);

/* ---------------------------------------------------------------- symindex.c */
/* elfld_sym()'s index (built after enough lookups; symindex.h); freed with the library. */
struct elfld_symindex;
void elfld__symindex_free(struct elfld_lib *lib);

/* ---------------------------------------------------------------- lib.c */
int elfld__add_dep(struct elfld_lib *lib, struct elfld_lib *dep);
int elfld__check_init(struct elfld_err *e, struct elfld_lib *lib);
void elfld__run_init(struct elfld_lib *lib);
void elfld__lib_free(struct elfld_lib *lib);   /* metadata only; image must be unmapped */
void elfld__ctx_link(struct elfld_ctx *ctx, struct elfld_lib *lib);
void elfld__ctx_unlink(struct elfld_ctx *ctx, struct elfld_lib *lib);
void elfld__drop_deps(struct elfld_lib *lib);
bool elfld__same_group(const struct elfld_lib *a, const struct elfld_lib *b);

#pragma GCC visibility pop

#endif /* ELFLD_INTERNAL_H */
