#!/bin/sh
# /init of the lab's initramfs: mount the basics, load the boot modules,
# configure the network from /proc/cmdline, then serve the command agent.
#
# Kernel command line (dotted parameters are not passed to init, so they are
# read from /proc/cmdline):
#   lab.hostname=node1  lab.ip=10.99.0.11/24  lab.agent=/dev/hvc0
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
umask 022

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/lock /run/lab
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
exec >/dev/ttyS0 2>&1 </dev/null

KVER=$(cat /etc/lab/kver)
while read -r m; do
	insmod "/lib/modules/$KVER/$m" 2>/dev/null
done </etc/lab/modules.order

hostname=lab
ipaddr=
agent=/dev/hvc0
for w in $(cat /proc/cmdline); do
	case "$w" in
	lab.hostname=*) hostname=${w#lab.hostname=} ;;
	lab.ip=*) ipaddr=${w#lab.ip=} ;;
	lab.agent=*) agent=${w#lab.agent=} ;;
	esac
done
hostname "$hostname"
echo "$hostname" >/etc/hostname
echo "127.0.0.1 localhost" >/etc/hosts
ip link set lo up
if [ -n "$ipaddr" ]; then
	ip link set eth0 up
	ip addr add "$ipaddr" dev eth0
fi
echo 1 >/proc/sys/kernel/panic_on_oops 2>/dev/null
echo "lab: $hostname up, ip ${ipaddr:-none}, $(cut -d' ' -f1 /proc/uptime)s"

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
# init must not exit; reap children
while true; do
	wait
	sleep 1
done
