#!/bin/bash
# Issue 4, acceptance 5: the fence-peer handler.  A test handler records
# its environment and answers with a chosen exit code; node1 (Primary)
# loses node2 by a cut link each round.  Codes 3, 4, 5, 7 and 6 are acted
# on as documented; with resource-and-stonith a write stays frozen while
# the handler runs, and after code 5 until 'drbdadm resume-io'.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/repl.sh"

fence_conf() {
	local vm
	for vm in node1 node2; do
		drbd_conf "$vm" - <<EOC
global { usage-count no; }
resource r0 {
	protocol C;
	net { ping-int 1; ping-timeout 10; timeout 30; ko-count 4; connect-int 1; fencing $1; }
	handlers { fence-peer "/root/fence.sh"; }
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
EOC
	done
}

lab_start --vms 2 --disk 64M || exit 1
fence_conf resource-only
on node1 'cat > /root/fence.sh <<"EOS"
#!/bin/sh
env | grep ^DRBD_ | sort > /tmp/fence-env
sleep $(cat /tmp/fence-sleep 2>/dev/null || echo 0)
exit $(cat /tmp/fence-code)
EOS
chmod +x /root/fence.sh'
step "a synced pair, node1 Primary"
repl_up_both
require "primary --force on node1" node1 'drbdadm primary --force r0'
require "initial sync finishes" node2 'timeout 300 drbdadm wait-sync r0'

# fence_round CODE [SLEEP]: cut node2 off, wait for node1's handler answer
fence_round() {
	local code=$1 sl=${2:-0}
	on node1 "echo $code > /tmp/fence-code; echo $sl > /tmp/fence-sleep; rm -f /tmp/fence-env; dmesg -c >/dev/null"
	link_cut node2
	expect_ok "exit code $code: node1 runs fence-peer and acts on it" node1 \
		"for i in \$(seq 200); do dmesg | grep -q 'fence-peer exit code $code' && exit 0; sleep 0.2; done; dmesg | tail -5; exit 1"
	on node1 "dmesg | sed -n 's/.*fence-peer exit code $code: //p'"; echo "    node1: $OUT"
}
reconnect() {
	link_restore node2
	require "reconnected and in sync" node2 'timeout 120 drbdadm wait-sync r0'
	require "node1 in sync" node1 'timeout 60 drbdadm wait-sync r0'
}

step "resource-only"
fence_round 3
expect_ok "the handler got the documented environment" node1 'cat /tmp/fence-env | tr "\n" " "' \
	'^DRBD_BACKING_DEV=/dev/vda DRBD_CONF=/etc/drbd.conf DRBD_HANDLER=fence-peer DRBD_MINOR=0 DRBD_PEER_ADDRESS=10.99.0.12 DRBD_PEER_AF=ipv4 DRBD_RESOURCE=r0 $'
expect_ok "code 3: the peer is remembered Outdated (get-gi peer-outdated flag)" node1 \
	'drbdadm get-gi r0 | cut -d: -f10' '^1$'
expect_ok "code 3: I/O goes on" node1 'timeout 10 dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 oflag=direct 2>/dev/null'
reconnect
fence_round 4
expect_ok "code 4: peer Outdated, I/O goes on" node1 \
	'drbdadm get-gi r0 | cut -d: -f10 | grep -q 1 && timeout 10 dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 oflag=direct 2>/dev/null'
reconnect
fence_round 5
expect_ok "code 5 (resource-only): I/O goes on, node1 UpToDate" node1 \
	'timeout 10 dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 oflag=direct 2>/dev/null && drbdadm dstate r0' '^UpToDate/'
reconnect
fence_round 7
expect_ok "code 7: I/O goes on" node1 'timeout 10 dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 oflag=direct 2>/dev/null'
reconnect

step "resource-and-stonith"
fence_conf resource-and-stonith
require "node1 reconnects with the new fencing policy" node1 'drbdadm disconnect r0 && drbdadm connect r0 && timeout 60 drbdadm wait-sync r0'
require "node2 in sync" node2 'timeout 60 drbdadm wait-sync r0'
on node1 'echo 7 > /tmp/fence-code; echo 8 > /tmp/fence-sleep; rm -f /tmp/fence-env /tmp/w; dmesg -c >/dev/null'
link_cut node2
expect_ok "the handler starts, I/O frozen" node1 \
	'for i in $(seq 100); do [ -e /tmp/fence-env ] && break; sleep 0.1; done; (dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 oflag=direct 2>/dev/null; echo done > /tmp/w) >/dev/null 2>&1 & sleep 3; drbdadm status r0' 'suspended:fencing'
expect_ok "the write has not completed while the handler runs" node1 'test ! -e /tmp/w'
expect_ok "the write completes once the handler answers (7)" node1 \
	'for i in $(seq 150); do [ -e /tmp/w ] && exit 0; sleep 0.2; done; exit 1'
expect_ok "status no longer suspended" node1 'drbdadm status r0 >/tmp/st; ! grep suspended /tmp/st'
reconnect
on node1 'echo 5 > /tmp/fence-code; echo 0 > /tmp/fence-sleep; rm -f /tmp/w; dmesg -c >/dev/null'
link_cut node2
expect_ok "code 5 with stonith: node1 stays frozen" node1 \
	'for i in $(seq 200); do dmesg | grep -q "fence-peer exit code 5" && break; sleep 0.2; done; (dd if=/dev/zero of=/dev/drbd0 bs=4k count=1 oflag=direct 2>/dev/null; echo done > /tmp/w) >/dev/null 2>&1 & sleep 3; test ! -e /tmp/w && drbdadm status r0' 'resume-io r0'
expect_ok "drbdadm resume-io thaws it" node1 \
	'drbdadm resume-io r0 && for i in $(seq 50); do [ -e /tmp/w ] && exit 0; sleep 0.2; done; exit 1'
expect_fail "resume-io when not frozen says so" node1 'drbdadm resume-io r0' 'not frozen'
reconnect

step "code 6: outdate yourself"
fence_conf resource-only
require "node1 reconnects resource-only" node1 'drbdadm disconnect r0 && drbdadm connect r0 && timeout 60 drbdadm wait-sync r0'
require "node2 in sync" node2 'timeout 60 drbdadm wait-sync r0'
fence_round 6
expect_ok "code 6: node1's data is marked Outdated" node1 'drbdadm dstate r0' '^Outdated/'
expect_ok "get-gi: outdated flag" node1 'drbdadm get-gi r0 | cut -d: -f11' '^1$'
link_restore node2
