#!/bin/bash
# Issue 4, acceptance 4: online verify finds blocks corrupted behind the
# device's back on the Secondary (written to its lower device directly)
# and the next resync repairs exactly those; progress is shown like a
# resync; disconnect and pause-sync stop a verify, --start resumes it.  Also
# invalidate and invalidate-remote (connected and not): a full sync in the
# right direction, identical data afterwards.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 48M || exit 1
# a fixed 8 MiB/s for resync and verify: one pass over the device ~6 s,
# long enough to watch the progress
for vm in node1 node2; do
	repl_conf "$vm" 'verify-alg sha256;' 'resync-rate 8M; c-plan-ahead 0;'
done

# last_log VM ERE: the last kernel log line matching ERE -> $OUT
last_log() { on "$1" "dmesg | grep -E '$2' | tail -1"; }
# synced_kib VM: KiB the last resync moved on VM (its SyncTarget side)
synced_kib() {
	on "$1" 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'
}
same_data() {
	local s1 s2
	data_sums node1 node2; s1=$SUM1 s2=$SUM2
	echo "    data area md5: node1 $s1, node2 $s2"
	expect_eq "$1" "$s2" "$s1"
}
# watch_verify: on node1, poll status until Connected; print the last
# progress line seen and the /proc/drbd state while verifying
watch_verify() {
	on node1 'seen= proc=
	for i in $(seq 900); do
		s=$(drbdadm status r0)
		l=$(echo "$s" | grep -o "replication:VerifyS.*done:[0-9.]*")
		[ -n "$l" ] && seen=$l
		p=$(grep -o "cs:VerifyS.*" /proc/drbd)
		[ -n "$p" ] && proc=$p
		drbdadm cstate r0 | grep -qx Connected && break
		sleep 0.1
	done
	echo "status: $seen"; echo "proc: $proc"; echo "cstate: $(drbdadm cstate r0)"'
}

step "a synced pair"
repl_up_both
expect_fail "verify refused without UpToDate data, saying what is missing" node1 \
	'drbdadm verify r0' 'r0: verify needs both disks UpToDate'
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 120 drbdadm wait-sync r0'
on node2 'echo $(( $(blockdev --getsize64 /dev/drbd0) / 1024 ))'; dev_kib=$OUT
echo "    device: $dev_kib KiB"
same_data "after the initial sync both data areas are identical"

step "verify on a clean pair; disconnect and pause-sync stop it, --start resumes it"
t0=$(date +%s)
require "verify starts on node1" node1 'drbdadm verify r0'
require "node2 disconnects during the verify" node2 'sleep 0.5; drbdadm disconnect r0'
wait_until "node1 logs where the verify stopped" node1 \
	'dmesg | grep "Online verify stopped at sector" | tail -1' 10 'stopped at sector [0-9]+ \(VerifyS\)'
wait_until "node2 (VerifyT) too" node2 \
	'dmesg | grep "Online verify stopped at sector" | tail -1' 10 'stopped at sector [0-9]+ \(VerifyT\)'
require "node2 reconnects" node2 'drbdadm connect r0 && timeout 60 drbdadm wait-connect r0 && timeout 60 drbdadm wait-sync r0'
require "node1 Connected again" node1 'timeout 30 drbdadm wait-sync r0 && drbdadm cstate r0' '^Connected$'
require "verify starts again" node1 'drbdadm verify r0'
expect_ok "node1 is VerifyS" node1 'drbdadm cstate r0' '^VerifyS$'
require "pause-sync stops the verify" node1 'drbdadm pause-sync r0'
expect_ok "node1 back to Connected" node1 'drbdadm cstate r0' '^Connected$'
wait_until "node2 back to Connected" node2 'drbdadm cstate r0' 5 '^Connected$'
last_log node1 'Online verify stopped at sector'; echo "    $OUT"
at=$(sed -n 's/.*stopped at sector \([0-9]*\) .*/\1/p' <<<"$OUT")
check "the stop is logged with the sector to continue from" test -n "$at"
require "verify --start resumes there" node1 "drbdadm verify --start ${at:-0} r0"
last_log node1 'Online verify started at sector'
expect_eq "the resumed verify starts at that sector" \
	"$(sed -n 's/.*started at sector \([0-9]*\):.*/\1/p' <<<"$OUT")" "${at:-x}"
wait_until "node2 becomes VerifyT" node2 'drbdadm status r0' 5 'replication:VerifyT peer-disk:UpToDate'
expect_fail "a second verify is refused while one runs" node1 'drbdadm verify r0' 'already running'
expect_fail "verify on the VerifyT node is refused too" node2 'drbdadm verify r0' 'already running'
expect_ok "status shows verify progress like a resync" node1 'drbdadm status r0' \
	'replication:VerifyS peer-disk:UpToDate done:[0-9]+\.[0-9]{2}'
watch_verify; echo "$OUT" | sed 's/^/    /'
check "progress (done:) seen while verifying" grep -Eq 'status: replication:VerifyS peer-disk:UpToDate done:[0-9]+\.[0-9]{2}' <<<"$OUT"
check "/proc/drbd shows cs:VerifyS" grep -q 'proc: cs:VerifyS' <<<"$OUT"
check "the verify ends Connected" grep -q 'cstate: Connected' <<<"$OUT"
expect_ok "verify on a clean pair finds nothing" node1 \
	'dmesg | grep "Online verify found" | tail -1' 'found 0 KiB out of sync'
expect_ok "node2 (VerifyT) agrees" node2 \
	'dmesg | grep "Online verify found" | tail -1' 'found 0 KiB out of sync'
echo "    clean verify with pause/resume: $(( $(date +%s) - t0 )) s"

step "3 blocks of 4 KiB corrupted on node2's lower device, behind drbd's back"
# blocks 100 and 101 (sectors 800..815) and block 5000 (sector 40000)
require "write random data to node2's /dev/vda directly" node2 \
	'dd if=/dev/urandom of=/dev/vda bs=4k seek=100 count=2 oflag=direct 2>/dev/null &&
	 dd if=/dev/urandom of=/dev/vda bs=4k seek=5000 count=1 oflag=direct 2>/dev/null'
data_sums node1 node2; s1=$SUM1 s2=$SUM2
check "the data areas now differ" test "$s1" != "$s2"
expect_ok "drbd does not know: nothing out of sync" node1 'drbdadm show-gi r0' 'out of sync 0 KiB'

step "verify on the Primary finds exactly those blocks; the application keeps writing"
require "verify starts" node1 'drbdadm verify r0'
expect_ok "application writes during the verify succeed" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=4k seek=8000 count=16 oflag=direct 2>&1 | tail -1'
watch_verify; echo "$OUT" | sed 's/^/    /'
check "progress (done:) seen while verifying" grep -Eq 'status: replication:VerifyS peer-disk:UpToDate done:' <<<"$OUT"
for vm in node1 node2; do
	on "$vm" 'dmesg | grep -E "Out of sync: start=|Online verify (done|found)" | tail -4'
	echo "$OUT" | sed "s/^/    $vm: /"
	expect_ok "$vm logs the range start=800, size=16" "$vm" \
		'dmesg | grep "Out of sync: start=800, size=16 (sectors)"'
	expect_ok "$vm logs the range start=40000, size=8" "$vm" \
		'dmesg | grep "Out of sync: start=40000, size=8 (sectors)"'
	expect_ok "$vm: 12 KiB (3 blocks) out of sync" "$vm" \
		'dmesg | grep "Online verify found" | tail -1' 'found 12 KiB out of sync \(3 blocks of 4 KiB\)'
	expect_ok "$vm: the bitmap holds them (show-gi)" "$vm" 'drbdadm show-gi r0' \
		'out of sync 12 KiB \(3 blocks\)'
done

step "disconnect, connect: the resync repairs exactly those blocks, from the Primary"
require "disconnect; connect on node1" node1 'drbdadm disconnect r0 && drbdadm connect r0'
expect_ok "node2 resyncs" node2 'timeout 60 drbdadm wait-connect r0 && timeout 60 drbdadm wait-sync r0'
expect_ok "node1 was the SyncSource (bitmap)" node1 'dmesg | grep "uuids" | tail -1' 'source-bitmap'
synced_kib node2; echo "    resynced: $OUT KiB"
expect_eq "the resync moved exactly 3 x 4 KiB" "$OUT" 12
same_data "data areas identical after the resync"

step "invalidate on node2 (Secondary): full sync from node1"
expect_fail "invalidate refused on the Primary, saying why" node1 'drbdadm invalidate r0' 'drbdadm secondary r0'
require "corrupt 1 MiB of node2's lower device" node2 \
	'dd if=/dev/urandom of=/dev/vda bs=64k seek=200 count=16 oflag=direct 2>/dev/null'
require "invalidate on node2" node2 'drbdadm invalidate r0'
expect_ok "node2 is SyncTarget, Inconsistent" node2 'drbdadm cstate r0; drbdadm dstate r0' 'SyncTarget'
expect_ok "the full sync finishes" node2 'timeout 90 drbdadm wait-sync r0'
synced_kib node2; echo "    resynced: $OUT KiB of $dev_kib"
expect_eq "invalidate: full sync of the device to node2" "$OUT" "$dev_kib"
same_data "data areas identical after invalidate"

step "invalidate-remote on node1: full sync to node2"
expect_fail "invalidate-remote refused towards a Primary" node2 'drbdadm invalidate-remote r0' 'Primary'
require "corrupt 1 MiB of node2's lower device" node2 \
	'dd if=/dev/urandom of=/dev/vda bs=64k seek=500 count=16 oflag=direct 2>/dev/null'
require "invalidate-remote on node1" node1 'drbdadm invalidate-remote r0'
expect_ok "node1 is SyncSource" node1 'drbdadm cstate r0' 'SyncSource'
expect_ok "the full sync finishes" node2 'timeout 90 drbdadm wait-sync r0'
synced_kib node2; echo "    resynced: $OUT KiB of $dev_kib"
expect_eq "invalidate-remote: full sync of the device to node2" "$OUT" "$dev_kib"
same_data "data areas identical after invalidate-remote"

step "invalidate while disconnected: Inconsistent, full sync on the next connect"
require "disconnect node2" node2 'drbdadm disconnect r0'
require "corrupt 1 MiB of node2's lower device" node2 \
	'dd if=/dev/urandom of=/dev/vda bs=64k seek=700 count=16 oflag=direct 2>/dev/null'
require "invalidate on the disconnected node2" node2 'drbdadm invalidate r0'
expect_ok "node2 is Inconsistent" node2 'drbdadm dstate r0' '^Inconsistent/DUnknown$'
expect_ok "every block of node2 is out of sync" node2 'drbdadm show-gi r0' "out of sync $dev_kib KiB"
require "connect node2" node2 'drbdadm connect r0'
expect_ok "the sync finishes" node2 'timeout 60 drbdadm wait-connect r0 && timeout 90 drbdadm wait-sync r0'
synced_kib node2; echo "    resynced: $OUT KiB of $dev_kib"
expect_eq "the whole device was synced to node2" "$OUT" "$dev_kib"
same_data "data areas identical after the offline invalidate"
