#!/bin/bash
# Three Corosync + pacerd nodes in network namespaces (veth pairs to a
# bridge in a namespace of its own), driven with the pacer commands.
# Checks: the cluster forms, CIB replication, 100 concurrent changes from
# different nodes leave identical CIBs, a restarted node gets the newest
# CIB, a corrupt CIB file is replaced from the cluster, cib-push of an
# offline-built file (story 1), bad input refused without a change
# (including a user outside haclient), quorum loss of an isolated node,
# the coordinator moving after kill -9 of corosync, fencing with a test
# agent; probes, clone notifications, recurring monitor records,
# operations under way shown as Starting/Stopping (a new coordinator
# waits for them),
# cluster-recheck-interval and failure-timeout.  Every wait polls with a
# deadline (wait_for).  Needs root.  Usage: cluster.sh BUILD-DIR
set -u
. "$(dirname "$0")/../lib/nsnet.sh"
B=$(readlink -f "${1:?usage: cluster.sh BUILD-DIR}")
P=$B/pacer
PACERD=$B/pacerd
pass=0
fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "FAIL - $*"; fail=$((fail + 1)); }

if [ "$(id -u)" != 0 ] || ! command -v corosync >/dev/null; then
	echo "SKIP - needs root and corosync"
	echo "0 passed, 1 failed"
	exit 1
fi

tag=pcr$$
dir=$(mktemp -d /tmp/pacer-cluster.XXXXXX)
chmod 755 "$dir"
BR=${tag}br
declare -A CSPID PDPID
ALLPIDS=()	# every corosync and pacerd started, for /dev/shm cleanup
N="1 2 3"

cleanup() {
	for i in $N; do
		for p in ${PDPID[$i]:-} ${CSPID[$i]:-}; do
			{ kill -9 "$p" && wait "$p"; } 2>/dev/null
		done
	done
	sleep 0.3
	for p in "${ALLPIDS[@]}"; do
		rm -rf /dev/shm/qb-"$p"-* /dev/shm/qb-*-"$p"-* \
			/dev/shm/qb-corosync-"$p"-* 2>/dev/null
	done
	nsnet_down "$tag" $N
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE


sock() { echo "$dir/n$1/pacer/pacerd.sock"; }
# pacer on node i
pc() { local i=$1; shift; PACER_SOCKET=$(sock "$i") PACER_FENCE_PATH=$dir "$P" "$@"; }

start_corosync() {
	local i=$1
	ip netns exec ${tag}n$i unshare -m --propagation private sh -c \
		"mount --bind $dir/n$i/run /run && exec corosync -f -c $dir/n$i/corosync.conf" \
		>"$dir/n$i/corosync.out" 2>&1 &
	CSPID[$i]=$!
	ALLPIDS+=($!)
}

# pacerd in the node's network namespace and a mount namespace with the
# node's own /run (agents keep their state under /run).
start_pacerd() {
	local i=$1
	ip netns exec ${tag}n$i unshare -m --propagation private sh -c \
		"mount --bind $dir/n$i/run /run && exec env PACER_SOCKET=$(sock "$i") \
		PACER_FENCE_PATH=$dir PACER_SHIM_DIR=$B/pacer-shim $PACERD \
		--state-dir $dir/n$i/state --log $dir/n$i/pacerd.log" &
	PDPID[$i]=$!
	ALLPIDS+=($!)
}


# corosync on node $1 answers (quorate or not)
cs_ready() { ip netns exec ${tag}n$1 corosync-quorumtool -s >/dev/null 2>&1; [ $? != 1 ]; }
members() { pc "$1" status | grep -q "Online: \[ $2 \]"; }
digest() { md5sum <"$dir/n$1/state/cib.xml" | cut -c1-32; }
same_cib() {
	local d1 d
	d1=$(digest "$1") || return 1
	shift
	for i in "$@"; do
		d=$(digest "$i") || return 1
		[ "$d" = "$d1" ] || return 1
	done
}
epoch() { sed -n 's/.* epoch="\([0-9]*\)".*/\1/p' "$dir/n$1/state/cib.xml" | head -1; }

echo "== setup"
for i in $N; do mkdir -p "$dir/n$i/run" "$dir/n$i/state" "$dir/n$i/cs"; done
if pc 1 cluster setup pacertest n1 addr=10.77.0.1 n2 addr=10.77.0.2 n3 addr=10.77.0.3 --local \
	--token 1000 --corosync_conf "$dir/corosync.conf" >/dev/null &&
   grep -q 'transport: knet' "$dir/corosync.conf" &&
   grep -q 'provider: corosync_votequorum' "$dir/corosync.conf" &&
   ! grep -q two_node "$dir/corosync.conf" && [ -s "$dir/authkey" ]; then
	ok "cluster setup wrote corosync.conf (knet, votequorum) and authkey"
else
	bad "cluster setup"
fi
if pc 1 cluster setup two a addr=10.0.0.1 b addr=10.0.0.2 --local \
	--corosync_conf "$dir/two.conf" >/dev/null && grep -q 'two_node: 1' "$dir/two.conf"; then
	ok "two nodes get two_node: 1"
else
	bad "two_node"
fi
for i in $N; do
	sed -e "s|^totem {|totem {\n    keyfile: $dir/authkey\n    token_coefficient: 0|" \
	    -e "s|^    logfile: .*|    logfile: $dir/n$i/corosync.log|" \
	    -e 's|to_syslog: yes|to_syslog: no|' "$dir/corosync.conf" >"$dir/n$i/corosync.conf"
	printf 'system {\n    state_dir: %s\n}\n' "$dir/n$i/cs" >>"$dir/n$i/corosync.conf"
done
nsnet_up "$tag" 10.77.0 $N || { bad "network namespaces"; echo "$pass passed, $fail failed"; exit 1; }
for i in $N; do start_corosync $i; done
for i in $N; do wait_for 20 cs_ready $i || bad "corosync on n$i not ready"; done
for i in $N; do start_pacerd $i; done

echo "== acceptance 1: the cluster forms, changes replicate"
if wait_for 30 members 1 "n1 n2 n3" && wait_for 10 members 3 "n1 n2 n3"; then
	ok "three members online, seen from n1 and n3"
else
	bad "cluster did not form"; pc 1 status
fi
if pc 2 status | grep -q 'Current DC: n1 (pacer) - partition with quorum'; then
	ok "coordinator is n1 (lowest node id), partition with quorum"
else
	bad "DC"; pc 2 status | head -5
fi
pc 2 property set stonith-enabled=false >/dev/null
if wait_for 10 same_cib 1 2 3 && grep -q 'stonith-enabled' "$dir/n3/state/cib.xml"; then
	ok "property set on n2 reached n1 and n3 (identical CIB files)"
else
	bad "replication of one change"
fi

t0=$(date +%s%N)
pc 3 property set latency-probe=1 >/dev/null
echo "INFO - one change from n3 took $((($(date +%s%N) - t0) / 1000000)) ms (commit on every node)"
start=$SECONDS
pids=()
for k in $(seq 1 100); do
	i=$((k % 3 + 1))
	case $((k % 4)) in
	0) pc $i property set "test-prop-$k=$k" ;;
	1) pc $i resource create "d$k" ocf:heartbeat:Dummy --disabled ;;
	2) pc $i resource defaults "test-default-$k=$k" ;;
	3) pc $i resource create "s$k" ocf:heartbeat:Dummy meta "note=$k" --disabled ;;
	esac >"$dir/c$k.out" 2>&1 &
	pids+=($!)
done
nfail=0
for p in "${pids[@]}"; do wait "$p" || nfail=$((nfail + 1)); done
if [ $nfail = 0 ]; then
	ok "100 concurrent changes on n1, n2, n3 all succeeded ($((SECONDS - start)) s)"
else
	bad "$nfail of 100 concurrent changes failed"; cat "$dir"/c*.out | sort | uniq -c | head
fi
if wait_for 15 same_cib 1 2 3; then
	ok "CIB identical on all nodes after 100 concurrent changes (epoch $(epoch 1))"
else
	bad "CIBs differ: epochs $(epoch 1) $(epoch 2) $(epoch 3)"
fi
cnt=$(grep -c -E 'name="test-prop-|<primitive id="[ds][0-9]+"|name="test-default-' "$dir/n2/state/cib.xml")
[ "$cnt" = 100 ] && ok "all 100 changes are in the CIB" || bad "CIB holds $cnt of 100 changes"

echo "== probes: a resource found running where the cluster did not start it"
# pr1 'runs' on n3 before the cluster knows it (Dummy's state file); the
# probe on n3 finds it, the disabled resource is stopped there, and once
# enabled it starts where the constraint puts it.
mkdir -p "$dir/n3/run/resource-agents"
touch "$dir/n3/run/resource-agents/Dummy-pr1.state"
pc 1 resource create pr1 ocf:heartbeat:Dummy --disabled >/dev/null
pc 1 constraint location pr1 prefers n1 >/dev/null
if wait_for 30 grep -q 'n3: monitor pr1: rc=0' "$dir/n3/pacerd.log" &&
   wait_for 20 bash -c "[ ! -e $dir/n3/run/resource-agents/Dummy-pr1.state ]" &&
   grep -q 'n2: monitor pr1: rc=7' "$dir/n2/pacerd.log"; then
	ok "probe of pr1 on every node: found running on n3 (rc 0), not on n2 (rc 7); stopped on n3"
else
	bad "probe of pr1"; grep -h 'pr1' "$dir"/n[123]/pacerd.log | tail
fi
pc 1 resource enable pr1 >/dev/null
running_on() { pc 1 status | grep -E "^ *\* $1[[:space:]].*Started $2\b"; }
if wait_for 20 running_on pr1 n1 && [ ! -e "$dir/n3/run/resource-agents/Dummy-pr1.state" ]; then
	ok "pr1 enabled: runs on n1 only"
else
	bad "pr1 after enable"; pc 1 status | grep pr1
fi
pc 1 resource disable pr1 >/dev/null

echo "== a resource its probe finds running stays and is monitored there"
# pr2 'runs' on n2 before the cluster knows it; stickiness keeps it there,
# so no start is issued: the probe alone must start its recurring monitor.
mkdir -p "$dir/n2/run/resource-agents"
touch "$dir/n2/run/resource-agents/Dummy-pr2.state"
pc 1 resource create pr2 ocf:heartbeat:Dummy meta resource-stickiness=1000 \
	op monitor interval=3s >/dev/null
pr2mon() {
	python3 - "$dir/n1/state/cib.xml" <<'EOF2'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
for st in r.iter('node_state'):
    if st.get('uname') != 'n2':
        continue
    ops = [o for o in st.iter('lrm_rsc_op') if o.get('id') == 'pr2_monitor_3000']
    sys.exit(0 if ops and ops[0].get('rc-code') == '0' else 1)
sys.exit(1)
EOF2
}
if wait_for 30 grep -q 'n2: monitor pr2: rc=0' "$dir/n2/pacerd.log" &&
   wait_for 20 pr2mon && ! grep -q 'start pr2' "$dir"/n[123]/pacerd.log; then
	ok "pr2 found running on n2 by its probe, left there (no start) and monitored every 3 s (pr2_monitor_3000 on n2)"
else
	bad "pr2 found by a probe is not monitored"; grep -h 'pr2' "$dir"/n[123]/pacerd.log | tail
fi
pc 1 resource disable pr2 >/dev/null

echo "== an operation under way shows as Starting, then Stopping"
# The executor records an operation it begins (rc-code 193, op-status -1,
# as Pacemaker's record-pending) until its result replaces it.
pc 1 resource create slow ocf:pacemaker:Dummy op_sleep=4 op start timeout=30s \
	op stop timeout=30s op monitor interval=60s >/dev/null
shows() { pc 1 status | grep -Eq "^ *\* slow[[:space:]].*[[:space:]]$1 n[123]\b"; }
if wait_for 15 shows Starting && wait_for 20 shows Started; then
	ok "a 4 s start: 'Starting NODE' while it runs, then 'Started NODE'"
else
	bad "pending start not shown"; pc 1 status | grep slow
fi
pc 1 resource disable slow >/dev/null
if wait_for 15 shows Stopping && wait_for 20 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -Eq '^ *\* slow[[:space:]].*Stopped \(disabled\)'"; then
	ok "disabled: 'Stopping NODE' while the stop runs, then Stopped"
else
	bad "pending stop not shown"; pc 1 status | grep slow
fi

echo "== a restarted node receives the newest CIB; a corrupt CIB is replaced"
kill "${PDPID[3]}"; wait "${PDPID[3]}" 2>/dev/null
pc 1 property set while-n3-away=yes >/dev/null
start_pacerd 3
if wait_for 15 same_cib 1 2 3 && grep -q while-n3-away "$dir/n3/state/cib.xml"; then
	ok "n3 restarted and took the newer CIB"
else
	bad "n3 did not catch up"
fi
kill "${PDPID[3]}"; wait "${PDPID[3]}" 2>/dev/null
sed -i 's/while-n3-away/while-n3-AWAY/' "$dir/n3/state/cib.xml"
start_pacerd 3
if wait_for 15 same_cib 1 2 3 && grep -q 'corrupt' "$dir/n3/pacerd.log" &&
   grep -q while-n3-away "$dir/n3/state/cib.xml"; then
	ok "corrupt CIB on n3 detected (digest) and replaced from the cluster"
else
	bad "corrupt CIB"; tail -5 "$dir/n3/pacerd.log"
fi

echo "== story 1: offline file + cib-push"
cd "$dir" || exit 1
pc 1 cluster cib drbd_cfg >/dev/null
pc 1 -f drbd_cfg resource create drbd_ha ocf:pacemaker:Stateful op monitor interval=60s >/dev/null &&
pc 1 -f drbd_cfg resource master ms_drbd_ha drbd_ha master-max=1 master-node-max=1 clone-max=2 clone-node-max=1 notify=true >/dev/null &&
pc 1 -f drbd_cfg resource create drbd_fs Dummy fake="/dev/drbd1" >/dev/null &&
pc 1 -f drbd_cfg constraint colocation add drbd_fs with ms_drbd_ha INFINITY with-rsc-role=Master >/dev/null &&
pc 1 -f drbd_cfg constraint order promote ms_drbd_ha then start drbd_fs >/dev/null &&
pc 1 -f drbd_cfg resource create mysql_svc ocf:heartbeat:Dummy fake="/usr/bin/mysqld_safe" op start timeout=60s op stop timeout=60s op monitor interval=20s timeout=30s >/dev/null &&
pc 1 -f drbd_cfg constraint colocation add mysql_svc with drbd_fs INFINITY >/dev/null &&
pc 1 -f drbd_cfg constraint order drbd_fs then mysql_svc >/dev/null
rc=$?
if [ $rc = 0 ] && pc 2 cluster cib-push drbd_cfg >/dev/null && wait_for 10 same_cib 1 2 3 &&
   grep -q 'clone id="ms_drbd_ha"' "$dir/n3/state/cib.xml" &&
   grep -q 'test-prop-4' "$dir/n3/state/cib.xml"; then
	ok "pacer -f drbd_cfg … then cluster cib-push: on every node, earlier settings kept"
else
	bad "story 1 cib-push"
fi

s1() { # promoted node = drbd_fs node = mysql_svc node
	local st p f m
	st=$(pc 1 status)
	p=$(grep -A1 'ms_drbd_ha' <<<"$st" | sed -n 's/.*Promoted: \[ \([a-z0-9]*\) \]/\1/p')
	f=$(sed -n 's/^ *\* drbd_fs[[:space:]].*Started \([a-z0-9]*\)$/\1/p' <<<"$st")
	m=$(sed -n 's/^ *\* mysql_svc[[:space:]].*Started \([a-z0-9]*\)$/\1/p' <<<"$st")
	[ -n "$p" ] && [ "$p" = "$f" ] && [ "$f" = "$m" ] && echo "$p"
}
if wait_for 40 s1; then
	ok "story 1 runs: Stateful promoted, drbd_fs and mysql_svc with it on $(s1)"
	# notify=true: pre and post notifications around the promotion, with
	# the notify variables (the executors log type, operation, lists)
	pn=$(s1)
	if grep -qE "DC: notify drbd_ha:[0-9] on n[0-9] \(pre-promote\)" "$dir/n1/pacerd.log" &&
	   grep -qE "DC: notify drbd_ha:[0-9] on n[0-9] \(post-promote\)" "$dir/n1/pacerd.log" &&
	   grep -qE "notify drbd_ha:[0-9]: pre-promote, promote_uname '$pn', active_resource '[^']*drbd_ha:[0-9]" "$dir"/n[123]/pacerd.log &&
	   grep -qE "notify drbd_ha:[0-9]: post-promote, promote_uname '$pn'" "$dir"/n[123]/pacerd.log &&
	   grep -qE "n[0-9]: notify drbd_ha:[0-9]: rc=0" "$dir"/n[123]/pacerd.log; then
		ok "notify=true: Stateful instances got pre-promote and post-promote notifications (promote_uname $pn)"
	else
		bad "notifications for ms_drbd_ha"; grep -h notify "$dir"/n[123]/pacerd.log | head
	fi
	pc 1 cluster cib "$dir/s1.xml" >/dev/null
	sed -i 's/<cib /<cib have-quorum="1" /' "$dir/s1.xml"
	bash -c "crm_simulate -x $dir/s1.xml -S >$dir/sim1.out 2>&1" 2>/dev/null
	sed -n '/^Transition Summary/,/^Executing/p' "$dir/sim1.out" |
		grep -E 'drbd|mysql' | grep -v 'Restart.*due to resource definition change' >"$dir/moves1.txt"
	if grep -q "Promoted: \[ $(s1) \]" "$dir/sim1.out" && [ ! -s "$dir/moves1.txt" ]; then
		ok "crm_simulate on the cluster's CIB: story 1 placement is Pacemaker's (nothing to start, stop, promote or move)"
	else
		bad "crm_simulate would change story 1's placement"; cat "$dir/moves1.txt"
		sed -n '/Full List/,/Executing/p' "$dir/sim1.out" | head -30
	fi
else
	bad "story 1 did not come up"; pc 1 status | sed -n '/Full List/,$p' | grep -v disabled
fi

echo "== acceptance 2: story 3 on the running cluster (Dummy for IPaddr2, haproxy, zabbix)"
# story 1's resources out of the way (they were checked above)
pc 1 resource disable ms_drbd_ha drbd_fs mysql_svc >/dev/null
s3ok=0
pc 1 property set stonith-enabled=false >/dev/null || s3ok=1
pc 2 resource create ClusterIP ocf:heartbeat:Dummy fake="192.168.0.10" op monitor interval=30s >/dev/null || s3ok=1
pc 3 resource create lb-haproxy ocf:heartbeat:Dummy --clone >/dev/null || s3ok=1
pc 1 constraint colocation add lb-haproxy-clone ClusterIP INFINITY >/dev/null || s3ok=1
pc 2 constraint order ClusterIP then lb-haproxy-clone >/dev/null || s3ok=1
pc 3 constraint location ClusterIP prefers n2 >/dev/null || s3ok=1
pc 1 resource defaults resource-stickiness=100 >/dev/null || s3ok=1
pc 2 resource group add zabbix ClusterIP zabbix-server >/dev/null 2>&1 || s3ok=1
pc 3 resource create zabbix-server ocf:heartbeat:Dummy op monitor interval=5s >/dev/null || s3ok=1
pc 1 property set pe-warn-series-max=1000 pe-input-series-max=1000 pe-error-series-max=1000 cluster-recheck-interval=5min >/dev/null || s3ok=1
pc 2 verify >/dev/null || s3ok=1
[ $s3ok = 0 ] && ok "story 3's commands ran as typed on n1/n2/n3" || bad "story 3's commands"
running_on() { pc 1 status | grep -E "^ *\* $1[[:space:]].*Started $2\b"; }
if wait_for 30 running_on ClusterIP n2 && wait_for 20 running_on zabbix-server '[a-z0-9]+' &&
   wait_for 20 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -A2 'lb-haproxy-clone' | grep -q 'Started: \[ n2 \]'"; then
	ok "ClusterIP and lb-haproxy run on n2"
else
	bad "story 3 placement"; pc 1 status; tail -20 "$dir/n1/pacerd.log"
fi
# Pacemaker's scheduler on the same CIB (configuration and the status our
# executors wrote) must see nothing to start, stop or move for story 3.
pc 1 cluster cib "$dir/s3.xml" >/dev/null
sed -i 's/<cib /<cib have-quorum="1" /' "$dir/s3.xml"
bash -c "crm_simulate -x $dir/s3.xml -S >$dir/sim.out 2>&1" 2>/dev/null
sed -n '/^Transition Summary/,/^Executing/p' "$dir/sim.out" |
	grep -E 'ClusterIP|lb-haproxy|zabbix' |
	grep -v 'Restart.*due to resource definition change' >"$dir/moves.txt"
if grep -q 'Started n2' <(grep ClusterIP "$dir/sim.out") && [ ! -s "$dir/moves.txt" ]; then
	ok "crm_simulate on the cluster's CIB: story 3 placement is Pacemaker's (nothing to start, stop or move)"
else
	bad "crm_simulate would change story 3's placement"; cat "$dir/moves.txt"; sed -n '/Transition Summary/,$p' "$dir/sim.out" | head
fi

# The recurring monitor of zabbix-server is in the status once it runs:
# zabbix-server_monitor_5000, rc 0, with an op-digest.
recmon() {
	python3 - "$dir/n2/state/cib.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
ops = [o for o in r.iter('lrm_rsc_op') if o.get('id') == 'zabbix-server_monitor_5000']
sys.exit(0 if ops and all(o.get('rc-code') == '0' and len(o.get('op-digest', '')) == 32 and o.get('interval') == '5000' for o in ops) else 1)
EOF
}
if wait_for 15 recmon; then
	ok "recurring monitor recorded in the status (zabbix-server_monitor_5000, rc 0, op-digest)"
else
	bad "recurring monitor not in the status"; grep -o '<lrm_rsc_op id="zabbix[^>]*>' "$dir/n2/state/cib.xml"
fi

echo "== acceptance 4: a failing monitor is recovered in place, then moves at migration-threshold"
pc 1 resource meta zabbix-server migration-threshold=2 >/dev/null
znode() { pc 1 status | sed -n 's/^ *\* zabbix-server[[:space:]].*Started \([a-z0-9]*\).*/\1/p'; }
zn=$(znode)
fail_monitor() { # remove Dummy's state file on node $1: monitor returns 7
	rm -f "$dir/n$1/run/resource-agents/Dummy-zabbix-server.state"
}
nstart() { grep -c "$zn: start zabbix-server: rc=0" "$dir/$zn/pacerd.log"; }
ns0=$(nstart)
fail_monitor "${zn#n}"
if wait_for 20 bash -c "grep -q 'monitor of zabbix-server returned 7' $dir/$zn/pacerd.log" &&
   wait_for 20 bash -c "[ \"\$(PACER_SOCKET=$(sock 1) $P status | sed -n 's/^ *\\* zabbix-server[[:space:]].*Started \\([a-z0-9]*\\).*/\\1/p')\" = $zn ]" &&
   [ -e "$dir/${zn}/run/resource-agents/Dummy-zabbix-server.state" ]; then
	ok "failed monitor of zabbix-server on $zn: recovered in place"
else
	bad "recovery in place"; pc 1 status | grep -i zabbix; grep zabbix "$dir/$zn/pacerd.log" | tail
fi
# the second failure once the restart in place has completed
wait_for 20 bash -c "[ \$(grep -c '$zn: start zabbix-server: rc=0' $dir/$zn/pacerd.log) -gt $ns0 ]" ||
	bad "no restart of zabbix-server on $zn"
fail_monitor "${zn#n}"
if wait_for 30 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -E '\* zabbix-server.*Started' | grep -vq $zn"; then
	ok "second failure (migration-threshold=2): zabbix-server moved away from $zn"
else
	bad "no move at migration-threshold"; pc 1 status | grep -i zabbix
fi
if grep -q "fail-count-zabbix-server" "$dir/n1/state/cib.xml" &&
   pc 1 resource cleanup zabbix-server >/dev/null &&
   wait_for 10 bash -c "! grep -q fail-count-zabbix-server $dir/n1/state/cib.xml"; then
	ok "resource cleanup cleared the failcount"
else
	bad "cleanup"
fi

echo "== cluster-recheck-interval and failure-timeout"
dclog=$dir/n1/pacerd.log	# n1 is the coordinator until acceptance 3
nrecheck() { grep -c 'cluster-recheck-interval elapsed' "$dclog"; }
pc 1 property set cluster-recheck-interval=2s >/dev/null
r0=$(nrecheck); sleep 5; r1=$(nrecheck)
pc 1 property set cluster-recheck-interval=5min >/dev/null
sleep 0.5; r2=$(nrecheck); sleep 3; r3=$(nrecheck)
if [ $((r1 - r0)) -ge 2 ] && [ $((r1 - r0)) -le 3 ] && [ "$r3" = "$r2" ]; then
	ok "cluster-recheck-interval honoured: $((r1 - r0)) timed runs in 5 s at 2s, none in 3 s at 5min"
else
	bad "cluster-recheck-interval: $((r1 - r0)) runs in 5 s at 2s, $((r3 - r2)) in 3 s at 5min"
fi
pc 1 resource create ft1 ocf:heartbeat:Dummy op monitor interval=2s meta failure-timeout=6s migration-threshold=1 --disabled >/dev/null
pc 1 constraint location ft1 prefers n1=500 >/dev/null
pc 1 resource enable ft1 >/dev/null
if wait_for 20 running_on ft1 n1; then
	rm -f "$dir/n1/run/resource-agents/Dummy-ft1.state"
	if wait_for 20 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -E '^ *\* ft1[[:space:]].*Started n[23]'"; then
		t0=$SECONDS
		if wait_for 30 running_on ft1 n1 && grep -q 'failure of ft1 on n1 expired' "$dclog" &&
		   ! grep -q 'fail-count-ft1' "$dir/n2/state/cib.xml"; then
			ok "failure-timeout=6s: ft1 moved away at migration-threshold=1, its failure expired and it returned to n1 ($((SECONDS - t0)) s later)"
		else
			bad "ft1 did not return after failure-timeout"; pc 1 status | grep ft1
		fi
	else
		bad "ft1 did not move after its monitor failed"
	fi
else
	bad "ft1 did not start on n1"
fi
pc 1 resource disable ft1 >/dev/null

echo "== acceptance 3: kill -9 of corosync and pacerd on the node running the group"
gnode() { pc $1 status | sed -n 's/^ *\* ClusterIP[[:space:]].*Started \([a-z0-9]*\).*/\1/p'; }
pc 1 constraint remove location-ClusterIP-n2-INFINITY >/dev/null
wait_for 10 same_cib 1 2 3 || bad "constraint removal did not replicate"
g=$(gnode 1); gi=${g#n}; other=$(( gi == 1 ? 2 : 1 ))
t0=$(date +%s.%N)
{ kill -9 "${PDPID[$gi]}" "${CSPID[$gi]}"; wait "${PDPID[$gi]}" "${CSPID[$gi]}"; } 2>/dev/null
if [ -n "$g" ] && wait_for 30 bash -c "PACER_SOCKET=$(sock $other) $P status | grep -E '^ *\* ClusterIP[[:space:]].*Started n' | grep -vq 'Started $g'"; then
	t1=$(date +%s.%N)
	ok "group moved from $g to $(gnode $other) in $(echo "$t1 - $t0" | bc) s (token 1000 + consensus 1200 + 2 s = 4.2 s allowed)"
	[ "$(echo "$t1 - $t0 < 4.2" | bc)" = 1 ] && ok "within token + consensus + 2 s" || bad "slower than token + consensus + 2 s"
else
	bad "group did not move after $g died"; pc $other status | tail -8
fi
new=$(gnode $other)
rm -rf "$dir/n$gi/run/"*	# the node reboots: /run is empty
mkdir -p "$dir/n$gi/run"
loglines=$(wc -l <"$dir/n$gi/pacerd.log")
start_corosync $gi; wait_for 20 bash -c "ip netns exec ${tag}n$gi corosync-quorumtool -s >/dev/null 2>&1; [ \$? != 1 ]"; start_pacerd $gi
if wait_for 30 members $other "n1 n2 n3" && sleep 5 && [ "$(gnode $other)" = "$new" ]; then
	ok "$g returned; stickiness kept the group on $new"
else
	bad "group after $g returned: $(gnode $other)"
fi
if tail -n +$((loglines + 1)) "$dir/n$gi/pacerd.log" | grep -q "$g: monitor ClusterIP: rc=7"; then
	ok "$g was probed when it joined (ClusterIP not running there: rc 7)"
else
	bad "no probe on $g after it joined"
fi

echo "== a coordinator that takes over plans nothing over an operation under way"
# slow2 starts (8 s) on a node that is not the coordinator; the
# coordinator dies meanwhile.  The new one finds the pending record and
# waits for the result instead of planning slow2 (or anything) again.
dcn=$(pc 1 status | sed -n 's/.*Current DC: \(n[0-9]\).*/\1/p'); di=${dcn#n}
ti=3; [ "$di" = 3 ] && ti=2
nd=1; [ "$di" = 1 ] && nd=2	# the next coordinator: the lowest id left
pc $ti resource create slow2 ocf:pacemaker:Dummy op_sleep=8 op start timeout=30s \
	op monitor interval=60s --disabled >/dev/null
pc $ti constraint location slow2 prefers n$ti >/dev/null
pc $ti resource enable slow2 >/dev/null
starting() { pc $ti status | grep -Eq "^ *\* slow2[[:space:]].*Starting n$ti"; }
if [ -n "$di" ] && wait_for 15 starting; then
	nlines=$(wc -l <"$dir/n$nd/pacerd.log")
	{ kill -9 "${PDPID[$di]}" "${CSPID[$di]}"; wait "${PDPID[$di]}" "${CSPID[$di]}"; } 2>/dev/null
	if wait_for 20 grep -q "waiting for the start of slow2 on n$ti to finish" "$dir/n$nd/pacerd.log" &&
	   wait_for 20 bash -c "PACER_SOCKET=$(sock $ti) $P status | grep -Eq '^ *\* slow2[[:space:]].*Started n$ti'" &&
	   sleep 2 && ! tail -n +$((nlines + 1)) "$dir/n$nd/pacerd.log" | grep -q "DC: start slow2"; then
		ok "n$di (coordinator) killed during slow2's start on n$ti: n$nd took over, waited for the start, planned no second one"
	else
		bad "new coordinator and the pending start"; tail -n +$((nlines + 1)) "$dir/n$nd/pacerd.log" | grep -i 'slow2\|waiting' | head
	fi
	rm -rf "$dir/n$di/run/"*
	mkdir -p "$dir/n$di/run"
	start_corosync $di; wait_for 20 cs_ready $di; start_pacerd $di
	wait_for 30 members $ti "n1 n2 n3" || bad "n$di did not return"
else
	bad "slow2 not seen starting on n$ti (coordinator '$dcn')"
fi
pc $ti resource disable slow2 >/dev/null
wait_for 30 bash -c "PACER_SOCKET=$(sock $ti) $P status | grep -Eq '^ *\* slow2[[:space:]].*Stopped \(disabled\)'" ||
	bad "slow2 did not stop"

echo "== bad input changes nothing"
refused() { # refused DESCRIPTION CMD...: fails with Error:, CIB unchanged
	local d=$1 before; shift
	before=$(digest 1)
	if ! pc 1 status >/dev/null 2>&1; then bad "$d (cluster not running)"; return; fi
	if "$@" >"$dir/bad.out" 2>&1; then bad "$d (accepted)"; return; fi
	sleep 0.5
	if grep -q 'Error' "$dir/bad.out" && [ "$(digest 1)" = "$before" ] && same_cib 1 2 3; then
		ok "$d: $(grep -m1 Error "$dir/bad.out")"
	else
		bad "$d"; cat "$dir/bad.out"
	fi
}
refused "unknown agent" pc 1 resource create bad1 ocf:heartbeat:NoSuchAgent
refused "constraint on a missing resource" pc 2 constraint location nosuch prefers n1
echo '<cib epoch="999"><configuration><resources>' >"$dir/broken.xml"
refused "malformed CIB push" pc 3 cluster cib-push "$dir/broken.xml"
printf '<cib epoch="999" admin_epoch="0"><configuration><crm_config/><nodes/><resources/><constraints><rsc_location id="l" rsc="ghost" node="n1" score="1"/></constraints></configuration></cib>' >"$dir/ghost.xml"
refused "CIB push with a dangling reference" pc 3 cluster cib-push "$dir/ghost.xml"
refused "user outside haclient on the socket" setpriv --reuid=65534 --regid=65534 --clear-groups \
	env PACER_SOCKET="$(sock 1)" "$P" property set evil=1

echo "== fencing with a test agent"
cat >"$dir/fence_pacertest" <<EOF
#!/bin/sh
# test fence agent: records its stdin; fails when \$dir/fence-fail exists
cat >>"$dir/fence.log"
echo "--- \$(date +%s.%N)" >>"$dir/fence.log"
[ -e "$dir/fence-fail" ] && exit 1
exit 0
EOF
chmod +x "$dir/fence_pacertest"
if pc 1 stonith create fence-test fence_pacertest pcmk_host_list="n1 n2 n3" ipaddr=192.0.2.1 >/dev/null &&
   pc 2 stonith fence n3 --off >/dev/null && grep -q 'action=off' "$dir/fence.log" &&
   grep -q 'port=n3' "$dir/fence.log" && grep -q 'ipaddr=192.0.2.1' "$dir/fence.log" &&
   ! grep -q pcmk_host_list "$dir/fence.log"; then
	ok "stonith fence n3 --off ran the agent with action=off port=n3 and its parameters on stdin"
else
	bad "stonith fence"; cat "$dir/fence.log" 2>/dev/null
fi
touch "$dir/fence-fail"
if pc 2 stonith fence n3 >"$dir/f.out" 2>&1; then
	bad "a failing fence agent reported success"
else
	ok "failing fence agent reported: $(head -1 "$dir/f.out")"
fi
rm -f "$dir/fence-fail"

echo "== acceptance 6: a lost node is fenced before its resources start elsewhere"
reboot_node() { # kill -9 corosync and pacerd of node $1, clear its /run
	{ kill -9 "${PDPID[$1]}" "${CSPID[$1]}"; wait "${PDPID[$1]}" "${CSPID[$1]}"; } 2>/dev/null
}
restart_node() {
	rm -rf "$dir/n$1/run/"*
	start_corosync $1; wait_for 20 cs_ready $1; start_pacerd $1
}
pc 1 property set stonith-enabled=true >/dev/null
pc 1 resource create f6 ocf:heartbeat:Dummy --disabled >/dev/null
pc 1 constraint location f6 prefers n3=200 >/dev/null
pc 1 resource enable f6 >/dev/null
wait_for 20 running_on f6 n3 || bad "f6 did not start on n3"
: >"$dir/fence.log"
reboot_node 3
if wait_for 30 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -E '^ *\\* f6[[:space:]].*Started n[12]'"; then
	fl=$(grep -n 'fencing n3 before recovery' "$dir/n1/pacerd.log" | tail -1 | cut -d: -f1)
	sl=$(grep -n 'DC: start f6 on' "$dir/n1/pacerd.log" | tail -1 | cut -d: -f1)
	if grep -q 'port=n3' "$dir/fence.log" && grep -q 'action=reboot' "$dir/fence.log" &&
	   [ -n "$fl" ] && [ -n "$sl" ] && [ "$fl" -lt "$sl" ]; then
		ok "n3 was fenced (reboot) before f6 started on a survivor"
	else
		bad "fence order"; grep -E 'fenc|f6' "$dir/n1/pacerd.log" | tail
	fi
else
	bad "f6 not recovered after n3 was lost"; grep -E 'fenc|f6' "$dir/n1/pacerd.log" | tail
fi
restart_node 3
wait_for 60 members 1 "n1 n2 n3" && wait_for 60 running_on f6 n3 || bad "f6 did not return to n3"
# n3 lost while slow3 starts (12 s) on n2: the coordinator waits for that
# start before it plans more, but fences n3 at once
pc 1 resource create slow3 ocf:pacemaker:Dummy op_sleep=12 op start timeout=30s \
	--disabled >/dev/null
pc 1 constraint location slow3 prefers n2=300 >/dev/null
pc 1 constraint location slow3 avoids n3 >/dev/null
: >"$dir/fence.log"
pc 1 resource enable slow3 >/dev/null
s3start() { pc 1 status | grep -Eq "^ *\* slow3[[:space:]].*Starting n2"; }
if wait_for 40 s3start; then	# after 12 s probes
	reboot_node 3
	if wait_for 20 grep -q 'port=n3' "$dir/fence.log" && s3start; then
		ok "n3 lost during slow3's 12 s start on n2: fenced at once, while the start still ran"
	else
		bad "n3 not fenced while slow3 started"; grep -E 'fenc|slow3|waiting' "$dir/n1/pacerd.log" | tail
	fi
	if wait_for 40 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -E '^ *\* f6[[:space:]].*Started n[12]'" &&
	   wait_for 20 running_on slow3 n2; then
		ok "after the start: f6 recovered on a survivor, slow3 Started on n2"
	else
		bad "recovery after the start"; pc 1 status | grep -E 'f6|slow3'
	fi
	restart_node 3
	wait_for 60 members 1 "n1 n2 n3" && wait_for 60 running_on f6 n3 || bad "f6 did not return to n3"
else
	bad "slow3 not seen starting on n2"
fi
pc 1 resource disable slow3 >/dev/null
touch "$dir/fence-fail"
nff=$(grep -c 'fencing n3 failed' "$dir/n1/pacerd.log")
reboot_node 3
# two failed attempts (the retry comes 5 s after the first)
if wait_for 30 bash -c "[ \$(grep -c 'fencing n3 failed' $dir/n1/pacerd.log) -ge $((nff + 2)) ]" &&
   ! pc 1 status | grep -qE '^ *\* f6[[:space:]].*Started n[12]'; then
	ok "fencing n3 failed: f6 was not started elsewhere"
else
	bad "f6 started although fencing failed"; pc 1 status | grep f6
fi
rm -f "$dir/fence-fail"
if wait_for 30 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -E '^ *\\* f6[[:space:]].*Started n[12]'"; then
	ok "once fencing works again, n3 is fenced and f6 recovered"
else
	bad "no recovery after fencing was repaired"
fi
restart_node 3
wait_for 30 members 1 "n1 n2 n3" || bad "n3 did not return"
pc 1 property set stonith-enabled=false >/dev/null
pc 1 resource disable f6 >/dev/null

echo "== acceptance 5: isolated n3 loses quorum and stops its resources, n1+n2 carry on"
pc 1 resource create q3 ocf:heartbeat:Dummy --disabled >/dev/null
pc 1 constraint location q3 prefers n3=200 >/dev/null
# q4 has no recurring monitor: it must be stopped as well
pc 1 resource create q4 ocf:heartbeat:Dummy op monitor interval=0s --disabled >/dev/null
pc 1 constraint location q4 prefers n3=200 >/dev/null
pc 1 resource enable q3 q4 >/dev/null
wait_for 20 running_on q3 n3 || bad "q3 did not start on n3"
wait_for 20 running_on q4 n3 || bad "q4 did not start on n3"
t0=$(date +%s.%N)
ip -n "$BR" link set ${tag}v3 down
if wait_for 20 bash -c "PACER_SOCKET=$(sock 3) $P status | grep -q 'WITHOUT quorum'"; then
	t1=$(date +%s.%N)
	ok "n3 reports no quorum after $(echo "$t1 - $t0" | bc) s"
else
	bad "n3 kept quorum"
fi
if wait_for 20 bash -c "[ ! -e $dir/n3/run/resource-agents/Dummy-q3.state ]"; then
	ok "n3 stopped q3 (no-quorum-policy=stop)"
else
	bad "q3 still runs on the isolated n3"
fi
if wait_for 10 bash -c "[ ! -e $dir/n3/run/resource-agents/Dummy-q4.state ]"; then
	ok "n3 stopped q4 too (no recurring monitor)"
else
	bad "q4 (no recurring monitor) still runs on the isolated n3"
fi
if wait_for 20 bash -c "PACER_SOCKET=$(sock 1) $P status | grep -E '^ *\\* q3[[:space:]].*Started n[12]'"; then
	ok "n1+n2 started q3 themselves"
else
	bad "q3 not recovered by n1+n2"
fi
if wait_for 10 members 1 "n1 n2" && pc 1 property set during-partition=yes >/dev/null; then
	ok "n1+n2 keep quorum and accept changes"
else
	bad "n1+n2 partition"
fi
before3=$(digest 3)
if pc 3 property set isolated=yes >"$dir/bad.out" 2>&1; then
	bad "the isolated node accepted a change"
elif grep -q 'no quorum' "$dir/bad.out" && [ "$(digest 3)" = "$before3" ]; then
	ok "a change on the isolated node is refused: $(cat "$dir/bad.out")"
else
	bad "isolated change"; cat "$dir/bad.out"
fi
ip -n "$BR" link set ${tag}v3 up
if wait_for 30 members 3 "n1 n2 n3" && wait_for 15 same_cib 1 2 3 &&
   grep -q during-partition "$dir/n3/state/cib.xml"; then
	ok "n3 rejoined and took the partition's newer CIB"
else
	bad "n3 rejoin"
fi

echo "== coordinator takeover after kill -9 of corosync on the DC"
t0=$(date +%s.%N)
{ kill -9 "${CSPID[1]}"; wait "${CSPID[1]}"; } 2>/dev/null
if wait_for 20 bash -c "PACER_SOCKET=$(sock 2) $P status | grep -q 'Current DC: n2 (pacer) - partition with quorum'"; then
	t1=$(date +%s.%N)
	ok "n2 became DC $(echo "$t1 - $t0" | bc) s after corosync on n1 died (token 1000 ms)"
else
	bad "no DC takeover"
fi
if wait_for 10 bash -c "! kill -0 ${PDPID[1]} 2>/dev/null"; then
	wait "${PDPID[1]}"; rc=$?
	[ $rc = 2 ] && ok "pacerd on n1 noticed corosync's death and exited (status 2)" ||
		bad "pacerd n1 exit status $rc"
else
	bad "pacerd on n1 still running without corosync"
fi
if grep -q 'OFFLINE: \[ n1 \]' <(pc 2 status); then
	ok "pacer status shows n1 OFFLINE"
else
	bad "status after n1 died"; pc 2 status | head -12
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
