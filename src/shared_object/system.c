/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * system.c - "the system": the images the host program already has loaded (its executable and
 * libraries), described by host->system_images.  The core reads their dynamic sections once
 * (they are never relocated or unmapped by us) and searches them with the same GNU/SysV hash
 * code as its own libraries, instead of asking the host one symbol at a time.
 *
 * Reading the images is cheap (their tables' headers and bounds); indexing their names is
 * not, so it waits until loads have shown it pays (elfld__system_expect).  Until then each
 * image's own Bloom filter and hash chain answer "certainly not in the system".  The index is one set of
 * the hashes of every name the system defines, answering with (mostly) one slot read.  It is
 * keyed on the GNU hash without its low bit, which is exactly what a GNU hash chain stores,
 * so it is built without hashing a single name and can be probed for a library's own symbols
 * without hashing theirs either.
 */
#include "system.h"
#include "dynamic.h"
#include "../core/divide.h"
#include "../core/lib.h"
#include "../core/names.h"
#include "../core/sym.h"
#include "../core/sysset.h"
#include "../core/util.h"

static void free_image(struct elfld_ctx *ctx, struct elfld_lib *lib) {
    elfld__free(ctx, lib->vers, lib->nvers * sizeof *lib->vers);
    elfld__free(ctx, lib, sizeof *lib);
}

static void free_names(struct elfld_ctx *ctx) {
    size_t slots = (size_t)1 << ctx->sys_names_log2;
    elfld__free(ctx, ctx->sys_names, slots * sizeof(uint32_t));
    elfld__free(ctx, ctx->sys_first, slots * sizeof(uint32_t));
    ctx->sys_names = ctx->sys_first = NULL;
    ctx->sys_names_log2 = 0;
}

void elfld__system_free(struct elfld_ctx *ctx) {
    for (size_t i = 0; i < ctx->nsys; i++)
        free_image(ctx, ctx->sys[i]);
    elfld__free(ctx, ctx->sys, ctx->sys_listed * sizeof *ctx->sys);
    free_names(ctx);
    ctx->sys = NULL;
    ctx->nsys = ctx->sys_listed = 0;
    ctx->sys_indexed = false;
    ctx->sys_complete = false;
}

/* An image of the host: its segments from the program headers, its tables from its dynamic
 * section (bounded like any input's: the host's memory is trusted no more than a file; what
 * is checked at use instead of scanned here, dynamic.c says). */
static struct elfld_lib *index_image(struct elfld_ctx *ctx, const struct elfld_system_image *im) {
    struct elfld_lib *lib = elfld__alloc(ctx, sizeof *lib);
    if (!lib)
        return NULL;
    lib->ctx = ctx;
    lib->base = im->base;
    lib->system_image = true;
    lib->state = ELFLD_STATE_READY;
    lib->group_first = lib;
    lib->name = (char *)(im->name ? im->name : "");   /* not owned: name_size stays 0 */
    /* its file name (what a DT_NEEDED entry names), in the same string: not owned either */
    const char *file = lib->name;
    for (const char *p = lib->name; *p; p++)
        if (*p == '/')
            file = p + 1;
    lib->path = (char *)file;
    struct elfld_plan plan;
    __builtin_memset(&plan, 0, sizeof plan);
    for (unsigned i = 0; i < im->phnum; i++) {
        elf_phdr ph;
        __builtin_memcpy(&ph, (const char *)im->phdrs + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && ph.p_memsz && lib->nloads < ELFLD_MAX_LOADS) {
            struct elfld_seg *s = &lib->loads[lib->nloads++];
            s->vaddr = ph.p_vaddr;
            s->memsz = ph.p_memsz;
            s->offset = ph.p_offset;
            s->filesz = ph.p_filesz;          /* where the tables may lie (dynamic.c) */
            s->prot = ((ph.p_flags & PF_R) ? ELFLD_PROT_READ : 0u) |
                      ((ph.p_flags & PF_W) ? ELFLD_PROT_WRITE : 0u) |
                      ((ph.p_flags & PF_X) ? ELFLD_PROT_EXEC : 0u);
        } else if (ph.p_type == PT_DYNAMIC) {
            plan.dyn_vaddr = ph.p_vaddr;
            plan.dyn_size = ph.p_memsz;
        }
    }
    /* silent: a skipped image is fine */
    struct elfld_err e = {.ctx = NULL, .diag = NULL, .phase = ELFLD_PHASE_PARSE};
    if (!plan.dyn_size || elfld__read_dynamic(&e, lib, &plan)) {
        free_image(ctx, lib);
        return NULL;
    }
    return lib;
}

/* Add hash h, defined by symbol `sym` of system image `image`, unless an image searched earlier
 * (or an earlier symbol of this one) has it already: the first definition in search order is
 * the one a lookup can try directly (sys_first; image 255 = none, e.g. a SysV-only image). */
static void names_add(struct elfld_ctx *ctx, unsigned log2, uint32_t h, size_t image,
                      uint32_t sym) {
    uint32_t i = elfld__names_slot(ctx->sys_names, log2, h);
    if (ctx->sys_names[i])
        return;
    ctx->sys_names[i] = elfld__names_key(h);
    ctx->sys_first[i] = image < 255 && sym < (1u << 24) ? (uint32_t)image << 24 | sym
                                                         : 0xffffffffu;
}

/* The set elfld__system_may_define() probes: four slots per name, so a probe mostly reads one
 * slot. */
static void build_names(struct elfld_ctx *ctx) {
    uint64_t total = 0;                 /* the names that go in: hashed ones, or all */
    for (size_t i = 0; i < ctx->nsys; i++)
        total += ctx->sys[i]->gnu_buckets ? ctx->sys[i]->nsyms - ctx->sys[i]->gnu_symoffset
                                          : ctx->sys[i]->nsyms;
    unsigned log2 = 10;
    while (log2 < 24 && (uint64_t)(1u << log2) < 4 * total)
        log2++;
    if ((uint64_t)(1u << log2) < 2 * total)
        return;                         /* absurdly many names: every name is a "maybe" */
    size_t bytes = ((size_t)1 << log2) * sizeof(uint32_t);
    /* not elfld__alloc: the set is cleared once below, sys_first read only where it is set */
    ctx->sys_names = ctx->host.alloc(ctx->host.user, bytes);
    ctx->sys_first = ctx->host.alloc(ctx->host.user, bytes);
    ctx->sys_names_log2 = log2;
    if (!ctx->sys_names || !ctx->sys_first) {
        free_names(ctx);                /* no set: every name is a "maybe" */
        return;
    }
    __builtin_memset(ctx->sys_names, 0, bytes);
    /* first: the names the host intercepts, marked so that a lookup asks it before trying
     * any image (a system definition of the same name, libc's dlopen, is found by walking) */
    for (unsigned i = 0; i < ctx->nintercept; i++)
        names_add(ctx, log2, ctx->intercept_hash[i], ELFLD_SYS_INTERCEPTED, 0);
    for (size_t i = 0; i < ctx->nsys; i++) {
        const struct elfld_lib *lib = ctx->sys[i];
        if (lib->gnu_buckets) {         /* the chain holds each defined name's hash */
            for (uint32_t k = lib->gnu_symoffset; k < lib->nsyms; k++)
                names_add(ctx, log2, lib->gnu_chain[k - lib->gnu_symoffset], i, k);
        } else {                        /* (a SysV table's own order decides: no direct try) */
            for (uint32_t k = 1; k < lib->nsyms; k++)
                if (lib->symtab[k].st_shndx != SHN_UNDEF && elfld__sym_name(lib, k))
                    names_add(ctx, log2, elfld__gnu_hash(elfld__sym_name(lib, k)), 255, 0);
        }
    }
}

/* Have the host's images changed since they were read?  By the host's generation number
 * when it has one (a library closed and another opened keeps the count), else by count. */
static bool system_changed(struct elfld_ctx *ctx, size_t *n) {
    if (ctx->host.system_generation) {
        unsigned long long g = ctx->host.system_generation(ctx->host.user);
        if (ctx->sys_read && g == ctx->sys_generation)
            return false;
        ctx->sys_generation = g;
        ctx->sys_read = true;
    }
    /* (sys_listed is 0 after a failed allocation, so a listed system is retried) */
    *n = ctx->host.system_images(ctx->host.user, NULL, 0);
    return *n != ctx->sys_listed || (ctx->host.system_generation && *n);
}

void elfld__system_refresh(struct elfld_ctx *ctx) {
    if (!ctx->host.system_images)
        return;
    size_t n = 0;
    if (!system_changed(ctx, &n))
        return;
    elfld__system_free(ctx);
    if (!n) {
        ctx->sys_indexed = true;        /* an empty system: nothing to search */
        ctx->sys_complete = true;
        return;
    }
    struct elfld_system_image *ims = elfld__alloc(ctx, n * sizeof *ims);
    ctx->sys = elfld__alloc(ctx, n * sizeof *ctx->sys);
    if (!ims || !ctx->sys) {
        elfld__free(ctx, ims, n * sizeof *ims);
        elfld__free(ctx, ctx->sys, n * sizeof *ctx->sys);
        ctx->sys = NULL;
        ctx->sys_read = false;          /* try again at the next load */
        return;                         /* no index: resolve() serves as the system */
    }
    ctx->sys_listed = n;
    size_t got = ctx->host.system_images(ctx->host.user, ims, n);
    for (size_t i = 0; i < got && i < n; i++) {
        struct elfld_lib *lib = index_image(ctx, &ims[i]);
        if (lib)
            ctx->sys[ctx->nsys++] = lib;
    }
    elfld__free(ctx, ims, n * sizeof *ims);
    ctx->sys_indexed = true;
    ctx->sys_complete = got == n && ctx->nsys == n;
}

/* ------------------------------------------------------------------ a library's own names the system may define */
/* How many names the system defines (SIZE_MAX: some image cannot list its names by hash). */
static size_t system_names(const struct elfld_ctx *ctx) {
    size_t total = 0;
    for (size_t i = 0; i < ctx->nsys; i++) {
        const struct elfld_lib *s = ctx->sys[i];
        if (!s->gnu_buckets)
            return SIZE_MAX;
        total += s->nsyms - s->gnu_symoffset;
    }
    return total;
}

/*
 * Which of lib's own hashed definitions may the system define too?  Whichever side is much
 * smaller drives.  With the system's name set, one probe of lib's table costs about four of
 * the set's: the system's names are looked up in lib's table when they are fewer than a
 * quarter of lib's, else lib's names are probed in the set.  Without the set, each of lib's
 * names would go through every image's Bloom filter (and chain, past the filter), about eight
 * lookups in lib's table: the system's names drive unless they outnumber lib's eight times,
 * and when they do, nothing is marked (false): settling definitions as relocations meet them
 * probes only the names they use, each once, where marking would probe every name.
 */
#define SET_PROBES_PER_LIB_PROBE_LOG2 2     /* four (shifts: no division helper on arm) */
#define LIB_PROBES_PER_BLOOM_PROBE_LOG2 3   /* eight */

bool elfld__mark_system_names(const struct elfld_lib *lib, uint8_t *own) {
    const struct elfld_ctx *ctx = lib->ctx;
    uint32_t n = lib->nsyms - lib->gnu_symoffset;
    size_t names = system_names(ctx);
    bool system_drives = ctx->sys_names ? names < n >> SET_PROBES_PER_LIB_PROBE_LOG2
                                        : names >> LIB_PROBES_PER_BLOOM_PROBE_LOG2 < n;
    if (system_drives) {
        for (size_t i = 0; i < ctx->nsys; i++) {
            const struct elfld_lib *s = ctx->sys[i];
            for (uint32_t k = 0; k < s->nsyms - s->gnu_symoffset; k++)
                elfld__chain_match(lib, s->gnu_chain[k], own);
        }
        return true;
    }
    if (!ctx->sys_names)                    /* no set (yet): one by one is cheaper */
        return false;
    const uint32_t *chain = lib->gnu_chain, *set = ctx->sys_names;
    unsigned log2 = ctx->sys_names_log2;
    for (uint32_t k = 0; k < n; k++)
        if (elfld__names_has(set, log2, chain[k]))
            own[k] = 0;
    return true;
}

/*
 * The set against the images' own tables, in instructions (callgrind, x86_64, the images of
 * a glibc process): building the set costs about SET_COST_PER_NAME per system name (clearing
 * its four slots, adding the name); a name the set answers instead of the tables saves about
 * BLOOM_COST_PER_IMAGE per image.  Each library announces the lookups its relocation will
 * make - one per name it imports, one per definition of its own unless the system's names
 * are looked up in its table instead (above) - and the set is built once what the lookups
 * announced so far would save has reached what it costs: a small library loaded into a
 * large process never pays for indexing every name of libc.
 */
#define SET_COST_PER_NAME 52u
#define BLOOM_COST_PER_IMAGE 26u

void elfld__system_expect(struct elfld_ctx *ctx, const struct elfld_lib *lib) {
    if (ctx->sys_names || !ctx->nsys)
        return;
    if (!lib->gnu_buckets) {
        ctx->sys_lookups += lib->nsyms;
    } else {
        uint32_t own = lib->nsyms - lib->gnu_symoffset;
        bool own_probed = system_names(ctx) >> LIB_PROBES_PER_BLOOM_PROBE_LOG2 >= own;
        ctx->sys_lookups += lib->gnu_symoffset + (own_probed ? own : 0);
    }
    size_t names = 0;                       /* what build_names() adds: about every symbol */
    for (size_t i = 0; i < ctx->nsys; i++)
        names += ctx->sys[i]->nsyms;
    uint64_t saving = (uint64_t)ctx->sys_lookups * ctx->nsys * BLOOM_COST_PER_IMAGE;
    if (saving >= (uint64_t)names * SET_COST_PER_NAME)
        build_names(ctx);
}

/*
 * Clear, in `own` (byte i - first for symbol i >= first), every symbol of `lib` - a library
 * with only a SysV hash table - named like a definition of system image `s`.  No hashes to
 * compare here: each system name is hashed the SysV way and looked up by name in lib's table.
 */
/* Back to "look it up" (0): lib's definitions of `name`, from symbol `first` on. */
static void mark_sysv_name(const struct elfld_lib *lib, const char *name, uint32_t first,
                           uint8_t *own) {
    size_t len = elfld__strlen(name);
    uint32_t idx = lib->sysv_bucket[elfld__umod(elfld__sysv_hash(name), lib->sysv_nbucket)];
    for (uint32_t steps = 0; idx != STN_UNDEF && idx < lib->nsyms && steps < lib->nsyms;
         steps++, idx = lib->sysv_chain[idx]) {
        uint32_t at = lib->symtab[idx].st_name;
        if (idx >= first && at < lib->strsz && lib->strsz - at > len &&
            elfld__same_name(lib->strtab + at, name, len))
            own[idx - first] = 0;
    }
}

static void mark_sysv_names_of(const struct elfld_lib *lib, const struct elfld_lib *s,
                               uint32_t first, uint8_t *own) {
    for (uint32_t k = s->gnu_symoffset; k < s->nsyms; k++) {
        const char *name = elfld__sym_name(s, k);
        if (name)
            mark_sysv_name(lib, name, first, own);
    }
}

bool elfld__mark_system_names_sysv(const struct elfld_lib *lib, uint32_t first, uint8_t *own) {
    const struct elfld_ctx *ctx = lib->ctx;
    size_t total = system_names(ctx);
    if (!lib->sysv_bucket || total == SIZE_MAX || total >= (lib->nsyms - first) >> 2)
        return false;
    for (size_t i = 0; i < ctx->nsys; i++)
        mark_sysv_names_of(lib, ctx->sys[i], first, own);
    for (unsigned i = 0; i < ctx->nintercept; i++)    /* the host answers these first */
        mark_sysv_name(lib, ctx->host.intercept_names[i], first, own);
    return true;
}

/* ------------------------------------------------------------------ the resolution chain */
