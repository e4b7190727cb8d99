# The VM lab (qemu-tests/): boot images, VM launcher, scenarios.
#
#   make lab        build (or reuse) the cached kernel + initramfs
#   make check-vm   run every scenario in qemu-tests/scenarios/
#                   (SCENARIOS="00-lab-selftest 10-drbd-single-node" for some)
#   make demo       story 1 (MariaDB failover) as a timeline; DEMO=single: one VM

.PHONY: lab check-vm check-vm-full demo

lab: module userspace
	@$(TOP)/qemu-tests/lab/build.sh

# Scenarios too slow for make check's 30-minute budget run in
# make check-full (check-vm-full).  00: the lab's own self-test (~1 min);
# every other scenario uses the same lab, and 40 covers its power
# controller.  25: the activity log after a crash (~1.5 min); 22's kill
# rounds check the same bound in make check.  42: RabbitMQ's failover
# (~10 min: the Erlang VM under TCG).
VM_FULL_ONLY := 00-lab-selftest 25-drbd-activity-log 42-debian-rabbitmq
SCENARIOS ?= $(filter-out $(VM_FULL_ONLY),$(sort $(basename $(notdir \
	$(wildcard $(TOP)/qemu-tests/scenarios/*.sh)))))

# The Debian image (scenario 41) is built in the background, niced, while
# the other scenarios run; 41 waits for it (rootfs.sh takes a lock).
check-vm: module userspace
	@mkdir -p $(LAB_CACHE) && (nice -n 19 ionice -c 3 \
		$(TOP)/qemu-tests/lab/rootfs.sh --image-only \
		>$(LAB_CACHE)/rootfs-prefetch.log 2>&1 &)
	@$(TOP)/qemu-tests/run.sh $(SCENARIOS)

check-vm-full: module userspace
	@$(TOP)/qemu-tests/run.sh $(VM_FULL_ONLY)

demo: module userspace
	@$(TOP)/qemu-tests/demo.sh

CHECK_TARGETS += check-vm
CHECK_FULL_TARGETS += check-vm-full

-include $(TOP)/qemu-tests/bench/bench.mk
