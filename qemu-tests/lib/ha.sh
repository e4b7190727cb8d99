# The HA stack in the Debian flavour (source after scenario.sh and drbd.sh):
# what scenarios 42-44 share.  Two VMs, each with the drbd disk /dev/vda
# and a small state disk /dev/vdb (debinit.sh restores /etc from it at
# boot and starts corosync + pacerd when a cluster is configured, so a
# fenced node comes back by itself).
#
#   ha_lab                          lab_start with both disks (or exit);
#                                   HA_DISK sets the drbd disk's size
#   ha_state_disk VM                make /dev/vdb the state disk
#   ha_persist VM PATH...           save files to the state disk
#   ha_drbd VM                      r0 with fencing and handlers, saved
#   ha_cluster                      corosync two_node + pacerd on both, saved
#   ha_client VM FIRST LOG          start the committing client on VM
#   ha_client_stop VM LOG           stop it; $OUT = last acknowledged number
#   ha_check_rows VM FIRST LAST     every number FIRST..LAST in app.t
#   ha_log_mark VM                  $OUT = current line count of pacerd.log
#   ha_since VM MARK T0 'LABEL=ERE'...   seconds from T0 (guest clock) to
#                                   the first pacerd.log line after MARK
#                                   matching each ERE -> "LABEL +S.Ss ..."
#   ha_status VM TITLE              print `pacer status` as comments
#   ha_drbd_line VM                 $OUT = drbdadm status r0 on one line
VIP=${VIP:-10.99.0.100}
HA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# HA_DISK: the drbd disk's size (default 256M)
ha_lab() {
	lab_start --vms 2 --disk "${HA_DISK:-256M}" --disk 16M --flavour debian "$@" || exit 1
}

ha_state_disk() {
	expect_ok "$1: state disk (ext4 lab-etc on /dev/vdb)" "$1" \
		'mkfs.ext4 -q -F -L lab-etc /dev/vdb && mkdir -p /var/lib/lab-etc && mount /dev/vdb /var/lib/lab-etc && mkdir -p /var/lib/lab-etc/root'
}

ha_persist() {
	local vm=$1
	shift
	on "$vm" "for f in $*; do mkdir -p /var/lib/lab-etc/root\$(dirname \$f) && cp -a \$f /var/lib/lab-etc/root\$f || exit 1; done; sync"
	[ "$RC" -eq 0 ] || fail "$vm: save $* to the state disk" "$OUT"
}

# r0 as the stories run it: fencing resource-only with this project's
# handlers (the Primary that loses its peer pins the Promoted role to
# itself; agents/ocf/drbd lifts that once the peer is UpToDate again),
# automatic split-brain recovery as in configs/drbd.conf
ha_r0_conf() {
	cat <<EOC
global { usage-count no; }
common { protocol C; }
resource r0 {
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	net {
		fencing resource-only;
		after-sb-0pri discard-zero-changes;
		after-sb-1pri discard-secondary;
		after-sb-2pri disconnect;
	}
	handlers {
		fence-peer "/usr/lib/drbd/fence-peer";
		after-resync-target "/usr/lib/drbd/unfence";
	}
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
EOC
}

ha_drbd() {
	ha_r0_conf | put_file "$1" /etc/drbd.conf
	ha_persist "$1" /etc/drbd.conf
}

# MariaDB's data directory on /dev/drbd0, made on VM (then Secondary again)
ha_mariadb_init() {
	expect_ok "$1: ext4 + mariadb-install-db on /dev/drbd0" "$1" '
	mkfs.ext4 -q /dev/drbd0 && mount /dev/drbd0 /var/lib/mysql &&
	mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/tmp/install.log 2>&1 &&
	chown -R mysql:mysql /var/lib/mysql &&
	(mysqld_safe --bind-address=0.0.0.0 >/dev/null 2>&1 &) &&
	for i in $(seq 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done &&
	mysql -e "DROP USER IF EXISTS \"\"@\"localhost\", \"\"@\"$(hostname)\";
	  CREATE DATABASE app; CREATE TABLE app.t (n INT PRIMARY KEY) ENGINE=InnoDB;
	  CREATE USER app@\"%\" IDENTIFIED BY \"pw\"; GRANT ALL ON app.* TO app@\"%\";" &&
	mysqladmin shutdown && sleep 1 && umount /var/lib/mysql && drbdadm secondary r0'
}

# drbd r0 on both nodes, node1 the initial sync source
ha_drbd_up() {
	local n
	for n in node1 node2; do
		ha_state_disk $n
		ha_drbd $n
		expect_ok "$n: create-md, up" $n 'drbdadm create-md r0 && drbdadm up r0'
	done
	expect_ok "node1: primary --force" node1 'drbdadm primary --force r0'
	wait_until "both UpToDate" node1 'cat /proc/drbd' 300 'ds:UpToDate/UpToDate'
}

ha_cluster() {
	local key n
	expect_ok "node1: pacer cluster setup (two_node)" node1 \
		'pacer cluster setup lab node1 node2 --token 1000 --local >/dev/null && grep -q "two_node: 1" /etc/corosync/corosync.conf'
	on node1 'base64 -w0 /etc/corosync/authkey'
	key=$OUT
	on node1 'cat /etc/corosync/corosync.conf'
	printf '%s\n' "$OUT" | put_file node2 /etc/corosync/corosync.conf
	expect_ok "node2: same authkey" node2 "echo $key | base64 -d > /etc/corosync/authkey && chmod 400 /etc/corosync/authkey"
	for n in node1 node2; do
		ha_persist $n /etc/corosync/corosync.conf /etc/corosync/authkey
		expect_ok "$n: corosync and pacerd start" $n \
			'mkdir -p /var/log/corosync && corosync && pacerd --daemon --log /var/log/pacerd.log'
	done
	wait_until "both nodes online" node1 'pacer status' 90 'Online:.*node1.*node2|Online:.*node2.*node1'
}

# ha_client VM FIRST LOG: commit numbered rows FIRST, FIRST+1, ... through
# the service IP, one `mysql` per row; a row counts as committed when
# COMMIT returned (or a retry finds it there: Duplicate).  LOG gets
# "N TIME" per committed row.
ha_client() {
	cat >"$LAB_RUN_DIR/client.sh" <<EOC
#!/bin/sh
i=\$1
: >"\$2"
while :; do
	out=\$(mysql -h $VIP -u app -ppw --connect-timeout=2 -e "INSERT INTO t VALUES (\$i)" app 2>&1)
	if [ \$? -eq 0 ] || echo "\$out" | grep -q Duplicate; then
		echo "\$i \$(date +%s.%N)" >>"\$2"
		i=\$((i + 1))
	else
		sleep 0.5
	fi
done
EOC
	put_file "$1" /root/client.sh <"$LAB_RUN_DIR/client.sh"
	on "$1" "setsid sh /root/client.sh $2 $3 </dev/null >/dev/null 2>&1 & echo \$! > $3.pid"
	wait_until "the client commits on $1 (from $2)" "$1" "wc -l < $3" 90 '^([2-9][0-9]|[0-9]{3,})$'
}

ha_client_stop() {
	on "$1" "kill \$(cat $2.pid); sleep 0.5; sort -n $2 | tail -n1 | cut -d' ' -f1"
}

# ha_check_rows VM FIRST LAST: rows FIRST..LAST all in app.t
ha_check_rows() {
	local vm=$1 a=$2 b=$3 cnt
	on "$vm" "mysql -h $VIP -u app -ppw -N -e 'SELECT COUNT(*) FROM t WHERE n BETWEEN $a AND $b' app"
	cnt=$OUT
	check "every committed transaction is present ($a..$b: $((b - a + 1)) acknowledged, $cnt in the table)" \
		test "${cnt:-x}" = "$((b - a + 1))"
}

# ha_outage VM LOG T0: the longest gap between two acknowledged commits
# after T0 - 5 s; $OUT = seconds from T0 to the first commit after it
ha_outage() {
	on "$1" "awk -v k=$3 '\$2 > k - 5 { if (p && \$2 - p > g) { g = \$2 - p; t = \$2 } p = \$2 } END { printf \"%.1f\", t - k }' $2"
}

ha_log_mark() {
	on "$1" 'wc -l < /var/log/pacerd.log'
}

# ha_since VM MARK T0 'LABEL=ERE'...: when each event happened, seconds
# after T0 (both on VM's clock), from pacerd.log lines after line MARK
ha_since() {
	local vm=$1 mark=$2 t0=$3 spec script=
	shift 3
	for spec in "$@"; do
		script+="l=\$(tail -n +$((mark + 1)) /var/log/pacerd.log | grep -E -m1 -- '${spec#*=}'); "
		script+="if [ -n \"\$l\" ]; then t=\$(date -d \"\$(echo \"\$l\" | cut -d' ' -f1-3)\" +%s.%N); "
		script+="printf '%s +%.1fs  ' '${spec%%=*}' \$(awk \"BEGIN{print \$t - $t0}\"); "
		script+="else printf '%s -  ' '${spec%%=*}'; fi; "
	done
	on "$vm" "$script"
}

ha_status() {
	on "$1" 'pacer status'
	echo "# pacer status ($2):"
	sed -n '/Node List/,/Daemon Status/p' <<<"$OUT" | grep -v '^ *$' | sed 's/^/#   /'
}

ha_drbd_line() {
	on "$1" 'drbdadm status r0 | tr -s " \n" " "'
}

ha_primary() {
	on node1 'drbdadm role r0'
	HA_PRIM=node2 HA_SURV=node1
	[[ "$OUT" == Primary* ]] && { HA_PRIM=node1; HA_SURV=node2; }
	return 0
}
