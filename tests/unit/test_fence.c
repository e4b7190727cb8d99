/*
 * test_fence.c - every exit code of the fence-peer handler under both
 * fencing policies, and the config words.
 */
#include <check.h>
#include <stdlib.h>
#include "drbd_fence.h"

static struct drbd_fence_result run(int policy, int code)
{
	struct drbd_fence_result r;

	drbd_fence_interpret(policy, code, &r);
	ck_assert_ptr_nonnull(r.why);
	return r;
}

START_TEST(test_codes)
{
	int p;

	for (p = DRBD_FENCING_RESOURCE_ONLY; p <= DRBD_FENCING_RESOURCE_AND_STONITH; p++) {
		bool stonith = p == DRBD_FENCING_RESOURCE_AND_STONITH;
		struct drbd_fence_result r;

		r = run(p, 3);
		ck_assert(r.resume_io && r.peer_outdated && !r.self_outdated);
		r = run(p, 4);
		ck_assert(r.resume_io && r.peer_outdated && !r.self_outdated);
		r = run(p, 5);
		ck_assert(r.resume_io == !stonith && !r.peer_outdated && !r.self_outdated);
		r = run(p, 6);
		ck_assert(r.resume_io && !r.peer_outdated && r.self_outdated);
		r = run(p, 7);
		ck_assert(r.resume_io && r.peer_outdated && !r.self_outdated);
		/* anything else, or a handler that did not run: failure */
		r = run(p, 0);
		ck_assert(r.resume_io == !stonith && !r.peer_outdated && !r.self_outdated);
		r = run(p, 1);
		ck_assert(r.resume_io == !stonith && !r.peer_outdated);
		r = run(p, -2);
		ck_assert(r.resume_io == !stonith && !r.peer_outdated);
	}
}
END_TEST

START_TEST(test_parse)
{
	ck_assert_int_eq(drbd_fencing_parse("dont-care"), DRBD_FENCING_DONT_CARE);
	ck_assert_int_eq(drbd_fencing_parse("resource-only"), DRBD_FENCING_RESOURCE_ONLY);
	ck_assert_int_eq(drbd_fencing_parse("resource-and-stonith"), DRBD_FENCING_RESOURCE_AND_STONITH);
	ck_assert_int_eq(drbd_fencing_parse("stonith"), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fence");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_codes);
	tcase_add_test(tc, test_parse);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
