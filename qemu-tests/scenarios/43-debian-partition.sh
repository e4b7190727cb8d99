#!/bin/bash
# Issue 7, acceptance 3: a network partition between the two nodes of
# story 1's stack (configs/lab-mariadb.sh: two_node quorum, fence_qemu).
# The lab cuts one node's wire on the host side (its tap on the lab
# bridge): both halves keep quorum (two_node), both try to fence, and only
# the one that still reaches the power controller can: the fence race
# decides.  The winner powers the loser off (fence_qemu reboot), the
# loser comes back with its wire (the power controller reconnects it),
# rejoins, drbd connects and resyncs: never StandAlone, never two
# Primaries, no transaction acknowledged through the service IP lost.
#   A: the Secondary is cut off: the Primary keeps the service.
#   B: the Primary is cut off: the Secondary takes the service over.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/ha.sh"
LAB_TIMEOUT=300

if [ "${LAB_FULL:-0}" != 1 ]; then
	echo "# skipped: set LAB_FULL=1 (make check-ha / check-full) to run it"
	exit 0
fi
ha_lab
t_start=$(date +%s)

step "drbd r0 (fencing resource-only, handlers), MariaDB, the cluster"
require "node1 runs Debian with MariaDB and our tools" node1 \
	'test -x /usr/sbin/mariadbd -a -x /usr/sbin/pacerd -a -x /usr/lib/drbd/fence-peer -a -b /dev/vdb'
ha_drbd_up
ha_mariadb_init node1
ha_cluster
put_file node1 /root/lab-mariadb.sh <"$HA_TOP/configs/lab-mariadb.sh"
expect_ok "configs/lab-mariadb.sh pushed" node1 'sh /root/lab-mariadb.sh /root/cfg'
wait_until "MariaDB answers on the service IP" node2 \
	"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'

# watch VM_CUT VM_OTHER: sample both drbd roles once a second while
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
# keeps the service IP reachable; $WIN = the node with the service after
partition() {
	local cut=$1 other=$2 first=$3 t_cut mark last log=/root/c$3
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
	check "the power controller fenced $cut" grep -q "reboot $cut -> OK on\|off $cut -> OK off" "$LAB_RUN_DIR/power.log"
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
	P_LAST=$last
}

ha_primary
prim=$HA_PRIM sec=$HA_SURV
ha_status $prim "before"
step "A: $sec (Secondary) cut off; client on $prim"
partition $sec $prim 1
last_a=$P_LAST
ha_status $prim "after A"

ha_primary
prim=$HA_PRIM sec=$HA_SURV
step "B: $prim (Primary) cut off; client on $sec"
# B's fencing checks look at B's power requests only
cp "$LAB_RUN_DIR/power.log" "$LAB_RUN_DIR/power-A.log"
: >"$LAB_RUN_DIR/power.log"
partition $prim $sec 100001
ha_check_rows $sec 1 "$last_a"
ha_status $sec "after B"
echo "# scenario time $(($(date +%s) - t_start)) s after boot"
