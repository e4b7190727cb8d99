#!/bin/bash
# agents/ocf/drbd under the real Pacemaker (Debian's pacemaker 2.1): two
# nodes, each Corosync + pacemakerd in its own network namespace (veth
# pairs to a bridge) and mount namespace (its own /run, /dev/shm,
# /var/lib/pacemaker, /var/log/pacemaker, /etc/corosync), with our agent
# as ocf:linbit:drbd and the stand-in drbdadm (tests/agents/fake-drbdadm;
# no kernel module on the build host) in place of /usr/sbin/drbdadm.
# A promotable clone with notify=true, as story 1 configures it: both
# instances start, exactly one is promoted through the agent's crm_master
# score, notifications reach the agent, standby moves the Promoted role,
# an Inconsistent node is never promoted, target-role=Stopped stops both.
# Needs root.  Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/nsnet.sh"
AGENT=$(readlink -f "$here/../../agents/ocf/drbd")
pass=0
fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "FAIL - $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d"; fi; }

if [ "$(id -u)" != 0 ] || ! command -v corosync >/dev/null || ! command -v pacemakerd >/dev/null; then
	echo "FAIL - needs root, corosync and pacemaker"
	echo "0 passed, 1 failed"
	exit 1
fi

tag=pcm$$
dir=$(mktemp -d /tmp/pcmk-drbd.XXXXXX)
chmod 755 "$dir"
N="1 2"
declare -A NODEPID

cleanup() {
	local i
	for i in $N; do
		[ -n "${NODEPID[$i]:-}" ] &&
			{ kill -9 -- "-${NODEPID[$i]}" && wait "${NODEPID[$i]}"; } 2>/dev/null
	done
	sleep 0.5
	nsnet_down "$tag" $N
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE


# node_do I CMD...: run CMD on node I (its network and mount namespaces)
node_do() {
	local i=$1
	shift
	nsenter -t "${NODEPID[$i]}" -n -m -- "$@"
}

nsnet_up "$tag" 10.78.0 $N || { bad "network namespaces"; echo "$pass passed, $fail failed"; exit 1; }

corosync-keygen -l -k "$dir/authkey" >/dev/null 2>&1 ||
	dd if=/dev/urandom of="$dir/authkey" bs=256 count=1 2>/dev/null
for i in $N; do
	d=$dir/n$i
	mkdir -p "$d/run" "$d/etc" "$d/ocf" "$d/fake" "$d/log" \
		"$d/lib/cib" "$d/lib/pengine" "$d/lib/blackbox" "$d/lib/cores"
	chown -R hacluster:haclient "$d/lib" "$d/log"
	chmod 750 "$d/lib"/*
	chmod 770 "$d/log"
	cat >"$d/etc/corosync.conf" <<EOC
totem {
	version: 2
	cluster_name: pcmkdrbd
	transport: knet
	token: 1000
	crypto_cipher: none
	crypto_hash: none
}
nodelist {
	node {
		ring0_addr: 10.78.0.1
		name: node1
		nodeid: 1
	}
	node {
		ring0_addr: 10.78.0.2
		name: node2
		nodeid: 2
	}
}
quorum {
	provider: corosync_votequorum
	two_node: 1
}
logging {
	to_logfile: yes
	logfile: /var/log/pacemaker/corosync.log
	to_syslog: no
	to_stderr: no
}
EOC
	install -m 400 "$dir/authkey" "$d/etc/authkey"
	install -m 755 "$AGENT" "$d/ocf/drbd"
	# the stand-in drbdadm keeps its state in the node's own /run
	printf '#!/bin/sh\nmkdir -p /run/fake-drbd\nFAKE_DRBD_DIR=/run/fake-drbd exec %s "$@"\n' \
		"$here/fake-drbdadm" >"$d/drbdadm"
	chmod 755 "$d/drbdadm"
	# the node: its own mounts, Corosync, then pacemakerd in the foreground;
	# a session of its own, so cleanup ends every process by the group
	setsid ip netns exec ${tag}n$i unshare -m -u --propagation private sh -c "
		hostname node$i
		mount --bind $d/run /run && mount -t tmpfs tmpfs /dev/shm &&
		mount --bind $d/etc /etc/corosync &&
		mount --bind $d/lib /var/lib/pacemaker &&
		mount --bind $d/log /var/log/pacemaker &&
		mkdir -p /usr/lib/ocf/resource.d/linbit &&
		mount --bind $d/ocf /usr/lib/ocf/resource.d/linbit &&
		mount --bind $d/drbdadm /usr/sbin/drbdadm || exit 1
		corosync -f >/var/log/pacemaker/corosync.out 2>&1 &
		for t in \$(seq 100); do corosync-quorumtool -s >/dev/null 2>&1; [ \$? != 1 ] && break; sleep 0.1; done
		exec env PCMK_logfile=/var/log/pacemaker/pacemaker.log pacemakerd -f
	" >"$d/node.out" 2>&1 </dev/null &
	NODEPID[$i]=$!
done

online() { node_do 1 crm_mon -1 2>/dev/null | grep -q 'Online: \[ node1 node2 \]'; }
if wait_for 90 online; then
	ok "two Pacemaker nodes on Corosync two_node are online"
else
	bad "two Pacemaker nodes on Corosync two_node are online"
	node_do 1 crm_mon -1 2>&1 | sed 's/^/    /'
	tail -n 20 "$dir/n1/node.out" "$dir/n1/log/pacemaker.log" 2>/dev/null | sed 's/^/    /'
	echo "$pass passed, $fail failed"
	exit 1
fi

role() { cat "$dir/n$1/run/fake-drbd/role" 2>/dev/null; }
roles() { echo "$(role 1)/$(role 2)"; }
one_promoted() {
	case "$(roles)" in Primary/Secondary | Secondary/Primary) return 0 ;; esac
	return 1
}

# story 1's resource, in Pacemaker's own syntax (no fencing device here:
# this checks the agent's interface, not recovery)
node_do 1 crm_attribute -t crm_config -n stonith-enabled -v false >/dev/null
node_do 1 cibadmin --create -o resources --xml-text '
<clone id="ms_drbd_ha">
  <meta_attributes id="ms_drbd_ha-meta">
    <nvpair id="ms-promotable" name="promotable" value="true"/>
    <nvpair id="ms-promoted-max" name="promoted-max" value="1"/>
    <nvpair id="ms-promoted-node-max" name="promoted-node-max" value="1"/>
    <nvpair id="ms-clone-max" name="clone-max" value="2"/>
    <nvpair id="ms-clone-node-max" name="clone-node-max" value="1"/>
    <nvpair id="ms-notify" name="notify" value="true"/>
  </meta_attributes>
  <primitive id="drbd_ha" class="ocf" provider="linbit" type="drbd">
    <instance_attributes id="drbd_ha-params">
      <nvpair id="drbd_ha-res" name="drbd_resource" value="r0"/>
    </instance_attributes>
    <operations>
      <op id="drbd_ha-mon-p" name="monitor" interval="3s" role="Promoted"/>
      <op id="drbd_ha-mon-u" name="monitor" interval="4s" role="Unpromoted"/>
    </operations>
  </primitive>
</clone>'
check "the promotable clone is accepted by cibadmin" test $? -eq 0

# within SECONDS DESC CMD...: CMD succeeds within SECONDS; roles shown
within() {
	local t=$1 d=$2
	shift 2
	if wait_for "$t" "$@"; then ok "$d ($(roles))"; else bad "$d (roles: $(roles))"; fi
}
within 60 "both instances started, exactly one promoted" one_promoted
P=1 S=2
[ "$(role 2)" = Primary ] && P=2 S=1
mon_roles() {
	local m
	m=$(node_do 1 crm_mon -1 2>/dev/null)
	grep -Eq "Promoted: \[ node$P \]" <<<"$m" && grep -Eq "Unpromoted: \[ node$S \]" <<<"$m"
}
check "crm_mon shows node$P Promoted and node$S Unpromoted" wait_for 30 mon_roles
score() { node_do "$1" crm_attribute -N "node$1" -l reboot -n master-drbd_ha -G -q 2>/dev/null; }
check "the agent set its promotion score through crm_master on both nodes ($(score 1), $(score 2))" \
	test "$(score 1)" = 10000 -a "$(score 2)" = 10000
# the post-promote notification and the first recurring monitor may still
# be under way when crm_mon shows the roles: wait for their log lines
check "Pacemaker ran the agent's pre- and post-promote notifications on node$S, and they succeeded" \
	wait_for 30 bash -c "grep -Eq 'Result of notify operation for drbd_ha on node$S: ok .*key=drbd_ha_notify_0' '$dir/n$S/log/pacemaker.log' &&
		cat $dir/n*/log/pacemaker.log | grep -q 'pre_notify_promote' &&
		cat $dir/n*/log/pacemaker.log | grep -q 'post_notify_promote'"
check "the recurring monitor of the Promoted instance returns 8 (OCF_RUNNING_PROMOTED)" \
	wait_for 30 grep -Eq "Result of monitor operation for drbd_ha on node$P: promoted .*key=drbd_ha_monitor_3000 rc=8" \
	"$dir/n$P/log/pacemaker.log"

# standby: the Promoted role moves to the other node
node_do 1 crm_attribute -N "node$P" -n standby -v on >/dev/null
moved() { [ "$(role $S)" = Primary ] && [ -z "$(role $P)" ]; }
within 60 "standby of node$P: demoted and stopped there, node$S promoted" moved
check "the stand-in drbdadm saw secondary then down on node$P" \
	bash -c "grep -E '^(secondary|down) r0' '$dir/n$P/run/fake-drbd/log' | tail -n2 | cut -d' ' -f1 | tr '\n' ' ' | grep -qx 'secondary down '"

# an Inconsistent node comes back: started, never promoted
echo Inconsistent >"$dir/n$P/run/fake-drbd/disk"
node_do 1 crm_attribute -N "node$S" -n standby -v on >/dev/null
node_do 1 crm_attribute -N "node$P" -n standby -v off >/dev/null
back() { [ "$(role $P)" = Secondary ] && [ -z "$(role $S)" ]; }
within 60 "node$P with Inconsistent data started as Secondary, not promoted" back
sleep 6
check "still not promoted after two monitor intervals ($(roles))" test "$(role $P)" = Secondary
check "no promotion score for Inconsistent data" test -z "$(score $P)"
echo UpToDate >"$dir/n$P/run/fake-drbd/disk"
promoted_now() { [ "$(role $P)" = Primary ]; }
within 60 "UpToDate again: the monitor sets the score and Pacemaker promotes node$P" promoted_now
node_do 1 crm_attribute -N "node$S" -n standby -v off >/dev/null

# target-role=Stopped stops both instances
node_do 1 crm_resource -r ms_drbd_ha --meta -p target-role -v Stopped >/dev/null 2>&1
stopped() { [ -z "$(role 1)" ] && [ -z "$(role 2)" ]; }
within 60 "target-role=Stopped: both instances demoted and down" stopped
check "no failed actions in crm_mon" bash -c "! nsenter -t ${NODEPID[1]} -n -m -- crm_mon -1 | grep -qi 'failed'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
