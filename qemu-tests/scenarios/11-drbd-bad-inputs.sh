#!/bin/bash
# Issue 2, acceptance 3: bad inputs.  Lower device missing, too small, in
# use, metadata corrupted, config naming a host that is not this node, a
# syntax error in the config: each gives a clear error (non-zero exit and a
# message naming the problem) and changes nothing on disk (whole lower
# device checksummed before and after).
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"

# vda: good device (metadata corruption), vdb: 1 MiB (too small),
# vdc: in use (ext4 mounted read-only)
lab_start --vms 1 --disk 64M --disk 1M --disk 64M || exit 1
drbd_conf node1 - <<'EOC'
global { usage-count no; }
common { protocol C; }
resource r0 {
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
resource small {
	device /dev/drbd1;
	disk /dev/vdb;
	meta-disk internal;
	on node1 { address 10.99.0.11:7790; }
	on node2 { address 10.99.0.12:7790; }
}
resource missing {
	device /dev/drbd2;
	disk /dev/vdz;
	meta-disk internal;
	on node1 { address 10.99.0.11:7791; }
	on node2 { address 10.99.0.12:7791; }
}
resource busy {
	device /dev/drbd3;
	disk /dev/vdc;
	meta-disk internal;
	on node1 { address 10.99.0.11:7792; }
	on node2 { address 10.99.0.12:7792; }
}
resource elsewhere {
	device /dev/drbd4;
	disk /dev/vda;
	meta-disk internal;
	on alpha { address 10.99.0.21:7793; }
	on beta { address 10.99.0.22:7793; }
}
EOC

require "drbdadm is installed in the VM" node1 'test -x /usr/sbin/drbdadm'

# unchanged DESC VM DEV SUM: the device still has checksum SUM
unchanged() {
	dev_sum "$2" "$3"
	expect_eq "$1" "$OUT" "$4"
}
# no_minor VM N: /proc/drbd has no minor N (nothing half set up)
no_minor() {
	expect_ok "nothing left behind: no minor $2 in /proc/drbd" "$1" \
		"! grep -E '^ *$2: cs:' /proc/drbd 2>/dev/null"
}

step "lower device missing (/dev/vdz)"
expect_fail "create-md names the missing device" node1 'drbdadm create-md missing' \
	'/dev/vdz.*([Nn]o such|does not exist|missing)'
expect_fail "up names the missing device" node1 'drbdadm up missing' \
	'/dev/vdz.*([Nn]o such|does not exist|missing)'
no_minor node1 2

step "lower device too small (1 MiB /dev/vdb)"
dev_sum node1 /dev/vdb; sum_b=$OUT
expect_fail "create-md refuses a too small device and says so" node1 \
	'drbdadm create-md small' '/dev/vdb.*too small'
expect_fail "create-md --force still refuses it" node1 \
	'drbdadm create-md --force small' '/dev/vdb.*too small'
unchanged "/dev/vdb unchanged" node1 /dev/vdb "$sum_b"
expect_fail "up on a device without metadata fails and says so" node1 \
	'drbdadm up small' 'meta.?data|create-md|small'
no_minor node1 1
unchanged "/dev/vdb still unchanged" node1 /dev/vdb "$sum_b"

step "lower device in use (/dev/vdc mounted)"
expect_ok "create-md busy (device free)" node1 'drbdadm create-md busy'
expect_ok "an ext4 on the first half of /dev/vdc, mounted read-only" node1 \
	'mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 /dev/vdc 32M && mount -o ro /dev/vdc /mnt'
dev_sum node1 /dev/vdc; sum_c=$OUT
expect_fail "create-md refuses a mounted device" node1 'drbdadm create-md busy' \
	'/dev/vdc.*(in use|mounted|busy)'
expect_fail "create-md --force refuses a mounted device too" node1 \
	'drbdadm create-md --force busy' '/dev/vdc.*(in use|mounted|busy)'
expect_fail "up refuses a mounted lower device" node1 'drbdadm up busy' \
	'/dev/vdc.*(in use|mounted|busy)'
no_minor node1 3
unchanged "/dev/vdc unchanged" node1 /dev/vdc "$sum_c"
expect_ok "the filesystem on /dev/vdc is still mounted" node1 'grep "^/dev/vdc /mnt " /proc/mounts'
on node1 'umount /mnt'

step "config naming hosts that are not this node"
expect_ok "create-md r0 on /dev/vda" node1 'drbdadm create-md r0'
dev_sum node1 /dev/vda; sum_a=$OUT
expect_fail "up on a resource without this host names the problem" node1 \
	'drbdadm up elsewhere' 'node1'
expect_fail "create-md on it too" node1 'drbdadm create-md elsewhere' 'node1'
no_minor node1 4
unchanged "/dev/vda unchanged" node1 /dev/vda "$sum_a"

step "config syntax error"
put_file node1 /etc/bad.conf <<'EOC'
resource r0 {
	device /dev/drbd0;
	disk /dev/vda
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
}
EOC
expect_fail "a config error names file:line" node1 'drbdadm -c /etc/bad.conf up r0' \
	'/etc/bad.conf:[0-9]+'
no_minor node1 0
unchanged "/dev/vda unchanged" node1 /dev/vda "$sum_a"

step "metadata corrupted (one byte of the superblock flipped)"
expect_ok "before the damage, up and down work" node1 'drbdadm up r0 && drbdadm down r0'
dev_sum node1 /dev/vda; sum_a=$OUT
flip_byte node1 /dev/vda '$(blockdev --getsize64 /dev/vda) - 4096 + 24'
expect_eq "one byte of the superblock flipped" "$RC" 0
dev_sum node1 /dev/vda; sum_bad=$OUT
check "the flip changed the device" test "$sum_bad" != "$sum_a"
expect_fail "up refuses corrupted metadata and says why" node1 'drbdadm up r0' \
	'checksum|corrupt|CRC'
no_minor node1 0
unchanged "/dev/vda unchanged by the refused up" node1 /dev/vda "$sum_bad"
expect_fail "create-md without --force refuses to overwrite it" node1 \
	'drbdadm create-md r0' 'force'
unchanged "/dev/vda unchanged by the refused create-md" node1 /dev/vda "$sum_bad"
