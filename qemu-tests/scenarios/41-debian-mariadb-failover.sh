#!/bin/bash
# Story 1 end to end in the Debian flavour (lab/rootfs.sh): two VMs form a
# corosync two_node cluster with pacerd; drbd promotable clone
# (ocf:linbit:drbd) + Filesystem + IPaddr2 + mysql, fence_qemu stonith
# (configs/lab-mariadb.sh).  A client on node2 commits numbered
# transactions through the service IP; the Primary VM is killed; the
# survivor fences it, promotes, mounts, raises the IP, starts MariaDB; every
# transaction whose COMMIT returned must be there.  Prints the failover
# time (kill -> first successful commit) and its parts from pacerd's log.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
VIP=10.99.0.100
LAB_TIMEOUT=300

# Too slow for make check's budget: the Debian image takes 5-10 min to
# build once, the run ~7 min.  LAB_FULL=1 runs it (make check-ha, part of
# make check-full; make demo).
if [ "${LAB_FULL:-0}" != 1 ]; then
	echo "# skipped: set LAB_FULL=1 (make check-ha / check-full) to run it"
	exit 0
fi
lab_start --vms 2 --disk 256M --flavour debian || exit 1

step "the Debian flavour"
require "node1 runs Debian bookworm" node1 'cat /etc/debian_version' '^12\.'
expect_ok "MariaDB, corosync, resource agents, our tools present" node1 \
	'for f in /usr/sbin/mariadbd /usr/sbin/corosync /usr/lib/ocf/resource.d/heartbeat/mysql /usr/lib/ocf/resource.d/heartbeat/IPaddr2 /usr/lib/ocf/resource.d/linbit/drbd /usr/sbin/drbdadm /usr/sbin/pacer /usr/sbin/pacerd /usr/sbin/fence_qemu /usr/lib/drbd/fence-peer /sbin/mkfs.xfs; do test -x $f || { echo missing $f; exit 1; }; done'

step "drbd r0 with a MariaDB data directory"
for n in node1 node2; do
	drbd_conf $n
	expect_ok "$n: create-md, up" $n 'drbdadm create-md r0 && drbdadm up r0'
done
expect_ok "node1: primary --force" node1 'drbdadm primary --force r0'
wait_until "both UpToDate" node1 'cat /proc/drbd' 120 'ds:UpToDate/UpToDate'
expect_ok "node1: ext4 + mariadb-install-db on /dev/drbd0" node1 '
	mkfs.ext4 -q /dev/drbd0 && mount /dev/drbd0 /var/lib/mysql &&
	mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/tmp/install.log 2>&1 &&
	chown -R mysql:mysql /var/lib/mysql && 
	(mysqld_safe --bind-address=0.0.0.0 >/dev/null 2>&1 &) &&
	for i in $(seq 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done &&
	mysql -e "CREATE DATABASE app; CREATE TABLE app.t (n INT PRIMARY KEY) ENGINE=InnoDB;
	  CREATE USER app@\"%\" IDENTIFIED BY \"pw\"; GRANT ALL ON app.* TO app@\"%\";" &&
	mysqladmin shutdown && sleep 1 && umount /var/lib/mysql && drbdadm secondary r0'

step "the cluster"
expect_ok "node1: pacer cluster setup (two_node)" node1 \
	'pacer cluster setup lab node1 node2 --token 1000 --local >/dev/null && grep -q "two_node: 1" /etc/corosync/corosync.conf'
on node1 'base64 -w0 /etc/corosync/authkey'
key=$OUT
on node1 'cat /etc/corosync/corosync.conf'
printf '%s\n' "$OUT" | put_file node2 /etc/corosync/corosync.conf
expect_ok "node2: same authkey" node2 "echo $key | base64 -d > /etc/corosync/authkey && chmod 400 /etc/corosync/authkey"
for n in node1 node2; do
	expect_ok "$n: corosync and pacerd start" $n \
		'mkdir -p /var/log/corosync && corosync && pacerd --daemon --log /var/log/pacerd.log'
done
wait_until "both nodes online" node1 'pacer status' 90 'Online:.*node1.*node2|Online:.*node2.*node1'
put_file node1 /root/lab-mariadb.sh <"$TOP/configs/lab-mariadb.sh"
expect_ok "configs/lab-mariadb.sh pushed" node1 'sh /root/lab-mariadb.sh /root/cfg'
wait_until "MariaDB answers on the service IP" node2 \
	"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'
on node1 'pacer status'
echo "# pacer status before:"; sed 's/^/#   /' <<<"$OUT"
on node1 'drbdadm role r0'
prim=node2; surv=node1
[[ "$OUT" == Primary* ]] && { prim=node1; surv=node2; }
step "Primary is $prim; client on $surv"

cat >"$LAB_RUN_DIR/client.sh" <<EOC
#!/bin/sh
# commit numbered rows through the service IP; log each acknowledged one
i=1
: >/root/committed
while [ \$i -le 100000 ]; do
	out=\$(mysql -h $VIP -u app -ppw --connect-timeout=2 -e "INSERT INTO t VALUES (\$i)" app 2>&1)
	if [ \$? -eq 0 ] || echo "\$out" | grep -q Duplicate; then
		echo "\$i \$(date +%s.%N)" >>/root/committed
		i=\$((i + 1))
	else
		sleep 0.2
	fi
done
EOC
put_file $surv /root/client.sh <"$LAB_RUN_DIR/client.sh"
on $surv 'setsid sh /root/client.sh </dev/null >/dev/null 2>&1 & echo started'
wait_until "the client commits" $surv 'wc -l < /root/committed' 60 '^([2-9][0-9]|[0-9]{3,})$'

step "kill the Primary ($prim)"
on $surv 'date +%s.%N'
t_kill=$OUT
qmp $prim quit >/dev/null
wait_until "the survivor fenced $prim (fence_qemu confirmed)" $surv \
	"grep -Ei 'fenc' /var/log/pacerd.log | grep -i $prim" 120 'success|succeeded|confirmed|fenced|OK'
check "the power controller turned $prim off" grep -q "off $prim -> OK off\|reboot $prim -> OK on" "$LAB_RUN_DIR/power.log"
wait_until "MariaDB answers on the service IP from $surv" $surv \
	"mysql -h $VIP -u app -ppw -e 'SELECT 1' app" 240 '^1$'
expect_ok "$surv is Primary and holds $VIP" $surv "drbdadm role r0 | grep -q ^Primary && ip addr show eth0 | grep -q $VIP"
sleep 3
on $surv 'pkill -f /root/client.sh; sort -n /root/committed | tail -n1 | cut -d" " -f1'
last=$OUT
on $surv "mysql -h $VIP -u app -ppw -N -e 'SELECT COUNT(*), COALESCE(MIN(n),0), COALESCE(MAX(n),0) FROM t' app"
read -r cnt mn mx <<<"$OUT"
check "every committed transaction is present (1..$last, table has $cnt rows, max $mx)" \
	test "${mx:-0}" -ge "${last:-1}" -a "${cnt:-0}" -eq "${mx:-x}" -a "${mn:-0}" -le 1
# the outage: the longest pause between two acknowledged commits around the
# kill; failover time = kill -> the first commit after that pause
on $surv "awk -v k=$t_kill '\$2 > k - 5 { if (p && \$2 - p > g) { g = \$2 - p; t = \$2 } p = \$2 } END { printf \"%.1f\", t - k }' /root/committed"
echo "# killed $prim at $t_kill ($surv's clock); failover: kill -> first commit after the outage: ${OUT:-none} s"
on $surv 'cat /var/log/pacerd.log | tail -n 60'
printf '%s\n' "$OUT" >"$LAB_RUN_DIR/pacerd-$surv.log"
grep -Ei 'fenc|promote|drbd_fs|mysql_ip|mysql_svc|lost|member' "$LAB_RUN_DIR/pacerd-$surv.log" | tail -n 25 | sed 's/^/#   /'
on $surv 'pacer status'
echo "# pacer status after:"; sed 's/^/#   /' <<<"$OUT"
