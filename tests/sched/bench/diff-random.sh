#!/bin/bash
# Differential run: random CIBs through pacer simulate and the real
# crm_simulate; prints how many Transition Summaries agree and keeps the
# disagreeing cases in OUTDIR for study.  Not a test (the scheduler does
# not yet agree on every corner); run as `make diff-sched`.
#
#   diff-random.sh PACER OUTDIR [FIRST_SEED] [LAST_SEED]
set -u
pacer=$1
out=$2
first=${3:-1}
last=${4:-100}
here=$(dirname "$0")
mkdir -p "$out"
same=0
differ=0
invalid=0
summary() {
	sed -n '/^Transition Summary:/,/^Executing Cluster Transition:/p' |
		grep -v '^Executing' | sed -E 's/[[:space:]]+/ /g' | grep -v '^ *$'
}
for s in $(seq "$first" "$last"); do
	cib=$out/random-$s.xml
	python3 "$here/gen-random-cib.py" "$s" >"$cib"
	crm_simulate -x "$cib" -S 2>/dev/null | summary >"$out/random-$s.expected"
	if [ ! -s "$out/random-$s.expected" ]; then
		invalid=$((invalid + 1))	# rejected by Pacemaker's schema
		rm -f "$cib" "$out/random-$s.expected"
		continue
	fi
	"$pacer" simulate -x "$cib" -S -Q 2>&1 | summary >"$out/random-$s.got"
	if diff -q "$out/random-$s.expected" "$out/random-$s.got" >/dev/null; then
		same=$((same + 1))
		rm -f "$cib" "$out/random-$s.expected" "$out/random-$s.got"
	else
		differ=$((differ + 1))
		echo "differs: $cib"
	fi
done
echo "random CIBs: $same agree, $differ differ, $invalid rejected by crm_simulate"
