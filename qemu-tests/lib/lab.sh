# Bash front end of the VM lab (source it).  A lab is a background
# `lab.py serve` process that owns the VMs, the network namespace and the
# disks; these functions talk to it through $LAB_RUN_DIR/ctl.sock.
#
#   lab_start [--vms N] [--disk SIZE]... [--cache none|writeback]
#   vm_exec VM [--timeout S] 'shell commands'   output to stdout, returns rc
#   on VM 'shell commands'                      sets $OUT and $RC, prints nothing
#   qmp VM quit|stop|cont|set_link|...  [JSON-ARGS]
#   link_cut VM / link_restore VM               tap down / up in the netns
#   vm_boot VM                                  power-cycle with the same disks
#   netem VM 'delay 20ms loss 1%' | netem VM off  (tc netem inside the guest)
#   put_file VM PATH < FILE                     copy a file into the guest
#   console_tail VM [LINES]
#   lab_stop                                    (also done on exit)
LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB_PY=$LAB_HOME/lab/lab.py
LAB_CACHE=${LAB_CACHE:-/var/cache/drbd-lab}
LAB_RUNS=${LAB_RUNS:-$LAB_CACHE/runs}
LAB_TIMEOUT=${LAB_TIMEOUT:-120}
LAB_SERVER_PID=
# One lab at a time on this host by default: TCG VMs on a small host slow
# each other down until timeouts fire.  LAB_LOCK= (empty) turns this off.
LAB_LOCK=${LAB_LOCK-$LAB_CACHE/lab.lock}
LAB_LOCK_FD=

lab_lock() {
	[ -n "$LAB_LOCK" ] && [ -z "$LAB_LOCK_FD" ] || return 0
	mkdir -p "$(dirname "$LAB_LOCK")"
	exec {LAB_LOCK_FD}>>"$LAB_LOCK"
	if ! flock -n "$LAB_LOCK_FD"; then
		echo "lab: waiting for another lab on this host ($LAB_LOCK)" >&2
		flock "$LAB_LOCK_FD"
	fi
}

lab_unlock() {
	[ -n "$LAB_LOCK_FD" ] || return 0
	exec {LAB_LOCK_FD}>&-
	LAB_LOCK_FD=
}

# lab_start [serve options]: boot the VMs; returns when every agent answers.
# lab_prune: disk images a killed lab left behind (untouched for 4 hours;
# a lab ends its VMs after at most --max-time, 1 hour by default) and run
# logs older than a week
lab_prune() {
	[ -d "$LAB_RUNS" ] || return 0
	find "$LAB_RUNS" -name '*.img' -mmin +240 -delete 2>/dev/null
	find "$LAB_RUNS" -mindepth 1 -maxdepth 1 -type d -mtime +7 -exec rm -rf {} + 2>/dev/null
	return 0
}

lab_start() {
	lab_prune
	if [ -z "${LAB_RUN_DIR:-}" ]; then
		LAB_RUN_DIR=$LAB_RUNS/$(date +%Y%m%d-%H%M%S)-$(basename "${0%.sh}")-$$
	fi
	export LAB_RUN_DIR
	mkdir -p "$LAB_RUN_DIR"
	rm -f "$LAB_RUN_DIR/ready" "$LAB_RUN_DIR/failed"
	lab_lock
	"$LAB_PY" serve --dir "$LAB_RUN_DIR" --parent $$ "$@" >>"$LAB_RUN_DIR/lab.log" 2>&1 {LAB_LOCK_FD}>&- &
	LAB_SERVER_PID=$!
	local i
	for ((i = 0; i < 1800; i++)); do
		[ -e "$LAB_RUN_DIR/ready" ] && break
		if ! kill -0 "$LAB_SERVER_PID" 2>/dev/null || [ -e "$LAB_RUN_DIR/failed" ]; then
			echo "lab: failed to start; $LAB_RUN_DIR/lab.log says:" >&2
			tail -n 20 "$LAB_RUN_DIR/lab.log" >&2
			wait "$LAB_SERVER_PID" 2>/dev/null
			LAB_SERVER_PID=
			lab_unlock
			return 1
		fi
		sleep 0.2
	done
	grep -h 'ready in' "$LAB_RUN_DIR/lab.log" | tail -n1 >&2
}

lab_stop() {
	[ -n "$LAB_SERVER_PID" ] || return 0
	"$LAB_PY" stop --dir "$LAB_RUN_DIR" >/dev/null 2>&1
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$LAB_SERVER_PID" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$LAB_SERVER_PID" 2>/dev/null; then
		kill -TERM "$LAB_SERVER_PID" 2>/dev/null
		sleep 5
		kill -KILL "$LAB_SERVER_PID" 2>/dev/null
	fi
	wait "$LAB_SERVER_PID" 2>/dev/null
	LAB_SERVER_PID=
	lab_unlock
}

vm_exec() {
	local vm=$1 t=$LAB_TIMEOUT
	shift
	if [ "${1:-}" = --timeout ]; then
		t=$2
		shift 2
	fi
	"$LAB_PY" exec --dir "$LAB_RUN_DIR" --timeout "$t" "$vm" -- "$*"
}

# on VM CMD: run quietly, keep output in $OUT and status in $RC
# (run in the background and waited for, so that a signal to the script
# is handled at once rather than after the command)
on() {
	local f=$LAB_RUN_DIR/.on.$BASHPID p
	vm_exec "$@" >"$f" 2>&1 &
	p=$!
	wait "$p"
	RC=$?
	OUT=$(cat "$f")
	rm -f "$f"
	return 0
}

qmp() { "$LAB_PY" qmp --dir "$LAB_RUN_DIR" "$1" -- "${@:2}"; }
link_cut() { "$LAB_PY" link --dir "$LAB_RUN_DIR" "$1" -- down; }
link_restore() { "$LAB_PY" link --dir "$LAB_RUN_DIR" "$1" -- up; }
vm_boot() { "$LAB_PY" boot --dir "$LAB_RUN_DIR" "$1"; }
vm_console() { echo "$LAB_RUN_DIR/console-$1.log"; }
# netem VM 'delay 20ms loss 1%' / netem VM off: shape VM's outgoing traffic
netem() {
	if [ "$2" = off ]; then
		vm_exec "$1" '/usr/sbin/tc qdisc del dev eth0 root 2>/dev/null; true'
	else
		vm_exec "$1" "/usr/sbin/tc qdisc replace dev eth0 root netem $2"
	fi
}
console_tail() { tail -n "${2:-40}" "$LAB_RUN_DIR/console-$1.log"; }
lab_vms() { ls "$LAB_RUN_DIR" | sed -n 's/^console-\(.*\)\.log$/\1/p'; }

# put_file VM PATH: copy stdin into the guest (in 48 KiB pieces: one
# command line must stay under the kernel's 128 KiB argument limit)
put_file() {
	local tmp chunk
	tmp=$(mktemp)
	base64 -w 65536 >"$tmp"
	on "$1" "mkdir -p \$(dirname '$2') && : > '$2.b64'"
	while IFS= read -r chunk || [ -n "$chunk" ]; do
		on "$1" "echo '$chunk' >> '$2.b64'"
		[ "$RC" -eq 0 ] || break
	done <"$tmp"
	rm -f "$tmp"
	[ "$RC" -eq 0 ] && on "$1" "base64 -d '$2.b64' > '$2' && rm -f '$2.b64'"
	[ "$RC" -eq 0 ] || { echo "put_file $1:$2 failed: $OUT" >&2; return 1; }
}
