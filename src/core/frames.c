/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * frames.c - an image's frame tables, checked before the host hands them to an unwinder
 * (frames.h).  Formats: the LSB's "Exception Frames" (.eh_frame, .eh_frame_hdr, DW_EH_PE
 * pointer encodings), DWARF 4 section 6.4 (CFA instructions), and the ARM EHABI's index
 * table (.ARM.exidx).  Every read is bounded by the record it belongs to; nothing here
 * trusts a length it has not checked.
 */
#include "frames.h"
#include "divide.h"
#include "shift64.h"
#include "lib.h"
#include "map.h"
#include "util.h"

/* DW_EH_PE pointer encodings: a format in the low nibble, how it applies in bits 4-6. */
#define DW_EH_PE_absptr 0x00
#define DW_EH_PE_uleb128 0x01
#define DW_EH_PE_udata2 0x02
#define DW_EH_PE_udata4 0x03
#define DW_EH_PE_udata8 0x04
#define DW_EH_PE_sleb128 0x09
#define DW_EH_PE_sdata2 0x0a
#define DW_EH_PE_sdata4 0x0b
#define DW_EH_PE_sdata8 0x0c
#define DW_EH_PE_pcrel 0x10
#define DW_EH_PE_datarel 0x30
#define DW_EH_PE_indirect 0x80
#define DW_EH_PE_omit 0xff
#define DW_EH_PE_FORMAT 0x0f
#define DW_EH_PE_APPLY 0x70

/* CFA instructions (DWARF 4, 7.23): the three with an operand in the opcode's low bits ... */
#define DW_CFA_advance_loc 0x1
#define DW_CFA_offset 0x2
#define DW_CFA_restore 0x3
/* ... and the rest. */
#define DW_CFA_nop 0x00
#define DW_CFA_set_loc 0x01
#define DW_CFA_advance_loc1 0x02
#define DW_CFA_advance_loc2 0x03
#define DW_CFA_advance_loc4 0x04
#define DW_CFA_offset_extended 0x05
#define DW_CFA_restore_extended 0x06
#define DW_CFA_undefined 0x07
#define DW_CFA_same_value 0x08
#define DW_CFA_register 0x09
#define DW_CFA_remember_state 0x0a
#define DW_CFA_restore_state 0x0b
#define DW_CFA_def_cfa 0x0c
#define DW_CFA_def_cfa_register 0x0d
#define DW_CFA_def_cfa_offset 0x0e
#define DW_CFA_def_cfa_expression 0x0f
#define DW_CFA_expression 0x10
#define DW_CFA_offset_extended_sf 0x11
#define DW_CFA_def_cfa_sf 0x12
#define DW_CFA_def_cfa_offset_sf 0x13
#define DW_CFA_val_offset 0x14
#define DW_CFA_val_offset_sf 0x15
#define DW_CFA_val_expression 0x16
#define DW_CFA_GNU_window_save 0x2d    /* AArch64: DW_CFA_AARCH64_negate_ra_state */
#define DW_CFA_GNU_args_size 0x2e
#define DW_CFA_GNU_negative_offset_extended 0x2f

#define EH_FRAME_HDR_VERSION 1
#define EH_LENGTH_EXTENDED 0xffffffffu  /* a 64-bit length follows: libgcc reads none */
#define EXIDX_CANTUNWIND 1u
#define EXIDX_INLINE 0x80000000u        /* the entry's second word is the unwinding itself */
#define EXIDX_ENTRY 8u

/* ------------------------------------------------------------------ bounded reads */
struct rd {
    uintptr_t p, end;                 /* run-time addresses: next byte, end of the record */
};

static bool take(struct rd *r, size_t n, void *out) {
    if (r->p > r->end || r->end - r->p < n)
        return false;
    if (out)
        __builtin_memcpy(out, (const void *)r->p, n);
    r->p += n;
    return true;
}

static bool byte(struct rd *r, unsigned *v) {
    uint8_t b;
    if (!take(r, 1, &b))
        return false;
    *v = b;
    return true;
}

/* LEB128 of at most 64 significant bits; `sign` sign-extends.  `*v` is 0 when it fails, so
 * callers that go on after a failure (the copy, over records already checked) read a value. */
static bool leb(struct rd *r, bool sign, uint64_t *v) {
    uint64_t x = 0;
    unsigned shift = 0, b;
    *v = 0;
    do {
        if (!byte(r, &b) || shift >= 64)
            return false;
        x |= elfld__shl64(b & 0x7f, shift);
        shift += 7;
    } while (b & 0x80);
    if (sign && shift < 64 && (b & 0x40))
        x |= elfld__shl64(~(uint64_t)0, shift);
    *v = x;
    return true;
}

static bool uleb(struct rd *r) {
    uint64_t v;
    return leb(r, false, &v);
}

/* Bytes of a fixed-size pointer format; 0 for LEB128 and unknown formats. */
static size_t fixed_size(unsigned enc) {
    switch (enc & DW_EH_PE_FORMAT) {
    case DW_EH_PE_absptr: return ELF_WORD_SIZE;
    case DW_EH_PE_udata2: case DW_EH_PE_sdata2: return 2;
    case DW_EH_PE_udata4: case DW_EH_PE_sdata4: return 4;
    case DW_EH_PE_udata8: case DW_EH_PE_sdata8: return 8;
    default: return 0;
    }
}

/* A pointer of encoding `enc`: fixed formats always, LEB128 when `leb_ok`; applied absolute,
 * PC-relative, or (with a nonzero `datarel` base) data-relative.  The indirect bit is
 * accepted only where the caller allows it and is not followed. */
static bool pointer(struct rd *r, unsigned enc, bool leb_ok, uintptr_t datarel, uintptr_t *out) {
    uintptr_t at = r->p;
    uint64_t v = 0;
    *out = 0;                         /* as leb: defined on failure */
    size_t n = fixed_size(enc);
    unsigned fmt = enc & DW_EH_PE_FORMAT;
    if (n) {
        if (!take(r, n, &v))            /* little-endian: every supported arch */
            return false;
        if ((fmt == DW_EH_PE_sdata2 || fmt == DW_EH_PE_sdata4) && elfld__shr64(v, (unsigned)(8 * n - 1)))
            v |= elfld__shl64(~(uint64_t)0, (unsigned)(8 * n));
    } else if (!leb_ok || (fmt != DW_EH_PE_uleb128 && fmt != DW_EH_PE_sleb128) ||
               !leb(r, fmt == DW_EH_PE_sleb128, &v)) {
        return false;
    }
    switch (enc & DW_EH_PE_APPLY) {
    case 0: break;
    case DW_EH_PE_pcrel: v += at; break;
    case DW_EH_PE_datarel:
        if (!datarel)
            return false;
        v += datarel;
        break;
    default: return false;            /* textrel, funcrel, aligned: no base to apply */
    }
    *out = (uintptr_t)(ELF_WORD_SIZE == 4 ? (uint32_t)v : v);
    return true;
}

/* ------------------------------------------------------------------ records */
struct cie {
    uintptr_t at;                     /* record start (0: none parsed yet) */
    unsigned fde_enc;                 /* 'R' */
    unsigned lsda_enc;                /* 'L', or DW_EH_PE_omit */
    bool has_data;                    /* 'z': FDEs carry augmentation data */
};

/* One CFA instruction (of a CIE's initial instructions, or an FDE's): its opcode known, its
 * operands inside the record. */
static bool cfa_step(struct rd *r, unsigned fde_enc) {
    {
        unsigned op;
        uintptr_t skip;
        uint64_t len;
        if (!byte(r, &op))
            return false;
        switch (op >> 6) {
        case DW_CFA_advance_loc: case DW_CFA_restore: return true;
        case DW_CFA_offset: return uleb(r);
        default: break;
        }
        switch (op) {
        case DW_CFA_nop: case DW_CFA_remember_state: case DW_CFA_restore_state:
        case DW_CFA_GNU_window_save:
            break;
        case DW_CFA_set_loc:
            if (!pointer(r, fde_enc, false, 0, &skip))
                return false;
            break;
        case DW_CFA_advance_loc1: if (!take(r, 1, NULL)) return false; break;
        case DW_CFA_advance_loc2: if (!take(r, 2, NULL)) return false; break;
        case DW_CFA_advance_loc4: if (!take(r, 4, NULL)) return false; break;
        case DW_CFA_offset_extended: case DW_CFA_register: case DW_CFA_def_cfa:
        case DW_CFA_val_offset: case DW_CFA_GNU_negative_offset_extended:
        case DW_CFA_offset_extended_sf: case DW_CFA_def_cfa_sf: case DW_CFA_val_offset_sf:
            if (!uleb(r) || !leb(r, true, &len))      /* a signed read bounds both kinds */
                return false;
            break;
        case DW_CFA_restore_extended: case DW_CFA_undefined: case DW_CFA_same_value:
        case DW_CFA_def_cfa_register: case DW_CFA_def_cfa_offset: case DW_CFA_GNU_args_size:
        case DW_CFA_def_cfa_offset_sf:
            if (!leb(r, true, &len))
                return false;
            break;
        case DW_CFA_expression: case DW_CFA_val_expression:      /* a register, a block */
        case DW_CFA_def_cfa_expression:                            /* a block */
            if ((op != DW_CFA_def_cfa_expression && !uleb(r)) || !leb(r, false, &len) ||
                len > r->end - r->p || !take(r, (size_t)len, NULL))
                return false;
            break;
        default:
            return false;
        }
    }
    return true;
}

/* What follows each CFA opcode below 0x40 (the others carry an operand in the opcode, and
 * DW_CFA_offset a ULEB128 after it): the scan of a whole program (cfa_program) reads it from
 * this table, a few instructions a byte, as every FDE of every image passes through it. */
enum cfa_operands { OPS_BAD = 0, OPS_NONE, OPS_LEB, OPS_LEB2, OPS_U1, OPS_U2, OPS_U4, OPS_ADDR,
                    OPS_BLOCK, OPS_LEB_BLOCK };
static const uint8_t cfa_operands[0x30] = {
    [DW_CFA_nop] = OPS_NONE, [DW_CFA_set_loc] = OPS_ADDR, [DW_CFA_advance_loc1] = OPS_U1,
    [DW_CFA_advance_loc2] = OPS_U2, [DW_CFA_advance_loc4] = OPS_U4,
    [DW_CFA_offset_extended] = OPS_LEB2, [DW_CFA_restore_extended] = OPS_LEB,
    [DW_CFA_undefined] = OPS_LEB, [DW_CFA_same_value] = OPS_LEB, [DW_CFA_register] = OPS_LEB2,
    [DW_CFA_remember_state] = OPS_NONE, [DW_CFA_restore_state] = OPS_NONE,
    [DW_CFA_def_cfa] = OPS_LEB2, [DW_CFA_def_cfa_register] = OPS_LEB,
    [DW_CFA_def_cfa_offset] = OPS_LEB, [DW_CFA_def_cfa_expression] = OPS_BLOCK,
    [DW_CFA_expression] = OPS_LEB_BLOCK, [DW_CFA_offset_extended_sf] = OPS_LEB2,
    [DW_CFA_def_cfa_sf] = OPS_LEB2, [DW_CFA_def_cfa_offset_sf] = OPS_LEB,
    [DW_CFA_val_offset] = OPS_LEB2, [DW_CFA_val_offset_sf] = OPS_LEB2,
    [DW_CFA_val_expression] = OPS_LEB_BLOCK, [DW_CFA_GNU_window_save] = OPS_NONE,
    [DW_CFA_GNU_args_size] = OPS_LEB, [DW_CFA_GNU_negative_offset_extended] = OPS_LEB2,
};

/* Past one LEB128 of at most 10 bytes inside [p, end), or NULL. */
static const uint8_t *skip_leb(const uint8_t *p, const uint8_t *end) {
    for (unsigned n = 0; p < end && n < 10; n++)
        if (!(*p++ & 0x80))
            return p;
    return NULL;
}

/* A CFA program (a CIE's initial instructions, or an FDE's): every opcode known, every
 * operand inside the record - what cfa_step checks one instruction at a time. */
static bool cfa_program(struct rd *r, unsigned fde_enc) {
    const uint8_t *p = (const uint8_t *)r->p, *end = (const uint8_t *)r->end;
    static const uint8_t fixed[] = {[OPS_U1] = 1, [OPS_U2] = 2, [OPS_U4] = 4};
    while (p && p < end) {
        unsigned op = *p++;
        if (op >= 0x40) {                       /* advance_loc, offset, restore */
            if ((op >> 6) == DW_CFA_offset)
                p = skip_leb(p, end);
            continue;
        }
        unsigned kind = op < sizeof cfa_operands ? cfa_operands[op] : OPS_BAD;
        size_t n;
        switch (kind) {
        case OPS_NONE: break;
        case OPS_LEB: p = skip_leb(p, end); break;
        case OPS_LEB2: p = skip_leb(p, end); p = p ? skip_leb(p, end) : NULL; break;
        case OPS_U1: case OPS_U2: case OPS_U4: case OPS_ADDR:
            n = kind == OPS_ADDR ? fixed_size(fde_enc) : fixed[kind];
            p = n && (size_t)(end - p) >= n ? p + n : NULL;
            break;
        case OPS_LEB_BLOCK: case OPS_BLOCK: {
            if (kind == OPS_LEB_BLOCK && !(p = skip_leb(p, end)))
                break;
            struct rd b = {(uintptr_t)p, (uintptr_t)end};
            uint64_t len;
            p = leb(&b, false, &len) && len <= b.end - b.p ? (const uint8_t *)(b.p + (uintptr_t)len)
                                                           : NULL;
            break;
        }
        default: p = NULL; break;
        }
    }
    if (!p)
        return false;
    r->p = (uintptr_t)p;
    return true;
}

/* The FDE pointer encodings an unwinder decodes in a registered table: a fixed-size format
 * (libgcc sizes FDE fields by it), absolute or PC-relative. */
static bool fde_encoding_ok(unsigned enc) {
    unsigned apply = enc & DW_EH_PE_APPLY;
    return fixed_size(enc) && !(enc & DW_EH_PE_indirect) && (apply == 0 || apply == DW_EH_PE_pcrel);
}

/* Parse the CIE whose body (after the length) is [body, end). */
static const char *parse_cie(struct rd r, struct cie *c) {
    unsigned version, ch;
    uint32_t id;
    if (!take(&r, 4, &id) || id != 0 || !byte(&r, &version))
        return "a CIE is truncated";
    if (version != 1 && version != 3 && version != 4)
        return "a CIE has an unknown version";
    char aug[8];
    size_t n = 0;
    do {
        if (!byte(&r, &ch))
            return "a CIE's augmentation string is not terminated";
        if (n == sizeof aug)
            return "a CIE's augmentation string is too long";
        aug[n++] = (char)ch;
    } while (ch);
    if (aug[0] && aug[0] != 'z')
        return "a CIE has an augmentation this loader cannot skip";
    if (version == 4) {
        unsigned asize, ssize;
        if (!byte(&r, &asize) || !byte(&r, &ssize) || asize != ELF_WORD_SIZE || ssize != 0)
            return "a version 4 CIE has another address or segment size";
    }
    uint64_t ra;
    if (!uleb(&r) || !leb(&r, true, &ra) || (version == 1 ? !byte(&r, &ch) : !uleb(&r)))
        return "a CIE is truncated";
    c->fde_enc = DW_EH_PE_absptr;
    c->lsda_enc = DW_EH_PE_omit;
    c->has_data = aug[0] == 'z';
    if (c->has_data) {
        uint64_t len;
        if (!leb(&r, false, &len) || len > r.end - r.p)
            return "a CIE's augmentation data runs past it";
        struct rd d = {r.p, r.p + (uintptr_t)len};
        r.p = d.end;
        for (size_t i = 1; aug[i]; i++) {
            unsigned enc;
            uintptr_t v;
            switch (aug[i]) {
            case 'R':
                if (!byte(&d, &enc) || !fde_encoding_ok(enc))
                    return "a CIE gives an FDE pointer encoding no unwinder decodes here";
                c->fde_enc = enc;
                break;
            case 'L':
                if (!byte(&d, &enc) || (enc != DW_EH_PE_omit && !fixed_size(enc) &&
                                        (enc & DW_EH_PE_FORMAT) != DW_EH_PE_uleb128 &&
                                        (enc & DW_EH_PE_FORMAT) != DW_EH_PE_sleb128))
                    return "a CIE gives a bad LSDA pointer encoding";
                c->lsda_enc = enc;
                break;
            case 'P':
                if (!byte(&d, &enc) || !pointer(&d, enc & ~DW_EH_PE_indirect, true, 0, &v))
                    return "a CIE's personality pointer is bad";
                break;
            case 'S': case 'B': case 'G':
                break;
            default:
                i = sizeof aug;       /* unknown: the length says where the data ends */
                break;
            }
            if (i == sizeof aug)
                break;
        }
    }
    return cfa_program(&r, c->fde_enc) ? NULL : "a CIE's instructions are malformed";
}

/* Whether [lo, lo + len) is code of lib: inside one executable segment, whose run-time
 * range goes to [*seg_lo, *seg_hi) for the next FDE (most lie in the same one). */
static bool covers_code(const struct elfld_lib *lib, uintptr_t lo, uintptr_t len,
                        uintptr_t *seg_lo, uintptr_t *seg_hi) {
    if (lo < lib->base)
        return false;
    const struct elfld_seg *s = elfld__seg_at(lib, lo - lib->base);
    if (!s || !(s->prot & ELFLD_PROT_EXEC) || len > s->vaddr + s->memsz - (lo - lib->base))
        return false;
    *seg_lo = lib->base + s->vaddr;
    *seg_hi = *seg_lo + s->memsz;
    return true;
}

/* An FDE augmentation of 4 bytes is an LSDA pointer this walk can step over in one go:
 * none declared, or one of a 4-byte format applied absolute or PC-relative. */
static bool lsda_is_word(const struct cie *c) {
    unsigned enc = c->lsda_enc & ~DW_EH_PE_indirect, apply = enc & DW_EH_PE_APPLY;
    return c->lsda_enc == DW_EH_PE_omit ||
           (fixed_size(enc) == 4 && (apply == 0 || apply == DW_EH_PE_pcrel));
}

/*
 * From p on, skip the FDEs of the shape compilers emit for PIC - of CIE `a` or `b` (both
 * checked; C++ code alternates between one for functions with an LSDA and one without),
 * whose FDEs carry 4-byte PC-relative pointers and, with augmentation data, none or a 4-byte
 * LSDA pointer; naming code of [code_lo, code_hi) - each checked exactly as the general loop
 * below checks it.  Stops before anything else, which the general loop then reads, or after
 * FDE number `max` (0: no limit).  Returns where it stopped.
 */
static uintptr_t skip_plain_fdes(uintptr_t p, uintptr_t limit, const struct cie *a,
                                 const struct cie *b, uintptr_t code_lo, uintptr_t code_hi,
                                 size_t *fdes, size_t max) {
    const unsigned plain = DW_EH_PE_pcrel | DW_EH_PE_sdata4;
    bool a_ok = a->at && a->fde_enc == plain, b_ok = b->at && b->fde_enc == plain;
    /* per CIE: the shortest FDE (id, pc_begin, pc_range, the augmentation's length byte),
     * and the augmentation length besides 0 it may have (0: none other) */
    uint32_t a_min = a->has_data ? 13 : 12, b_min = b->has_data ? 13 : 12;
    unsigned a_word = a->has_data && lsda_is_word(a) ? 4 : 0;
    unsigned b_word = b->has_data && lsda_is_word(b) ? 4 : 0;
    size_t n = *fdes, stop = max ? max : SIZE_MAX;
    if (limit < 4)
        return p;
    const uintptr_t last = limit - 4;             /* the last place a length fits */
    while (p <= last && n < stop) {
        uint32_t len, id, range;
        int32_t rel;
        __builtin_memcpy(&len, (const void *)p, 4);
        if (len < 12 || len == EH_LENGTH_EXTENDED || len > last - p)
            break;
        __builtin_memcpy(&id, (const void *)(p + 4), 4);
        uintptr_t cie = p + 4 - id;
        uint32_t min;
        unsigned word;
        if (a_ok && cie == a->at) {
            min = a_min;
            word = a_word;
        } else if (b_ok && cie == b->at) {
            min = b_min;
            word = b_word;
        } else {
            break;
        }
        if (len < min)
            break;
        if (min == 13) {                          /* augmentation: its length, that many bytes */
            unsigned aug = *(const uint8_t *)(p + 16);
            if (aug != 0 && (aug != word || len < 13 + aug))
                break;
        }
        __builtin_memcpy(&rel, (const void *)(p + 8), 4);
        __builtin_memcpy(&range, (const void *)(p + 12), 4);
        uintptr_t pc = p + 8 + (uintptr_t)(intptr_t)rel;
        if (range && !(pc >= code_lo && pc < code_hi && range <= code_hi - pc))
            break;
        p += 4 + (uintptr_t)len;
        n++;
    }
    *fdes = n;
    return p;
}

bool elfld__eh_frame_check(struct elfld_lib *lib, const struct elfld_eh_walk *w,
                           size_t *records, bool *terminated, const char **why) {
    /* the CIE of the last FDE, and the one before it: C++ code alternates between two */
    struct cie last = {0, 0, DW_EH_PE_omit, false}, other = last;
    size_t fdes = 0;
    uintptr_t code_lo = 0, code_hi = 0;         /* the code segment the last FDE named */
    for (uintptr_t p = w->start;;) {
        p = skip_plain_fdes(p, w->limit, &last, &other, code_lo, code_hi, &fdes, w->max_fdes);
        uint32_t len = 1;
        bool room = p <= w->limit && w->limit - p >= 4;
        if (room)
            __builtin_memcpy(&len, (const void *)p, 4);
        if (len == 0 || (w->max_fdes && fdes == w->max_fdes)) {
            *records = p - w->start;
            *terminated = len == 0;   /* (the segment may end right after the last FDE) */
            return true;
        }
        if (!room) {
            *why = "the records end without their zero terminator";
            return false;
        }
        if (len == EH_LENGTH_EXTENDED || len < 8 || len > w->limit - p - 4) {
            *why = len == EH_LENGTH_EXTENDED ? "a record has a 64-bit length"
                                             : "a record's length runs past the table";
            return false;
        }
        struct rd r = {p + 4, p + 4 + len};
        uint32_t id;
        __builtin_memcpy(&id, (const void *)r.p, 4);
        if (id == 0) {
            struct cie c = {p, 0, DW_EH_PE_omit, false};
            if ((*why = parse_cie(r, &c)))
                return false;
            other = last;
            last = c;
            p = r.end;
            continue;
        }
        /* An FDE: its CIE is `id` bytes before the id field, a record of this table. */
        uintptr_t cie_at = r.p - id;
        if (id > r.p - w->start || cie_at >= p) {
            *why = "an FDE's CIE pointer leads outside the table";
            return false;
        }
        if (cie_at != last.at && cie_at == other.at) {     /* parsed already */
            struct cie t = last;
            last = other;
            other = t;
        } else if (cie_at != last.at) {
            uint32_t clen;
            __builtin_memcpy(&clen, (const void *)cie_at, 4);
            struct cie c = {cie_at, 0, DW_EH_PE_omit, false};
            if (clen < 8 || clen == EH_LENGTH_EXTENDED || clen > p - cie_at - 4) {
                *why = "an FDE's CIE pointer does not lead to a CIE";
                return false;
            }
            if ((*why = parse_cie((struct rd){cie_at + 4, cie_at + 4 + clen}, &c)))
                return false;
            other = last;
            last = c;
        }
        fdes++;
        r.p += 4;
        uintptr_t pc, range, range_at = 0, lsda;
        if (last.fde_enc == (DW_EH_PE_pcrel | DW_EH_PE_sdata4) && r.end - r.p >= 8) {
            int32_t rel;                /* what compilers emit for PIC: read in one go */
            uint32_t len32;
            __builtin_memcpy(&rel, (const void *)r.p, 4);
            __builtin_memcpy(&len32, (const void *)(r.p + 4), 4);
            pc = r.p + (uintptr_t)(intptr_t)rel;
            range = len32;
            range_at = r.p + 4;
            r.p += 8;
        } else if (!pointer(&r, last.fde_enc, false, 0, &pc) ||
                   !(range_at = r.p,
                     pointer(&r, last.fde_enc & DW_EH_PE_FORMAT, false, 0, &range))) {
            *why = "an FDE is truncated";
            return false;
        }
        uint64_t aug = 0;
        if (last.has_data && r.p < r.end && *(const uint8_t *)r.p == 0) {
            r.p++;                      /* no augmentation data: the common FDE */
        } else if (last.has_data) {
            struct rd a;
            if (!leb(&r, false, &aug) || aug > r.end - r.p ||
                (a = (struct rd){r.p, r.p + (uintptr_t)aug},
                 aug && last.lsda_enc != DW_EH_PE_omit &&
                     !pointer(&a, last.lsda_enc & ~DW_EH_PE_indirect, true, 0, &lsda))) {
                *why = "an FDE's augmentation data runs past it";
                return false;
            }
            r.p += (uintptr_t)aug;
        }
        /* The FDE's own instructions are bounded by its length and not read further: an
         * unwinder runs them only for a frame of that very function, whose code the image
         * supplies as well; a CIE's, shared by many, are checked (parse_cie).  Reading every
         * FDE's program cost six times the rest of a libcrypto load. */
        if (range && !(pc >= code_lo && pc < code_hi && range <= code_hi - pc) &&
            !covers_code(lib, pc, range, &code_lo, &code_hi)) {
            if (w->foreign == ELFLD_FDE_REFUSE) {
                *why = "an FDE describes code outside the image";
                return false;
            }
            __builtin_memset((void *)range_at, 0, fixed_size(last.fde_enc));
        }
        p = r.end;
    }
}

/* ------------------------------------------------------------------ where tables may lie */
/* [addr, addr + size) inside one readable segment of lib that is read-only once linked (or
 * inside its RELRO range); *end gets that segment's end. */
static bool read_only_after_link(const struct elfld_lib *lib, uintptr_t addr, uintptr_t size,
                                 uintptr_t *end) {
    if (addr < lib->base)
        return false;
    uintptr_t v = addr - lib->base;
    const struct elfld_seg *s = elfld__seg_at(lib, v);
    if (!s || !(s->prot & ELFLD_PROT_READ) || size > s->vaddr + s->memsz - v)
        return false;               /* (a segment without PF_R is mapped inaccessible) */
    *end = lib->base + s->vaddr + s->memsz;
    if (!(s->prot & ELFLD_PROT_WRITE))
        return true;
    uintptr_t relro_end = elfld__align_down(lib->relro_vaddr + lib->relro_size,
                                            lib->ctx->page_size);
    return lib->relro_size && v >= lib->relro_vaddr && size <= relro_end - v &&
           v < relro_end;
}

/* A linker leaves .eh_frame without its terminator when the link has no crtend.o (-nostdlib,
 * -nostartfiles): system loaders find FDEs through .eh_frame_hdr's search table, but an
 * unwinder that takes registered tables walks them to the terminator.  So the host gets a
 * copy with one, in metadata memory: every pointer re-encoded absolute (DW_EH_PE_absptr), so
 * the copy names what the original named from wherever it lies, each record padded to a
 * word with DW_CFA_nop.  The copy is made from records already checked, then checked
 * itself. */
struct out {
    unsigned char *buf;               /* NULL: only count */
    size_t at;
};

static void put(struct out *o, const void *src, size_t n) {
    if (o->buf)
        __builtin_memcpy(o->buf + o->at, src, n);
    o->at += n;
}

static void put_byte(struct out *o, unsigned b) {
    uint8_t x = (uint8_t)b;
    put(o, &x, 1);
}

static void put_addr(struct out *o, uintptr_t v) {
    elf_addr w = (elf_addr)v;
    put(o, &w, sizeof w);
}

static void put_uleb(struct out *o, uint64_t v) {
    do {
        unsigned b = (unsigned)(v & 0x7f);
        v = elfld__shr64(v, 7);
        put_byte(o, v ? b | 0x80 : b);
    } while (v);
}

static void put_u32(struct out *o, size_t at, uint32_t v) {
    if (o->buf)
        __builtin_memcpy(o->buf + at, &v, 4);
}

/* The re-encoded form of an encoding: absolute, the indirect bit kept. */
static unsigned absolute(unsigned enc) {
    return enc == DW_EH_PE_omit ? enc : DW_EH_PE_absptr | (enc & DW_EH_PE_indirect);
}

/* Instructions [r.p, r.end), DW_CFA_set_loc's operand absolute, the others as they are. */
static void copy_program(struct rd r, unsigned fde_enc, struct out *o) {
    while (r.p < r.end) {
        uintptr_t at = r.p, v;
        if (*(const uint8_t *)at == DW_CFA_set_loc) {
            r.p++;
            pointer(&r, fde_enc, false, 0, &v);
            put_byte(o, DW_CFA_set_loc);
            put_addr(o, v);
            continue;
        }
        cfa_step(&r, fde_enc);
        put(o, (const void *)at, r.p - at);
    }
}

/* Pad the record that started at out offset `start` to a word (DW_CFA_nop), then write its
 * length. */
static void close_record(struct out *o, size_t start) {
    while ((o->at - start) & (ELF_WORD_SIZE - 1))
        put_byte(o, DW_CFA_nop);
    put_u32(o, start, (uint32_t)(o->at - start - 4));
}

/* The CIE whose body is r: its fields up to the augmentation data as they are, the data and
 * the instructions re-encoded; *c gets its original encodings. */
static bool copy_cie(struct rd r, struct out *o, struct cie *c) {
    uintptr_t body = r.p;
    unsigned version = 0, ch = 0, skip;
    char aug[8];
    size_t n = 0;
    take(&r, 4, NULL);
    byte(&r, &version);
    do {                              /* checked: terminated within aug; bounded regardless */
        byte(&r, &ch);
        aug[n++] = (char)ch;
    } while (ch && n < sizeof aug);
    if (version == 4)
        take(&r, 2, NULL);
    uleb(&r);
    uint64_t ignored;
    leb(&r, true, &ignored);
    if (version == 1)
        byte(&r, &skip);
    else
        uleb(&r);
    put(o, (const void *)body, r.p - body);
    c->fde_enc = DW_EH_PE_absptr;
    c->lsda_enc = DW_EH_PE_omit;
    c->has_data = aug[0] == 'z';
    if (c->has_data) {
        uint64_t len;
        leb(&r, false, &len);
        struct rd d = {r.p, r.p + (uintptr_t)len};
        r.p = d.end;
        unsigned char data[8 * (1 + 8)];             /* each letter: a byte, a pointer */
        struct out nd = {data, 0};
        for (size_t i = 1; aug[i]; i++) {
            unsigned enc = 0;
            uintptr_t v = 0;
            switch (aug[i]) {
            case 'R': byte(&d, &enc); c->fde_enc = enc; put_byte(&nd, DW_EH_PE_absptr); break;
            case 'L': byte(&d, &enc); c->lsda_enc = enc; put_byte(&nd, absolute(enc)); break;
            case 'P':
                byte(&d, &enc);
                pointer(&d, enc & ~DW_EH_PE_indirect, true, 0, &v);
                put_byte(&nd, absolute(enc));
                put_addr(&nd, v);
                break;
            case 'S': case 'B': case 'G': break;
            default: return false;    /* data this loader cannot re-encode */
            }
        }
        put_uleb(o, nd.at);
        put(o, data, nd.at);
    }
    copy_program(r, c->fde_enc, o);
    return true;
}

/* One pass over the checked records [start, start + size): counts (o->buf NULL) or writes.
 * CIEs are found again by their original address, in cies[] (old address, new offset). */
static bool copy_records(uintptr_t start, size_t size, struct out *o, struct elfld_keyed *cies,
                         size_t *ncies) {
    struct cie c = {0, 0, DW_EH_PE_omit, false};
    size_t n = 0;
    for (uintptr_t p = start; p < start + size;) {
        uint32_t len;
        __builtin_memcpy(&len, (const void *)p, 4);
        struct rd r = {p + 4, p + 4 + len};
        uint32_t id;
        __builtin_memcpy(&id, (const void *)r.p, 4);
        size_t rec = o->at;
        put(o, &len, 4);              /* the length: written by close_record */
        if (id == 0) {
            if (o->buf)
                cies[n] = (struct elfld_keyed){p, rec};
            n++;
            if (!copy_cie(r, o, &c))
                return false;
        } else {
            uintptr_t cie_at = r.p - id;
            size_t lo = 0, hi = n;                    /* the CIE's new offset */
            while (o->buf && hi - lo > 1) {
                size_t mid = lo + ((hi - lo) >> 1);
                if (cies[mid].key <= cie_at)
                    lo = mid;
                else
                    hi = mid;
            }
            if (o->buf && (n == 0 || cies[lo].key != cie_at))
                return false;
            if (c.at != cie_at) {                     /* its encodings */
                uint32_t clen;
                __builtin_memcpy(&clen, (const void *)cie_at, 4);
                c.at = cie_at;
                parse_cie((struct rd){cie_at + 4, cie_at + 4 + clen}, &c);
            }
            uint32_t back = o->buf ? (uint32_t)(o->at - (size_t)cies[lo].val) : 0;
            put(o, &back, 4);
            r.p += 4;
            uintptr_t pc, range, lsda = 0;
            pointer(&r, c.fde_enc, false, 0, &pc);
            pointer(&r, c.fde_enc & DW_EH_PE_FORMAT, false, 0, &range);
            put_addr(o, pc);
            put_addr(o, range);
            if (c.has_data) {
                uint64_t aug;
                leb(&r, false, &aug);
                struct rd a = {r.p, r.p + (uintptr_t)aug};
                r.p = a.end;
                bool has_lsda = aug && c.lsda_enc != DW_EH_PE_omit;
                if (has_lsda)
                    pointer(&a, c.lsda_enc & ~DW_EH_PE_indirect, true, 0, &lsda);
                put_uleb(o, has_lsda ? ELF_WORD_SIZE : 0);
                if (has_lsda)
                    put_addr(o, lsda);
            }
            copy_program(r, c.fde_enc, o);
        }
        if (id == 0)
            c.at = p;
        close_record(o, rec);
        p = r.end;
    }
    *ncies = n;
    return true;
}

static const char *terminated_copy(struct elfld_lib *lib, struct elfld_frames *f,
                                   uintptr_t eh_frame, size_t size) {
    struct out count = {NULL, 0};
    size_t ncies = 0;
    if (!copy_records(eh_frame, size, &count, NULL, &ncies))
        return "it has no terminator, and augmentation data this loader cannot re-encode";
    size_t bytes = count.at + 4, keyed = (ncies ? ncies : 1) * sizeof(struct elfld_keyed);
    unsigned char *copy = elfld__alloc(lib->ctx, bytes);
    struct elfld_keyed *cies = elfld__alloc(lib->ctx, keyed);
    struct out o = {copy, 0};
    bool ok = copy && cies && copy_records(eh_frame, size, &o, cies, &ncies) && o.at == count.at;
    elfld__free(lib->ctx, cies, keyed);
    size_t again;
    bool terminated;
    const char *why = "no memory for a terminated copy of .eh_frame";
    struct elfld_eh_walk w = {(uintptr_t)copy, (uintptr_t)copy + bytes, ELFLD_FDE_REFUSE, 0};
    if (ok && (!elfld__eh_frame_check(lib, &w, &again, &terminated, &why) || again != count.at))
        ok = false;
    if (!ok) {
        elfld__free(lib->ctx, copy, bytes);
        return why;
    }
    f->copy = copy;                   /* the zero terminator: elfld__alloc zeroes */
    f->copy_size = bytes;
    f->eh_frame = (uintptr_t)copy;
    f->eh_frame_size = bytes;
    return NULL;
}

void elfld__frames_free(struct elfld_lib *lib) {
    if (lib->frames.copy) {
        elfld__free(lib->ctx, lib->frames.copy, lib->frames.copy_size);
        lib->frames.copy = NULL;
    }
}

/*
 * Records that end their segment may still be terminated: the rest of the segment's last page
 * is mapped with it, under its protection, and holds the file's next bytes (a section's
 * padding) or zeros.  When that page belongs to a read-only segment alone, a zero word there
 * is a terminator the unwinder reads as safely as one inside - and a -nostdlib link's table
 * needs no copy.  `at` is where the records end.
 */
static bool zero_word_past_segment(const struct elfld_lib *lib, uintptr_t at) {
    uintptr_t page = lib->ctx->page_size;
    if (at <= lib->base)
        return false;
    uintptr_t v = at - lib->base;
    const struct elfld_seg *s = elfld__seg_at(lib, v - 1);     /* the segment `at` ends */
    if (!s || v != s->vaddr + s->memsz)
        return false;
    const struct elfld_seg *next = s + 1 < lib->loads + lib->nloads ? s + 1 : NULL;
    uintptr_t page_end = elfld__align_down(v + page - 1, page);
    if ((s->prot & ELFLD_PROT_WRITE) || !(s->prot & ELFLD_PROT_READ) || page_end - v < 4 ||
        (next && elfld__align_down(next->vaddr, page) < page_end))
        return false;
    uint32_t word;
    __builtin_memcpy(&word, (const void *)at, 4);
    return word == 0;
}

/* The .eh_frame_hdr: version, encodings, the pointer to .eh_frame and a search table whose
 * entries point at FDEs of the table found there. */
static const char *check_hdr(struct elfld_lib *lib, struct elfld_frames *f) {
    uintptr_t hdr = f->eh_frame_hdr, seg_end;
    if (!read_only_after_link(lib, hdr, f->eh_frame_hdr_size, &seg_end))
        return "PT_GNU_EH_FRAME is not read-only memory of the image";
    struct rd r = {hdr, hdr + f->eh_frame_hdr_size};
    unsigned version, ptr_enc, count_enc, table_enc;
    uintptr_t eh_frame, count = 0;
    if (!byte(&r, &version) || !byte(&r, &ptr_enc) || !byte(&r, &count_enc) ||
        !byte(&r, &table_enc) || version != EH_FRAME_HDR_VERSION)
        return "the .eh_frame_hdr header is bad";
    if (ptr_enc == DW_EH_PE_omit || !pointer(&r, ptr_enc, false, hdr, &eh_frame))
        return "the .eh_frame_hdr's pointer to .eh_frame is bad";
    uintptr_t limit;
    if (!read_only_after_link(lib, eh_frame, 4, &limit))
        return ".eh_frame is not read-only memory of the image";
    bool table = count_enc != DW_EH_PE_omit && table_enc != DW_EH_PE_omit;
    if (table && !pointer(&r, count_enc, false, hdr, &count))
        return "the .eh_frame_hdr's FDE count is bad";
    size_t size;
    bool terminated;
    const char *why;
    struct elfld_eh_walk w = {eh_frame, limit, ELFLD_FDE_REFUSE, table ? count : 0};
    if (!elfld__eh_frame_check(lib, &w, &size, &terminated, &why))
        return why;
    if (table) {
        size_t entry = 2 * fixed_size(table_enc);
        if (!entry || count > elfld__udiv(r.end - r.p, entry))
            return "the .eh_frame_hdr's search table runs past it";
        /* what linkers write, read in one go: pairs of 32-bit offsets from the header */
        for (uintptr_t i = 0; table_enc == (DW_EH_PE_datarel | DW_EH_PE_sdata4) && i < count;
             i++, r.p += 8) {
            int32_t rel;
            __builtin_memcpy(&rel, (const void *)(r.p + 4), 4);
            uintptr_t fde = hdr + (uintptr_t)(intptr_t)rel;
            if (fde < eh_frame || fde - eh_frame >= size)
                return "a .eh_frame_hdr search entry points outside .eh_frame";
        }
        for (uintptr_t i = 0; table_enc != (DW_EH_PE_datarel | DW_EH_PE_sdata4) && i < count;
             i++) {
            uintptr_t loc, fde;
            if (!pointer(&r, table_enc, false, hdr, &loc) ||
                !pointer(&r, table_enc, false, hdr, &fde) || fde < eh_frame ||
                fde - eh_frame >= size)
                return "a .eh_frame_hdr search entry points outside .eh_frame";
        }
    }
    if (terminated || (eh_frame + size == limit && zero_word_past_segment(lib, limit))) {
        f->eh_frame = eh_frame;
        f->eh_frame_size = size + 4;
        return NULL;
    }
    return terminated_copy(lib, f, eh_frame, size);
}

static uintptr_t prel31(uintptr_t place) {
    uint32_t w;
    __builtin_memcpy(&w, (const void *)place, 4);
    int32_t off = (int32_t)(w << 1) >> 1;
    return place + (uintptr_t)(intptr_t)off;
}

bool elfld__exidx_check(const struct elfld_lib *lib, uintptr_t start, size_t count,
                        const char **why) {
    uintptr_t lo = (uintptr_t)lib->map, hi = lo + lib->map_size, prev = 0, seg_end;
    if (count > (lib->map_size >> 3) ||             /* EXIDX_ENTRY bytes each */
        !read_only_after_link(lib, start, count * EXIDX_ENTRY, &seg_end)) {
        *why = "the ARM index is not read-only memory of the image";
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        uintptr_t e = start + i * EXIDX_ENTRY, fn = prel31(e);
        uint32_t w;
        __builtin_memcpy(&w, (const void *)(e + 4), 4);
        if (fn < lo || fn > hi || (i && fn < prev)) {
            *why = "an ARM index entry names no code of the image, or is out of order";
            return false;
        }
        prev = fn;
        uintptr_t tab = prel31(e + 4);
        if (w != EXIDX_CANTUNWIND && !(w & EXIDX_INLINE) &&
            (tab < lo || tab > hi - 8 || !read_only_after_link(lib, tab, 8, &seg_end))) {
            *why = "an ARM index entry's table is not read-only memory of the image";
            return false;
        }
    }
    return true;
}

void elfld__frames_find(struct elfld_lib *lib) {
    struct elfld_frames *f = &lib->frames;
    const char *why = NULL;
    if (f->eh_frame_hdr && (why = check_hdr(lib, f))) {
        elfld__log(lib->ctx, ELFLD_LOG_WARN, "%s: no unwind information: %s", lib->name, why);
        f->eh_frame_hdr = f->eh_frame = 0;
        f->eh_frame_hdr_size = f->eh_frame_size = 0;
    }
    if (f->exidx && !elfld__exidx_check(lib, f->exidx, f->exidx_count, &why)) {
        elfld__log(lib->ctx, ELFLD_LOG_WARN, "%s: no unwind information: %s", lib->name, why);
        f->exidx = 0;
        f->exidx_count = 0;
    }
}
