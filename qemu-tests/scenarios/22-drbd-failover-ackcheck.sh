#!/bin/bash
# Issue 3, acceptance 2: protocol C keeps every acknowledged write.
# ackcheck writes on the Primary and logs each acknowledged block to the
# serial console (kept by the lab when the VM dies).  Then either
#  - kill: the Primary VM is powered off (QMP quit) mid-load, or
#  - link: the Primary's link is cut mid-load, and once the Secondary
#    noticed, the Primary is powered off (as a fence would do);
# the Secondary is promoted and verifies every acknowledged block.  In the
# link case the acks that count are those logged before the Primary itself
# logged "connection lost": after that it was alone, and its later acks
# are by design not on the peer (the count is reported).
# Each variant runs REPL_ROUNDS times (5) with different load durations;
# the old Primary rejoins as SyncTarget and the roles swap every round.
# After a kill it rejoins with its metadata (its activity log bounds the
# resync); after a link cut it wrote alone, so both sides changed the data
# (split brain, which fencing prevents in a cluster): it rejoins with
# `connect --discard-my-data`, i.e. its lone writes are discarded by a
# resync of the blocks changed on either side.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

ROUNDS=${REPL_ROUNDS:-5}
TIMINGS=(2 5 3 7 4 1.5 6 4 2.5 6)

lab_start --vms 2 --disk 256M || exit 1
repl_conf node1
repl_conf node2
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 300 drbdadm wait-sync r0'

P=node1
S=node2
SUMMARY=()

# acks of round $1 from $P's console: after the marker, complete lines
# only; with $2 = link, only those before "connection lost"
extract_acks() {
	local log=$LAB_RUN_DIR/console-$P.log
	tr -d '\r' <"$log" | awk -v m="ACKRUN-$1" -v link="$2" '
		$0 == m { on = 1; n = 0; after = 0; delete a; next }
		!on { next }
		link == "link" && /drbd r0: connection lost/ { stop = 1 }
		/^run [0-9a-f]+ blocks [0-9]+ bs [0-9]+$/ { a[n++] = $0; next }
		/^ack [0-9]+ [0-9]+ [0-9a-f]+$/ { if (stop) after++; else a[n++] = $0 }
		END {
			# the last line may have been cut by the power-off
			for (i = 0; i < n - 1; i++) print a[i]
			print "# after " after > "/dev/stderr"
		}'
}

round() {
	local mode=$1 i=$2 t=$3 acks after n
	step "round $i ($mode): Primary $P, load for ${t}s"
	on "$P" "echo ACKRUN-$i > /dev/ttyS0; (ackcheck write --dev /dev/drbd0 --blocks 8192 --qd 8 --seconds 120 --log /dev/ttyS0 >/root/ackcheck.out 2>&1 &)"
	sleep "$t"
	if [ "$mode" = link ]; then
		link_cut "$P"
		wait_cstate "$S" '^Connecting' 30
		expect_eq "$S notices the cut link" "$OUT" Connecting
		sleep 1
	fi
	qmp "$P" quit >/dev/null
	if [ "$mode" = kill ]; then
		wait_cstate "$S" '^Connecting' 30
		expect_eq "$S notices the dead Primary" "$OUT" Connecting
	fi
	expect_ok "promote $S" "$S" 'drbdadm primary r0'
	acks=$(extract_acks "$i" "$mode" 2>"$LAB_RUN_DIR/after-$i")
	after=$(sed -n 's/^# after //p' "$LAB_RUN_DIR/after-$i")
	n=$(grep -c '^ack ' <<<"$acks")
	echo "    acknowledged writes to check: $n (acked by the lone Primary after it lost the peer: ${after:-0})"
	check "round $i has acknowledged writes" test "$n" -gt 0
	printf '%s\n' "$acks" | put_file "$S" /root/acks
	expect_ok "round $i: every acknowledged write is on $S" "$S" \
		'ackcheck verify --dev /dev/drbd0 --acks /root/acks 2>&1 | tail -3'
	echo "$OUT" | sed 's/^/    /'
	SUMMARY+=("$mode round $i: load ${t}s, $n acks checked, verify rc=$RC, lone-primary acks ${after:-0}")

	# the old Primary comes back as SyncTarget
	[ "$mode" = link ] && link_restore "$P"
	vm_boot "$P"
	repl_conf "$P"
	if [ "$mode" = link ]; then
		# both sides wrote: split brain, recovered as users do it
		expect_ok "$P rejoins discarding its lone writes" "$P" \
			'drbdadm attach r0 && drbdadm connect --discard-my-data r0 && timeout 300 drbdadm wait-sync r0'
		expect_ok "$P was a bitmap SyncTarget (split brain resolved by --discard-my-data: rule 8)" "$P" \
			'dmesg | grep -o "target-bitmap (rule [0-9]*" | tail -1' 'rule 8'
	else
		expect_ok "$P rejoins" "$P" 'drbdadm up r0 && timeout 300 drbdadm wait-sync r0'
	fi
	on "$P" 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'
	echo "    $P rejoined, resynced ${OUT} KiB"
	[ "$mode" = kill ] && check "$P resynced only what its activity log names (${OUT:-?} KiB of 262100)" \
		test "${OUT:-262100}" -lt 262100
	SUMMARY[${#SUMMARY[@]}-1]+=", rejoin resync ${OUT} KiB"
	local tmp=$P
	P=$S
	S=$tmp
}

k=0
for mode in kill link; do
	for ((i = 1; i <= ROUNDS; i++)); do
		round "$mode" "$mode-$i" "${TIMINGS[k % ${#TIMINGS[@]}]}"
		k=$((k + 1))
	done
done

step "summary"
printf '    %s\n' "${SUMMARY[@]}"
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "data areas identical at the end" "$s2" "$s1"
