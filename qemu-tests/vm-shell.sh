#!/bin/bash
# Boot one lab VM with a fresh disk (/dev/vda, 256 MiB), run shell commands
# in it, print their output and the tail of the kernel console, and exit
# with their status.
#
#   qemu-tests/vm-shell.sh 'modprobe drbd && cat /proc/drbd'
#   qemu-tests/vm-shell.sh --disk 256M --disk 8M 'ls /dev/vd*'
#   VM_SHELL_TIMEOUT=900 qemu-tests/vm-shell.sh 'long job'
#
# The VM holds busybox, build/drbdadm (and other binaries in build/),
# kernel/drbd/drbd.ko as /lib/modules/$KVER/updates/drbd.ko, mkfs.ext4, tc.
# Build them first (make module userspace); images are rebuilt when they
# change.
set -u
. "$(dirname "$0")/lib/lab.sh"

disks=()
while [ $# -gt 0 ]; do
	case "$1" in
	--disk) disks+=(--disk "$2"); shift 2 ;;
	--) shift; break ;;
	-h|--help) sed -n '2,13p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
[ ${#disks[@]} -gt 0 ] || disks=(--disk 256M)

trap lab_stop EXIT
trap 'exit 130' INT TERM
lab_start --vms 1 "${disks[@]}" --max-time $((${VM_SHELL_TIMEOUT:-600} + 300)) || exit 1
vm_exec node1 --timeout "${VM_SHELL_TIMEOUT:-600}" "$*" &
wait $!
rc=$?
echo "--- console (tail) $(vm_console node1)"
console_tail node1 ${VM_SHELL_CONSOLE_LINES:-25}
echo "--- exit status $rc"
exit $rc
