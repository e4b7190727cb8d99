/*
 * test_drbdadm_status.c - what role, dstate, cstate and status print
 * (DRBD 9 style) for the states the module reports.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drbd_md.h"
#include "drbd_uuid.h"
#include "status_fmt.h"

static char *buf;
static size_t len;

static FILE *open_out(void)
{
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	return f;
}

static void expect_out(FILE *f, const char *want)
{
	fclose(f);
	ck_assert_str_eq(buf, want);
	free(buf);
	buf = NULL;
}

static struct drbd_status standalone_primary(void)
{
	struct drbd_status st = {
		.exists = true, .role = DRBD_ROLE_PRIMARY,
		.peer_role = DRBD_ROLE_UNKNOWN, .cstate = DRBD_CS_STANDALONE,
		.dstate = DRBD_DS_UP_TO_DATE, .peer_dstate = DRBD_DS_DUNKNOWN,
	};
	return st;
}

START_TEST(test_single_node)
{
	struct drbd_status st = standalone_primary();
	FILE *f;

	f = open_out();
	status_fmt_role(f, &st);
	expect_out(f, "Primary\n");
	f = open_out();
	status_fmt_dstate(f, &st);
	expect_out(f, "UpToDate/DUnknown\n");
	f = open_out();
	status_fmt_cstate(f, &st);
	expect_out(f, "StandAlone\n");
	f = open_out();
	status_fmt_status(f, "r0", "node2", &st);
	expect_out(f, "r0 role:Primary\n  disk:UpToDate\n\n");
}
END_TEST

/* StandAlone after split brain: says so and gives the exact commands. */
START_TEST(test_split_brain)
{
	struct drbd_status st = standalone_primary();
	FILE *f;

	st.refused = true;
	st.refused_verdict = DRBD_SYNC_SPLIT_BRAIN;
	st.refused_rule = 8;
	f = open_out();
	status_fmt_status(f, "r0", "node2", &st);
	expect_out(f, "r0 role:Primary\n  disk:UpToDate\n"
		   "  node2 connection:StandAlone split-brain (rule 8): both nodes changed the data while disconnected; nothing was synced\n"
		   "    recover: on the node whose changes to discard: drbdadm disconnect r0; drbdadm secondary r0; drbdadm connect --discard-my-data r0\n"
		   "    then on the node to keep: drbdadm connect r0\n"
		   "    (a bitmap resync of the blocks changed on either node)\n\n");
	st.refused_verdict = DRBD_SYNC_SPLIT_BRAIN_FATAL;
	st.refused_rule = 11;
	f = open_out();
	status_fmt_status(f, "r0", "node2", &st);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "split-brain (rule 11)"));
	ck_assert_ptr_nonnull(strstr(buf, "(a full resync"));
	free(buf);
	buf = NULL;
	st.refused_verdict = DRBD_SYNC_UNRELATED;
	st.refused_rule = 12;
	f = open_out();
	status_fmt_status(f, "r0", "node2", &st);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "unrelated-data (rule 12)"));
	ck_assert_ptr_null(strstr(buf, "--discard-my-data"));
	free(buf);
	buf = NULL;
	/* a plain StandAlone (never refused) prints no peer line */
	st.refused = false;
	f = open_out();
	status_fmt_status(f, "r0", "node2", &st);
	expect_out(f, "r0 role:Primary\n  disk:UpToDate\n\n");
}
END_TEST

START_TEST(test_gi)
{
	struct drbd_status st = standalone_primary();
	FILE *f;

	st.uuid_current = 0x1122334455667788ull;
	st.uuid_bitmap = 0;
	st.uuid_h1 = 0xAull;
	st.uuid_h2 = 0xBull;
	st.md_flags = DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE | DRBD_MDF_OUTDATED;
	st.bits_set = 5;
	f = open_out();
	status_fmt_gi(f, &st);
	expect_out(f, "1122334455667788:0000000000000000:000000000000000A:000000000000000B:1:1:0:0:0:0:1\n");
	f = open_out();
	status_fmt_show_gi(f, "r0", &st);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "current   1122334455667788"));
	ck_assert_ptr_nonnull(strstr(buf, "none: the bitmap tracks no older generation"));
	ck_assert_ptr_nonnull(strstr(buf, "out of sync 20 KiB (5 blocks)"));
	ck_assert_ptr_nonnull(strstr(buf, "outdated:1"));
	free(buf);
	buf = NULL;
}
END_TEST

START_TEST(test_fresh_secondary)
{
	struct drbd_status st = standalone_primary();
	FILE *f;

	st.role = DRBD_ROLE_SECONDARY;
	st.dstate = DRBD_DS_INCONSISTENT;
	f = open_out();
	status_fmt_status(f, "mysqlr0", "lqi1ecmy02", &st);
	expect_out(f, "mysqlr0 role:Secondary\n  disk:Inconsistent\n\n");
	f = open_out();
	status_fmt_dstate(f, &st);
	expect_out(f, "Inconsistent/DUnknown\n");
}
END_TEST

/* status_fmt_status of st for r0 with peer node2 prints want */
static void expect_peer(const struct drbd_status *st, const char *want)
{
	FILE *f = open_out();

	status_fmt_status(f, "r0", "node2", st);
	expect_out(f, want);
}

/* Connected to a Secondary: the replication line under the peer. */
static void expect_repl(const struct drbd_status *st, const char *line)
{
	char want[512];

	snprintf(want, sizeof(want),
		 "r0 role:Primary\n  disk:UpToDate\n  node2 role:Secondary\n    %s\n\n",
		 line);
	expect_peer(st, want);
}

START_TEST(test_peer_lines)
{
	struct drbd_status st = standalone_primary();

	st.cstate = DRBD_CS_CONNECTING;
	expect_peer(&st, "r0 role:Primary\n  disk:UpToDate\n  node2 connection:Connecting\n\n");
	st.cstate = DRBD_CS_CONNECTED;
	st.peer_role = DRBD_ROLE_SECONDARY;
	st.peer_dstate = DRBD_DS_UP_TO_DATE;
	expect_repl(&st, "peer-disk:UpToDate");
	st.cstate = DRBD_CS_SYNC_SOURCE;
	st.peer_dstate = DRBD_DS_INCONSISTENT;
	expect_repl(&st, "replication:SyncSource peer-disk:Inconsistent");
	/* with the kernel's progress: done: with two decimals */
	st.rs_total = 262144;
	st.rs_left = 163840;
	expect_repl(&st, "replication:SyncSource peer-disk:Inconsistent done:37.50");
	/* online verify: the states DRBD shows, progress like a resync */
	st.cstate = DRBD_CS_VERIFY_S;
	st.peer_dstate = DRBD_DS_UP_TO_DATE;
	st.rs_total = 10000;
	st.rs_left = 8766;
	expect_repl(&st, "replication:VerifyS peer-disk:UpToDate done:12.34");
	st.cstate = DRBD_CS_VERIFY_T;
	expect_repl(&st, "replication:VerifyT peer-disk:UpToDate done:12.34");
	/* a paused resync: who paused it, as DRBD 9 shows it */
	st.cstate = DRBD_CS_PAUSED_SYNC_S;
	st.peer_dstate = DRBD_DS_INCONSISTENT;
	st.rs_total = 262144;
	st.rs_left = 163840;
	st.rs_suspended = DRBD_RS_SUSP_USER;
	expect_repl(&st, "replication:PausedSyncS peer-disk:Inconsistent done:37.50 resync-suspended:user");
	st.rs_suspended = DRBD_RS_SUSP_PEER;
	expect_repl(&st, "replication:PausedSyncS peer-disk:Inconsistent done:37.50 resync-suspended:peer");
	st.rs_suspended = DRBD_RS_SUSP_USER | DRBD_RS_SUSP_PEER;
	expect_repl(&st, "replication:PausedSyncS peer-disk:Inconsistent done:37.50 resync-suspended:user,peer");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("drbdadm-status");
	TCase *tc = tcase_create("status");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_single_node);
	tcase_add_test(tc, test_fresh_secondary);
	tcase_add_test(tc, test_peer_lines);
	tcase_add_test(tc, test_split_brain);
	tcase_add_test(tc, test_gi);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
