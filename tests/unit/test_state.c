/*
 * test_state.c - role-change and open rules, state names.
 */
#include <check.h>
#include <string.h>
#include <stdlib.h>
#include "drbd_state.h"
#include "drbd_md.h"

static struct drbd_role_req req(enum drbd_role cur, enum drbd_role want,
				enum drbd_dstate disk)
{
	struct drbd_role_req r = {
		.cur_role = cur, .want = want, .disk = disk,
		.peer_disk = DRBD_DS_DUNKNOWN, .peer_role = DRBD_ROLE_UNKNOWN,
	};
	return r;
}

START_TEST(test_promote_uptodate)
{
	struct drbd_role_req r = req(DRBD_ROLE_SECONDARY, DRBD_ROLE_PRIMARY,
				     DRBD_DS_UP_TO_DATE);
	enum drbd_dstate d;

	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_OK);
	ck_assert_int_eq(d, DRBD_DS_UP_TO_DATE);
}
END_TEST

START_TEST(test_promote_needs_force)
{
	static const enum drbd_dstate bad[] = { DRBD_DS_INCONSISTENT,
		DRBD_DS_OUTDATED, DRBD_DS_CONSISTENT, DRBD_DS_DUNKNOWN };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct drbd_role_req r = req(DRBD_ROLE_SECONDARY,
					     DRBD_ROLE_PRIMARY, bad[i]);
		enum drbd_dstate d;

		ck_assert_int_eq(drbd_check_role_change(&r, &d),
				 bad[i] == DRBD_DS_OUTDATED ? DRBD_SR_OUTDATED :
				 bad[i] == DRBD_DS_INCONSISTENT ?
				 DRBD_SR_INCONSISTENT : DRBD_SR_NO_GOOD_DATA);
		ck_assert_int_eq(d, bad[i]);
		r.force = true;
		ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_OK);
		ck_assert_int_eq(d, DRBD_DS_UP_TO_DATE);
	}
}
END_TEST

/* The refusal says why: the disk state and what to do. */
START_TEST(test_promote_refusal_text)
{
	ck_assert_ptr_nonnull(strstr(drbd_state_rv_text(DRBD_SR_OUTDATED), "Outdated"));
	ck_assert_ptr_nonnull(strstr(drbd_state_rv_text(DRBD_SR_OUTDATED), "--force"));
	ck_assert_ptr_nonnull(strstr(drbd_state_rv_text(DRBD_SR_INCONSISTENT), "Inconsistent"));
	ck_assert_ptr_nonnull(strstr(drbd_state_rv_text(DRBD_SR_INCONSISTENT), "--force"));
}
END_TEST

START_TEST(test_promote_diskless)
{
	struct drbd_role_req r = req(DRBD_ROLE_SECONDARY, DRBD_ROLE_PRIMARY,
				     DRBD_DS_DISKLESS);
	enum drbd_dstate d;

	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_NO_DISK);
	r.force = true;
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_FORCE_DISKLESS);
}
END_TEST

START_TEST(test_promote_peer_primary)
{
	struct drbd_role_req r = req(DRBD_ROLE_SECONDARY, DRBD_ROLE_PRIMARY,
				     DRBD_DS_UP_TO_DATE);
	enum drbd_dstate d;

	r.peer_role = DRBD_ROLE_PRIMARY;
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_PEER_PRIMARY);
	r.force = true;	/* --force does not override a Primary peer */
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_PEER_PRIMARY);
	r.allow_two_primaries = true;
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_OK);
}
END_TEST

START_TEST(test_demote)
{
	struct drbd_role_req r = req(DRBD_ROLE_PRIMARY, DRBD_ROLE_SECONDARY,
				     DRBD_DS_UP_TO_DATE);
	enum drbd_dstate d;

	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_OK);
	r.open_count = 1;
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_DEVICE_IN_USE);
	r.open_count = 0;
	r.cur_role = DRBD_ROLE_SECONDARY;
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_NOOP);
	r.want = DRBD_ROLE_UNKNOWN;
	ck_assert_int_eq(drbd_check_role_change(&r, &d), DRBD_SR_BAD_ROLE);
}
END_TEST

START_TEST(test_open_rules)
{
	ck_assert_int_eq(drbd_may_open(DRBD_ROLE_SECONDARY, false, 0), 0);
	ck_assert_int_eq(drbd_may_open(DRBD_ROLE_SECONDARY, true, 0), -EROFS);
	ck_assert_int_eq(drbd_may_open(DRBD_ROLE_PRIMARY, true, 0), 0);
	ck_assert_int_eq(drbd_may_open(DRBD_ROLE_PRIMARY, true, 1), -EBUSY);
	ck_assert_int_eq(drbd_may_open(DRBD_ROLE_PRIMARY, false, 1), 0);
}
END_TEST

START_TEST(test_dstate_from_flags)
{
	ck_assert_int_eq(drbd_dstate_from_md_flags(0), DRBD_DS_INCONSISTENT);
	ck_assert_int_eq(drbd_dstate_from_md_flags(DRBD_MDF_CONSISTENT),
			 DRBD_DS_CONSISTENT);
	ck_assert_int_eq(drbd_dstate_from_md_flags(DRBD_MDF_CONSISTENT |
						   DRBD_MDF_UP_TO_DATE),
			 DRBD_DS_UP_TO_DATE);
	ck_assert_int_eq(drbd_dstate_from_md_flags(DRBD_MDF_CONSISTENT |
						   DRBD_MDF_UP_TO_DATE |
						   DRBD_MDF_OUTDATED),
			 DRBD_DS_OUTDATED);
	/* UP_TO_DATE without CONSISTENT means a sync was interrupted */
	ck_assert_int_eq(drbd_dstate_from_md_flags(DRBD_MDF_UP_TO_DATE),
			 DRBD_DS_INCONSISTENT);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(drbd_role_name(DRBD_ROLE_PRIMARY), "Primary");
	ck_assert_str_eq(drbd_role_name(DRBD_ROLE_UNKNOWN), "Unknown");
	ck_assert_str_eq(drbd_role_name((enum drbd_role)77), "?");
	ck_assert_str_eq(drbd_cstate_name(DRBD_CS_STANDALONE), "StandAlone");
	ck_assert_str_eq(drbd_cstate_name(DRBD_CS_CONNECTING), "Connecting");
	ck_assert_str_eq(drbd_cstate_name84(DRBD_CS_CONNECTING), "WFConnection");
	ck_assert_str_eq(drbd_dstate_name(DRBD_DS_UP_TO_DATE), "UpToDate");
	ck_assert_str_eq(drbd_dstate_name(DRBD_DS_DUNKNOWN), "DUnknown");
	ck_assert_str_eq(drbd_state_rv_text(DRBD_SR_DEVICE_IN_USE),
			 "the device is in use (open or mounted); close it (umount) first");
}
END_TEST

static Suite *state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_promote_uptodate);
	tcase_add_test(tc, test_promote_needs_force);
	tcase_add_test(tc, test_promote_diskless);
	tcase_add_test(tc, test_promote_refusal_text);
	tcase_add_test(tc, test_promote_peer_primary);
	tcase_add_test(tc, test_demote);
	tcase_add_test(tc, test_open_rules);
	tcase_add_test(tc, test_dstate_from_flags);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(state_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
