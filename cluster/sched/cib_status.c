// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib_status.c - read the CIB status section: which nodes are up, their
 * transient attributes, and each resource's operation history, from which
 * follow where it runs, in which role, and whether it failed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "sched_model.h"

/* OCF exit codes and executor operation statuses used here. */
enum { RC_OK = 0, RC_NOT_RUNNING = 7, RC_PROMOTED = 8,
       RC_FAILED_PROMOTED = 9 };
enum { OPS_PENDING = -1, OPS_DONE = 0, OPS_CANCELLED = 1 };

struct op_rec {
	const char *task;
	int interval;
	int rc;
	int status;
	int expected;
	int call_id;
};

static bool is_el(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static char *xattr_dup(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? sched_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static int xattr_int(xmlNode *n, const char *name, int dflt)
{
	char *s = xattr_dup(n, name);
	int v = s ? atoi(s) : dflt;

	free(s);
	return v;
}

static bool xattr_true(xmlNode *n, const char *name)
{
	char *s = xattr_dup(n, name);
	bool t = s && (sched_is_true(s) || !strcasecmp(s, "online") ||
		       atoi(s) > 0);

	free(s);
	return t;
}

static void read_transient(struct sched_node *node, xmlNode *ns)
{
	for (xmlNode *t = ns->children; t; t = t->next) {
		if (!is_el(t, "transient_attributes"))
			continue;
		for (xmlNode *s = t->children; s; s = s->next) {
			if (!is_el(s, "instance_attributes"))
				continue;
			for (xmlNode *p = s->children; p; p = p->next) {
				char *n, *v;

				if (!is_el(p, "nvpair"))
					continue;
				n = xattr_dup(p, "name");
				v = xattr_dup(p, "value");
				if (n && v)
					sched_attr_set(&node->attrs, n, v);
				free(n);
				free(v);
			}
		}
	}
}

static void node_state(struct sched_cluster *cl, struct sched_node *node,
		       xmlNode *ns)
{
	char *join = xattr_dup(ns, "join");
	char *expected = xattr_dup(ns, "expected");
	bool in_ccm = xattr_true(ns, "in_ccm");
	bool crmd = xattr_true(ns, "crmd");
	bool member = join && !strcmp(join, "member");
	const char *v;

	node->seen = true;
	read_transient(node, ns);
	if (in_ccm && crmd && member) {
		node->online = true;
	} else if (cl->stonith_enabled && expected &&
		   !strcmp(expected, "member") && !in_ccm) {
		node->unclean = true;
		node->unclean_reason = "peer is no longer part of the cluster";
	}
	v = sched_attr_get(&node->attrs, "shutdown");
	if (v && strcmp(v, "0"))
		node->shutdown = node->online;
	free(join);
	free(expected);
}

static void node_flags(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nnodes; i++) {
		struct sched_node *n = cl->nodes[i];

		n->standby = sched_is_true(sched_attr_get(&n->attrs, "standby"));
		n->maintenance =
			sched_is_true(sched_attr_get(&n->attrs, "maintenance"));
		if (!n->seen && cl->stonith_enabled) {
			n->unclean = true;
			n->unclean_reason = "node is unclean";
		}
	}
}

static int cmp_ops(const void *a, const void *b)
{
	const struct op_rec *x = a, *y = b;

	if (x->call_id == y->call_id)
		return 0;
	if (x->call_id < 0)
		return 1;
	if (y->call_id < 0)
		return -1;
	return x->call_id < y->call_id ? -1 : 1;
}

/* Target rc from transition-key "action:transition:target_rc:uuid". */
static int expected_rc(xmlNode *op)
{
	char *key = xattr_dup(op, "transition-key");
	int rc = 0;
	char *p;

	if (key && (p = strchr(key, ':')) && (p = strchr(p + 1, ':')))
		rc = atoi(p + 1);
	free(key);
	return rc;
}

/* The member of instance c that history entries for base belong to. */
static struct sched_rsc *member_of(struct sched_rsc *c, const char *base)
{
	struct sched_rsc *r = c;

	while (r && r->kind != KIND_PRIMITIVE) {
		struct sched_rsc *m = NULL;

		for (int j = 0; j < r->nchildren; j++)
			if (!strcmp(r->children[j]->base_id, base))
				m = r->children[j];
		r = m;
	}
	return r;
}

/*
 * Instance of an anonymous clone that a history entry on node belongs to:
 * the instance already active there (unless this member already runs
 * there: then the entry is an orphan), else the first inactive instance,
 * else a new orphan instance.
 */
static struct sched_rsc *anon_instance(struct sched_cluster *cl,
				       struct sched_rsc *clone,
				       const char *base, struct sched_node *node)
{
	struct sched_rsc *inactive = NULL, *found = NULL, *inst;
	bool skip_inactive = false;

	for (int i = 0; i < clone->nchildren; i++) {
		struct sched_rsc *c = clone->children[i];

		if (sched_rsc_is_active(c)) {
			struct sched_rsc *m;

			if (!sched_rsc_running_on(c, node))
				continue;
			m = member_of(c, base);
			if (m && m->nrunning) {
				skip_inactive = true;
				found = NULL;
			} else if (m) {
				found = m;
			}
		} else if (!inactive) {
			inactive = member_of(c, base);
		}
	}
	if (!found && !skip_inactive)
		found = inactive;
	if (found)
		return found;
	inst = cib_copy_instance(cl, clone->tmpl, clone->nchildren);
	inst->orphan = true;
	cib_add_child(clone, inst);
	cib_resolve_meta(cl, inst);
	cib_collect_prims(cl, inst);
	return member_of(inst, base);
}

static struct sched_rsc *find_clone_of(struct sched_cluster *cl,
				       const char *base)
{
	for (int i = 0; i < cl->nprims; i++) {
		struct sched_rsc *p = cl->prims[i];

		if (p->instance < 0 || strcmp(p->base_id, base))
			continue;
		while (p && p->kind != KIND_CLONE)
			p = p->parent;
		return p;
	}
	return NULL;
}

static struct sched_rsc *orphan_primitive(struct sched_cluster *cl,
					  const char *id, xmlNode *lr)
{
	char *cls = xattr_dup(lr, "class");
	char *prov = xattr_dup(lr, "provider");
	char *type = xattr_dup(lr, "type");
	struct sched_rsc *r = cib_new_orphan(cl, id, cls, prov, type);

	free(cls);
	free(prov);
	free(type);
	return r;
}

/* Map an lrm_resource id on a node to a primitive of the model. */
static struct sched_rsc *history_rsc(struct sched_cluster *cl, const char *id,
				     struct sched_node *node, xmlNode *lr)
{
	char base[512];
	const char *colon = strrchr(id, ':');
	struct sched_rsc *r = sched_find_rsc(cl, id), *clone;
	int num = colon ? atoi(colon + 1) : -1;

	snprintf(base, sizeof(base), "%.*s",
		 colon ? (int)(colon - id) : (int)strlen(id), id);
	if (r && r->kind == KIND_PRIMITIVE && r->instance < 0)
		return r;
	clone = find_clone_of(cl, base);
	if (!clone)
		return orphan_primitive(cl, id, lr);
	if (clone->unique) {
		if (r && r->kind == KIND_PRIMITIVE)
			return r;
		r = cib_copy_instance(cl, clone->tmpl, num < 0 ? 0 : num);
		r->orphan = true;
		cib_add_child(clone, r);
		cib_resolve_meta(cl, r);
		cib_collect_prims(cl, r);
		while (r->kind != KIND_PRIMITIVE)
			r = r->children[0];
		return r;
	}
	return anon_instance(cl, clone, base, node);
}

static int read_ops(xmlNode *lr, struct op_rec **ret)
{
	struct op_rec *ops = NULL;
	int n = 0;

	for (xmlNode *o = lr->children; o; o = o->next) {
		struct op_rec *op;
		char *task;

		if (!is_el(o, "lrm_rsc_op"))
			continue;
		task = xattr_dup(o, "operation");
		if (!task)
			continue;
		ops = sched_xrealloc(ops, (n + 1) * sizeof(*ops));
		op = &ops[n++];
		op->task = task;
		op->interval = xattr_int(o, "interval", 0);
		op->rc = xattr_int(o, "rc-code", 0);
		op->status = xattr_int(o, "op-status", 0);
		op->call_id = xattr_int(o, "call-id", 0);
		op->expected = expected_rc(o);
	}
	if (n > 1)
		qsort(ops, n, sizeof(*ops), cmp_ops);
	*ret = ops;
	return n;
}

struct rsc_state {
	enum sched_role role;
	bool failed;
	bool stop_failed;
	bool hard_ban;
	bool start_failed;
	bool pending;
};

static void op_success(struct rsc_state *st, const struct op_rec *op)
{
	const char *t = op->task;

	if (!strcmp(t, "start")) {
		st->role = ROLE_STARTED;
		st->failed = false;
	} else if (!strcmp(t, "stop")) {
		st->role = ROLE_STOPPED;
		st->failed = false;
	} else if (!strcmp(t, "promote")) {
		st->role = ROLE_PROMOTED;
		st->failed = false;
	} else if (!strcmp(t, "demote")) {
		st->role = ROLE_UNPROMOTED;
	} else if (!strcmp(t, "monitor")) {
		if (op->rc == RC_NOT_RUNNING) {
			st->role = ROLE_STOPPED;
			if (op->interval == 0)
				st->failed = false;
		} else if (op->rc == RC_PROMOTED) {
			st->role = ROLE_PROMOTED;
		} else if (st->role <= ROLE_STOPPED) {
			st->role = ROLE_STARTED;
		}
	}
}

static void op_failure(struct rsc_state *st, const struct op_rec *op,
		       struct sched_cluster *cl)
{
	const char *t = op->task;

	if (op->rc == 2 || op->rc == 4 || op->rc == 5 || op->rc == 6)
		st->hard_ban = true;
	if (!strcmp(t, "monitor") && op->interval == 0 && op->rc == 5) {
		st->role = ROLE_STOPPED;	/* not installed: not running */
		return;
	}
	st->failed = true;
	if (!strcmp(t, "stop")) {
		st->stop_failed = true;
		st->role = ROLE_STARTED;
	} else if (!strcmp(t, "start")) {
		if (cl->start_failure_fatal)
			st->start_failed = true;
		st->role = ROLE_STARTED;
	} else if (!strcmp(t, "promote") || !strcmp(t, "demote") ||
		   op->rc == RC_FAILED_PROMOTED) {
		st->role = ROLE_PROMOTED;
	} else if (!strcmp(t, "monitor") && op->rc == RC_NOT_RUNNING) {
		if (st->role <= ROLE_STOPPED)
			st->role = ROLE_STARTED;
	} else if (st->role <= ROLE_STOPPED) {
		st->role = ROLE_STARTED;
	}
}

static void apply_state(struct sched_cluster *cl, struct sched_rsc *r,
			struct sched_node *node, const struct rsc_state *st)
{
	r->known_on[node->idx] = true;
	if (st->hard_ban)
		r->failcount[node->idx] = SCHED_INF;
	if (st->role <= ROLE_STOPPED)
		return;
	sched_rsc_add_running(r, node);
	if (st->role > r->role)
		r->role = st->role;
	if (st->failed)
		r->failed = true;
	if (st->stop_failed)
		r->stop_failed = true;
	(void)cl;
}

static void unpack_lrm_rsc(struct sched_cluster *cl, struct sched_node *node,
			   xmlNode *lr)
{
	struct rsc_state st = { .role = ROLE_STOPPED };
	struct op_rec *ops;
	struct sched_rsc *r;
	char *id = xattr_dup(lr, "id");
	int n;

	if (!id)
		return;
	r = history_rsc(cl, id, node, lr);
	free(id);
	if (!r)
		return;
	n = read_ops(lr, &ops);
	for (int i = 0; i < n; i++) {
		const struct op_rec *op = &ops[i];

		if (op->status == OPS_CANCELLED)
			continue;
		if (op->status == OPS_PENDING) {
			/* still running: a start may have done its work, a
			 * stop or demote not yet; a promote may have */
			if (!strcmp(op->task, "promote") ||
			    !strcmp(op->task, "demote"))
				st.role = ROLE_PROMOTED;
			else if ((!strcmp(op->task, "start") ||
				  !strcmp(op->task, "stop")) &&
				 st.role < ROLE_STARTED)
				st.role = ROLE_STARTED;
			st.pending = true;
			continue;
		}
		if (op->status == OPS_DONE && op->rc == op->expected)
			op_success(&st, op);
		else if (op->status == OPS_DONE && op->rc == RC_NOT_RUNNING &&
			 !strcmp(op->task, "monitor") && op->interval == 0)
			op_success(&st, op);
		else if (op->status == OPS_DONE && op->interval == 0 &&
			 !strcmp(op->task, "monitor") &&
			 (op->rc == RC_OK || op->rc == RC_PROMOTED))
			op_success(&st, op);
		else
			op_failure(&st, op, cl);
	}
	for (int i = 0; i < n; i++)
		free((char *)ops[i].task);
	free(ops);
	apply_state(cl, r, node, &st);
}

/*
 * Does attribute name count failures of r?  A CIB written by a current
 * controller (feature set 3.0.13 or later) counts per operation,
 * "fail-count-RSC#OP_INTERVAL"; older ones per resource, "fail-count-RSC".
 * Anonymous clone instances share their member's count.
 */
static bool failcount_of(struct sched_cluster *cl, const char *name,
			 const struct sched_rsc *r)
{
	const char *id = r->id;
	size_t n;

	if (strncmp(name, "fail-count-", 11))
		return false;
	name += 11;
	if (r->instance >= 0 && r->parent) {
		const struct sched_rsc *k = r->parent;

		while (k && k->kind != KIND_CLONE)
			k = k->parent;
		if (k && !k->unique)
			id = r->base_id;
	}
	n = strlen(id);
	if (strncmp(name, id, n))
		return false;
	name += n;
	if (*name == ':' && id == r->base_id) {
		name++;
		while (*name >= '0' && *name <= '9')
			name++;
	}
	if (!cl->per_op_failcounts)
		return *name == 0;
	return *name == '#' && strchr(name, '_') &&
	       name[strlen(name) - 1] >= '0' && name[strlen(name) - 1] <= '9';
}

/* Failcounts from the nodes' transient attributes. */
static void read_failcounts(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nnodes; i++) {
		struct sched_node *node = cl->nodes[i];

		for (int j = 0; j < node->attrs.n; j++) {
			int v;

			if (strncmp(node->attrs.v[j].name, "fail-count-", 11) ||
			    sched_parse_score(node->attrs.v[j].value, &v))
				continue;
			for (int k = 0; k < cl->nprims; k++) {
				struct sched_rsc *r = cl->prims[k];

				if (!failcount_of(cl, node->attrs.v[j].name, r))
					continue;
				r->failcount[node->idx] = sched_add_scores(
					r->failcount[node->idx], v);
			}
		}
	}
}

int sched_unpack_status(struct sched_cluster *cl, void *xml_status)
{
	xmlNode *status = xml_status;

	for (xmlNode *ns = status ? status->children : NULL; ns; ns = ns->next) {
		struct sched_node *node;
		char *uname;

		if (!is_el(ns, "node_state"))
			continue;
		uname = xattr_dup(ns, "uname");
		if (!uname)
			uname = xattr_dup(ns, "id");
		node = uname ? sched_find_node(cl, uname) : NULL;
		free(uname);
		if (node)
			node_state(cl, node, ns);
	}
	node_flags(cl);
	for (int i = 0; i < cl->nprims; i++)
		if (cl->prims[i]->rclass &&
		    !strcmp(cl->prims[i]->rclass, "stonith"))
			cl->have_fencing = cl->stonith_enabled;
	for (xmlNode *ns = status ? status->children : NULL; ns; ns = ns->next) {
		struct sched_node *node;
		xmlNode *lrm = NULL, *lrs = NULL;
		char *uname;

		if (!is_el(ns, "node_state"))
			continue;
		uname = xattr_dup(ns, "uname");
		if (!uname)
			uname = xattr_dup(ns, "id");
		node = uname ? sched_find_node(cl, uname) : NULL;
		free(uname);
		if (!node || (!node->online && !node->unclean))
			continue;
		for (xmlNode *c = ns->children; c; c = c->next)
			if (is_el(c, "lrm"))
				lrm = c;
		for (xmlNode *c = lrm ? lrm->children : NULL; c; c = c->next)
			if (is_el(c, "lrm_resources"))
				lrs = c;
		for (xmlNode *c = lrs ? lrs->children : NULL; c; c = c->next)
			if (is_el(c, "lrm_resource"))
				unpack_lrm_rsc(cl, node, c);
	}
	read_failcounts(cl);
	return 0;
}
