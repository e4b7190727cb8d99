#!/bin/bash
# Run each check target in turn, keep going after a failure, and end with
# one line summing the "N passed, N failed" lines every target prints.
set -u
cd "$(dirname "$0")/.."
total_pass=0
total_fail=0
bad_targets=()
for t in "$@"; do
	echo "=== $t"
	log=$(mktemp)
	make --no-print-directory "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	rm -f "$log"
	if [ -n "$line" ]; then
		p=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/' <<<"$line")
		f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
		total_pass=$((total_pass + p))
		total_fail=$((total_fail + f))
	fi
	if [ "$rc" -ne 0 ]; then
		bad_targets+=("$t")
		[ -z "$line" ] && total_fail=$((total_fail + 1))
	fi
done
echo "=== summary"
[ ${#bad_targets[@]} -gt 0 ] && echo "failing targets: ${bad_targets[*]}"
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ ${#bad_targets[@]} -eq 0 ]
