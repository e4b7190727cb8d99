/*
 * test_md.c - metadata layout, superblock encode/decode and checksum.
 */
#include <check.h>
#include <stdlib.h>
#include "drbd_md.h"

#define MiB (1024ull * 1024ull)

START_TEST(test_crc32c_known_vector)
{
	/* Standard check value for crc32c over "123456789". */
	ck_assert_uint_eq(drbd_crc32c(0, "123456789", 9), 0xe3069283u);
	ck_assert_uint_eq(drbd_crc32c(0, "", 0), 0);
}
END_TEST

START_TEST(test_layout_256m)
{
	struct drbd_md_layout l;

	ck_assert_int_eq(drbd_md_compute_layout(256 * MiB, &l), 0);
	ck_assert_uint_eq(l.lower_bytes, 256 * MiB);
	ck_assert_uint_eq(l.sb_offset, 256 * MiB - 4096);
	ck_assert_uint_eq(l.al_offset, l.sb_offset - DRBD_AL_BYTES);
	/* 65536 bits -> 8 KiB of bitmap */
	ck_assert_uint_eq(l.bm_bytes, 8192);
	ck_assert_uint_eq(l.bm_offset, l.al_offset - 8192);
	ck_assert_uint_eq(l.data_bytes, l.bm_offset);
	ck_assert_uint_eq(l.bm_bits, l.data_bytes / 4096);
	ck_assert_uint_eq(l.data_bytes % 4096, 0);
}
END_TEST

START_TEST(test_layout_areas_do_not_overlap)
{
	static const uint64_t sizes[] = { 2 * MiB, 3 * MiB + 17, 100 * MiB + 4095,
					  1024 * MiB, 10 * 1024 * MiB, 1ull << 42 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct drbd_md_layout l;

		ck_assert_int_eq(drbd_md_compute_layout(sizes[i], &l), 0);
		ck_assert_uint_le(l.data_bytes + l.bm_bytes, l.al_offset);
		ck_assert_uint_eq(l.al_offset + l.al_bytes, l.sb_offset);
		ck_assert_uint_eq(l.sb_offset + 4096, l.lower_bytes);
		ck_assert_uint_le(l.lower_bytes, sizes[i]);
		/* the bitmap covers every data block */
		ck_assert_uint_ge(l.bm_bytes * 8, l.bm_bits);
		ck_assert_uint_ge(l.bm_bits * 4096, l.data_bytes);
	}
}
END_TEST

START_TEST(test_layout_too_small)
{
	struct drbd_md_layout l;

	ck_assert_int_eq(drbd_md_compute_layout(0, &l), -ENOSPC);
	ck_assert_int_eq(drbd_md_compute_layout(64 * 1024, &l), -ENOSPC);
	ck_assert_int_eq(drbd_md_compute_layout(MiB, &l), -ENOSPC);
	ck_assert_int_eq(drbd_md_compute_layout(2 * MiB, &l), 0);
}
END_TEST

static void make_sb(struct drbd_md_sb *sb, uint8_t *buf)
{
	struct drbd_md_layout l;

	ck_assert_int_eq(drbd_md_compute_layout(256 * MiB, &l), 0);
	drbd_md_init_sb(sb, &l, 0x1122334455667788ull, 1700000000);
	sb->flags = DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE;
	sb->uuid[DRBD_UUID_CURRENT] = 0xdeadbeefcafef00dull;
	sb->uuid[DRBD_UUID_HISTORY_END] = 42;
	sb->oos_blocks = 7;
	drbd_md_encode_sb(sb, buf);
}

START_TEST(test_sb_roundtrip)
{
	uint8_t buf[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_sb sb, out;

	make_sb(&sb, buf);
	ck_assert_int_eq(drbd_md_decode_sb(buf, 256 * MiB, &out), DRBD_MD_OK);
	ck_assert_mem_eq(&sb, &out, sizeof(sb));
	/* encoding is little endian at documented offsets */
	ck_assert_uint_eq(buf[0], 0x44);
	ck_assert_uint_eq(drbd_get_le64(buf + DRBD_MD_OFF_UUID), 0xdeadbeefcafef00dull);
	ck_assert_uint_eq(drbd_get_le64(buf + DRBD_MD_OFF_DEVUUID), 0x1122334455667788ull);
}
END_TEST

START_TEST(test_sb_every_byte_flip_detected)
{
	uint8_t buf[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_sb sb, out;
	unsigned int i;

	make_sb(&sb, buf);
	for (i = 0; i < DRBD_MD_BLOCK_SIZE; i++) {
		buf[i] ^= 0x01;
		ck_assert_int_ne(drbd_md_decode_sb(buf, 256 * MiB, &out), DRBD_MD_OK);
		buf[i] ^= 0x01;
	}
	ck_assert_int_eq(drbd_md_decode_sb(buf, 256 * MiB, &out), DRBD_MD_OK);
}
END_TEST

START_TEST(test_sb_errors)
{
	uint8_t buf[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_sb sb, out;

	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(drbd_md_decode_sb(buf, 0, &out), DRBD_MD_ERR_MAGIC);

	make_sb(&sb, buf);
	buf[100] ^= 0xff;
	ck_assert_int_eq(drbd_md_decode_sb(buf, 0, &out), DRBD_MD_ERR_CRC);

	/* a version we do not know, with a valid checksum */
	make_sb(&sb, buf);
	sb.version = 99;
	drbd_md_encode_sb(&sb, buf);
	ck_assert_int_eq(drbd_md_decode_sb(buf, 0, &out), DRBD_MD_ERR_VERSION);

	/* offsets that do not fit together, with a valid checksum */
	make_sb(&sb, buf);
	sb.bm_offset += 4096;
	drbd_md_encode_sb(&sb, buf);
	ck_assert_int_eq(drbd_md_decode_sb(buf, 0, &out), DRBD_MD_ERR_LAYOUT);

	/* lower device shrank or grew since create-md */
	make_sb(&sb, buf);
	ck_assert_int_eq(drbd_md_decode_sb(buf, 512 * MiB, &out), DRBD_MD_ERR_SIZE);
	ck_assert_int_eq(drbd_md_decode_sb(buf, 256 * MiB + 100, &out), DRBD_MD_OK);

	ck_assert_str_eq(drbd_md_strerror(DRBD_MD_ERR_CRC),
			 "metadata superblock checksum mismatch (corrupted)");
}
END_TEST

static Suite *md_suite(void)
{
	Suite *s = suite_create("metadata");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_crc32c_known_vector);
	tcase_add_test(tc, test_layout_256m);
	tcase_add_test(tc, test_layout_areas_do_not_overlap);
	tcase_add_test(tc, test_layout_too_small);
	tcase_add_test(tc, test_sb_roundtrip);
	tcase_add_test(tc, test_sb_every_byte_flip_detected);
	tcase_add_test(tc, test_sb_errors);
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
