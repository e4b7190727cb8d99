#!/bin/bash
# Run pacer simulate over scheduler cases and compare each Transition
# Summary with the expected one (white space folded, blank lines ignored).
#
#   run-cases.sh PACER PCMK_DIR [OWN_CASES_DIR]
#
# PCMK_DIR holds Pacemaker's cases: xml/NAME.xml and summary/NAME.summary.
# OWN_CASES_DIR holds this project's cases: NAME.xml, NAME.summary and an
# optional NAME.args (extra simulate options such as "-f node1").
set -u
pacer=$1
pcmk=$2
own=${3:-}
pass=0
fail=0

# The Transition Summary section of a crm_simulate-style output.
summary() {
	sed -n '/^Transition Summary:/,/^Executing Cluster Transition:/p' |
		grep -v '^Executing Cluster Transition:' |
		sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//' | grep -v '^$'
}

run_case() {
	local name=$1 xml=$2 expected=$3 args=$4 out
	# shellcheck disable=SC2086
	if ! out=$("$pacer" simulate -x "$xml" -S -Q $args 2>&1); then
		echo "FAIL - $name (pacer exited non-zero)"
		echo "$out" | sed 's/^/    /' | head -20
		fail=$((fail + 1))
		return
	fi
	if diff -u <(summary <"$expected") <(echo "$out" | summary) \
		>/tmp/sched-diff.$$; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "FAIL - $name"
		sed 's/^/    /' /tmp/sched-diff.$$
		fail=$((fail + 1))
	fi
}

if [ ! -d "$pcmk/xml" ]; then
	echo "missing reference cases in $pcmk (set SHARED=...)"
	echo "0 passed, 1 failed"
	exit 1
fi
for xml in "$pcmk"/xml/*.xml; do
	name=$(basename "$xml" .xml)
	run_case "$name" "$xml" "$pcmk/summary/$name.summary" ""
done
if [ -n "$own" ] && [ -d "$own" ]; then
	for xml in "$own"/*.xml; do
		[ -e "$xml" ] || continue
		name=$(basename "$xml" .xml)
		args=""
		[ -f "$own/$name.args" ] && args=$(cat "$own/$name.args")
		run_case "own/$name" "$xml" "$own/$name.summary" "$args"
	done
fi
rm -f /tmp/sched-diff.$$
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
