/*
 * test_bitmap.c - bitmap ranges against a one-byte-per-bit model, and the
 * resync rate controller.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "drbd_bitmap_math.h"

#define NBITS 1000u
#define NWORDS ((NBITS + 63) / 64)

START_TEST(test_touched_covered)
{
	uint64_t f, e;

	drbd_bm_touched(0, 8, &f, &e);
	ck_assert_uint_eq(f, 0); ck_assert_uint_eq(e, 1);
	drbd_bm_touched(7, 2, &f, &e);	/* straddles blocks 0 and 1 */
	ck_assert_uint_eq(f, 0); ck_assert_uint_eq(e, 2);
	drbd_bm_covered(7, 2, &f, &e);	/* covers no block completely */
	ck_assert_uint_le(e, f);
	drbd_bm_covered(4, 20, &f, &e);	/* sectors 4..23: block 1 and 2 */
	ck_assert_uint_eq(f, 1); ck_assert_uint_eq(e, 3);
	drbd_bm_touched(4, 20, &f, &e);
	ck_assert_uint_eq(f, 0); ck_assert_uint_eq(e, 3);
}
END_TEST

START_TEST(test_ranges_against_model)
{
	uint64_t words[NWORDS] = { 0 };
	unsigned char model[NBITS] = { 0 };
	unsigned int i, step;

	srand(12345);
	for (step = 0; step < 20000; step++) {
		uint64_t a = (uint64_t)rand() % NBITS, b = (uint64_t)rand() % (NBITS + 1);
		uint64_t first = a < b ? a : b, end = a < b ? b : a;
		bool set = rand() & 1;
		uint64_t expect = 0, got;

		for (i = (unsigned int)first; i < end; i++) {
			expect += model[i] != set;
			model[i] = set;
		}
		got = set ? drbd_bm_set_range(words, first, end) :
			    drbd_bm_clear_range(words, first, end);
		ck_assert_uint_eq(got, expect);
		if (step % 97 == 0) {
			uint64_t n = 0, from = (uint64_t)rand() % NBITS, nx = NBITS;

			for (i = 0; i < NBITS; i++)
				n += model[i];
			ck_assert_uint_eq(drbd_bm_count(words, NBITS), n);
			for (i = (unsigned int)from; i < NBITS; i++)
				if (model[i]) {
					nx = i;
					break;
				}
			ck_assert_uint_eq(drbd_bm_find_next(words, NBITS, from), nx);
		}
	}
}
END_TEST

START_TEST(test_count_ignores_bits_past_end)
{
	uint64_t words[2] = { ~0ull, ~0ull };

	ck_assert_uint_eq(drbd_bm_count(words, 70), 70);
	ck_assert_uint_eq(drbd_bm_find_next(words, 70, 70), 70);
	words[1] = 1ull << 20;	/* bit 84: beyond nbits */
	ck_assert_uint_eq(drbd_bm_find_next(words, 70, 64), 70);
}
END_TEST

START_TEST(test_merge_and_le)
{
	uint64_t a[2] = { 0x0f, 0 }, b[2] = { 0xf0 | 0x1, 1ull << 63 };
	uint8_t le[16];
	uint64_t back[2];

	ck_assert_uint_eq(drbd_bm_merge(a, b, 2), 5);
	ck_assert_uint_eq(a[0], 0xff);
	ck_assert_uint_eq(a[1], 1ull << 63);
	drbd_bm_words_to_le(le, a, 2);
	ck_assert_uint_eq(le[0], 0xff);
	ck_assert_uint_eq(le[15], 0x80);
	drbd_bm_words_from_le(back, le, 2);
	ck_assert_mem_eq(back, a, sizeof(a));
}
END_TEST

START_TEST(test_controller_fixed_rate)
{
	struct drbd_rs_conf c;
	struct drbd_rs_ctl st = { 0 };

	drbd_rs_conf_defaults(&c);
	c.c_plan_ahead = 0;
	c.resync_rate = 10240;	/* 10 MiB/s = 2048 sectors per tick */
	ck_assert_uint_eq(drbd_rs_plan(&c, &st, 0, false), 2048);
}
END_TEST

START_TEST(test_controller_fast_peer_not_capped_by_fill)
{
	struct drbd_rs_conf c;
	struct drbd_rs_ctl st = { 0 };
	uint64_t req = 0;
	int tick;

	drbd_rs_conf_defaults(&c);
	c.c_max_rate = 100 * 1024;	/* 20480 sectors per tick */
	/* a peer that answers everything within one tick */
	req = drbd_rs_plan(&c, &st, 0, false);
	ck_assert_uint_eq(req, c.c_fill_target);	/* filled at once */
	for (tick = 0; tick < 30; tick++)
		req = drbd_rs_plan(&c, &st, req, false);
	/* the fill target is what stays in flight, not a rate: c-max-rate is */
	ck_assert_uint_eq(req, 20480);
}
END_TEST

/* A peer that serves @rate sectors per tick from a queue. */
static void run_queue(const struct drbd_rs_conf *c, uint64_t rate, int ticks,
		      uint64_t *served_total, uint64_t *max_queue)
{
	struct drbd_rs_ctl st = { 0 };
	uint64_t q = 0, served = 0, req;
	int tick;

	*served_total = 0;
	*max_queue = 0;
	for (tick = 0; tick < ticks; tick++) {
		req = drbd_rs_plan(c, &st, served, false);
		ck_assert_uint_eq(st.in_flight, q + req);
		q += req;
		served = q < rate ? q : rate;
		q -= served;
		if (tick >= ticks / 2) {
			*served_total += served;
			if (q > *max_queue)
				*max_queue = q;
		}
	}
}

START_TEST(test_controller_tracks_peer_rate)
{
	struct drbd_rs_conf c;
	uint64_t served, maxq;

	drbd_rs_conf_defaults(&c);
	/* peers slower and faster than the fill target per tick */
	run_queue(&c, 1000, 400, &served, &maxq);
	ck_assert_uint_ge(served, 200 * 1000 * 98 / 100);
	ck_assert_uint_le(maxq, 2 * c.c_fill_target);
	run_queue(&c, 12000, 400, &served, &maxq);
	ck_assert_uint_ge(served, 200 * 12000 * 98 / 100);
	ck_assert_uint_le(maxq, 2 * c.c_fill_target);
	/* c_fill_target 0: delay mode still starts and keeps up */
	c.c_fill_target = 0;
	run_queue(&c, 5000, 400, &served, &maxq);
	ck_assert_uint_ge(served, 200 * 5000 * 98 / 100);
}
END_TEST

START_TEST(test_controller_silent_peer)
{
	struct drbd_rs_conf c;
	struct drbd_rs_ctl st = { 0 };
	int tick;

	drbd_rs_conf_defaults(&c);
	ck_assert_uint_eq(drbd_rs_plan(&c, &st, 0, false), c.c_fill_target);
	/* nothing answered: nothing more is asked */
	for (tick = 0; tick < 50; tick++)
		ck_assert_uint_eq(drbd_rs_plan(&c, &st, 0, false), 0);
	ck_assert_uint_eq(st.in_flight, c.c_fill_target);
}
END_TEST

START_TEST(test_controller_unrequested)
{
	struct drbd_rs_conf c;
	struct drbd_rs_ctl st = { 0 };
	uint64_t req;

	drbd_rs_conf_defaults(&c);
	/* only 512 sectors were left to request: the rest is not in flight */
	req = drbd_rs_plan(&c, &st, 0, false);
	drbd_rs_unrequested(&st, req - 512);
	ck_assert_uint_eq(st.in_flight, 512);
	/* new bits appear behind the cursor: the next ticks ask again */
	ck_assert_uint_eq(drbd_rs_plan(&c, &st, 512, false),
			  512 + c.c_fill_target);
	drbd_rs_unrequested(&st, 1u << 30);
	ck_assert_uint_eq(st.in_flight, 0);
}
END_TEST

START_TEST(test_controller_caps)
{
	struct drbd_rs_conf c;
	struct drbd_rs_ctl st = { 0 };
	uint64_t req = 0;
	int tick;

	drbd_rs_conf_defaults(&c);
	c.c_fill_target = 1 << 20;
	c.c_max_rate = 1024;	/* 1 MiB/s = 204 sectors per tick, rounded to 200 */
	for (tick = 0; tick < 100; tick++) {
		req = drbd_rs_plan(&c, &st, req, false);
		ck_assert_uint_le(req, 204);
	}
	ck_assert_uint_eq(req, 200);
	/* the application is busy: throttled to c-min-rate */
	c.c_max_rate = 1024 * 1024;
	c.c_min_rate = 512;	/* 102 sectors per tick -> 96 */
	req = drbd_rs_plan(&c, &st, req, true);
	ck_assert_uint_eq(req, 96);
}
END_TEST

/* ---- online verify ------------------------------------------------------ */

START_TEST(test_ov_next_blocks)
{
	ck_assert_uint_eq(drbd_ov_next_blocks(0, 1000, 1u << 20), DRBD_OV_MAX_BLOCKS);
	ck_assert_uint_eq(drbd_ov_next_blocks(990, 1000, 1u << 20), 10);
	ck_assert_uint_eq(drbd_ov_next_blocks(1000, 1000, 1u << 20), 0);
	ck_assert_uint_eq(drbd_ov_next_blocks(2000, 1000, 1u << 20), 0);
	/* budget in sectors: 7 sectors buy no block, 8 one, 100 twelve */
	ck_assert_uint_eq(drbd_ov_next_blocks(0, 1000, 7), 0);
	ck_assert_uint_eq(drbd_ov_next_blocks(0, 1000, 8), 1);
	ck_assert_uint_eq(drbd_ov_next_blocks(0, 1000, 100), 12);
}
END_TEST

START_TEST(test_ov_compare)
{
	uint8_t a[64 * 32], b[64 * 32];
	uint64_t diff;
	unsigned int i;

	for (i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 7);
	ck_assert_uint_eq(drbd_ov_compare(a, b, 64, 32, &diff), 0);
	ck_assert_uint_eq(diff, 0);
	b[0] ^= 1;			/* first byte of block 0 */
	b[5 * 32 + 31] ^= 0x80;		/* last byte of block 5 */
	b[63 * 32 + 10] ^= 0xff;	/* block 63 */
	ck_assert_uint_eq(drbd_ov_compare(a, b, 64, 32, &diff), 3);
	ck_assert_uint_eq(diff, (1ull << 0) | (1ull << 5) | (1ull << 63));
	/* only the first n blocks count */
	ck_assert_uint_eq(drbd_ov_compare(a, b, 5, 32, &diff), 1);
	ck_assert_uint_eq(diff, 1);
	/* 4-byte digests (crc32c): block boundaries follow dsize */
	memset(b, 0, sizeof(b));
	memset(a, 0, sizeof(a));
	a[4 * 2] = 1;			/* block 2 */
	ck_assert_uint_eq(drbd_ov_compare(a, b, 16, 4, &diff), 1);
	ck_assert_uint_eq(diff, 1ull << 2);
}
END_TEST

START_TEST(test_ov_runs)
{
	struct drbd_ov_run r = { 0, 0 }, done;

	/* the first range opens a run and flushes nothing */
	ck_assert(!drbd_ov_run_add(&r, 80, 8, &done));
	ck_assert(!drbd_ov_run_add(&r, 88, 8, &done));	/* contiguous */
	ck_assert_uint_eq(r.start, 80);
	ck_assert_uint_eq(r.sectors, 16);
	ck_assert(drbd_ov_run_add(&r, 200, 8, &done));	/* a gap */
	ck_assert_uint_eq(done.start, 80);
	ck_assert_uint_eq(done.sectors, 16);
	ck_assert_uint_eq(r.start, 200);
	ck_assert_uint_eq(r.sectors, 8);
	/* flushing at the end: a zero-length add after the run */
	ck_assert(drbd_ov_run_add(&r, 0, 0, &done));
	ck_assert_uint_eq(done.start, 200);
	ck_assert_uint_eq(done.sectors, 8);
	ck_assert(!drbd_ov_run_add(&r, 0, 0, &done));
}
END_TEST

START_TEST(test_ov_permille)
{
	ck_assert_uint_eq(drbd_ov_permille(0, 100), 0);
	ck_assert_uint_eq(drbd_ov_permille(50, 100), 500);
	ck_assert_uint_eq(drbd_ov_permille(1234, 10000), 123);
	ck_assert_uint_eq(drbd_ov_permille(100, 100), 1000);
	ck_assert_uint_eq(drbd_ov_permille(200, 100), 1000);
	ck_assert_uint_eq(drbd_ov_permille(0, 0), 1000);
	/* a 16 TiB device in 4 KiB blocks does not overflow */
	ck_assert_uint_eq(drbd_ov_permille(1ull << 31, 1ull << 32), 500);
}
END_TEST

static Suite *bitmap_suite(void)
{
	Suite *s = suite_create("bitmap");
	TCase *tc = tcase_create("math");

	tcase_add_test(tc, test_touched_covered);
	tcase_add_test(tc, test_ranges_against_model);
	tcase_add_test(tc, test_count_ignores_bits_past_end);
	tcase_add_test(tc, test_merge_and_le);
	tcase_add_test(tc, test_controller_fixed_rate);
	tcase_add_test(tc, test_controller_fast_peer_not_capped_by_fill);
	tcase_add_test(tc, test_controller_tracks_peer_rate);
	tcase_add_test(tc, test_controller_silent_peer);
	tcase_add_test(tc, test_controller_unrequested);
	tcase_add_test(tc, test_controller_caps);
	tcase_add_test(tc, test_ov_next_blocks);
	tcase_add_test(tc, test_ov_compare);
	tcase_add_test(tc, test_ov_runs);
	tcase_add_test(tc, test_ov_permille);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bitmap_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
