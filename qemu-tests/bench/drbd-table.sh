#!/bin/bash
# drbd-table.sh INTREE.res OURS.res [STARTED]: the benchmark table from
# the samples of drbd-flavour.sh (medians; raw = the samples of both labs).
set -euo pipefail
IN=$1 OU=$2 STARTED=${3:-$(date -u '+%Y-%m-%d %H:%M UTC')}
TOP=$(cd "$(dirname "$0")/../.." && pwd)

# med KEY FILE...: median of every sample of KEY in the files
med() {
	local key=$1
	shift
	awk -v k="$key" '$1 == k { print $2 }' "$@" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
n_samples() { awk -v k="$1" '$1 == k' "$2" | wc -l; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

# fmt DECIMALS VALUE
fmt() { awk -v d="$1" -v v="$2" 'BEGIN { if (v == "-") print v; else printf "%.*f", d, v }'; }
row() { # row LABEL RAWKEY DRBDKEY DECIMALS
	local raw=- i o
	[ "$2" = - ] || raw=$(med "$2" "$IN" "$OU")
	i=$(med "$3" "$IN")
	o=$(med "$3" "$OU")
	printf '| %-46s | %7s | %11s | %7s | %12s |\n' "$1" "$(fmt "$4" "$raw")" \
		"$(fmt "$4" "$i")" "$(fmt "$4" "$o")" "$(ratio "$o" "$i")"
}

rev=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$TOP" status --porcelain -- kernel/drbd userspace/drbdadm 2>/dev/null | wc -l)
echo "DRBD benchmark, $STARTED, qemu-tests/bench/drbd-bench.sh (make bench-drbd)"
echo "tree $rev$([ "$dirty" -gt 0 ] && echo " + $dirty uncommitted file(s) in kernel/drbd, userspace/drbdadm")"
ver() { awk '$1 == "node1.version" { gsub("_", " ", $2); sub("^version: ", "", $2); print $2 }' "$1"; }
echo "in-tree: $(ver "$IN") with drbd-utils $(dpkg-query -W -f='${Version}' drbd-utils 2>/dev/null); ours: $(ver "$OU")"
echo "host: $(nproc) CPUs; two TCG VMs (1 vCPU, 1 GiB), 256 MiB virtio disks cache=none, tap network"
echo "medians of $(n_samples drbd.qd1.iops "$OU") runs x ${BENCH_SECS:-5} s per row (raw: of both labs' runs)"
echo
printf '| %-46s | %7s | %11s | %7s | %12s |\n' "row" "raw" "in-tree 8.4" "ours" "ours/in-tree"
echo "|------------------------------------------------|---------|-------------|---------|--------------|"
row "4K rand write QD1 O_DIRECT|O_SYNC, IOPS" raw.qd1.iops drbd.qd1.iops 0
row "  same, p50 latency us (lower is better)" raw.qd1.p50 drbd.qd1.p50 0
row "  same, p99 latency us (lower is better)" raw.qd1.p99 drbd.qd1.p99 0
row "4K rand write QD32 O_DIRECT, IOPS" raw.qd32.iops drbd.qd32.iops 0
row "1M seq write QD4 O_DIRECT, MiB/s" raw.seq.mibs drbd.seq.mibs 1
row "full resync 256 MiB, MiB/s" - drbd.resync.mibs 1
row "net round trip 4K/8B p50 us (lower is better)" net.rtt.p50 net.rtt.p50 0
echo
echo "raw column: /dev/vda of node1 alone, median over both labs (in-tree lab $(med raw.qd1.iops "$IN") / ours lab $(med raw.qd1.iops "$OU") QD1 IOPS)."
echo "net round trip: TCP (TCP_NODELAY) node1 -> node2, 4 KiB request, 8-byte answer, in each lab; raw column = both labs."
echo "protocol C QD1 latency is bounded below by roughly raw p50 + net round trip."
