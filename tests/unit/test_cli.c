// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cli.c - the pcs-grammar commands applied to a -f FILE. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cib.h"
#include "cli.h"

static char path[64];

static void setup(void)
{
	int fd;

	strcpy(path, "/tmp/test_cli.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);	/* -f on a missing file starts an empty CIB */
	setenv("PACER_OFFLINE", "1", 1);
	setenv("PACER_SOCKET", "/nonexistent/pacerd.sock", 1);
}

static void teardown(void)
{
	unlink(path);
}

/* run "pacer -f PATH words…" */
static int run(const char *words)
{
	char buf[1024], *argv[64], *save = NULL;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", words);
	argv[argc++] = "pacer";
	argv[argc++] = "-f";
	argv[argc++] = path;
	for (char *t = strtok_r(buf, " ", &save); t && argc < 63;
	     t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	return pacer_cli_main(argc, argv);
}

static xmlDoc *load(void)
{
	xmlDoc *d = NULL;

	ck_assert_int_eq(cib_file_read(path, &d), 0);
	return d;
}

START_TEST(create_with_op_and_meta)
{
	xmlDoc *d;
	xmlNode *p;

	ck_assert_int_eq(run("resource create ip ocf:heartbeat:Dummy fake=1 "
			     "op monitor interval=30s meta target-role=Stopped"),
			 0);
	d = load();
	p = cib_doc_find_id(d, "ip");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(cib_xml_get(p, "provider"), "heartbeat");
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "ip-monitor-interval-30s"));
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "ip-instance_attributes-fake"));
	ck_assert_ptr_nonnull(
		cib_doc_find_id(d, "ip-meta_attributes-target-role"));
	xmlFreeDoc(d);
}
END_TEST

START_TEST(clone_and_group)
{
	xmlDoc *d;

	ck_assert_int_eq(run("resource create h ocf:heartbeat:Dummy --clone"), 0);
	ck_assert_int_eq(run("resource create a ocf:heartbeat:Dummy"), 0);
	ck_assert_int_eq(run("resource create b ocf:heartbeat:Dummy --group g"),
			 0);
	ck_assert_int_eq(run("resource group add g a"), 0);
	d = load();
	ck_assert_str_eq((const char *)cib_doc_find_id(d, "h")->parent->name,
			 "clone");
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "h-clone"));
	ck_assert_str_eq(cib_xml_get(cib_doc_find_id(d, "a")->parent, "id"),
			 "g");
	xmlFreeDoc(d);
}
END_TEST

START_TEST(master_makes_promotable_clone)
{
	xmlDoc *d;

	ck_assert_int_eq(run("resource create s ocf:pacemaker:Stateful"), 0);
	ck_assert_int_eq(run("resource master ms s master-max=1 notify=true"),
			 0);
	d = load();
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "ms-meta_attributes-promotable"));
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "ms-meta_attributes-notify"));
	xmlFreeDoc(d);
}
END_TEST

START_TEST(constraints_need_resources)
{
	xmlDoc *d;

	ck_assert_int_eq(run("resource create a ocf:heartbeat:Dummy"), 0);
	ck_assert_int_eq(run("resource create b ocf:heartbeat:Dummy"), 0);
	ck_assert_int_ne(run("constraint colocation add a with zz INFINITY"), 0);
	ck_assert_int_eq(run("constraint colocation add a with b INFINITY"), 0);
	ck_assert_int_eq(run("constraint order promote b then start a"), 0);
	ck_assert_int_eq(run("constraint location a avoids n1"), 0);
	d = load();
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "colocation-a-b-INFINITY"));
	ck_assert_ptr_nonnull(cib_doc_find_id(d, "order-b-a-mandatory"));
	ck_assert_str_eq(cib_xml_get(cib_doc_find_id(d,
				"location-a-n1--INFINITY"), "score"),
			 "-INFINITY");
	xmlFreeDoc(d);
}
END_TEST

START_TEST(unknown_agent_changes_nothing)
{
	ck_assert_int_eq(run("property set stonith-enabled=false"), 0);
	ck_assert_int_ne(run("resource create x ocf:heartbeat:NoSuchAgentHere"),
			 0);
	xmlDoc *d = load();
	ck_assert_ptr_null(cib_doc_find_id(d, "x"));
	xmlFreeDoc(d);
}
END_TEST

START_TEST(property_set_and_unset)
{
	xmlDoc *d;
	char buf[32];

	ck_assert_int_eq(run("property set no-quorum-policy=ignore"), 0);
	ck_assert_int_eq(run("property set no-quorum-policy=stop"), 0);
	d = load();
	ck_assert_str_eq(cib_doc_property(d, "no-quorum-policy", buf,
					  sizeof(buf)), "stop");
	xmlFreeDoc(d);
	ck_assert_int_eq(run("property set no-quorum-policy="), 0);
	d = load();
	ck_assert_ptr_null(cib_doc_property(d, "no-quorum-policy", buf,
					    sizeof(buf)));
	xmlFreeDoc(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, create_with_op_and_meta);
	tcase_add_test(tc, clone_and_group);
	tcase_add_test(tc, master_makes_promotable_clone);
	tcase_add_test(tc, constraints_need_resources);
	tcase_add_test(tc, unknown_agent_changes_nothing);
	tcase_add_test(tc, property_set_and_unset);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
