/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tools.c - what the host's tools learn of a linked object module (core/announce.h): its
 * loaded sections and defined symbols, locals included, which the inputs' section and
 * symbol tables say and which go with them once the link state is freed; and its frame
 * tables, checked while the image is still writable.
 */
#include "object.h"
#include "../core/announce.h"
#include "../core/names.h"

static const unsigned class_prot[OBJ_NCLASS] = {
    [OBJ_TEXT] = ELFLD_PROT_READ | ELFLD_PROT_EXEC, [OBJ_RODATA] = ELFLD_PROT_READ,
    [OBJ_RELRO] = ELFLD_PROT_READ, [OBJ_DATA] = ELFLD_PROT_READ | ELFLD_PROT_WRITE,
    [OBJ_BSS] = ELFLD_PROT_READ | ELFLD_PROT_WRITE};

/* Whether symbol idx of f is one a debugger or profiler names code or data by: defined in a
 * kept section, a function, object or plain label, not a mapping symbol ($x, $d, $a, $t) or
 * an assembler-local label; a global only where the link took its definition. */
static bool tool_symbol(const struct elfld_objlink *L, uint32_t fi, uint32_t idx, elf_sym *s,
                        uint32_t *shndx) {
    const struct obj_file *f = &L->files[fi];
    if (!elfld__obj_sym(f, idx, s, shndx) || *shndx == SHN_UNDEF || *shndx >= f->shnum ||
        f->secs[*shndx].cls == OBJ_DROP || f->secs[*shndx].tls)
        return false;
    unsigned type = ELF_ST_TYPE(s->st_info);
    const char *name = elfld__obj_symname(f, s);
    if ((type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE &&
         type != STT_GNU_IFUNC) || !name[0] || name[0] == '$' ||
        (name[0] == '.' && name[1] == 'L'))
        return false;
    if (idx < f->first_global)
        return true;
    const struct obj_gsym *g = f->gsyms[idx - f->first_global];
    return (g->state == G_DEFINED || g->state == G_WEAK) && g->file == fi && g->sym == idx;
}

/* The .eh_frame table checked, FDEs of discarded COMDAT copies disabled; the ARM index is
 * checked by the core when the image is announced (it is read-only by then). */
static void settle_frames(struct elfld_lib *lib, const struct elfld_objlink *L) {
    const char *why = NULL;
    size_t size;
    bool terminated = false;
    struct elfld_eh_walk w = {lib->base + L->eh_off, lib->base + L->eh_off + L->eh_size,
                              ELFLD_FDE_DISABLE, 0};
    if (L->eh_size && L->eh_gap) {
        why = "its .eh_frame sections do not fit end to end";
    } else if (L->eh_size && elfld__eh_frame_check(lib, &w, &size, &terminated, &why)) {
        lib->frames.eh_frame = w.start;
        lib->frames.eh_frame_size = size + 4;
    }
    if (why)
        elfld__log(lib->ctx, ELFLD_LOG_WARN, "%s: no unwind information: %s", lib->name, why);
    if (L->exidx_count) {
        lib->frames.exidx = lib->base + L->exidx_off;
        lib->frames.exidx_count = L->exidx_count;
    }
}

/* Each selected input and where its sections went: pointers into the link state, which stays
 * until the image is announced. */
static int record_inputs(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L,
                         struct elfld_obj_tools *t) {
    size_t n = 0, words = 0;
    for (uint32_t fi = 0; fi < L->nfiles; fi++)
        if (L->files[fi].selected) {
            n++;
            words += L->files[fi].shnum;
        }
    if (!n)
        return 0;                     /* an archive that gave no member */
    size_t bytes = n * sizeof *t->inputs + words * sizeof(uintptr_t);
    unsigned char *mem = elfld__alloc(lib->ctx, bytes);
    if (!mem)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the inputs of %s", lib->name);
    t->inputs = (struct elfld_image_input *)mem;
    t->inputs_bytes = bytes;
    uintptr_t *addr = (uintptr_t *)(mem + n * sizeof *t->inputs);
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        const struct obj_file *f = &L->files[fi];
        if (!f->selected)
            continue;
        for (uint32_t si = 0; si < f->shnum; si++)
            addr[si] = si && f->secs[si].cls != OBJ_DROP ? lib->base + f->secs[si].vaddr : 0;
        t->inputs[t->ninputs++] = (struct elfld_image_input){f->name, f->data, f->size, addr,
                                                             f->shnum};
        addr += f->shnum;
    }
    return 0;
}

int elfld__obj_record_tools(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L) {
    if (!lib->ctx->host.image_ready)
        return 0;
    if (ELFLD_WITH_FRAMES)
        settle_frames(lib, L);
    size_t nsec = 0, nsym = 0, names = 0;
    elf_sym s;
    uint32_t shndx;
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        const struct obj_file *f = &L->files[fi];
        for (uint32_t si = 1; f->selected && si < f->shnum; si++)
            if (f->secs[si].cls != OBJ_DROP && f->secs[si].sh.sh_size) {
                nsec++;
                names += elfld__strlen(f->secs[si].name) + 1;
            }
        for (uint32_t i = 1; f->selected && i < f->nsyms; i++)
            if (tool_symbol(L, fi, i, &s, &shndx)) {
                nsym++;
                names += elfld__strlen(elfld__obj_symname(f, &s)) + 1;
            }
    }
    for (uint32_t i = 0; i < L->gcap; i++)
        if (L->gsyms[i] && L->gsyms[i]->state == G_COMMON) {
            nsym++;
            names += elfld__strlen(L->gsyms[i]->name) + 1;
        }
    size_t head = sizeof(struct elfld_obj_tools), secs_b = nsec * sizeof(struct elfld_image_section);
    size_t syms_b = nsym * sizeof(struct elfld_image_symbol), keys_b = nsym * sizeof(struct elfld_keyed);
    size_t bytes = head + secs_b + syms_b + names;
    unsigned char *mem = elfld__alloc(lib->ctx, bytes);
    struct elfld_keyed *keys = nsym ? elfld__alloc(lib->ctx, keys_b) : NULL;
    struct elfld_image_symbol *unsorted = nsym ? elfld__alloc(lib->ctx, syms_b) : NULL;
    if (!mem || (nsym && (!keys || !unsorted))) {
        elfld__free(lib->ctx, mem, bytes);
        elfld__free(lib->ctx, keys, keys_b);
        elfld__free(lib->ctx, unsorted, syms_b);
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the sections and symbols of %s",
                           lib->name);
    }
    struct elfld_obj_tools *t = (struct elfld_obj_tools *)mem;
    t->bytes = bytes;
    t->sections = (struct elfld_image_section *)(mem + head);
    t->symbols = (struct elfld_image_symbol *)(mem + head + secs_b);
    char *str = (char *)(mem + head + secs_b + syms_b);
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        const struct obj_file *f = &L->files[fi];
        for (uint32_t si = 1; f->selected && si < f->shnum; si++) {
            const struct obj_section *sec = &f->secs[si];
            if (sec->cls == OBJ_DROP || !sec->sh.sh_size)
                continue;
            size_t len = elfld__strlen(sec->name) + 1;
            __builtin_memcpy(str, sec->name, len);
            t->sections[t->nsections++] = (struct elfld_image_section){
                str, lib->base + sec->vaddr, (size_t)sec->sh.sh_size, class_prot[sec->cls]};
            str += len;
        }
        for (uint32_t i = 1; f->selected && i < f->nsyms; i++) {
            if (!tool_symbol(L, fi, i, &s, &shndx))
                continue;
            const char *name = elfld__obj_symname(f, &s);
            size_t len = elfld__strlen(name) + 1;
            __builtin_memcpy(str, name, len);
            unsorted[t->nsymbols++] = (struct elfld_image_symbol){
                str, lib->base + f->secs[shndx].vaddr + (uintptr_t)s.st_value,
                (size_t)s.st_size, (unsigned char)ELF_ST_TYPE(s.st_info),
                (unsigned char)ELF_ST_BIND(s.st_info)};
            str += len;
        }
    }
    for (uint32_t i = 0; i < L->gcap; i++) {
        const struct obj_gsym *g = L->gsyms[i];
        if (!g || g->state != G_COMMON)
            continue;
        size_t len = elfld__strlen(g->name) + 1;
        __builtin_memcpy(str, g->name, len);
        unsorted[t->nsymbols++] = (struct elfld_image_symbol){
            str, lib->base + g->value, (size_t)g->size, STT_OBJECT, STB_GLOBAL};
        str += len;
    }
    for (size_t i = 0; i < nsym; i++)
        keys[i] = (struct elfld_keyed){unsorted[i].addr, i};
    elfld__sort_keyed(keys, nsym);
    for (size_t i = 0; i < nsym; i++)
        t->symbols[i] = unsorted[keys[i].val];
    elfld__free(lib->ctx, keys, keys_b);
    elfld__free(lib->ctx, unsorted, syms_b);
    lib->obj_tools = t;
    return record_inputs(e, lib, L, t);
}
