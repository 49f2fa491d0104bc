/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * util.c - the few string, memory and formatting helpers the core needs, written here because
 * the core calls no libc (docs/DESIGN.md, rule 1).
 */
#include "util.h"
#include "divide.h"
#include "ctx.h"

void *elfld__alloc(struct elfld_ctx *ctx, size_t size) {
    void *p = ctx->host.alloc(ctx->host.user, size ? size : 1);
    if (p)
        __builtin_memset(p, 0, size);
    return p;
}

void elfld__free(struct elfld_ctx *ctx, void *p, size_t size) {
    if (p)
        ctx->host.free(ctx->host.user, p, size ? size : 1);
}

void *elfld__grow(struct elfld_ctx *ctx, void *arr, size_t used, size_t *cap, size_t elem) {
    if (used < *cap)
        return arr;
    size_t n = *cap ? *cap * 2 : 4;
    void *bigger = elfld__alloc(ctx, n * elem);
    if (!bigger)
        return NULL;
    if (used)
        __builtin_memcpy(bigger, arr, used * elem);
    elfld__free(ctx, arr, *cap * elem);
    *cap = n;
    return bigger;
}

int elfld__strcmp(const char *a, const char *b) {
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

/* ------------------------------------------------------------------ formatting */
struct out {
    char *buf;
    size_t cap, len;
};

static void put(struct out *o, char c) {
    if (o->len + 1 < o->cap)
        o->buf[o->len++] = c;
}

static void put_str(struct out *o, const char *s) {
    if (!s)
        s = "(null)";
    while (*s)
        put(o, *s++);
}

/* unsigned long, not long long: on 32-bit targets a 64-bit division would need libgcc's
 * __udivdi3, and the core may depend on nothing but memcpy/memset/memmove/memcmp. */
static void put_num(struct out *o, unsigned long v, unsigned base, bool negative) {
    char tmp[24];
    int n = 0;
    do {
        unsigned digit;
        if (base == 16) {
            digit = (unsigned)(v & 15);
            v >>= 4;
        } else {
            v = elfld__udiv10(v, &digit);
        }
        tmp[n++] = "0123456789abcdef"[digit];
    } while (v);
    if (negative)
        put(o, '-');
    if (base == 16) {
        put(o, '0');
        put(o, 'x');
    }
    while (n)
        put(o, tmp[--n]);
}

/* A printf subset: %s %c %d %u %x with optional l / z length, and %%. */
void elfld__vformat(char *buf, size_t cap, const char *fmt, va_list ap) {
    struct out o = {buf, cap, 0};
    if (!cap)
        return;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int len = 0; /* 0: int, 1: long, 2: size_t */
        if (*fmt == 'l') {
            len = 1;
            fmt++;
        } else if (*fmt == 'z') {
            len = 2;
            fmt++;
        }
        switch (*fmt) {
        case 's': put_str(&o, va_arg(ap, const char *)); break;
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 'd': {
            long v = len == 1 ? va_arg(ap, long) : len == 2 ? (long)va_arg(ap, size_t)
                                                            : va_arg(ap, int);
            put_num(&o, v < 0 ? 0ul - (unsigned long)v : (unsigned long)v, 10, v < 0);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long v = len == 1   ? va_arg(ap, unsigned long)
                              : len == 2 ? va_arg(ap, size_t)
                                         : va_arg(ap, unsigned);
            put_num(&o, v, *fmt == 'x' ? 16 : 10, false);
            break;
        }
        case '%': put(&o, '%'); break;
        default: put(&o, '?'); break;
        }
        if (!*fmt)
            break;
    }
    o.buf[o.len] = 0;
}

void elfld__logf(struct elfld_ctx *ctx, int level, const char *fmt, ...) {
    unsigned wanted = ctx->host.log_levels;
    if (!ctx->host.log || (wanted && !(wanted & (1u << level))))
        return;
    char msg[sizeof ((struct elfld_diag *)0)->message + 64];  /* a diagnostic and its code */
    va_list ap;
    va_start(ap, fmt);
    elfld__vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx->host.log(ctx->host.user, level, msg);
}

/* ------------------------------------------------------------------ sorting */
static void sift(struct elfld_keyed *a, size_t i, size_t n) {
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && a[c + 1].key > a[c].key)
            c++;
        if (a[i].key >= a[c].key)
            return;
        struct elfld_keyed t = a[i];
        a[i] = a[c];
        a[c] = t;
        i = c;
    }
}

void elfld__sort_keyed(struct elfld_keyed *a, size_t n) {
    for (size_t i = n >> 1; i-- > 0;)
        sift(a, i, n);
    for (size_t end = n; end-- > 1;) {
        struct elfld_keyed t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift(a, 0, end);
    }
}
