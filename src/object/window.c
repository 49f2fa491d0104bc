/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * window.c - where an object image may lie.
 *
 * Non-PIC code holds fields that reach only part of the address space: a 32-bit PC-relative
 * reference to the host's `stderr` must be within 2 GiB of it, a 32-bit absolute address of the
 * image's own data puts the image in the low 4 GiB.  No veneer can redirect a data reference,
 * so the image itself must go where every such field reaches its target, as Linux places
 * modules within reach of the kernel.  Branches are not counted: out of reach, they go through
 * veneers.
 *
 * Each record whose backend states a reach (elfld_arch_obj_reach), with a target the layout
 * cannot move (outside the image for a PC-relative field, inside it for an absolute one),
 * allows the image's base one arc of the address circle.  Every arc is shorter than half the
 * circle (wider ones allow every address: a 32-bit arch's fields), so two arcs meet in one arc
 * or not at all, and the window - the arcs' intersection - is one arc.  Targets outside the
 * image are looked up before it exists, through the same chain the link will use; one not
 * found yet (a group member linked later) adds no arc, and a field that then does not reach
 * fails the link as any out-of-range field does.
 */
#include "object.h"
#include "../core/sym.h"
#include "../core/names.h"

/* An arc of base addresses: start, start + 1, ..., start + len (modulo the address size). */
struct arc {
    uintptr_t start, len;
};

/* One record's constraint, kept for the message when the window closes. */
struct why {
    const char *sym, *type, *file;
};

struct window {
    bool constrained;
    struct arc arc;
    struct why first_end, last_end;    /* the records that set the arc's two ends */
};

static bool within(uintptr_t x, const struct arc *a) { return x - a->start <= a->len; }

/* The intersection of two arcs each shorter than half the circle; false when they miss. */
static bool meet(const struct arc *a, const struct arc *b, struct arc *out) {
    if (within(b->start, a)) {
        uintptr_t rest = a->len - (b->start - a->start);
        *out = (struct arc){b->start, rest < b->len ? rest : b->len};
        return true;
    }
    if (within(a->start, b)) {
        uintptr_t rest = b->len - (a->start - b->start);
        *out = (struct arc){a->start, rest < a->len ? rest : a->len};
        return true;
    }
    return false;
}

/* The target of record r of f: whether it is known yet, its address (outside) or image
 * offset (inside), and its name for messages. */
struct target {
    bool known, inside;
    uintptr_t value;
    const char *name;
};

static struct target target_of(struct elfld_lib *lib, const struct obj_file *f,
                               const struct obj_rec *r) {
    struct target t = {false, false, 0, NULL};
    if (r->sym >= f->first_global) {
        struct obj_gsym *g = f->gsyms[r->sym - f->first_global];
        t.name = g->name;
        if (g->linker_defined)
            return t;
        if (g->state != G_UNDEF) {
            t.known = true;
            t.inside = !g->is_abs;
            t.value = g->value;
            return t;
        }
        if (g->probe == PROBE_NOT_YET) {        /* once per symbol, however many fields */
            struct elfld_name n;
            struct elfld_def def;
            elfld__name_init(&n, g->name, NULL);
            g->probe = elfld__find_name(lib, &n, &def) ? PROBE_FOUND : PROBE_MISSING;
            g->resolved = def.value;
        }
        t.known = g->probe == PROBE_FOUND;
        t.value = g->resolved;
        return t;
    }
    elf_sym s;
    uint32_t shndx;
    if (r->sym == 0 || !elfld__obj_sym(f, r->sym, &s, &shndx))
        return t;
    t.name = elfld__obj_symname(f, &s);
    if (shndx == SHN_ABS) {
        t.known = true;
        t.value = (uintptr_t)s.st_value;
    } else if (shndx != SHN_UNDEF && shndx < f->shnum && f->secs[shndx].cls != OBJ_DROP) {
        t.known = t.inside = true;
        t.value = f->secs[shndx].vaddr + (uintptr_t)s.st_value;
    }
    if (!t.name || !*t.name)
        t.name = shndx < f->shnum ? f->secs[shndx].name : "?";
    return t;
}

/* A file's name for a message that names two: without its folders ("liblua5.4.a(lauxlib.o)"),
 * so that both fit (the folders of an archive member are those of its archive). */
static const char *short_name(const char *name) {
    const char *base = name;
    for (const char *p = name; *p && *p != '('; p++)
        if (*p == '/')
            base = p + 1;
    return base;
}

/* The window has closed between arc c (for record `w`) and the window so far: name the record
 * on the near side and the distance between the two. */
static int closed(struct elfld_err *e, const struct window *win, const struct arc *c,
                  const struct why *w) {
    uintptr_t after = c->start - (win->arc.start + win->arc.len);  /* c beyond the window */
    uintptr_t before = win->arc.start - (c->start + c->len);       /* c short of it */
    const struct why *other = after <= before ? &win->last_end : &win->first_end;
    uintptr_t gap = after <= before ? after : before;
    return elfld__fail_reloc(e, ELFLD_EPLACE, -1, -1, w->sym, "'%s' and '%s' are %lx bytes "
                             "too far apart for one image to reach both (%s in %s; %s in %s)",
                             other->sym, w->sym, (unsigned long)gap, other->type, other->file,
                             w->type, w->file);
}

static int add_arc(struct elfld_err *e, struct window *win, const struct arc *c,
                   const struct why *w) {
    if (!win->constrained) {
        win->constrained = true;
        win->arc = *c;
        win->first_end = win->last_end = *w;
        return 0;
    }
    struct arc both;
    if (!meet(&win->arc, c, &both))
        return closed(e, win, c, w);
    if (both.start != win->arc.start)
        win->first_end = *w;
    if (both.start + both.len != win->arc.start + win->arc.len)
        win->last_end = *w;
    win->arc = both;
    return 0;
}

unsigned elfld__obj_field_reach(const struct obj_file *f, const struct obj_section *sec,
                                const struct obj_rec *r, intptr_t *lo, intptr_t *hi) {
    return elfld_arch_obj_reach(r->type, f->data + sec->sh.sh_offset + r->offset,
                                (size_t)(sec->sh.sh_size - r->offset), lo, hi);
}

/* The arc record r of f allows the base, if its field constrains it. */
static int constrain(struct elfld_err *e, struct elfld_lib *lib, const struct obj_file *f,
                     uint32_t si, const struct obj_rec *r, struct window *win) {
    const struct obj_section *sec = &f->secs[f->secs[si].sh.sh_info];
    if (r->offset >= sec->sh.sh_size)
        return 0;                     /* refused by the emit pass, with the record named */
    intptr_t lo, hi;
    unsigned kind = elfld__obj_field_reach(f, sec, r, &lo, &hi);
    if (kind == ELFLD_REACH_ANY)
        return 0;
    uintptr_t len = (uintptr_t)hi - (uintptr_t)lo;
    if (len >= UINTPTR_MAX / 2)
        return 0;                     /* reaches half the circle: constrains nothing */
    struct target t = target_of(lib, f, r);
    if (!t.known || t.inside != (kind == ELFLD_REACH_ABS))
        return 0;                     /* not yet known, or the same wherever the image goes */
    /* PC-relative: S + A - (base + P') in [lo, hi], so base in [S + A - P' - hi, + len].
     * Absolute: base + T' + A in [lo, hi], so base in [lo - T' - A, + len]. */
    uintptr_t place = sec->vaddr + r->offset, A = (uintptr_t)r->addend;
    struct arc c = {kind == ELFLD_REACH_PCREL ? t.value + A - place - (uintptr_t)hi
                                              : (uintptr_t)lo - t.value - A,
                    len};
    const char *tname;
    elfld_arch_obj_classify(r->type, &tname);
    struct why w = {t.name ? t.name : "?", tname ? tname : "?", short_name(f->name)};
    return add_arc(e, win, &c, &w);
}

static int compute(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L,
                   struct window *win) {
    for (uint32_t fi = 0; fi < L->nfiles; fi++) {
        const struct obj_file *f = &L->files[fi];
        for (uint32_t si = 1; f->selected && si < f->shnum; si++) {
            const elf_shdr *rs = &f->secs[si].sh;
            if (!elfld__obj_relsec_kept(f, rs) || !rs->sh_entsize)
                continue;
            uintptr_t n = elfld__udiv(rs->sh_size, rs->sh_entsize);
            for (uintptr_t i = 0; i < n; i++) {
                struct obj_rec r;
                int rc;
                if (elfld__obj_rec(f, rs, i, &r) && (rc = constrain(e, lib, f, si, &r, win)))
                    return rc;
            }
        }
    }
    return 0;
}

/* Ask the host for `span` bytes aligned to `align` with the base in [lo, hi], where the
 * image does not run past the top of the address space; NULL when it would. */
static void *ask(struct elfld_ctx *ctx, uintptr_t lo, uintptr_t hi, uintptr_t span,
                 uintptr_t align) {
    uintptr_t top = UINTPTR_MAX - (span - 1);      /* the highest base that fits the image */
    if (hi > top)
        hi = top;
    if (lo > hi)
        return NULL;
    return ctx->host.reserve_within(ctx->host.user, span, align, lo, hi + (span - 1));
}

/* The base anywhere on the window's arc, which may wrap past the top of the address space:
 * then its two pieces, the low one first. */
static void *reserve_in(struct elfld_ctx *ctx, const struct arc *a, uintptr_t span,
                        uintptr_t align) {
    uintptr_t last = a->start + a->len;
    if (last >= a->start)
        return ask(ctx, a->start, last, span, align);
    void *p = ask(ctx, 0, last, span, align);
    return p ? p : ask(ctx, a->start, UINTPTR_MAX, span, align);
}

int elfld__obj_reserve(struct elfld_err *e, struct elfld_lib *lib, struct elfld_objlink *L,
                       uintptr_t span, uintptr_t align, void **out) {
    struct elfld_ctx *ctx = lib->ctx;
    struct window win = {0};
    *out = NULL;
    int rc = compute(e, lib, L, &win);
    if (rc)
        return rc;
    if (!win.constrained || !ctx->host.reserve_within) {
        *out = ctx->host.reserve(ctx->host.user, span, align);
        if (!*out)
            return elfld__fail(e, ELFLD_ENOMEM, "host could not reserve %lu bytes",
                               (unsigned long)span);
        return 0;
    }
    *out = reserve_in(ctx, &win.arc, span, align);
    if (!*out)
        return elfld__fail_reloc(e, ELFLD_EPLACE, -1, -1, win.first_end.sym, "host could not "
                                 "reserve %lu bytes with the base in [%lx, %lx], within "
                                 "reach of '%s' and '%s'", (unsigned long)span,
                                 (unsigned long)win.arc.start,
                                 (unsigned long)(win.arc.start + win.arc.len),
                                 win.first_end.sym, win.last_end.sym);
    if (!within((uintptr_t)*out, &win.arc))
        return elfld__fail(e, ELFLD_EPLACE, "host reserve_within returned %lx, outside the "
                           "window [%lx, %lx] it was given", (unsigned long)(uintptr_t)*out,
                           (unsigned long)win.arc.start,
                           (unsigned long)(win.arc.start + win.arc.len));
    return 0;
}
