/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * search.c - the dynamic string tokens of DT_RPATH, DT_RUNPATH and DT_NEEDED ($ORIGIN, $LIB,
 * $PLATFORM, also as ${...}) and the directory of a source name: plain string work, in the
 * two-pass form (measure, then write) so the caller allocates exactly.
 */
#include "search.h"
#include "../core/names.h"

struct token {
    const char *name;
    size_t len;
};

static const struct token tokens[] = {{"ORIGIN", 6}, {"LIB", 3}, {"PLATFORM", 8}};

static bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* The token starting after a '$' at in[0..len): its index and how many bytes it spans
 * (braces included), or -1 when it is none of ours. */
static int match_token(const char *in, size_t len, size_t *span) {
    bool braced = len > 0 && in[0] == '{';
    const char *p = in + braced;
    size_t rest = len - braced;
    for (int i = 0; i < (int)(sizeof tokens / sizeof tokens[0]); i++) {
        size_t n = tokens[i].len;
        if (rest < n || __builtin_memcmp(p, tokens[i].name, n) != 0)
            continue;
        if (braced) {
            if (rest == n || p[n] != '}')
                continue;
            *span = 1 + n + 1;
        } else {
            if (rest > n && is_name_char(p[n]))
                continue;                  /* $ORIGINAL is not $ORIGIN */
            *span = n;
        }
        return i;
    }
    return -1;
}

static size_t put(char *dst, size_t cap, size_t at, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (at + i < cap)
            dst[at + i] = s[i];
    return at + n;
}

size_t elfld__expand_tokens(char *dst, size_t cap, const char *in, size_t len,
                            const struct elfld_tokens *t) {
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        size_t span;
        int tok = in[i] == '$' ? match_token(in + i + 1, len - i - 1, &span) : -1;
        if (tok < 0) {
            out = put(dst, cap, out, in + i, 1);
            i++;
            continue;
        }
        const char *value = tok == 0 ? t->origin : tok == 1 ? t->lib : t->platform;
        if (!value)
            return ELFLD_EXPAND_FAILED;
        size_t vlen = tok == 0 ? t->origin_len : elfld__strlen(value);
        out = put(dst, cap, out, value, vlen);
        i += 1 + span;
    }
    return out;
}

size_t elfld__dir_of(const char *path, const char **dir) {
    size_t len = elfld__strlen(path), slash = len;
    while (slash > 0 && path[slash - 1] != '/')
        slash--;
    if (slash == 0) {
        *dir = ".";
        return 1;
    }
    *dir = path;
    return slash > 1 ? slash - 1 : 1;      /* "/x.so" -> "/" */
}
