#!/bin/bash
# The OCF drbd agent against a stand-in drbdadm: return codes, promotion
# scores, refusal to promote without UpToDate data, and ocf-tester.
set -u
here=$(cd "$(dirname "$0")" && pwd)
agent=$here/../../agents/ocf/drbd
dir=$(mktemp -d /var/tmp/ocf-drbd.XXXXXX)
chmod 755 "$dir"
trap 'rm -rf "$dir"' EXIT
export FAKE_DRBD_DIR=$dir DRBDADM=$here/fake-drbdadm PATH=$here:$PATH
export OCF_ROOT=/usr/lib/ocf OCF_RESKEY_drbd_resource=r0 OCF_RESOURCE_INSTANCE=drbd_ha
pass=0
fail=0
rc_is() { # description expected-rc action
	"$agent" "$3" >"$dir/out" 2>&1
	local rc=$?
	if [ "$rc" -eq "$2" ]; then
		echo "ok - $1"; pass=$((pass + 1))
	else
		echo "FAIL - $1: rc $rc, expected $2"; sed 's/^/    /' "$dir/out"; fail=$((fail + 1))
	fi
}
last_score() { tail -n1 "$dir/scores" 2>/dev/null; }
expect() { # description actual expected
	if [ "$2" = "$3" ]; then echo "ok - $1"; pass=$((pass + 1))
	else echo "FAIL - $1: got '$2', expected '$3'"; fail=$((fail + 1)); fi
}

rc_is "meta-data" 0 meta-data
expect "meta-data is valid against ra-api-1.dtd" \
	"$("$agent" meta-data | (cd /usr/share/resource-agents 2>/dev/null; xmllint --noout --valid - 2>&1 && echo valid))" valid
rc_is "monitor of a stopped resource: not running" 7 monitor
rc_is "start" 0 start
expect "UpToDate Secondary gets a promotion score" "$(last_score)" "set 10000"
rc_is "monitor of a Secondary: 0" 0 monitor
rc_is "promote" 0 promote
rc_is "monitor of a Primary: 8" 8 monitor
rc_is "promote again is a no-op" 0 promote
rc_is "stop while Primary demotes and downs" 0 stop
expect "stop removes the score" "$(last_score)" "delete"
expect "stop called secondary then down" "$(tail -n2 "$dir/log" | cut -d' ' -f1 | tr '\n' ' ')" "secondary down "
rc_is "stop of a stopped resource" 0 stop

echo Inconsistent >"$dir/disk"
rc_is "start with Inconsistent data" 0 start
expect "Inconsistent data has no promotion score" "$(last_score)" "delete"
rc_is "promote with Inconsistent data fails" 1 promote
rc_is "still Secondary" 0 monitor
echo UpToDate >"$dir/disk"
rc_is "monitor after the sync finished" 0 monitor
expect "UpToDate again: score back" "$(last_score)" "set 10000"
rc_is "stop" 0 stop

# the Primary lifts the fence-peer handler's constraint once the peer is
# UpToDate again (the handler left its mark in FENCE_MARK_DIR)
export FENCE_MARK_DIR=$dir/marks UNFENCE=$dir/unfence
mkdir -p "$dir/marks"
printf '#!/bin/sh\necho "unfence $DRBD_RESOURCE" >>"%s/unfenced"\n' "$dir" >"$dir/unfence"
chmod 755 "$dir/unfence"
rc_is "start" 0 start
rc_is "promote" 0 promote
: >"$dir/marks/fenced-r0"
rc_is "monitor, peer away: 8" 8 monitor
expect "no unfence while the peer is away" "$(cat "$dir/unfenced" 2>/dev/null)" ""
echo Connected >"$dir/cstate"
echo Inconsistent >"$dir/peer"
rc_is "monitor, peer resyncing: 8" 8 monitor
expect "no unfence while the peer is Inconsistent" "$(cat "$dir/unfenced" 2>/dev/null)" ""
echo UpToDate >"$dir/peer"
rc_is "monitor, peer UpToDate: 8" 8 monitor
expect "unfence once the peer is UpToDate" "$(cat "$dir/unfenced" 2>/dev/null)" "unfence r0"
expect "the mark is gone" "$(ls "$dir/marks")" ""
rc_is "monitor again: 8" 8 monitor
expect "unfence only once" "$(wc -l <"$dir/unfenced")" "1"
rm -f "$dir/cstate" "$dir/peer"
rc_is "stop" 0 stop

OCF_RESKEY_drbd_resource=nosuch "$agent" start >/dev/null 2>&1
expect "unknown resource: not configured (6)" "$?" 6
OCF_RESKEY_drbd_resource= "$agent" start >/dev/null 2>&1
expect "missing drbd_resource: not configured (6)" "$?" 6
OCF_RESKEY_drbd_resource=nosuch OCF_RESKEY_CRM_meta_interval=0 "$agent" monitor >/dev/null 2>&1
expect "probe of an unknown resource: not running (7)" "$?" 7
OCF_RESKEY_CRM_meta_clone_node_max=2 "$agent" validate-all >/dev/null 2>&1
expect "clone-node-max=2 is refused (6)" "$?" 6

if command -v ocf-tester >/dev/null; then
	rm -f "$dir/role"
	if ocf-tester -n drbd_ha -o drbd_resource=r0 "$agent" >"$dir/tester" 2>&1; then
		echo "ok - ocf-tester passes"; pass=$((pass + 1))
	else
		echo "FAIL - ocf-tester"; sed 's/^/    /' "$dir/tester"; fail=$((fail + 1))
	fi
else
	echo "FAIL - ocf-tester is not installed (resource-agents)"; fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
