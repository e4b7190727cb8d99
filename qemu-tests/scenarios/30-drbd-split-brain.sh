#!/bin/bash
# Issue 4, acceptance 2: split brain and its manual recovery.  The link
# is cut, both nodes are Primary and write different blocks (some the
# same); when the link comes back both detect split brain, go StandAlone
# and stay there, and neither lower device changes.  Recovery as users
# type it (both spellings of --discard-my-data, one per round): the
# discarding node becomes SyncTarget, resyncs exactly the blocks changed
# on either side, and ends with the survivor's data.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 64M || exit 1
repl_conf node1
repl_conf node2

step "a synced pair"
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 300 drbdadm wait-sync r0'

oos_kib() { on "$1" "sed -n 's/.*oos:\\([0-9]*\\).*/\\1/p' /proc/drbd"; }
handshakes() { on "$1" 'dmesg | grep -c "handshake done"'; }

# split_brain SURVIVOR VICTIM: cut the link, make both Primary, write
# 4 KiB blocks 2000..2031 on the survivor and 2024..2071 on the victim
# (8 in common: 72 distinct blocks, 288 KiB), restore the link.
split_brain() {
	local sv=$1 vi=$2 s_sv s_vi h_sv h_vi
	step "split brain: $sv and $vi both Primary while cut off"
	on "$sv" 'dmesg -c >/dev/null'
	on "$vi" 'dmesg -c >/dev/null'
	require "$vi Secondary, $sv Primary before the cut" "$vi" 'drbdadm secondary r0'
	require "$sv Primary" "$sv" 'drbdadm primary r0 && drbdadm role r0' '^Primary$'
	link_cut "$vi"
	for vm in "$sv" "$vi"; do
		expect_ok "$vm notices the lost peer" "$vm" \
			'for i in $(seq 150); do drbdadm cstate r0 | grep -q Connecting && exit 0; sleep 0.2; done; drbdadm cstate r0; exit 1'
	done
	expect_ok "$vi becomes Primary without its peer" "$vi" 'drbdadm primary r0 && drbdadm role r0' '^Primary$'
	expect_ok "$sv writes 32 blocks" "$sv" \
		'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=32 seek=2000 oflag=direct'
	expect_ok "$vi writes 48 blocks" "$vi" \
		'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=48 seek=2024 oflag=direct'
	oos_kib "$sv"; check "$sv marks its bitmap while Primary alone (oos $OUT KiB = 128)" test "$OUT" = 128
	oos_kib "$vi"; check "$vi marks its bitmap while Primary alone (oos $OUT KiB = 192)" test "$OUT" = 192
	data_sums "$sv" "$vi"; s_sv=$SUM1 s_vi=$SUM2
	check "the two data areas differ" test "$s_sv" != "$s_vi"
	handshakes "$sv"; h_sv=$OUT
	handshakes "$vi"; h_vi=$OUT

	link_restore "$vi"
	for vm in "$sv" "$vi"; do
		expect_ok "$vm detects split brain and names the rule" "$vm" \
			'for i in $(seq 150); do dmesg | grep -q "split brain detected (rule 8)" && exit 0; sleep 0.2; done; exit 1'
	done
	# a few connect-int periods: a reconnect loop would show here
	sleep 5
	for vm in "$sv" "$vi"; do
		expect_ok "$vm is StandAlone" "$vm" 'drbdadm cstate r0' '^StandAlone$'
		expect_ok "$vm status says split brain and how to recover" "$vm" 'drbdadm status r0 | tr "\\n" " "' \
			'split-brain \(rule 8\).*drbdadm disconnect r0; drbdadm secondary r0; drbdadm connect --discard-my-data r0.*drbdadm connect r0'
		expect_ok "$vm kept its role and disk" "$vm" 'echo $(drbdadm role r0) $(drbdadm dstate r0)' '^Primary UpToDate/DUnknown$'
	done
	handshakes "$sv"; check "$sv made no further handshake attempts ($OUT after split brain, $((h_sv + 1)) expected)" test "$OUT" = $((h_sv + 1))
	handshakes "$vi"; check "$vi made no further handshake attempts ($OUT after split brain, $((h_vi + 1)) expected)" test "$OUT" = $((h_vi + 1))
	data_sums "$sv" "$vi"
	expect_eq "$sv lower device unchanged" "$SUM1" "$s_sv"
	expect_eq "$vi lower device unchanged" "$SUM2" "$s_vi"
	SB_SURVIVOR_SUM=$s_sv
}

# recover SURVIVOR VICTIM CONNECT-COMMAND
recover() {
	local sv=$1 vi=$2 cmd=$3 rs
	step "recovery: $vi discards its changes ($cmd)"
	on "$vi" 'dmesg -c >/dev/null'
	on "$sv" 'dmesg -c >/dev/null'
	expect_ok "$vi: disconnect, secondary, $cmd" "$vi" \
		"drbdadm disconnect r0 && drbdadm secondary r0 && $cmd"
	expect_ok "$sv: drbdadm connect r0" "$sv" 'drbdadm connect r0'
	expect_ok "$vi resyncs and is UpToDate" "$vi" \
		'timeout 120 drbdadm wait-sync r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
	expect_ok "$sv is Connected UpToDate/UpToDate" "$sv" \
		'timeout 30 drbdadm wait-sync r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
	expect_ok "$vi was the bitmap SyncTarget (rule 8 + --discard-my-data)" "$vi" \
		'dmesg | grep "target-bitmap (rule 8"'
	on "$vi" 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'; rs=$OUT
	echo "    resync: ${rs} KiB; blocks changed on either side: 72 x 4 KiB = 288 KiB"
	expect_eq "resync size = blocks changed on either side" "$rs" 288
	data_sums "$sv" "$vi"
	expect_eq "$sv kept its writes" "$SUM1" "$SB_SURVIVOR_SUM"
	expect_eq "$vi now holds the survivor's data" "$SUM2" "$SB_SURVIVOR_SUM"
	expect_ok "status on $vi no longer mentions split brain" "$vi" \
		'drbdadm status r0 >/tmp/st && ! grep split-brain /tmp/st'
}

split_brain node1 node2
recover node1 node2 'drbdadm connect --discard-my-data r0'
split_brain node2 node1
recover node2 node1 'drbdadm --discard-my-data connect r0'
