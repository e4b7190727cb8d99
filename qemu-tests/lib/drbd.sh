# drbd helpers for scenarios (source after scenario.sh).
#
#   drbd_conf VM [FILE]                  standard two-node r0 config (stdin
#                                        overrides), to /etc/drbd.conf
#   dev_sum VM DEV                       md5 of the whole device as on disk
#                                        (page cache bypassed) -> $OUT

# The r0 resource every single-node scenario uses: /dev/drbd0 on /dev/vda,
# one "on" section per lab VM (hostnames node1, node2, ...).
r0_conf() {
	cat <<EOC
global { usage-count no; }
common { protocol C; }
resource r0 {
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
EOC
}

# drbd_conf VM: install r0_conf (or stdin if given "-") as /etc/drbd.conf
drbd_conf() {
	if [ "${2:-}" = - ]; then
		put_file "$1" /etc/drbd.conf
	else
		r0_conf | put_file "$1" /etc/drbd.conf
	fi
}

# dev_sum VM DEV: checksum of the whole device read with O_DIRECT
dev_sum() {
	on "$1" "blockdev --flushbufs $2; dd if=$2 bs=1M iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1"
}

# flip_byte VM DEV OFFSET: invert one byte on the device (written through);
# OFFSET may be a shell expression evaluated in the guest, e.g.
# '$(blockdev --getsize64 /dev/vda) - 4096 + 40'.  Output in $OUT.
flip_byte() {
	on "$1" "$(cat <<EOC
blockdev --flushbufs $2
off=\$(( $3 ))
b=\$(dd if=$2 bs=1 skip=\$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
n=\$(( b ^ 255 ))
printf "\\\\\$(printf %o \$n)" | dd of=$2 bs=1 seek=\$off count=1 conv=notrunc 2>/dev/null
sync; blockdev --flushbufs $2
echo "byte at \$off: \$b -> \$(dd if=$2 bs=1 skip=\$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')"
EOC
)"
}
