# Benchmarks in the VM lab (make bench runs every BENCH_TARGETS entry).
#
#   make bench-drbd   this drbd module against the kernel's in-tree DRBD
#                     8.4 with Debian's drbd-utils; table in
#                     build/bench-drbd.txt (docs/bench.md)

.PHONY: bench-drbd

bench-drbd: .deps-ok module userspace
	@$(TOP)/qemu-tests/bench/drbd-bench.sh

BENCH_TARGETS += bench-drbd
