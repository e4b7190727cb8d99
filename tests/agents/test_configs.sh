#!/bin/bash
# configs/lab-*.sh offline: each builds its CIB with pacer -f (agents need
# not be installed here: --force), the result passes crm_verify, has
# stonith on and the constraints the stories need.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
pacer=${1:-$top/build/pacer}
dir=$(mktemp -d /var/tmp/configs.XXXXXX)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2" | tail -n 15; fail=$((fail + 1)); }
mkdir -p "$dir/bin"
cat >"$dir/bin/pacer" <<EOS
#!/bin/sh
# pacer -f FILE ...: offline with --force; cluster cib-push F: keep F
if [ "\$1 \$2" = "cluster cib-push" ]; then cp "\$3" "$dir/pushed.xml"; exit; fi
f=\$1 c=\$2
shift 2
exec "$pacer" "\$f" "\$c" --force "\$@"
EOS
chmod +x "$dir/bin/pacer"
for c in mariadb rabbitmq; do
	rm -f "$dir/pushed.xml"
	out=$(PATH=$dir/bin:$PATH sh "$top/configs/lab-$c.sh" "$dir/$c.xml" 2>&1)
	if [ $? -eq 0 ] && [ -s "$dir/pushed.xml" ]; then ok "lab-$c.sh builds and pushes its CIB"
	else bad "lab-$c.sh failed" "$out"; continue; fi
	x=$dir/pushed.xml
	if command -v crm_verify >/dev/null; then
		v=$(crm_verify -x "$x" -V 2>&1)
		grep -qiE "error|warning" <<<"$v" && bad "lab-$c: crm_verify is clean" "$v" || ok "lab-$c: crm_verify is clean"
	fi
	grep -q 'name="stonith-enabled" value="true"' "$x" && ! grep -q 'no-quorum-policy" value="ignore"' "$x" &&
		[ "$(grep -c 'type="fence_qemu"' "$x")" = 2 ] &&
		ok "lab-$c: stonith on with fence_qemu for both nodes, quorum not ignored" || bad "lab-$c: fencing" "$(cat "$x")"
	grep -q 'promotable" value="true"' "$x" && grep -q 'provider="linbit" type="drbd"' "$x" &&
		ok "lab-$c: ocf:linbit:drbd promotable clone" || bad "lab-$c: drbd clone" "$(cat "$x")"
	grep -Eq '<rsc_colocation [^>]*(with-rsc-role|rsc-role)="(Promoted|Master)"' "$x" &&
		grep -Eq '<rsc_order [^>]*first-action="promote"' "$x" &&
		ok "lab-$c: colocated with the Promoted role, ordered after promote" || bad "lab-$c: constraints" "$(grep -E 'rsc_(colocation|order)' "$x")"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
