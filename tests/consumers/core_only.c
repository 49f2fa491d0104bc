/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Links the freestanding core alone (no host): the version the header states is the
 * library's, a call without a host fails as documented, and (given FEATURES, the
 * ELFLD_FEATURE_* set the build was configured with) the library has those parts. */
#include <stdio.h>
#include <stdlib.h>

#include <elfld.h>

int main(int argc, char **argv) {
    elfld_ctx *ctx = NULL;
    int rc = elfld_ctx_create(NULL, &ctx);
    unsigned want = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : elfld_features();
    printf("core %lu (header %lu), parts %#x: elfld_ctx_create(NULL) = %s\n", elfld_version(),
           (unsigned long)ELFLD_VERSION, elfld_features(), elfld_strerror(rc));
    return elfld_version() == ELFLD_VERSION && rc == ELFLD_EINVAL && elfld_features() == want
               ? 0 : 1;
}
