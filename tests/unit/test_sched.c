/*
 * test_sched.c - the scheduler's pieces: score arithmetic, CIB loading and
 * its errors, status unpacking, placement of primitives, groups, clones
 * and promotable clones, ordering propagation and the summary lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

#define NODES2 \
	"<nodes><node id='1' uname='node1'/><node id='2' uname='node2'/></nodes>"
#define PROPS \
	"<crm_config><cluster_property_set id='p'>" \
	"<nvpair id='p1' name='stonith-enabled' value='false'/>" \
	"</cluster_property_set></crm_config>"
#define UP(n, id) \
	"<node_state id='" id "' uname='" n "' in_ccm='true' crmd='online' " \
	"join='member' expected='member'>"
#define OP(rsc, task, rc, call) \
	"<lrm_resource id='" rsc "' class='ocf' provider='heartbeat' " \
	"type='Dummy'><lrm_rsc_op id='" rsc "_" task "' operation='" task \
	"' interval='0' op-status='0' rc-code='" rc "' call-id='" call \
	"' transition-key='1:1:0:x'/></lrm_resource>"
#define PRIM(id) \
	"<primitive id='" id "' class='ocf' provider='heartbeat' type='Dummy'/>"

static struct sched_cluster *load(const char *cib)
{
	struct sched_cluster *cl = NULL;
	int rc = cib_load_memory(cib, (int)strlen(cib), &cl);

	ck_assert_msg(rc == 0, "load failed: %s", cib_last_error());
	return cl;
}

static int load_err(const char *cib)
{
	struct sched_cluster *cl = NULL;
	int rc = cib_load_memory(cib, (int)strlen(cib), &cl);

	ck_assert_ptr_null(cl);
	return rc;
}

/* Run the pipeline and return the Transition Summary text (caller frees). */
static char *summary(struct sched_cluster *cl)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sched_run(cl);
	sched_print_summary(cl, f);
	fclose(f);
	return buf;
}

static struct sched_node *next_of(struct sched_cluster *cl, const char *id)
{
	struct sched_rsc *r = sched_find_rsc(cl, id);

	ck_assert_ptr_nonnull(r);
	return r->next;
}

START_TEST(test_scores)
{
	char buf[32];
	int v;

	ck_assert_int_eq(sched_add_scores(5, 7), 12);
	ck_assert_int_eq(sched_add_scores(SCHED_INF, -SCHED_INF), -SCHED_INF);
	ck_assert_int_eq(sched_add_scores(SCHED_INF, 5), SCHED_INF);
	ck_assert_int_eq(sched_add_scores(-SCHED_INF, 5), -SCHED_INF);
	ck_assert_int_eq(sched_parse_score("-INFINITY", &v), 0);
	ck_assert_int_eq(v, -SCHED_INF);
	ck_assert_int_eq(sched_parse_score("+INFINITY", &v), 0);
	ck_assert_int_eq(v, SCHED_INF);
	ck_assert_int_eq(sched_parse_score("42", &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_lt(sched_parse_score("4x", &v), 0);
	ck_assert_int_lt(sched_parse_score("", &v), 0);
	ck_assert_str_eq(sched_score_str(SCHED_INF, buf, sizeof(buf)),
			 "INFINITY");
	ck_assert_str_eq(sched_score_str(-3, buf, sizeof(buf)), "-3");
}
END_TEST

START_TEST(test_roles)
{
	enum sched_role r;

	ck_assert_int_eq(sched_parse_role("Master", &r), 0);
	ck_assert_int_eq(r, ROLE_PROMOTED);
	ck_assert_int_eq(sched_parse_role("Slave", &r), 0);
	ck_assert_int_eq(r, ROLE_UNPROMOTED);
	ck_assert_int_lt(sched_parse_role("Boss", &r), 0);
	ck_assert_str_eq(sched_role_name(ROLE_UNPROMOTED), "Unpromoted");
}
END_TEST

START_TEST(test_node_states)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS
		"<nodes><node id='1' uname='a'/><node id='2' uname='b'/>"
		"<node id='3' uname='c'><instance_attributes id='i'>"
		"<nvpair id='s' name='standby' value='on'/>"
		"</instance_attributes></node></nodes>"
		"<resources/></configuration><status>"
		UP("a", "1") "</node_state>"
		"<node_state id='2' uname='b' in_ccm='false' crmd='offline' "
		"join='down' expected='down'/>" UP("c", "3") "</node_state>"
		"</status></cib>");

	ck_assert(sched_node_can_run(sched_find_node(cl, "a")));
	ck_assert(!sched_find_node(cl, "b")->online);
	ck_assert(sched_find_node(cl, "c")->online);
	ck_assert(sched_find_node(cl, "c")->standby);
	ck_assert(!sched_node_can_run(sched_find_node(cl, "c")));
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_history)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		PRIM("r1") PRIM("r2") PRIM("r3") "</resources></configuration>"
		"<status>" UP("node1", "1") "<lrm><lrm_resources>"
		OP("r1", "start", "0", "1") OP("r2", "start", "1", "2")
		"<lrm_resource id='r3' class='ocf' provider='heartbeat' "
		"type='Dummy'><lrm_rsc_op id='a' operation='start' interval='0' "
		"op-status='0' rc-code='0' call-id='3' transition-key='1:1:0:x'/>"
		"<lrm_rsc_op id='b' operation='stop' interval='0' op-status='0' "
		"rc-code='0' call-id='4' transition-key='1:1:0:x'/>"
		"</lrm_resource></lrm_resources></lrm></node_state>"
		UP("node2", "2") "</node_state></status></cib>");
	struct sched_rsc *r1 = sched_find_rsc(cl, "r1");
	struct sched_rsc *r2 = sched_find_rsc(cl, "r2");
	struct sched_rsc *r3 = sched_find_rsc(cl, "r3");

	ck_assert_int_eq(r1->nrunning, 1);
	ck_assert(!r1->failed);
	ck_assert_int_eq(r2->nrunning, 1);
	ck_assert(r2->failed);
	ck_assert_int_eq(r3->nrunning, 0);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_location_and_stickiness)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		"<primitive id='r1' class='ocf' provider='heartbeat' type='D'>"
		"<meta_attributes id='m'><nvpair id='s' "
		"name='resource-stickiness' value='100'/></meta_attributes>"
		"</primitive>" PRIM("r2") "</resources><constraints>"
		"<rsc_location id='l1' rsc='r1' node='node2' score='50'/>"
		"<rsc_location id='l2' rsc='r2' node='node2' score='50'/>"
		"</constraints></configuration><status>"
		UP("node1", "1") "<lrm><lrm_resources>"
		OP("r1", "start", "0", "1") OP("r2", "start", "0", "2")
		"</lrm_resources></lrm></node_state>" UP("node2", "2")
		"</node_state></status></cib>");
	char *s = summary(cl);

	/* stickiness 100 beats the preference 50; no stickiness does not */
	ck_assert_str_eq(next_of(cl, "r1")->uname, "node1");
	ck_assert_str_eq(next_of(cl, "r2")->uname, "node2");
	ck_assert_ptr_nonnull(strstr(s, "Move       r2"));
	ck_assert_ptr_null(strstr(s, "r1 "));
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_standby_moves)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>" PRIM("r1")
		"</resources></configuration><status>" UP("node1", "1")
		"<transient_attributes id='t'><instance_attributes id='ta'>"
		"<nvpair id='sb' name='standby' value='true'/>"
		"</instance_attributes></transient_attributes>"
		"<lrm><lrm_resources>" OP("r1", "start", "0", "1")
		"</lrm_resources></lrm></node_state>" UP("node2", "2")
		"</node_state></status></cib>");
	char *s = summary(cl);

	ck_assert_str_eq(next_of(cl, "r1")->uname, "node2");
	ck_assert_ptr_nonnull(strstr(s, "( node1 -> node2 )"));
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_migration_threshold)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		"<primitive id='r1' class='ocf' provider='heartbeat' type='D'>"
		"<meta_attributes id='m'><nvpair id='mt' "
		"name='migration-threshold' value='2'/></meta_attributes>"
		"</primitive></resources></configuration><status>"
		UP("node1", "1") "<transient_attributes id='t'>"
		"<instance_attributes id='ta'>"
		"<nvpair id='fc' name='fail-count-r1' value='2'/>"
		"</instance_attributes></transient_attributes>"
		"<lrm><lrm_resources>" OP("r1", "start", "0", "1")
		"</lrm_resources></lrm></node_state>" UP("node2", "2")
		"</node_state></status></cib>");
	struct sched_rsc *r1 = sched_find_rsc(cl, "r1");

	sched_run(cl);
	ck_assert_int_eq(r1->failcount[0], 2);
	ck_assert_int_eq(r1->weight[0], -SCHED_INF);
	ck_assert_str_eq(r1->next->uname, "node2");
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_group_follows_first)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		"<group id='g'>" PRIM("a") PRIM("b") PRIM("c") "</group>"
		"</resources><constraints>"
		"<rsc_location id='l' rsc='c' node='node2' score='10'/>"
		"</constraints></configuration><status>" UP("node1", "1")
		"</node_state>" UP("node2", "2") "</node_state></status></cib>");
	char *s = summary(cl);
	const char *order[] = { "a ", "b ", "c " };
	const char *prev = s;

	/* the last member's preference pulls the whole group */
	ck_assert_str_eq(next_of(cl, "a")->uname, "node2");
	ck_assert_str_eq(next_of(cl, "b")->uname, "node2");
	ck_assert_str_eq(next_of(cl, "c")->uname, "node2");
	for (int i = 0; i < 3; i++) {
		const char *p = strstr(prev, order[i]);

		ck_assert_ptr_nonnull(p);
		prev = p;
	}
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_colocation_and_order_reason)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		PRIM("a") PRIM("b") PRIM("c") "</resources><constraints>"
		"<rsc_location id='l' rsc='a' node='node2' score='10'/>"
		"<rsc_location id='l2' rsc='c' node='node1' score='-INFINITY'/>"
		"<rsc_location id='l3' rsc='c' node='node2' score='-INFINITY'/>"
		"<rsc_colocation id='co' rsc='b' with-rsc='a' score='INFINITY'/>"
		"<rsc_order id='o' first='c' then='b'/>"
		"</constraints></configuration><status>" UP("node1", "1")
		"</node_state>" UP("node2", "2") "</node_state></status></cib>");
	char *s = summary(cl);

	ck_assert_str_eq(next_of(cl, "b")->uname, "node2");
	ck_assert_ptr_null(next_of(cl, "c"));
	/* b's start is blocked by c, which cannot run */
	ck_assert_ptr_nonnull(strstr(s, "due to unrunnable c start (blocked)"));
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_clone_spread)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS
		"<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/>"
		"<node id='3' uname='n3'/></nodes><resources>"
		"<clone id='cl'><meta_attributes id='m'>"
		"<nvpair id='cm' name='clone-max' value='2'/></meta_attributes>"
		PRIM("d") "</clone></resources></configuration><status>"
		UP("n1", "1") "</node_state>" UP("n2", "2") "</node_state>"
		UP("n3", "3") "</node_state></status></cib>");
	struct sched_rsc *k = sched_find_rsc(cl, "cl");

	sched_run(cl);
	ck_assert_int_eq(k->nchildren, 2);
	ck_assert_ptr_nonnull(k->children[0]->next);
	ck_assert_ptr_nonnull(k->children[1]->next);
	ck_assert_ptr_ne(k->children[0]->next, k->children[1]->next);
	sched_cluster_free(cl);
}
END_TEST

/* Is action b (transitively, through orderings whose first is required)
 * after action a? */
static bool runs_after(const struct sched_action *b,
		       const struct sched_action *a, int depth)
{
	if (depth > 64)
		return false;
	for (int i = 0; i < b->nafter; i++) {
		const struct sched_action *f = b->after[i]->first;

		if (f->flags & ACT_OPTIONAL)
			continue;
		if (f == a || runs_after(f, a, depth + 1))
			return true;
	}
	return false;
}

/* A switchover of a promotable clone: the Promoted instance on node2 is
 * demoted before the one on node1 is promoted. */
START_TEST(test_promotable_switchover_order)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		"<clone id='ms'><meta_attributes id='m'>"
		"<nvpair id='pm' name='promotable' value='true'/>"
		"</meta_attributes>" PRIM("d") "</clone></resources>"
		"<constraints><rsc_location id='l' rsc='ms' role='Promoted' "
		"node='node1' score='INFINITY'/></constraints>"
		"</configuration><status>" UP("node1", "1")
		"<transient_attributes id='t1'><instance_attributes id='a1'>"
		"<nvpair id='m1' name='master-d' value='10'/>"
		"</instance_attributes></transient_attributes>"
		"<lrm><lrm_resources>" OP("d", "start", "0", "1")
		"</lrm_resources></lrm></node_state>"
		UP("node2", "2") "<transient_attributes id='t2'>"
		"<instance_attributes id='a2'>"
		"<nvpair id='m2' name='master-d' value='10'/>"
		"</instance_attributes></transient_attributes>"
		"<lrm><lrm_resources>" OP("d", "promote", "0", "2")
		"</lrm_resources></lrm></node_state>"
		"</status></cib>");
	char *s = summary(cl);
	const struct sched_action *pro = NULL, *dem = NULL;

	for (int i = 0; i < cl->nactions; i++) {
		const struct sched_action *a = cl->actions[i];

		if (!a->rsc || a->rsc->kind != KIND_PRIMITIVE ||
		    (a->flags & ACT_OPTIONAL) || !a->node)
			continue;
		if (a->task == TASK_PROMOTE && !strcmp(a->node->uname, "node1"))
			pro = a;
		if (a->task == TASK_DEMOTE && !strcmp(a->node->uname, "node2"))
			dem = a;
	}
	ck_assert_msg(pro && dem, "no promote on node1 and demote on node2:\n%s", s);
	ck_assert_msg(runs_after(pro, dem, 0),
		      "promote on node1 does not wait for the demote on node2");
	ck_assert(!runs_after(dem, pro, 0));
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_promotable_choice)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS NODES2 "<resources>"
		"<clone id='ms'><meta_attributes id='m'>"
		"<nvpair id='pm' name='promotable' value='true'/>"
		"</meta_attributes>" PRIM("d") "</clone></resources>"
		"</configuration><status>" UP("node1", "1")
		"<transient_attributes id='t1'><instance_attributes id='a1'>"
		"<nvpair id='m1' name='master-d' value='5'/>"
		"</instance_attributes></transient_attributes></node_state>"
		UP("node2", "2") "<transient_attributes id='t2'>"
		"<instance_attributes id='a2'>"
		"<nvpair id='m2' name='master-d' value='10'/>"
		"</instance_attributes></transient_attributes></node_state>"
		"</status></cib>");
	char *s = summary(cl);
	struct sched_rsc *k = sched_find_rsc(cl, "ms");
	int promoted = 0;

	for (int i = 0; i < k->nchildren; i++) {
		if (k->children[i]->next_role != ROLE_PROMOTED)
			continue;
		promoted++;
		ck_assert_str_eq(k->children[i]->next->uname, "node2");
	}
	ck_assert_int_eq(promoted, 1);
	ck_assert_ptr_nonnull(strstr(s, "( Stopped -> Promoted node2 )"));
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_no_quorum_stops)
{
	struct sched_cluster *cl = load(
		"<cib have-quorum='false'><configuration>" PROPS NODES2
		"<resources>" PRIM("r1") "</resources></configuration><status>"
		UP("node1", "1") "<lrm><lrm_resources>"
		OP("r1", "start", "0", "1") "</lrm_resources></lrm>"
		"</node_state></status></cib>");
	char *s = summary(cl);

	ck_assert_ptr_nonnull(strstr(s, "Stop       r1"));
	free(s);
	sched_cluster_free(cl);
}
END_TEST

START_TEST(test_location_rules)
{
	struct sched_cluster *cl = load(
		"<cib><configuration>" PROPS
		"<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/>"
		"<node id='3' uname='n3'><instance_attributes id='i3'>"
		"<nvpair id='r3' name='rack' value='b'/></instance_attributes>"
		"</node></nodes><resources>" PRIM("a") PRIM("b") PRIM("c")
		"</resources><constraints>"
		/* a: not on n1 and not where pingd is missing or low */
		"<rsc_location id='la' rsc='a'><rule id='ra' score='-INFINITY' "
		"boolean-op='or'><expression id='e1' attribute='#uname' "
		"operation='eq' value='n1'/><expression id='e2' "
		"attribute='pingd' operation='lt' value='10'/></rule>"
		"</rsc_location>"
		/* b: score from the node attribute "weight" */
		"<rsc_location id='lb' rsc='b'><rule id='rb' "
		"score-attribute='weight'><expression id='e3' "
		"attribute='weight' operation='defined'/></rule></rsc_location>"
		/* c: on rack b (string compare), numbers compare as numbers */
		"<rsc_location id='lc' rsc='c'><rule id='rc' score='100'>"
		"<expression id='e4' attribute='rack' operation='eq' "
		"value='b'/><rule id='rc2' boolean-op='or'><expression id='e5' "
		"attribute='#id' operation='gt' value='2'/></rule></rule>"
		"</rsc_location></constraints></configuration><status>"
		UP("n1", "1") "<transient_attributes id='t1'>"
		"<instance_attributes id='a1'><nvpair id='p1' name='pingd' "
		"value='100'/></instance_attributes></transient_attributes>"
		"</node_state>" UP("n2", "2") "<transient_attributes id='t2'>"
		"<instance_attributes id='a2'><nvpair id='p2' name='pingd' "
		"value='9'/><nvpair id='w2' name='weight' value='70'/>"
		"</instance_attributes></transient_attributes></node_state>"
		UP("n3", "3") "<transient_attributes id='t3'>"
		"<instance_attributes id='a3'><nvpair id='p3' name='pingd' "
		"value='20'/><nvpair id='w3' name='weight' value='30'/>"
		"</instance_attributes></transient_attributes></node_state>"
		"</status></cib>");

	sched_run(cl);
	ck_assert_str_eq(next_of(cl, "a")->uname, "n3");
	ck_assert_str_eq(next_of(cl, "b")->uname, "n2");
	ck_assert_int_eq(sched_find_rsc(cl, "b")->weight[1], 70);
	ck_assert_int_eq(sched_find_rsc(cl, "c")->weight[2], 100);
	ck_assert_int_eq(sched_find_rsc(cl, "c")->weight[0], 0);
	sched_cluster_free(cl);
}
END_TEST

/* Invalid CIBs: a clear error naming the element, never a crash. */
static void expect_error(const char *cib, const char *needle)
{
	ck_assert_int_lt(load_err(cib), 0);
	ck_assert_msg(strstr(cib_last_error(), needle),
		      "error '%s' lacks '%s'", cib_last_error(), needle);
}

START_TEST(test_invalid_cibs)
{
	expect_error("<cib><configuration>", "not well-formed");
	expect_error("<notcib/>", "<notcib>");
	expect_error("<cib/>", "missing element <configuration>");
	expect_error("<cib><configuration><resources/></configuration></cib>",
		     "missing element <nodes>");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     "<primitive class='ocf' provider='p' type='t'/>"
		     "</resources></configuration></cib>",
		     "<primitive>: missing attribute 'id'");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     "<primitive id='x' provider='p' type='t'/>"
		     "</resources></configuration></cib>",
		     "has no attribute 'class'");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     PRIM("x") PRIM("x") "</resources></configuration></cib>",
		     "duplicate resource id 'x'");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     "<group id='g'/></resources></configuration></cib>",
		     "'g' has no member resources");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     "<clone id='c'>" PRIM("a") PRIM("b") "</clone>"
		     "</resources></configuration></cib>",
		     "must hold exactly one resource");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     "<group id='g'><group id='h'>" PRIM("a") "</group></group>"
		     "</resources></configuration></cib>",
		     "may hold only primitives");
	expect_error("<cib><configuration>" NODES2 "<resources>" PRIM("a")
		     "</resources><constraints><rsc_location id='l' rsc='zz' "
		     "node='node1' score='1'/></constraints></configuration>"
		     "</cib>", "unknown resource 'zz'");
	expect_error("<cib><configuration>" NODES2 "<resources>" PRIM("a")
		     "</resources><constraints><rsc_location id='l' rsc='a' "
		     "node='node1' score='lots'/></constraints></configuration>"
		     "</cib>", "<rsc_location>: invalid score 'lots'");
	expect_error("<cib><configuration>" NODES2 "<resources>" PRIM("a")
		     PRIM("b") "</resources><constraints><rsc_order id='o' "
		     "first='a' then='b' kind='Sometimes'/></constraints>"
		     "</configuration></cib>", "invalid kind 'Sometimes'");
	expect_error("<cib><configuration>" NODES2 "<resources>"
		     "<primitive id='a' class='ocf' provider='p' type='t'>"
		     "<meta_attributes id='m'><nvpair id='n' name='target-role' "
		     "value='Sideways'/></meta_attributes></primitive>"
		     "</resources></configuration></cib>",
		     "invalid target-role 'Sideways'");
	expect_error("<cib><configuration>" NODES2 "<resources>" PRIM("a")
		     "</resources><constraints><rsc_location id='l' rsc='a'/>"
		     "</constraints></configuration></cib>",
		     "needs attribute 'node' or a <rule>");
	expect_error("<cib><configuration>" NODES2 "<resources>" PRIM("a")
		     "</resources><constraints><rsc_location id='l' rsc='a'>"
		     "<rule id='r' score='5'><expression id='e' attribute='x' "
		     "operation='like' value='1'/></rule></rsc_location>"
		     "</constraints></configuration></cib>",
		     "<expression>: invalid operation 'like'");
	expect_error("<cib><configuration>" NODES2 "<resources>" PRIM("a")
		     "</resources><constraints><rsc_location id='l' rsc='a'>"
		     "<rule id='r' score='5'><date_expression id='d'/></rule>"
		     "</rsc_location></constraints></configuration></cib>",
		     "<date_expression>: not supported in a rule");
	expect_error("<cib><configuration><nodes><node uname='x'/></nodes>"
		     "<resources/></configuration></cib>",
		     "<node>: missing attribute 'id'");
}
END_TEST

/* Every truncation of a valid CIB loads or fails cleanly. */
START_TEST(test_truncations)
{
	static const char cib[] =
		"<cib><configuration>" PROPS NODES2 "<resources>"
		"<group id='g'>" PRIM("a") PRIM("b") "</group>"
		"<clone id='c'>" PRIM("d") "</clone></resources><constraints>"
		"<rsc_colocation id='co' rsc='g' with-rsc='c' score='100'/>"
		"</constraints></configuration><status>" UP("node1", "1")
		"<lrm><lrm_resources>" OP("a", "start", "0", "1")
		OP("d:0", "start", "0", "2") "</lrm_resources></lrm></node_state>"
		"</status></cib>";
	int n = (int)strlen(cib);

	for (int len = 0; len <= n; len += 7) {
		struct sched_cluster *cl = NULL;

		if (cib_load_memory(cib, len, &cl) == 0) {
			char *s = summary(cl);

			free(s);
			sched_cluster_free(cl);
		}
	}
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scores);
	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_node_states);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_location_and_stickiness);
	tcase_add_test(tc, test_standby_moves);
	tcase_add_test(tc, test_migration_threshold);
	tcase_add_test(tc, test_group_follows_first);
	tcase_add_test(tc, test_colocation_and_order_reason);
	tcase_add_test(tc, test_clone_spread);
	tcase_add_test(tc, test_promotable_choice);
	tcase_add_test(tc, test_promotable_switchover_order);
	tcase_add_test(tc, test_no_quorum_stops);
	tcase_add_test(tc, test_location_rules);
	tcase_add_test(tc, test_invalid_cibs);
	tcase_add_test(tc, test_truncations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sched_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
