#!/bin/bash
# Scheduler benchmark: pacer simulate against Pacemaker's crm_simulate -R
# on the same generated CIB (16 nodes, 500 primitives, groups, one
# promotable clone, ~150 constraints), as it is and with one node lost.
# Prints the time per transition, peak memory, the ratios, and whether
# both computed the same Transition Summary.  Not a test: it always ends
# with the figures.
#
#   run-bench.sh PACER OUTDIR
set -u
pacer=$1
out=$2
here=$(dirname "$0")
runs=${BENCH_RUNS:-5}
mkdir -p "$out"
cib=$out/sched-bench.xml
python3 "$here/gen-bench-cib.py" >"$cib"

summary() {
	sed -n '/^Transition Summary:/,/^Executing Cluster Transition:/p' |
		grep -v '^Executing' | sed -E 's/[[:space:]]+/ /g' | grep -v '^ *$'
}

# seconds per run of "$@" (best of $runs), printed with 4 decimals
best_time() {
	local best="" t0 t1 d
	for _ in $(seq "$runs"); do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s.%N)
		d=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$best" ] || [ "$(echo "$d < $best" | bc -l)" = 1 ]; then
			best=$d
		fi
	done
	printf '%.4f' "$best"
}

peak_kb() {
	/usr/bin/time -f '%M' -o "$out/time.txt" "$@" >/dev/null 2>&1
	tail -n1 "$out/time.txt"
}

echo "CIB: $cib ($(grep -c '<primitive' "$cib") primitives, $(grep -c '<node ' "$cib") nodes, $(grep -c '<rsc_' "$cib") constraints)"
printf '%-14s %12s %12s %8s %10s %10s %8s %s\n' scenario pacer_s crm_sim_s speedup pacer_kb crm_sim_kb mem_x same_summary
for scenario in steady node05-lost; do
	args=()
	[ "$scenario" = node05-lost ] && args=(-d node05)
	tp=$(best_time "$pacer" simulate -x "$cib" -S -Q "${args[@]}")
	tc=$(best_time crm_simulate -x "$cib" -R -Q "${args[@]}")
	mp=$(peak_kb "$pacer" simulate -x "$cib" -S -Q "${args[@]}")
	mc=$(peak_kb crm_simulate -x "$cib" -R -Q "${args[@]}")
	same=no
	if diff <("$pacer" simulate -x "$cib" -S -Q "${args[@]}" | summary) \
		<(crm_simulate -x "$cib" -R "${args[@]}" 2>/dev/null | summary) >/dev/null; then
		same=yes
	fi
	printf '%-14s %12s %12s %7.1fx %10s %10s %7.1fx %s\n' "$scenario" "$tp" "$tc" \
		"$(echo "$tc / $tp" | bc -l)" "$mp" "$mc" "$(echo "$mc / $mp" | bc -l)" "$same"
done
