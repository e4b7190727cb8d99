# The VM lab (qemu-tests/): boot images, VM launcher, scenarios.
#
#   make lab        build (or reuse) the cached kernel + initramfs
#   make check-vm   run every scenario in qemu-tests/scenarios/
#   make demo       the single-node slice, step by step, in one VM

.PHONY: lab check-vm demo

lab: module userspace
	@$(TOP)/qemu-tests/lab/build.sh

check-vm: module userspace
	@$(TOP)/qemu-tests/run.sh

demo: module userspace
	@$(TOP)/qemu-tests/demo.sh

CHECK_TARGETS += check-vm
