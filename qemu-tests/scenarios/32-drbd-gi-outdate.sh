#!/bin/bash
# Issue 4: generation identifier commands on one node.  get-gi/show-gi
# follow new-current-uuid (with and without --clear-bitmap), outdate makes
# primary refuse and say why, dump-md reads the same identifiers from the
# lower device once the resource is down.
. "$(dirname "$0")/../lib/scenario.sh"
. "$(dirname "$0")/../lib/drbd.sh"

lab_start --vms 1 --disk 64M || exit 1
drbd_conf node1
require "create-md" node1 'drbdadm create-md --force r0 </dev/null'
require "up (the peer is absent: Connecting)" node1 'drbdadm up r0'
require "primary --force" node1 'drbdadm primary --force r0'

gi() { on node1 'drbdadm get-gi r0'; }
field() { cut -d: -f"$2" <<<"$1"; }

gi; g0=$OUT; echo "    get-gi: $g0"
check "get-gi: a current UUID, consistent and up-to-date flags" \
	grep -Eq '^[0-9A-F]{16}:[0-9A-F]{16}:[0-9A-F]{16}:[0-9A-F]{16}:1:1:' <<<"$g0"
expect_ok "show-gi explains the identifiers" node1 'drbdadm show-gi r0' \
	"current   $(field "$g0" 1)"

step "new-current-uuid"
require "new-current-uuid" node1 'drbdadm new-current-uuid r0'
gi; g1=$OUT; echo "    get-gi: $g1"
check "a new current UUID" test "$(field "$g1" 1)" != "$(field "$g0" 1)"
# promotion without a peer already set the bitmap UUID: the old current
# goes to the history, the bitmap UUID stays (docs/generation-ids.md)
expect_eq "the bitmap UUID stays" "$(field "$g1" 2)" "$(field "$g0" 2)"
expect_eq "the old current went to the history" "$(field "$g1" 3)" "$(field "$g0" 1)"
require "writes 8 blocks" node1 'dd if=/dev/urandom of=/dev/drbd0 bs=4k count=8 oflag=direct 2>/dev/null'
expect_ok "show-gi: the bitmap tracks the writes" node1 'drbdadm show-gi r0' 'out of sync 32 KiB \(8 blocks\)'
require "new-current-uuid --clear-bitmap" node1 'drbdadm new-current-uuid --clear-bitmap r0'
gi; g2=$OUT; echo "    get-gi: $g2"
check "another new current UUID" test "$(field "$g2" 1)" != "$(field "$g1" 1)"
expect_eq "bitmap UUID cleared" "$(field "$g2" 2)" 0000000000000000
expect_eq "the previous current went to the history" "$(field "$g2" 3)" "$(field "$g1" 1)"
expect_ok "show-gi: bitmap cleared" node1 'drbdadm show-gi r0' 'out of sync 0 KiB'
expect_fail "--clear-bitmap belongs to new-current-uuid only" node1 'drbdadm --clear-bitmap primary r0' 'new-current-uuid'

step "outdate"
expect_fail "outdate refused on a Primary" node1 'drbdadm outdate r0' 'secondary'
require "secondary" node1 'drbdadm secondary r0'
require "outdate" node1 'drbdadm outdate r0'
expect_ok "disk Outdated" node1 'drbdadm dstate r0' '^Outdated/'
gi; echo "    get-gi: $OUT"
expect_eq "get-gi: outdated flag set, up-to-date clear" "$(field "$OUT" 6):$(field "$OUT" 11)" "0:1"
expect_fail "primary refused on Outdated data, saying why" node1 'drbdadm primary r0' \
	"Outdated .*primary --force"
gi; g3=$OUT

step "dump-md"
expect_fail "dump-md refused while up" node1 'drbdadm dump-md r0' 'drbdadm down r0'
require "down" node1 'drbdadm down r0'
expect_ok "dump-md shows the identifiers get-gi showed" node1 'drbdadm dump-md r0' \
	"uuids 0x$(field "$g3" 1) 0x$(field "$g3" 2) 0x$(field "$g3" 3) 0x$(field "$g3" 4);"
expect_ok "dump-md shows the outdated flag and the bitmap" node1 'drbdadm dump-md r0' \
	'outdated'
require "up again" node1 'drbdadm up r0'
expect_ok "still Outdated after down/up" node1 'drbdadm dstate r0' '^Outdated/'
expect_ok "primary --force overrides" node1 'drbdadm primary --force r0 && drbdadm dstate r0' '^UpToDate/'
