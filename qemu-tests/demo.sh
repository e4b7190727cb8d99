#!/bin/bash
# make demo: story 1 end to end, as a readable timeline (default), or with
# `demo.sh single` (DEMO=single make demo) the single-node slice.
#
# Default: builds (or reuses) the Debian lab image, boots two VMs, forms
# the corosync/pacerd cluster, starts MariaDB on drbd (configs/
# lab-mariadb.sh), runs a client committing numbered transactions through
# the service IP, kills the Primary VM and shows the service coming back on
# the other node with every committed transaction present, with
# `pacer status` before and after: the failover phase of scenario
# 41-debian-mariadb-ha, each line stamped with the time since the start.
# DEMO_PHASES="failover rejoin move partition" shows the whole scenario.
#
# single: boots node1 with a fresh 256 MiB disk (/dev/vda), writes
# /etc/drbd.conf (resource r0 on /dev/drbd0) and runs the user's workflow:
# create-md -> up -> primary --force -> mkfs.ext4 -> mount -> write.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-${DEMO:-mariadb}}" != single ]; then
	T0=$(date +%s)
	LAB_RUN_DIR=${LAB_RUN_DIR:-${LAB_RUNS:-${LAB_CACHE:-/var/cache/drbd-lab}/runs}/$(date +%Y%m%d-%H%M%S)-demo-$$}
	HA_PHASES=${DEMO_PHASES:-failover}
	SC_STEP_TIME=0		# every line is stamped below
	export LAB_RUN_DIR HA_PHASES SC_STEP_TIME
	mkdir -p "$LAB_RUN_DIR"
	echo "[  0s] building/reusing the Debian lab image (first time: about a minute)"
	timeout -s TERM -k 30 1500 bash "$HERE/scenarios/41-debian-mariadb-ha.sh" 2>&1 |
		while IFS= read -r line; do
			printf '[%4ds] %s\n' $(($(date +%s) - T0)) "$line"
		done
	exit "${PIPESTATUS[0]}"
fi
. "$HERE/lib/lab.sh"
. "$HERE/lib/drbd.sh"

T0=$(date +%s.%N)
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%6.1fs", b - a }'; }
say() { printf '\n[%s] %s\n' "$(elapsed)" "$*"; }

# run VM 'command' [why]: show it, run it, show its output; stop on failure
run() {
	local vm=$1 cmd=$2
	printf '[%s] %s# %s\n' "$(elapsed)" "$vm" "$cmd"
	OUT=$(vm_exec "$vm" "$cmd")
	RC=$?
	[ -n "$OUT" ] && printf '%s\n' "$OUT" | sed 's/^/          | /'
	if [ "$RC" -ne 0 ]; then
		printf '[%s] *** failed (exit status %d); console tail:\n' "$(elapsed)" "$RC"
		console_tail "$vm" 20 | sed 's/^/          > /'
		exit 1
	fi
}

trap lab_stop EXIT
trap 'exit 130' INT TERM
say "booting one VM (node1) with a fresh 256 MiB disk /dev/vda"
lab_start --vms 1 --disk 256M 2>/dev/null || { echo "lab failed to start"; exit 1; }
say "node1 is up; its /etc/drbd.conf:"
drbd_conf node1
run node1 'cat /etc/drbd.conf'

say "1. initialise the metadata at the end of /dev/vda"
run node1 'drbdadm create-md r0'
say "2. bring the resource up (loads drbd.ko, attaches the disk)"
run node1 'drbdadm up r0'
run node1 'cat /proc/drbd'
say "3. no good data yet: become Primary with --force"
run node1 'drbdadm primary --force r0'
run node1 'drbdadm status r0'
say "4. make a filesystem on /dev/drbd0 and mount it"
run node1 'mkfs.ext4 -q /dev/drbd0 && mount /dev/drbd0 /mnt && df -h /mnt'
say "5. write data"
run node1 'dd if=/dev/urandom of=/mnt/data bs=1M count=20 2>&1 | tail -n1; sync; md5sum /mnt/data'
say "6. the state now"
run node1 'drbdadm status r0'
run node1 'cat /proc/drbd'
say "7. the device is in use: down is refused"
printf '[%s] node1# drbdadm down r0\n' "$(elapsed)"
vm_exec node1 'drbdadm down r0' 2>&1 | sed 's/^/          | /'
say "8. umount, secondary, down, and the data survives a module reload"
run node1 'umount /mnt && drbdadm secondary r0 && drbdadm down r0 && rmmod drbd && echo module unloaded'
run node1 'drbdadm up r0 && drbdadm primary r0 && mount /dev/drbd0 /mnt && md5sum /mnt/data'
run node1 'umount /mnt && drbdadm down r0'
say "done; console log: $(vm_console node1)"
