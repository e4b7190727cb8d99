#!/bin/bash
# Issue 3, acceptance 1: two nodes connect (Secondary/Secondary, the
# generation identifiers decide: no sync between two new disks),
# 'primary --force' on node1 starts a full sync of the 256 MiB device
# while an application writes; progress shows in 'drbdadm status' and
# /proc/drbd; afterwards the data areas of both lower devices are
# identical.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 256M || exit 1
repl_conf node1 '' 'c-max-rate 20M;'
repl_conf node2 '' 'c-max-rate 20M;'

step "connect"
repl_up_both
expect_ok "node1: Connected, both Secondary" node1 'cat /proc/drbd' \
	'cs:Connected ro:Secondary/Secondary ds:Inconsistent/Inconsistent C'
expect_ok "node2: dstate Inconsistent/Inconsistent" node2 'drbdadm dstate r0' \
	'^Inconsistent/Inconsistent$'
expect_ok "the log names the rule that decided (both new: no sync)" node1 \
	'dmesg | grep "rule 1"'

step "primary --force starts the full sync"
expect_ok "primary --force on node1" node1 'drbdadm primary --force r0'
expect_ok "node1 is SyncSource" node1 \
	'for i in $(seq 50); do drbdadm cstate r0 | grep -q Sync && break; sleep 0.1; done; drbdadm cstate r0' \
	'^SyncSource$'
on node1 'dd if=/dev/urandom of=/root/app bs=1M count=16 2>/dev/null; dd if=/root/app of=/dev/drbd0 bs=1M seek=100 oflag=direct 2>&1 | tail -1'
expect_eq "the application writes during the sync" "$RC" 0
expect_ok "status shows the peer and done:" node1 'drbdadm status r0' \
	'replication:SyncSource peer-disk:Inconsistent done:[0-9]+\.[0-9]{2}'
expect_ok "status on the target" node2 'drbdadm status r0' \
	'replication:SyncTarget peer-disk:UpToDate done:'
expect_ok "/proc/drbd shows the 8.4 progress bar" node2 'cat /proc/drbd' \
	"\[[=>.]{20}\] sync'ed: [0-9]+\.[0-9]% \([0-9]+/[0-9]+\)K"
expect_ok "/proc/drbd shows finish and speed" node2 'cat /proc/drbd' \
	'finish: [0-9]+:[0-9]{2}:[0-9]{2} speed: [0-9,]+ \([0-9,]+\) K/sec'
on node1 'cat /proc/drbd'; echo "$OUT" | sed 's/^/    /'

step "sync finishes"
expect_ok "wait-sync on node2" node2 'timeout 300 drbdadm wait-sync r0'
expect_ok "node2 dstate UpToDate/UpToDate" node2 'drbdadm dstate r0' '^UpToDate/UpToDate$'
expect_ok "node1 status: peer UpToDate" node1 'drbdadm status r0' 'peer-disk:UpToDate'
expect_ok "node1 /proc/drbd Connected Primary/Secondary UpToDate/UpToDate" node1 \
	'cat /proc/drbd' 'cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C'
expect_ok "node1 oos:0 after the sync" node1 'cat /proc/drbd' 'oos:0$'
on node2 'dmesg | grep "resync done"'; echo "    node2: $OUT"

step "data identical"
expect_ok "the application data is on node1" node1 \
	'a=$(dd if=/dev/drbd0 bs=1M skip=100 count=16 iflag=direct 2>/dev/null | md5sum); b=$(md5sum < /root/app); echo "$a $b"; [ "$a" = "$b" ]'
data_sums node1 node2; s1=$SUM1 s2=$SUM2
echo "    node1 data area md5 $s1, node2 $s2"
check "data areas are checksummed" test -n "$s1" -a ${#s1} -eq 32
expect_eq "data areas of both lower devices are identical" "$s2" "$s1"

step "activity log size: disk { al-extents N; }"
# /proc/drbd's al: counts the Primary's activity-log (and bitmap) writes.
# One 4 KiB write to each of 16 extents, two rounds: with the default 64
# hot extents the second round finds all 16 hot; with al-extents 8 each
# write evicts the least recently used and writes the log again.
al_second_round() {
	on node1 'w() { for i in $(seq 0 15); do dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 seek=$((i * 1024 + 7)) oflag=direct 2>/dev/null || exit 1; done; }
		al() { sed -n "s/.* al:\([0-9]*\) .*/\1/p" /proc/drbd; }
		w; a=$(al); w; b=$(al); echo $((b - a))'
}
expect_ok "node1 logged the default: 64 extents" node1 'dmesg' \
	'activity log: 64 extents of 4 MiB \(al-extents\), at most 256 MiB to resync'
al_second_round
expect_eq "64 hot extents: the second round over 16 extents writes no log" "$OUT" 0
repl_conf node2 '' 'c-max-rate 20M; al-extents 5;'
expect_ok "node2: down" node2 'drbdadm down r0'
expect_fail "al-extents 5 is refused with the file and line" node2 'drbdadm up r0 2>&1' \
	"/etc/drbd.conf:5: al-extents '5' is not a number of extents from 7 to 65534"
expect_fail "and nothing was brought up" node2 'drbdadm role r0'
repl_conf node2 '' 'c-max-rate 20M; al-extents 3389;'
expect_ok "al-extents 3389: up says the log holds at most 1019" node2 'drbdadm up r0 2>&1' \
	'al-extents is above the 1019 extents \(3\.98 GiB\) this version.s activity log holds; using 1019'
expect_ok "node2's kernel uses 1019 extents" node2 'dmesg | grep "activity log:" | tail -1' \
	'activity log: 1019 extents of 4 MiB'
repl_conf node1 '' 'c-max-rate 20M; al-extents 8;'
expect_ok "node1: secondary, down, up with al-extents 8, primary" node1 \
	'drbdadm secondary r0 && drbdadm down r0 && drbdadm up r0 && timeout 60 drbdadm wait-connect r0 && drbdadm primary r0 && drbdadm dstate r0' \
	'^UpToDate/UpToDate$'
expect_ok "node1's kernel uses 8 extents" node1 'dmesg | grep "activity log:" | tail -1' \
	'activity log: 8 extents of 4 MiB \(al-extents\), at most 32 MiB'
al_second_round
n=$OUT
check "8 hot extents: every write of the second round wrote the log ($n of 16)" \
	test "${n:-0}" -ge 16
expect_ok "nothing out of sync after the rounds" node1 'cat /proc/drbd' 'oos:0$'

step "down"
expect_ok "down on node1" node1 'drbdadm secondary r0 && drbdadm down r0'
expect_ok "node2 notices: Connecting" node2 \
	'for i in $(seq 50); do drbdadm cstate r0 | grep -q Connecting && exit 0; sleep 0.2; done; drbdadm cstate r0; exit 1'
expect_ok "down on node2" node2 'drbdadm down r0 && rmmod drbd'
