# Replication helpers for two-node scenarios (source after drbd.sh).
#
#   repl_conf VM [NET_OPTS] [DISK_OPTS]   r0 on both lab nodes, protocol from
#                                         $REPL_PROTOCOL (C), fast timeouts
#                                         ($REPL_NET replaces them)
#   repl_up_both                          create-md + up on node1 and node2,
#                                         then wait until Connected
#   data_sum VM                           md5 of the data area of /dev/vda
#                                         (the part /dev/drbd0 exposes) -> $OUT
#   data_sums VM1 VM2                     both at once -> $SUM1 $SUM2
#   wait_cstate VM ERE [SECONDS]          poll 'drbdadm cstate r0' -> $OUT

REPL_PROTOCOL=${REPL_PROTOCOL:-C}

repl_conf() {
	local vm=$1 net=${2:-} disk=${3:-}
	drbd_conf "$vm" - <<EOC
global { usage-count no; }
resource r0 {
	protocol $REPL_PROTOCOL;
	net { ${REPL_NET:-ping-int 1; ping-timeout 10; timeout 30; ko-count 4; connect-int 1;} $net }
	disk { $disk }
	device /dev/drbd0;
	disk /dev/vda;
	meta-disk internal;
	on node1 { address 10.99.0.11:7789; }
	on node2 { address 10.99.0.12:7789; }
}
EOC
}

repl_up_both() {
	local vm
	for vm in node1 node2; do
		require "create-md r0 on $vm" "$vm" 'drbdadm create-md --force r0 </dev/null'
		require "up r0 on $vm" "$vm" 'drbdadm up r0'
	done
	for vm in node1 node2; do
		require "$vm connects to its peer" "$vm" \
			'timeout 60 drbdadm wait-connect r0 && drbdadm cstate r0' '^(Connected|Sync)'
	done
}

data_sum() {
	# buffered after dropping any cached pages of vda, read in 1 MiB
	# blocks (2.7 times faster under TCG than head -c's small reads)
	on "$1" 'blockdev --flushbufs /dev/vda && s=$(blockdev --getsize64 /dev/drbd0) &&
		{ dd bs=1M count=$((s / 1048576)) 2>/dev/null; dd bs=512 count=$((s % 1048576 / 512)) 2>/dev/null; } </dev/vda | md5sum | cut -d" " -f1'
}

# each VM hashes on its own host core: half the time of one after the other
data_sums() {
	local f1=$LAB_RUN_DIR/.sum1.$$ f2=$LAB_RUN_DIR/.sum2.$$ p1 p2
	(data_sum "$1"; echo "$OUT" >"$f1") &
	p1=$!
	(data_sum "$2"; echo "$OUT" >"$f2") &
	p2=$!
	wait "$p1" "$p2"
	SUM1=$(cat "$f1" 2>/dev/null)
	SUM2=$(cat "$f2" 2>/dev/null)
	rm -f "$f1" "$f2"
}

wait_cstate() {
	local vm=$1 re=$2 secs=${3:-60} i
	for ((i = 0; i < secs * 2; i++)); do
		on "$vm" 'drbdadm cstate r0'
		grep -Eq -- "$re" <<<"$OUT" && return 0
		sleep 0.5
	done
	return 1
}
