#!/bin/sh
# Command agent of a lab VM, on a virtio console (default /dev/hvc0).
#
# Request (one line from the host):   ID TIMEOUT BASE64-OF-SHELL-SCRIPT
# Answer (lines to the host):         @@LAB-BEGIN ID
#                                     BASE64 OF STDOUT+STDERR (several lines)
#                                     @@LAB-END ID EXIT-STATUS
# Commands run concurrently, each under `timeout -s KILL`; a single writer
# sends finished answers so that they never interleave.
dev=${1:-/dev/hvc0}
spool=/run/lab
mkdir -p $spool
# keep the tty open so its settings stay
exec 4<>"$dev"
stty -F "$dev" raw -echo 2>/dev/null
rm -f $spool/done.fifo
mkfifo $spool/done.fifo

run_one() {
	id=$1 t=$2 b64=$3
	echo "$b64" | base64 -d >$spool/$id.sh 2>/dev/null
	(cd /root && exec timeout -s KILL "$t" sh $spool/$id.sh) >$spool/$id.out 2>&1 </dev/null
	rc=$?
	[ $rc -eq 137 ] && echo "lab: killed (status 137): over the ${t}s timeout, or SIGKILL" >>$spool/$id.out
	{
		echo "@@LAB-BEGIN $id"
		base64 $spool/$id.out
		echo "@@LAB-END $id $rc"
	} >$spool/$id.resp
	rm -f $spool/$id.sh $spool/$id.out
	echo "$id" >$spool/done.fifo
}

# writer: sends each finished answer whole
(
	exec 3<>$spool/done.fifo
	while read -r id <&3; do
		cat $spool/$id.resp >"$dev"
		rm -f $spool/$id.resp
	done
) &

echo "@@LAB-READY $(hostname) $(cut -d' ' -f1 /proc/uptime)" >"$dev"
while true; do
	while read -r id t b64; do
		case "$id" in
		''|*[!0-9A-Za-z_-]*) continue ;;
		esac
		run_one "$id" "$t" "$b64" &
	done <"$dev"
	sleep 0.2
done
