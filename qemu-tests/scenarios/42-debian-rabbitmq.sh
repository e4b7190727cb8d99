#!/bin/bash
# Issue 7, acceptance 5: story 2's stack (configs/lab-rabbitmq.sh: group
# ip -> xfs -> rabbitmq-server colocated with the Promoted drbd, two_node
# quorum, fence_qemu).  A publisher on the Secondary sends numbered
# persistent messages through the service IP with publisher confirms
# (qemu-tests/lab/amqp.py: AMQP 0-9-1 in python3's standard library) and
# logs each one the broker confirmed; the Primary VM is killed; after the
# failover every confirmed message must be in the queue.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
VIP=10.99.0.101
. "$(dirname "$0")/../lib/ha.sh"
LAB_TIMEOUT=300
Q=orders
RMQ='rabbitmqctl -n rabbit@localhost'

# xfsprogs 6 makes no file system under 300 MiB
HA_DISK=512M ha_lab
t_start=$(date +%s)

step "drbd r0 (fencing resource-only, handlers) with RabbitMQ's directory on xfs"
require "node1 runs Debian with RabbitMQ, python3 and our tools" node1 \
	'test -x /usr/sbin/rabbitmq-server -a -x /usr/lib/ocf/resource.d/rabbitmq/rabbitmq-server -a -x /usr/bin/python3 -a -x /usr/sbin/pacerd -a -b /dev/vdb'
ha_drbd_up
require "node1: xfs on /dev/drbd0 for /var/lib/rabbitmq" node1 '
	mkfs.xfs -q -f /dev/drbd0 && mount /dev/drbd0 /var/lib/rabbitmq &&
	chown rabbitmq:rabbitmq /var/lib/rabbitmq && chmod 750 /var/lib/rabbitmq &&
	umount /var/lib/rabbitmq && drbdadm secondary r0'
for n in node1 node2; do
	on $n 'mkdir -p /var/log/rabbitmq && chown rabbitmq:rabbitmq /var/log/rabbitmq'
	put_file $n /root/amqp.py <"$HA_TOP/qemu-tests/lab/amqp.py"
done

step "the cluster (configs/lab-rabbitmq.sh)"
ha_cluster
put_file node1 /root/lab-rabbitmq.sh <"$HA_TOP/configs/lab-rabbitmq.sh"
expect_ok "configs/lab-rabbitmq.sh pushed" node1 'sh /root/lab-rabbitmq.sh /root/cfg'
wait_until "RabbitMQ listens on the service IP" node2 "nc -z -w 2 $VIP 5672 && echo open" 420 open
ha_primary
prim=$HA_PRIM surv=$HA_SURV
expect_ok "$prim: a user for the clients (stored on the replicated disk)" $prim \
	"$RMQ add_user app pw >/dev/null && $RMQ set_permissions -p / app '.*' '.*' '.*' >/dev/null"
ha_status $surv "before"

step "Primary is $prim; publisher (confirms, persistent) on $surv"
on $surv "setsid python3 /root/amqp.py publish $VIP $Q 1 /root/m1 </dev/null >/dev/null 2>&1 & echo \$! > /root/m1.pid"
wait_until "messages are confirmed" $surv 'wc -l < /root/m1 2>/dev/null' 120 '^([2-9][0-9]|[0-9]{3,})$'

step "kill the Primary ($prim)"
on $surv 'date +%s.%N'
t_kill=$OUT
ha_log_mark $surv
mark=$OUT
qmp $prim quit >/dev/null
on $surv 'wc -l < /root/m1'
n_kill=$OUT
wait_until "confirms resume through $VIP on $surv" $surv "test \$(wc -l < /root/m1) -gt \$(( $n_kill + 5 )) && echo more" 480 more
check "the power controller fenced $prim" grep -q "reboot $prim -> OK on\|off $prim -> OK off" "$LAB_RUN_DIR/power.log"
expect_ok "$surv is Primary and holds $VIP" $surv "drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP"
ha_since $surv "$mark" "$t_kill" "detected=membership: $prim left" "fenced=$prim fenced" \
	'promoted=promote p_drbd_rabbitmq.*rc=0' 'mounted=start p_fs_rabbitmq: rc=0' \
	'ip=start p_ip_rabbitmq: rc=0' 'rabbitmq=start p_rabbitmq: rc=0'
parts=$OUT
ha_outage $surv /root/m1 "$t_kill"
echo "# failover: kill -> first confirm after the outage: ${OUT:-none} s; $parts"
on $surv 'kill $(cat /root/m1.pid); sleep 1; sort -n /root/m1 | tail -n1 | cut -d" " -f1'
last=$OUT
on $surv "python3 /root/amqp.py get $VIP $Q > /root/got && sort -u /root/got > /root/have && seq 1 $last | sort > /root/want && echo \$(wc -l < /root/got) \$(comm -23 /root/want /root/have | wc -l)"
read -r got missing <<<"$OUT"
check "every confirmed message is in the queue after the failover (1..$last confirmed, $got in the queue, ${missing:-?} missing)" \
	test -n "$last" -a "${missing:-x}" = 0
on $surv "python3 /root/amqp.py count $VIP $Q"
echo "# queue $Q holds ${OUT:-?} messages (duplicates: a message whose confirm was lost is published again)"
ha_status $surv "after"
echo "# scenario time $(($(date +%s) - t_start)) s after boot"
