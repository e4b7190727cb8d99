#!/bin/bash
# Issue 3, acceptance 5 and 6, and liveness:
#  - a wrong shared secret is refused and logged, no data exchanged; the
#    right one connects;
#  - a silent peer (QMP stop) is declared dead within ping-int +
#    ping-timeout, and the Primary carries on;
#  - protocol C: a write waits while the Secondary is frozen;
#    protocol A: it does not; protocol B works (writes replicate).
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 256M || exit 1

step "shared secret"
repl_conf node1 'cram-hmac-alg sha256; shared-secret "right-secret";'
repl_conf node2 'cram-hmac-alg sha256; shared-secret "wrong-secret";'
for vm in node1 node2; do
	require "create-md and up on $vm" "$vm" 'drbdadm create-md --force r0 </dev/null && drbdadm up r0'
done
sleep 6
expect_ok "node1 stays unconnected with a wrong secret" node1 'drbdadm cstate r0' '^Connecting$'
expect_ok "node2 stays unconnected with a wrong secret" node2 'drbdadm cstate r0' '^Connecting$'
expect_ok "the refusal is logged" node1 \
	'dmesg | grep -m1 "peer authentication failed: wrong shared secret"'
expect_ok "no handshake happened (no data exchanged)" node1 \
	'! dmesg | grep -q "handshake done"'
repl_conf node2 'cram-hmac-alg sha256; shared-secret "right-secret";'
expect_ok "node2 with the right secret" node2 'drbdadm down r0 && drbdadm up r0'
expect_ok "connected now" node1 'timeout 30 drbdadm wait-connect r0 && drbdadm cstate r0' '^Connected$'
expect_ok "authentication is logged" node2 'dmesg | grep -m1 "peer authenticated (hmac(sha256))"'

step "initial sync"
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "sync finishes" node2 'timeout 300 drbdadm wait-sync r0'

step "dead peer detection (ping-int 1 s, ping-timeout 1 s)"
# node1's clock just before the freeze, and when its log says "lost"
on node1 'cut -d" " -f1 /proc/uptime'; t0=$OUT
qmp node2 stop >/dev/null
wait_cstate node1 '^Connecting$' 30
expect_eq "node1 declares the frozen peer dead" "$OUT" Connecting
on node1 'dmesg | sed -n "s/^\[ *\([0-9.]*\)\] drbd r0: connection lost: peer did not answer a ping.*/\1/p" | tail -1'
t1=$OUT
dt=$(echo "${t1:-999} - ${t0:-0}" | bc)
echo "    detected ${dt}s after the freeze by node1's clock (configured: ping-int 1 s + ping-timeout 1 s)"
check "within 3.5 s (configured 2 s, plus up to 1 s of ping phase and agent latency)" \
	test "$(echo "$dt < 3.5" | bc)" = 1
expect_ok "the Primary carries on alone" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=64 seek=1000 oflag=direct,sync 2>&1 | tail -1'
qmp node2 cont >/dev/null
expect_ok "node2 thaws, reconnects and resyncs" node2 'timeout 120 drbdadm wait-sync r0'

# proto_cycle LETTER: reconfigure both nodes for protocol LETTER with a slow
# dead-peer detection (ping-int 10 s), so a frozen peer stays "connected"
proto_cycle() {
	REPL_PROTOCOL=$1
	REPL_NET='ping-int 10; ping-timeout 50; timeout 30; ko-count 4; connect-int 1;'
	repl_conf node1
	repl_conf node2
	on node1 'drbdadm down r0'
	on node2 'drbdadm down r0'
	expect_ok "up with protocol $1" node2 'drbdadm up r0'
	expect_ok "node1 up, Primary again" node1 \
		'drbdadm up r0 && timeout 30 drbdadm wait-connect r0 && drbdadm primary r0 && cat /proc/drbd' " $1 r-----"
	expect_ok "protocol $1: no resync needed (same generation)" node1 \
		'timeout 30 drbdadm wait-sync r0 && drbdadm dstate r0' '^UpToDate/UpToDate$'
}

# frozen_write: one 4 KiB O_DIRECT write on node1 while node2 is frozen;
# prints the seconds it took (the peer is thawed after 6 s)
frozen_write() {
	local out=$LAB_RUN_DIR/frozen-write.out s e
	qmp node2 stop >/dev/null
	sleep 0.5
	# busybox date has no %N: time it with /proc/uptime (10 ms steps)
	vm_exec node1 'cut -d" " -f1 /proc/uptime; dd if=/dev/urandom of=/dev/drbd0 bs=4k count=1 seek=3000 oflag=direct 2>/dev/null; cut -d" " -f1 /proc/uptime' >"$out" 2>&1 &
	local pid=$!
	sleep 6
	qmp node2 cont >/dev/null
	wait $pid
	s=$(sed -n 1p "$out")
	e=$(sed -n 2p "$out")
	echo "(${e:-0} - ${s:-0}) * 1000 / 1" | bc
}

step "protocol C: writes wait for the frozen Secondary"
proto_cycle C
ms=$(frozen_write | tail -1)
echo "    protocol C write took ${ms} ms with the Secondary frozen for 6 s"
check "protocol C write waited (>= 4000 ms)" test "${ms:-0}" -ge 4000

step "protocol A: writes do not wait"
expect_ok "node2 back in sync" node2 'timeout 120 drbdadm wait-sync r0'
proto_cycle A
ms=$(frozen_write | tail -1)
echo "    protocol A write took ${ms} ms with the Secondary frozen for 6 s"
check "protocol A write did not wait (< 2000 ms)" test -n "$ms" -a "${ms:-99999}" -lt 2000
expect_ok "protocol A: the write reaches node2 after the thaw" node2 'timeout 120 drbdadm wait-sync r0'

step "protocol B"
proto_cycle B
expect_ok "protocol B writes" node1 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=64k count=32 seek=200 oflag=direct 2>&1 | tail -1'
ms=$(frozen_write | tail -1)
echo "    protocol B write took ${ms} ms with the Secondary frozen for 6 s (its receiver cannot ack)"
expect_ok "node2 back in sync" node2 'timeout 120 drbdadm wait-sync r0'
on node1 'sync'
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "data areas identical after A, B and C" "$s2" "$s1"
