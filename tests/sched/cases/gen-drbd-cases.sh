#!/bin/bash
# Regenerate the DRBD-shaped scheduler cases from drbd-base.cib with the
# real Pacemaker tools (Debian's pacemaker-cli-utils): each case is a CIB
# (NAME.xml), the simulate options (NAME.args) and what crm_simulate -S
# prints for them (NAME.summary), which pacer simulate must match.
#
# drbd-base.cib: a promotable drbd clone and a group fs+vip+db colocated
# with the Promoted role and ordered after promote; two nodes online,
# nothing running yet.  Run from anywhere; writes next to this script.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

attr() { # FILE NODE NAME VALUE: set a transient node attribute
	CIB_file=$1 crm_attribute -N "$2" -n "$3" -v "$4" -l reboot
}

emit() { # NAME CIB ARGS...: store a case and its expected summary
	local name=$1 cib=$2
	shift 2
	cp "$cib" "$name.xml"
	echo "$*" >"$name.args"
	crm_simulate -x "$name.xml" -S "$@" >"$name.summary" 2>/dev/null
	echo "$name: $(sed -n '/^Transition Summary/,/^Executing/p' "$name.summary" | grep -c '\*') actions"
}

# Promotion scores as the drbd agent would set them: node1 is preferred.
cp drbd-base.cib "$tmp/initial.xml"
attr "$tmp/initial.xml" node1 master-drbd 10
attr "$tmp/initial.xml" node2 master-drbd 5
emit drbd-initial "$tmp/initial.xml"

# Steady state: drbd Promoted on node1, the group on node1.
crm_simulate -x "$tmp/initial.xml" -S -O "$tmp/steady.xml" >/dev/null 2>&1
emit drbd-steady "$tmp/steady.xml"

# Node loss moves promotion and the group.
emit drbd-node-lost "$tmp/steady.xml" -d node1
emit drbd-node-failed "$tmp/steady.xml" -f node1

# A failed monitor with migration-threshold=1 moves them.
emit drbd-monitor-failed "$tmp/steady.xml" -i db_monitor_10000@node1=1

# After node1 was lost: everything on node2.  When node1 returns (with a
# higher promotion score), stickiness keeps promotion and the group put.
crm_simulate -x "$tmp/steady.xml" -d node1 -S -O "$tmp/lost.xml" >/dev/null 2>&1
attr "$tmp/lost.xml" node1 master-drbd 10
emit drbd-node-returns "$tmp/lost.xml" -u node1

# A location preference stronger than stickiness moves them back.
sed 's|<constraints>|<constraints>\n      <rsc_location id="mysql-prefers-node1" rsc="g-mysql" node="node1" score="1000"/>|' \
	"$tmp/lost.xml" >"$tmp/prefer.xml"
emit drbd-prefer-returns "$tmp/prefer.xml" -u node1

# With fencing: a failed node is fenced before its resources move; with
# stonith enabled but no fence device nothing can move off it.
sed 's/name="stonith-enabled" value="false"/name="stonith-enabled" value="true"/' \
	"$tmp/steady.xml" >"$tmp/nodevice.xml"
emit drbd-fail-unfenceable "$tmp/nodevice.xml" -f node1
sed 's|<resources>|<resources>\n      <primitive id="fence-lab" class="stonith" type="fence_qemu"/>|' \
	"$tmp/nodevice.xml" >"$tmp/fencing.xml"
emit drbd-fail-fenced "$tmp/fencing.xml" -f node1

# The DRBD fence-peer handler's constraint: only node1 (with the good
# data) may be Promoted.  node1 is lost: node2 must not be promoted and
# the group cannot run.
sed 's|<constraints>|<constraints>\n      <rsc_location id="drbd-fence-by-handler-r0-ms-drbd" rsc="ms-drbd">\n        <rule id="drbd-fence-by-handler-r0-rule-ms-drbd" role="Promoted" score="-INFINITY">\n          <expression id="drbd-fence-by-handler-r0-expr-ms-drbd" attribute="#uname" operation="ne" value="node1"/>\n        </rule>\n      </rsc_location>|' \
	"$tmp/steady.xml" >"$tmp/fenced-peer.xml"
emit drbd-fence-peer-constraint "$tmp/fenced-peer.xml" -d node1

# Connectivity rule: the group avoids nodes whose pingd is missing or 0.
sed 's|<constraints>|<constraints>\n      <rsc_location id="mysql-connected" rsc="g-mysql">\n        <rule id="mysql-connected-rule" score="-INFINITY" boolean-op="or">\n          <expression id="mysql-connected-undef" attribute="pingd" operation="not_defined"/>\n          <expression id="mysql-connected-zero" attribute="pingd" operation="lte" value="0"/>\n        </rule>\n      </rsc_location>|' \
	"$tmp/steady.xml" >"$tmp/ping.xml"
attr "$tmp/ping.xml" node1 pingd 0
attr "$tmp/ping.xml" node2 pingd 100
emit drbd-ping-rule "$tmp/ping.xml"

# target-role=Stopped on the promotable clone: every instance stops (the
# Promoted one too), and the group colocated with Promoted stops with it.
sed 's|<nvpair id="ms-drbd-notify" name="notify" value="true"/>|&\n          <nvpair id="ms-drbd-target-role" name="target-role" value="Stopped"/>|' \
	"$tmp/steady.xml" >"$tmp/stopped.xml"
emit drbd-promotable-stopped "$tmp/stopped.xml"

# Operations under way (recorded pending: rc-code 193, op-status -1, as
# record-pending writes them on node1, its recurring monitor gone).  A
# pending start or promote counts as done: nothing to do.
pending() { # FILE RSC OP MONITOR-ID: node1's last op of RSC is OP, pending
	python3 - "$@" <<'PY'
import re, sys
f, rsc, op, mon = sys.argv[1:]
s = open(f).read()
i = s.index('id="%s_last_0"' % rsc)
j = s.index('/>', i)
rec = s[i:j]
for k, v in (("operation_key", "%s_%s_0" % (rsc, op)), ("operation", op),
             ("rc-code", "193"), ("op-status", "-1"), ("call-id", "-1")):
    rec = re.sub(r'\b%s="[^"]*"' % k, '%s="%s"' % (k, v), rec)
rec = rec.replace('transition-magic="0:0;', 'transition-magic="-1:193;')
s = s[:i] + rec + s[j:]
s = re.sub(r'\s*<lrm_rsc_op id="%s"[^>]*/>' % mon, '', s, count=1)
open(f, "w").write(s)
PY
}
cp "$tmp/steady.xml" "$tmp/pend-start.xml"
pending "$tmp/pend-start.xml" db start db_monitor_10000
emit drbd-pending-start "$tmp/pend-start.xml"
cp "$tmp/steady.xml" "$tmp/pend-promote.xml"
pending "$tmp/pend-promote.xml" drbd promote drbd_monitor_29000
emit drbd-pending-promote "$tmp/pend-promote.xml"

# A pending stop or demote: Pacemaker's scheduler takes the replaced
# result as gone (db Stopped, drbd Stopped) and plans a start or a
# promotion over the operation still running.  pacer counts the resource
# as running in its old role until the result comes, so nothing is
# planned; these summaries are pacer's, not crm_simulate's.
own() { # NAME CIB: a case whose expected summary is empty
	cp "$2" "$1.xml"
	: >"$1.args"
	printf 'Transition Summary:\n' >"$1.summary"
	echo "$1: 0 actions (pacer's rule)"
}
cp "$tmp/steady.xml" "$tmp/pend-stop.xml"
pending "$tmp/pend-stop.xml" db stop db_monitor_10000
own drbd-pending-stop "$tmp/pend-stop.xml"
cp "$tmp/steady.xml" "$tmp/pend-demote.xml"
pending "$tmp/pend-demote.xml" drbd demote drbd_monitor_29000
own drbd-pending-demote "$tmp/pend-demote.xml"
