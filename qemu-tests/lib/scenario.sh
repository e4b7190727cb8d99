# Helpers for VM scenarios (source it first in a scenario script).
#
#   . "$(dirname "$0")/../lib/scenario.sh"
#   lab_start --vms 2 --disk 256M
#   expect_ok   "node1 sees node2"  node1 'ping -c1 -W2 10.99.0.12'
#   expect_ok   "version line"      node1 'cat /proc/drbd' '^version: '
#   expect_fail "secondary refuses" node1 'dd if=/dev/zero of=/dev/drbd0 count=1' 'Read-only|Permission|Wrong medium'
#   on node1 'md5sum /mnt/f'; expect_eq "checksum kept" "$OUT" "$before"
#   check "something on the host" test -s somefile
#   require "drbdadm present" node1 'test -x /usr/sbin/drbdadm'   (stops on failure)
#   wait_until "synced" node2 'cat /proc/drbd' 300 'ds:UpToDate/UpToDate'
#   check "on the host in time" wait_for 60 grep -q 'OK on' "$LAB_RUN_DIR/power.log"
#
# Every check prints `ok - DESC` or `FAIL - DESC` (with the output that made
# it fail).  On exit (normal or not) the lab is stopped, every VM console is
# searched for kernel oops/BUG/WARNING/Call Trace (one more check), the
# failing scenario's console tails are shown, and the script ends with
# `N passed, N failed`, exiting 1 if anything failed.
. "$(dirname "${BASH_SOURCE[0]}")/lab.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib/wait.sh"

SC_PASS=0
SC_FAIL=0
SC_NAME=$(basename "${0%.sh}")

ok() { SC_PASS=$((SC_PASS + 1)); echo "ok - $*"; }
fail() {
	SC_FAIL=$((SC_FAIL + 1))
	echo "FAIL - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | tail -n 15 | sed 's/^/    | /'
	return 0
}
# step TEXT: a heading, with the seconds since the start (SC_STEP_TIME=0:
# without, for callers that stamp every line themselves)
step() {
	if [ "${SC_STEP_TIME:-1}" = 0 ]; then echo "# $*"; else echo "# [${SECONDS}s] $*"; fi
}

# expect_ok DESC VM CMD [ERE]: CMD exits 0 (and its output matches ERE)
expect_ok() {
	local desc=$1 vm=$2 cmd=$3 re=${4:-}
	on "$vm" "$cmd"
	if [ "$RC" -ne 0 ]; then
		fail "$desc" "[$vm rc=$RC] \$ $cmd"$'\n'"$OUT"
	elif [ -n "$re" ] && ! grep -Eq -- "$re" <<<"$OUT"; then
		fail "$desc" "[$vm: output does not match /$re/] \$ $cmd"$'\n'"$OUT"
	else
		ok "$desc"
	fi
}

# require DESC VM CMD [ERE]: like expect_ok, but end the scenario on failure
# (for preconditions whose failure makes every later check meaningless)
require() {
	local before=$SC_FAIL
	expect_ok "$@"
	if [ "$SC_FAIL" -ne "$before" ]; then
		echo "# precondition failed; stopping $SC_NAME"
		exit 1
	fi
}

# expect_fail DESC VM CMD [ERE]: CMD exits non-zero (not a lab failure or
# in-guest timeout) and its output matches ERE
expect_fail() {
	local desc=$1 vm=$2 cmd=$3 re=${4:-}
	on "$vm" "$cmd"
	if [ "$RC" -eq 0 ]; then
		fail "$desc" "[$vm: succeeded, expected failure] \$ $cmd"$'\n'"$OUT"
	elif lab_trouble; then
		fail "$desc" "[$vm: rc=$RC: timed out or VM gone] \$ $cmd"$'\n'"$OUT"
	elif [ -n "$re" ] && ! grep -Eq -- "$re" <<<"$OUT"; then
		fail "$desc" "[$vm: rc=$RC, message does not match /$re/] \$ $cmd"$'\n'"$OUT"
	else
		ok "$desc"
	fi
}

# wait_until DESC VM CMD SECONDS [ERE]: poll CMD (once a second) until it
# exits 0 (and its output matches ERE); one check
wait_until() {
	local desc=$1 vm=$2 cmd=$3 secs=$4 re=${5:-} end
	end=$(($(date +%s) + secs))
	while :; do
		on "$vm" "$cmd"
		if [ "$RC" -eq 0 ] && { [ -z "$re" ] || grep -Eq -- "$re" <<<"$OUT"; }; then
			ok "$desc"
			return 0
		fi
		if [ "$(date +%s)" -ge "$end" ]; then
			fail "$desc" "[$vm: not within ${secs}s; last rc=$RC] \$ $cmd"$'\n'"$OUT"
			return 0
		fi
		sleep 1
	done
}

# lab_trouble: the last command did not fail by itself but timed out, was
# killed or lost its VM (the lab then ends the output with a "lab: " line)
lab_trouble() {
	[[ "$(tail -n1 <<<"$OUT")" == "lab: "* ]]
}

# expect_eq DESC ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:      $2"$'\n'"expected: $3"; fi
}

# check DESC COMMAND...: a host-side condition
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc" "host: $* failed"; fi
}

# console_problems VM: kernel oops/BUG/WARNING lines in its console
SC_OOPS_RE='Oops|BUG:|kernel BUG|WARNING:|Call Trace|general protection fault|Kernel panic|UBSAN:|KASAN:|refcount_t:|list_(add|del) corruption|INFO: task .* blocked'
console_problems() {
	grep -E -m 5 "$SC_OOPS_RE" "$LAB_RUN_DIR/console-$1.log" 2>/dev/null
}

_scenario_exit() {
	local rc=$? vm bad
	trap - EXIT
	lab_stop
	if [ -n "${LAB_RUN_DIR:-}" ] && [ -d "$LAB_RUN_DIR" ]; then
		for vm in $(lab_vms); do
			bad=$(console_problems "$vm")
			if [ -n "$bad" ]; then
				fail "$vm console has no kernel oops/BUG/WARNING" "$bad"
			else
				ok "$vm console has no kernel oops/BUG/WARNING"
			fi
		done
	fi
	if [ "$rc" -ne 0 ] && [ "$SC_FAIL" -eq 0 ]; then
		fail "$SC_NAME ran to its end (exit status $rc)"
	fi
	if [ "$SC_FAIL" -gt 0 ] && [ -n "${LAB_RUN_DIR:-}" ]; then
		for vm in $(lab_vms); do
			echo "--- $vm console (tail): $LAB_RUN_DIR/console-$vm.log"
			console_tail "$vm" "${LAB_CONSOLE_LINES:-30}" | sed 's/^/    /'
		done
	fi
	echo "$SC_PASS passed, $SC_FAIL failed"
	[ "$SC_FAIL" -eq 0 ] || exit 1
	exit 0
}
trap _scenario_exit EXIT
trap 'exit 130' INT TERM HUP
