#!/bin/bash
# One lab run of the DRBD benchmark for one flavour (see drbd-bench.sh,
# which runs both and prints the table).
#
#   qemu-tests/bench/drbd-flavour.sh intree|ours RESULTS-FILE
#
# Two VMs, 256 MiB disks (cache=none), the tap network of the lab.  On
# node1: the network round trip to node2, the raw lower device /dev/vda,
# then the resource r0 (protocol C) on both nodes, three full resyncs and
# the write rows on /dev/drbd0 (node1 Primary, node2 Secondary UpToDate).
# Each measurement is repeated $BENCH_REPS times (3) for $BENCH_SECS
# seconds (5); every sample goes to RESULTS-FILE as "KEY VALUE" lines.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/qemu-tests/lib/lab.sh"

FLAVOUR=${1:?intree or ours}
RES=${2:?results file}
REPS=${BENCH_REPS:-3}
SECS=${BENCH_SECS:-5}
BB=/usr/sbin/blkbench
case "$FLAVOUR" in
intree) export LAB_FLAVOUR=intree LAB_EXTRA_BINS=$TOP/build/blkbench ;;
ours) export LAB_FLAVOUR=ours ;;
*) echo "drbd-flavour.sh: flavour must be intree or ours" >&2; exit 2 ;;
esac

die() { echo "bench[$FLAVOUR]: $*" >&2; exit 1; }
log() { echo "bench[$FLAVOUR]: $*" >&2; }
trap lab_stop EXIT
trap 'exit 130' INT TERM HUP

# run VM CMD: run it, die with its output on failure; output in $OUT
run() {
	on "$1" "$2"
	[ "$RC" -eq 0 ] || die "$1: '$2' failed (rc=$RC): $OUT"
}
# record KEY VALUE
record() { echo "$1 $2" >>"$RES"; }
# field NAME: the value of NAME=... in $OUT
field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<<"$OUT" | tail -n1; }

# the identical configuration for both flavours (DRBD 8.4 drbd.conf
# syntax, which our drbdadm reads too).  Resync controller: explicit,
# the same numbers for both (8.4's own default resync-rate is 250K and
# its default fill target 100 sectors).
BENCH_DISK_OPTS=${BENCH_DISK_OPTS:-resync-rate 500M; c-plan-ahead 20; c-fill-target 4096; c-max-rate 500M; c-min-rate 0;}
conf() {
	cat <<EOC
global { usage-count no; }
common { protocol C; }
resource r0 {
	disk { $BENCH_DISK_OPTS }
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
EOC
}

# write_rows PREFIX DEV: the three write workloads, $REPS times each.
# The sequential row goes first: it touches every block (and so, on a
# DRBD device, every activity-log extent) before the random rows.
# connected PREFIX: a replicated row counts only if the pair stayed
# Connected UpToDate/UpToDate throughout (else it measured one disk)
connected() {
	[ "$1" = drbd ] || return 0
	on node1 'cat /proc/drbd'
	grep -q 'cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate' <<<"$OUT" ||
		die "the pair is not Connected UpToDate/UpToDate during the write rows: $OUT"
}

write_rows() {
	local p=$1 dev=$2 i
	connected "$p"
	for ((i = 1; i <= REPS; i++)); do
		run node1 "$BB write $dev --seq --bs 1048576 --qd 4 --secs $SECS"
		log "$p seq 1M QD4: $OUT"
		record "$p.seq.mibs" "$(field mibs)"
	done
	for ((i = 1; i <= REPS; i++)); do
		run node1 "$BB write $dev --sync --bs 4096 --qd 1 --secs $SECS"
		log "$p rand 4K QD1 sync: $OUT"
		record "$p.qd1.iops" "$(field iops)"
		record "$p.qd1.p50" "$(field p50_us)"
		record "$p.qd1.p99" "$(field p99_us)"
	done
	for ((i = 1; i <= REPS; i++)); do
		run node1 "$BB write $dev --bs 4096 --qd 32 --secs $SECS"
		log "$p rand 4K QD32: $OUT"
		record "$p.qd32.iops" "$(field iops)"
	done
	connected "$p"
}

# resync_watch: on node1 (the SyncSource), in the background, time from
# the first SyncSource in /proc/drbd to Connected UpToDate/UpToDate
# (polled every 20 ms); the result lands in /tmp/rs.out
resync_watch() {
	run node1 "rm -f /tmp/rs.out; (
i=0
while ! grep -q cs:SyncSource /proc/drbd; do usleep 20000; i=\$((i+1)); [ \$i -lt 3000 ] || { echo nostart >/tmp/rs.out; exit; }; done
t0=\$(cut -d' ' -f1 /proc/uptime)
while ! grep -q 'cs:Connected.*ds:UpToDate/UpToDate' /proc/drbd; do usleep 20000; done
t1=\$(cut -d' ' -f1 /proc/uptime)
echo \"secs=\$(awk \"BEGIN{print \$t1-\$t0}\") bytes=\$(blockdev --getsize64 /dev/drbd0)\" >/tmp/rs.out
) </dev/null >/dev/null 2>&1 &"
}
resync_result() {
	run node1 'for i in $(seq 3000); do [ -s /tmp/rs.out ] && break; usleep 100000; done; cat /tmp/rs.out'
	local secs bytes
	secs=$(field secs)
	bytes=$(field bytes)
	[ -n "$secs" ] && [ -n "$bytes" ] || die "resync not timed: $OUT"
	log "full resync: $bytes bytes in $secs s"
	record drbd.resync.mibs "$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1048576 / s }')"
}

: >"$RES"
record flavour "$FLAVOUR"
lab_start --vms 2 --disk 256M || die "lab did not start"
record lab "$LAB_RUN_DIR"

# --- the network round trip: 4 KiB request, 8-byte answer (a 4 KiB
# protocol C write and its ack, without the disks)
for ((i = 1; i <= REPS; i++)); do
	run node2 "$BB rr-server 7800 </dev/null >/dev/null 2>&1 &"
	run node1 "$BB rr-client 10.99.0.12 7800 --bs 4096 --secs $SECS"
	log "rtt 4K/8B: $OUT"
	record net.rtt.p50 "$(field p50_us)"
	record net.rtt.p99 "$(field p99_us)"
	record net.rtt.rps "$(field rps)"
done

# --- the raw lower device
write_rows raw /dev/vda

# --- the resource: same config on both nodes
for vm in node1 node2; do
	conf | put_file "$vm" /etc/drbd.conf || die "config to $vm"
	run "$vm" 'mkdir -p /var/run/drbd /var/lib/drbd; modprobe drbd && head -n1 /proc/drbd'
	record "$vm.version" "$(head -n1 <<<"$OUT" | tr ' ' _)"
	run "$vm" 'drbdadm create-md --force r0 </dev/null && drbdadm up r0'
done
run node1 'for i in $(seq 600); do grep -q cs:Connected /proc/drbd && exit 0; usleep 100000; done; cat /proc/drbd; exit 1'

# --- full resync: primary --force, then twice more by giving node2 new
# metadata (a peer with just-created metadata gets a full sync)
resync_watch
run node1 'drbdadm primary --force r0'
resync_result
for ((i = 2; i <= REPS; i++)); do
	resync_watch
	run node2 'drbdadm down r0 && drbdadm create-md --force r0 </dev/null && drbdadm up r0'
	resync_result
done
run node1 'cat /proc/drbd'
log "$OUT"
run node1 'dmesg | grep -i "resync done" | tail -n 3'
log "kernel: $OUT"

# --- the write rows on the replicated device
write_rows drbd /dev/drbd0
run node1 'cat /proc/drbd'
log "$OUT"

run node1 'drbdadm down r0'
run node2 'drbdadm down r0'
lab_stop
oops=$(grep -E -m3 'Oops|BUG:|WARNING:|Call Trace|Kernel panic' "$LAB_RUN_DIR"/console-*.log)
[ -z "$oops" ] || die "kernel problems in the consoles: $oops"
record done 1
