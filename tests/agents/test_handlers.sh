#!/bin/bash
# agents/handlers/fence-peer and unfence against the real pacer CLI on a
# CIB file (pacer -f): the constraint goes in, only once, is valid, names
# the right clone and node, and unfence takes it out again.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
pacer=${1:-$top/build/pacer}
dir=$(mktemp -d /var/tmp/handlers.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cib=$dir/cib.xml
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }
P() { "$pacer" -f "$cib" --force "$@"; }
# story 1's configuration
P resource create drbd_mysql ocf:linbit:drbd drbd_resource=mysqlr0 op monitor interval=15s >/dev/null 2>&1
P resource promotable drbd_mysql promoted-max=1 promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true >/dev/null 2>&1
P stonith create fence_lab fence_qemu ipaddr=10.99.0.1 >/dev/null 2>&1
P resource create fs_mysql ocf:heartbeat:Filesystem device=/dev/drbd1 directory=/var/lib/mysql fstype=ext4 >/dev/null 2>&1
grep -q 'value="mysqlr0"' "$cib" && ok "the test CIB has the drbd clone" || bad "could not build the test CIB" "$(cat "$cib")"
clone=$(grep -o '<clone id="[^"]*"' "$cib" | cut -d'"' -f2)

# the CLI as the handler uses it: fetch and push the CIB (here: the file),
# everything else through pacer -f
cat >"$dir/pacer" <<EOS
#!/bin/sh
case "\$1 \$2" in
"cluster cib") cp "$cib" "\$3" ;;
"cluster cib-push") cp "\$3" "$cib" ;;
*) exec "$pacer" -f "$cib" "\$@" ;;
esac
EOS
chmod +x "$dir/pacer"
export PACER=$dir/pacer FENCE_MARK_DIR=$dir/marks
run() { out=$(env DRBD_RESOURCE=mysqlr0 "$@" 2>&1); rc=$?; }
run "$top/agents/handlers/fence-peer" --node node1
[ "$rc" = 4 ] && ok "fence-peer exits 4 (peer fenced)" || bad "fence-peer rc $rc" "$out"
id=drbd-fence-by-handler-mysqlr0-$clone
grep -q "<rsc_location id=\"$id\" rsc=\"$clone\"" "$cib" && ok "constraint $id on the clone $clone" || bad "no constraint" "$(cat "$cib")"
grep -q 'role="Promoted" score="-INFINITY"' "$cib" && grep -q 'attribute="#uname" operation="ne" value="node1"' "$cib" &&
	ok "rule: Promoted -INFINITY where #uname ne node1" || bad "rule wrong" "$(cat "$cib")"
if command -v crm_verify >/dev/null; then
	v=$(crm_verify -x "$cib" 2>&1)
	grep -qi "error" <<<"$v" && bad "crm_verify accepts the CIB" "$v" || ok "crm_verify accepts the CIB"
fi
run "$top/agents/handlers/fence-peer" --node node1
[ "$rc" = 4 ] && [ "$(grep -o "id=\"$id\"" "$cib" | wc -l)" = 1 ] && ok "a second call keeps one constraint (exit 4)" || bad "second call rc $rc" "$out"
[ -e "$dir/marks/fenced-mysqlr0" ] && ok "fence-peer leaves its mark for the agent's unfence" || bad "no mark in FENCE_MARK_DIR"
run "$top/agents/handlers/unfence"
[ "$rc" = 0 ] && ! grep -q "$id" "$cib" && ok "unfence removes the constraint" || bad "unfence rc $rc" "$out$(cat "$cib")"
[ ! -e "$dir/marks/fenced-mysqlr0" ] && ok "unfence removes the mark" || bad "mark left after unfence"
run "$top/agents/handlers/fence-peer" --unfence
[ "$rc" = 0 ] && ok "unfence without a constraint is a no-op" || bad "unfence again rc $rc" "$out"
out=$(DRBD_RESOURCE=other "$top/agents/handlers/fence-peer" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "no clone" <<<"$out" && ok "unknown drbd resource: exit 1" || bad "unknown resource rc $rc" "$out"
out=$(env -u DRBD_RESOURCE "$top/agents/handlers/fence-peer" 2>&1); rc=$?
[ "$rc" = 1 ] && ok "no DRBD_RESOURCE: exit 1" || bad "no DRBD_RESOURCE rc $rc" "$out"
out=$(PACER=false DRBD_RESOURCE=mysqlr0 "$top/agents/handlers/fence-peer" 2>&1); rc=$?
[ "$rc" = 1 ] && ok "no cluster: exit 1 (never claims the peer is fenced)" || bad "no cluster rc $rc" "$out"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
