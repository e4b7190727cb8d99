#!/bin/bash
# Issue 7, acceptance 2 and 4, on story 1's stack (configs/lab-mariadb.sh).
# A client commits numbered rows through the service IP; the Primary VM is
# killed and the survivor takes over (as in 41).  The fenced node boots
# again (fence_qemu's reboot), comes back by itself (its state disk gives
# it /etc/drbd.conf and the corosync configuration; corosync and pacerd
# start at boot), rejoins, resyncs only the blocks written while it was
# gone and becomes Secondary; the service stays on the survivor.  Then a
# planned switchover back with `pacer resource move` while the client
# keeps committing, and `pacer resource clear`: nothing acknowledged is
# lost, drbd is demoted on one node and promoted on the other.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
. "$(dirname "$0")/../lib/ha.sh"
LAB_TIMEOUT=300

if [ "${LAB_FULL:-0}" != 1 ]; then
	echo "# skipped: set LAB_FULL=1 (make check-ha / check-full) to run it"
	exit 0
fi
# 1 GiB: a crashed Primary resyncs its activity log's hot extents too (at
# most 64 x 4 MiB), so the drbd disk must be larger than that for the
# resync of the dirty blocks to show
HA_DISK=1G ha_lab
t_start=$(date +%s)

step "drbd r0 (fencing resource-only, handlers) with a MariaDB data directory"
require "node1 runs Debian with MariaDB and our tools" node1 \
	'test -x /usr/sbin/mariadbd -a -x /usr/sbin/pacerd -a -x /usr/lib/drbd/fence-peer -a -b /dev/vdb'
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
step "Primary is $prim; client on $surv"
ha_client $surv 1 /root/c1

step "acceptance 2: kill the Primary ($prim); it comes back"
on $surv 'date +%s.%N'
t_kill=$OUT
ha_log_mark $surv
mark=$OUT
qmp $prim quit >/dev/null
wait_until "MariaDB answers on the service IP from $surv" $surv \
	"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'
check "the power controller fenced $prim (reboot)" grep -q "reboot $prim -> OK on\|off $prim -> OK off" "$LAB_RUN_DIR/power.log"
ha_since $surv "$mark" "$t_kill" 'detected=membership: '$prim' left' \
	"fenced=$prim fenced" 'promoted=promote drbd_ha.*rc=0' \
	'mounted=start drbd_fs: rc=0' 'ip=start mysql_ip: rc=0' 'mysql=start mysql_svc: rc=0'
parts=$OUT
ha_outage $surv /root/c1 "$t_kill"
echo "# failover: kill -> first commit after the outage: ${OUT:-none} s; $parts"
# let the client commit while the old Primary is away: these are the
# blocks it must get by resync
sleep 5
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
on $prim "dmesg | grep -E 'crashed Primary|resync (as target|done)' | tail -n3"
resync=$OUT
on $prim "dmesg | sed -n 's/.*resync done: \([0-9]*\) KiB moved.*device \([0-9]*\) KiB.*/\1 \2/p' | tail -n1"
read -r moved dev <<<"$OUT"
# the returning node was a crashed Primary: its activity log's hot extents
# (4 MiB each) are out of sync too, on top of what the survivor wrote
on $prim "dmesg | sed -n 's/.*hot extents of the activity log marked out of sync (\([0-9]*\) KiB).*/\1/p' | tail -n1"
al=${OUT:-0}
echo "# resync on $prim: ${moved:-?} KiB moved of ${dev:-?} KiB ($(awk "BEGIN{printf \"%.1f\", 100 * ${moved:-0} / ${dev:-1}}")%; ${al} KiB of it the crashed Primary's activity-log extents); rejoin -> synced $(awk "BEGIN{printf \"%.1f\", $t_synced - $t_join}") s"
sed 's/^/#   /' <<<"$resync"
check "a resync of the out-of-sync blocks only (the survivor's writes + the AL extents), not of the device (${moved:-?} KiB < half of ${dev:-?} KiB)" \
	test -n "$moved" -a -n "$dev" -a "${moved:-0}" -gt 0 -a "$((${moved:-0} * 2))" -lt "${dev:-0}"
sleep 15
expect_ok "the service stayed on $surv (Promoted, IP, MariaDB)" $surv \
	"drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP && pgrep -x mariadbd >/dev/null"
expect_ok "$prim stays Secondary, without the service" $prim \
	"drbdadm role r0 | grep -q ^Secondary && ! ip addr show eth0 | grep -q $VIP && ! pgrep -x mariadbd"
expect_ok "no fence constraint left after the resync" $surv \
	'pacer cluster cib /tmp/cib.xml >/dev/null && ! grep drbd-fence-by-handler /tmp/cib.xml'
ha_status $surv "after the rejoin"
ha_client_stop $surv /root/c1
last1=$OUT
ha_check_rows $surv 1 "$last1"

step "acceptance 4: pacer resource move mysql_svc $prim while the client commits"
ha_client $surv 100001 /root/c2
ha_log_mark $surv
mark_s=$OUT
ha_log_mark $prim
mark_p=$OUT
on $surv 'date +%s.%N'
t_move=$OUT
expect_ok "pacer resource move mysql_svc $prim" $surv "pacer resource move mysql_svc $prim"
wait_until "MariaDB answers on $VIP from $prim" $surv \
	"mysql -h $VIP -u app -ppw -N -e 'SELECT @@hostname' app" 300 "^$prim\$"
on $surv 'date +%s.%N'
t_moved=$OUT
expect_ok "$prim: drbd promoted, $VIP here" $prim \
	"drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP"
expect_ok "$surv: drbd demoted, no IP, no MariaDB" $surv \
	"drbdadm role r0 | grep -q ^Secondary && ! ip addr show eth0 | grep -q $VIP && ! pgrep -x mariadbd"
ha_since $surv "$mark_s" "$t_move" 'stopped=stop mysql_svc: rc=0' 'demoted=demote drbd_ha.*rc=0'
p1=$OUT
ha_since $prim "$mark_p" "$t_move" 'promoted=promote drbd_ha.*rc=0' \
	'mounted=start drbd_fs: rc=0' 'mysql=start mysql_svc: rc=0'
p2=$OUT
sleep 3
ha_outage $surv /root/c2 "$t_move"
echo "# move: command -> MariaDB up on $prim $(awk "BEGIN{printf \"%.1f\", $t_moved - $t_move}") s; commit pause ends +${OUT:-?} s; $p1$p2"
expect_ok "pacer resource clear mysql_svc" $surv 'pacer resource clear mysql_svc'
expect_ok "no cli- constraint left" $surv 'pacer cluster cib /tmp/cib.xml >/dev/null && ! grep cli-prefer /tmp/cib.xml'
sleep 20
expect_ok "after clear the service stays on $prim (stickiness)" $prim \
	"drbdadm role r0 | grep -q ^Primary && pgrep -x mariadbd >/dev/null"
ha_client_stop $surv /root/c2
last2=$OUT
ha_check_rows $surv 100001 "$last2"
ha_check_rows $surv 1 "$last1"
ha_status $prim "after the move"
echo "# scenario time $(($(date +%s) - t_start)) s after boot"
