#!/bin/bash
# Issue 3, acceptance 3: the link is cut while the Primary writes; the
# Primary carries on alone and marks its bitmap; when the link comes back
# the nodes resync only the dirty blocks (bytes resynced against bytes
# written and the device size), and the data is identical afterwards.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 256M || exit 1
repl_conf node1
repl_conf node2

step "a synced pair"
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 300 drbdadm wait-sync r0'
expect_ok "connected writes (protocol C) reach node2" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=64k count=64 seek=16 oflag=direct 2>&1 | tail -1'
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "after connected writes both data areas are identical" "$s2" "$s1"

step "link cut while writing"
# 160 writes of 64 KiB spread over the device, about one every 50 ms
on node1 'cat > /root/writer.sh <<EOW
for i in \$(seq 0 159); do
	dd if=/dev/urandom of=/dev/drbd0 bs=64k count=1 seek=\$((400 + i * 20)) oflag=direct 2>/dev/null || exit 1
	sleep 0.05
done
echo writer-done
EOW
(sh /root/writer.sh > /root/writer.log 2>&1 &)'
sleep 2
link_cut node2
expect_ok "node1 notices the dead peer and goes on alone" node1 \
	'for i in $(seq 100); do drbdadm cstate r0 | grep -q Connecting && exit 0; sleep 0.1; done; exit 1'
expect_ok "the writer finishes without the peer" node1 \
	'for i in $(seq 120); do grep -q writer-done /root/writer.log && exit 0; sleep 0.5; done; cat /root/writer.log; exit 1'
expect_ok "node1 stays Primary, UpToDate" node1 'drbdadm role r0; drbdadm dstate r0' 'UpToDate/DUnknown'
on node1 "sed -n 's/.*oos:\\([0-9]*\\).*/\\1/p' /proc/drbd"; oos_kib=$OUT
echo "    out of sync on node1: ${oos_kib} KiB"
check "the bitmap marks blocks written while disconnected" test "${oos_kib:-0}" -gt 0

step "link restored: bitmap resync"
link_restore node2
expect_ok "node2 reconnects and resyncs" node2 'timeout 120 drbdadm wait-sync r0'
expect_ok "node1 Connected UpToDate/UpToDate" node1 \
	'timeout 30 drbdadm wait-sync r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
expect_ok "the resync was a bitmap resync (rule 6), not full" node1 \
	'dmesg | grep "source-bitmap"'
on node2 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'; rs_kib=$OUT
on node2 'echo $(( $(blockdev --getsize64 /dev/drbd0) / 1024 ))'; dev_kib=$OUT
written_kib=$((160 * 64))
echo "    written by the application: ${written_kib} KiB (part before the cut)"
echo "    resynced: ${rs_kib} KiB; device ${dev_kib} KiB"
check "something was resynced" test "${rs_kib:-0}" -gt 0
check "resync moved at most what was written (${rs_kib} <= ${written_kib} KiB)" \
	test "${rs_kib:-999999}" -le "$written_kib"
check "resync moved under 5% of the device" test $(( ${rs_kib:-999999} * 20 )) -lt "${dev_kib:-0}"
data_sums node1 node2; s1=$SUM1 s2=$SUM2
echo "    data area md5: node1 $s1, node2 $s2"
expect_eq "data areas identical after the resync" "$s2" "$s1"

# A WriteAck means the write completed on the peer, which with a volatile
# disk cache is not yet stable storage.  node1 keeps each write node2
# acknowledged until node2's FlushAck (a disk flush, flush_ack_ms after
# the ack) covers it, and marks the uncovered ones out of sync when the
# link breaks: node2 may have lost its power and its cache with them.
oos_kib() { on node1 "sed -n 's/.*oos:\\([0-9]*\\).*/\\1/p' /proc/drbd"; }
step "acknowledged but not confirmed flushed by the peer: resynced after a break"
on node2 'echo 60000 > /sys/module/drbd/parameters/flush_ack_ms'
expect_ok "node1 writes 32 blocks of 4 KiB while connected" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=32 seek=50000 oflag=direct 2>/dev/null && drbdadm cstate r0' '^Connected$'
oos_kib
expect_eq "nothing out of sync while connected" "$OUT" 0
link_cut node2
wait_cstate node1 '^Connecting' 30
oos_kib
expect_eq "node1 marked the 32 writes node2 had not confirmed (128 KiB)" "$OUT" 128
link_restore node2
expect_ok "node2 reconnects and resyncs them" node2 'timeout 120 drbdadm wait-sync r0'
on node2 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'
expect_eq "the resync moved those 128 KiB" "$OUT" 128
on node2 'echo 100 > /sys/module/drbd/parameters/flush_ack_ms'
expect_ok "node1 writes 32 more blocks; node2 flushes and confirms within 100 ms" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=32 seek=51000 oflag=direct 2>/dev/null && sleep 1 && drbdadm cstate r0' '^Connected$'
link_cut node2
wait_cstate node1 '^Connecting' 30
oos_kib
expect_eq "confirmed writes are not marked at a break" "$OUT" 0
link_restore node2
expect_ok "node2 reconnects" node2 'timeout 120 drbdadm wait-sync r0'

# An orderly disconnect does not wait for flush_ack_ms: node2 flushes and
# confirms what it acknowledged before it says goodbye, and node1 reads
# its meta socket to the end before it marks anything.
step "node2 disconnects cleanly with writes not yet confirmed: confirmed on the way out"
on node2 'echo 60000 > /sys/module/drbd/parameters/flush_ack_ms'
expect_ok "node1 writes 32 blocks of 4 KiB while connected" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=32 seek=52000 oflag=direct 2>/dev/null && drbdadm cstate r0' '^Connected$'
expect_ok "node2: drbdadm disconnect r0 (at once, long before flush_ack_ms)" node2 \
	'drbdadm disconnect r0 && drbdadm cstate r0' '^StandAlone$'
wait_cstate node1 '^Connecting' 30
oos_kib
expect_eq "node1 marked nothing out of sync (node2 confirmed all 32 writes)" "$OUT" 0
on node2 'echo 100 > /sys/module/drbd/parameters/flush_ack_ms'
expect_ok "node2 connects again, nothing to resync" node2 \
	'drbdadm connect r0 && timeout 120 drbdadm wait-sync r0 && drbdadm status r0' 'peer-disk:UpToDate'
data_sums node1 node2
expect_eq "data areas identical at the end" "$SUM2" "$SUM1"
