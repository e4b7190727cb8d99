#!/bin/sh
# Install the Debian packages the project needs (idempotent, quick when
# everything is there).  --check only reports what is missing.
set -eu
PKGS="build-essential pkg-config make gcc kmod cpio xz-utils zstd
linux-headers-amd64 linux-image-amd64 qemu-system-x86 busybox-static
libnl-3-dev libnl-genl-3-dev libkmod-dev liburing-dev check libxml2-dev
e2fsprogs iproute2 python3 util-linux clang
pacemaker-cli-utils resource-agents libxml2-utils time bc
corosync pacemaker libcpg-dev libquorum-dev libvotequorum-dev libcmap-dev
libcorosync-common-dev pacemaker-resource-agents fence-agents
drbd-utils mmdebstrap"
missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	exit 0
fi
if [ "${1:-}" = "--check" ]; then
	echo "missing packages:$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: run 'make deps' as root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
