/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sym.c - symbol lookup: GNU hash (bloom filter first) and SysV hash tables, symbol version
 * matching, and the resolution chain a relocation's symbol goes through:
 *
 *   pre-find -> [the library itself, if symbolic] -> the host's interception
 *   (host->intercept_names) -> the system (the host program's images
 *   through system.c's index, or host->resolve without one) -> libraries loaded ELFLD_GLOBAL,
 *   in load order -> the library itself -> its dependencies, breadth-first -> the other
 *   members of its link group -> its opts scope -> [host->resolve, when the system is indexed] -> post-find -> undefined weak = 0
 */
#include "sym.h"
#include "announce.h"
#include "arch.h"
#include "divide.h"
#include "map.h"
#include "names.h"
#include "symindex.h"
#include "sysset.h"
#include "tls.h"
#include "util.h"

/* Is symbol `idx` of `lib` a definition that satisfies name `n` (name already compared)? */
static bool version_ok(const struct elfld_lib *lib, uint32_t idx, const struct elfld_name *n) {
    if (!lib->versym)
        return true;
    uint16_t v = lib->versym[idx];
    uint32_t vi = v & VERSYM_VERSION;
    if (vi == VER_NDX_LOCAL)
        return false;
    if (!n->version)                          /* unversioned reference: default version only */
        return !(v & VERSYM_HIDDEN);
    if (vi == VER_NDX_GLOBAL)                 /* unversioned definition satisfies any version */
        return true;
    if (vi >= lib->nvers || !lib->vers[vi].name)  /* (an image of the system: not scanned) */
        return false;
    const struct elfld_ver *ver = &lib->vers[vi];
    /* as many bytes of the defined name as the wanted one has, its NUL included: only when
     * they all lie inside the string table */
    return ver->hash == n->version_hash &&
           (size_t)(lib->strtab + lib->strsz - ver->name) > n->version_len &&
           __builtin_memcmp(ver->name, n->version, n->version_len + 1) == 0;
}

static bool is_definition(const elf_sym *s) {
    if (s->st_shndx == SHN_UNDEF)
        return false;
    unsigned bind = ELF_ST_BIND(s->st_info);
    if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
        return false;
    unsigned vis = ELF_ST_VISIBILITY(s->st_other);
    return vis == STV_DEFAULT || vis == STV_PROTECTED;
}

/* Name compare of len + 1 bytes (the NUL included), only when all of them lie inside the
 * string table (st_name is not checked at load; the table ends with a NUL). */
static inline bool candidate(const struct elfld_lib *lib, uint32_t idx,
                             const struct elfld_name *n) {
    const elf_sym *s = &lib->symtab[idx];
    return is_definition(s) && s->st_name < lib->strsz && lib->strsz - s->st_name > n->len &&
           elfld__same_name(lib->strtab + s->st_name, n->name, n->len) &&
           version_ok(lib, idx, n);
}

static inline __attribute__((always_inline)) const elf_sym *
lookup_gnu(const struct elfld_lib *lib, const struct elfld_name *n) {
    const unsigned bits = 8 * sizeof(elf_addr);
    uint32_t h = n->gnu_hash;
    elf_addr word = lib->gnu_bloom[(h >> ELF_ADDR_LOG2_BITS) & (lib->gnu_bloom_words - 1)];
    elf_addr mask = ((elf_addr)1 << (h & (bits - 1))) |
                    ((elf_addr)1 << ((h >> lib->gnu_bloom_shift) & (bits - 1)));
    if ((word & mask) != mask)
        return NULL;
    uint32_t idx = lib->gnu_buckets[elfld__bucket_of(h, lib->gnu_nbuckets, lib->gnu_bucket_magic)];
    /* A loaded library's buckets were scanned when it was read; an image of the system's may
     * not have been (dynamic.c): a bucket outside [symoffset, nsyms) reads as empty. */
    if (!idx || idx - lib->gnu_symoffset >= lib->nsyms - lib->gnu_symoffset)
        return NULL;
    /* Every chain ends by nsyms - 1 (checked below as it is walked). */
    for (;; idx++) {
        uint32_t ch = lib->gnu_chain[idx - lib->gnu_symoffset];
        if (((ch ^ h) >> 1) == 0 && candidate(lib, idx, n))
            return &lib->symtab[idx];
        if ((ch & 1) || idx + 1 >= lib->nsyms)
            return NULL;
    }
}

static const elf_sym *lookup_sysv(const struct elfld_lib *lib, struct elfld_name *n) {
    if (!n->sysv_done) {
        n->sysv_hash = elfld__sysv_hash(n->name);
        n->sysv_done = true;
    }
    uint32_t idx = lib->sysv_bucket[elfld__umod(n->sysv_hash, lib->sysv_nbucket)];
    /* Indices and chain length are bounded here rather than trusted: a looping chain ends. */
    for (uint32_t steps = 0; idx != STN_UNDEF && idx < lib->nsyms && steps < lib->nsyms; steps++) {
        if (candidate(lib, idx, n))
            return &lib->symtab[idx];
        idx = lib->sysv_chain[idx];
    }
    return NULL;
}

const elf_sym *elfld__lookup_in(const struct elfld_lib *lib, struct elfld_name *n) {
    if (lib->gnu_buckets)
        return lookup_gnu(lib, n);
    if (lib->sysv_bucket)
        return lookup_sysv(lib, n);
    return NULL;
}

uintptr_t elfld__sym_addr(struct elfld_lib *lib, const elf_sym *sym) {
    uintptr_t addr = sym->st_shndx == SHN_ABS ? (uintptr_t)sym->st_value
                                              : lib->base + (uintptr_t)sym->st_value;
    /* An IFUNC's value is its resolver: called only if it is the image's own code (a bad
     * file gets a null address, not a jump into data). */
    if (ELF_ST_TYPE(sym->st_info) == STT_GNU_IFUNC && sym->st_shndx != SHN_ABS)
        addr = elfld__in_code(lib, addr) ? elfld_arch_call_ifunc(addr) : 0;
    return addr;
}

const struct elfld_ver *elfld__sym_version(const struct elfld_lib *lib, uint32_t symidx) {
    if (!lib->versym)
        return NULL;
    uint32_t vi = lib->versym[symidx] & VERSYM_VERSION;
    return vi > VER_NDX_GLOBAL && vi < lib->nvers && lib->vers[vi].name ? &lib->vers[vi] : NULL;
}

/* May `lib`'s definitions serve lookups now?  Linked ones may; so may members of the group
 * being linked (they are mapped and about to be relocated together). */
static bool servable(const struct elfld_lib *cand, const struct elfld_lib *for_lib) {
    return cand->state == ELFLD_STATE_READY ||
           (cand->state == ELFLD_STATE_LINKING && elfld__same_group(cand, for_lib));
}

/* The definition found: symbol s of lib. */
static bool found_in(struct elfld_lib *lib, const elf_sym *s, struct elfld_def *out) {
    out->sym = s;
    out->lib = lib;
    out->value = elfld__sym_addr(lib, s);
    return true;
}

static bool try_lib(struct elfld_lib *cand, struct elfld_name *n, struct elfld_def *out) {
    const elf_sym *s = elfld__lookup_in(cand, n);
    return s && found_in(cand, s, out);
}

static bool try_callback(elfld_find_fn fn, void *user, const struct elfld_name *n,
                         struct elfld_def *out) {
    struct elfld_found f = {0, 0};
    if (!fn || !fn(user, n->name, n->version, &f))
        return false;
    out->value = (uintptr_t)f.addr;
    out->sym = NULL;
    out->lib = NULL;
    return true;
}

bool elfld__chain_match(const struct elfld_lib *lib, uint32_t c, uint8_t *own) {
    const unsigned wbits = 8 * sizeof(elf_addr);
    uint32_t h0 = c & ~1u;
    elf_addr word = lib->gnu_bloom[(h0 >> ELF_ADDR_LOG2_BITS) & (lib->gnu_bloom_words - 1)];
    if (!((word >> (h0 & (wbits - 1))) & 3))        /* neither value's first bit */
        return false;
    bool found = false;
    for (uint32_t h = h0; h <= (c | 1u); h++) {      /* h's bucket depends on its low bit */
        elf_addr mask = ((elf_addr)1 << (h & (wbits - 1))) |
                        ((elf_addr)1 << ((h >> lib->gnu_bloom_shift) & (wbits - 1)));
        if ((word & mask) != mask)
            continue;
        uint32_t idx =
            lib->gnu_buckets[elfld__bucket_of(h, lib->gnu_nbuckets, lib->gnu_bucket_magic)];
        if (idx - lib->gnu_symoffset >= lib->nsyms - lib->gnu_symoffset)
            continue;                               /* empty, or outside (see lookup_gnu) */
        for (; idx; idx++) {
            uint32_t k = idx - lib->gnu_symoffset, ch = lib->gnu_chain[k];
            if (((ch ^ h) >> 1) == 0) {
                if (!own)
                    return true;
                own[k] = 0;
                found = true;
            }
            if ((ch & 1) || idx + 1 >= lib->nsyms)
                break;
        }
    }
    return found;
}

/* The system's name set's stand-in, from the images' own tables (sysset.h). */
bool elfld__system_tables_may(const struct elfld_ctx *ctx, uint32_t h) {
    for (size_t i = 0; i < ctx->nsys; i++) {
        const struct elfld_lib *s = ctx->sys[i];
        if (!s->gnu_buckets || elfld__chain_match(s, h, NULL))
            return true;
    }
    return false;
}

/* The host's answer for a name it intercepts (host->intercept_names). */
static bool ask_intercept(struct elfld_lib *lib, struct elfld_name *n, struct elfld_def *out) {
    struct elfld_ctx *ctx = lib->ctx;
    if (!elfld__intercepted(ctx, n->gnu_hash))
        return false;
    struct elfld_found f = {0, 0};
    if (!ctx->host.intercept(ctx->host.user, lib, n->name, n->version, &f))
        return false;
    out->value = (uintptr_t)f.addr;
    out->sym = NULL;
    out->lib = NULL;
    return true;
}

/* The host program's images, through the core's index (host->system_images). */
static bool search_system(struct elfld_lib *lib, struct elfld_name *n, struct elfld_def *out) {
    struct elfld_ctx *ctx = lib->ctx;
    if (ctx->sys_names) {
        uint32_t slot = elfld__names_slot(ctx->sys_names, ctx->sys_names_log2, n->gnu_hash);
        if (!ctx->sys_names[slot])
            return false;                       /* certainly not in the system */
        /* The first symbol in search order with this hash: in its image's GNU chain, every
         * one before it has another hash, so when it is the definition wanted it is what the
         * walk below would find.  Otherwise (another version, a collision) walk.  A name the
         * host intercepts is marked instead: the host is asked first. */
        uint32_t first = ctx->sys_first[slot];
        if ((first >> 24) == ELFLD_SYS_INTERCEPTED && ask_intercept(lib, n, out))
            return true;
        if ((first >> 24) < ctx->nsys) {
            struct elfld_lib *img = ctx->sys[first >> 24];
            uint32_t idx = first & 0xffffff;
            if (candidate(img, idx, n))
                return found_in(img, &img->symtab[idx], out);
        }
    } else if (!ctx->nsys) {
        return false;
    }
    for (size_t i = 0; i < ctx->nsys; i++)
        if (try_lib(ctx->sys[i], n, out))
            return true;
    return false;
}

/* The host's resolve hook: the system itself when there is no index, else the last resort. */
static bool ask_host(struct elfld_lib *lib, struct elfld_name *n, struct elfld_def *out) {
    struct elfld_ctx *ctx = lib->ctx;
    struct elfld_found f = {0, 0};
    if (!ctx->host.resolve || !ctx->host.resolve(ctx->host.user, n->name, n->version, &f))
        return false;
    out->value = (uintptr_t)f.addr;
    out->sym = NULL;
    out->lib = NULL;
    return true;
}

/*
 * The standard ELF order: the global scope (the system, then libraries loaded ELFLD_GLOBAL in
 * load order) before the library's own scope (itself, its group, its opts scope); a symbolic
 * library looks in itself first.
 */
static bool search_scopes(struct elfld_lib *lib, struct elfld_name *n, struct elfld_def *out) {
    struct elfld_ctx *ctx = lib->ctx;
    bool indexed = ctx->sys_indexed;
    if ((lib->flags & ELFLD_SYMBOLIC) && try_lib(lib, n, out))
        return true;
    if (ctx->nintercept && (!indexed || !ctx->sys_names) && ask_intercept(lib, n, out))
        return true;                  /* (with a name set, search_system asks) */
    if (indexed ? search_system(lib, n, out) : ask_host(lib, n, out))
        return true;
    for (struct elfld_lib *g = ctx->first; g && ctx->nglobal; g = g->next)
        if ((g->flags & ELFLD_GLOBAL) && servable(g, lib) && try_lib(g, n, out))
            return true;
    if (!(lib->flags & ELFLD_SYMBOLIC) && try_lib(lib, n, out))
        return true;
    for (size_t i = 0; i < lib->nlocal; i++)
        if (servable(lib->local[i], lib) && try_lib(lib->local[i], n, out))
            return true;
    for (struct elfld_lib *m = lib->group_first; m; m = m->group_next)
        if (m != lib && servable(m, lib) && try_lib(m, n, out))
            return true;
    for (size_t i = 0; i < lib->nscope; i++)
        if (servable(lib->scope[i], lib) && try_lib(lib->scope[i], n, out))
            return true;
    /* Last resort: the host's resolve(), unless it could only repeat the index's answer. */
    bool repeat = ctx->sys_complete && (ctx->host.flags & ELFLD_HOST_RESOLVE_IS_SYSTEM);
    return indexed && !repeat && ask_host(lib, n, out);
}

/*
 * Can anything searched before `lib` itself define symbol `symidx` (one lib defines)?  No
 * pre-find, no global-scope library but lib, and a system that certainly lacks the name.
 * The GNU hash of a defined symbol is in the library's own chain: no hashing needed.
 */
static bool nothing_before_self(const struct elfld_lib *lib, uint32_t symidx) {
    int mode = elfld__self_first_mode(lib);
    return mode == ELFLD_SELF_ALWAYS ||
           (mode == ELFLD_SELF_UNLESS_SYSTEM &&
            !elfld__system_may_define(lib->ctx, elfld__defined_hash(lib, symidx)));
}

int elfld__resolve(struct elfld_err *e, struct elfld_lib *lib, uint32_t symidx,
                   struct elfld_def *out) {
    const elf_sym *sym = &lib->symtab[symidx];
    out->sym = NULL;
    out->lib = NULL;
    out->value = 0;
    /* Local and non-default-visibility definitions are bound to themselves, never preempted.
     * So is any definition when nothing that precedes the library in the search order can
     * define it: then the lookup by name would find this very symbol, version included. */
    if (sym->st_shndx != SHN_UNDEF &&
        (ELF_ST_BIND(sym->st_info) == STB_LOCAL ||
         ELF_ST_VISIBILITY(sym->st_other) != STV_DEFAULT || nothing_before_self(lib, symidx))) {
        out->sym = sym;
        out->lib = lib;
        out->value = elfld__sym_addr(lib, sym);
        return 0;
    }
    const char *name = elfld__sym_name(lib, symidx);
    if (!name)
        return elfld__fail(e, ELFLD_ESTRTAB, "%s: symbol %u has its name outside the string "
                           "table", lib->name, symidx);
    const struct elfld_ver *ver = elfld__sym_version(lib, symidx);
    struct elfld_name n;
    elfld__name_init(&n, name, NULL);
    if (ver) {                       /* the version's hash (and, if needed, length) is known */
        n.version = ver->name;
        n.version_hash = ver->hash;
        n.version_len = ver->len ? ver->len : elfld__strlen(ver->name);
        n.version_hidden_ok = true;
    }
    return elfld__resolve_name(e, lib, &n, ELF_ST_BIND(sym->st_info) == STB_WEAK, out);
}

/* The names of the dynamic TLS entry (arch.h): bound to libelfld's own code before anything
 * else is searched, since only it knows this context's modules. */
static bool tls_entry(const struct elfld_ctx *ctx, const struct elfld_name *n,
                      struct elfld_def *out) {
    for (uint32_t i = 0; i < elfld_arch_tls_entry_count; i++) {
        const char *name = elfld_arch_tls_entries[i].name;
        if (elfld__strcmp(name, n->name) == 0) {
            void (*fn)(void) = elfld_arch_tls_entries[i].fn;
#ifdef ELFLD_ARCH_TLS_CACHED_ENTRIES
            if (ctx->tls_cached && fn == (void (*)(void))elfld__tls_get_addr)
                fn = elfld_arch_tls_get_addr_cached;
#else
            (void)ctx;
#endif
            out->value = (uintptr_t)fn;
            return true;
        }
    }
    return false;
}

bool elfld__find_name(struct elfld_lib *lib, struct elfld_name *n, struct elfld_def *out) {
    out->sym = NULL;
    out->lib = NULL;
    out->value = 0;
    /* every entry name starts with "__" or "___": one compare keeps the common case cheap */
    if (n->len > 2 && n->name[0] == '_' && n->name[1] == '_' && tls_entry(lib->ctx, n, out))
        return true;
    return try_callback(lib->pre_find, lib->find_user, n, out) ||
           search_scopes(lib, n, out) ||
           try_callback(lib->post_find, lib->find_user, n, out);
}

int elfld__resolve_name(struct elfld_err *e, struct elfld_lib *lib, struct elfld_name *n,
                        bool weak, struct elfld_def *out) {
    if (!elfld__find_name(lib, n, out)) {
        if (!weak)
            return elfld__fail_reloc(e, ELFLD_ENOSYM, -1, -1, n->name, "symbol '%s'%s%s not "
                                     "found (needed by %s)", n->name, n->version ? " version "
                                     : "", n->version ? n->version : "", lib->name);
    } else if (out->lib && out->lib != lib && !out->lib->system_image &&
               !elfld__same_group(out->lib, lib) && elfld__add_dep(lib, out->lib)) {
        return elfld__fail(e, ELFLD_ENOMEM, "no memory to record a dependency");
    }
    if (lib->ctx->trace)                /* undefined weak: 0 */
        elfld__log(lib->ctx, ELFLD_LOG_TRACE, "%s %s: %s%s%s -> %s at %lx",
                   e->lazy ? "lazily bound" : "bound", lib->name, n->name,
                   n->version ? "@" : "", n->version ? n->version : "",
                   out->lib ? (out->lib->name[0] ? out->lib->name : "the program")
                   : out->value ? "the host" : "undefined weak", (unsigned long)out->value);
    return 0;
}

/* ------------------------------------------------------------------ public lookups */
/* A symbol's address for the public lookups: a thread-local one's is the calling thread's
 * copy (made on first use), as dlsym gives it; NULL when it cannot be, or when the symbol
 * does not lie inside its module's block (its value is an offset there, which nothing
 * checked before: relocations only pass it on). */
static void *public_addr(struct elfld_lib *lib, const elf_sym *s) {
    if (ELF_ST_TYPE(s->st_info) == STT_TLS) {
        const struct elfld_tls_module *m = &lib->tls;
        if (!m->id || s->st_value > m->memsz || s->st_size > m->memsz - s->st_value)
            return NULL;
        return elfld__tls_addr(m, (uintptr_t)s->st_value);
    }
    return (void *)elfld__sym_addr(lib, s);
}

static void fill_info(struct elfld_lib *lib, const elf_sym *s, struct elfld_syminfo *out) {
    uint32_t idx = (uint32_t)ELFLD_INDEX_OF(s, lib->symtab, sizeof *s);
    const struct elfld_ver *ver = elfld__sym_version(lib, idx);
    out->addr = public_addr(lib, s);
    out->size = (size_t)s->st_size;
    out->type = (int)ELF_ST_TYPE(s->st_info);
    out->bind = (int)ELF_ST_BIND(s->st_info);
    out->name = elfld__sym_name(lib, idx);
    out->version = ver ? ver->name : NULL;
    out->hidden_version = lib->versym && (lib->versym[idx] & VERSYM_HIDDEN) ? 1 : 0;
    out->lib = lib;
}

void *elfld_sym(elfld_lib *lib, const char *name) {
    if (!elfld__lib_usable(lib, "elfld_sym") || !name || lib->state != ELFLD_STATE_READY)
        return NULL;
    const elf_sym *s;
    if (lib->symindex) {
        s = elfld__symindex_find(lib, name);
    } else {
        if (!lib->symindex_tried)
            elfld__symindex_count(lib);
        struct elfld_name n;
        elfld__name_init(&n, name, NULL);
        s = lib->gnu_buckets ? lookup_gnu(lib, &n) : elfld__lookup_in(lib, &n);
    }
    return s ? public_addr(lib, s) : NULL;
}

int elfld_sym_info(elfld_lib *lib, const char *name, const char *version,
                   struct elfld_syminfo *out) {
    if (!elfld__lib_usable(lib, "elfld_sym_info") || !name || !out)
        return ELFLD_EINVAL;
    if (lib->state != ELFLD_STATE_READY)
        return ELFLD_EBUSY;
    struct elfld_name n;
    elfld__name_init(&n, name, version);
    const elf_sym *s = elfld__lookup_in(lib, &n);
    if (!s)
        return ELFLD_ENOTFOUND;
    fill_info(lib, s, out);
    return 0;
}

int elfld_sym_deps(elfld_lib *lib, const char *name, const char *version,
                   struct elfld_syminfo *out) {
    if (!elfld__lib_usable(lib, "elfld_sym_deps") || !name || !out)
        return ELFLD_EINVAL;
    if (lib->state != ELFLD_STATE_READY)
        return ELFLD_EBUSY;
    struct elfld_name n;
    elfld__name_init(&n, name, version);
    for (size_t i = 0; i <= lib->nlocal; i++) {
        struct elfld_lib *l = i ? lib->local[i - 1] : lib;
        const elf_sym *s = l->state == ELFLD_STATE_READY ? elfld__lookup_in(l, &n) : NULL;
        if (s) {
            fill_info(l, s, out);
            return 0;
        }
    }
    return ELFLD_ENOTFOUND;
}

int elfld_addr_info(elfld_ctx *ctx, const void *addr, struct elfld_syminfo *out) {
    if (!elfld__ctx_usable(ctx, "elfld_addr_info") || !out)
        return ELFLD_EINVAL;
    uintptr_t a = (uintptr_t)addr;
    for (struct elfld_lib *lib = ctx->first; lib; lib = lib->next) {
        if (lib->state != ELFLD_STATE_READY || a < (uintptr_t)lib->map ||
            a - (uintptr_t)lib->map >= lib->map_size)
            continue;
        __builtin_memset(out, 0, sizeof *out);
        out->lib = lib;
        if (ELFLD_WITH_OBJECTS && lib->obj_tools) {   /* an object module: all its symbols */
            const struct elfld_image_symbol *s = elfld__obj_tools_symbol(lib, a);
            if (s) {
                out->addr = (void *)s->addr;
                out->size = s->size;
                out->type = s->type;
                out->bind = s->bind;
                out->name = s->name;
            }
            return 0;
        }
        /* Prefer a symbol that covers addr; else the nearest one below it. */
        const elf_sym *best = NULL;
        bool best_covers = false;
        uintptr_t off = a - lib->base;
        for (uint32_t i = 1; i < lib->nsyms; i++) {
            const elf_sym *s = &lib->symtab[i];
            unsigned type = ELF_ST_TYPE(s->st_info);
            if (s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE || s->st_value > off ||
                s->st_name >= lib->strsz ||
                (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE &&
                 type != STT_GNU_IFUNC))
                continue;
            bool covers = off < s->st_value + s->st_size;
            if (!best || (covers && !best_covers) ||
                (covers == best_covers && s->st_value > best->st_value)) {
                best = s;
                best_covers = covers;
            }
        }
        if (!best)
            return 0;                 /* the library's, before any symbol: no name */
        fill_info(lib, best, out);
        out->addr = (void *)(lib->base + (uintptr_t)best->st_value); /* the symbol itself */
        return 0;
    }
    return ELFLD_ENOTFOUND;
}
