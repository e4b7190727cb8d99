// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pd_cib.c - the node's copy of the CIB: load (a corrupt file is set
 * aside and the cluster's copy taken at the next sync), apply delivered
 * transactions, save atomically, and the coordinator's own updates
 * (configured nodes and their membership in the status section).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include <libxml/parser.h>

#include "cib.h"
#include "pacerd.h"
#include "pacerd_sched.h"

int pd_cib_load(struct pacerd *pd)
{
	char aside[600];
	int rc;

	snprintf(pd->cib_path, sizeof(pd->cib_path), "%s/cib.xml",
		 pd->state_dir);
	rc = cib_file_read(pd->cib_path, &pd->cib);
	if (rc == 0 && cib_doc_validate(pd->cib)) {
		pd_err("%s: invalid CIB: %s", pd->cib_path, cib_strerror());
		xmlFreeDoc(pd->cib);
		pd->cib = NULL;
		rc = -EBADMSG;
	}
	if (rc == -EBADMSG) {
		snprintf(aside, sizeof(aside), "%s.corrupt-%ld", pd->cib_path,
			 (long)time(NULL));
		pd_err("%s; moved to %s, the cluster's copy will replace it",
		       cib_strerror(), aside);
		rename(pd->cib_path, aside);
	} else if (rc && rc != -ENOENT) {
		pd_err("%s", cib_strerror());
		return rc;
	}
	if (!pd->cib) {
		pd->cib = cib_doc_new();
		/* an empty CIB never wins a sync against a real one */
		struct cib_version v = { 0, 0, 0 };
		cib_ver_set(pd->cib, &v);
	}
	return 0;
}

void pd_cib_save(struct pacerd *pd)
{
	if (cib_file_write(pd->cib_path, pd->cib))
		pd_err("cannot save the CIB: %s", cib_strerror());
}

int pd_cib_apply(struct pacerd *pd, const char *payload, uint32_t origin,
		 uint32_t reqid)
{
	xmlDoc *txn = xmlReadMemory(payload, (int)strlen(payload), "txn", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	struct cib_version v;
	int rc;

	if (!txn) {
		rc = -EINVAL;
		pd_warn("unreadable transaction from %s",
			pd_node_name(pd, origin));
		goto out;
	}
	rc = cib_txn_apply(&pd->cib, txn);
	xmlFreeDoc(txn);
	if (rc) {
		if (origin == pd->my_id && reqid)
			pd_info("change refused: %s", cib_strerror());
		goto out;
	}
	pd_cib_save(pd);
	cib_ver_get(pd->cib, &v);
	if (reqid)
		pd_info("CIB %ld:%ld:%ld after a change from %s",
			v.admin_epoch, v.epoch, v.num_updates,
			pd_node_name(pd, origin));
out:
	if (origin == pd->my_id && reqid)
		pd_ipc_txn_done(pd, reqid, rc, rc ? cib_strerror() : "ok");
	if (!rc)
		pd_dc_update(pd);
	return rc;
}

static bool is_member(struct pacerd *pd, uint32_t id)
{
	for (int i = 0; i < pd->nmembers; i++)
		if (pd->members[i] == id)
			return true;
	return false;
}

static bool node_configured(xmlDoc *cib, const char *id)
{
	xmlNode *nodes = cib_doc_section(cib, "nodes");

	for (xmlNode *n = nodes->children; n; n = n->next) {
		const char *nid = cib_xml_get(n, "id");

		if (cib_is_el(n, "node") && nid && !strcmp(nid, id))
			return true;
	}
	return false;
}

static bool state_matches(xmlDoc *cib, const char *uname, bool member)
{
	xmlNode *ns = cib_status_node(cib, uname);
	const char *ccm = cib_xml_get(ns, "in_ccm");

	return ccm && !strcmp(ccm, member ? "true" : "false");
}

long pd_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* The next timed run of the coordinator no later than ms from now. */
static void recheck_within(struct pacerd *pd, long ms)
{
	long t = pd_mono_ms() + ms;

	if (t < pd->next_recheck_ms) {
		pd->next_recheck_ms = t;
		pd->recheck_is_interval = false;
	}
}

static long parse_ms(const char *s, long dflt)
{
	char *end;
	double v;

	if (!s || !*s)
		return dflt;
	v = strtod(s, &end);
	if (end == s || v < 0)
		return dflt;
	if (!strcmp(end, "ms") || !strcmp(end, "msec"))
		return (long)v;
	if (!strcmp(end, "m") || !strcmp(end, "min"))
		return (long)(v * 60000);
	if (!strcmp(end, "h") || !strcmp(end, "hr"))
		return (long)(v * 3600000);
	return (long)(v * 1000);
}

static const char *meta_of(xmlNode *el, const char *name)
{
	for (xmlNode *m = el ? el->children : NULL; m; m = m->next) {
		if (!cib_is_el(m, "meta_attributes"))
			continue;
		for (xmlNode *p = m->children; p; p = p->next) {
			const char *n = cib_xml_get(p, "name");

			if (cib_is_el(p, "nvpair") && n && !strcmp(n, name))
				return cib_xml_get(p, "value");
		}
	}
	return NULL;
}

/* failure-timeout of a primitive (its own, a parent's, or the default);
 * 0: failures never expire. */
static long failure_timeout_ms(struct pacerd *pd, const char *rsc)
{
	xmlNode *el = cib_doc_find_id(pd->cib, rsc);
	const char *v = NULL;

	for (; el && el->type == XML_ELEMENT_NODE && !v; el = el->parent)
		v = meta_of(el, "failure-timeout");
	if (!v)
		v = meta_of(cib_doc_section(pd->cib, "rsc_defaults"),
			    "failure-timeout");
	return parse_ms(v, 0);
}

/*
 * failure-timeout: a fail count whose last failure is older than the
 * resource's failure-timeout is cleared (fail-count-*, last-failure-* and
 * the RSC_last_failure_0 record of that node), as `pacer resource cleanup`
 * would.  Returns true when a cleanup went out; otherwise asks for a timed
 * run when the earliest remaining failure expires.
 */
static bool expire_failures(struct pacerd *pd)
{
	xmlNode *st = cib_doc_section(pd->cib, "status");
	xmlDoc *txn = NULL;
	long now = (long)time(NULL);
	char path[700], *buf;
	size_t len;

	for (xmlNode *ns = st ? st->children : NULL; ns; ns = ns->next) {
		const char *uname = cib_xml_get(ns, "uname");
		xmlNode *ta = cib_child(ns, "transient_attributes");

		if (!cib_is_el(ns, "node_state") || !uname || !ta)
			continue;
		for (xmlNode *ia = ta->children; ia; ia = ia->next)
			for (xmlNode *p = ia->children; p; p = p->next) {
				const char *n = cib_xml_get(p, "name");
				char rsc[256], *hash;
				long ft, last;

				if (!n || strncmp(n, "last-failure-", 13))
					continue;
				snprintf(rsc, sizeof(rsc), "%s", n + 13);
				hash = strchr(rsc, '#');
				if (hash)
					*hash = 0;
				ft = failure_timeout_ms(pd, rsc);
				last = atol(cib_xml_get(p, "value") ?: "0");
				if (ft <= 0)
					continue;
				if ((now - last) * 1000 < ft) {
					recheck_within(pd, ft - (now - last) *
							       1000 + 500);
					continue;
				}
				if (!txn)
					txn = cib_txn_new();
				pd_info("DC: failure of %s on %s expired "
					"(failure-timeout %ld s); clearing its "
					"fail count", rsc, uname, ft / 1000);
				snprintf(path, sizeof(path),
					 "/cib/status/node_state[@uname='%s']/"
					 "transient_attributes//nvpair[@name="
					 "'fail-count-%s' or @name='%s']",
					 uname, n + 13, n);
				cib_txn_add(txn, CIB_OP_DELETE, path, NULL,
					    NULL, CIB_OPF_MISSING_OK);
				snprintf(path, sizeof(path),
					 "/cib/status/node_state[@uname='%s']//"
					 "lrm_rsc_op[@id='%s_last_failure_0']",
					 uname, rsc);
				cib_txn_add(txn, CIB_OP_DELETE, path, NULL,
					    NULL, CIB_OPF_MISSING_OK);
			}
	}
	if (!txn)
		return false;
	if (cib_doc_dump(txn, &buf, &len) == 0) {
		pd_send(pd, PD_MSG_TXN, 0, buf, len);
		free(buf);
	}
	xmlFreeDoc(txn);
	return true;
}

/* The DC keeps <nodes> and each node_state's membership up to date. */
void pd_dc_update(struct pacerd *pd)
{
	xmlDoc *txn, *wipe;
	xmlNode *nodes, *status;
	char id[16], *buf;
	size_t len;
	bool need_nodes = false, need_status = false;

	if (pd->dc != pd->my_id || pd->syncing)
		return;
	nodes = cib_xml_el(NULL, "nodes", NULL);
	status = cib_xml_el(NULL, "status", NULL);
	wipe = cib_txn_new();
	for (int i = 0; i < pd->nnodes; i++) {
		bool member = is_member(pd, pd->nodes[i].id);
		xmlNode *n;

		snprintf(id, sizeof(id), "%u", pd->nodes[i].id);
		if (!node_configured(pd->cib, id)) {
			n = cib_xml_el(nodes, "node", id);
			cib_xml_set(n, "uname", pd->nodes[i].name);
			need_nodes = true;
		}
		if (!state_matches(pd->cib, pd->nodes[i].name, member)) {
			xmlNode *cur = cib_status_node(pd->cib,
						       pd->nodes[i].name);
			const char *was = cib_xml_get(cur, "expected");

			n = cib_xml_el(status, "node_state", id);
			cib_xml_set(n, "uname", pd->nodes[i].name);
			cib_xml_set(n, "in_ccm", member ? "true" : "false");
			cib_xml_set(n, "crmd", member ? "online" : "offline");
			cib_xml_set(n, "join", member ? "member" : "down");
			/* a member that vanished stays expected: unclean
			 * until fenced (when stonith is enabled) */
			cib_xml_set(n, "expected", member ? "member" :
				    (was && !strcmp(was, "member")) ?
				    "member" : "down");
			if (member && cur) {
				/* a returning node starts with no history */
				char p[128];

				snprintf(p, sizeof(p),
					 "/cib/status/node_state[@id='%s']/lrm",
					 id);
				cib_txn_add(wipe, CIB_OP_DELETE, p, NULL, NULL,
					    CIB_OPF_MISSING_OK);
			}
			need_status = true;
		}
	}
	/* the next timed run: cluster-recheck-interval (default 15 min;
	 * 0 disables it), earlier when something below asks for it */
	{
		char b[64];
		long iv = parse_ms(cib_doc_property(pd->cib,
						    "cluster-recheck-interval",
						    b, sizeof(b)), 900000);

		pd->next_recheck_ms = pd_mono_ms() +
				      (iv > 0 ? iv : 86400000L);
		pd->recheck_is_interval = true;
	}
	if (need_nodes || need_status) {
		recheck_within(pd, 1000);	/* unless the change comes */
		txn = wipe;
		wipe = NULL;
		if (need_nodes)
			cib_txn_add(txn, CIB_OP_MERGE,
				    "/cib/configuration/nodes", nodes, NULL, 0);
		if (need_status)
			cib_txn_add(txn, CIB_OP_MERGE, "/cib/status", status,
				    NULL, 0);
		if (cib_doc_dump(txn, &buf, &len) == 0) {
			pd_send(pd, PD_MSG_TXN, 0, buf, len);
			free(buf);
		}
		xmlFreeDoc(txn);
	}
	xmlFreeDoc(wipe);
	xmlFreeNode(nodes);
	xmlFreeNode(status);
	if (!need_nodes && !need_status && !expire_failures(pd))
		pd_dc_schedule(pd);
	else
		recheck_within(pd, 1000);
}

static long mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* After fencing: the node is down and runs nothing. */
static void mark_fenced(struct pacerd *pd, const char *uname)
{
	xmlDoc *txn = cib_txn_new();
	xmlNode *st = cib_xml_el(NULL, "status", NULL), *n;
	char p[256], *buf;
	size_t len;

	for (int i = 0; i < pd->nnodes; i++) {
		if (strcmp(pd->nodes[i].name, uname))
			continue;
		snprintf(p, sizeof(p), "%u", pd->nodes[i].id);
		n = cib_xml_el(st, "node_state", p);
		cib_xml_set(n, "uname", uname);
		cib_xml_set(n, "expected", "down");
		cib_xml_set(n, "join", "down");
		snprintf(p, sizeof(p), "/cib/status/node_state[@uname='%s']/lrm",
			 uname);
		cib_txn_add(txn, CIB_OP_DELETE, p, NULL, NULL,
			    CIB_OPF_MISSING_OK);
		cib_txn_add(txn, CIB_OP_MERGE, "/cib/status", st, NULL, 0);
	}
	xmlFreeNode(st);
	cib_doc_dump(txn, &buf, &len);
	pd_send(pd, PD_MSG_RESULT, 0, buf, len);
	pd->inflight++;
	free(buf);
	xmlFreeDoc(txn);
}

/* One exec message: run op of instance on node (env: notify variables). */
static void send_exec(struct pacerd *pd, const struct pd_action *a,
		      const char *op, xmlNode *env)
{
	xmlDoc *d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *e = cib_xml_el(NULL, "exec", NULL);
	char *buf;
	size_t len;

	xmlDocSetRootElement(d, e);
	cib_xml_set(e, "node", a->node);
	cib_xml_set(e, "rsc", a->rsc);
	cib_xml_set(e, "instance", a->instance);
	cib_xml_set(e, "op", op);
	for (xmlNode *c = env ? env->children : NULL; c; c = c->next)
		xmlAddChild(e, xmlDocCopyNode(c, d, 1));
	cib_doc_dump(d, &buf, &len);
	pd_send(pd, PD_MSG_EXEC, 0, buf, len);
	free(buf);
	xmlFreeDoc(d);
	pd->inflight++;
}

static void env_add(xmlNode *env, const char *name, const char *value)
{
	xmlNode *v = cib_xml_el(env, "env", NULL);

	cib_xml_set(v, "name", name);
	cib_xml_set(v, "value", value);
}

/* "NAME_resource" / "NAME_uname": space-separated lists of the entries of
 * v[0..n) whose op is want (any when NULL) and whose clone is clone. */
static void env_lists(xmlNode *env, const char *name,
		      const struct pd_action *v, int n, const char *want,
		      const char *clone)
{
	char rl[2048] = "", ul[2048] = "", var[64];

	for (int i = 0; i < n; i++) {
		if (want && strcmp(v[i].op, want))
			continue;
		if (clone && strcmp(v[i].clone, clone))
			continue;
		snprintf(rl + strlen(rl), sizeof(rl) - strlen(rl), "%s%s",
			 rl[0] ? " " : "", v[i].instance);
		snprintf(ul + strlen(ul), sizeof(ul) - strlen(ul), "%s%s",
			 ul[0] ? " " : "", v[i].node);
	}
	snprintf(var, sizeof(var), "notify_%s_resource", name);
	env_add(env, var, rl);
	snprintf(var, sizeof(var), "notify_%s_uname", name);
	env_add(env, var, ul);
}

/*
 * Notifications for clones with notify=true: around a wave with actions
 * on such a clone, every active instance gets a "notify" call before
 * (pre, instances active now) and after (post, instances active then),
 * with OCF_RESKEY_CRM_meta_notify_{type,operation} and the
 * notify_{start,stop,promote,demote,active,promoted,master,unpromoted,
 * slave}_{resource,uname} lists.  The wave's actions are held while the
 * pre notifications run.  Returns the number sent.
 */
static int send_notifies(struct pacerd *pd, const char *type)
{
	static const char *const ops[] = { "stop", "demote", "start",
					   "promote" };
	int sent = 0;

	for (int i = 0; i < pd->nnacts; i++) {
		const char *clone = pd->nacts[i].clone;
		const char *operation = NULL;
		struct pd_action *act = NULL;
		int nact = 0;
		bool seen = false;
		xmlNode *env;

		if (!clone[0])
			continue;
		for (int k = 0; k < i; k++)
			seen |= !strcmp(pd->nacts[k].clone, clone);
		if (seen)
			continue;
		for (size_t o = 0; o < 4 && !operation; o++)
			for (int k = 0; k < pd->nnacts; k++)
				if (!strcmp(pd->nacts[k].clone, clone) &&
				    !strcmp(pd->nacts[k].op, ops[o]))
					operation = ops[o];
		if (pacerd_clone_active(pd->cib, clone, &act, &nact))
			continue;
		env = cib_xml_el(NULL, "envs", NULL);
		env_add(env, "notify_type", type);
		env_add(env, "notify_operation", operation ?: "start");
		for (size_t o = 0; o < 4; o++)
			env_lists(env, ops[o], pd->nacts, pd->nnacts, ops[o],
				  clone);
		env_lists(env, "active", act, nact, NULL, NULL);
		env_lists(env, "promoted", act, nact, "Promoted", NULL);
		env_lists(env, "master", act, nact, "Promoted", NULL);
		env_lists(env, "unpromoted", act, nact, "Started", NULL);
		env_lists(env, "slave", act, nact, "Started", NULL);
		for (int k = 0; k < nact; k++) {
			pd_info("DC: notify %s on %s (%s-%s)", act[k].instance,
				act[k].node, type, operation ?: "start");
			send_exec(pd, &act[k], "notify", env);
			sent++;
		}
		xmlFreeNode(env);
		free(act);
	}
	return sent;
}

static void send_actions(struct pacerd *pd, const struct pd_action *v, int n)
{
	for (int i = 0; i < n; i++) {
		pd_info("DC: %s %s on %s%s%s", v[i].op, v[i].instance,
			v[i].node, v[i].reason[0] ? " - " : "", v[i].reason);
		send_exec(pd, &v[i], v[i].op, NULL);
	}
}

/*
 * An operation begun on a member and not finished: its pending record
 * (op-status -1) still stands and is younger than the operation's timeout
 * plus a margin (the executor kills an agent at its timeout and records
 * the result, so an older one is stale).  The coordinator plans nothing
 * while one runs: normally it waits for its own actions' results anyway,
 * but not past inflight_deadline, and one that took over waits for none.
 */
static const char *op_under_way(struct pacerd *pd, char *what, size_t len)
{
	time_t now = time(NULL);

	for (int i = 0; i < pd->nnodes; i++) {
		xmlNode *ns, *rs;

		if (!is_member(pd, pd->nodes[i].id))
			continue;
		ns = cib_status_node(pd->cib, pd->nodes[i].name);
		rs = cib_child(cib_child(ns, "lrm"), "lrm_resources");
		for (xmlNode *r = rs ? rs->children : NULL; r; r = r->next)
			for (xmlNode *o = r->children; o; o = o->next) {
				const char *id = cib_xml_get(r, "id") ?: "";
				const char *op = cib_xml_get(o, "operation");
				const char *st = cib_xml_get(o, "op-status");
				long t0 = atol(cib_xml_get(o, "last-rc-change") ?:
					       "0");

				if (!cib_is_el(o, "lrm_rsc_op") || !op || !st ||
				    strcmp(st, "-1"))
					continue;
				if (now - t0 > pd_exec_timeout_ms(pd, id, op) /
						       1000 + 30)
					continue;
				snprintf(what, len, "%s of %s on %s", op, id,
					 pd->nodes[i].name);
				return what;
			}
	}
	return NULL;
}

/*
 * Fence @a->node (the plan's first action): true when it was fenced.  A
 * failure backs off 5 s; nothing is recovered from the node meanwhile,
 * because the plan puts its fencing first again.
 */
static bool dc_fence(struct pacerd *pd, const struct pd_action *a)
{
	static long retry_at;
	char msg[512];

	if (mono_s() < retry_at) {	/* back off */
		recheck_within(pd, (retry_at - mono_s()) * 1000);
		return false;
	}
	pd_info("DC: fencing %s before recovery (%s)", a->node, a->reason);
	if (pd_fence(pd, a->node, "reboot", msg, sizeof(msg))) {
		pd_err("DC: fencing %s failed: %s; nothing is recovered from it (retry in 5 s)",
		       a->node, msg);
		retry_at = mono_s() + 5;
		recheck_within(pd, 5000);
		return false;
	}
	retry_at = 0;
	mark_fenced(pd, a->node);
	return true;
}

/*
 * While an operation runs the coordinator plans nothing else, except the
 * fencing of a lost node: that depends on no operation, and recovery
 * after the wait should not have to wait for it too.  The scheduler runs
 * for it (every second of the wait) only while a node is missing.
 */
static void fence_meanwhile(struct pacerd *pd)
{
	struct pd_action *acts = NULL;
	int n = 0, total = 0;

	if (pd->nmembers >= pd->nnodes)	/* every node is here: none to fence */
		return;
	if (pacerd_schedule(pd->cib, &acts, &n, &total))
		return;
	if (n && !strcmp(acts[0].op, "fence"))
		dc_fence(pd, &acts[0]);
	free(acts);
}

/* Run the scheduler and hand out the actions that can run now. */
void pd_dc_schedule(struct pacerd *pd)
{
	static char waited[300];
	char what[300];
	struct pd_action *acts = NULL;
	int n = 0, total = 0;
	bool notify = false;

	if (pd->dc != pd->my_id)
		return;
	if (pd->syncing || pd->outq) {
		recheck_within(pd, 100);
		return;
	}
	if (pd->inflight > 0 && mono_s() < pd->inflight_deadline) {
		recheck_within(pd, 1000);	/* results normally come first */
		return;
	}
	if (op_under_way(pd, what, sizeof(what))) {
		if (strcmp(what, waited))
			pd_info("waiting for the %s to finish", what);
		snprintf(waited, sizeof(waited), "%s", what);
		fence_meanwhile(pd);
		recheck_within(pd, 1000);
		return;
	}
	waited[0] = 0;
	pd->inflight = 0;
	if (pd->notify_phase == 1) {	/* pre notifications done */
		send_actions(pd, pd->nacts, pd->nnacts);
		pd->notify_phase = 2;
		goto out;
	}
	if (pd->notify_phase == 2) {	/* the wave is done */
		pd->notify_phase = 3;
		if (send_notifies(pd, "post"))
			goto out;
	}
	pd->notify_phase = 0;
	free(pd->nacts);
	pd->nacts = NULL;
	pd->nnacts = 0;
	if (pacerd_schedule(pd->cib, &acts, &n, &total))
		return;
	if (total > n)
		recheck_within(pd, 1000);
	for (int i = 0; i < n; i++) {
		struct pd_action *a = &acts[i];

		if (!strcmp(a->op, "fence")) {
			dc_fence(pd, a);
			break;
		}
		if (a->clone[0] && strcmp(a->reason, "probe"))
			notify = true;
	}
	if (n && strcmp(acts[0].op, "fence")) {
		if (notify) {	/* hold the wave for the pre notifications */
			pd->nacts = acts;
			pd->nnacts = n;
			acts = NULL;
			pd->notify_phase = 2;
			if (send_notifies(pd, "pre"))
				pd->notify_phase = 1;
			else
				send_actions(pd, pd->nacts, pd->nnacts);
		} else {
			send_actions(pd, acts, n);
		}
	}
	free(acts);
out:
	if (pd->inflight)
		pd->inflight_deadline = mono_s() + 120;
}
