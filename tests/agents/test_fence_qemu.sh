#!/bin/bash
# fence_qemu against a stand-in power controller on loopback: the
# stdin key=value interface, the command-line interface, exit codes.
set -u
fq=${1:?usage: test_fence_qemu.sh PATH/TO/fence_qemu}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /var/tmp/fence-qemu.XXXXXX)
python3 "$here/fake_power.py" "$dir/port" "$dir/log" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do [ -s "$dir/port" ] && break; sleep 0.1; done
port=$(cat "$dir/port")
pass=0
fail=0
expect_rc() { # description expected-rc stdin-text [args...]
	local what=$1 want=$2 in=$3
	shift 3
	printf '%s' "$in" | "$fq" "$@" >"$dir/out" 2>&1
	local rc=$?
	if [ "$rc" -eq "$want" ]; then echo "ok - $what"; pass=$((pass + 1))
	else echo "FAIL - $what: rc $rc, expected $want"; sed 's/^/    /' "$dir/out"; fail=$((fail + 1)); fi
}
kv() { printf 'ipaddr=127.0.0.1\nipport=%s\n%s' "$port" "$*"; }

expect_rc "metadata" 0 "action=metadata
"
if xmllint --noout "$dir/out" 2>/dev/null; then echo "ok - metadata is well-formed XML"; pass=$((pass + 1))
else echo "FAIL - metadata is not XML"; fail=$((fail + 1)); fi
expect_rc "status of a running VM: 0" 0 "$(kv 'action=status
plug=node1
')"
expect_rc "off (stdin, with pacemaker's extra keys)" 0 "$(kv 'action=off
port=node1
nodename=node1
pcmk_host_list=node1
')"
expect_rc "status of a fenced VM: 2" 2 "$(kv 'action=status
plug=node1
')"
expect_rc "on via the command line" 0 "" -o on -n node1 -a 127.0.0.1 -u "$port"
expect_rc "reboot via --long=options" 0 "" --action=reboot --plug=node2 --ip=127.0.0.1 --ipport="$port"
expect_rc "monitor" 0 "$(kv 'action=monitor
')"
expect_rc "list" 0 "$(kv 'action=list
')"
if grep -q '^node1,$' "$dir/out" && grep -q '^node2,$' "$dir/out"; then echo "ok - list names both VMs"; pass=$((pass + 1))
else echo "FAIL - list output"; cat "$dir/out"; fail=$((fail + 1)); fi
expect_rc "unknown VM fails" 1 "$(kv 'action=off
plug=node9
')"
expect_rc "missing plug fails" 1 "$(kv 'action=off
')"
expect_rc "missing ipaddr fails" 1 "action=off
plug=node1
"
expect_rc "unreachable controller fails" 1 "ipaddr=127.0.0.1
ipport=1
action=off
plug=node1
"
if grep -q '^off node1$' "$dir/log" && grep -q '^reboot node2$' "$dir/log"; then
	echo "ok - the controller saw the requests"; pass=$((pass + 1))
else echo "FAIL - controller log"; cat "$dir/log"; fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
