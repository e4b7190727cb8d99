#!/bin/bash
# The lab itself, no drbd needed: two VMs talk over the private network,
# the host can cut the wire, freeze a VM, power it off and boot it again
# with its disks intact, and the command agent reports status and output.
. "$(dirname "$0")/../lib/scenario.sh"

lab_start --vms 2 --disk 64M --disk 8M || exit 1

step "command agent"
expect_ok "node1 runs commands and reports output" node1 'hostname' '^node1$'
on node2 'echo out; echo err >&2; exit 7'
expect_eq "node2 reports exit status 7" "$RC" 7
expect_eq "node2 reports stdout and stderr" "$OUT" $'out\nerr'
vm_exec node1 'sleep 15; echo slow' >"$LAB_RUN_DIR/slow.out" &
slow=$!
on node1 'echo fast'
still=no
kill -0 "$slow" 2>/dev/null && still=yes
expect_eq "commands run concurrently (a fast one answers while a slow one runs)" \
	"$OUT $still" "fast yes"
wait $slow
expect_eq "the slow one still answers" "$(cat "$LAB_RUN_DIR/slow.out")" slow
expect_ok "two disks per VM, sizes as asked" node1 \
	'echo $(($(blockdev --getsize64 /dev/vda) >> 20)) $(($(blockdev --getsize64 /dev/vdb) >> 20))' '^64 8$'

step "network"
expect_ok "node1 pings node2" node1 'ping -c 2 -W 2 10.99.0.12'
expect_ok "node2 pings node1" node2 'ping -c 2 -W 2 10.99.0.11'
expect_ok "no route out of the lab network" node1 'ip route' '^10\.99\.0\.0/24'
expect_fail "no default route" node1 'ip route | grep -q default'

step "netem inside the guest"
netem node1 'delay 150ms' >/dev/null
expect_ok "a 150 ms netem delay shows in the round trip" node1 \
	'ping -c 1 -W 3 10.99.0.12 | grep -E "time=(1[5-9][0-9]|[2-9][0-9][0-9])"'
netem node1 off >/dev/null
expect_ok "netem off: round trip back under 100 ms" node1 \
	'ping -c 1 -W 3 10.99.0.12 | grep -E "time=[0-9]{1,2}(\.[0-9]+)? ms"'

step "polling"
vm_exec node2 'sleep 2; touch /tmp/flag' >/dev/null &
bg=$!
wait_until "wait_until sees a condition that becomes true" node2 'test -f /tmp/flag' 20
wait $bg

step "link cut (tap down) and restore"
link_cut node2
expect_fail "ping fails while node2's wire is cut" node1 'ping -c 2 -W 1 10.99.0.12'
link_restore node2
expect_ok "ping works again after restore" node1 \
	'for i in 1 2 3 4 5; do ping -c 1 -W 1 10.99.0.12 && exit 0; done; exit 1'

step "QMP set_link off/on"
qmp node2 set_link '{"name": "net0", "up": false}' >/dev/null
expect_fail "ping fails with node2's carrier off" node1 'ping -c 2 -W 1 10.99.0.12'
qmp node2 set_link '{"name": "net0", "up": true}' >/dev/null
expect_ok "ping works with carrier back" node1 \
	'for i in 1 2 3 4 5; do ping -c 1 -W 1 10.99.0.12 && exit 0; done; exit 1'

step "QMP stop/cont (freeze)"
on node2 'echo before-freeze'
qmp node2 stop >/dev/null
expect_fail "a frozen node2 does not answer pings" node1 'ping -c 2 -W 1 10.99.0.12'
on node1 'uptime'
expect_eq "node1 keeps working while node2 is frozen" "$RC" 0
qmp node2 cont >/dev/null
expect_ok "node2 answers again after cont" node2 'echo thawed' '^thawed$'

step "power loss (QMP quit) and boot with the same disks"
expect_ok "write a marker to node2's vdb" node2 \
	'echo lab-marker-42 | dd of=/dev/vdb bs=4096 conv=sync,notrunc oflag=direct 2>&1'
qmp node2 quit >/dev/null
sleep 1
on node2 'true'
expect_eq "a killed VM reports status 255" "$RC" 255
vm_boot node2 >/dev/null
expect_ok "node2 boots again" node2 'hostname' '^node2$'
expect_ok "the marker survived the power loss" node2 'dd if=/dev/vdb bs=4096 count=1 2>/dev/null | head -c 13' '^lab-marker-42$'
expect_ok "node1 reaches the rebooted node2" node1 \
	'for i in 1 2 3 4 5; do ping -c 1 -W 1 10.99.0.12 && exit 0; done; exit 1'

step "in-guest timeout"
on node1 --timeout 2 'echo started; sleep 30'
expect_eq "a command over its timeout is killed (status 137)" "$RC" 137
expect_ok "the agent still works after a timeout" node1 'echo alive' '^alive$'
