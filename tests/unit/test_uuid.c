/*
 * test_uuid.c - the connect-time rule table: every row, manual recovery,
 * generation changes, and the symmetry of the decision.
 */
#include <check.h>
#include <stdlib.h>
#include "drbd_uuid.h"

#define X 0x1111111111111111ull
#define Y 0x2222222222222222ull
#define Z 0x3333333333333333ull
#define W 0x4444444444444444ull

static struct drbd_uuid_side side(uint64_t c, uint64_t b, uint64_t h1,
				  uint64_t h2, uint32_t flags)
{
	struct drbd_uuid_side s = { { c, b, h1, h2 }, flags };
	return s;
}

static struct drbd_uuid_result cmp(struct drbd_uuid_side s,
				   struct drbd_uuid_side p, bool wins)
{
	struct drbd_uuid_result r;

	drbd_uuid_compare(&s, &p, wins, &r);
	return r;
}

#define ASSERT_RULE(s, p, rule_id, v) do {				\
	struct drbd_uuid_result r_ = cmp(s, p, true);			\
	ck_assert_int_eq(r_.rule, rule_id);				\
	ck_assert_str_eq(drbd_sync_verdict_name(r_.verdict),		\
			 drbd_sync_verdict_name(v));			\
	ck_assert_ptr_nonnull(r_.why);					\
} while (0)

START_TEST(test_rule1_both_just_created)
{
	ASSERT_RULE(side(0, 0, 0, 0, 0), side(0, 0, 0, 0, 0), 1, DRBD_SYNC_NONE);
}
END_TEST

START_TEST(test_rule2_3_one_just_created)
{
	ASSERT_RULE(side(0, 0, 0, 0, 0), side(X, 0, 0, 0, 0), 2, DRBD_SYNC_TARGET_FULL);
	ASSERT_RULE(side(X, Y, Z, 0, 0), side(0, 0, 0, 0, 0), 3, DRBD_SYNC_SOURCE_FULL);
}
END_TEST

START_TEST(test_rule4_crashed_primary)
{
	uint32_t cp = DRBD_UUID_F_CRASHED_PRIMARY;

	ASSERT_RULE(side(X, 0, 0, 0, cp), side(X, 0, 0, 0, 0), 4, DRBD_SYNC_SOURCE_BITMAP);
	ASSERT_RULE(side(X, 0, 0, 0, 0), side(X, 0, 0, 0, cp), 4, DRBD_SYNC_TARGET_BITMAP);
	/* both crashed: the tie-break decides, opposite on the two nodes */
	ck_assert_int_eq(cmp(side(X, 0, 0, 0, cp), side(X, 0, 0, 0, cp), true).verdict,
			 DRBD_SYNC_SOURCE_BITMAP);
	ck_assert_int_eq(cmp(side(X, 0, 0, 0, cp), side(X, 0, 0, 0, cp), false).verdict,
			 DRBD_SYNC_TARGET_BITMAP);
}
END_TEST

START_TEST(test_rule5_same)
{
	ASSERT_RULE(side(X, 0, Y, 0, 0), side(X, 0, Y, 0, 0), 5, DRBD_SYNC_NONE);
	ASSERT_RULE(side(X, 0, 0, 0, 0), side(X, 0, Z, W, 0), 5, DRBD_SYNC_NONE);
}
END_TEST

START_TEST(test_rule6_7_bitmap)
{
	/* we were Primary and lost the peer: B=X, C=Y; the peer still has X */
	ASSERT_RULE(side(Y, X, 0, 0, 0), side(X, 0, 0, 0, 0), 6, DRBD_SYNC_SOURCE_BITMAP);
	ASSERT_RULE(side(X, 0, 0, 0, 0), side(Y, X, 0, 0, 0), 7, DRBD_SYNC_TARGET_BITMAP);
	/* a crashed old Primary comes back after failover */
	ASSERT_RULE(side(X, 0, 0, 0, DRBD_UUID_F_CRASHED_PRIMARY),
		    side(Z, X, 0, 0, 0), 7, DRBD_SYNC_TARGET_BITMAP);
}
END_TEST

START_TEST(test_rule8_split_brain)
{
	ASSERT_RULE(side(Y, X, 0, 0, 0), side(Z, X, 0, 0, 0), 8, DRBD_SYNC_SPLIT_BRAIN);
}
END_TEST

START_TEST(test_rule9_10_history)
{
	ASSERT_RULE(side(Z, Y, X, 0, 0), side(X, 0, 0, 0, 0), 9, DRBD_SYNC_SOURCE_FULL);
	ASSERT_RULE(side(X, 0, 0, 0, 0), side(Z, Y, W, X, 0), 10, DRBD_SYNC_TARGET_FULL);
}
END_TEST

START_TEST(test_rule11_old_common)
{
	ASSERT_RULE(side(Y, 0, X, 0, 0), side(Z, 0, X, 0, 0), 11,
		    DRBD_SYNC_SPLIT_BRAIN_FATAL);
	ASSERT_RULE(side(Y, W, X, 0, 0), side(Z, 0, 0, X, 0), 11,
		    DRBD_SYNC_SPLIT_BRAIN_FATAL);
}
END_TEST

START_TEST(test_rule12_unrelated)
{
	ASSERT_RULE(side(X, 0, 0, 0, 0), side(Y, 0, 0, 0, 0), 12, DRBD_SYNC_UNRELATED);
	ASSERT_RULE(side(X, Y, 0, 0, 0), side(Z, W, 0, 0, 0), 12, DRBD_SYNC_UNRELATED);
}
END_TEST

START_TEST(test_cross_pointers_are_not_trusted)
{
	/* each bitmap names the other's current: no node may be source */
	ASSERT_RULE(side(X, Y, 0, 0, 0), side(Y, X, 0, 0, 0), 6,
		    DRBD_SYNC_SPLIT_BRAIN_FATAL);
	ASSERT_RULE(side(X, 0, Y, 0, 0), side(Y, 0, X, 0, 0), 9,
		    DRBD_SYNC_SPLIT_BRAIN_FATAL);
}
END_TEST

START_TEST(test_discard_my_data)
{
	uint32_t d = DRBD_UUID_F_DISCARD_MY_DATA;

	ck_assert_int_eq(cmp(side(Y, X, 0, 0, d), side(Z, X, 0, 0, 0), true).verdict,
			 DRBD_SYNC_TARGET_BITMAP);
	ck_assert_int_eq(cmp(side(Y, X, 0, 0, 0), side(Z, X, 0, 0, d), true).verdict,
			 DRBD_SYNC_SOURCE_BITMAP);
	ck_assert_int_eq(cmp(side(Y, X, 0, 0, d), side(Z, X, 0, 0, d), true).verdict,
			 DRBD_SYNC_DISCARD_BOTH);
	ck_assert_int_eq(cmp(side(Y, 0, X, 0, d), side(Z, 0, X, 0, 0), true).verdict,
			 DRBD_SYNC_TARGET_FULL);
	/* --discard-my-data does not override a plain decision or unrelated data */
	ck_assert_int_eq(cmp(side(Y, X, 0, 0, d), side(X, 0, 0, 0, 0), true).verdict,
			 DRBD_SYNC_SOURCE_BITMAP);
	ck_assert_int_eq(cmp(side(X, 0, 0, 0, d), side(Y, 0, 0, 0, 0), true).verdict,
			 DRBD_SYNC_UNRELATED);
}
END_TEST

START_TEST(test_generation_changes)
{
	uint64_t p[4] = { 0, 0, 0, 0 }, s[4];

	drbd_uuid_new_current(p, X);		/* primary --force on a new disk */
	ck_assert_uint_eq(p[0], X);
	ck_assert_uint_eq(p[1], 0);
	memcpy(s, p, sizeof(s));		/* full sync made the peer equal */
	drbd_uuid_new_current(p, Y);		/* link lost while Primary */
	ck_assert_uint_eq(p[0], Y);
	ck_assert_uint_eq(p[1], X);
	drbd_uuid_new_current(p, Z);		/* promoted again, still alone */
	ck_assert_uint_eq(p[1], X);		/* bitmap still tracks from X */
	ck_assert_uint_eq(p[2], Y);
	ck_assert_int_eq(cmp(side(p[0], p[1], p[2], p[3], 0),
			     side(s[0], s[1], s[2], s[3], 0), true).verdict,
			 DRBD_SYNC_SOURCE_BITMAP);
	drbd_uuid_resync_finished_target(s, p);
	drbd_uuid_resync_finished_source(p);
	ck_assert_uint_eq(s[0], p[0]);
	ck_assert_uint_eq(p[1], 0);
	ck_assert_uint_eq(p[2], X);
	ck_assert_int_eq(cmp(side(p[0], p[1], p[2], p[3], 0),
			     side(s[0], s[1], s[2], s[3], 0), true).verdict,
			 DRBD_SYNC_NONE);
}
END_TEST

static enum drbd_sync_verdict mirror(enum drbd_sync_verdict v)
{
	switch (v) {
	case DRBD_SYNC_SOURCE_BITMAP: return DRBD_SYNC_TARGET_BITMAP;
	case DRBD_SYNC_TARGET_BITMAP: return DRBD_SYNC_SOURCE_BITMAP;
	case DRBD_SYNC_SOURCE_FULL: return DRBD_SYNC_TARGET_FULL;
	case DRBD_SYNC_TARGET_FULL: return DRBD_SYNC_SOURCE_FULL;
	default: return v;
	}
}

/* The two nodes, each deciding alone, must always agree. */
START_TEST(test_both_nodes_agree_exhaustive)
{
	static const uint64_t vals[] = { 0, X, Y, Z };
	unsigned int a, b, f, n = 0;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			for (f = 0; f < 16; f++) {
				struct drbd_uuid_side s = side(vals[a & 3], vals[(a >> 2) & 3],
					vals[(a >> 4) & 3], vals[a >> 6], f & 3);
				struct drbd_uuid_side p = side(vals[b & 3], vals[(b >> 2) & 3],
					vals[(b >> 4) & 3], vals[b >> 6], f >> 2);
				struct drbd_uuid_result rs = cmp(s, p, true);
				struct drbd_uuid_result rp = cmp(p, s, false);

				if (rs.verdict != mirror(rp.verdict))
					ck_abort_msg("disagree: self %s (rule %d) peer %s (rule %d) a=%u b=%u f=%u",
						     drbd_sync_verdict_name(rs.verdict), rs.rule,
						     drbd_sync_verdict_name(rp.verdict), rp.rule, a, b, f);
				n++;
			}
	ck_assert_uint_eq(n, 256u * 256u * 16u);
}
END_TEST

static Suite *uuid_suite(void)
{
	Suite *s = suite_create("uuid");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_rule1_both_just_created);
	tcase_add_test(tc, test_rule2_3_one_just_created);
	tcase_add_test(tc, test_rule4_crashed_primary);
	tcase_add_test(tc, test_rule5_same);
	tcase_add_test(tc, test_rule6_7_bitmap);
	tcase_add_test(tc, test_rule8_split_brain);
	tcase_add_test(tc, test_rule9_10_history);
	tcase_add_test(tc, test_rule11_old_common);
	tcase_add_test(tc, test_rule12_unrelated);
	tcase_add_test(tc, test_cross_pointers_are_not_trusted);
	tcase_add_test(tc, test_discard_my_data);
	tcase_add_test(tc, test_generation_changes);
	tcase_add_test(tc, test_both_nodes_agree_exhaustive);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(uuid_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
