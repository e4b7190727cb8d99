#!/bin/bash
# Build the VM lab's boot images and cache them outside the repository.
#
#   qemu-tests/lab/build.sh            build what is missing, print paths
#
# Products, under $LAB_CACHE (default /var/cache/drbd-lab), each named by a
# hash of its inputs so that a changed input gives a new file:
#   vmlinux-$KVER-<hash>        ELF kernel extracted from /boot/vmlinuz-$KVER
#                               (boots through the PVH entry, no in-guest xz)
#   base-<hash>.cpio            busybox, kernel modules, e2fsprogs, iproute2,
#                               /init and the command agent (static part)
#   project-<hash>.cpio         our drbd.ko and userspace binaries + libraries
#   initrd-<hash>.cpio          base + project concatenated (what QEMU loads)
#
# The last lines of stdout are shell assignments (VMLINUX=..., INITRD=...,
# KVER=...) for the launcher to read.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
KVER=${KVER:-$("$TOP/scripts/kver.sh")}
LAB_CACHE=${LAB_CACHE:-/var/cache/drbd-lab}
BUILD=${BUILD:-$TOP/build}
MODDIR=/lib/modules/$KVER

# Kernel modules the guest loads at boot (dependencies are added in
# insmod order by modprobe --show-depends).
BOOT_MODULES="virtio_pci virtio_blk virtio_net virtio_console ext4 sch_netem"
# Host tools copied with their libraries (absolute path in the guest = path
# here, under /usr).  Call them by absolute path: busybox applets win.
HOST_TOOLS="/sbin/mke2fs /sbin/e2fsck /sbin/dumpe2fs /sbin/tc /bin/ip
/usr/bin/kmod"
# Project binaries: every executable directly in build/ or build/bin/, plus
# any listed in $LAB_EXTRA_BINS (space separated paths), minus those whose
# name matches a pattern in $LAB_SKIP_BINS (e.g. LAB_SKIP_BINS='pacer*').
skip_bin() {
	local pat
	for pat in ${LAB_SKIP_BINS:-}; do
		# shellcheck disable=SC2053
		[[ "$1" == $pat ]] && return 0
	done
	return 1
}
project_bins() {
	local f
	for f in "$BUILD"/* "$BUILD"/bin/* ${LAB_EXTRA_BINS:-}; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		case "$f" in *.o|*.a|*.so|*.d|*.sh) continue ;; esac
		# skip unit-test binaries and those named in LAB_SKIP_BINS
		case "$(basename "$f")" in test_*|*_test|*-test) continue ;; esac
		skip_bin "$(basename "$f")" && continue
		file_is_elf "$f" || continue
		echo "$f"
	done
}
DRBD_KO=${DRBD_KO:-$TOP/kernel/drbd/drbd.ko}
[ -f "$DRBD_KO" ] || [ ! -f "$TOP/drbd.ko" ] || DRBD_KO=$TOP/drbd.ko

die() { echo "lab/build.sh: $*" >&2; exit 1; }
log() { echo "lab/build.sh: $*" >&2; }
file_is_elf() { [ "$(head -c4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; }

# temporary files and directories, removed on any exit
TMPS=()
trap 'rm -rf "${TMPS[@]}"' EXIT
mkdir -p "$LAB_CACHE" || die "cannot create $LAB_CACHE; set LAB_CACHE to a writable directory"

# --- (a) vmlinux ----------------------------------------------------------
extract_vmlinux() {
	local img=/boot/vmlinuz-$KVER out=$1 pos tmp
	[ -r "$img" ] || die "$img missing; run 'make deps' (linux-image-amd64)"
	tmp=$(mktemp "$LAB_CACHE/.vmlinux.XXXXXX")
	TMPS+=("$tmp")
	# the xz stream inside the bzImage starts with FD 37 7A 58 5A 00
	for pos in $(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$img" | cut -d: -f1); do
		tail -c +"$((pos + 1))" "$img" | xz -dc 2>/dev/null > "$tmp" || true
		if file_is_elf "$tmp"; then
			mv "$tmp" "$out"
			return 0
		fi
	done
	rm -f "$tmp"
	die "no xz-compressed ELF kernel found in $img"
}

vm_hash=$(sha256sum "/boot/vmlinuz-$KVER" | cut -c1-16)
VMLINUX=$LAB_CACHE/vmlinux-$KVER-$vm_hash
if [ ! -s "$VMLINUX" ]; then
	log "extracting $VMLINUX"
	extract_vmlinux "$VMLINUX"
fi

# --- helpers for the initramfs ------------------------------------------
# copy_with_libs ROOT FILE [DEST]: FILE into ROOT at DEST (default: same
# path) plus every shared library ldd lists, at the path ldd resolved.
copy_with_libs() {
	local root=$1 f=$2 dest=${3:-$2} lib
	mkdir -p "$root$(dirname "$dest")"
	# never write through a link (busybox applet links point at the host)
	rm -f "$root$dest"
	cp -L "$f" "$root$dest"
	for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# usr-merged skeleton so ldd's /lib/... paths land in /usr/lib/...
make_skeleton() {
	local r=$1 d
	for d in bin sbin usr/bin usr/sbin usr/lib/x86_64-linux-gnu usr/lib64 \
		proc sys dev run tmp root etc/drbd.d var/lib/drbd mnt etc/lab; do
		mkdir -p "$r/$d"
	done
	ln -s usr/lib "$r/lib"
	ln -s usr/lib64 "$r/lib64"
	ln -s ../run "$r/var/run"
	ln -s ../run/lock "$r/var/lock"
	chmod 1777 "$r/tmp"
}

pack() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$2"; }

# --- (b1) static part ---------------------------------------------------
boot_module_paths() {
	local m
	for m in $BOOT_MODULES; do
		modprobe -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" {print $2}' ||
			die "module $m not found for $KVER"
	done | awk '!seen[$0]++'
}

base_inputs() {
	echo "kver $KVER"
	echo "modules $BOOT_MODULES"
	sha256sum "$HERE/init.sh" "$HERE/agent.sh" "$0" /bin/busybox
	for f in $(boot_module_paths) $HOST_TOOLS; do sha256sum "$(readlink -f "$f")"; done
}
base_hash=$(base_inputs | sha256sum | cut -c1-16)
BASE=$LAB_CACHE/base-$base_hash.cpio

build_base() {
	local r m rel
	r=$(mktemp -d "$LAB_CACHE/.base.XXXXXX")
	TMPS+=("$r")
	make_skeleton "$r"
	cp /bin/busybox "$r/bin/busybox"
	for a in $(/bin/busybox --list-full); do
		[ -e "$r/$a" ] || ln -s /bin/busybox "$r/$a"
	done
	: > "$r/etc/lab/modules.order"
	for m in $(boot_module_paths); do
		rel=${m#"$MODDIR"/}
		mkdir -p "$r$MODDIR/$(dirname "$rel")"
		cp "$m" "$r$MODDIR/$rel"
		echo "$rel" >> "$r/etc/lab/modules.order"
	done
	cp "$MODDIR/modules.order" "$MODDIR/modules.builtin" "$MODDIR/modules.builtin.modinfo" "$r$MODDIR/" 2>/dev/null || true
	for f in $HOST_TOOLS; do
		copy_with_libs "$r" "$f" "/usr/sbin/$(basename "$f")"
	done
	ln -sfn mke2fs "$r/usr/sbin/mkfs.ext4"
	ln -sfn mke2fs "$r/usr/sbin/mkfs.ext3"
	rm -f "$r/usr/sbin/modprobe" "$r/usr/sbin/depmod"
	ln -s kmod "$r/usr/sbin/modprobe"
	ln -s kmod "$r/usr/sbin/depmod"
	[ -f /etc/mke2fs.conf ] && cp /etc/mke2fs.conf "$r/etc/"
	cp "$HERE/init.sh" "$r/init"
	cp "$HERE/agent.sh" "$r/usr/sbin/lab-agent"
	chmod 755 "$r/init" "$r/usr/sbin/lab-agent"
	echo "root:x:0:0:root:/root:/bin/sh" > "$r/etc/passwd"
	echo "root:x:0:" > "$r/etc/group"
	echo "$KVER" > "$r/etc/lab/kver"
	depmod -b "$r" "$KVER"
	local tmp
	tmp=$(mktemp "$BASE.XXXXXX")
	TMPS+=("$tmp")
	pack "$r" "$tmp"
	mv "$tmp" "$BASE"
	rm -rf "$r"
}
if [ ! -s "$BASE" ]; then
	log "building $BASE"
	build_base
fi

# --- (b2) project part --------------------------------------------------
# LAB_FLAVOUR=ours (default): kernel/drbd/drbd.ko as updates/drbd.ko and our
# binaries in /usr/sbin.  LAB_FLAVOUR=intree: the reference for benchmarks,
# the kernel's own drbd.ko (8.4) and Debian's drbd-utils (apt-get install
# drbd-utils), nothing of ours.
LAB_FLAVOUR=${LAB_FLAVOUR:-ours}
INTREE_BINS="/usr/sbin/drbdadm /usr/sbin/drbdsetup /usr/sbin/drbdmeta
/usr/lib/drbd/drbdadm-84 /usr/lib/drbd/drbdsetup-84"
case "$LAB_FLAVOUR" in
ours)
	BINS=$(project_bins)
	[ -f "$DRBD_KO" ] && KO=$DRBD_KO || KO=
	;;
intree)
	for b in $INTREE_BINS; do
		[ -x "$b" ] || die "LAB_FLAVOUR=intree needs drbd-utils ($b missing): apt-get install drbd-utils"
	done
	# none of our drbd tools; only what $LAB_EXTRA_BINS names (e.g. the
	# benchmark's build/blkbench)
	BINS=
	for b in ${LAB_EXTRA_BINS:-}; do
		[ -f "$b" ] && [ -x "$b" ] && file_is_elf "$b" || die "LAB_EXTRA_BINS: $b is not an executable"
		BINS="$BINS $b"
	done
	KO=
	;;
*) die "LAB_FLAVOUR must be 'ours' or 'intree', not '$LAB_FLAVOUR'" ;;
esac

# extra_modules: host module paths the project part adds (with dependencies)
extra_modules() {
	local dep
	if [ "$LAB_FLAVOUR" = intree ]; then
		modprobe -S "$KVER" --show-depends drbd | awk '$1 == "insmod" {print $2}'
	elif [ -n "$KO" ]; then
		for dep in $(modinfo -F depends "$KO" | tr ',' ' '); do
			modprobe -S "$KVER" --show-depends "$dep" | awk '$1 == "insmod" {print $2}'
		done
	fi
}

proj_inputs() {
	echo "base $base_hash flavour $LAB_FLAVOUR"
	[ -n "$KO" ] && sha256sum "$KO"
	local b
	for b in $BINS $(extra_modules); do sha256sum "$b"; done
	[ "$LAB_FLAVOUR" = intree ] && for b in $INTREE_BINS; do sha256sum "$b"; done
	true
}
proj_hash=$(proj_inputs | sha256sum | cut -c1-16)
PROJECT=$LAB_CACHE/project-$proj_hash.cpio
INITRD=$LAB_CACHE/initrd-$proj_hash.cpio

build_project() {
	local r b full p rel tmp
	r=$(mktemp -d "$LAB_CACHE/.proj.XXXXXX")
	full=$(mktemp -d "$LAB_CACHE/.dep.XXXXXX")
	TMPS+=("$r" "$full")
	# same usr-merged links as the base first, so that nothing below
	# makes lib/ a directory (it would replace the base's link)
	mkdir -p "$r/usr/sbin" "$r/usr/lib" "$r/usr/lib64"
	ln -s usr/lib "$r/lib"
	ln -s usr/lib64 "$r/lib64"
	mkdir -p "$r$MODDIR/updates"
	# modules.dep over the boot modules + ours: the later cpio's
	# modules.dep* replace the base one
	(cd "$full" && cpio -id --quiet < "$BASE")
	if [ -n "$KO" ]; then
		mkdir -p "$full$MODDIR/updates"
		cp "$KO" "$r$MODDIR/updates/drbd.ko"
		cp "$KO" "$full$MODDIR/updates/drbd.ko"
	elif [ "$LAB_FLAVOUR" = ours ]; then
		log "warning: $DRBD_KO not built; the initramfs has no drbd.ko ('make module')"
	fi
	for p in $(extra_modules); do
		rel=${p#"$MODDIR"/}
		[ -e "$full$MODDIR/$rel" ] && continue
		mkdir -p "$full$MODDIR/$(dirname "$rel")" "$r$MODDIR/$(dirname "$rel")"
		cp "$p" "$full$MODDIR/$rel"
		cp "$p" "$r$MODDIR/$rel"
	done
	depmod -b "$full" "$KVER"
	cp "$full$MODDIR"/modules.* "$r$MODDIR/"
	for b in $BINS; do
		copy_with_libs "$r" "$b" "/usr/sbin/$(basename "$b")"
	done
	if [ "$LAB_FLAVOUR" = intree ]; then
		for b in $INTREE_BINS; do
			copy_with_libs "$r" "$b"
		done
		mkdir -p "$r/var/lib/drbd" "$r/usr/lib/drbd"
	fi
	tmp=$(mktemp "$PROJECT.XXXXXX")
	TMPS+=("$tmp")
	pack "$r" "$tmp"
	mv "$tmp" "$PROJECT"
}
if [ ! -s "$INITRD" ]; then
	log "building $PROJECT ($LAB_FLAVOUR; drbd.ko: $([ -n "$KO" ] && echo ours || echo "${LAB_FLAVOUR/ours/none}"); bins: $(echo $BINS | xargs -rn1 basename | tr '\n' ' '))"
	build_project
	tmp=$(mktemp "$INITRD.XXXXXX")
	TMPS+=("$tmp")
	cat "$BASE" "$PROJECT" > "$tmp"
	chmod 644 "$tmp"
	mv "$tmp" "$INITRD"
fi

# keep the cache bounded: the newest 6 base parts, project parts, initrds
for pat in 'project-*.cpio' 'initrd-*.cpio' 'base-*.cpio'; do
	# shellcheck disable=SC2012
	ls -t "$LAB_CACHE"/$pat 2>/dev/null | tail -n +7 | while read -r old; do
		[ "$old" = "$INITRD" ] || [ "$old" = "$BASE" ] || rm -f "$old"
	done
done

echo "KVER=$KVER"
echo "VMLINUX=$VMLINUX"
echo "INITRD=$INITRD"
