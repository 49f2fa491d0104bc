# SPDX-License-Identifier: MIT OR Apache-2.0
# elfld.mk - libelfld in a plain make build.  Set, then include:
#
#   ELFLD_DIR     the libelfld source tree
#   ELFLD_ARCH    x86_64, i386, aarch64, arm, riscv64, riscv32 or loongarch64
#   ELFLD_OBJDIR  where objects and archives go (default: elfld-objs)
#   ELFLD_WITH_LAZY, ELFLD_WITH_OBJECTS, ELFLD_WITH_SHARED_OBJECTS, ELFLD_WITH_MESSAGES,
#   ELFLD_WITH_FRAMES
#                 0 leaves that part out (src/core/features.h); default 1
#
# It defines
#
#   ELFLD_CORE_SRCS, ELFLD_POSIX_SRCS   the freestanding core with the arch backend, and the
#                                       POSIX host (Linux user space; needs libc and -ldl)
#   ELFLD_CFLAGS                        what every compiler needs for the core: include paths
#                                       and the flags the design's freestanding rule needs
#                                       (src/cflags.list, arch/$(ELFLD_ARCH)/cflags.list)
#   ELFLD_INCLUDES                      what a program using libelfld passes (-I include)
#   $(ELFLD_CORE_LIB), $(ELFLD_POSIX_LIB)   rules for libelfld.a and libelfld-posix.a
#
# Objects are compiled with $(CC) $(CFLAGS) $(ELFLD_CFLAGS): put your optimisation level and
# code model in CFLAGS (-O2 -fPIC for user space; a kernel's -mcmodel=kernel -mno-red-zone
# ...).  The lists are the ones meson.build reads (src/core.list, src/cflags.list,
# arch/$(ELFLD_ARCH)/sources.list, arch/$(ELFLD_ARCH)/cflags.list, src/host/posix.list).

ifeq ($(ELFLD_DIR),)
$(error elfld.mk: set ELFLD_DIR to the libelfld source tree)
endif
ifeq ($(wildcard $(ELFLD_DIR)/arch/$(ELFLD_ARCH)/sources.list),)
$(error elfld.mk: ELFLD_ARCH '$(ELFLD_ARCH)' is not one of libelfld's arches)
endif
ELFLD_OBJDIR ?= elfld-objs
# The rules below must not become the including Makefile's default goal.
elfld_saved_goal := $(.DEFAULT_GOAL)

elfld_list = $(shell sed -e '/^\#/d' -e '/^[[:space:]]*$$/d' $(1) 2>/dev/null)

ELFLD_CORE_SRCS := $(call elfld_list,$(ELFLD_DIR)/src/core.list) \
                   $(call elfld_list,$(ELFLD_DIR)/arch/$(ELFLD_ARCH)/sources.list)
ELFLD_POSIX_SRCS := $(call elfld_list,$(ELFLD_DIR)/src/host/posix.list)
ELFLD_INCLUDES := -I$(ELFLD_DIR)/include
ELFLD_CFLAGS := $(ELFLD_INCLUDES) -I$(ELFLD_DIR)/arch/$(ELFLD_ARCH) \
                $(call elfld_list,$(ELFLD_DIR)/src/cflags.list) \
                $(call elfld_list,$(ELFLD_DIR)/arch/$(ELFLD_ARCH)/cflags.list)
ELFLD_POSIX_CFLAGS := $(ELFLD_INCLUDES) -D_GNU_SOURCE -pthread
# the parts left out (src/core/features.h)
ELFLD_CFLAGS += $(foreach p,LAZY OBJECTS SHARED_OBJECTS MESSAGES FRAMES,\
                  $(if $(filter 0,$(ELFLD_WITH_$(p))),-DELFLD_WITH_$(p)=0))

elfld_obj = $(addprefix $(ELFLD_OBJDIR)/,$(addsuffix .o,$(subst /,_,$(1))))
ELFLD_CORE_LIB := $(ELFLD_OBJDIR)/libelfld.a
ELFLD_POSIX_LIB := $(ELFLD_OBJDIR)/libelfld-posix.a

# One rule per source: the object's name is the source's path with '/' as '_'.
define elfld_compile
$(call elfld_obj,$(1)): $(ELFLD_DIR)/$(1) | $(ELFLD_OBJDIR)
	$$(CC) $$(CFLAGS) $(2) -c $$< -o $$@
endef
$(foreach s,$(ELFLD_CORE_SRCS),$(eval $(call elfld_compile,$(s),$$(ELFLD_CFLAGS))))
$(foreach s,$(ELFLD_POSIX_SRCS),$(eval $(call elfld_compile,$(s),$$(ELFLD_POSIX_CFLAGS))))

$(ELFLD_OBJDIR):
	mkdir -p $@
$(ELFLD_CORE_LIB): $(call elfld_obj,$(ELFLD_CORE_SRCS))
	$(AR) rcs $@ $^
$(ELFLD_POSIX_LIB): $(call elfld_obj,$(ELFLD_POSIX_SRCS))
	$(AR) rcs $@ $^

.DEFAULT_GOAL := $(elfld_saved_goal)
