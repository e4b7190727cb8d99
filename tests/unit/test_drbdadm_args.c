/*
 * test_drbdadm_args.c - drbdadm's command line: options anywhere, the
 * old "drbdadm -- --force primary r0" form, -c spellings, errors.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cfg_parser.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(test_force_forms)
{
	char *v1[] = { "drbdadm", "--", "--force", "primary", "r0" };
	char *v2[] = { "drbdadm", "primary", "r0", "--force" };
	char *v3[] = { "drbdadm", "primary", "--force", "r0" };
	char **vs[] = { v1, v2, v3 };
	int ns[] = { ARGC(v1), ARGC(v2), ARGC(v3) };
	struct drbdadm_args a;
	char err[256];
	int i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(args_parse(ns[i], vs[i], &a, err, sizeof(err)), 0);
		ck_assert(a.force);
		ck_assert_str_eq(a.cmd, "primary");
		ck_assert_uint_eq(a.n_res, 1);
		ck_assert_str_eq(a.res[0], "r0");
		ck_assert_str_eq(a.config, CFG_DEFAULT_FILE);
		args_free(&a);
	}
}
END_TEST

/* Both ways users type the manual split-brain recovery. */
START_TEST(test_discard_my_data_forms)
{
	char *v1[] = { "drbdadm", "connect", "--discard-my-data", "r0" };
	char *v2[] = { "drbdadm", "--discard-my-data", "connect", "r0" };
	char *v3[] = { "drbdadm", "--", "--discard-my-data", "connect", "r0" };
	char *v4[] = { "drbdadm", "connect", "r0" };
	char **vs[] = { v1, v2, v3, v4 };
	int ns[] = { ARGC(v1), ARGC(v2), ARGC(v3), ARGC(v4) };
	struct drbdadm_args a;
	char err[256];
	int i;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(args_parse(ns[i], vs[i], &a, err, sizeof(err)), 0);
		ck_assert(a.discard_my_data == (i < 3));
		ck_assert(!a.force);
		ck_assert_str_eq(a.cmd, "connect");
		ck_assert_uint_eq(a.n_res, 1);
		ck_assert_str_eq(a.res[0], "r0");
		args_free(&a);
	}
}
END_TEST

START_TEST(test_config_forms)
{
	char *v1[] = { "drbdadm", "-c", "/x.conf", "status" };
	char *v2[] = { "drbdadm", "-c/y.conf", "status", "r0", "r1" };
	char *v3[] = { "drbdadm", "status", "--config-file=/z.conf" };
	char *v4[] = { "drbdadm", "--config-file", "/w.conf", "up", "all" };
	struct drbdadm_args a;
	char err[256];

	ck_assert_int_eq(args_parse(ARGC(v1), v1, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(a.config, "/x.conf");
	ck_assert_uint_eq(a.n_res, 0);
	ck_assert(!a.force);
	args_free(&a);
	ck_assert_int_eq(args_parse(ARGC(v2), v2, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(a.config, "/y.conf");
	ck_assert_uint_eq(a.n_res, 2);
	ck_assert_str_eq(a.res[1], "r1");
	args_free(&a);
	ck_assert_int_eq(args_parse(ARGC(v3), v3, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(a.config, "/z.conf");
	args_free(&a);
	ck_assert_int_eq(args_parse(ARGC(v4), v4, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(a.config, "/w.conf");
	ck_assert_str_eq(a.cmd, "up");
	ck_assert_str_eq(a.res[0], "all");
	args_free(&a);
}
END_TEST

START_TEST(test_errors)
{
	char *v1[] = { "drbdadm", "--frce", "primary", "r0" };
	char *v2[] = { "drbdadm", "status", "-c" };
	char *v3[] = { "drbdadm", "--config-file=", "status" };
	char *v4[] = { "drbdadm", "-h" };
	struct drbdadm_args a;
	char err[256];

	ck_assert_int_eq(args_parse(ARGC(v1), v1, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "unknown option '--frce'; see 'drbdadm --help'");
	ck_assert_int_eq(args_parse(ARGC(v2), v2, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "option '-c' needs a file name");
	ck_assert_int_eq(args_parse(ARGC(v3), v3, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "option '--config-file=' needs a file name");
	ck_assert_int_eq(args_parse(ARGC(v4), v4, &a, err, sizeof(err)), 0);
	ck_assert(a.help);
	ck_assert_ptr_null(a.cmd);
	args_free(&a);
}
END_TEST

/* verify --start SECTOR, also as --start=SECTOR, anywhere on the line. */
START_TEST(test_verify_start)
{
	char *v1[] = { "drbdadm", "verify", "--start", "123456", "r0" };
	char *v2[] = { "drbdadm", "--start=8", "verify", "r0" };
	char *v3[] = { "drbdadm", "verify", "r0" };
	char *e1[] = { "drbdadm", "verify", "r0", "--start" };
	char *e2[] = { "drbdadm", "verify", "--start", "12k", "r0" };
	char *e3[] = { "drbdadm", "verify", "--start", "-5", "r0" };
	struct drbdadm_args a;
	char err[256];

	ck_assert_int_eq(args_parse(ARGC(v1), v1, &a, err, sizeof(err)), 0);
	ck_assert(a.has_start);
	ck_assert_uint_eq(a.start, 123456);
	ck_assert_str_eq(a.cmd, "verify");
	ck_assert_uint_eq(a.n_res, 1);
	ck_assert_str_eq(a.res[0], "r0");
	args_free(&a);
	ck_assert_int_eq(args_parse(ARGC(v2), v2, &a, err, sizeof(err)), 0);
	ck_assert(a.has_start);
	ck_assert_uint_eq(a.start, 8);
	args_free(&a);
	ck_assert_int_eq(args_parse(ARGC(v3), v3, &a, err, sizeof(err)), 0);
	ck_assert(!a.has_start);
	args_free(&a);
	ck_assert_int_eq(args_parse(ARGC(e1), e1, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "option '--start' needs a sector number");
	ck_assert_int_eq(args_parse(ARGC(e2), e2, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--start '12k' is not a sector number");
	ck_assert_int_eq(args_parse(ARGC(e3), e3, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "option '--start' needs a sector number");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("drbdadm-args");
	TCase *tc = tcase_create("args");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_force_forms);
	tcase_add_test(tc, test_discard_my_data_forms);
	tcase_add_test(tc, test_config_forms);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_verify_start);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
