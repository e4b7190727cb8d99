#!/bin/bash
# Offline pacer commands (-f FILE): story 1's drbd_cfg flow and story 3's
# commands (Dummy / Stateful standing in for the real agents), checked
# against Pacemaker's own crm_verify, and bad input refused without a
# change.  The commands go through the one pacer binary (its dispatcher
# hands the pcs grammar to cluster/cli).  Usage: offline.sh PACER
set -u
P=${1:?usage: offline.sh PACER}
P=$(readlink -f "$P")
export PACER_OFFLINE=1
dir=$(mktemp -d /tmp/pacer-offline.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
pass=0
fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "FAIL - $*"; fail=$((fail + 1)); }
check() { # check DESCRIPTION COMMAND...
	local d=$1; shift
	if "$@" >out.log 2>&1; then ok "$d"; else bad "$d"; cat out.log; fi
}
check_fails() { # the command must fail, print Error:, change nothing
	local d=$1 f=$2; shift 2
	local before after
	before=$(md5sum <"$f")
	if "$@" >out.log 2>&1; then
		bad "$d (succeeded)"; cat out.log; return
	fi
	after=$(md5sum <"$f")
	if grep -q '^Error: ' out.log && [ "$before" = "$after" ]; then
		ok "$d: $(grep -m1 '^Error: ' out.log)"
	else
		bad "$d (message or unchanged file)"; cat out.log
	fi
}
xp() { # xp FILE XPATH: the XPath matches something
	python3 - "$1" "$2" <<'EOF'
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1])
sys.exit(0 if t.getroot().findall(sys.argv[2]) else 1)
EOF
}

echo "== the pacer dispatcher"
check "pacer help lists the pcs grammar and simulate" bash -c "$P help | grep -q 'constraint location' && $P help | grep -q '^  simulate '"
check_unknown() { ! $P frobnicate >out.log 2>&1 && grep -q "unknown command 'frobnicate'" out.log; }
check "unknown command refused" check_unknown
no_daemon() { ! PACER_SOCKET=$dir/none.sock $P status >out.log 2>&1 && grep -q 'cannot reach pacerd' out.log; }
check "pacer status without a cluster says so (exit status not 0)" no_daemon

echo "== story 1: pacer -f drbd_cfg ... (Stateful stands in for drbd)"
F=drbd_cfg
check "resource create drbd_ha" $P -f $F resource create drbd_ha ocf:pacemaker:Stateful op monitor interval=60s
check "resource master ms_drbd_ha" $P -f $F resource master ms_drbd_ha drbd_ha master-max=1 master-node-max=1 clone-max=2 clone-node-max=1 notify=true
check "resource create drbd_fs" $P -f $F resource create drbd_fs Dummy fake="/dev/drbd1"
check "colocation with-rsc-role=Master" $P -f $F constraint colocation add drbd_fs with ms_drbd_ha INFINITY with-rsc-role=Master
check "order promote then start" $P -f $F constraint order promote ms_drbd_ha then start drbd_fs
check "resource create mysql_svc with ops" $P -f $F resource create mysql_svc ocf:heartbeat:Dummy fake="/usr/bin/mysqld_safe" op start timeout=60s op stop timeout=60s op monitor interval=20s timeout=30s
check "colocation mysql_svc with drbd_fs" $P -f $F constraint colocation add mysql_svc with drbd_fs INFINITY
check "order drbd_fs then mysql_svc" $P -f $F constraint order drbd_fs then mysql_svc
check "promotable clone ms_drbd_ha" xp $F ".//clone[@id='ms_drbd_ha']/meta_attributes/nvpair[@name='promotable'][@value='true']"
check "notify=true on the clone" xp $F ".//clone[@id='ms_drbd_ha']/meta_attributes/nvpair[@name='notify'][@value='true']"
check "with-rsc-role kept" xp $F ".//rsc_colocation[@rsc='drbd_fs'][@with-rsc='ms_drbd_ha'][@with-rsc-role='Master']"
check "order first-action=promote" xp $F ".//rsc_order[@first='ms_drbd_ha'][@first-action='promote'][@then='drbd_fs']"
check "op start timeout=60s" xp $F ".//primitive[@id='mysql_svc']/operations/op[@name='start'][@timeout='60s']"
check "op monitor 20s/30s" xp $F ".//op[@id='mysql_svc-monitor-interval-20s'][@timeout='30s']"
# crm_verify complains about stonith only: set the property as story 1 does
check "property set stonith-enabled=false" $P -f $F property set stonith-enabled=false
check "crm_verify accepts story 1's CIB" crm_verify -x $F
check "pacer verify accepts it" $P -f $F verify

echo "== story 3 (Dummy stands in for IPaddr2, haproxy, zabbix)"
F=s3.xml
check "property set stonith-enabled=false" $P -f $F property set stonith-enabled=false
check "resource create ClusterIP" $P -f $F resource create ClusterIP ocf:heartbeat:Dummy fake="192.168.0.10" op monitor interval=30s
check "resource create lb-haproxy --clone" $P -f $F resource create lb-haproxy ocf:heartbeat:Dummy --clone
check "colocation add lb-haproxy-clone ClusterIP INFINITY" $P -f $F constraint colocation add lb-haproxy-clone ClusterIP INFINITY
check "order ClusterIP then lb-haproxy-clone" $P -f $F constraint order ClusterIP then lb-haproxy-clone
check "location ClusterIP prefers controller1" $P -f $F constraint location ClusterIP prefers controller1
check "resource defaults resource-stickiness=100" $P -f $F resource defaults resource-stickiness=100
check "resource group add zabbix ClusterIP zabbix-server" $P -f $F resource group add zabbix ClusterIP zabbix-server
check "resource create zabbix-server" $P -f $F resource create zabbix-server ocf:heartbeat:Dummy op monitor interval=5s
check "property set pe-*-series-max cluster-recheck-interval" $P -f $F property set pe-warn-series-max=1000 pe-input-series-max=1000 pe-error-series-max=1000 cluster-recheck-interval=5min
check "clone lb-haproxy-clone" xp $F ".//clone[@id='lb-haproxy-clone']/primitive[@id='lb-haproxy']"
check "ClusterIP in group zabbix" xp $F ".//group[@id='zabbix']/primitive[@id='ClusterIP']"
check "location-ClusterIP-controller1-INFINITY" xp $F ".//rsc_location[@id='location-ClusterIP-controller1-INFINITY'][@node='controller1']"
check "rsc_defaults stickiness" xp $F ".//rsc_defaults/meta_attributes/nvpair[@name='resource-stickiness'][@value='100']"
check "crm_verify accepts story 3's CIB" crm_verify -x $F
check "pacer verify (crm_verify -L -V stand-in)" $P -f $F verify
check "config prints the group" bash -c "$P -f $F config | grep -q 'Group: zabbix'"

echo "== other commands"
check "disable sets target-role" $P -f $F resource disable zabbix-server
check "target-role=Stopped" xp $F ".//primitive[@id='zabbix-server']/meta_attributes/nvpair[@name='target-role'][@value='Stopped']"
check "enable removes it" $P -f $F resource enable zabbix-server
if xp $F ".//nvpair[@name='target-role']"; then bad "target-role removed"; else ok "target-role removed"; fi
check "move creates cli-prefer" $P -f $F resource move zabbix-server controller2
check "cli-prefer-zabbix-server" xp $F ".//rsc_location[@id='cli-prefer-zabbix-server'][@node='controller2'][@score='INFINITY']"
check "ban creates cli-ban" $P -f $F resource ban zabbix-server controller3
check "clear removes both" $P -f $F resource clear zabbix-server
if xp $F ".//rsc_location[@rsc='zabbix-server']"; then bad "clear"; else ok "clear left no cli- constraints"; fi
check "stonith create (fence_virsh)" $P -f $F stonith create stonith-s02 fence_virsh pcmk_host_check="static-list" pcmk_host_list="havms21" ipaddr="192.168.1.226" ssh=true use_sudo="1" login="stonithadm" identity_file="/home/stonithadm/.ssh/stonithamd-key"
check "constraint location avoids" $P -f $F constraint location stonith-s02 avoids havms21.vms.example.com=INFINITY
check "avoids score -INFINITY" xp $F ".//rsc_location[@rsc='stonith-s02'][@score='-INFINITY'][@node='havms21.vms.example.com']"
check "crm_verify accepts the stonith resource" crm_verify -x $F
check "stonith list shows fence_virsh" bash -c "$P stonith list | grep -q '^fence_virsh - '"
check "stonith describe fence_virsh" bash -c "$P stonith describe fence_virsh | grep -q 'ipaddr'"

echo "== bad input changes nothing"
check_fails "unknown agent" $F $P -f $F resource create x ocf:heartbeat:NoSuchAgent
check_fails "unknown systemd unit" $F $P -f $F resource create y systemd:haproxy-not-here
check_fails "constraint on a missing resource" $F $P -f $F constraint colocation add nosuch with ClusterIP INFINITY
check_fails "order with a missing resource" $F $P -f $F constraint order ClusterIP then nosuch
check_fails "duplicate resource id" $F $P -f $F resource create ClusterIP ocf:heartbeat:Dummy
check_fails "standby of an unknown node" $F $P -f $F node standby nosuchnode
echo '<cib><configuration><resources>' >broken.xml
cp $F before.xml
check_fails "malformed file with -f" broken.xml $P -f broken.xml resource create z ocf:heartbeat:Dummy

echo "== placement: crm_simulate on the CIB the commands made"
# Three nodes online; crm_simulate's placement must follow the constraints
# the commands wrote: ClusterIP prefers controller1, and the haproxy clone
# is colocated with ClusterIP (so, as in Pacemaker, one instance there).
cp s3.xml sim.xml
$P -f sim.xml resource delete stonith-s02 >/dev/null
python3 - sim.xml <<'EOF'
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]); r = t.getroot()
r.set('have-quorum', '1')
nodes = r.find('configuration/nodes')
st = r.find('status')
for i, n in enumerate(['controller1', 'controller2', 'controller3'], 1):
    ET.SubElement(nodes, 'node', id=str(i), uname=n)
    ET.SubElement(st, 'node_state', id=str(i), uname=n, in_ccm='true',
                  crmd='online', join='member', expected='member')
t.write(sys.argv[1])
EOF
bash -c "crm_simulate -x sim.xml -S >sim.out 2>&1" 2>/dev/null || true
if grep -q 'Start.*ClusterIP.*( controller1 )' sim.out &&
   grep -q 'Start.*lb-haproxy:0.*( controller1 )' sim.out &&
   ! grep -q 'blocked' sim.out; then
	ok "crm_simulate: ClusterIP and the haproxy clone on controller1"
else
	bad "crm_simulate placement"; cat sim.out
fi

echo "== pacer simulate on the CIB the commands made (same binary)"
if $P simulate -x sim.xml -S >psim.out 2>&1 &&
   grep -q 'Start.*ClusterIP.*( controller1 )' psim.out; then
	ok "pacer simulate -x sim.xml -S: ClusterIP starts on controller1"
else
	bad "pacer simulate"; cat psim.out
fi

echo "== cluster setup / start / stop --all over ssh (a fake ssh maps hosts to directories)"
# The local node is this host by name; nodeb, nodec (and noded, which has
# no directory: unreachable) are directories under hosts/.  Nothing here
# touches the real /etc/corosync: every path is under $dir.
FAKE_SSH=$(dirname "$(readlink -f "$0")")/fake-ssh.sh
me=$(hostname)
L=$dir/local/etc/corosync
export FAKE_SSH_HOSTS=$dir/hosts FAKE_SSH_LOCAL=$dir/local
mkdir -p "$dir/hosts/nodeb" "$dir/hosts/nodec" "$dir/fakebin" "$L"
for t in systemctl corosync corosync-cfgtool pacerd; do
	printf '#!/bin/sh\necho "${FAKE_HOST:-local}: %s $*" >>%s/cmd.log\n' \
		"$t" "$dir" >"$dir/fakebin/$t"
	chmod +x "$dir/fakebin/$t"
done
pcs_ssh() { PACER_SSH=$FAKE_SSH "$P" "$@"; }
mode() { stat -c %a "$1"; }
same_files() { # every node has the local node's two files, right modes
	local h
	for h in "$@"; do
		cmp -s "$L/corosync.conf" "$dir/hosts/$h$L_REL/corosync.conf" &&
		cmp -s "$L/authkey" "$dir/hosts/$h$L_REL/authkey" &&
		[ "$(mode "$dir/hosts/$h$L_REL/corosync.conf")" = 644 ] &&
		[ "$(mode "$dir/hosts/$h$L_REL/authkey")" = 400 ] || return 1
	done
	[ "$(mode "$L/authkey")" = 400 ] && [ "$(mode "$L/corosync.conf")" = 644 ]
}
L_REL=/etc/corosync
key_not_printed() { # no 16-byte run of the authkey in the output
	python3 - "$L/authkey" run.log <<'PY'
import sys
k = open(sys.argv[1], 'rb').read(); o = open(sys.argv[2], 'rb').read()
sys.exit(1 if any(k[i:i + 16] in o for i in range(0, len(k) - 16, 8)) else 0)
PY
}
if pcs_ssh cluster setup three "$me" addr=127.0.0.1 nodeb nodec --corosync_conf "$L/corosync.conf" >run.log 2>&1 &&
   grep -q '^nodeb: corosync.conf and authkey written$' run.log &&
   grep -q '^nodec: corosync.conf and authkey written$' run.log; then
	ok "setup over ssh: nodeb and nodec report corosync.conf and authkey written"
else
	bad "setup over ssh"; cat run.log
fi
check "every node has identical corosync.conf (0644) and authkey (0400)" same_files nodeb nodec
check "the nodelist has the three nodes" bash -c "grep -c 'nodeid:' '$L/corosync.conf' | grep -qx 3 && grep -q 'ring0_addr: nodec' '$L/corosync.conf'"
check "ssh in batch mode with a connect timeout, once per file per remote node" bash -c \
	"[ \$(grep -c '^node[bc]|-o BatchMode=yes -o ConnectTimeout=5|' '$dir/hosts/ssh.log') = 4 ] && [ \$(wc -l <'$dir/hosts/ssh.log') = 4 ]"
check "no temp files left on the nodes" bash -c "ls -A '$dir'/hosts/node[bc]/etc/corosync >ls.out && grep -q authkey ls.out && ! grep -v -e '^corosync.conf\$' -e '^authkey\$' -e '^\$' -e ':\$' ls.out"
check "the authkey is not printed" key_not_printed
rm -f "$dir/hosts/ssh.log"

mkdir -p "$dir/hosts/nodee"; : >"$dir/hosts/nodee/etc" # mkdir fails there
old=$(md5sum <"$dir/hosts/nodeb/etc/corosync/authkey")
if pcs_ssh cluster setup five "$me" addr=127.0.0.1 nodeb noded nodee nodec --corosync_conf "$L/corosync.conf" >run.log 2>&1; then
	bad "setup with an unreachable node exits 0"; cat run.log
else
	ok "setup with an unreachable node exits non-zero"
fi
check "the unreachable node is named, with what to do" bash -c \
	"grep -q '^Error: noded (noded): could not write .*ssh failed: ssh: connect to host noded.*root ssh keys.*--local --authkey FILE' run.log"
check "a node where the remote write fails is named" grep -q '^Error: nodee (nodee): could not write .*remote write failed' run.log
check "the summary names the failed nodes" grep -q '^Error: cluster setup incomplete: noded, nodee did not get' run.log
check "the other nodes still got the new files" same_files nodeb nodec
check "(a new authkey, not the old one)" test "$old" != "$(md5sum <"$dir/hosts/nodeb/etc/corosync/authkey")"
check "the two reachable nodes reported" bash -c "grep -q '^nodeb: corosync.conf and authkey written' run.log && grep -q '^nodec: corosync.conf and authkey written' run.log"
check "the authkey is not printed on failure either" key_not_printed
rm -rf "$dir/hosts/nodee" "$dir/hosts/ssh.log"

rm -f "$dir"/hosts/node[bc]/etc/corosync/*
check "setup --local" pcs_ssh cluster setup two "$me" addr=127.0.0.1 nodeb --local --corosync_conf "$L/corosync.conf"
check "--local: written here (two_node)" bash -c "grep -q 'two_node: 1' '$L/corosync.conf' && [ \$(stat -c %a '$L/authkey') = 400 ]"
check "--local: no ssh, nothing on the other node" bash -c "[ ! -e '$dir/hosts/ssh.log' ] && [ -z \"\$(ls -A '$dir/hosts/nodeb/etc/corosync')\" ]"

pcs_ssh cluster setup three "$me" addr=127.0.0.1 nodeb nodec --corosync_conf "$L/corosync.conf" >/dev/null 2>&1
rm -f "$dir/hosts/ssh.log" "$dir/cmd.log"
runbin() { PATH=$dir/fakebin:$PATH PACERD=$dir/fakebin/pacerd pcs_ssh "$@"; }
check "cluster start --all" runbin cluster start --all --corosync_conf "$L/corosync.conf"
check "start --all: this node directly" bash -c \
	"grep -qx 'local: corosync ' '$dir/cmd.log' && grep -qx 'local: pacerd --daemon' '$dir/cmd.log' || grep -qx 'local: systemctl start corosync pacerd' '$dir/cmd.log'"
check "start --all: systemctl start corosync pacerd on nodeb and nodec over ssh" bash -c \
	"grep -qx 'nodeb: systemctl start corosync pacerd' '$dir/cmd.log' && grep -qx 'nodec: systemctl start corosync pacerd' '$dir/cmd.log' && [ \$(wc -l <'$dir/hosts/ssh.log') = 2 ] && ! grep -q -e '^$me|' -e '^127.0.0.1|' '$dir/hosts/ssh.log'"
rm -f "$dir/hosts/ssh.log" "$dir/cmd.log"
check "cluster start without --all: this node only" runbin cluster start --corosync_conf "$L/corosync.conf"
check "(no ssh, nothing on the others)" bash -c "[ ! -e '$dir/hosts/ssh.log' ] && ! grep -q '^node' '$dir/cmd.log'"
rm -f "$dir/hosts/ssh.log" "$dir/cmd.log"
pcs_ssh cluster setup four "$me" addr=127.0.0.1 nodeb noded nodec --local --corosync_conf "$L/corosync.conf" >/dev/null 2>&1
if runbin cluster start --all --corosync_conf "$L/corosync.conf" >run.log 2>&1; then
	bad "start --all with an unreachable node exits 0"; cat run.log
else
	ok "start --all with an unreachable node exits non-zero"
fi
check "start --all: the others still started, noded named" bash -c \
	"grep -qx 'nodeb: systemctl start corosync pacerd' '$dir/cmd.log' && grep -qx 'nodec: systemctl start corosync pacerd' '$dir/cmd.log' && grep -q '^Error: cluster start --all: failed on noded\$' run.log && grep -q \"^Error: noded (noded): .*run 'pacer cluster start' on noded\" run.log"
rm -f "$dir/hosts/ssh.log" "$dir/cmd.log"
if PACER_SOCKET=$dir/none.sock runbin cluster stop --all --corosync_conf "$L/corosync.conf" >run.log 2>&1; then
	bad "stop --all without a local pacerd exits 0"; cat run.log
else
	ok "stop --all: non-zero (no pacerd here, noded unreachable)"
fi
check "stop --all: systemctl stop pacerd corosync on nodeb and nodec anyway" bash -c \
	"grep -qx 'nodeb: systemctl stop pacerd corosync' '$dir/cmd.log' && grep -qx 'nodec: systemctl stop pacerd corosync' '$dir/cmd.log' && grep -q 'this node: cluster stop failed' run.log && grep -q 'failed on noded\$' run.log"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
