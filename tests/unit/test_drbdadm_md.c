/*
 * test_drbdadm_md.c - create-md on regular files: too small, success
 * (decoded back), existing metadata, corrupted metadata, filesystem
 * signatures, confirmation; and the /proc/mounts lookup.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drbd_md.h"
#include "md_create.h"
#include "mounts.h"

#define MiB (1024ull * 1024ull)

static char path[256];

static void make_file(uint64_t size, uint8_t fill)
{
	static uint8_t buf[64 * 1024];
	uint64_t done = 0;
	int fd;

	snprintf(path, sizeof(path), "/tmp/test_md.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	memset(buf, fill, sizeof(buf));
	while (done < size) {
		size_t n = size - done < sizeof(buf) ? (size_t)(size - done) : sizeof(buf);

		ck_assert_int_eq(write(fd, buf, n), (ssize_t)n);
		done += n;
	}
	close(fd);
}

static void put_bytes(uint64_t off, const void *p, size_t len)
{
	int fd = open(path, O_WRONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, p, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void get_bytes(uint64_t off, void *p, size_t len)
{
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, p, len, (off_t)off), (ssize_t)len);
	close(fd);
}

/* FNV-1a over the whole file: "nothing changed" checks. */
static uint64_t file_hash(void)
{
	uint8_t buf[4096];
	uint64_t h = 1469598103934665603ull;
	ssize_t n, i;
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ull;
	close(fd);
	return h;
}

static int create(bool force, char *err, size_t len)
{
	struct md_create_opts o = { .force = force, .now = 1700000000,
				    .drbd_device = "/dev/drbd1" };

	return md_create(path, &o, NULL, err, len);
}

static void read_sb(uint64_t size, struct drbd_md_sb *sb, enum drbd_md_error want)
{
	uint8_t block[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_layout l;

	ck_assert_int_eq(drbd_md_compute_layout(size, &l), 0);
	get_bytes(l.sb_offset, block, sizeof(block));
	ck_assert_int_eq(drbd_md_decode_sb(block, size, sb), want);
}

START_TEST(test_min_size)
{
	struct drbd_md_layout l;
	uint64_t min = md_min_lower_bytes();

	ck_assert_int_eq(drbd_md_compute_layout(min, &l), 0);
	ck_assert_int_ne(drbd_md_compute_layout(min - 4096, &l), 0);
	ck_assert_uint_eq(min % 4096, 0);
}
END_TEST

START_TEST(test_too_small)
{
	char err[512], want[512];
	uint64_t h;

	make_file(1 * MiB, 0);
	h = file_hash();
	ck_assert_int_eq(create(true, err, sizeof(err)), -ENOSPC);
	snprintf(want, sizeof(want),
		 "%s is too small for drbd: 1024 KiB; the minimum is %" PRIu64 " KiB (1 MiB of data plus the metadata)",
		 path, md_min_lower_bytes() / 1024);
	ck_assert_str_eq(err, want);
	ck_assert_uint_eq(file_hash(), h);
	unlink(path);
}
END_TEST

START_TEST(test_success_decodes)
{
	struct drbd_md_layout l;
	struct drbd_md_sb sb;
	uint8_t buf[4096];
	char err[512];
	char *out = NULL;
	size_t outlen = 0, i;
	FILE *f = open_memstream(&out, &outlen);
	struct md_create_opts o = { .now = 1700000000, .drbd_device = "/dev/drbd1" };
	uint64_t off;

	make_file(8 * MiB, 0xff);	/* metadata areas must come out zeroed */
	ck_assert_int_eq(md_create(path, &o, f, err, sizeof(err)), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out, "exposed as /dev/drbd1\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nNew drbd meta data block successfully created.\n"));
	free(out);

	read_sb(8 * MiB, &sb, DRBD_MD_OK);
	ck_assert_int_eq(drbd_md_compute_layout(8 * MiB, &l), 0);
	ck_assert_uint_eq(sb.magic, DRBD_MD_MAGIC);
	ck_assert_uint_eq(sb.version, DRBD_MD_VERSION);
	ck_assert_uint_eq(sb.flags, 0);
	ck_assert_uint_eq(sb.lower_bytes, 8 * MiB);
	ck_assert_uint_eq(sb.data_bytes, l.data_bytes);
	ck_assert_uint_eq(sb.bm_offset, l.bm_offset);
	ck_assert_uint_eq(sb.al_offset, l.al_offset);
	ck_assert_uint_eq(sb.created_at, 1700000000);
	ck_assert_uint_ne(sb.device_uuid, 0);
	ck_assert_uint_eq(sb.uuid[DRBD_UUID_CURRENT], 0);
	/* bitmap and activity log zeroed */
	for (off = l.bm_offset; off < l.sb_offset; off += sizeof(buf)) {
		get_bytes(off, buf, sizeof(buf));
		for (i = 0; i < sizeof(buf); i++)
			ck_assert_msg(buf[i] == 0, "byte %" PRIu64 " not zero", off + i);
	}
	/* data area untouched */
	get_bytes(l.data_bytes - sizeof(buf), buf, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0xff);
	unlink(path);
}
END_TEST

START_TEST(test_existing_md_refused_then_forced)
{
	struct drbd_md_sb a, b;
	char err[512], want[512];
	uint64_t h;

	make_file(4 * MiB, 0);
	ck_assert_int_eq(create(false, err, sizeof(err)), 0);
	read_sb(4 * MiB, &a, DRBD_MD_OK);
	h = file_hash();
	ck_assert_int_eq(create(false, err, sizeof(err)), -EEXIST);
	snprintf(want, sizeof(want),
		 "%s already holds drbd metadata (device uuid %016" PRIX64 ", current uuid 0000000000000000); writing new metadata discards its generation identifiers and bitmap; use --force to write new metadata anyway",
		 path, a.device_uuid);
	ck_assert_str_eq(err, want);
	ck_assert_uint_eq(file_hash(), h);
	ck_assert_int_eq(create(true, err, sizeof(err)), 0);
	read_sb(4 * MiB, &b, DRBD_MD_OK);
	ck_assert_uint_ne(a.device_uuid, b.device_uuid);
	unlink(path);
}
END_TEST

START_TEST(test_corrupted_md_refused)
{
	struct drbd_md_layout l;
	char err[512], want[512];
	uint8_t byte;

	make_file(4 * MiB, 0);
	ck_assert_int_eq(create(false, err, sizeof(err)), 0);
	ck_assert_int_eq(drbd_md_compute_layout(4 * MiB, &l), 0);
	get_bytes(l.sb_offset + DRBD_MD_OFF_DATA, &byte, 1);
	byte ^= 0x10;
	put_bytes(l.sb_offset + DRBD_MD_OFF_DATA, &byte, 1);
	ck_assert_int_eq(create(false, err, sizeof(err)), -EEXIST);
	snprintf(want, sizeof(want),
		 "%s holds drbd metadata that does not validate (%s); use --force to write new metadata anyway",
		 path, drbd_md_strerror(DRBD_MD_ERR_CRC));
	ck_assert_str_eq(err, want);
	unlink(path);
}
END_TEST

START_TEST(test_ext4_refused_then_forced)
{
	static const uint8_t magic[2] = { 0x53, 0xef };
	char err[512], want[512];
	uint64_t h;

	make_file(4 * MiB, 0);
	put_bytes(1080, magic, 2);
	h = file_hash();
	ck_assert_int_eq(create(false, err, sizeof(err)), -EEXIST);
	snprintf(want, sizeof(want),
		 "%s holds an ext2/3/4 filesystem (magic 0xEF53 at offset 1080); the drbd metadata goes into its last 40 KiB and would damage it; use --force to write new metadata anyway",
		 path);
	ck_assert_str_eq(err, want);
	ck_assert_uint_eq(file_hash(), h);
	ck_assert_int_eq(create(true, err, sizeof(err)), 0);
	unlink(path);
}
END_TEST

static bool say_no(const char *what, void *arg)
{
	*(int *)arg += 1;
	return false;
}

static bool say_yes(const char *what, void *arg)
{
	*(int *)arg += 1;
	return strstr(what, "XFS filesystem") != NULL;
}

START_TEST(test_confirm)
{
	struct md_create_opts o = { .confirm = say_no };
	char err[512], want[512];
	int asked = 0;
	uint64_t h;

	make_file(4 * MiB, 0);
	put_bytes(0, "XFSB", 4);
	h = file_hash();
	o.confirm_arg = &asked;
	ck_assert_int_eq(md_create(path, &o, NULL, err, sizeof(err)), -ECANCELED);
	snprintf(want, sizeof(want), "%s: create-md cancelled; nothing was written", path);
	ck_assert_str_eq(err, want);
	ck_assert_uint_eq(file_hash(), h);
	o.confirm = say_yes;
	ck_assert_int_eq(md_create(path, &o, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(asked, 2);
	unlink(path);
}
END_TEST

START_TEST(test_signatures)
{
	static uint8_t buf[128 * 1024];
	static const uint8_t luks[6] = { 'L', 'U', 'K', 'S', 0xba, 0xbe };
	char d[96];

	memset(buf, 0, sizeof(buf));
	ck_assert_ptr_null(md_fs_signature(buf, sizeof(buf), d, sizeof(d)));
	memcpy(buf + 512, "LABELONE", 8);
	ck_assert_str_eq(md_fs_signature(buf, sizeof(buf), d, sizeof(d)), "LVM physical volume");
	ck_assert_str_eq(d, "\"LABELONE\" at offset 512");
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 4086, "SWAPSPACE2", 10);
	ck_assert_str_eq(md_fs_signature(buf, sizeof(buf), d, sizeof(d)), "swap area");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, luks, sizeof(luks));
	ck_assert_str_eq(md_fs_signature(buf, sizeof(buf), d, sizeof(d)), "LUKS encrypted volume");
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 65600, "_BHRfS_M", 8);
	ck_assert_str_eq(md_fs_signature(buf, sizeof(buf), d, sizeof(d)), "btrfs filesystem");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "XFSB", 4);
	ck_assert_str_eq(md_fs_signature(buf, sizeof(buf), d, sizeof(d)), "XFS filesystem");
}
END_TEST

START_TEST(test_missing_and_not_a_device)
{
	char err[512];
	struct md_create_opts o = { 0 };

	ck_assert_int_eq(md_create("/nonexistent/disk", &o, NULL, err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err,
			 "/nonexistent/disk: no such device or file; check the 'disk' line of the resource");
	ck_assert_int_eq(md_create("/tmp", &o, NULL, err, sizeof(err)), -ENOTBLK);
	ck_assert_str_eq(err, "/tmp is not a block device (nor a regular file)");
}
END_TEST

START_TEST(test_mounts_find)
{
	char dir[256];
	FILE *f;

	make_file(0, 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("proc /proc proc rw 0 0\n"
	      "/dev/vda /boot ext4 rw 0 0\n"
	      "/dev/drbd1 /var/lib/my\\040data xfs rw,relatime 0 0\n", f);
	fclose(f);
	ck_assert_int_eq(mounts_find(path, "/dev/drbd1", 1, dir, sizeof(dir)), 1);
	ck_assert_str_eq(dir, "/var/lib/my data");
	ck_assert_int_eq(mounts_find(path, "/dev/drbd0", 0, dir, sizeof(dir)), 0);
	ck_assert_int_eq(mounts_find("/nonexistent/mounts", "/dev/drbd0", 0, dir,
				     sizeof(dir)), -ENOENT);
	unlink(path);
}
END_TEST

/* dump-md prints what create-md wrote, and counts bitmap bits on disk. */
START_TEST(test_dump_md)
{
	uint64_t size = 64 * MiB;
	struct drbd_md_layout l;
	struct drbd_md_sb sb;
	uint8_t block[DRBD_MD_BLOCK_SIZE];
	uint8_t bits[2] = { 0x81, 0x01 };
	char err[512], *out = NULL;
	size_t len = 0;
	FILE *f;

	make_file(size, 0);
	ck_assert_int_eq(create(true, err, sizeof(err)), 0);
	ck_assert_int_eq(drbd_md_compute_layout(size, &l), 0);
	read_sb(size, &sb, DRBD_MD_OK);
	sb.uuid[0] = 0x1122334455667788ull;
	sb.uuid[1] = 0xAABBull;
	sb.flags = DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE;
	drbd_md_encode_sb(&sb, block);
	put_bytes(l.sb_offset, block, sizeof(block));
	put_bytes(l.bm_offset, bits, sizeof(bits));
	f = open_memstream(&out, &len);
	ck_assert_int_eq(md_dump(path, f, err, sizeof(err)), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out, "uuids 0x1122334455667788 0x000000000000AABB 0x0000000000000000 0x0000000000000000;"));
	ck_assert_ptr_nonnull(strstr(out, "consistent,up-to-date\n"));
	ck_assert_ptr_nonnull(strstr(out, "created-at 1700000000;"));
	ck_assert_ptr_nonnull(strstr(out, "bits-set 3;"));
	free(out);
	/* no metadata: refused with the reason */
	put_bytes(l.sb_offset, (uint8_t[4]){ 0 }, 4);
	f = open_memstream(&out, &len);
	ck_assert_int_eq(md_dump(path, f, err, sizeof(err)), -ENOMSG);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(err, "no valid drbd metadata"));
	free(out);
	unlink(path);
}
END_TEST

static Suite *md_suite(void)
{
	Suite *s = suite_create("create-md");
	TCase *tc = tcase_create("md");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_min_size);
	tcase_add_test(tc, test_too_small);
	tcase_add_test(tc, test_success_decodes);
	tcase_add_test(tc, test_existing_md_refused_then_forced);
	tcase_add_test(tc, test_corrupted_md_refused);
	tcase_add_test(tc, test_ext4_refused_then_forced);
	tcase_add_test(tc, test_confirm);
	tcase_add_test(tc, test_signatures);
	tcase_add_test(tc, test_missing_and_not_a_device);
	tcase_add_test(tc, test_mounts_find);
	tcase_add_test(tc, test_dump_md);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(md_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
