/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sections.c - where each kept section of an object goes: its permission class (text,
 * read-only, relro, data, bss) and, for init/fini arrays and legacy .ctors/.dtors, what it
 * feeds and its priority.  The layout places sections by these classes.
 */
#include "object.h"

static uint32_t init_priority(const char *name, size_t prefix) {
    if (name[prefix] != '.')
        return 65536;                               /* plain: after every prioritised one */
    uint32_t v = 0;
    for (const char *p = name + prefix + 1; *p; p++) {
        if (*p < '0' || *p > '9' || v > 65535)
            return 65536;
        v = v * 10 + (uint32_t)(*p - '0');
    }
    return v;
}

static bool starts(const char *s, const char *prefix) {
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

int elfld__obj_classify_sections(struct elfld_err *e, struct obj_file *f) {
    for (uint32_t i = 1; i < f->shnum; i++) {
        struct obj_section *s = &f->secs[i];
        const elf_shdr *sh = &s->sh;
        s->cls = OBJ_DROP;
        if (!(sh->sh_flags & SHF_ALLOC) || s->discarded || sh->sh_type == SHT_GROUP)
            continue;
        if (sh->sh_flags & SHF_TLS) {
            /* the image's TLS block: its initialisation image, written only by relocations
             * while linking (layout.c places these sections together, data before zeros) */
            if (sh->sh_flags & SHF_EXECINSTR)
                return elfld__fail(e, ELFLD_ETLS, "%s: thread-local section %s is executable",
                                   f->name, s->name);
            s->cls = OBJ_RELRO, s->tls = true;
            continue;
        }
        if (sh->sh_type == SHT_INIT_ARRAY || starts(s->name, ".init_array")) {
            s->cls = OBJ_RELRO, s->array = ARR_INIT, s->priority = init_priority(s->name, 11);
        } else if (sh->sh_type == SHT_FINI_ARRAY || starts(s->name, ".fini_array")) {
            s->cls = OBJ_RELRO, s->array = ARR_FINI, s->priority = init_priority(s->name, 11);
        } else if (starts(s->name, ".ctors")) {
            s->cls = OBJ_RELRO, s->array = ARR_CTORS, s->priority = init_priority(s->name, 6);
        } else if (starts(s->name, ".dtors")) {
            s->cls = OBJ_RELRO, s->array = ARR_DTORS, s->priority = init_priority(s->name, 6);
        } else if (sh->sh_type == SHT_PREINIT_ARRAY) {
            return elfld__fail(e, ELFLD_ESECTION, "%s: .preinit_array belongs in executables",
                               f->name);
        } else if ((sh->sh_flags & SHF_WRITE) && sh->sh_type == SHT_PROGBITS &&
                   (elfld__strcmp(s->name, ".data.rel.ro") == 0 ||
                    starts(s->name, ".data.rel.ro."))) {
            s->cls = OBJ_RELRO;    /* written by relocations only: read-only after linking */
        } else if (elfld__strcmp(s->name, ".eh_frame") == 0 && !(sh->sh_flags & SHF_EXECINSTR)) {
            s->cls = OBJ_RODATA, s->frames = FRAMES_EH;   /* written by relocations only */
        } else if (starts(s->name, ".ARM.exidx") && !(sh->sh_flags & SHF_EXECINSTR)) {
            s->cls = OBJ_RODATA, s->frames = FRAMES_EXIDX;
        } else if (sh->sh_flags & SHF_EXECINSTR) {
            s->cls = OBJ_TEXT;
        } else if (!(sh->sh_flags & SHF_WRITE)) {
            s->cls = OBJ_RODATA;
        } else {
            s->cls = sh->sh_type == SHT_NOBITS ? OBJ_BSS : OBJ_DATA;
        }
        /* Arrays of pointers, read as such once relocated: whole, aligned words only. */
        if (s->array != ARR_NONE &&
            (sh->sh_type == SHT_NOBITS || elfld__umod(sh->sh_size, ELF_WORD_SIZE)))
            return elfld__fail(e, ELFLD_ESECTION, "%s: %s is not an array of pointers",
                               f->name, s->name);
    }
    return 0;
}
