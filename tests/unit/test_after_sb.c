/*
 * test_after_sb.c - automatic split-brain recovery: every policy's
 * decision, its refusals, config words, and that the two nodes always
 * reach mirrored results.
 */
#include <check.h>
#include <stdlib.h>
#include "drbd_after_sb.h"

static struct drbd_asb_side side(bool pri, bool young, uint64_t changed)
{
	struct drbd_asb_side s = { pri, young, changed };
	return s;
}

static struct drbd_asb_result run(int p0, int p1, int p2,
				  struct drbd_asb_side s,
				  struct drbd_asb_side q, bool ties)
{
	struct drbd_asb_result r;

	drbd_asb_decide(p0, p1, p2, &s, &q, ties, &r);
	ck_assert_ptr_nonnull(r.why);
	return r;
}

#define SELF DRBD_ASB_R_DISCARD_SELF
#define PEER DRBD_ASB_R_DISCARD_PEER
#define DISC DRBD_ASB_R_DISCONNECT
#define D0(p, s, q) run(p, 0, 0, s, q, true).outcome

START_TEST(test_0pri_disconnect)
{
	ck_assert_int_eq(D0(DRBD_ASB_DISCONNECT, side(0, 0, 5), side(0, 0, 0)), DISC);
}
END_TEST

START_TEST(test_0pri_younger_older)
{
	/* self was promoted during the split, the peer was Primary before */
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_YOUNGER_PRI, side(0, 1, 5), side(0, 0, 5)), SELF);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_YOUNGER_PRI, side(0, 0, 5), side(0, 1, 5)), PEER);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_OLDER_PRI, side(0, 1, 5), side(0, 0, 5)), PEER);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_OLDER_PRI, side(0, 0, 5), side(0, 1, 5)), SELF);
	/* both promoted during the split (or neither): cannot decide */
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_YOUNGER_PRI, side(0, 1, 5), side(0, 1, 5)), DISC);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_OLDER_PRI, side(0, 0, 5), side(0, 0, 5)), DISC);
}
END_TEST

START_TEST(test_0pri_zero_changes)
{
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_ZERO_CHANGES, side(0, 0, 0), side(0, 0, 7)), SELF);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_ZERO_CHANGES, side(0, 0, 7), side(0, 0, 0)), PEER);
	/* both changed: refuse */
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_ZERO_CHANGES, side(0, 0, 1), side(0, 0, 7)), DISC);
	/* neither: tie-break */
	ck_assert_int_eq(run(DRBD_ASB_DISCARD_ZERO_CHANGES, 0, 0, side(0, 0, 0), side(0, 0, 0), true).outcome, PEER);
	ck_assert_int_eq(run(DRBD_ASB_DISCARD_ZERO_CHANGES, 0, 0, side(0, 0, 0), side(0, 0, 0), false).outcome, SELF);
}
END_TEST

START_TEST(test_0pri_least_changes)
{
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_LEAST_CHANGES, side(0, 0, 3), side(0, 0, 7)), SELF);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_LEAST_CHANGES, side(0, 0, 9), side(0, 0, 7)), PEER);
	ck_assert_int_eq(run(DRBD_ASB_DISCARD_LEAST_CHANGES, 0, 0, side(0, 0, 7), side(0, 0, 7), false).outcome, SELF);
}
END_TEST

START_TEST(test_0pri_discard_node)
{
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_LOCAL, side(0, 0, 9), side(0, 1, 0)), SELF);
	ck_assert_int_eq(D0(DRBD_ASB_DISCARD_REMOTE, side(0, 1, 0), side(0, 0, 9)), PEER);
}
END_TEST

START_TEST(test_1pri)
{
	struct drbd_asb_result r;

	/* discard-secondary: the Secondary loses, whichever we are */
	ck_assert_int_eq(run(0, DRBD_ASB_DISCARD_SECONDARY, 0, side(1, 0, 9), side(0, 0, 1), true).outcome, PEER);
	ck_assert_int_eq(run(0, DRBD_ASB_DISCARD_SECONDARY, 0, side(0, 0, 1), side(1, 0, 9), true).outcome, SELF);
	/* consensus: only when 0pri also discards the Secondary */
	ck_assert_int_eq(run(DRBD_ASB_DISCARD_ZERO_CHANGES, DRBD_ASB_CONSENSUS, 0,
			     side(0, 0, 0), side(1, 0, 9), true).outcome, SELF);
	ck_assert_int_eq(run(DRBD_ASB_DISCARD_ZERO_CHANGES, DRBD_ASB_CONSENSUS, 0,
			     side(0, 0, 9), side(1, 0, 0), true).outcome, DISC);
	ck_assert_int_eq(run(DRBD_ASB_DISCONNECT, DRBD_ASB_CONSENSUS, 0,
			     side(0, 0, 0), side(1, 0, 9), true).outcome, DISC);
	/* call-pri-lost-after-sb: a discarded Primary calls its handler */
	r = run(DRBD_ASB_DISCARD_ZERO_CHANGES, DRBD_ASB_CALL_PRI_LOST, 0,
		side(1, 0, 0), side(0, 0, 9), true);
	ck_assert_int_eq(r.outcome, DISC);
	ck_assert(r.call_pri_lost);
	r = run(DRBD_ASB_DISCARD_ZERO_CHANGES, DRBD_ASB_CALL_PRI_LOST, 0,
		side(0, 0, 9), side(1, 0, 0), true);
	ck_assert_int_eq(r.outcome, DISC);
	ck_assert(!r.call_pri_lost);
	r = run(DRBD_ASB_DISCARD_ZERO_CHANGES, DRBD_ASB_CALL_PRI_LOST, 0,
		side(0, 0, 0), side(1, 0, 9), true);
	ck_assert_int_eq(r.outcome, SELF);
	ck_assert(!r.call_pri_lost);
	ck_assert_int_eq(run(DRBD_ASB_DISCARD_ZERO_CHANGES, DRBD_ASB_DISCONNECT, 0,
			     side(0, 0, 0), side(1, 0, 9), true).outcome, DISC);
}
END_TEST

START_TEST(test_2pri)
{
	struct drbd_asb_result r;

	ck_assert_int_eq(run(DRBD_ASB_DISCARD_ZERO_CHANGES, 0, DRBD_ASB_DISCONNECT,
			     side(1, 0, 0), side(1, 0, 9), true).outcome, DISC);
	r = run(DRBD_ASB_DISCARD_ZERO_CHANGES, 0, DRBD_ASB_CALL_PRI_LOST,
		side(1, 0, 0), side(1, 0, 9), true);
	ck_assert_int_eq(r.outcome, DISC);
	ck_assert(r.call_pri_lost);
	r = run(DRBD_ASB_DISCARD_ZERO_CHANGES, 0, DRBD_ASB_CALL_PRI_LOST,
		side(1, 0, 9), side(1, 0, 0), true);
	ck_assert(!r.call_pri_lost);
	r = run(DRBD_ASB_DISCARD_ZERO_CHANGES, 0, DRBD_ASB_CALL_PRI_LOST,
		side(1, 0, 9), side(1, 0, 9), true);
	ck_assert(!r.call_pri_lost);
	ck_assert_int_eq(r.outcome, DISC);
}
END_TEST

/* mirror of a policy on the other node (discard-node names one node) */
static int mirror(int p)
{
	if (p == DRBD_ASB_DISCARD_LOCAL)
		return DRBD_ASB_DISCARD_REMOTE;
	if (p == DRBD_ASB_DISCARD_REMOTE)
		return DRBD_ASB_DISCARD_LOCAL;
	return p;
}

/* Every policy triple over every pair of sides: mirrored outcomes. */
START_TEST(test_symmetry)
{
	uint64_t ch[] = { 0, 1, 5 };
	int p0, p1, p2, a, b, n = 0;

	for (p0 = 0; p0 < DRBD_ASB__COUNT; p0++)
	for (p1 = 0; p1 < DRBD_ASB__COUNT; p1++)
	for (p2 = 0; p2 < DRBD_ASB__COUNT; p2++)
	for (a = 0; a < 12; a++)
	for (b = 0; b < 12; b++) {
		struct drbd_asb_side s = side(a & 1, (a >> 1) & 1, ch[a >> 2]);
		struct drbd_asb_side q = side(b & 1, (b >> 1) & 1, ch[b >> 2]);
		struct drbd_asb_result r1, r2;

		if (!drbd_asb_valid(DRBD_ASB_0PRI, p0) ||
		    !drbd_asb_valid(DRBD_ASB_1PRI, p1) ||
		    !drbd_asb_valid(DRBD_ASB_2PRI, p2))
			continue;
		r1 = run(p0, p1, p2, s, q, true);
		r2 = run(mirror(p0), p1, p2, q, s, false);
		n++;
		if (r1.outcome == DISC) {
			ck_assert_int_eq(r2.outcome, DISC);
		} else {
			ck_assert_int_eq(r2.outcome, r1.outcome == SELF ? PEER : SELF);
			/* the discarded node is never Primary */
			ck_assert(!(r1.outcome == SELF ? s.primary : q.primary));
		}
		/* at most one node calls pri-lost, and only a Primary */
		ck_assert(!(r1.call_pri_lost && r2.call_pri_lost));
		ck_assert(!r1.call_pri_lost || s.primary);
	}
	ck_assert_int_gt(n, 1000);
}
END_TEST

START_TEST(test_parse)
{
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "discard-zero-changes"), DRBD_ASB_DISCARD_ZERO_CHANGES);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "discard-younger-primary"), DRBD_ASB_DISCARD_YOUNGER_PRI);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "discard-older-primary"), DRBD_ASB_DISCARD_OLDER_PRI);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "discard-least-changes"), DRBD_ASB_DISCARD_LEAST_CHANGES);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "disconnect"), DRBD_ASB_DISCONNECT);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "consensus"), -1);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_1PRI, "consensus"), DRBD_ASB_CONSENSUS);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_1PRI, "discard-secondary"), DRBD_ASB_DISCARD_SECONDARY);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_1PRI, "call-pri-lost-after-sb"), DRBD_ASB_CALL_PRI_LOST);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_1PRI, "discard-zero-changes"), -1);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_2PRI, "call-pri-lost-after-sb"), DRBD_ASB_CALL_PRI_LOST);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_2PRI, "discard-secondary"), -1);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "discard-node (this node)"), -1);
	ck_assert_int_eq(drbd_asb_parse(DRBD_ASB_0PRI, "bogus"), -1);
	ck_assert(!drbd_asb_valid(DRBD_ASB_0PRI, DRBD_ASB__COUNT));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("after-sb");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_0pri_disconnect);
	tcase_add_test(tc, test_0pri_younger_older);
	tcase_add_test(tc, test_0pri_zero_changes);
	tcase_add_test(tc, test_0pri_least_changes);
	tcase_add_test(tc, test_0pri_discard_node);
	tcase_add_test(tc, test_1pri);
	tcase_add_test(tc, test_2pri);
	tcase_add_test(tc, test_symmetry);
	tcase_add_test(tc, test_parse);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
