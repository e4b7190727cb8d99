#!/bin/bash
# The DRBD benchmark (make bench-drbd; not a test): this project's drbd
# module and drbdadm against the kernel's in-tree DRBD 8.4 with Debian's
# drbd-utils, in one invocation, two labs one after the other with the
# same VMs, disks, network and drbd.conf.  Prints the table and saves it
# to $BUILD/bench-drbd.txt (samples in $BUILD/bench-drbd-*.res).
#
#   BENCH_REPS=3 BENCH_SECS=5 qemu-tests/bench/drbd-bench.sh
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
OUTF=$BUILD/bench-drbd.txt

[ -x "$BUILD/blkbench" ] || { echo "drbd-bench: $BUILD/blkbench missing (make userspace)" >&2; exit 1; }
[ -x /usr/lib/drbd/drbdadm-84 ] || { echo "drbd-bench: drbd-utils missing (make deps)" >&2; exit 1; }
mkdir -p "$BUILD"
started=$(date -u '+%Y-%m-%d %H:%M UTC')
for fl in intree ours; do
	echo "# drbd-bench: lab with the $fl flavour" >&2
	"$HERE/drbd-flavour.sh" "$fl" "$BUILD/bench-drbd-$fl.res" ||
		{ echo "drbd-bench: the $fl run failed" >&2; exit 1; }
done
"$HERE/drbd-table.sh" "$BUILD/bench-drbd-intree.res" "$BUILD/bench-drbd-ours.res" \
	"$started" >"$OUTF"
cat "$OUTF"
echo "# saved to $OUTF" >&2
