# drbd + pacer: top-level build.
#
#   make            kernel module and userspace tools
#   make deps       install the Debian packages the build and tests need
#   make check      every test CI runs (unit, scheduler, host, VM lab)
#   make demo       the VM lab showing the product
#   make bench      benchmarks (not tests)
#
# Each part adds its rules in its own fragment (*.mk), included below.

ifneq ($(KERNELRELEASE),)
# Invoked by kbuild: Kbuild does the work.
else

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build
KVER ?= $(shell $(TOP)/scripts/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
# Heavy products (extracted kernels, initramfs, images) live outside the
# repository, keyed by their inputs.
LAB_CACHE ?= /var/cache/drbd-lab
export KVER KDIR LAB_CACHE

CC ?= gcc
WARN := -Wall -Wextra -Werror -Wno-unused-parameter
USER_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g $(WARN) -I$(TOP)/include/drbd
SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
PKG_CONFIG ?= pkg-config

# Pure logic shared with the module.
PURE_SRCS := kernel/drbd/drbd_crc32c.c kernel/drbd/drbd_md_format.c \
	kernel/drbd/drbd_state_rules.c kernel/drbd/drbd_wire.c \
	kernel/drbd/drbd_uuid.c kernel/drbd/drbd_bitmap_math.c \
	kernel/drbd/drbd_after_sb.c kernel/drbd/drbd_fence.c

.PHONY: all deps module userspace check check-full check-unit check-host check-vm \
	demo bench clean
all: module userspace

deps:
	@$(TOP)/scripts/deps.sh

# Every build target first makes sure the packages are there.
.deps-ok: scripts/deps.sh
	@$(TOP)/scripts/deps.sh
	@touch $@

module: .deps-ok
	$(MAKE) -C $(KDIR) M=$(TOP) modules

CHECK_TARGETS :=
CHECK_FULL_TARGETS :=
BENCH_TARGETS :=
USERSPACE_TARGETS :=

-include userspace/drbdadm/drbdadm.mk
-include userspace/tools/tools.mk
-include cluster/cluster.mk
-include cluster/pacerd.mk
include tests/tests.mk
-include agents/agents.mk
-include qemu-tests/lab.mk

userspace: $(USERSPACE_TARGETS)

check: .deps-ok
	@$(TOP)/tests/run-check.sh $(CHECK_TARGETS)

# check plus the tests not yet stable enough for CI.
check-full: .deps-ok
	@$(TOP)/tests/run-check.sh $(CHECK_TARGETS) $(CHECK_FULL_TARGETS)

bench: .deps-ok $(BENCH_TARGETS)

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(BUILD) .deps-ok

endif
