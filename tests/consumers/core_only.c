/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Links the freestanding core alone (no host): the version the header states is the
 * library's, and a call without a host fails as documented. */
#include <stdio.h>

#include <elfld.h>

int main(void) {
    elfld_ctx *ctx = NULL;
    int rc = elfld_ctx_create(NULL, &ctx);
    printf("core %lu (header %lu): elfld_ctx_create(NULL) = %s\n", elfld_version(),
           (unsigned long)ELFLD_VERSION, elfld_strerror(rc));
    return elfld_version() == ELFLD_VERSION && rc == ELFLD_EINVAL ? 0 : 1;
}
