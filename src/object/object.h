/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * object.h - the object wing's own structures: relocatable objects (.o) and archives (.a)
 * linked into one image.  Its files, in the order a link runs them:
 *
 *   input.c     archives and ELF relocatable objects: validate, index sections and symbols;
 *               relocation records; the link state's lifetime
 *   sections.c  each kept section's permission class and init/fini role
 *   symbols.c   the link's global symbol table: definitions, COMMON, COMDAT groups, archive
 *               member selection
 *   layout.c    GOT counted and branch veneers planned, sections placed by class (each text
 *               section followed by its veneers), the exported symbol table (with a GNU
 *               hash) built, memory reserved and filled
 *   window.c    where the image may lie so that non-PIC fields reach their targets
 *   emit.c      at link time: undefined symbols resolved, GOT filled, relocations applied
 *
 * Input bytes are read in place (never assumed aligned: every structure is copied out with
 * memcpy) and must stay valid until the image is linked; the state below lives from
 * elfld_open_objects() to the end of elfld_link().
 */
#ifndef ELFLD_OBJECT_H
#define ELFLD_OBJECT_H

#include "../core/elf.h"
#include "../core/error.h"
#include "../core/lib.h"
#include "../core/util.h"
#include "../core/divide.h"
#include "../core/arch.h"

#pragma GCC visibility push(hidden)

/* Where a kept section goes.  Order = layout order; each class starts on a new page. */
enum obj_class {
    OBJ_DROP = 0,      /* not allocated, or discarded (COMDAT loser) */
    OBJ_TEXT,          /* executable */
    OBJ_RODATA,        /* read-only */
    OBJ_RELRO,         /* GOT, init/fini arrays: written while linking, read-only after */
    OBJ_DATA,          /* read-write */
    OBJ_BSS,           /* read-write, zero */
    OBJ_NCLASS
};

/* What an init/fini section feeds (the RELRO class keeps them contiguous and sorted). */
enum obj_array { ARR_NONE = 0, ARR_INIT, ARR_FINI, ARR_CTORS, ARR_DTORS };

/* Frame tables, which the layout gathers into one table each (read-only class). */
enum obj_frames { FRAMES_NONE = 0, FRAMES_EH, FRAMES_EXIDX };

struct obj_section {
    elf_shdr sh;                   /* copied header */
    const char *name;              /* in the section-name table */
    uint8_t cls;                   /* enum obj_class */
    uint8_t array;                 /* enum obj_array */
    uint8_t frames;                /* enum obj_frames */
    bool discarded;                /* member of a COMDAT group another object supplied */
    uint32_t priority;             /* .init_array.NNNNN: NNNNN; plain: 65536 */
    uintptr_t vaddr;               /* image offset once laid out */
    bool tls;                      /* SHF_TLS: part of the image's TLS block (relro class) */
    uint32_t nstub;                /* text: veneer slots in the area placed right after it */
    uint32_t stub_next;            /* slots handed out so far (count pass, then emit pass) */
    uintptr_t stub_off;            /* image offset of that area */
};

struct obj_gsym;

struct obj_file {
    const char *name;              /* for messages: "libz.a(inflate.o)" or the input name */
    char *owned_name;              /* when name was built here */
    size_t owned_size;
    const unsigned char *data;
    size_t size;
    bool selected;                 /* part of the link (archive members start unselected) */
    bool from_archive;
    uint32_t input;                /* index of the elfld_input it came from */

    uint32_t shnum;
    struct obj_section *secs;
    const char *shstrtab;
    size_t shstrsz;

    uint32_t symtab_index;         /* section index of SHT_SYMTAB */
    uint32_t nsyms;
    uintptr_t symoff;              /* file offset of the symbol table */
    const char *strtab;
    size_t strsz;
    uintptr_t xindex_off;          /* SHT_SYMTAB_SHNDX offset, 0 if none */
    uint32_t first_global;         /* sh_info of the symbol table */

    struct obj_gsym **gsyms;       /* per symbol index >= first_global: its global entry */
    int32_t *local_got;            /* per local symbol index: GOT slot or -1 (lazily built) */
    int32_t *local_tls_got;        /* per local symbol index, OBJ_TLS_SLOTS kinds: first GOT
                                      slot or -1 (lazily built) */
};

/* The GOT entries a thread-local symbol may need, by kind (layout.c plans them). */
enum obj_tls_slot { TLS_SLOT_GD = 0, TLS_SLOT_IE, TLS_SLOT_DESC, OBJ_TLS_SLOTS };

enum gsym_state { G_UNDEF = 0, G_WEAK, G_COMMON, G_DEFINED };
/* An undefined symbol's lookup for the placement window (window.c), made once. */
enum gsym_probe { PROBE_NOT_YET = 0, PROBE_FOUND, PROBE_MISSING };

struct obj_gsym {
    const char *name;
    uint32_t hash;                 /* GNU hash */
    uint8_t state;                 /* enum gsym_state */
    uint8_t type, other;
    bool strong_ref;               /* referenced by a non-weak undefined symbol */
    bool used;                     /* named by a relocation that needs its value */
    bool is_abs;
    bool linker_defined;           /* _GLOBAL_OFFSET_TABLE_, _TLS_MODULE_BASE_: value set by
                                      the layout */
    uint32_t file, sym;            /* the definition (state != G_UNDEF) */
    uintptr_t size, align;         /* st_size; COMMON: largest size and alignment */
    uintptr_t value;               /* defined: image offset (or absolute when is_abs) */
    uintptr_t resolved;            /* run-time address, once resolved (or probed) */
    uint8_t probe;                 /* enum gsym_probe: looked up before the image exists */
    int32_t got;                   /* GOT slot or -1 */
    int32_t tls_got[OBJ_TLS_SLOTS];   /* first GOT slot of each TLS entry kind, or -1 */
    const struct elfld_tls_module *tls_module;  /* thread-local and undefined: where the
                                                    definition lives (emit.c) ... */
    uintptr_t tls_offset;          /* ... and its offset there */
    const struct obj_section *stub_sec;  /* the section whose veneer area holds ... */
    intptr_t stub_addend;          /* ... the veneer of this target + addend (veneer_key in
                                      layout.c, with stub_type), in slot ... */
    uint32_t stub_type;
    int32_t stub;                  /* ... stub (-1: none yet) */
};

/* One relocation record, from a SHT_REL or SHT_RELA section. */
struct obj_rec {
    uintptr_t offset;
    uint32_t type, sym;
    intptr_t addend;
    int rela;
};

/* An input opened through the host, with its bytes read whole when it came without a view. */
struct elfld_obj_source {
    struct elfld_blob blob;
    bool opened;                   /* host->close is owed */
    void *copy;                    /* elfld__source_bytes' copy, or NULL */
};

struct elfld_objlink {
    struct elfld_ctx *ctx;
    struct obj_file *files;
    uint32_t nfiles;
    size_t files_cap;
    struct elfld_obj_source *sources;  /* per input: what was opened through the host */
    size_t nsources;

    /* open-addressing table of the global symbols (NULL: a free slot), power-of-two size, at
     * most half full: it doubles as names come, so it follows the distinct names, never the
     * references to them; the entries live in gchunks and never move (files point at them) */
    struct obj_gsym **gsyms;
    uint32_t gcap, gcount;
    struct obj_gchunk *gchunks;
    const char **groups;           /* COMDAT signatures already taken (hash set) */
    uint32_t groups_cap, groups_count;

    uintptr_t got_off;             /* image offsets */
    uint32_t ngot;
    int32_t tls_ld_got;            /* the image's local-dynamic GOT pair, or -1 */
    bool tls_static;               /* initial- or local-exec records: the module is static */
    uintptr_t tls_off, tls_size, tls_align;   /* the TLS block (image offset, bytes) */
    uintptr_t text_bound;          /* the most the image's text can span, veneers included */
    struct obj_section tail_veneers;   /* veneers of branches outside text (data words) */
    uintptr_t arr_off[5], arr_size[5];   /* per enum obj_array */
    /* The frame tables: every .eh_frame end to end, then a zero terminator (eh_gap: an input's
     * alignment left a hole, which would end the table early), and every .ARM.exidx in the
     * order of the text it indexes, then an EXIDX_CANTUNWIND entry for the rest of the text */
    uintptr_t eh_off, eh_size;
    bool eh_gap;
    uintptr_t exidx_off, exidx_count;
    uintptr_t class_off[OBJ_NCLASS], class_size[OBJ_NCLASS];
};

/* input.c */
/* A new link state for `ninputs` inputs, attached to lib (freed with it until linked). */
struct elfld_objlink *elfld__obj_new(struct elfld_err *e, struct elfld_lib *lib, size_t ninputs);
/* Open (through the host, where an input has no bytes), validate and index every input. */
int elfld__obj_add_inputs(struct elfld_err *e, struct elfld_objlink *L,
                          const struct elfld_input *in, size_t n);
int elfld__obj_add_input(struct elfld_err *e, struct elfld_objlink *L, uint32_t input,
                         const char *name, const unsigned char *data, size_t size,
                         bool whole_archive);
bool elfld__obj_sym(const struct obj_file *f, uint32_t idx, elf_sym *out, uint32_t *shndx);
const char *elfld__obj_symname(const struct obj_file *f, const elf_sym *s);
/* Record i of relocation section rs; false when its symbol index is out of range. */
bool elfld__obj_rec(const struct obj_file *f, const elf_shdr *rs, uintptr_t i, struct obj_rec *r);
/* What record r needs (elfld_arch_obj_classify, *tname its type's name): an
 * ELFLD_OBJ_GOT_TLS_GD type against a thread-local symbol as a general-dynamic TLS type. */
unsigned elfld__obj_need(const struct obj_file *f, const struct obj_rec *r, const char **tname);
/* A relocation section whose target section is kept in the image. */
bool elfld__obj_relsec_kept(const struct obj_file *f, const elf_shdr *rs);
/* tools.c: the sections and defined symbols of the linked image, for the host's tools
 * (lib->obj_tools), and the frame tables checked; only for a host with image_ready. */
int elfld__obj_record_tools(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L);
/* Release the link state (inputs closed). */
void elfld__obj_free(struct elfld_ctx *ctx, struct elfld_objlink *L);

/* sections.c: each section's class, array kind and priority (fails on TLS, .preinit_array,
 * init/fini arrays that are not arrays of pointers) */
int elfld__obj_classify_sections(struct elfld_err *e, struct obj_file *f);

/* symbols.c */
int elfld__obj_symbols(struct elfld_err *e, struct elfld_objlink *L, const struct elfld_opts *o);
struct obj_gsym *elfld__obj_gsym_find(struct elfld_objlink *L, const char *name);
void elfld__obj_gsyms_free(struct elfld_objlink *L);

/* layout.c */
int elfld__obj_layout(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L);
/* The image offset of the veneer of branch record r of file f, which relocates section sec
 * (the veneer is in the area right after sec when sec is text, else in the one after all
 * text), or 0 when the branch gets none.  The count pass and the emit pass call it for the
 * same records in the same order, and so hand out the same slots (the offset is known once
 * the layout placed the areas). */
uintptr_t elfld__obj_veneer_at(struct elfld_objlink *L, const struct obj_file *f,
                               struct obj_section *sec, const struct obj_rec *r);
/* Whether the target of record r of file f is resolved outside the image (undefined or
 * absolute, or no symbol). */
bool elfld__obj_target_outside(const struct elfld_objlink *L, const struct obj_file *f,
                               const struct obj_rec *r);

/* window.c: reserve the image (`span` bytes aligned to `align`) where every limited-reach
 * field reaches its target: through host->reserve_within when some field constrains the
 * placement, else host->reserve.  *out is what the host returned, also on failure (owed an
 * unreserve).  ELFLD_EPLACE when no placement reaches every target or the host has none. */
int elfld__obj_reserve(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L,
                       uintptr_t span, uintptr_t align, void **out);
/* window.c: the reach of record r's field (elfld_arch_obj_reach), read from its bytes in the
 * input; r->offset lies inside sec, the section it relocates. */
unsigned elfld__obj_field_reach(const struct obj_file *f, const struct obj_section *sec,
                                const struct obj_rec *r, intptr_t *lo, intptr_t *hi);
/* emit.c: at elfld_link, resolve, fill the GOT, apply every relocation; frees the link state */
int elfld__obj_relocate(struct elfld_err *e, struct elfld_lib *lib);
/* emit.c: the bytes the field of a record classified `need` takes at `where`, with `room`
 * bytes of its section left there: its ELFLD_OBJ_FIELD size, or a ULEB128's length read from
 * its bytes (only from those room bytes: room + 1 when it does not end among them; at most 10,
 * the longest a 64-bit value takes, which the backend checks).  It fits when this is <= room. */
size_t elfld__obj_field_len(unsigned need, const unsigned char *where, size_t room);

#pragma GCC visibility pop

#endif /* ELFLD_OBJECT_H */
