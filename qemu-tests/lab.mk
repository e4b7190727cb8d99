# The VM lab (qemu-tests/): boot images, VM launcher, scenarios.
#
#   make lab        build (or reuse) the cached kernel + initramfs
#   make check-vm   run every scenario in qemu-tests/scenarios/
#                   (SCENARIOS="00-lab-selftest 10-drbd-single-node" for some)
#   make demo       story 1 (MariaDB failover) as a timeline; DEMO=single: one VM

.PHONY: lab check-vm demo

lab: module userspace
	@$(TOP)/qemu-tests/lab/build.sh

check-vm: module userspace
	@$(TOP)/qemu-tests/run.sh $(SCENARIOS)

demo: module userspace
	@$(TOP)/qemu-tests/demo.sh

CHECK_TARGETS += check-vm

-include $(TOP)/qemu-tests/bench/bench.mk
