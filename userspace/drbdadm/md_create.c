// SPDX-License-Identifier: GPL-2.0-only
/*
 * md_create.c - write fresh drbd metadata to a lower device.
 *
 * Order: open exclusively, size, layout, look for what would be
 * overwritten (drbd metadata, a filesystem), then zero the bitmap and the
 * activity log, write the superblock last and fsync.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "drbd_md.h"
#include "md_create.h"

#define SIG_SCAN_BYTES	(128u * 1024u)
#define ZERO_CHUNK	(64u * 1024u)

static int errf(char *err, size_t len, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int errf(char *err, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

uint64_t md_min_lower_bytes(void)
{
	struct drbd_md_layout l;
	uint64_t lo = DRBD_MD_BLOCK_SIZE, hi = 1ull << 40;

	/* Layout success is monotonic in the size: bisect on 4 KiB units. */
	while (lo < hi) {
		uint64_t mid = ((lo + hi) / 2) & ~(uint64_t)(DRBD_MD_BLOCK_SIZE - 1);

		if (mid <= lo)
			mid = lo;
		if (drbd_md_compute_layout(mid, &l) == 0)
			hi = mid;
		else
			lo = mid + DRBD_MD_BLOCK_SIZE;
	}
	return hi;
}

int md_lower_size(int fd, uint64_t *ret)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKGETSIZE64, ret) < 0 ? -errno : 0;
	if (S_ISREG(st.st_mode)) {
		*ret = (uint64_t)st.st_size;
		return 0;
	}
	return -ENOTBLK;
}

static bool has_bytes(const uint8_t *buf, size_t len, size_t off,
		      const void *magic, size_t mlen)
{
	return off + mlen <= len && memcmp(buf + off, magic, mlen) == 0;
}

const char *md_fs_signature(const uint8_t *buf, size_t len, char *detail,
			    size_t dlen)
{
	static const uint8_t luks[6] = { 'L', 'U', 'K', 'S', 0xba, 0xbe };
	size_t off;

	if (len >= 1082 && drbd_get_le16(buf + 1080) == 0xEF53) {
		snprintf(detail, dlen, "magic 0xEF53 at offset 1080");
		return "ext2/3/4 filesystem";
	}
	if (has_bytes(buf, len, 0, "XFSB", 4)) {
		snprintf(detail, dlen, "\"XFSB\" at offset 0");
		return "XFS filesystem";
	}
	if (has_bytes(buf, len, 0, luks, sizeof(luks))) {
		snprintf(detail, dlen, "\"LUKS\" header at offset 0");
		return "LUKS encrypted volume";
	}
	for (off = 0; off < 2048; off += 512)
		if (has_bytes(buf, len, off, "LABELONE", 8)) {
			snprintf(detail, dlen, "\"LABELONE\" at offset %zu", off);
			return "LVM physical volume";
		}
	if (has_bytes(buf, len, 4086, "SWAPSPACE2", 10) ||
	    has_bytes(buf, len, 4086, "SWAP-SPACE", 10)) {
		snprintf(detail, dlen, "swap signature at offset 4086");
		return "swap area";
	}
	if (has_bytes(buf, len, 65600, "_BHRfS_M", 8)) {
		snprintf(detail, dlen, "\"_BHRfS_M\" at offset 65600");
		return "btrfs filesystem";
	}
	return NULL;
}

static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;	/* short file: rest stays zero */
		done += (size_t)n;
	}
	return 0;
}

static int pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, (const char *)buf + done, len - done,
				   (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

static int zero_area(int fd, uint64_t off, uint64_t len)
{
	static const uint8_t zero[ZERO_CHUNK];
	int rc = 0;

	while (len && !rc) {
		size_t n = len < ZERO_CHUNK ? (size_t)len : ZERO_CHUNK;

		rc = pwrite_full(fd, zero, n, off);
		off += n;
		len -= n;
	}
	return rc;
}

static int open_lower(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int flags = O_RDWR | O_CLOEXEC;
	int fd;

	if (stat(path, &st) < 0)
		return errf(err, errlen, -errno, "%s: %s; check the 'disk' line of the resource",
			    path, errno == ENOENT ? "no such device or file" : strerror(errno));
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
		return errf(err, errlen, -ENOTBLK,
			    "%s is not a block device (nor a regular file)", path);
	if (S_ISBLK(st.st_mode))
		flags |= O_EXCL;	/* refused while mounted or held open */
	fd = open(path, flags);
	if (fd < 0 && errno == EBUSY)
		return errf(err, errlen, -EBUSY,
			    "%s is in use (mounted or held open): the kernel refused exclusive access; umount it or stop what holds it (a drbd resource attached to it: 'drbdadm down')",
			    path);
	if (fd < 0)
		return errf(err, errlen, -errno, "%s: cannot open for writing: %s",
			    path, strerror(errno));
	return fd;
}

/* What is already there; 0 when nothing, -EEXIST with @what filled. */
static int look_before_writing(int fd, const char *path,
			       const struct drbd_md_layout *l, char *what,
			       size_t wlen)
{
	uint8_t *buf = calloc(1, SIG_SCAN_BYTES);
	struct drbd_md_sb sb;
	enum drbd_md_error e;
	const char *fs;
	char detail[96];
	int rc;

	if (!buf)
		return -ENOMEM;
	rc = pread_full(fd, buf, DRBD_MD_BLOCK_SIZE, l->sb_offset);
	if (rc)
		goto out;
	e = drbd_md_decode_sb(buf, l->lower_bytes, &sb);
	if (e == DRBD_MD_OK) {
		rc = errf(what, wlen, -EEXIST,
			  "%s already holds drbd metadata (device uuid %016" PRIX64 ", current uuid %016" PRIX64 "); writing new metadata discards its generation identifiers and bitmap",
			  path, sb.device_uuid, sb.uuid[DRBD_UUID_CURRENT]);
		goto out;
	}
	if (e != DRBD_MD_ERR_MAGIC) {
		rc = errf(what, wlen, -EEXIST,
			  "%s holds drbd metadata that does not validate (%s)",
			  path, drbd_md_strerror(e));
		goto out;
	}
	memset(buf, 0, SIG_SCAN_BYTES);
	rc = pread_full(fd, buf, SIG_SCAN_BYTES, 0);
	if (rc)
		goto out;
	fs = md_fs_signature(buf, SIG_SCAN_BYTES, detail, sizeof(detail));
	if (fs)
		rc = errf(what, wlen, -EEXIST,
			  "%s holds an %s (%s); the drbd metadata goes into its last %" PRIu64 " KiB and would damage it",
			  path, fs, detail, (l->lower_bytes - l->data_bytes) / 1024);
out:
	free(buf);
	return rc;
}

static uint64_t new_device_uuid(void)
{
	uint64_t u = 0;

	while (u == 0)
		if (getrandom(&u, sizeof(u), 0) != sizeof(u))
			u = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull;
	return u;
}

static void report_layout(FILE *out, const char *path, const char *drbd_dev,
			  const struct drbd_md_layout *l)
{
	if (!out)
		return;
	fprintf(out, "%s: %" PRIu64 " bytes; drbd metadata takes the last %" PRIu64 " KiB\n",
		path, l->lower_bytes, (l->lower_bytes - l->data_bytes) / 1024);
	fprintf(out, "  data area     at 0, %" PRIu64 " KiB%s%s\n",
		l->data_bytes / 1024, drbd_dev ? ", exposed as " : "",
		drbd_dev ? drbd_dev : "");
	fprintf(out, "  bitmap        at %" PRIu64 ", %" PRIu64 " KiB (%" PRIu64 " bits, one per 4 KiB)\n",
		l->bm_offset, l->bm_bytes / 1024, l->bm_bits);
	fprintf(out, "  activity log  at %" PRIu64 ", %" PRIu64 " KiB\n",
		l->al_offset, l->al_bytes / 1024);
	fprintf(out, "  superblock    at %" PRIu64 ", 4 KiB\n", l->sb_offset);
}

static int write_md(int fd, const char *path, const struct md_create_opts *o,
		    const struct drbd_md_layout *l, FILE *out, char *err,
		    size_t errlen)
{
	uint8_t block[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_sb sb;
	int rc;

	if (out)
		fprintf(out, "initializing activity log (%" PRIu64 " KiB) to zero\n",
			l->al_bytes / 1024);
	rc = zero_area(fd, l->al_offset, l->al_bytes);
	if (!rc && out)
		fprintf(out, "initializing bitmap (%" PRIu64 " KiB) to zero\n",
			l->bm_bytes / 1024);
	if (!rc)
		rc = zero_area(fd, l->bm_offset, l->bm_bytes);
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (rc)
		return errf(err, errlen, rc, "%s: writing the bitmap and activity log failed: %s",
			    path, strerror(-rc));
	drbd_md_init_sb(&sb, l, new_device_uuid(),
			o->now ? o->now : (uint64_t)time(NULL));
	drbd_md_encode_sb(&sb, block);
	if (out)
		fprintf(out, "writing the superblock (device uuid %016" PRIX64 ")\n",
			sb.device_uuid);
	rc = pwrite_full(fd, block, sizeof(block), l->sb_offset);
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (rc)
		return errf(err, errlen, rc, "%s: writing the superblock failed: %s",
			    path, strerror(-rc));
	return 0;
}

int md_create(const char *path, const struct md_create_opts *o, FILE *out,
	      char *err, size_t errlen)
{
	struct drbd_md_layout l;
	char what[512];
	uint64_t size;
	int fd, rc;

	fd = open_lower(path, err, errlen);
	if (fd < 0)
		return fd;
	rc = md_lower_size(fd, &size);
	if (rc) {
		errf(err, errlen, rc, "%s: cannot read its size: %s", path, strerror(-rc));
		goto out_close;
	}
	if (drbd_md_compute_layout(size, &l)) {
		rc = errf(err, errlen, -ENOSPC,
			  "%s is too small for drbd: %" PRIu64 " KiB; the minimum is %" PRIu64 " KiB (1 MiB of data plus the metadata)",
			  path, size / 1024, md_min_lower_bytes() / 1024);
		goto out_close;
	}
	rc = look_before_writing(fd, path, &l, what, sizeof(what));
	if (rc == -EEXIST && !o->force) {
		if (!o->confirm) {
			errf(err, errlen, rc, "%s; use --force to write new metadata anyway", what);
			goto out_close;
		}
		if (!o->confirm(what, o->confirm_arg)) {
			rc = errf(err, errlen, -ECANCELED,
				  "%s: create-md cancelled; nothing was written", path);
			goto out_close;
		}
	} else if (rc == -EEXIST && out) {
		fprintf(out, "--force: overwriting: %s\n", what);
	} else if (rc && rc != -EEXIST) {
		errf(err, errlen, rc, "%s: cannot read it: %s", path, strerror(-rc));
		goto out_close;
	}
	report_layout(out, path, o->drbd_device, &l);
	rc = write_md(fd, path, o, &l, out, err, errlen);
	if (!rc && out)
		fprintf(out, "New drbd meta data block successfully created.\n");
out_close:
	close(fd);
	return rc;
}

static void dump_flags(FILE *out, uint32_t f)
{
	static const char *const names[] = {
		"consistent", "up-to-date", "primary", "connected",
		"full-sync", "peer-outdated", "outdated", "al-clean",
		"young-primary",
	};
	const char *sep = "";
	size_t i;

	fprintf(out, "flags 0x%08" PRIx32 ";", f);
	fputs("   # ", out);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & (1u << i)) {
			fprintf(out, "%s%s", sep, names[i]);
			sep = ",";
		}
	fputc('\n', out);
}

int md_dump(const char *path, FILE *out, char *err, size_t errlen)
{
	uint8_t buf[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_layout layout;
	struct drbd_md_sb sb;
	enum drbd_md_error e;
	uint64_t lower, bits = 0, off, left;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errf(err, errlen, -errno, "%s: cannot open: %s", path,
			    strerror(errno));
	rc = md_lower_size(fd, &lower);
	if (!rc && drbd_md_compute_layout(lower, &layout))
		rc = errf(err, errlen, -ENOSPC, "%s is too small to hold drbd metadata", path);
	else if (rc)
		errf(err, errlen, rc, "%s: cannot tell its size: %s", path, strerror(-rc));
	if (!rc)
		rc = pread_full(fd, buf, sizeof(buf), layout.sb_offset);
	if (rc)
		goto out;
	e = drbd_md_decode_sb(buf, lower, &sb);
	if (e != DRBD_MD_OK) {
		rc = errf(err, errlen, -ENOMSG, "%s: no valid drbd metadata: %s",
			  path, drbd_md_strerror(e));
		goto out;
	}
	/* the bitmap as persisted: bm_bits bits from bm_offset */
	for (off = 0, left = (sb.bm_bytes < layout.bm_bytes ? sb.bm_bytes :
			       layout.bm_bytes); left && !rc; ) {
		size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		size_t i;

		memset(buf, 0, sizeof(buf));
		rc = pread_full(fd, buf, n, sb.bm_offset + off);
		for (i = 0; i < n && !rc; i++) {
			uint64_t bit = (off + i) * 8;
			uint8_t b = buf[i];

			if (bit + 8 > layout.bm_bits)
				b &= (uint8_t)((1u << (layout.bm_bits > bit ?
						       layout.bm_bits - bit : 0)) - 1);
			bits += (uint64_t)__builtin_popcount(b);
		}
		off += n;
		left -= n;
	}
	if (rc) {
		errf(err, errlen, rc, "%s: read error: %s", path, strerror(-rc));
		goto out;
	}
	fprintf(out, "# drbd metadata on %s, version %" PRIu32 "\n", path, sb.version);
	fprintf(out, "uuids 0x%016" PRIX64 " 0x%016" PRIX64 " 0x%016" PRIX64 " 0x%016" PRIX64 ";   # current bitmap history history\n",
		sb.uuid[0], sb.uuid[1], sb.uuid[2], sb.uuid[3]);
	dump_flags(out, sb.flags);
	fprintf(out, "device-uuid 0x%016" PRIX64 ";\n", sb.device_uuid);
	fprintf(out, "data-bytes %" PRIu64 ";   # %" PRIu64 " sectors\n", sb.data_bytes,
		sb.data_bytes >> 9);
	fprintf(out, "lower-bytes %" PRIu64 ";\n", sb.lower_bytes);
	fprintf(out, "bm-offset %" PRIu64 "; bm-bytes %" PRIu64 "; bm-block-size %" PRIu32 ";\n",
		sb.bm_offset, sb.bm_bytes, sb.bm_block_size);
	fprintf(out, "al-offset %" PRIu64 "; al-bytes %" PRIu64 "; al-extent-shift %" PRIu32 "; al-slots %" PRIu32 ";\n",
		sb.al_offset, sb.al_bytes, sb.al_extent_shift, sb.al_slots);
	fprintf(out, "sb-offset %" PRIu64 ";\n", sb.sb_offset);
	fprintf(out, "created-at %" PRIu64 ";\n", sb.created_at);
	fprintf(out, "bits-set %" PRIu64 ";   # %" PRIu64 " KiB out of sync\n", bits, bits * 4);
out:
	close(fd);
	return rc;
}
