/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* fp_state.h - the i386 FP/vector state probe (fp_state.c), used by lazy.c. */
#ifndef ELFLD_I386_FP_STATE_H
#define ELFLD_I386_FP_STATE_H

#include "arch_defs.h"

/* Fill st->fp_mode, fp_size and the XSAVE mask for this CPU. */
__attribute__((visibility("hidden"))) void elfld__i386_probe_fp_state(struct elfld_arch_lazy *st);

#endif
