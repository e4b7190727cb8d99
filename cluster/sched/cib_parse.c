// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib_parse.c - read a CIB (Pacemaker's XML schema, a subset) into the
 * scheduler model: properties, nodes, resources with their meta
 * attributes, and constraints.  The status section is read by
 * cib_status.c.  Every error names the element, its line and the problem.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sched_model.h"
#include "cib_inject.h"
#include "cib_rule.h"

static char cib_err[512];

const char *cib_last_error(void)
{
	return cib_err;
}

static int cib_fail(xmlNode *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n)
		snprintf(cib_err, sizeof(cib_err), "line %ld: <%s>: %s",
			 xmlGetLineNo(n), (const char *)n->name, msg);
	else
		snprintf(cib_err, sizeof(cib_err), "%s", msg);
	return -EINVAL;
}

static bool is_el(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

/* Attribute value as a C string owned by a static slot ring. */
static const char *xattr(xmlNode *n, const char *name)
{
	static char *ring[16];
	static int pos;
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	if (!v)
		return NULL;
	pos = (pos + 1) % 16;
	free(ring[pos]);
	ring[pos] = sched_xstrdup((const char *)v);
	xmlFree(v);
	return ring[pos];
}

static xmlNode *child_el(xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* Read the nvpairs of every <SETNAME> child of n into attrs. */
static int read_sets(xmlNode *n, const char *setname, struct sched_attrs *a)
{
	for (xmlNode *s = n->children; s; s = s->next) {
		if (!is_el(s, setname))
			continue;
		for (xmlNode *p = s->children; p; p = p->next) {
			const char *name, *value;

			if (!is_el(p, "nvpair"))
				continue;
			name = xattr(p, "name");
			value = xattr(p, "value");
			if (!name)
				return cib_fail(p, "missing attribute 'name'");
			if (!value)
				continue;
			if (!sched_attr_get(a, name))
				sched_attr_set(a, name, value);
		}
	}
	return 0;
}

static int parse_properties(struct sched_cluster *cl, xmlNode *cfg)
{
	struct sched_attrs props = { 0 };
	xmlNode *crm = child_el(cfg, "crm_config");
	const char *v;
	int rc = 0;

	if (crm)
		rc = read_sets(crm, "cluster_property_set", &props);
	if (rc)
		goto out;
	cl->stonith_enabled = true;
	cl->symmetric = true;
	cl->start_failure_fatal = true;
	cl->no_quorum_policy = NQP_STOP;
	if ((v = sched_attr_get(&props, "stonith-enabled")))
		cl->stonith_enabled = sched_is_true(v);
	if ((v = sched_attr_get(&props, "symmetric-cluster")))
		cl->symmetric = sched_is_true(v);
	if ((v = sched_attr_get(&props, "start-failure-is-fatal")))
		cl->start_failure_fatal = sched_is_true(v);
	if ((v = sched_attr_get(&props, "no-quorum-policy"))) {
		if (!strcmp(v, "ignore"))
			cl->no_quorum_policy = NQP_IGNORE;
		else if (!strcmp(v, "freeze"))
			cl->no_quorum_policy = NQP_FREEZE;
		else if (!strcmp(v, "suicide"))
			cl->no_quorum_policy = NQP_SUICIDE;
	}
	if ((v = sched_attr_get(&props, "default-resource-stickiness")))
		sched_attr_set(&cl->rsc_defaults, "resource-stickiness", v);
out:
	sched_attrs_free(&props);
	return rc;
}

static int parse_nodes(struct sched_cluster *cl, xmlNode *cfg)
{
	xmlNode *nodes = child_el(cfg, "nodes");

	if (!nodes)
		return cib_fail(cfg, "missing element <nodes>");
	for (xmlNode *n = nodes->children; n; n = n->next) {
		struct sched_node *node;
		const char *id, *uname;
		int rc;

		if (!is_el(n, "node"))
			continue;
		id = xattr(n, "id");
		uname = xattr(n, "uname");
		if (!id)
			return cib_fail(n, "missing attribute 'id'");
		if (!uname)
			uname = id;
		if (sched_find_node(cl, uname))
			return cib_fail(n, "duplicate node '%s'", uname);
		node = sched_xrealloc(NULL, sizeof(*node));
		memset(node, 0, sizeof(*node));
		node->id = sched_xstrdup(id);
		node->uname = sched_xstrdup(uname);
		node->idx = cl->nnodes;
		rc = read_sets(n, "instance_attributes", &node->attrs);
		cl->nodes = sched_xrealloc(cl->nodes,
					   (cl->nnodes + 1) * sizeof(node));
		cl->nodes[cl->nnodes++] = node;
		if (rc)
			return rc;
	}
	return 0;
}

static struct sched_rsc *new_rsc(struct sched_cluster *cl, const char *id,
				 enum sched_kind kind)
{
	struct sched_rsc *r = sched_xrealloc(NULL, sizeof(*r));
	int n = cl->nnodes;

	memset(r, 0, sizeof(*r));
	r->id = sched_xstrdup(id);
	r->base_id = sched_xstrdup(id);
	r->kind = kind;
	r->instance = -1;
	r->role = ROLE_STOPPED;
	r->next_role = ROLE_UNKNOWN;
	r->weight = sched_xrealloc(NULL, n * sizeof(int));
	r->allowed = sched_xrealloc(NULL, n * sizeof(bool));
	r->failcount = sched_xrealloc(NULL, n * sizeof(int));
	r->known_on = sched_xrealloc(NULL, n * sizeof(bool));
	memset(r->weight, 0, n * sizeof(int));
	memset(r->allowed, 0, n * sizeof(bool));
	memset(r->failcount, 0, n * sizeof(int));
	memset(r->known_on, 0, n * sizeof(bool));
	return r;
}

void cib_add_child(struct sched_rsc *p, struct sched_rsc *c)
{
	p->children = sched_xrealloc(p->children,
				     (p->nchildren + 1) * sizeof(c));
	p->children[p->nchildren++] = c;
	c->parent = p;
}

static int parse_rsc(struct sched_cluster *cl, xmlNode *x,
		     struct sched_rsc **ret);

static int parse_primitive(struct sched_cluster *cl, xmlNode *x,
			   struct sched_rsc *r)
{
	const char *cls = xattr(x, "class");
	const char *type = xattr(x, "type");

	if (!cls)
		return cib_fail(x, "primitive '%s' has no attribute 'class'",
				r->id);
	if (!type)
		return cib_fail(x, "primitive '%s' has no attribute 'type'",
				r->id);
	r->rclass = sched_xstrdup(cls);
	r->type = sched_xstrdup(type);
	r->provider = sched_xstrdup(xattr(x, "provider"));
	if (!strcmp(cls, "ocf") && !r->provider)
		return cib_fail(x, "ocf primitive '%s' has no attribute "
				"'provider'", r->id);
	return 0;
}

static int parse_children(struct sched_cluster *cl, xmlNode *x,
			  struct sched_rsc *r)
{
	for (xmlNode *c = x->children; c; c = c->next) {
		struct sched_rsc *child;
		int rc;

		if (c->type != XML_ELEMENT_NODE || is_el(c, "meta_attributes") ||
		    is_el(c, "instance_attributes") || is_el(c, "operations") ||
		    is_el(c, "utilization"))
			continue;
		if (r->kind == KIND_GROUP && !is_el(c, "primitive"))
			return cib_fail(c, "group '%s' may hold only primitives",
					r->id);
		if (r->kind == KIND_CLONE && !is_el(c, "primitive") &&
		    !is_el(c, "group"))
			return cib_fail(c, "clone '%s' may hold only a primitive "
					"or a group", r->id);
		child = NULL;
		rc = parse_rsc(cl, c, &child);
		if (child)
			cib_add_child(r, child);
		if (rc)
			return rc;
	}
	if (r->nchildren == 0)
		return cib_fail(x, "'%s' has no member resources", r->id);
	if (r->kind == KIND_CLONE && r->nchildren != 1)
		return cib_fail(x, "clone '%s' must hold exactly one resource",
				r->id);
	return 0;
}

static int parse_rsc(struct sched_cluster *cl, xmlNode *x,
		     struct sched_rsc **ret)
{
	const char *id = xattr(x, "id");
	enum sched_kind kind;
	struct sched_rsc *r;
	int rc;

	if (is_el(x, "primitive"))
		kind = KIND_PRIMITIVE;
	else if (is_el(x, "group"))
		kind = KIND_GROUP;
	else if (is_el(x, "clone") || is_el(x, "master"))
		kind = KIND_CLONE;
	else
		return cib_fail(x, "unsupported resource element");
	if (!id || !*id)
		return cib_fail(x, "missing attribute 'id'");
	if (strchr(id, ':'))
		return cib_fail(x, "resource id '%s' may not contain ':'", id);
	if (sched_find_rsc(cl, id))
		return cib_fail(x, "duplicate resource id '%s'", id);
	r = new_rsc(cl, id, kind);
	*ret = r;
	rc = read_sets(x, "meta_attributes", &r->meta);
	if (rc)
		return rc;
	if (is_el(x, "master"))
		sched_attr_set(&r->meta, "promotable", "true");
	if (kind == KIND_PRIMITIVE)
		return parse_primitive(cl, x, r);
	return parse_children(cl, x, r);
}

static int parse_resources(struct sched_cluster *cl, xmlNode *cfg)
{
	xmlNode *res = child_el(cfg, "resources");

	if (!res)
		return cib_fail(cfg, "missing element <resources>");
	for (xmlNode *x = res->children; x; x = x->next) {
		struct sched_rsc *r = NULL;
		int rc;

		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(x, "template") || is_el(x, "bundle"))
			return cib_fail(x, "resource kind not supported");
		rc = parse_rsc(cl, x, &r);
		if (r) {
			cl->resources = sched_xrealloc(cl->resources,
				(cl->nresources + 1) * sizeof(r));
			cl->resources[cl->nresources++] = r;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Effective meta attribute: own, then ancestors, then rsc_defaults. */
static const char *meta_get(struct sched_cluster *cl, struct sched_rsc *r,
			    const char *name)
{
	for (struct sched_rsc *p = r; p; p = p->parent) {
		const char *v = sched_attr_get(&p->meta, name);

		if (v)
			return v;
	}
	return sched_attr_get(&cl->rsc_defaults, name);
}

static int meta_int(struct sched_cluster *cl, struct sched_rsc *r,
		    const char *name, const char *alt, int dflt)
{
	const char *v = meta_get(cl, r, name);
	int score;

	if (!v && alt)
		v = meta_get(cl, r, alt);
	if (!v || sched_parse_score(v, &score))
		return dflt;
	return score;
}

int cib_resolve_meta(struct sched_cluster *cl, struct sched_rsc *r)
{
	const char *v;
	int score;
	struct sched_rsc *clone = NULL;

	for (struct sched_rsc *p = r; p; p = p->parent)
		if (p->kind == KIND_CLONE)
			clone = p;
	r->stickiness = meta_int(cl, r, "resource-stickiness", NULL,
				 clone ? 1 : 0);
	r->migration_threshold = meta_int(cl, r, "migration-threshold", NULL,
					  SCHED_INF);
	if (r->migration_threshold <= 0)
		r->migration_threshold = SCHED_INF;
	v = meta_get(cl, r, "restart-type");
	r->restart_dependent = v && !strcmp(v, "restart");
	r->managed = true;
	v = meta_get(cl, r, "is-managed");
	if (v)
		r->managed = sched_is_true(v);
	r->target_role = ROLE_UNKNOWN;
	v = meta_get(cl, r, "target-role");
	if (v && !strcmp(v, "#default"))
		v = NULL;
	if (v && sched_parse_role(v, &r->target_role))
		return cib_fail(NULL, "resource '%s': invalid target-role '%s'",
				r->id, v);
	if (r->kind == KIND_CLONE) {
		v = meta_get(cl, r, "clone-max");
		if (v && (sched_parse_score(v, &score) || score < 0 ||
			  score > SCHED_MAX_INSTANCES))
			return cib_fail(NULL, "clone '%s': clone-max '%s' is not "
					"a number from 0 to %d", r->id, v,
					SCHED_MAX_INSTANCES);
		r->promotable = sched_is_true(meta_get(cl, r, "promotable"));
		r->clone_max = meta_int(cl, r, "clone-max", NULL, cl->nnodes);
		r->clone_node_max = meta_int(cl, r, "clone-node-max", NULL, 1);
		r->promoted_max = meta_int(cl, r, "promoted-max", "master-max",
					   1);
		r->promoted_node_max = meta_int(cl, r, "promoted-node-max",
						"master-node-max", 1);
		r->unique = sched_is_true(meta_get(cl, r, "globally-unique"));
		r->interleave = sched_is_true(meta_get(cl, r, "interleave"));
		r->ordered = sched_is_true(meta_get(cl, r, "ordered"));
		r->notify = sched_is_true(meta_get(cl, r, "notify"));
		/* anonymous instances are interchangeable: one per node */
		if (!r->unique)
			r->clone_node_max = 1;
	}
	for (int i = 0; i < r->nchildren; i++) {
		int rc = cib_resolve_meta(cl, r->children[i]);

		if (rc)
			return rc;
	}
	return 0;
}

/* Deep copy of a clone's template as instance number inst. */
struct sched_rsc *cib_copy_instance(struct sched_cluster *cl,
				    struct sched_rsc *t, int inst)
{
	char id[512];
	struct sched_rsc *r;

	snprintf(id, sizeof(id), "%s:%d", t->id, inst);
	r = new_rsc(cl, id, t->kind);
	free(r->base_id);
	r->base_id = sched_xstrdup(t->id);
	r->instance = inst;
	r->rclass = sched_xstrdup(t->rclass);
	r->provider = sched_xstrdup(t->provider);
	r->type = sched_xstrdup(t->type);
	for (int i = 0; i < t->meta.n; i++)
		sched_attr_set(&r->meta, t->meta.v[i].name, t->meta.v[i].value);
	for (int i = 0; i < t->nchildren; i++)
		cib_add_child(r, cib_copy_instance(cl, t->children[i], inst));
	return r;
}

static void rsc_free(struct sched_rsc *r);

/* Replace each clone's template with clone-max instances. */
static void expand_clones(struct sched_cluster *cl, struct sched_rsc *r)
{
	struct sched_rsc *t;
	int max;

	for (int i = 0; i < r->nchildren; i++)
		expand_clones(cl, r->children[i]);
	if (r->kind != KIND_CLONE)
		return;
	t = r->children[0];
	max = meta_int(cl, r, "clone-max", NULL, cl->nnodes);
	r->nchildren = 0;
	for (int i = 0; i < max; i++)
		cib_add_child(r, cib_copy_instance(cl, t, i));
	/* keep the template for orphans found in the status section */
	t->parent = NULL;
	r->tmpl = t;
}

void cib_collect_prims(struct sched_cluster *cl, struct sched_rsc *r);
void cib_collect_prims(struct sched_cluster *cl, struct sched_rsc *r)
{
	if (r->kind == KIND_PRIMITIVE) {
		r->order = cl->nprims;
		cl->prims = sched_xrealloc(cl->prims,
					   (cl->nprims + 1) * sizeof(r));
		cl->prims[cl->nprims++] = r;
	}
	for (int i = 0; i < r->nchildren; i++)
		cib_collect_prims(cl, r->children[i]);
}

static int parse_defaults(struct sched_cluster *cl, xmlNode *cfg)
{
	xmlNode *d = child_el(cfg, "rsc_defaults");
	int rc = 0;

	if (d)
		rc = read_sets(d, "meta_attributes", &cl->rsc_defaults);
	d = child_el(cfg, "op_defaults");
	if (!rc && d)
		rc = read_sets(d, "meta_attributes", &cl->op_defaults);
	return rc;
}

static int need_rsc(struct sched_cluster *cl, xmlNode *x, const char *attr,
		    struct sched_rsc **ret)
{
	const char *id = xattr(x, attr);

	if (!id)
		return cib_fail(x, "missing attribute '%s'", attr);
	*ret = sched_find_rsc(cl, id);
	if (!*ret || (*ret)->instance >= 0)
		return cib_fail(x, "attribute '%s' names unknown resource '%s'",
				attr, id);
	return 0;
}

static int cons_score(xmlNode *x, const char *dflt, int *ret)
{
	const char *s = xattr(x, "score");

	if (!s)
		s = dflt;
	if (!s)
		return cib_fail(x, "missing attribute 'score'");
	if (sched_parse_score(s, ret))
		return cib_fail(x, "invalid score '%s'", s);
	return 0;
}

static int cons_role(xmlNode *x, const char *attr, enum sched_role *ret)
{
	const char *s = xattr(x, attr);

	*ret = ROLE_UNKNOWN;
	if (s && sched_parse_role(s, ret))
		return cib_fail(x, "invalid role '%s' in '%s'", s, attr);
	if (*ret == ROLE_STARTED)
		*ret = ROLE_UNKNOWN;
	return 0;
}

static void add_location(struct sched_cluster *cl, struct sched_location *l)
{
	cl->locs = sched_xrealloc(cl->locs, (cl->nlocs + 1) * sizeof(*l));
	cl->locs[cl->nlocs++] = *l;
}

/* Each <rule> of a location constraint becomes one location entry. */
static int parse_location_rules(struct sched_cluster *cl, xmlNode *x,
				struct sched_location *base)
{
	for (xmlNode *c = x->children; c; c = c->next) {
		struct sched_location l = *base;
		const char *sa;
		int rc;

		if (!is_el(c, "rule"))
			continue;
		l.id = sched_xstrdup(xattr(x, "id"));
		sa = xattr(c, "score-attribute");
		if (sa) {
			l.score_attr = sched_xstrdup(sa);
		} else {
			rc = cons_score(c, "0", &l.score);
			if (rc)
				goto fail;
		}
		if (xattr(c, "role")) {
			rc = cons_role(c, "role", &l.role);
			if (rc)
				goto fail;
		}
		rc = cib_rule_parse(c, &l.rule, cib_err, sizeof(cib_err));
		add_location(cl, &l);
		if (rc)
			return rc;
		continue;
fail:
		free(l.id);
		free(l.score_attr);
		return rc;
	}
	return 0;
}

static int parse_location(struct sched_cluster *cl, xmlNode *x)
{
	struct sched_location l = { 0 };
	const char *node;
	int rc;

	rc = need_rsc(cl, x, "rsc", &l.rsc);
	if (!rc)
		rc = cons_role(x, "role", &l.role);
	if (rc)
		return rc;
	node = xattr(x, "node");
	if (!node) {
		if (!child_el(x, "rule"))
			return cib_fail(x, "needs attribute 'node' or a <rule>");
		return parse_location_rules(cl, x, &l);
	}
	l.node = sched_find_node(cl, node);
	if (!l.node)
		return 0;	/* a constraint on an unknown node does nothing */
	rc = cons_score(x, NULL, &l.score);
	if (rc)
		return rc;
	l.id = sched_xstrdup(xattr(x, "id"));
	add_location(cl, &l);
	return 0;
}

static int parse_colocation(struct sched_cluster *cl, xmlNode *x)
{
	struct sched_coloc c = { 0 };
	int rc;

	if (child_el(x, "resource_set"))
		return cib_fail(x, "resource sets are not supported");
	rc = need_rsc(cl, x, "rsc", &c.dependent);
	if (!rc)
		rc = need_rsc(cl, x, "with-rsc", &c.primary);
	if (!rc)
		rc = cons_score(x, NULL, &c.score);
	if (!rc)
		rc = cons_role(x, "rsc-role", &c.dependent_role);
	if (!rc)
		rc = cons_role(x, "with-rsc-role", &c.primary_role);
	if (rc)
		return rc;
	c.id = sched_xstrdup(xattr(x, "id"));
	cl->colocs = sched_xrealloc(cl->colocs, (cl->ncolocs + 1) * sizeof(c));
	cl->colocs[cl->ncolocs++] = c;
	return 0;
}

static int parse_task(xmlNode *x, const char *attr, enum sched_task *ret)
{
	const char *s = xattr(x, attr);

	if (!s || !strcmp(s, "start"))
		*ret = TASK_START;
	else if (!strcmp(s, "stop"))
		*ret = TASK_STOP;
	else if (!strcmp(s, "promote"))
		*ret = TASK_PROMOTE;
	else if (!strcmp(s, "demote"))
		*ret = TASK_DEMOTE;
	else
		return cib_fail(x, "invalid action '%s' in '%s'", s, attr);
	return 0;
}

static int parse_order(struct sched_cluster *cl, xmlNode *x)
{
	struct sched_order_cons o = { 0 };
	const char *kind = xattr(x, "kind");
	const char *sym = xattr(x, "symmetrical");
	int rc, score = SCHED_INF;

	if (child_el(x, "resource_set"))
		return cib_fail(x, "resource sets are not supported");
	rc = need_rsc(cl, x, "first", &o.first);
	if (!rc)
		rc = need_rsc(cl, x, "then", &o.then);
	if (!rc)
		rc = parse_task(x, "first-action", &o.first_task);
	if (!rc) {
		o.then_task = o.first_task;
		if (xattr(x, "then-action"))
			rc = parse_task(x, "then-action", &o.then_task);
	}
	if (!rc && !kind && xattr(x, "score"))
		rc = cons_score(x, NULL, &score);
	if (rc)
		return rc;
	if (kind && !strcasecmp(kind, "Optional"))
		o.optional = true;
	else if (kind && !strcasecmp(kind, "Serialize"))
		o.optional = true;
	else if (kind && strcasecmp(kind, "Mandatory"))
		return cib_fail(x, "invalid kind '%s'", kind);
	else if (!kind && score == 0)
		o.optional = true;
	o.mandatory = !o.optional;
	o.symmetrical = sym ? sched_is_true(sym) : true;
	if (kind && !strcasecmp(kind, "Serialize"))
		o.symmetrical = false;
	o.id = sched_xstrdup(xattr(x, "id"));
	cl->orders = sched_xrealloc(cl->orders, (cl->norders + 1) * sizeof(o));
	cl->orders[cl->norders++] = o;
	return 0;
}

static int parse_constraints(struct sched_cluster *cl, xmlNode *cfg)
{
	xmlNode *cons = child_el(cfg, "constraints");

	for (xmlNode *x = cons ? cons->children : NULL; x; x = x->next) {
		int rc = 0;

		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (!xattr(x, "id"))
			return cib_fail(x, "missing attribute 'id'");
		if (is_el(x, "rsc_location"))
			rc = parse_location(cl, x);
		else if (is_el(x, "rsc_colocation"))
			rc = parse_colocation(cl, x);
		else if (is_el(x, "rsc_order"))
			rc = parse_order(cl, x);
		else if (!is_el(x, "rsc_ticket"))
			rc = cib_fail(x, "unknown constraint");
		if (rc)
			return rc;
	}
	return 0;
}

/* Whether a "major.minor.patch" feature set is at least the one given. */
static bool feature_set_at_least(const char *v, int major, int minor, int patch)
{
	int a = 0, b = 0, c = 0;

	sscanf(v, "%d.%d.%d", &a, &b, &c);
	if (a != major)
		return a > major;
	if (b != minor)
		return b > minor;
	return c >= patch;
}

static int parse_doc(struct sched_cluster *cl, xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *cfg;
	const char *q;
	int rc;

	if (!root || !is_el(root, "cib"))
		return cib_fail(root, "the root element must be <cib>");
	cfg = child_el(root, "configuration");
	if (!cfg)
		return cib_fail(root, "missing element <configuration>");
	q = xattr(root, "crm_feature_set");
	cl->per_op_failcounts = q && feature_set_at_least(q, 3, 0, 13);
	q = xattr(root, "have-quorum");
	cl->have_quorum = q ? sched_is_true(q) : true;
	rc = parse_properties(cl, cfg);
	if (!rc)
		rc = parse_defaults(cl, cfg);
	if (!rc)
		rc = parse_nodes(cl, cfg);
	if (!rc)
		rc = parse_resources(cl, cfg);
	if (rc)
		return rc;
	for (int i = 0; i < cl->nresources; i++) {
		rc = cib_resolve_meta(cl, cl->resources[i]);
		if (rc)
			return rc;
	}
	rc = parse_constraints(cl, cfg);
	if (rc)
		return rc;
	for (int i = 0; i < cl->nresources; i++)
		expand_clones(cl, cl->resources[i]);
	for (int i = 0; i < cl->nresources; i++) {
		cib_resolve_meta(cl, cl->resources[i]);
		cib_collect_prims(cl, cl->resources[i]);
	}
	return sched_unpack_status(cl, child_el(root, "status"));
}

static struct sched_cluster *cluster_new(void)
{
	struct sched_cluster *cl = sched_xrealloc(NULL, sizeof(*cl));

	memset(cl, 0, sizeof(*cl));
	return cl;
}

static int load_doc(xmlDoc *doc, struct sched_cluster **ret_cl)
{
	struct sched_cluster *cl;
	int rc;

	if (!doc) {
		const xmlError *e = xmlGetLastError();

		snprintf(cib_err, sizeof(cib_err), "not well-formed XML: %s",
			 e && e->message ? e->message : "parse error");
		if (cib_err[strlen(cib_err) - 1] == '\n')
			cib_err[strlen(cib_err) - 1] = 0;
		return -EINVAL;
	}
	cl = cluster_new();
	rc = parse_doc(cl, doc);
	xmlFreeDoc(doc);
	if (rc) {
		sched_cluster_free(cl);
		return rc;
	}
	*ret_cl = cl;
	return 0;
}

static const int xml_opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;

int cib_load_file(const char *path, struct sched_cluster **ret_cl)
{
	return cib_load_file_inject(path, NULL, ret_cl);
}

int cib_load_file_inject(const char *path, const struct cib_injections *inj,
			 struct sched_cluster **ret_cl)
{
	xmlDoc *doc;

	cib_err[0] = 0;
	doc = xmlReadFile(path, NULL, xml_opts);
	if (doc && inj && cib_inject(doc, inj)) {
		xmlFreeDoc(doc);
		snprintf(cib_err, sizeof(cib_err), "cannot apply injection");
		return -EINVAL;
	}
	return load_doc(doc, ret_cl);
}

int cib_load_memory(const char *buf, int len, struct sched_cluster **ret_cl)
{
	cib_err[0] = 0;
	return load_doc(xmlReadMemory(buf, len, "cib.xml", NULL, xml_opts),
			ret_cl);
}

/* A primitive found only in the status section. */
struct sched_rsc *cib_new_orphan(struct sched_cluster *cl, const char *id,
				 const char *cls, const char *provider,
				 const char *type)
{
	struct sched_rsc *r = new_rsc(cl, id, KIND_PRIMITIVE);

	r->rclass = sched_xstrdup(cls ? cls : "ocf");
	r->provider = sched_xstrdup(provider);
	r->type = sched_xstrdup(type ? type : "unknown");
	r->orphan = true;
	cib_resolve_meta(cl, r);
	cl->resources = sched_xrealloc(cl->resources,
				       (cl->nresources + 1) * sizeof(r));
	cl->resources[cl->nresources++] = r;
	cib_collect_prims(cl, r);
	return r;
}

static void rsc_free(struct sched_rsc *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nchildren; i++)
		rsc_free(r->children[i]);
	free(r->children);
	rsc_free(r->tmpl);
	free(r->id);
	free(r->base_id);
	free(r->rclass);
	free(r->provider);
	free(r->type);
	sched_attrs_free(&r->meta);
	free(r->running_on);
	free(r->failcount);
	free(r->known_on);
	free(r->weight);
	free(r->allowed);
	free(r->actions);
	free(r);
}

void sched_cluster_free(struct sched_cluster *cl)
{
	if (!cl)
		return;
	for (int i = 0; i < cl->nresources; i++)
		rsc_free(cl->resources[i]);
	free(cl->resources);
	free(cl->prims);
	for (int i = 0; i < cl->nnodes; i++) {
		free(cl->nodes[i]->id);
		free(cl->nodes[i]->uname);
		sched_attrs_free(&cl->nodes[i]->attrs);
		free(cl->nodes[i]);
	}
	free(cl->nodes);
	for (int i = 0; i < cl->nlocs; i++) {
		free(cl->locs[i].id);
		free(cl->locs[i].score_attr);
		cib_rule_free(cl->locs[i].rule);
	}
	free(cl->locs);
	for (int i = 0; i < cl->ncolocs; i++)
		free(cl->colocs[i].id);
	free(cl->colocs);
	free(cl->coloc_by_primary);
	free(cl->coloc_by_dependent);
	for (int i = 0; i < cl->norders; i++)
		free(cl->orders[i].id);
	free(cl->orders);
	for (int i = 0; i < cl->nactions; i++) {
		free(cl->actions[i]->reason);
		free(cl->actions[i]->after);
		free(cl->actions[i]->before);
		free(cl->actions[i]);
	}
	free(cl->actions);
	for (int i = 0; i < cl->norderings; i++)
		free(cl->orderings[i]);
	free(cl->orderings);
	sched_attrs_free(&cl->rsc_defaults);
	sched_attrs_free(&cl->op_defaults);
	free(cl);
}
