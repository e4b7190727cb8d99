#!/bin/bash
# ackcheck on a plain file: a clean run verifies; a lost acknowledged
# write, a torn block and a stale run are each reported.
set -u
ack=${1:?usage: test_ackcheck.sh PATH/TO/ackcheck}
dir=$(mktemp -d /var/tmp/ackcheck-test.XXXXXX)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
check() { # description, command...
	local what=$1
	shift
	if "$@" >"$dir/out" 2>&1; then
		echo "ok - $what"
		pass=$((pass + 1))
	else
		echo "FAIL - $what"
		sed 's/^/    /' "$dir/out" | tail -n 15
		fail=$((fail + 1))
	fi
}
not() { ! "$@"; }

dd if=/dev/zero of="$dir/disk" bs=1M count=16 status=none
check "write 2000 blocks at QD 8 with O_DSYNC" \
	"$ack" write --dev "$dir/disk" --blocks 512 --qd 8 --count 2000 --log "$dir/acks"
check "the log holds 2000 acks" test "$(grep -c '^ack ' "$dir/acks")" -eq 2000
check "verify finds every acknowledged write" \
	"$ack" verify --dev "$dir/disk" --acks "$dir/acks"
check "flush mode (plain O_DIRECT + fsync) acks only after fsync" \
	"$ack" write --dev "$dir/disk" --blocks 512 --qd 4 --count 500 --flush-every 16 --log "$dir/acks2"
check "verify after flush mode" "$ack" verify --dev "$dir/disk" --acks "$dir/acks2"
check "1 MiB sequential writes are logged per 4 KiB block" \
	"$ack" write --dev "$dir/disk" --bs 1048576 --seq --qd 2 --count 16 --log "$dir/acks3"
check "verify after 1 MiB writes" "$ack" verify --dev "$dir/disk" --acks "$dir/acks3"

# A lost write: overwrite an acknowledged block with an older version.
cp "$dir/disk" "$dir/disk.bak"
"$ack" write --dev "$dir/disk" --blocks 64 --qd 1 --count 300 --log "$dir/acks4" >/dev/null
blk=$(awk '$1=="ack"{print $2}' "$dir/acks4" | tail -n1)
dd if="$dir/disk.bak" of="$dir/disk" bs=4096 skip="$blk" seek="$blk" count=1 conv=notrunc status=none
check "a reverted block is reported MISSING" \
	not "$ack" verify --dev "$dir/disk" --acks "$dir/acks4"
cp "$dir/out" "$dir/report"
check "the report names the block" grep -q "MISSING block $blk" "$dir/report"

# A torn block: one byte changed inside an acknowledged block.
"$ack" write --dev "$dir/disk" --blocks 64 --qd 1 --count 300 --log "$dir/acks5" >/dev/null
blk=$(awk '$1=="ack"{print $2}' "$dir/acks5" | tail -n1)
printf 'X' | dd of="$dir/disk" bs=1 seek=$((blk * 4096 + 2000)) conv=notrunc status=none
check "a block with a changed byte is reported TORN" \
	not "$ack" verify --dev "$dir/disk" --acks "$dir/acks5"
cp "$dir/out" "$dir/report"
check "the report names the torn block" grep -q "TORN block $blk" "$dir/report"

# Acks embedded in a console log still parse.
"$ack" write --dev "$dir/disk" --blocks 512 --qd 4 --count 200 --log "$dir/acks6" >/dev/null
sed 's/^/noise /' "$dir/acks6" >"$dir/console"
check "acks inside console noise verify" "$ack" verify --dev "$dir/disk" --acks "$dir/console"
check "an empty ack log is a failure, not a pass" \
	not "$ack" verify --dev "$dir/disk" --acks /dev/null
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
