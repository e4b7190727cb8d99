#!/bin/bash
# Issue 4, acceptance 3: automatic split-brain recovery.  One lab, one
# round per policy: both nodes disconnect, node1 was Primary, node2 is
# promoted while apart (the younger Primary), each writes a number of
# blocks, both demote (after-sb-0pri) or node1 stays Primary
# (after-sb-1pri), both connect.  The policy picks the node that
# discards (it resyncs from the other, which keeps its data), or
# refuses: both StandAlone, the split-brain handler is called.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

# asb_conf NET_OPTS: r0 with fast timeouts, NET_OPTS, a split-brain handler
asb_conf() {
	local vm
	for vm in node1 node2; do
		drbd_conf "$vm" - <<EOC
global { usage-count no; }
resource r0 {
	protocol C;
	net { ping-int 1; ping-timeout 10; timeout 30; ko-count 4; connect-int 1; $1 }
	handlers { split-brain "echo \$DRBD_RESOURCE \$DRBD_MINOR \$DRBD_PEER_ADDRESS \$DRBD_PEER_AF \$DRBD_BACKING_DEV \$DRBD_CONF >> /tmp/sb-handler"; }
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
EOC
	done
}

lab_start --vms 2 --disk 32M || exit 1
asb_conf ""
step "a synced pair"
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 300 drbdadm wait-sync r0'

other() { [ "$1" = node1 ] && echo node2 || echo node1; }

# sb_round NET_OPTS N1 N2 KEEP_PRI EXPECT: EXPECT is the node that must
# discard, or "none" when the policy must refuse.
seek=3000
sb_round() {
	local opts=$1 n1=$2 n2=$3 keep=$4 expect=$5 vm sum1 sum2 keep_sum
	step "$opts: node1 writes $n1, node2 $n2 blocks; $([ "$keep" = 1 ] && echo "node1 stays Primary" || echo "both Secondary"); expect: $expect"
	asb_conf "$opts"
	require "node1 Primary, node2 Secondary" node1 'drbdadm primary r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
	for vm in node1 node2; do
		on "$vm" 'dmesg -c >/dev/null; rm -f /tmp/sb-handler'
		require "$vm disconnects" "$vm" 'drbdadm disconnect r0 && drbdadm cstate r0' '^StandAlone$'
	done
	require "node2 becomes Primary while apart" node2 'drbdadm primary r0'
	[ "$n1" -gt 0 ] && require "node1 writes $n1 blocks" node1 \
		"dd if=/dev/urandom of=/dev/drbd0 bs=4k count=$n1 seek=$seek oflag=direct 2>/dev/null"
	[ "$n2" -gt 0 ] && require "node2 writes $n2 blocks" node2 \
		"dd if=/dev/urandom of=/dev/drbd0 bs=4k count=$n2 seek=$((seek + 4)) oflag=direct 2>/dev/null"
	seek=$((seek + 100))
	[ "$keep" = 1 ] || require "node1 Secondary" node1 'drbdadm secondary r0'
	require "node2 Secondary" node2 'drbdadm secondary r0'
	data_sums node1 node2; sum1=$SUM1 sum2=$SUM2
	for vm in node1 node2; do
		require "$vm connects" "$vm" 'drbdadm connect r0'
	done
	for vm in node1 node2; do
		expect_ok "$vm detects split brain (rule 8)" "$vm" \
			'for i in $(seq 150); do dmesg | grep -q "split brain (rule 8)" && exit 0; sleep 0.2; done; exit 1'
	done
	if [ "$expect" = none ]; then
		sleep 3
		for vm in node1 node2; do
			expect_ok "$vm refuses: StandAlone" "$vm" 'drbdadm cstate r0' '^StandAlone$'
			expect_ok "$vm calls the split-brain handler with its environment" "$vm" \
				'for i in $(seq 50); do [ -s /tmp/sb-handler ] && break; sleep 0.1; done; cat /tmp/sb-handler' \
				'^r0 0 10\.99\.0\.1[12] ipv4 /dev/vda /etc/drbd\.conf$'
		done
		data_sums node1 node2
		expect_eq "node1 data unchanged" "$SUM1" "$sum1"
		expect_eq "node2 data unchanged" "$SUM2" "$sum2"
		on node1 'dmesg | grep "split brain (rule 8)" | sed "s/.*: //"'; echo "    node1: $OUT"
		# put the pair back together for the next round
		require "manual recovery: node2 discards" node2 \
			'drbdadm disconnect r0 && drbdadm connect --discard-my-data r0'
		require "node1 connects" node1 'drbdadm disconnect r0 && drbdadm connect r0'
		require "pair in sync again" node2 'timeout 120 drbdadm wait-sync r0'
		return
	fi
	keep_sum=$sum1; [ "$expect" = node1 ] && keep_sum=$sum2
	expect_ok "$expect resyncs as target" "$expect" \
		'timeout 120 drbdadm wait-sync r0 && dmesg | grep -c "target-bitmap"' '^1$'
	expect_ok "$(other "$expect") is the source" "$(other "$expect")" \
		'timeout 60 drbdadm wait-sync r0 && dmesg | grep -c "source-bitmap"' '^1$'
	on "$expect" 'dmesg | grep "split brain (rule 8)" | sed "s/.*: //"'; echo "    $expect: $OUT"
	expect_ok "no split-brain handler when resolved" "$expect" 'test ! -e /tmp/sb-handler'
	data_sums node1 node2
	expect_eq "node1 holds $(other "$expect")'s data" "$SUM1" "$keep_sum"
	expect_eq "node2 holds $(other "$expect")'s data" "$SUM2" "$keep_sum"
}

sb_round "after-sb-0pri discard-zero-changes;" 16 0 0 node2
sb_round "after-sb-0pri discard-zero-changes;" 16 8 0 none
sb_round "after-sb-0pri discard-least-changes;" 16 8 0 node2
sb_round "after-sb-0pri discard-younger-primary;" 8 16 0 node2
sb_round "after-sb-0pri discard-older-primary;" 16 8 0 node1
sb_round "after-sb-0pri discard-node-node1;" 16 8 0 node1
sb_round "after-sb-1pri discard-secondary;" 4 16 1 node2
sb_round "after-sb-0pri discard-least-changes; after-sb-1pri consensus;" 16 4 1 node2
