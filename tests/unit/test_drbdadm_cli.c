/*
 * test_drbdadm_cli.c - the drbdadm binary as a user runs it, for what
 * needs no kernel: dump, config and host errors, usage errors, create-md
 * on a regular file, exit codes and exact messages.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef DRBDADM_BIN
#define DRBDADM_BIN "build/drbdadm"
#endif
#ifndef TEST_CONFIGS_DIR
#define TEST_CONFIGS_DIR "configs"
#endif

static char dir[256];
static char out[65536];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_cli.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Run "sh -c CMD" in dir (stdin /dev/null, stderr into stdout): exit code. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[4096], full[5000];
	va_list ap;
	size_t n;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && DRBDADM=%s; %s </dev/null 2>&1", dir,
		 DRBDADM_BIN, cmd);
	p = popen(full, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_conf(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* r0 on this node ("nodeA" through DRBD_HOSTNAME), lower device disk.img */
static void r0_conf(void)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "resource r0 {\n  on nodeA { device /dev/drbd0; disk %s/disk.img; meta-disk internal; }\n}\n",
		 dir);
	write_conf("r0.conf", text);
}

#define ADM "DRBD_HOSTNAME=nodeA $DRBDADM"

START_TEST(test_dump_users_config)
{
	ck_assert_int_eq(run("mkdir drbd.d && cp %s/drbd.conf . && cp %s/*.res drbd.d/ && "
			     "$DRBDADM -c drbd.conf dump", TEST_CONFIGS_DIR, TEST_CONFIGS_DIR), 0);
	ck_assert_ptr_nonnull(strstr(out, "# drbd.conf\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nresource mysqlr0 {\n"));
	ck_assert_ptr_nonnull(strstr(out, "    on compute2 {\n        device /dev/drbd1 minor 1;\n"
				      "        disk /dev/mapper/vg_rabbit-rabbit;\n"
				      "        address ipv4 192.168.1.32:7701;\n"));
	ck_assert_ptr_nonnull(strstr(out, "        after-sb-0pri discard-zero-changes;\n"));
	/* dump of one resource only */
	ck_assert_int_eq(run("$DRBDADM -c drbd.conf dump rabbitmq"), 0);
	ck_assert_ptr_null(strstr(out, "mysqlr0"));
	ck_assert_ptr_nonnull(strstr(out, "resource rabbitmq {"));
}
END_TEST

START_TEST(test_config_error)
{
	char want[512];

	write_conf("bad.conf", "resource r0 {\n\tdevice /dev/drbd0;\n\tdisk /dev/vda\n"
		   "\tmeta-disk internal;\n\ton nodeA { }\n}\n");
	ck_assert_int_eq(run(ADM " -c bad.conf up r0"), 10);
	snprintf(want, sizeof(want), "bad.conf:4: expected ';' after the disk, found 'meta-disk'\n");
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(run(ADM " -c missing.conf up r0"), 10);
	ck_assert_str_eq(out,
			 "missing.conf: cannot read: No such file or directory; name another config file with -c FILE\n");
}
END_TEST

START_TEST(test_host_and_resource_errors)
{
	r0_conf();
	ck_assert_int_eq(run("DRBD_HOSTNAME=other $DRBDADM -c r0.conf up r0"), 10);
	ck_assert_str_eq(out,
			 "r0.conf:1: resource r0 has no 'on' section for this host (other); it names nodeA. Add 'on other { ... }' or fix the host name\n");
	ck_assert_int_eq(run("DRBD_HOSTNAME=other $DRBDADM -c r0.conf up all"), 10);
	ck_assert_str_eq(out, "r0.conf: no resource has an 'on' section for this host (other)\n");
	ck_assert_int_eq(run(ADM " -c r0.conf primary r9"), 10);
	ck_assert_str_eq(out, "'r9' is not defined in r0.conf (defined there: r0)\n");
	/* the short name of the node selects the host too */
	ck_assert_int_eq(run("DRBD_HOSTNAME=nodeA.example.com $DRBDADM -c r0.conf -- --force create-md r0 >/dev/null; echo $?"), 0);
	ck_assert_str_eq(out, "10\n");	/* disk.img does not exist: not a host error */
}
END_TEST

START_TEST(test_usage_errors)
{
	ck_assert_int_eq(run("$DRBDADM primary"), 1);
	ck_assert_str_eq(out, "drbdadm: 'primary' needs a resource name (or 'all')\n");
	ck_assert_int_eq(run("$DRBDADM --frce primary r0"), 1);
	ck_assert_str_eq(out, "drbdadm: unknown option '--frce'; see 'drbdadm --help'\n");
	ck_assert_int_eq(run("$DRBDADM promote r0"), 1);
	ck_assert_str_eq(out, "drbdadm: unknown command 'promote'; see 'drbdadm --help'\n");
	ck_assert_int_eq(run("$DRBDADM"), 1);
	ck_assert_ptr_nonnull(strstr(out, "usage: drbdadm"));
	ck_assert_int_eq(run("$DRBDADM help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "  create-md "));
}
END_TEST

START_TEST(test_create_md_on_file)
{
	char want[1024];

	r0_conf();
	ck_assert_int_eq(run("truncate -s 16M disk.img && " ADM " -c r0.conf create-md r0"), 0);
	ck_assert_ptr_nonnull(strstr(out, "exposed as /dev/drbd0\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nNew drbd meta data block successfully created.\n"));
	/* again: refused without --force, exit 11, nothing asked (stdin not a tty) */
	ck_assert_int_eq(run(ADM " -c r0.conf create-md r0"), 11);
	snprintf(want, sizeof(want), "drbdadm: r0: %s/disk.img already holds drbd metadata", dir);
	ck_assert_msg(strncmp(out, want, strlen(want)) == 0, "got: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "; use --force to write new metadata anyway\n"));
	/* all three --force spellings */
	ck_assert_int_eq(run(ADM " -c r0.conf -- --force create-md r0"), 0);
	ck_assert_ptr_nonnull(strstr(out, "--force: overwriting: "));
	ck_assert_int_eq(run(ADM " -c r0.conf create-md --force r0 >/dev/null"), 0);
	ck_assert_int_eq(run(ADM " -c r0.conf create-md r0 --force >/dev/null"), 0);
}
END_TEST

START_TEST(test_create_md_refusals)
{
	char want[1024];

	r0_conf();
	ck_assert_int_eq(run(ADM " -c r0.conf create-md r0"), 10);
	snprintf(want, sizeof(want),
		 "drbdadm: r0: %s/disk.img: no such device or file; check the 'disk' line of the resource\n",
		 dir);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(run("truncate -s 1M disk.img && " ADM " -c r0.conf -- --force create-md r0"), 11);
	snprintf(want, sizeof(want),
		 "drbdadm: r0: %s/disk.img is too small for drbd: 1024 KiB; the minimum is 1064 KiB (1 MiB of data plus the metadata)\n",
		 dir);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(run("rm disk.img && truncate -s 4M disk.img && printf XFSB | dd of=disk.img conv=notrunc 2>/dev/null && "
			     ADM " -c r0.conf create-md r0"), 11);
	ck_assert_ptr_nonnull(strstr(out, "disk.img holds an XFS filesystem (\"XFSB\" at offset 0)"));
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("drbdadm-cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dump_users_config);
	tcase_add_test(tc, test_config_error);
	tcase_add_test(tc, test_host_and_resource_errors);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_create_md_on_file);
	tcase_add_test(tc, test_create_md_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
