#!/bin/bash
# The lab's power controller and fence_qemu: node1 fences node2 through the
# controller on the lab bridge (10.99.0.1:7410) with the standard
# fence-agent interface (key=value on stdin); the host checks the VM's real
# state over QMP and node2 comes back with its disk contents.
. "$(dirname "$0")/../lib/scenario.sh"

lab_start --vms 2 --disk 16M || exit 1
PW='ipaddr=10.99.0.1'

# fence VM 'key=value lines': run fence_qemu in VM with those options on stdin
fence() { on "$1" "printf '%s\n' $PW $2 | fence_qemu"; }
# qmp_state VM: QEMU's run state as QMP reports it ("running", or "gone")
qmp_state() {
	local r
	r=$(qmp "$1" query-status 2>/dev/null) || { echo gone; return; }
	sed -n 's/.*"status": *"\([a-z-]*\)".*/\1/p' <<<"$r"
}

require "fence_qemu is in the guest" node1 'test -x /usr/sbin/fence_qemu'
expect_ok "the controller answers monitor from node1" node1 \
	"fence_qemu -o monitor -a 10.99.0.1"
expect_ok "list names both VMs" node1 "fence_qemu -o list -a 10.99.0.1" \
	'^node1,'$'\n''node2,$'
on node2 'echo fence-marker-7 | dd of=/dev/vda bs=4096 conv=sync,notrunc oflag=direct 2>&1'
expect_eq "a marker written on node2's disk" "$RC" 0

fence node1 'action=status plug=node2'
expect_eq "status node2: on (exit 0)" "$RC:$OUT" "0:Status: ON"
expect_eq "QMP agrees: node2 running" "$(qmp_state node2)" running

step "off"
fence node1 'action=off plug=node2'
expect_eq "off node2 succeeds" "$RC:$OUT" "0:Success: Powered OFF"
expect_eq "QMP: node2's QEMU is gone" "$(qmp_state node2)" gone
on node2 true
expect_eq "node2 does not answer commands" "$RC" 255
expect_fail "node1 cannot reach node2 any more" node1 'ping -c 2 -W 1 10.99.0.12'
fence node1 'action=status plug=node2'
expect_eq "status node2: off (exit 2)" "$RC:$OUT" "2:Status: OFF"
fence node1 'action=off plug=node2'
expect_eq "off is idempotent" "$RC:$OUT" "0:Success: Powered OFF"

step "on"
fence node1 'action=on plug=node2'
expect_eq "on node2 succeeds" "$RC:$OUT" "0:Success: Powered ON"
wait_until "node2 boots again and answers" node2 'hostname' 120 '^node2$'
expect_eq "QMP: node2 running" "$(qmp_state node2)" running
expect_ok "node2's disk kept the marker" node2 \
	'dd if=/dev/vda bs=4096 count=1 2>/dev/null | head -c 14' '^fence-marker-7$'
expect_ok "node1 reaches node2 again" node1 \
	'for i in 1 2 3 4 5; do ping -c 1 -W 1 10.99.0.12 && exit 0; done; exit 1'
fence node1 'action=status plug=node2'
expect_eq "status node2: on again" "$RC:$OUT" "0:Status: ON"

step "reboot, errors"
b0=$(grep -c "=== lab: node2 boot" "$(vm_console node2)")
fence node1 'action=reboot plug=node2'
expect_eq "reboot node2 succeeds" "$RC:$OUT" "0:Success: Rebooted"
wait_until "node2 answers after the reboot" node2 'hostname' 120 '^node2$'
expect_eq "the reboot was a new boot of node2" \
	"$(grep -c "=== lab: node2 boot" "$(vm_console node2)")" $((b0 + 1))
fence node1 'action=off plug=node9'
expect_eq "an unknown plug is refused (exit 1)" "$RC" 1
expect_ok "the refusal names the plug" node1 \
	"printf '%s\n' $PW action=off plug=node9 | fence_qemu 2>&1; true" 'no such VM: node9'
expect_fail "a wrong port fails cleanly" node1 \
	"printf '%s\n' $PW ipport=7411 action=status plug=node2 | fence_qemu"
expect_ok "node1 itself was never touched" node1 'hostname' '^node1$'
check "power.log records the requests from node1" \
	grep -q '10.99.0.11 off node2 -> OK off' "$LAB_RUN_DIR/power.log"
