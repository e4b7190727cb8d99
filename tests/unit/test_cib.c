// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cib.c - the CIB store: files, versions, validation, transactions. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cib.h"

static char dir[] = "/tmp/test_cib.XXXXXX";

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_cib.XXXXXX");
}

static xmlNode *dummy(const char *id)
{
	xmlNode *p = cib_xml_el(NULL, "primitive", id);

	cib_xml_set(p, "class", "ocf");
	cib_xml_set(p, "provider", "heartbeat");
	cib_xml_set(p, "type", "Dummy");
	return p;
}

static int create_rsc(xmlDoc **doc, const char *id)
{
	xmlDoc *t = cib_txn_new();
	xmlNode *p = dummy(id);
	int rc;

	cib_txn_add(t, CIB_OP_CREATE, "/cib/configuration/resources", p,
		    NULL, 0);
	xmlFreeNode(p);
	rc = cib_txn_apply(doc, t);
	xmlFreeDoc(t);
	return rc;
}

START_TEST(file_roundtrip_keeps_content_and_version)
{
	char path[256];
	xmlDoc *doc = cib_doc_new(), *back = NULL;
	struct cib_version v = { 2, 7, 3 }, got;

	ck_assert_int_eq(create_rsc(&doc, "d1"), 0);
	cib_ver_set(doc, &v);
	snprintf(path, sizeof(path), "%s/cib.xml", dir);
	ck_assert_int_eq(cib_file_write(path, doc), 0);
	ck_assert_int_eq(cib_file_read(path, &back), 0);
	cib_ver_get(back, &got);
	ck_assert_int_eq(cib_ver_cmp(&v, &got), 0);
	ck_assert_ptr_nonnull(cib_doc_find_id(back, "d1"));
	ck_assert_uint_eq(cib_doc_digest(doc), cib_doc_digest(back));
	ck_assert_int_eq(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/cib.xml.tmp", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	xmlFreeDoc(doc);
	xmlFreeDoc(back);
}
END_TEST

START_TEST(corrupt_file_is_detected)
{
	char path[256];
	xmlDoc *doc = cib_doc_new(), *back = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cib.xml", dir);
	ck_assert_int_eq(cib_file_write(path, doc), 0);
	/* flip one byte inside an attribute value: still well-formed XML */
	f = fopen(path, "r+");
	ck_assert_ptr_nonnull(f);
	fseek(f, -12, SEEK_END);
	fputc('X', f);
	fclose(f);
	ck_assert_int_eq(cib_file_read(path, &back), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(cib_strerror(), "corrupt"));
	/* truncated, signature gone: parse error, still -EBADMSG */
	snprintf(path, sizeof(path), "%s/cib.xml.sig", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cib.xml", dir);
	ck_assert_int_eq(truncate(path, 20), 0);
	ck_assert_int_eq(cib_file_read(path, &back), -EBADMSG);
	snprintf(path, sizeof(path), "%s/none.xml", dir);
	ck_assert_int_eq(cib_file_read(path, &back), -ENOENT);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(config_change_bumps_epoch_status_bumps_updates)
{
	xmlDoc *doc = cib_doc_new(), *t;
	struct cib_version v;
	xmlNode *ns;

	ck_assert_int_eq(create_rsc(&doc, "d1"), 0);
	cib_ver_get(doc, &v);
	ck_assert_int_eq(v.epoch, 1);
	ck_assert_int_eq(v.num_updates, 0);
	t = cib_txn_new();
	ns = cib_xml_el(NULL, "status", NULL);
	cib_xml_set(cib_xml_el(ns, "node_state", "1"), "uname", "n1");
	cib_txn_add(t, CIB_OP_MERGE, "/cib/status", ns, NULL, 0);
	xmlFreeNode(ns);
	ck_assert(cib_txn_status_only(t));
	ck_assert_int_eq(cib_txn_apply(&doc, t), 0);
	cib_ver_get(doc, &v);
	ck_assert_int_eq(v.epoch, 1);
	ck_assert_int_eq(v.num_updates, 1);
	xmlFreeDoc(t);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(duplicate_id_is_refused_and_changes_nothing)
{
	xmlDoc *doc = cib_doc_new();
	unsigned long long before;

	ck_assert_int_eq(create_rsc(&doc, "d1"), 0);
	before = cib_doc_digest(doc);
	ck_assert_int_eq(create_rsc(&doc, "d1"), -EEXIST);
	ck_assert_uint_eq(cib_doc_digest(doc), before);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(constraint_on_missing_resource_is_refused)
{
	xmlDoc *doc = cib_doc_new(), *t = cib_txn_new();
	xmlNode *c = cib_xml_el(NULL, "rsc_location", "loc1");
	unsigned long long before;

	ck_assert_int_eq(create_rsc(&doc, "d1"), 0);
	before = cib_doc_digest(doc);
	cib_xml_set(c, "rsc", "nosuch");
	cib_xml_set(c, "node", "n1");
	cib_xml_set(c, "score", "INFINITY");
	cib_txn_add(t, CIB_OP_CREATE, "/cib/configuration/constraints", c,
		    NULL, 0);
	ck_assert_int_eq(cib_txn_apply(&doc, t), -ENOENT);
	ck_assert_ptr_nonnull(strstr(cib_strerror(), "nosuch"));
	ck_assert_uint_eq(cib_doc_digest(doc), before);
	xmlFreeNode(c);
	xmlFreeDoc(t);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(transaction_is_atomic)
{
	xmlDoc *doc = cib_doc_new(), *t = cib_txn_new();
	xmlNode *p = dummy("a");

	cib_txn_add(t, CIB_OP_CREATE, "/cib/configuration/resources", p,
		    NULL, 0);
	cib_txn_add(t, CIB_OP_DELETE, "//primitive[@id='zz']", NULL, NULL, 0);
	ck_assert_int_eq(cib_txn_apply(&doc, t), -ENOENT);
	ck_assert_ptr_null(cib_doc_find_id(doc, "a"));
	xmlFreeNode(p);
	xmlFreeDoc(t);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(merge_upserts_by_id)
{
	xmlDoc *doc = cib_doc_new();
	char buf[64];

	for (int i = 0; i < 2; i++) {
		xmlDoc *t = cib_txn_new();
		xmlNode *crm = cib_xml_el(NULL, "crm_config", NULL);
		xmlNode *s = cib_xml_el(crm, "cluster_property_set",
					"cib-bootstrap-options");

		cib_xml_nvpair(s, "stonith-enabled", i ? "false" : "true");
		cib_txn_add(t, CIB_OP_MERGE, "/cib/configuration/crm_config",
			    crm, NULL, 0);
		ck_assert_int_eq(cib_txn_apply(&doc, t), 0);
		xmlFreeNode(crm);
		xmlFreeDoc(t);
	}
	ck_assert_str_eq(cib_doc_property(doc, "stonith-enabled", buf,
					  sizeof(buf)), "false");
	ck_assert_ptr_nonnull(
		cib_doc_find_id(doc, "cib-bootstrap-options-stonith-enabled"));
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(move_into_group)
{
	xmlDoc *doc = cib_doc_new(), *t = cib_txn_new();
	xmlNode *g = cib_xml_el(NULL, "group", "g");

	ck_assert_int_eq(create_rsc(&doc, "a"), 0);
	cib_txn_add(t, CIB_OP_CREATE, "/cib/configuration/resources", g,
		    NULL, 0);
	cib_txn_add(t, CIB_OP_MOVE, "//primitive[@id='a']", NULL,
		    "//group[@id='g']", 0);
	ck_assert_int_eq(cib_txn_apply(&doc, t), 0);
	ck_assert_str_eq((const char *)cib_doc_find_id(doc, "a")->parent->name,
			 "group");
	xmlFreeNode(g);
	xmlFreeDoc(t);
	xmlFreeDoc(doc);
}
END_TEST

static xmlDoc *parse(const char *s)
{
	xmlDoc *d = NULL;

	ck_assert_int_eq(cib_doc_parse(s, strlen(s), &d), 0);
	return d;
}

START_TEST(push_replaces_configuration_keeps_status)
{
	xmlDoc *doc = cib_doc_new(), *t, *pushed;
	struct cib_version v = { 0, 5, 2 }, got;
	xmlNode *st = cib_doc_section(doc, "status");

	cib_xml_el(st, "node_state", "1");
	cib_ver_set(doc, &v);
	pushed = parse("<cib admin_epoch='0' epoch='9' num_updates='0'>"
		       "<configuration><crm_config/><nodes/><resources>"
		       "<primitive id='x' class='ocf' provider='heartbeat' "
		       "type='Dummy'/></resources><constraints/>"
		       "</configuration><status/></cib>");
	t = cib_txn_new();
	cib_txn_add(t, CIB_OP_PUSH, NULL, xmlDocGetRootElement(pushed), NULL,
		    0);
	ck_assert_int_eq(cib_txn_apply(&doc, t), 0);
	ck_assert_ptr_nonnull(cib_doc_find_id(doc, "x"));
	ck_assert_ptr_nonnull(cib_child(cib_doc_section(doc, "status"),
					"node_state"));
	cib_ver_get(doc, &got);
	ck_assert_int_eq(got.epoch, 10);
	xmlFreeDoc(t);
	xmlFreeDoc(pushed);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(push_older_or_malformed_is_refused)
{
	xmlDoc *doc = cib_doc_new(), *t, *pushed;
	struct cib_version v = { 0, 20, 0 };
	unsigned long long before;

	cib_ver_set(doc, &v);
	before = cib_doc_digest(doc);
	pushed = parse("<cib admin_epoch='0' epoch='3'><configuration>"
		       "<crm_config/><nodes/><resources/><constraints/>"
		       "</configuration></cib>");
	t = cib_txn_new();
	cib_txn_add(t, CIB_OP_PUSH, NULL, xmlDocGetRootElement(pushed), NULL,
		    0);
	ck_assert_int_eq(cib_txn_apply(&doc, t), -ESTALE);
	xmlFreeDoc(t);
	xmlFreeDoc(pushed);
	pushed = parse("<cib epoch='30'><configuration><resources/>"
		       "</configuration></cib>");
	t = cib_txn_new();
	cib_txn_add(t, CIB_OP_PUSH, NULL, xmlDocGetRootElement(pushed), NULL,
		    0);
	ck_assert_int_eq(cib_txn_apply(&doc, t), -EINVAL);
	ck_assert_uint_eq(cib_doc_digest(doc), before);
	xmlFreeDoc(t);
	xmlFreeDoc(pushed);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(parse_rejects_garbage)
{
	xmlDoc *d = NULL;

	ck_assert_int_eq(cib_doc_parse("<cib><oops", 10, &d), -EINVAL);
	ck_assert_int_eq(cib_doc_parse("<x/>", 4, &d), -EINVAL);
	ck_assert_ptr_nonnull(strstr(cib_strerror(), "<x>"));
}
END_TEST

/* The newest non-recurring record of an lrm_resource decides its state;
 * a pending one (op-status -1) keeps it running and names the operation. */
static xmlNode *lrm_with(const char *op, int rc, int op_status)
{
	xmlNode *lr = cib_xml_el(NULL, "lrm_resource", "r");
	xmlNode *o = cib_xml_el(lr, "lrm_rsc_op", "r_last_0");
	char n[16];

	cib_xml_set(o, "operation", op);
	cib_xml_set(o, "interval", "0");
	cib_xml_set(o, "call-id", "7");
	snprintf(n, sizeof(n), "%d", rc);
	cib_xml_set(o, "rc-code", n);
	snprintf(n, sizeof(n), "%d", op_status);
	cib_xml_set(o, "op-status", n);
	return lr;
}

START_TEST(pending_operation_reads_as_under_way)
{
	static const struct {
		const char *op;
		int rc, st;
		enum cib_rsc_state state;
		const char *pending;
	} c[] = {
		{ "start", 0, 0, CIB_RSC_STARTED, NULL },
		{ "start", 1, 0, CIB_RSC_FAILED, NULL },
		{ "start", 193, -1, CIB_RSC_STARTED, "Starting" },
		{ "stop", 193, -1, CIB_RSC_STARTED, "Stopping" },
		{ "promote", 193, -1, CIB_RSC_STARTED, "Promoting" },
		{ "demote", 193, -1, CIB_RSC_PROMOTED, "Demoting" },
		{ "stop", 0, 0, CIB_RSC_STOPPED, NULL },
		{ "monitor", 193, -1, CIB_RSC_STOPPED, NULL },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		xmlNode *lr = lrm_with(c[i].op, c[i].rc, c[i].st);
		const char *p = cib_status_lrm_pending(lr);

		ck_assert_msg(cib_status_lrm_state(lr) == c[i].state,
			      "%s rc %d: state %d", c[i].op, c[i].rc,
			      cib_status_lrm_state(lr));
		if (c[i].pending)
			ck_assert_str_eq(p, c[i].pending);
		else
			ck_assert_ptr_null(p);
		xmlFreeNode(lr);
	}
	ck_assert_ptr_null(cib_status_lrm_pending(NULL));
}
END_TEST

START_TEST(same_transactions_same_result)
{
	xmlDoc *a = cib_doc_new(), *b = cib_doc_new();
	char id[16];

	for (int i = 0; i < 50; i++) {
		snprintf(id, sizeof(id), "r%d", i);
		ck_assert_int_eq(create_rsc(&a, id), 0);
		ck_assert_int_eq(create_rsc(&b, id), 0);
	}
	ck_assert_uint_eq(cib_doc_digest(a), cib_doc_digest(b));
	xmlFreeDoc(a);
	xmlFreeDoc(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cib");
	TCase *tc = tcase_create("cib");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, file_roundtrip_keeps_content_and_version);
	tcase_add_test(tc, corrupt_file_is_detected);
	tcase_add_test(tc, config_change_bumps_epoch_status_bumps_updates);
	tcase_add_test(tc, duplicate_id_is_refused_and_changes_nothing);
	tcase_add_test(tc, constraint_on_missing_resource_is_refused);
	tcase_add_test(tc, transaction_is_atomic);
	tcase_add_test(tc, merge_upserts_by_id);
	tcase_add_test(tc, move_into_group);
	tcase_add_test(tc, push_replaces_configuration_keeps_status);
	tcase_add_test(tc, push_older_or_malformed_is_refused);
	tcase_add_test(tc, parse_rejects_garbage);
	tcase_add_test(tc, same_transactions_same_result);
	tcase_add_test(tc, pending_operation_reads_as_under_way);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
