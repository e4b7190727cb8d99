#!/bin/bash
# The lab's Debian flavour: an mmdebstrap'ed bookworm tree (corosync,
# resource-agents, MariaDB, RabbitMQ, e2fsprogs, xfsprogs) as a read-only
# ext4 image, booted through the usual lab initramfs with one more /init
# that mounts it under a tmpfs overlay and switch_roots into it.
#
# Prints KVER=, VMLINUX=, INITRD=, ROOTFS= like build.sh (whose images it
# extends).  Cached in $LAB_CACHE (default /var/cache/drbd-lab), outside
# the repository:
#   rootfs-HASH.img       the Debian tree; HASH = package list + this script
#                         + the suite/mirror, so a project rebuild keeps it
#   initrd-deb-HASH.cpio  build.sh's initrd + debinit.sh + overlay/xfs modules
# Our module and binaries are not in the image: /init copies them from the
# initramfs into the overlay at every boot, so they are always the current
# build.
#
#   rootfs.sh --image-only   only the Debian image (no build of ours
#                            needed; make check starts it early)
#
#   LAB_DEB_PACKAGES   the package list (default below)
#   LAB_DEB_MIRROR     default http://deb.debian.org/debian
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_CACHE=${LAB_CACHE:-/var/cache/drbd-lab}
SUITE=bookworm
MIRROR=${LAB_DEB_MIRROR:-http://deb.debian.org/debian}
PACKAGES=${LAB_DEB_PACKAGES:-"corosync resource-agents mariadb-server
mariadb-client rabbitmq-server e2fsprogs xfsprogs iproute2 iputils-ping
procps psmisc kmod netcat-openbsd"}
EXTRA_MODULES="overlay xfs"

die() { echo "lab/rootfs.sh: $*" >&2; exit 1; }
log() { echo "lab/rootfs.sh: $*" >&2; }
TMPS=()
cleanup() { for t in "${TMPS[@]}"; do rm -rf "$t"; done; }
trap cleanup EXIT

IMAGE_ONLY=0
[ "${1:-}" = --image-only ] && IMAGE_ONLY=1
mkdir -p "$LAB_CACHE"

# --- the Debian tree ------------------------------------------------------
pkgs=$(echo $PACKAGES | tr ' ' '\n' | LC_ALL=C sort -u | tr '\n' ',' | sed 's/,$//')
# the key: what goes into the tree (debinit.sh is not in it: /init brings it)
key=$( { echo "$SUITE $MIRROR $pkgs"; sed -n '/^build_rootfs()/,/^}/p' "$0"; } | sha256sum | cut -c1-16)
ROOTFS=$LAB_CACHE/rootfs-$key.img

build_rootfs() {
	command -v mmdebstrap >/dev/null || die "needs mmdebstrap (scripts/deps.sh, or apt-get install mmdebstrap)"
	local r t0 mb tmp
	t0=$(date +%s)
	r=$(mktemp -d "$LAB_CACHE/.rootfs.XXXXXX")
	TMPS+=("$r")
	rmdir "$r"
	log "mmdebstrap $SUITE ($pkgs) into $r"
	# mmdebstrap: one apt download, one dpkg run without fsyncs, no
	# daemon started in the chroot (about 10x faster than debootstrap
	# for this set).  Leaner: no docs, man pages or foreign locales.
	mmdebstrap --variant=minbase --include="$pkgs" \
		--dpkgopt=force-unsafe-io \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		--dpkgopt='path-include=/usr/share/locale/en*' \
		"$SUITE" "$r" "$MIRROR" >"$LAB_CACHE/rootfs-$key.log" 2>&1 ||
		die "mmdebstrap failed; see $LAB_CACHE/rootfs-$key.log"
	# the services are started by the scenarios (or the cluster), never at boot
	mkdir -p "$r/etc/lab" "$r/etc/drbd.d" "$r/var/lib/drbd" "$r/etc/corosync" \
		"$r/usr/lib/ocf/resource.d/pacer" "$r/usr/lib/ocf/resource.d/linbit"
	echo "$SUITE $pkgs" >"$r/etc/lab/rootfs-packages"
	mb=$(( $(du -sm "$r" | cut -f1) * 13 / 10 + 64 ))
	tmp=$(mktemp "$ROOTFS.XXXXXX")
	TMPS+=("$tmp")
	rm -f "$tmp"
	mkfs.ext4 -q -L labroot -d "$r" "$tmp" "${mb}M" >&2 ||
		die "mkfs.ext4 -d failed"
	mv "$tmp" "$ROOTFS"
	log "built $ROOTFS (${mb} MiB image, tree $(du -sm "$r" | cut -f1) MiB) in $(( $(date +%s) - t0 ))s"
	rm -rf "$r"
}
# one builder at a time (make check starts a build early, in the background)
exec {lock}>>"$LAB_CACHE/rootfs.lock"
flock "$lock"
[ -s "$ROOTFS" ] || build_rootfs
if [ "$IMAGE_ONLY" = 1 ]; then
	echo "ROOTFS=$ROOTFS"
	exit 0
fi

# build.sh's images (kernel, initramfs with our module and binaries)
eval "$("$HERE/build.sh" | grep -E '^(KVER|VMLINUX|INITRD)=')"

# --- the initramfs: build.sh's, plus debinit's /init and more modules -----
MODDIR=/lib/modules/$KVER
mods() {
	local m
	for m in $EXTRA_MODULES; do
		modprobe -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
	done | awk '!seen[$0]++'
}
TOP=$(cd "$HERE/../.." && pwd)
AGENTS="$TOP/agents/ocf/drbd $TOP/agents/handlers/fence-peer"
ikey=$( { echo "$INITRD $key"; sha256sum "$HERE/debinit.sh" "$0" $AGENTS; for m in $(mods); do sha256sum "$m"; done; } |
	sha256sum | cut -c1-16)
DINITRD=$LAB_CACHE/initrd-deb-$ikey.cpio
if [ ! -s "$DINITRD" ]; then
	r=$(mktemp -d "$LAB_CACHE/.debinit.XXXXXX")
	TMPS+=("$r")
	mkdir -p "$r/etc/lab"
	: >"$r/etc/lab/modules.extra"
	# under usr/: the initramfs has /lib -> usr/lib, and a "lib" directory
	# in this archive would replace that link
	for m in $(mods); do
		rel=${m#"$MODDIR"/}
		mkdir -p "$r/usr$MODDIR/$(dirname "$rel")"
		cp "$m" "$r/usr$MODDIR/$rel"
		echo "$rel" >>"$r/etc/lab/modules.extra"
	done
	install -m 755 "$HERE/debinit.sh" "$r/init"
	# our agents, copied into Debian's tree by /init (stage 1)
	install -D -m 755 "$TOP/agents/ocf/drbd" "$r/lab-agents/usr/lib/ocf/resource.d/pacer/drbd"
	install -D -m 755 "$TOP/agents/ocf/drbd" "$r/lab-agents/usr/lib/ocf/resource.d/linbit/drbd"
	install -D -m 755 "$TOP/agents/handlers/fence-peer" "$r/lab-agents/usr/lib/drbd/fence-peer"
	for n in unfence crm-fence-peer.sh crm-unfence-peer.sh; do
		ln -s fence-peer "$r/lab-agents/usr/lib/drbd/$n"
	done
	tmp=$(mktemp "$DINITRD.XXXXXX")
	TMPS+=("$tmp")
	{ cat "$INITRD"; (cd "$r" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc --quiet -R 0:0); } >"$tmp"
	chmod 644 "$tmp"
	mv "$tmp" "$DINITRD"
fi
# keep the cache bounded: the newest 2 images, 4 initrds
ls -t "$LAB_CACHE"/rootfs-*.img 2>/dev/null | tail -n +3 | while read -r old; do
	[ "$old" = "$ROOTFS" ] || rm -f "$old"
done
ls -t "$LAB_CACHE"/initrd-deb-*.cpio 2>/dev/null | tail -n +5 | while read -r old; do
	[ "$old" = "$DINITRD" ] || rm -f "$old"
done

echo "KVER=$KVER"
echo "VMLINUX=$VMLINUX"
echo "INITRD=$DINITRD"
echo "ROOTFS=$ROOTFS"
