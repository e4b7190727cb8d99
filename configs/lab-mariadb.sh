#!/bin/sh
# Story 1 (MariaDB on drbd) as the lab runs it, safe by default: two_node
# quorum (corosync) with fencing through fence_qemu, not stonith off and
# no-quorum-policy=ignore.  Builds the configuration in a file and pushes
# it at once, as the story does.
#
#   sh lab-mariadb.sh [CIB-FILE]     (on one node of a running cluster)
#
# drbd resource r0 (/dev/drbd0 on /dev/vda), ext4, service IP 10.99.0.100,
# the lab power controller at 10.99.0.1:7410 (qemu-tests/lab/lab.py).
set -e
cfg=${1:-/root/mariadb_cfg}
rm -f "$cfg"
P() { pacer -f "$cfg" "$@"; }
P property set stonith-enabled=true
# a recovered or returning node does not pull the service back
P resource defaults resource-stickiness=100
P stonith create fence_node1 fence_qemu ipaddr=10.99.0.1 plug=node1 pcmk_host_list=node1
P stonith create fence_node2 fence_qemu ipaddr=10.99.0.1 plug=node2 pcmk_host_list=node2
P constraint location fence_node1 avoids node1
P constraint location fence_node2 avoids node2
P resource create drbd_ha ocf:linbit:drbd drbd_resource=r0 op monitor interval=10s
P resource master ms_drbd_ha drbd_ha master-max=1 master-node-max=1 clone-max=2 clone-node-max=1 notify=true
P resource create drbd_fs Filesystem device=/dev/drbd0 directory=/var/lib/mysql fstype=ext4
P constraint colocation add drbd_fs with ms_drbd_ha INFINITY with-rsc-role=Master
P constraint order promote ms_drbd_ha then start drbd_fs
P resource create mysql_ip IPaddr2 ip=10.99.0.100 cidr_netmask=24 nic=eth0 op monitor interval=10s
P constraint colocation add mysql_ip with drbd_fs INFINITY
P constraint order drbd_fs then mysql_ip
P resource create mysql_svc ocf:heartbeat:mysql binary=/usr/bin/mysqld_safe \
	config=/etc/mysql/my.cnf datadir=/var/lib/mysql user=mysql group=mysql \
	pid=/run/mysqld/mysqld.pid socket=/run/mysqld/mysqld.sock \
	additional_parameters=--bind-address=0.0.0.0 \
	op start timeout=120s op stop timeout=60s op monitor interval=10s timeout=30s
P constraint colocation add mysql_svc with mysql_ip INFINITY
P constraint order mysql_ip then mysql_svc
pacer cluster cib-push "$cfg"
