#!/bin/sh
# /init of the lab's Debian flavour (rootfs.sh appends it to build.sh's
# initramfs, so it replaces init.sh there).
#
# Stage 1 (in the initramfs, as /init): load the modules, mount the
# read-only Debian image (lab.rootfs=/dev/vdX) under a tmpfs overlay on
# /newroot, copy our module, binaries, the lab agent and this script into
# it (so they are always the current build), switch_root.
# Stage 2 (in Debian, as /sbin/lab-init): mount the basics, hostname and
# address from the command line, restore the node's own files from its
# state disk, start the command agent, and corosync + pacerd if the node
# has a cluster configuration; reap children.  No systemd: the scenarios
# start everything else.
#
# The state disk stands in for a node's own root disk, which the tmpfs
# overlay is not: a data disk with an ext4 file system labelled lab-etc
# (qemu-tests/lib/ha.sh makes one) is mounted at /var/lib/lab-etc and its
# root/ tree copied over / at every boot, so /etc/drbd.conf and the
# corosync configuration survive a power cycle (a fenced node comes back
# as it would with the units enabled: corosync, then pacerd).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
umask 022

cmdline_opts() {
	hostname=lab ipaddr= agent=/dev/hvc0 rootdev=
	for w in $(cat /proc/cmdline); do
		case "$w" in
		lab.hostname=*) hostname=${w#lab.hostname=} ;;
		lab.ip=*) ipaddr=${w#lab.ip=} ;;
		lab.agent=*) agent=${w#lab.agent=} ;;
		lab.rootfs=*) rootdev=${w#lab.rootfs=} ;;
		esac
	done
}

stage1() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	exec >/dev/ttyS0 2>&1 </dev/null
	KVER=$(cat /etc/lab/kver)
	cat /etc/lab/modules.order /etc/lab/modules.extra | while read -r m; do
		insmod "/lib/modules/$KVER/$m" 2>/dev/null
	done
	cmdline_opts
	i=0
	while [ ! -b "$rootdev" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	mkdir -p /lower /upper /newroot
	if ! mount -t ext4 -o ro "$rootdev" /lower; then
		echo "lab: no agent device (cannot mount the Debian image $rootdev)"
		exec sh
	fi
	mount -t tmpfs -o mode=755 tmpfs /upper
	mkdir -p /upper/up /upper/work
	mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/up,workdir=/upper/work /newroot
	# our module tree (drbd.ko and the boot modules), binaries, agent
	mkdir -p /newroot/lib/modules /newroot/etc/lab
	cp -a "/lib/modules/$KVER" /newroot/lib/modules/
	for f in /usr/sbin/*; do
		[ -L "$f" ] && continue
		case "${f##*/}" in
		drbdadm | pacer | pacerd | pacer-* | fence_qemu | ackcheck | blkbench | lab-agent)
			cp -a "$f" /newroot/usr/sbin/ ;;
		esac
	done
	# libraries our binaries need that Debian's tree lacks
	for f in /usr/lib/x86_64-linux-gnu/*; do
		[ -e "/newroot$f" ] || cp -a "$f" "/newroot$f"
	done
	cp -a /lab-agents/. /newroot/
	# agents set promotion scores with crm_master / crm_attribute: pacer
	# acts as those when called by that name (no Pacemaker in the image)
	for c in crm_master crm_attribute; do
		[ -e "/newroot/usr/sbin/$c" ] || ln -s pacer "/newroot/usr/sbin/$c"
	done
	cp -a /etc/lab/kver /newroot/etc/lab/
	cp /init /newroot/sbin/lab-init
	mkdir -p /newroot/run /newroot/proc /newroot/sys /newroot/dev
	umount /proc /sys 2>/dev/null
	mount --move /dev /newroot/dev 2>/dev/null || umount /dev
	exec switch_root /newroot /sbin/lab-init
}

stage2() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
	exec >/dev/ttyS0 2>&1 </dev/null
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	mount -t tmpfs -o mode=755 tmpfs /run
	mount -t tmpfs tmpfs /tmp
	mkdir -p /run/lock /run/lab /run/mysqld /run/corosync /run/pacer
	chown mysql:mysql /run/mysqld 2>/dev/null
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	cmdline_opts
	hostname "$hostname"
	echo "$hostname" >/etc/hostname
	printf '127.0.0.1 localhost\n10.99.0.11 node1\n10.99.0.12 node2\n10.99.0.13 node3\n' >/etc/hosts
	depmod -a 2>/dev/null
	ip link set lo up
	if [ -n "$ipaddr" ]; then
		ip link set eth0 up
		ip addr add "$ipaddr" dev eth0
	fi
	echo 1 >/proc/sys/kernel/panic_on_oops 2>/dev/null
	restore_state
	echo "lab: $hostname up (debian), ip ${ipaddr:-none}, $(cut -d' ' -f1 /proc/uptime)s"
	i=0
	while [ ! -c "$agent" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -c "$agent" ]; then
		/usr/sbin/lab-agent "$agent" &
	else
		echo "lab: no agent device $agent"
	fi
	cluster_autostart
	while true; do
		wait
		sleep 1
	done
}

# ext4 volume label of a block device (superblock at 1024, name at +120)
ext4_label() {
	dd if="$1" bs=1 skip=1144 count=16 2>/dev/null | tr -d '\000'
}

restore_state() {
	for d in /dev/vd?; do
		[ -b "$d" ] && [ "$d" != "$rootdev" ] || continue
		[ "$(ext4_label "$d")" = lab-etc ] || continue
		mkdir -p /var/lib/lab-etc
		mount -t ext4 "$d" /var/lib/lab-etc || continue
		[ -d /var/lib/lab-etc/root ] && cp -a /var/lib/lab-etc/root/. /
		echo "lab: state restored from $d ($(cd /var/lib/lab-etc/root 2>/dev/null && find . -type f | wc -l) files)"
		break
	done
}

# what `systemctl enable corosync pacerd` gives a node with a cluster
# configuration: both started at boot, in that order
cluster_autostart() {
	[ -s /etc/corosync/corosync.conf ] && [ -s /etc/corosync/authkey ] || return 0
	mkdir -p /var/log/corosync
	if corosync; then
		pacerd --daemon --log /var/log/pacerd.log &&
			echo "lab: corosync and pacerd started" ||
			echo "lab: pacerd failed to start"
	else
		echo "lab: corosync failed to start"
	fi
}

if [ ! -e /etc/debian_version ]; then
	stage1
else
	stage2
fi
