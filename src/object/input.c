/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * input.c - the inputs of an object link: archives are split into members, and every
 * relocatable object is validated (ELF header, section headers, section names, symbol and
 * string tables, relocation and group sections) before anything else reads it.
 */
#include "object.h"
#include "../core/names.h"
#include "../core/parse.h"
#include "../core/records.h"
#include "../core/source.h"

#define AR_MAGIC "!<arch>\n"
#define AR_HDR 60

static bool in_file(size_t size, uintptr_t off, uintptr_t len) {
    uintptr_t end;
    return elfld__add_ok(off, len, &end) && end <= size;
}

bool elfld__obj_sym(const struct obj_file *f, uint32_t idx, elf_sym *out, uint32_t *shndx) {
    if (idx >= f->nsyms)
        return false;
    __builtin_memcpy(out, f->data + f->symoff + (uintptr_t)idx * sizeof *out, sizeof *out);
    if (out->st_name >= f->strsz)
        return false;
    *shndx = out->st_shndx;
    if (out->st_shndx == SHN_XINDEX) {
        if (!f->xindex_off)
            return false;
        __builtin_memcpy(shndx, f->data + f->xindex_off + (uintptr_t)idx * 4, 4);
    }
    return true;
}

const char *elfld__obj_symname(const struct obj_file *f, const elf_sym *s) {
    return f->strtab + s->st_name;
}

static struct obj_file *new_file(struct elfld_err *e, struct elfld_objlink *L) {
    struct obj_file *files = elfld__grow(L->ctx, L->files, L->nfiles, &L->files_cap, sizeof *files);
    if (!files) {
        elfld__fail(e, ELFLD_ENOMEM, "no memory for the object list");
        return NULL;
    }
    L->files = files;
    struct obj_file *f = &L->files[L->nfiles++];
    __builtin_memset(f, 0, sizeof *f);
    return f;
}

/* ------------------------------------------------------------------ one ELF object */
static int check_ehdr(struct elfld_err *e, const char *name, const elf_ehdr *h, size_t size) {
    const unsigned char *id = h->e_ident;
    if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return elfld__fail(e, ELFLD_EMAGIC, "%s: not an ELF object", name);
    if (id[EI_CLASS] != ELFLD_ELFCLASS)
        return elfld__fail(e, ELFLD_ECLASS, "%s: a %s ELF object (class %u); this build of "
                           "libelfld links %s's %s objects", name, elfld__class_name(id[EI_CLASS]),
                           id[EI_CLASS], ELFLD_ARCH_NAME, elfld__class_name(ELFLD_ELFCLASS));
    if (id[EI_DATA] != ELFDATA2LSB)
        return elfld__fail(e, ELFLD_EENDIAN, "%s: not little endian", name);
    if (id[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
        return elfld__fail(e, ELFLD_EVERSION, "%s: ELF version %u", name, h->e_version);
    if (h->e_machine != ELFLD_EM)
        return elfld__fail(e, ELFLD_EMACHINE, "%s: built for %s (e_machine %u); this build of "
                           "libelfld links %s (%u)", name, elfld__machine_name(h->e_machine),
                           h->e_machine, ELFLD_ARCH_NAME, ELFLD_EM);
    if (elfld_arch_check_flags(h->e_flags))
        return elfld__fail(e, ELFLD_EMACHINE, "%s: e_flags %x not supported by this build",
                           name, h->e_flags);
    if (h->e_type != ET_REL)
        return elfld__fail(e, ELFLD_ETYPE, "%s: e_type %u is not a relocatable object", name,
                           h->e_type);
    if (h->e_shentsize != sizeof(elf_shdr))
        return elfld__fail(e, ELFLD_EHEADER, "%s: e_shentsize %u, expected %zu", name,
                           h->e_shentsize, sizeof(elf_shdr));
    if (!in_file(size, h->e_shoff, sizeof(elf_shdr)))
        return elfld__fail(e, ELFLD_ETRUNC, "%s: section headers past the end", name);
    return 0;
}

static int check_sections(struct elfld_err *e, struct obj_file *f) {
    for (uint32_t i = 1; i < f->shnum; i++) {
        const elf_shdr *sh = &f->secs[i].sh;
        if (sh->sh_type != SHT_NOBITS && !in_file(f->size, sh->sh_offset, sh->sh_size))
            return elfld__fail(e, ELFLD_ETRUNC, "%s: section %u past the end of the file",
                               f->name, i);
        if (sh->sh_addralign > 1 && !elfld__is_pow2(sh->sh_addralign))
            return elfld__fail(e, ELFLD_ESECTION, "%s: section %u alignment %lu is not a "
                               "power of two", f->name, i, (unsigned long)sh->sh_addralign);
        if (sh->sh_name >= f->shstrsz)
            return elfld__fail(e, ELFLD_ESECTION, "%s: section %u name out of range", f->name, i);
        f->secs[i].name = f->shstrtab + sh->sh_name;
    }
    return 0;
}

static int check_symtab(struct elfld_err *e, struct obj_file *f) {
    uint32_t found = 0;
    for (uint32_t i = 1; i < f->shnum; i++) {
        const elf_shdr *sh = &f->secs[i].sh;
        if (sh->sh_type != SHT_SYMTAB)
            continue;
        if (found++)
            return elfld__fail(e, ELFLD_ESECTION, "%s: more than one symbol table", f->name);
        if (sh->sh_entsize != sizeof(elf_sym) || elfld__umod(sh->sh_size, sizeof(elf_sym)) ||
            elfld__udiv(sh->sh_size, sizeof(elf_sym)) > 0xffffffffu)
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: bad symbol table entry size", f->name);
        if (sh->sh_link == 0 || sh->sh_link >= f->shnum ||
            f->secs[sh->sh_link].sh.sh_type != SHT_STRTAB)
            return elfld__fail(e, ELFLD_ESTRTAB, "%s: symbol table without a string table",
                               f->name);
        const elf_shdr *str = &f->secs[sh->sh_link].sh;
        if (str->sh_size == 0 || f->data[str->sh_offset + str->sh_size - 1] != 0)
            return elfld__fail(e, ELFLD_ESTRTAB, "%s: symbol string table does not end with "
                               "NUL", f->name);
        f->symtab_index = i;
        f->nsyms = (uint32_t)elfld__udiv(sh->sh_size, sizeof(elf_sym));
        f->symoff = sh->sh_offset;
        f->strtab = (const char *)f->data + str->sh_offset;
        f->strsz = str->sh_size;
        f->first_global = sh->sh_info;
        if (f->first_global > f->nsyms || (f->nsyms && f->first_global == 0))
            return elfld__fail(e, ELFLD_ESYMTAB, "%s: symbol table sh_info %u out of range",
                               f->name, f->first_global);
    }
    for (uint32_t i = 1; i < f->shnum; i++) {
        const elf_shdr *sh = &f->secs[i].sh;
        if (sh->sh_type != SHT_SYMTAB_SHNDX)
            continue;
        if (sh->sh_link != f->symtab_index || (sh->sh_size >> 2) < f->nsyms)
            return elfld__fail(e, ELFLD_ESECTION, "%s: SHT_SYMTAB_SHNDX does not match the "
                               "symbol table", f->name);
        f->xindex_off = sh->sh_offset;
    }
    return 0;
}

/* Relocation and group sections must point at the symbol table and at real sections. */
static int check_links(struct elfld_err *e, struct obj_file *f) {
    for (uint32_t i = 1; i < f->shnum; i++) {
        const elf_shdr *sh = &f->secs[i].sh;
        if (sh->sh_type == SHT_REL || sh->sh_type == SHT_RELA) {
            size_t ent = sh->sh_type == SHT_RELA ? sizeof(elf_rela) : sizeof(elf_rel);
            if (sh->sh_entsize != ent || elfld__umod(sh->sh_size, ent))
                return elfld__fail(e, ELFLD_ESECTION, "%s: relocation section %s has a bad "
                                   "entry size", f->name, f->secs[i].name);
            if (sh->sh_info == 0 || sh->sh_info >= f->shnum || sh->sh_link != f->symtab_index)
                return elfld__fail(e, ELFLD_ESECTION, "%s: relocation section %s has a bad "
                                   "target or symbol table", f->name, f->secs[i].name);
        } else if (sh->sh_type == SHT_GROUP) {
            if (sh->sh_size < 4 || sh->sh_size % 4 || sh->sh_link != f->symtab_index ||
                sh->sh_info >= f->nsyms)
                return elfld__fail(e, ELFLD_ESECTION, "%s: malformed section group %s",
                                   f->name, f->secs[i].name);
            for (uintptr_t off = 4; off < sh->sh_size; off += 4) {
                uint32_t member;
                __builtin_memcpy(&member, f->data + sh->sh_offset + off, 4);
                if (member == 0 || member >= f->shnum || member == i)
                    return elfld__fail(e, ELFLD_ESECTION, "%s: section group %s names section "
                                       "%u", f->name, f->secs[i].name, member);
            }
        }
    }
    return 0;
}

static int add_object(struct elfld_err *e, struct elfld_objlink *L, uint32_t input,
                      const char *name, char *owned, size_t owned_size,
                      const unsigned char *data, size_t size, bool selected) {
    struct obj_file *f = new_file(e, L);
    if (!f) {
        elfld__free(L->ctx, owned, owned_size);
        return ELFLD_ENOMEM;
    }
    f->name = owned ? owned : name;
    f->owned_name = owned;
    f->owned_size = owned_size;
    f->data = data;
    f->size = size;
    f->selected = selected;
    f->from_archive = owned != NULL;
    f->input = input;
    if (size < sizeof(elf_ehdr))
        return elfld__fail(e, ELFLD_ETRUNC, "%s: truncated ELF header", f->name);
    elf_ehdr h;
    __builtin_memcpy(&h, data, sizeof h);
    int rc = check_ehdr(e, f->name, &h, size);
    if (rc)
        return rc;

    elf_shdr sh0;
    __builtin_memcpy(&sh0, data + h.e_shoff, sizeof sh0);
    uintptr_t shnum = h.e_shnum ? h.e_shnum : (uintptr_t)sh0.sh_size;
    uint32_t shstrndx = h.e_shstrndx == SHN_XINDEX ? sh0.sh_link : h.e_shstrndx;
    if (shnum == 0 || shnum > 0xffffffu || !in_file(size, h.e_shoff, shnum * sizeof(elf_shdr)))
        return elfld__fail(e, ELFLD_ETRUNC, "%s: %lu section headers do not fit the file",
                           f->name, (unsigned long)shnum);
    f->shnum = (uint32_t)shnum;
    f->secs = elfld__alloc(L->ctx, shnum * sizeof *f->secs);
    if (!f->secs)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for %lu sections", (unsigned long)shnum);
    for (uint32_t i = 0; i < shnum; i++)
        __builtin_memcpy(&f->secs[i].sh, data + h.e_shoff + (uintptr_t)i * sizeof(elf_shdr),
                         sizeof(elf_shdr));
    if (shstrndx == 0 || shstrndx >= shnum || f->secs[shstrndx].sh.sh_type != SHT_STRTAB)
        return elfld__fail(e, ELFLD_ESECTION, "%s: no section name table", f->name);
    const elf_shdr *strs = &f->secs[shstrndx].sh;
    if (!in_file(size, strs->sh_offset, strs->sh_size) || strs->sh_size == 0 ||
        data[strs->sh_offset + strs->sh_size - 1] != 0)
        return elfld__fail(e, ELFLD_ESTRTAB, "%s: section name table invalid", f->name);
    f->shstrtab = (const char *)data + strs->sh_offset;
    f->shstrsz = strs->sh_size;
    if ((rc = check_sections(e, f)) || (rc = check_symtab(e, f)) || (rc = check_links(e, f)))
        return rc;
    return 0;
}

/* ------------------------------------------------------------------ archives */
static bool parse_decimal(const unsigned char *p, size_t n, uintptr_t *out) {
    uintptr_t v = 0;
    size_t i = 0;
    while (i < n && p[i] == ' ')
        i++;
    if (i == n || p[i] < '0' || p[i] > '9')
        return false;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, p[i] - '0', &v))
            return false;
    for (; i < n; i++)
        if (p[i] != ' ')
            return false;
    *out = v;
    return true;
}

/* "archive(member)" for messages; member names end at '/' (GNU) or the field's padding. */
static char *member_label(struct elfld_ctx *ctx, const char *archive, const unsigned char *nm,
                          size_t n, size_t *alloc_size) {
    size_t an = elfld__strlen(archive);
    size_t len = 0;
    while (len < n && nm[len] != '/' && nm[len] != '\n' && nm[len] != 0)
        len++;
    while (len && nm[len - 1] == ' ')
        len--;
    *alloc_size = an + len + 3;
    char *s = elfld__alloc(ctx, *alloc_size);
    if (!s)
        return NULL;
    __builtin_memcpy(s, archive, an);
    s[an] = '(';
    __builtin_memcpy(s + an + 1, nm, len);
    s[an + 1 + len] = ')';
    s[an + 2 + len] = 0;
    return s;
}

static int add_archive(struct elfld_err *e, struct elfld_objlink *L, uint32_t input,
                       const char *name, const unsigned char *data, size_t size, bool whole) {
    const unsigned char *longnames = NULL;
    uintptr_t longsize = 0;
    uintptr_t off = 8;
    while (off < size) {
        if (off + AR_HDR > size)
            return elfld__fail(e, ELFLD_EARCHIVE, "%s: truncated member header at %lu", name,
                               (unsigned long)off);
        const unsigned char *h = data + off;
        uintptr_t msize;
        if (h[58] != '`' || h[59] != '\n' || !parse_decimal(h + 48, 10, &msize))
            return elfld__fail(e, ELFLD_EARCHIVE, "%s: bad member header at %lu", name,
                               (unsigned long)off);
        uintptr_t body = off + AR_HDR;
        if (!in_file(size, body, msize))
            return elfld__fail(e, ELFLD_EARCHIVE, "%s: member at %lu claims %lu bytes past the "
                               "end", name, (unsigned long)off, (unsigned long)msize);
        const unsigned char *m = data + body;
        uintptr_t mlen = msize;
        const unsigned char *nm = h;
        size_t nmlen = 16;
        int rc;
        if (h[0] == '/' && (h[1] == ' ' || (h[1] == 'S' && h[2] == 'Y'))) {
            nm = NULL;                                   /* symbol index: we read symtabs */
        } else if (h[0] == '/' && h[1] == '/') {
            longnames = m;                               /* GNU long-name table */
            longsize = msize;
            nm = NULL;
        } else if (h[0] == '/') {                        /* "/123": offset into long names */
            uintptr_t lo;
            size_t k = 1;
            while (k < 16 && h[k] >= '0' && h[k] <= '9')
                k++;
            if (!longnames || !parse_decimal(h + 1, k - 1, &lo) || lo >= longsize)
                return elfld__fail(e, ELFLD_EARCHIVE, "%s: member at %lu has a bad long name",
                                   name, (unsigned long)off);
            nm = longnames + lo;
            nmlen = longsize - lo;
        } else if (h[0] == '#' && h[1] == '1' && h[2] == '/') {   /* BSD: name in the body */
            uintptr_t nl;
            if (!parse_decimal(h + 3, 13, &nl) || nl > msize)
                return elfld__fail(e, ELFLD_EARCHIVE, "%s: member at %lu has a bad BSD name",
                                   name, (unsigned long)off);
            nm = m;
            nmlen = nl;
            m += nl;
            mlen -= nl;
            if (nl >= 9 && __builtin_memcmp(nm, "__.SYMDEF", 9) == 0)
                nm = NULL;
        }
        if (nm) {
            size_t lsize;
            char *label = member_label(L->ctx, name, nm, nmlen, &lsize);
            if (!label)
                return elfld__fail(e, ELFLD_ENOMEM, "no memory for member names");
            if ((rc = add_object(e, L, input, name, label, lsize, m, mlen, whole)))
                return rc;
        }
        off = body + msize + (msize & 1);                /* members are 2-byte aligned */
    }
    return 0;
}

int elfld__obj_add_input(struct elfld_err *e, struct elfld_objlink *L, uint32_t input,
                         const char *name, const unsigned char *data, size_t size,
                         bool whole_archive) {
    if (size >= 8 && __builtin_memcmp(data, AR_MAGIC, 8) == 0)
        return add_archive(e, L, input, name, data, size, whole_archive);
    return add_object(e, L, input, name, NULL, 0, data, size, true);
}

/* ------------------------------------------------------------------ relocation records */
bool elfld__obj_rec(const struct obj_file *f, const elf_shdr *rs, uintptr_t i, struct obj_rec *r) {
    uintptr_t info;
    r->rela = rs->sh_type == SHT_RELA;
    elfld__rec_read(f->data + rs->sh_offset, i, r->rela, false, &r->offset, &info, &r->addend);
    r->type = ELF_R_TYPE(info);
    r->sym = ELF_R_SYM(info);
    return r->sym < f->nsyms;
}

unsigned elfld__obj_need(const struct obj_file *f, const struct obj_rec *r, const char **tname) {
    unsigned need = elfld_arch_obj_classify(r->type, tname);
    elf_sym s;
    uint32_t shndx;
    if (!(need & ELFLD_OBJ_GOT_TLS_GD) || !elfld__obj_sym(f, r->sym, &s, &shndx) ||
        ELF_ST_TYPE(s.st_info) != STT_TLS)
        return need & ~ELFLD_OBJ_GOT_TLS_GD;
    return (need & ~(ELFLD_OBJ_GOT | ELFLD_OBJ_GOT_TLS_GD)) | ELFLD_OBJ_TLS |
           ELFLD_OBJ_TLS_FORM(ELFLD_TLS_GD);
}

bool elfld__obj_relsec_kept(const struct obj_file *f, const elf_shdr *rs) {
    return (rs->sh_type == SHT_RELA || rs->sh_type == SHT_REL) &&
           f->secs[rs->sh_info].cls != OBJ_DROP;
}

/* ------------------------------------------------------------------ the link state */
struct elfld_objlink *elfld__obj_new(struct elfld_err *e, struct elfld_lib *lib, size_t ninputs) {
    struct elfld_ctx *ctx = lib->ctx;
    struct elfld_objlink *L = elfld__alloc(ctx, sizeof *L);
    if (!L || !(L->sources = elfld__alloc(ctx, ninputs * sizeof *L->sources))) {
        elfld__free(ctx, L, sizeof *L);
        elfld__fail(e, ELFLD_ENOMEM, "no memory for the object link");
        return NULL;
    }
    L->ctx = ctx;
    L->nsources = ninputs;
    L->tls_ld_got = -1;
    lib->obj = L;
    lib->free_link_state = elfld__obj_free;
    /* The text of an object image is written while linking (relocations, stubs) and made
     * executable afterwards, like an image with text relocations. */
    lib->textrel = true;
    return L;
}

int elfld__obj_add_inputs(struct elfld_err *e, struct elfld_objlink *L,
                          const struct elfld_input *in, size_t n) {
    int rc;
    for (size_t i = 0; i < n; i++) {
        const char *name = in[i].name ? in[i].name : "<memory>";
        const void *data = in[i].data;
        size_t size = in[i].size;
        if (!data) {
            e->phase = ELFLD_PHASE_READ;
            if (!in[i].name || !L->ctx->host.open) {
                rc = elfld__fail(e, in[i].name ? ELFLD_ENOTSUP : ELFLD_EINVAL, "input %zu has "
                                 "neither bytes nor a source the host can open", i);
                return rc;
            }
            struct elfld_obj_source *src = &L->sources[i];
            if ((rc = L->ctx->host.open(L->ctx->host.user, in[i].name, &src->blob))) {
                rc = elfld__fail(e, rc < 0 ? rc : ELFLD_EIO, "cannot open '%s'", in[i].name);
                return rc;
            }
            src->opened = true;
            /* The object linker reads sections until the image is linked: a source without
             * a view is read whole, and the copy lives as long as a view would. */
            if (!src->blob.data && !L->ctx->host.read_source) {
                rc = elfld__fail(e, ELFLD_ENOTSUP, "host opened '%s' without a view and has "
                                 "no read_source", in[i].name);
                return rc;
            }
            if ((rc = elfld__source_bytes(e, L->ctx, &src->blob, in[i].name, &data, &src->copy)))
                return rc;
            size = src->blob.size;
        }
        e->phase = ELFLD_PHASE_PARSE;
        if ((rc = elfld__obj_add_input(e, L, (uint32_t)i, name, data, size,
                                       (in[i].flags & ELFLD_INPUT_WHOLE_ARCHIVE) != 0)))
            return rc;
    }
    return 0;
}

void elfld__obj_free(struct elfld_ctx *ctx, struct elfld_objlink *L) {
    if (!L)
        return;
    for (uint32_t i = 0; i < L->nfiles; i++) {
        struct obj_file *f = &L->files[i];
        elfld__free(ctx, f->secs, f->shnum * sizeof *f->secs);
        elfld__free(ctx, f->gsyms, (f->nsyms - f->first_global) * sizeof *f->gsyms);
        elfld__free(ctx, f->local_got, f->first_global * sizeof(int32_t));
        elfld__free(ctx, f->local_tls_got, f->first_global * OBJ_TLS_SLOTS * sizeof(int32_t));
        elfld__free(ctx, f->owned_name, f->owned_size);
    }
    elfld__free(ctx, L->files, L->files_cap * sizeof *L->files);
    elfld__obj_gsyms_free(L);
    elfld__free(ctx, L->groups, (size_t)L->groups_cap * sizeof *L->groups);
    for (size_t i = 0; i < L->nsources; i++) {
        struct elfld_obj_source *src = &L->sources[i];
        elfld__source_release(ctx, &src->blob, src->copy);
        if (src->opened)
            ctx->host.close(ctx->host.user, &src->blob);
    }
    elfld__free(ctx, L->sources, L->nsources * sizeof *L->sources);
    elfld__free(ctx, L, sizeof *L);
}
