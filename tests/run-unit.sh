#!/bin/bash
# Run Check unit-test binaries, sum the checks each reports, and end with
# one line "N passed, N failed".  A binary that dies without a summary
# counts as one failure.
set -u
pass=0
fail=0
for bin in "$@"; do
	out=$("$bin" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	sum=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' <<<"$out" | tail -n1)
	if [ -z "$sum" ]; then
		echo "FAIL - $bin exited $rc without a Check summary"
		fail=$((fail + 1))
		continue
	fi
	checks=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$sum")
	bad=$(sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1+\2/' <<<"$sum")
	bad=$((bad))
	pass=$((pass + checks - bad))
	fail=$((fail + bad))
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "FAIL - $bin exited $rc"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
