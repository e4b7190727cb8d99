#!/bin/sh
# Print the kernel release the project builds for and boots in the lab:
# the one Debian's linux-headers-amd64 metapackage points at (never a
# hard-coded number).  KVER in the environment wins.
set -eu
if [ -n "${KVER:-}" ]; then echo "$KVER"; exit 0; fi
dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null || true)
kver=$(printf '%s\n' "$dep" | tr ',' '\n' | sed -n 's/^ *linux-headers-\([0-9][^ ]*-amd64\).*/\1/p' | head -n1)
if [ -z "$kver" ]; then
	# fall back to the newest installed headers
	kver=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sed 's|.*/linux-headers-||' | sort -V | tail -n1)
fi
if [ -z "$kver" ]; then
	echo "kver.sh: no Debian kernel headers installed; run 'make deps'" >&2
	exit 1
fi
echo "$kver"
