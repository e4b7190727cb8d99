#!/bin/bash
# Run VM scenarios and sum their checks.
#
#   qemu-tests/run.sh                  every scenario in scenarios/ (sorted)
#   qemu-tests/run.sh selftest drbd-single-node   some, by name (or path)
#
# Each scenario prints `ok - ...` / `FAIL - ...` per check; a scenario that
# dies without a FAIL counts one failure.  Logs: $LAB_RUNS/<run>/<scenario>/
# (console-nodeN.log per VM, output.log).  Last line: `N passed, N failed`.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_CACHE=${LAB_CACHE:-/var/cache/drbd-lab}
LAB_RUNS=${LAB_RUNS:-$LAB_CACHE/runs}
export LAB_CACHE LAB_RUNS

scenarios=()
if [ $# -eq 0 ]; then
	for f in "$HERE"/scenarios/*.sh; do scenarios+=("$f"); done
else
	for s in "$@"; do
		if [ -f "$s" ]; then scenarios+=("$s")
		elif [ -f "$HERE/scenarios/$s" ]; then scenarios+=("$HERE/scenarios/$s")
		elif [ -f "$HERE/scenarios/$s.sh" ]; then scenarios+=("$HERE/scenarios/$s.sh")
		else echo "run.sh: no scenario '$s' in $HERE/scenarios" >&2; exit 2
		fi
	done
fi

# build the images once, up front, so a build error is reported as such
if ! "$HERE/lab/build.sh" >/dev/null; then
	echo "run.sh: building the lab images failed"
	echo "0 passed, 1 failed"
	exit 1
fi

run=$LAB_RUNS/$(date +%Y%m%d-%H%M%S)-run-$$
mkdir -p "$run"
total_pass=0
total_fail=0
failed=()
for s in "${scenarios[@]}"; do
	name=$(basename "${s%.sh}")
	dir=$run/$name
	mkdir -p "$dir"
	echo "=== scenario $name"
	start=$(date +%s)
	LAB_RUN_DIR=$dir timeout -s TERM -k 30 "${SCENARIO_TIMEOUT:-1500}" \
		bash "$s" 2>&1 | tee "$dir/output.log"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok - ' "$dir/output.log")
	f=$(grep -c '^FAIL - ' "$dir/output.log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL - scenario $name exited with status $rc"
		f=1
	fi
	echo "=== $name: $p passed, $f failed ($(($(date +%s) - start))s, logs in $dir)"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" -eq 0 ] || failed+=("$name")
done
[ ${#failed[@]} -eq 0 ] || echo "failing scenarios: ${failed[*]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
