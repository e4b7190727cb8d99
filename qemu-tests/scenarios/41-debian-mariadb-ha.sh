#!/bin/bash
# Story 1 end to end (issue 7, acceptance 1-4) in the Debian flavour
# (lab/rootfs.sh): two VMs form a corosync two_node cluster with pacerd;
# drbd promotable clone (ocf:linbit:drbd, fencing resource-only with the
# fence-peer handler) + Filesystem + IPaddr2 + mysql, fence_qemu stonith,
# exactly as configs/lab-mariadb.sh builds it.  A client commits numbered
# rows through the service IP from the node that keeps it reachable; after
# every phase each row whose COMMIT returned must be in the table.
#
#   failover   the Primary VM is killed: the survivor fences it, promotes,
#              mounts, raises the IP, starts MariaDB (acceptance 1); the
#              failover time and its parts from pacerd's log
#   rejoin     the fenced node boots again (its state disk gives it
#              /etc/drbd.conf and the corosync files; corosync and pacerd
#              start at boot), rejoins, resyncs only what is out of sync
#              and stays Secondary; the service stays (acceptance 2)
#   move       `pacer resource move` back while the client commits, then
#              `pacer resource clear` (acceptance 4)
#   partition  one node's wire cut on the host side, both directions: the
#              node that still reaches the power controller fences the
#              other and keeps or takes the service; the cut-off node never
#              promotes, comes back, resyncs, no split brain (acceptance 3)
#
# HA_PHASES picks phases (default all, in this order; `make demo` runs
# "failover").  LAB_SMP=2 gives each VM two vCPUs.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/ha.sh"
LAB_TIMEOUT=300
PHASES=" ${HA_PHASES:-failover rejoin move partition} "
phase() { [[ "$PHASES" == *" $1 "* ]]; }

# 1 GiB: a crashed Primary resyncs its activity log's hot extents too (at
# most 64 x 4 MiB), so the drbd disk must be larger than that for the
# resync of the out-of-sync blocks to show
HA_DISK=1G ha_lab --smp "${LAB_SMP:-1}"

step "the Debian flavour: drbd r0 (fencing resource-only, handlers) with a MariaDB data directory"
require "node1 runs Debian bookworm with MariaDB, corosync, the agents and our tools" node1 '
	grep -q "^12\." /etc/debian_version &&
	for f in /usr/sbin/mariadbd /usr/sbin/corosync /usr/lib/ocf/resource.d/heartbeat/mysql /usr/lib/ocf/resource.d/heartbeat/IPaddr2 /usr/lib/ocf/resource.d/linbit/drbd /usr/sbin/drbdadm /usr/sbin/pacer /usr/sbin/pacerd /usr/sbin/fence_qemu /usr/lib/drbd/fence-peer; do test -x $f || { echo missing $f; exit 1; }; done &&
	test -b /dev/vdb'
ha_drbd_up
ha_mariadb_init node1

step "the cluster (configs/lab-mariadb.sh)"
ha_cluster
put_file node1 /root/lab-mariadb.sh <"$HA_TOP/configs/lab-mariadb.sh"
expect_ok "configs/lab-mariadb.sh pushed" node1 'sh /root/lab-mariadb.sh /root/cfg'
wait_until "MariaDB answers on the service IP" node2 \
	"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'
ha_primary
prim=$HA_PRIM surv=$HA_SURV
ha_status $surv "before"

# ---- failover (acceptance 1) ------------------------------------------------
if phase failover; then
	step "failover: kill the Primary ($prim); client on $surv"
	ha_client $surv 1 /root/c1
	on $surv 'date +%s.%N'
	t_kill=$OUT
	ha_log_mark $surv
	mark=$OUT
	qmp $prim quit >/dev/null
	wait_until "MariaDB answers on the service IP from $surv" $surv \
		"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'
	# a reboot's line is written when the node is on again: poll
	check "the survivor fenced $prim through the power controller (fence_qemu)" \
		wait_for 60 grep -q "reboot $prim -> OK on\|off $prim -> OK off" "$LAB_RUN_DIR/power.log"
	expect_ok "$surv is Primary and holds $VIP" $surv \
		"drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP"
	ha_since $surv "$mark" "$t_kill" "detected=membership: $prim left" \
		"fenced=$prim fenced" 'promoted=promote drbd_ha.*rc=0' \
		'mounted=start drbd_fs: rc=0' 'ip=start mysql_ip: rc=0' 'mysql=start mysql_svc: rc=0'
	parts=$OUT
	sleep 2
	ha_outage $surv /root/c1 "$t_kill"
	echo "# failover: kill -> first commit after the outage: ${OUT:-none} s; $parts"
	on $surv 'sort -n /root/c1 | tail -n1 | cut -d" " -f1'
	ha_check_rows $surv 1 "$OUT"
	ha_status $surv "after the failover"
fi

# ---- the fenced node returns (acceptance 2) ----------------------------------
if phase rejoin; then
	step "rejoin: $prim boots again (fence_qemu reboot) and comes back by itself"
	# the client commits while the old Primary is away: these are the
	# blocks it must get by resync
	sleep 3
	wait_until "$prim is back: its agent answers" $prim 'cat /proc/uptime' 180
	wait_until "$prim started corosync and pacerd at boot" $prim \
		'pgrep -x corosync >/dev/null && pgrep -x pacerd >/dev/null && echo up' 60 up
	wait_until "$prim rejoined the cluster" $surv 'pacer status' 120 \
		'Online:.*node1.*node2|Online:.*node2.*node1'
	on $surv 'date +%s.%N'
	t_join=$OUT
	wait_until "$prim: drbd reconnected, resynced, Secondary and UpToDate" $prim \
		'drbdadm status r0 | tr -s " \n" " "' 180 \
		"role:Secondary disk:UpToDate $surv role:Primary .*peer-disk:UpToDate"
	on $surv 'date +%s.%N'
	t_synced=$OUT
	on $prim "dmesg | sed -n 's/.*resync done: \([0-9]*\) KiB moved.*device \([0-9]*\) KiB.*/\1 \2/p' | tail -n1"
	read -r moved dev <<<"$OUT"
	# it was a crashed Primary: its activity log's hot extents (4 MiB
	# each) are out of sync too, on top of what the survivor wrote
	on $prim "dmesg | sed -n 's/.*hot extents of the activity log marked out of sync (\([0-9]*\) KiB).*/\1/p' | tail -n1"
	al=${OUT:-0}
	echo "# resync on $prim: ${moved:-?} KiB moved of ${dev:-?} KiB ($(awk "BEGIN{printf \"%.1f\", 100 * ${moved:-0} / ${dev:-1}}")%; ${al} KiB of it the crashed Primary's activity-log extents); rejoin -> synced $(awk "BEGIN{printf \"%.1f\", $t_synced - $t_join}") s"
	check "a resync of the out-of-sync blocks only (the survivor's writes + the AL extents), not of the device (${moved:-?} KiB < half of ${dev:-?} KiB)" \
		test -n "$moved" -a -n "$dev" -a "${moved:-0}" -gt 0 -a "$((${moved:-0} * 2))" -lt "${dev:-0}"
	sleep 10
	expect_ok "the service stayed on $surv (Promoted, IP, MariaDB)" $surv \
		"drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP && pgrep -x mariadbd >/dev/null"
	expect_ok "$prim stays Secondary, without the service" $prim \
		"drbdadm role r0 | grep -q ^Secondary && ! ip addr show eth0 | grep -q $VIP && ! pgrep -x mariadbd"
	wait_until "no fence constraint left after the resync" $surv \
		'pacer cluster cib /tmp/cib.xml >/dev/null && ! grep -c drbd-fence-by-handler /tmp/cib.xml' 60
	ha_status $surv "after the rejoin"
fi
if phase failover; then
	ha_client_stop $surv /root/c1
	last1=$OUT
	ha_check_rows $surv 1 "$last1"
fi

# ---- planned switchover (acceptance 4) ---------------------------------------
if phase move; then
	ha_primary
	prim=$HA_PRIM surv=$HA_SURV
	step "move: pacer resource move mysql_svc $surv while the client commits on $prim"
	ha_client $prim 100001 /root/c2
	ha_log_mark $prim
	mark_p=$OUT
	ha_log_mark $surv
	mark_s=$OUT
	on $prim 'date +%s.%N'
	t_move=$OUT
	expect_ok "pacer resource move mysql_svc $surv" $prim "pacer resource move mysql_svc $surv"
	wait_until "MariaDB answers on $VIP from $surv" $prim \
		"mysql -h $VIP -u app -ppw -N -e 'SELECT @@hostname' app" 300 "^$surv\$"
	on $prim 'date +%s.%N'
	t_moved=$OUT
	expect_ok "$surv: drbd promoted, $VIP here" $surv \
		"drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP"
	expect_ok "$prim: drbd demoted, no IP, no MariaDB" $prim \
		"drbdadm role r0 | grep -q ^Secondary && ! ip addr show eth0 | grep -q $VIP && ! pgrep -x mariadbd"
	ha_since $prim "$mark_p" "$t_move" 'stopped=stop mysql_svc: rc=0' 'demoted=demote drbd_ha.*rc=0'
	p1=$OUT
	ha_since $surv "$mark_s" "$t_move" 'promoted=promote drbd_ha.*rc=0' \
		'mounted=start drbd_fs: rc=0' 'mysql=start mysql_svc: rc=0'
	p2=$OUT
	sleep 3
	ha_outage $prim /root/c2 "$t_move"
	echo "# move: command -> MariaDB up on $surv $(awk "BEGIN{printf \"%.1f\", $t_moved - $t_move}") s; commit pause ends +${OUT:-?} s; $p1$p2"
	expect_ok "pacer resource clear mysql_svc" $prim 'pacer resource clear mysql_svc'
	expect_ok "no cli- constraint left" $prim 'pacer cluster cib /tmp/cib.xml >/dev/null && ! grep cli-prefer /tmp/cib.xml'
	sleep 10
	expect_ok "after clear the service stays on $surv (stickiness)" $surv \
		"drbdadm role r0 | grep -q ^Primary && pgrep -x mariadbd >/dev/null"
	ha_client_stop $prim /root/c2
	ha_check_rows $prim 100001 "$OUT"
	[ -n "${last1:-}" ] && ha_check_rows $prim 1 "$last1"
	ha_status $surv "after the move"
fi

# ---- network partition, both directions (acceptance 3) -----------------------
# watch_cut VM_CUT VM_OTHER: sample both drbd roles once a second while
# VM_CUT is cut off, until VM_CUT has been powered off (its agent stops
# answering or its uptime starts again); $W_ROLES = what VM_CUT showed,
# $W_BOTH = samples with two Primaries, $W_N = samples.  (The fence often
# comes within 3-4 s, before the first sample: the kernel's own record of
# role changes on the console is the firmer evidence, see partition.)
watch_cut() {
	local cut=$1 other=$2 up0 i r1 r2 up
	on "$cut" 'cut -d. -f1 /proc/uptime'
	up0=$OUT
	W_ROLES= W_BOTH=0 W_N=0
	for ((i = 0; i < 120; i++)); do
		on "$cut" 'drbdadm role r0 | cut -d/ -f1; cut -d. -f1 /proc/uptime'
		[ "$RC" -eq 0 ] || break
		r1=$(head -n1 <<<"$OUT") up=$(tail -n1 <<<"$OUT")
		[ "$up" -lt "$up0" ] 2>/dev/null && break
		on "$other" 'drbdadm role r0 | cut -d/ -f1'
		r2=$OUT
		W_N=$((W_N + 1))
		[[ " $W_ROLES " == *" $r1 "* ]] || W_ROLES+=" $r1"
		[ "$r1" = Primary ] && [ "$r2" = Primary ] && W_BOTH=$((W_BOTH + 1))
		sleep 1
	done
}

# heal_checks LOSER WINNER: the loser is back and everything is whole
heal_checks() {
	local loser=$1 winner=$2
	wait_until "$loser is back (powered on again, wire reconnected)" $loser 'cat /proc/uptime' 180
	wait_until "$loser rejoined the cluster" $winner 'pacer status' 180 \
		'Online:.*node1.*node2|Online:.*node2.*node1'
	wait_until "drbd connected and resynced: $loser Secondary, $winner Primary, both UpToDate" $loser \
		'drbdadm status r0 | tr -s " \n" " "' 180 \
		"role:Secondary disk:UpToDate $winner role:Primary .*peer-disk:UpToDate"
	expect_ok "$winner: not StandAlone, no split brain left" $winner \
		'drbdadm cstate r0 | grep -qx Connected && ! drbdadm status r0 | grep -qi split'
	on $loser "dmesg | grep -iE 'split.brain|resync done' | tail -n3"
	[ -n "$OUT" ] && sed 's/^/#   '"$loser"': /' <<<"$OUT"
	expect_ok "exactly one node has the service: $winner" $winner \
		"drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP && pgrep -x mariadbd >/dev/null"
	expect_ok "$loser has none of it" $loser \
		"! drbdadm role r0 | grep -q ^Primary && ! ip addr show eth0 | grep -q $VIP && ! pgrep -x mariadbd"
	wait_until "the fence constraint is lifted after the resync" $winner \
		'pacer cluster cib /tmp/cib.xml >/dev/null && ! grep -c drbd-fence-by-handler /tmp/cib.xml' 60
}

# partition CUT OTHER FIRST: cut CUT's wire with a client on the node that
# keeps the service IP reachable
partition() {
	local cut=$1 other=$2 first=$3 t_cut mark last con cmark log=/root/c$3
	# this direction's fencing checks look at its own power requests
	cat "$LAB_RUN_DIR/power.log" >>"$LAB_RUN_DIR/power-before.log"
	: >"$LAB_RUN_DIR/power.log"
	ha_client $other "$first" $log
	ha_log_mark $other
	mark=$OUT
	on $other 'date +%s.%N'
	t_cut=$OUT
	con=$LAB_RUN_DIR/console-$cut.log
	cmark=$(wc -l <"$con")
	link_cut $cut >/dev/null
	watch_cut $cut $other
	check "never two Primaries while $cut was cut off ($W_N samples, $cut showed:${W_ROLES:- nothing before its power-off})" \
		test "$W_BOTH" = 0
	# watch_cut ends when $cut goes off; a reboot's line is written when
	# it is on again
	check "the power controller fenced $cut" wait_for 60 grep -q "reboot $cut -> OK on\|off $cut -> OK off" "$LAB_RUN_DIR/power.log"
	check "nothing fenced $other" bash -c "! grep -Eq '(off|reboot) $other -> OK' '$LAB_RUN_DIR/power.log'"
	wait_until "MariaDB answers on the service IP from $other" $other \
		"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'
	ha_since $other "$mark" "$t_cut" "detected=membership: $cut left" \
		"fenced=$cut fenced" 'promoted=promote drbd_ha.*rc=0' \
		'mysql=start mysql_svc: rc=0'
	echo "# partition ($cut cut off): $OUT"
	# fencing first, promotion (if any) after
	check "$other promoted only after $cut was fenced" awk -v s="$OUT" 'BEGIN {
		f = p = -1
		n = split(s, w, " ")
		for (i = 1; i < n; i++) {
			if (w[i] == "fenced" && w[i + 1] != "-") f = w[i + 1] + 0
			if (w[i] == "promoted" && w[i + 1] != "-") p = w[i + 1] + 0
		}
		exit !(f >= 0 && (p < 0 || p >= f))
	}'
	heal_checks $cut $other
	# the kernel's record on $cut's console, from the cut to its power-off
	check "$cut's drbd was never promoted while cut off (its console from the cut to the power-off)" \
		bash -c "! tail -n +$((cmark + 1)) '$con' | sed '/^=== lab: $cut boot/q' | grep -v '^=== lab' | grep -q 'Secondary -> Primary'"
	sleep 2
	ha_outage $other $log "$t_cut"
	echo "# longest commit pause after the cut: ends +${OUT:-?} s"
	ha_client_stop $other $log
	last=$OUT
	ha_check_rows $other "$first" "$last"
}

if phase partition; then
	ha_primary
	prim=$HA_PRIM sec=$HA_SURV
	step "partition A: $sec (Secondary) cut off; client on $prim"
	partition $sec $prim 200001
	ha_status $prim "after partition A"

	ha_primary
	prim=$HA_PRIM sec=$HA_SURV
	step "partition B: $prim (Primary) cut off; client on $sec"
	partition $prim $sec 300001
	ha_status $sec "after partition B"
fi
step "done"
