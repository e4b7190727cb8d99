#!/bin/bash
# Issue 2, acceptance 2: the single-node slice end to end.  create-md, up,
# primary --force, mkfs.ext4, mount, 50 MiB of files with known checksums,
# umount, down, rmmod, insmod, up, primary, mount: every checksum matches.
# Also: a Secondary refuses a write open, a mounted device cannot be taken
# down (and the error says who holds it), rmmod leaves dmesg clean.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"

lab_start --vms 1 --disk 256M || exit 1
drbd_conf node1

step "tools and module present"
require "drbdadm is installed in the VM" node1 'test -x /usr/sbin/drbdadm'
require "our drbd.ko is installed as updates/drbd.ko" node1 \
	'test -f /lib/modules/$(uname -r)/updates/drbd.ko'

step "create-md, up, primary --force"
expect_ok "create-md r0 says what it did" node1 'drbdadm create-md r0' '[Mm]eta.?data|created|initiali[sz]ed'
expect_ok "up r0" node1 'drbdadm up r0'
expect_ok "up loaded the drbd module" node1 'grep "^drbd " /proc/modules'
expect_ok "/dev/drbd0 is a block device, major 147" node1 \
	'test -b /dev/drbd0 && stat -c %t /dev/drbd0' '^93$'
expect_ok "/proc/drbd has a version line" node1 'cat /proc/drbd' '^version: '
expect_ok "/proc/drbd shows minor 0 Secondary, no peer" node1 'cat /proc/drbd' \
	'^ *0: cs:[A-Za-z]+ ro:Secondary/Unknown ds:[A-Za-z]+/DUnknown'
expect_ok "role r0 is Secondary" node1 'drbdadm role r0' '^Secondary'
expect_fail "a Secondary refuses to be opened for write" node1 \
	'dd if=/dev/zero of=/dev/drbd0 bs=4096 count=1 oflag=direct conv=notrunc' \
	'Read-only|read-only|Wrong medium|Permission denied|not permitted'
expect_ok "a Secondary may be opened for read" node1 \
	'dd if=/dev/drbd0 of=/dev/null bs=4096 count=1 iflag=direct'
expect_fail "primary without good data needs --force and says so" node1 \
	'drbdadm primary r0' 'force'
expect_ok "primary --force r0" node1 'drbdadm primary --force r0'
expect_ok "role r0 is Primary" node1 'drbdadm role r0' '^Primary'
expect_ok "dstate r0 is UpToDate" node1 'drbdadm dstate r0' '^UpToDate'
expect_ok "/proc/drbd shows Primary/Unknown UpToDate/DUnknown" node1 'cat /proc/drbd' \
	'^ *0: cs:[A-Za-z]+ ro:Primary/Unknown ds:UpToDate/DUnknown'
expect_ok "status r0 shows the role" node1 'drbdadm status r0' 'r0 role:Primary'
on node1 'echo $(blockdev --getsize64 /dev/vda) $(blockdev --getsize64 /dev/drbd0)'
read -r lower upper <<<"$OUT"
check "/dev/drbd0 is the lower size minus metadata (${upper:-?} of ${lower:-?} bytes)" \
	test -n "$upper" -a "${upper:-0}" -lt "${lower:-0}" -a "${upper:-0}" -gt $((${lower:-0} - 4 * 1024 * 1024))

step "filesystem and 50 MiB of data"
require "mkfs.ext4 on /dev/drbd0" node1 'mkfs.ext4 -q -F /dev/drbd0'
require "mount /dev/drbd0" node1 'mount /dev/drbd0 /mnt'
expect_ok "write 50 MiB in 25 files and record checksums" node1 \
	'grep -q "^/dev/drbd0 /mnt " /proc/mounts && mkdir -p /mnt/data && for i in $(seq 1 25); do dd if=/dev/urandom of=/mnt/data/f$i bs=1M count=2 2>/dev/null || exit 1; done; sync; (cd /mnt/data && md5sum f*) > /root/sums; du -sm /mnt/data; wc -l < /root/sums' \
	'^25$'
expect_fail "a second writer is refused while mounted" node1 \
	'dd if=/dev/zero of=/dev/drbd0 bs=4096 count=1 oflag=direct conv=notrunc'
expect_fail "down with the device mounted fails and says who holds it" node1 \
	'drbdadm down r0' '/mnt'
expect_fail "secondary with the device mounted fails" node1 \
	'drbdadm secondary r0' '/mnt'
expect_ok "after the refused down r0 is still Primary and mounted" node1 \
	'drbdadm role r0 && grep " /mnt " /proc/mounts' '^Primary'
expect_ok "the data is still readable" node1 'grep -q "^/dev/drbd0 /mnt " /proc/mounts && cd /mnt/data && md5sum -c /root/sums >/dev/null'

step "umount, down, rmmod, insmod, up, primary"
expect_ok "umount" node1 'umount /mnt'
expect_ok "down r0" node1 'drbdadm down r0'
expect_ok "minor 0 is gone after down" node1 '! grep -E "^ *0: cs:" /proc/drbd'
expect_ok "rmmod drbd" node1 'dmesg -c >/dev/null; rmmod drbd'
expect_ok "the module is gone" node1 '! grep "^drbd " /proc/modules'
expect_ok "rmmod leaves no warning in dmesg" node1 \
	'! dmesg | grep -E "WARNING|BUG|Call Trace|Oops|leak"'
expect_ok "insmod drbd.ko" node1 'insmod /lib/modules/$(uname -r)/updates/drbd.ko'
expect_ok "up r0 again" node1 'drbdadm up r0'
expect_ok "the disk comes back UpToDate from its metadata" node1 'drbdadm dstate r0' '^UpToDate'
expect_ok "primary (no --force needed with good data)" node1 'drbdadm primary r0'
expect_ok "mount again" node1 'mount /dev/drbd0 /mnt'
expect_ok "every checksum matches" node1 \
	'grep -q "^/dev/drbd0 /mnt " /proc/mounts && cd /mnt/data && md5sum -c /root/sums | grep -c ": OK$"' '^25$'

step "clean shutdown"
expect_ok "umount, secondary, down" node1 'umount /mnt && drbdadm secondary r0 && drbdadm down r0'
expect_ok "rmmod drbd at the end" node1 'rmmod drbd'
expect_ok "dmesg has no warning after the whole run" node1 \
	'! dmesg | grep -E "WARNING|BUG|Call Trace|Oops"'
