#!/bin/bash
# Issue 3, activity log: a Primary that crashes mid-load resyncs only its
# hot extents (4 MiB each, at most 64) when it comes back, not the whole
# device, and ends with the same data as the new Primary.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

lab_start --vms 2 --disk 256M || exit 1
repl_conf node1
repl_conf node2
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 300 drbdadm wait-sync r0'

step "node1 crashes while writing to the first 32 MiB"
on node1 '(ackcheck write --dev /dev/drbd0 --blocks 8192 --qd 8 --seconds 120 --log /dev/null >/dev/null 2>&1 &)'
sleep 5
qmp node1 quit >/dev/null
wait_cstate node2 '^Connecting$' 30
expect_eq "node2 notices" "$OUT" Connecting
expect_ok "promote node2" node2 'drbdadm primary r0'
expect_ok "node2 writes 1 MiB elsewhere" node2 \
	'dd if=/dev/urandom of=/dev/drbd0 bs=64k count=16 seek=3000 oflag=direct 2>&1 | tail -1'

step "node1 comes back"
vm_boot node1
repl_conf node1
expect_ok "node1 up" node1 'drbdadm up r0'
expect_ok "attach marks the activity log's hot extents" node1 'dmesg' \
	'crashed Primary: [0-9]+ hot extents of the activity log marked out of sync'
on node1 'dmesg | grep "hot extents"'; echo "    $OUT"
expect_ok "node1 resyncs as target" node1 'timeout 300 drbdadm wait-sync r0'
on node1 'dmesg | sed -n "s/.*resync done: \([0-9]*\) KiB moved.*/\1/p" | tail -1'; rs=$OUT
echo "    node1 resynced ${rs} KiB of 262100 KiB"
check "only the hot extents and node2's writes moved (${rs} KiB <= 64 MiB)" \
	test "${rs:-999999}" -le 65536
check "something moved" test "${rs:-0}" -gt 0
data_sums node1 node2; s1=$SUM1 s2=$SUM2
expect_eq "data areas identical" "$s2" "$s1"
