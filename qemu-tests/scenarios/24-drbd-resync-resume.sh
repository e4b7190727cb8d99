#!/bin/bash
# Issue 3, acceptance 4: the SyncTarget restarts (QMP quit, boot) during
# the initial full sync; the sync resumes where it was (the bitmaps are
# persisted every second and the generation identifiers say "bitmap
# resync", not "full"), and the data is identical at the end.  Then a
# link cut during a resync, and pause-sync/resume-sync: a resync paused
# on the SyncTarget (before it starts) and on the SyncSource (midway)
# shows PausedSyncT/PausedSyncS with resync-suspended:user|peer on both
# nodes, moves nothing, resumes only on the node that paused it.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 256M || exit 1
# slow enough to interrupt: about 8 MiB/s, about 30 s for 256 MiB
repl_conf node1 '' 'c-max-rate 8M;'
repl_conf node2 '' 'c-max-rate 8M;'
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
expect_ok "node2 is SyncTarget" node2 \
	'for i in $(seq 50); do drbdadm cstate r0 | grep -q SyncTarget && exit 0; sleep 0.2; done; exit 1'
sleep 10
on node2 'cat /proc/drbd'; echo "$OUT" | sed 's/^/    /'
qmp node2 quit >/dev/null
wait_cstate node1 '^Connecting$' 30
expect_eq "node1 notices the target is gone" "$OUT" Connecting
on node1 "sed -n 's/.*oos:\\([0-9]*\\).*/\\1/p' /proc/drbd"; left1=$OUT
echo "    out of sync on node1 when the target died: ${left1} KiB of 262100"

step "target restarts"
vm_boot node2
repl_conf node2 '' 'c-max-rate 8M;'
expect_ok "node2 up again (no create-md)" node2 'drbdadm up r0'
expect_ok "node2 reconnects" node2 'timeout 60 drbdadm wait-connect r0'
expect_ok "the resync resumes as a bitmap resync" node1 'dmesg | tail -20' 'source-bitmap'
on node2 "sed -n 's/.*oos:\\([0-9]*\\).*/\\1/p' /proc/drbd"; left2=$OUT
echo "    out of sync on node2 after the restart: ${left2} KiB"
check "node2 kept its progress (${left2} < 262100 KiB)" test "${left2:-262100}" -lt 262100
check "not more than 10% above what node1 had left" \
	test "${left2:-999999}" -le $(( ${left1:-0} + 26210 ))
expect_ok "the resync finishes" node2 'timeout 300 drbdadm wait-sync r0'
on node2 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'
echo "    second part of the resync moved ${OUT} KiB"
check "second part moved less than the whole device" test "${OUT:-262100}" -lt 262100
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "data areas identical" "$s2" "$s1"

step "link cut during a resync, restored"
# a SyncTarget with requests in flight loses its peer: both sides must
# notice, reconnect when the link is back, and finish the resync
expect_ok "node2 disconnects" node2 'drbdadm disconnect r0'
expect_ok "node1 writes 64 MiB alone" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=1M count=64 seek=100 oflag=direct 2>&1 | tail -1'
expect_ok "node2 connects again" node2 'drbdadm connect r0'
expect_ok "node2 is SyncTarget" node2 \
	'for i in $(seq 50); do drbdadm cstate r0 | grep -q SyncTarget && exit 0; sleep 0.2; done; exit 1'
sleep 3
link_cut node2
wait_cstate node1 '^Connecting$' 30
expect_eq "node1 notices the cut link" "$OUT" Connecting
wait_cstate node2 '^Connecting$' 30
expect_eq "node2 notices the cut link" "$OUT" Connecting
link_restore node2
expect_ok "both reconnect once the link is back" node2 'timeout 60 drbdadm wait-connect r0'
expect_ok "the resync finishes" node2 'timeout 120 drbdadm wait-sync r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "data areas identical after the interrupted resync" "$s2" "$s1"

step "pause-sync and resume-sync: a resync paused on either node"
oos2() { on node2 "sed -n 's/.*oos:\\([0-9]*\\).*/\\1/p' /proc/drbd"; }
expect_ok "node2 disconnects" node2 'drbdadm disconnect r0'
expect_ok "node1 writes 64 MiB alone" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=1M count=64 seek=180 oflag=direct 2>&1 | tail -1'
expect_ok "node2: pause-sync with no resync running (the next one starts paused)" node2 \
	'drbdadm pause-sync r0'
expect_fail "a second pause-sync says it is paused already" node2 'drbdadm pause-sync r0' \
	'already paused'
expect_ok "node2 connects: PausedSyncT, resync-suspended:user" node2 \
	'drbdadm connect r0; for i in $(seq 50); do drbdadm status r0 | grep -q "replication:PausedSyncT .*resync-suspended:user" && exit 0; sleep 0.2; done; drbdadm status r0; exit 1'
expect_ok "node1: PausedSyncS, resync-suspended:peer; /proc/drbd cs:PausedSyncS, flag p" node1 \
	'drbdadm status r0 | grep "replication:PausedSyncS .*resync-suspended:peer" && grep "cs:PausedSyncS .* r-p---" /proc/drbd'
oos2; a=$OUT; sleep 3; oos2; b=$OUT
echo "    node2 out of sync: ${a} KiB, 3 s later ${b} KiB"
check "nothing moves while paused (${a:-?} KiB both times, about 64 MiB)" \
	bash -c "[ '${a:-x}' = '${b:-y}' ] && [ '${a:-0}' -ge 65536 ]"
expect_fail "resume-sync on node1 is refused: node2 paused it" node1 'drbdadm resume-sync r0' \
	"paused on the peer; run 'drbdadm resume-sync r0' there"
expect_ok "node2: resume-sync; the resync runs (SyncTarget)" node2 \
	'drbdadm resume-sync r0; for i in $(seq 50); do drbdadm cstate r0 | grep -qx SyncTarget && exit 0; sleep 0.2; done; exit 1'
sleep 2
expect_ok "node1 (the SyncSource) pauses it: PausedSyncS, resync-suspended:user" node1 \
	'drbdadm pause-sync r0 && drbdadm status r0' 'PausedSyncS .*resync-suspended:user'
expect_ok "node2: PausedSyncT, resync-suspended:peer" node2 \
	'for i in $(seq 25); do drbdadm status r0 | grep -q "replication:PausedSyncT .*resync-suspended:peer" && exit 0; sleep 0.2; done; drbdadm status r0; exit 1'
sleep 1; oos2; a=$OUT; sleep 3; oos2; b=$OUT
echo "    node2 out of sync: ${a} KiB, 3 s later ${b} KiB"
check "part of it was synced before, nothing moves now (${a:-?} KiB both times)" \
	bash -c "[ '${a:-x}' = '${b:-y}' ] && [ '${a:-0}' -lt 65536 ] && [ '${a:-0}' -gt 0 ]"
expect_ok "node1: resume-sync; the resync finishes" node1 \
	'drbdadm resume-sync r0 && timeout 120 drbdadm wait-sync r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
expect_fail "resume-sync when nothing is paused says so" node1 'drbdadm resume-sync r0' 'not paused'
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "data areas identical after the paused resync" "$s2" "$s1"
