#!/bin/sh
# Story 2 (RabbitMQ on drbd) as the lab runs it: group ip -> fs -> rabbitmq
# colocated with the Promoted drbd instance, ordered after the promotion;
# two_node quorum with fencing through fence_qemu (safe by default).
#
#   sh lab-rabbitmq.sh [CIB-FILE]     (on one node of a running cluster)
#
# drbd resource r0 (/dev/drbd0 on /dev/vda), xfs, service IP 10.99.0.101.
# The agent's monitor runs rabbitmqctl (an Erlang VM): generous timeouts,
# it takes tens of seconds in the lab's emulated VMs.
set -e
cfg=${1:-/root/rabbitmq_cfg}
rm -f "$cfg"
P() { pacer -f "$cfg" "$@"; }
P property set stonith-enabled=true
# a recovered or returning node does not pull the service back
P resource defaults resource-stickiness=100
P stonith create fence_node1 fence_qemu ipaddr=10.99.0.1 plug=node1 pcmk_host_list=node1
P stonith create fence_node2 fence_qemu ipaddr=10.99.0.1 plug=node2 pcmk_host_list=node2
P constraint location fence_node1 avoids node1
P constraint location fence_node2 avoids node2
P resource create p_drbd_rabbitmq ocf:linbit:drbd drbd_resource=r0 \
	op start timeout=90s op stop timeout=180s op promote timeout=180s \
	op demote timeout=180s op monitor interval=30s role=Slave \
	op monitor interval=29s role=Master
P resource master ms_drbd_rabbitmq p_drbd_rabbitmq master-max=1 clone-max=2 notify=true
P resource create p_ip_rabbitmq IPaddr2 ip=10.99.0.101 cidr_netmask=24 op monitor interval=10s --group g_rabbitmq
P resource create p_fs_rabbitmq Filesystem device=/dev/drbd0 directory=/var/lib/rabbitmq \
	fstype=xfs options=relatime op start timeout=60s op stop timeout=180s \
	op monitor interval=60s timeout=60s --group g_rabbitmq
P resource create p_rabbitmq ocf:rabbitmq:rabbitmq-server nodename=rabbit@localhost \
	mnesia_base=/var/lib/rabbitmq op start timeout=600s op stop timeout=120s \
	op monitor interval=60s timeout=120s --group g_rabbitmq
P constraint colocation add g_rabbitmq with ms_drbd_rabbitmq INFINITY with-rsc-role=Master
P constraint order promote ms_drbd_rabbitmq then start g_rabbitmq
pacer cluster cib-push "$cfg"
