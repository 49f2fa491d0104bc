/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fuzz_parse.c - libFuzzer harness for the ELF header / program header validator
 * (elfld__parse, src/parse.c) on its own: no host, no memory is reserved.  Besides "no crash,
 * no sanitizer report" it checks what a successful parse promises the mapper: every PT_LOAD's
 * file bytes inside the input, p_filesz <= p_memsz, segments ascending and disjoint, a span
 * within the limit and a power-of-two alignment.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_host.h"
#include "core/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elfld_plan plan;
    struct elfld_diag diag;
    memset(&diag, 0, sizeof diag);
    struct elfld_err e = {.ctx = NULL, .diag = &diag, .phase = ELFLD_PHASE_PARSE};
    const uintptr_t page = 4096;
    int rc = elfld__parse(&e, data, size, ELFLD_ROLE_LIBRARY, &plan, page);
    if (rc > 0 || strcmp(elfld_strerror(rc), "unknown error") == 0)
        fuzz_die("elfld__parse returned %d", rc);
    if (rc != 0) {
        if (diag.code != rc || diag.message[0] == 0)
            fuzz_die("parse failed with %d but the diagnostic says %d '%s'", rc, diag.code,
                     diag.message);
        return 0;
    }
    if (plan.nloads == 0 || plan.nloads > ELFLD_MAX_LOADS)
        fuzz_die("plan with %u loads", plan.nloads);
    if (!plan.align || (plan.align & (plan.align - 1)) || plan.align < page)
        fuzz_die("plan alignment %lx", (unsigned long)plan.align);
    if (plan.dyn_size < sizeof(elf_dyn))
        fuzz_die("plan without a dynamic section");
    for (unsigned i = 0; i < plan.nloads; i++) {
        const struct elfld_seg *s = &plan.loads[i];
        if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
            fuzz_die("load %u: file bytes [%lx, +%lx) memsz %lx, input %zu", i,
                     (unsigned long)s->offset, (unsigned long)s->filesz,
                     (unsigned long)s->memsz, size);
        if (s->vaddr < plan.span_start || s->vaddr + s->memsz > plan.span_end ||
            s->vaddr + s->memsz < s->vaddr)
            fuzz_die("load %u outside the span", i);
        if (i && s->vaddr < plan.loads[i - 1].vaddr + plan.loads[i - 1].memsz)
            fuzz_die("load %u overlaps its predecessor", i);
    }
    if (plan.span_end <= plan.span_start || (plan.span_start & (plan.align - 1)) ||
        (plan.span_end & (page - 1)))
        fuzz_die("bad span [%lx, %lx)", (unsigned long)plan.span_start,
                 (unsigned long)plan.span_end);
    return 0;
}
