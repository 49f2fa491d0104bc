/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * source.c - sources the host opens without a view (blob->data NULL): their bytes come
 * through host->read_source, a kilobyte of headers for a shared object (the segments are
 * mapped or read straight into the image by map.c), the whole file for object files and
 * archives, whose sections the object linker reads until the image is linked.
 */
#include "source.h"
#include "ctx.h"
#include "util.h"

/* One read of the first bytes usually holds the ELF header and all program headers (a
 * linker puts them right after the header); it is what glibc reads too. */
#define HEAD_READ 1024

int elfld__source_read(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                       const char *name, uintptr_t offset, void *dst, size_t size) {
    if (!size)
        return 0;
    int rc = ctx->host.read_source(ctx->host.user, blob, offset, dst, size);
    if (rc)
        return elfld__fail(e, rc < 0 ? rc : ELFLD_EIO, "cannot read %zu bytes at offset %lx of "
                           "'%s'", size, (unsigned long)offset, name);
    return 0;
}

int elfld__source_bytes(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                        const char *name, const void **data, void **copy) {
    *copy = NULL;
    if (blob->data || !blob->size) {
        *data = blob->data ? blob->data : "";   /* empty: a valid pointer, parsed as truncated */
        return 0;
    }
    char *buf = ctx->host.alloc(ctx->host.user, blob->size);   /* not zeroed: read over */
    if (!buf)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the %zu bytes of '%s'", blob->size,
                           name);
    int rc = elfld__source_read(e, ctx, blob, name, 0, buf, blob->size);
    if (rc) {
        elfld__free(ctx, buf, blob->size);
        return rc;
    }
    *data = buf;
    *copy = buf;
    return 0;
}

void elfld__source_release(struct elfld_ctx *ctx, const struct elfld_blob *blob, void *copy) {
    if (copy)
        elfld__free(ctx, copy, blob->size);
}

/* The program headers when they lie beyond the first read: one more read of just them. */
static int parse_far_phdrs(struct elfld_err *e, struct elfld_ctx *ctx,
                           const struct elfld_blob *blob, const char *name,
                           struct elfld_plan *plan) {
    size_t n = (size_t)plan->ehdr.e_phnum * sizeof(elf_phdr);
    void *phdrs = elfld__alloc(ctx, n);
    if (!phdrs)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the program headers");
    int rc = elfld__source_read(e, ctx, blob, name, plan->ehdr.e_phoff, phdrs, n);
    if (!rc)
        rc = elfld__parse_phdrs(e, phdrs, blob->size, plan, ctx->page_size);
    elfld__free(ctx, phdrs, n);
    return rc;
}

int elfld__source_parse(struct elfld_err *e, struct elfld_ctx *ctx, const struct elfld_blob *blob,
                        const char *name, enum elfld_role role, struct elfld_plan *plan) {
    size_t avail = blob->size < HEAD_READ ? blob->size : HEAD_READ;
    char *head = ctx->host.alloc(ctx->host.user, HEAD_READ);   /* only `avail` is read */
    if (!head)
        return elfld__fail(e, ELFLD_ENOMEM, "no memory for the headers of '%s'", name);
    int rc = elfld__source_read(e, ctx, blob, name, 0, head, avail);
    if (!rc)
        rc = elfld__parse_header(e, head, avail, blob->size, role, plan);
    if (!rc) {
        /* parse_header checked e_phoff + the table against the source size, not `avail` */
        uintptr_t phoff = plan->ehdr.e_phoff;
        size_t n = (size_t)plan->ehdr.e_phnum * sizeof(elf_phdr);
        rc = phoff <= avail && n <= avail - phoff
                 ? elfld__parse_phdrs(e, head + phoff, blob->size, plan, ctx->page_size)
                 : parse_far_phdrs(e, ctx, blob, name, plan);
    }
    elfld__free(ctx, head, HEAD_READ);
    return rc;
}
