/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * backend.h - what an arch backend (arch/<arch>/) may use of the core: the interface it
 * implements (arch.h), the library it prepares for lazy binding (lib.h) and, for the few
 * relocations it must bind eagerly, symbol resolution (sym.h) and the context's log.
 * Backends include this header and nothing else of src/.
 */
#ifndef ELFLD_CORE_BACKEND_H
#define ELFLD_CORE_BACKEND_H

#include "arch.h"
#include "divide.h"
#include "lib.h"
#include "sym.h"
#include "util.h"

#endif /* ELFLD_CORE_BACKEND_H */
