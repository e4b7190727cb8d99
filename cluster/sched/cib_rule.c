// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib_rule.c - rules of location constraints: read them from the CIB and
 * evaluate them against a node's attributes (#uname, #id, #kind and the
 * node's own and transient attributes).
 *
 *   <rule score="-INFINITY" role="Promoted" boolean-op="and">
 *     <expression attribute="#uname" operation="ne" value="node1"/>
 *   </rule>
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "sched_model.h"
#include "cib_rule.h"

enum expr_op { OP_LT, OP_GT, OP_LTE, OP_GTE, OP_EQ, OP_NE, OP_DEFINED,
	       OP_NOT_DEFINED };
enum expr_type { TYPE_STRING, TYPE_NUMBER, TYPE_VERSION };

struct sched_expr {
	char *attr;
	char *value;
	enum expr_op op;
	enum expr_type type;
	struct sched_rule *sub;		/* a nested rule instead */
};

struct sched_rule {
	bool is_or;
	struct sched_expr *exprs;
	int nexprs;
};

static char *prop(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? sched_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static int rule_fail(char *err, size_t len, xmlNode *n, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, len, "line %ld: <%s>: %s", xmlGetLineNo(n),
		 (const char *)n->name, msg);
	return -EINVAL;
}

static int parse_op(const char *s, enum expr_op *ret)
{
	static const char *const names[] = { "lt", "gt", "lte", "gte", "eq",
					     "ne", "defined", "not_defined" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*ret = (enum expr_op)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_expr(xmlNode *x, struct sched_expr *e, char *err, size_t len)
{
	char *op = prop(x, "operation"), *type = prop(x, "type");
	int rc = 0;

	e->attr = prop(x, "attribute");
	e->value = prop(x, "value");
	if (!e->attr)
		rc = rule_fail(err, len, x, "missing attribute 'attribute'");
	else if (!op || parse_op(op, &e->op))
		rc = rule_fail(err, len, x, "invalid operation '%s'",
			       op ? op : "");
	else if (e->op != OP_DEFINED && e->op != OP_NOT_DEFINED && !e->value)
		rc = rule_fail(err, len, x, "operation '%s' needs a 'value'",
			       op);
	if (!rc) {
		e->type = e->op <= OP_GTE ? TYPE_NUMBER : TYPE_STRING;
		if (type && (!strcmp(type, "integer") ||
			     !strcmp(type, "number")))
			e->type = TYPE_NUMBER;
		else if (type && !strcmp(type, "version"))
			e->type = TYPE_VERSION;
		else if (type && !strcmp(type, "string"))
			e->type = TYPE_STRING;
		else if (type)
			rc = rule_fail(err, len, x, "invalid type '%s'", type);
	}
	free(op);
	free(type);
	return rc;
}

int cib_rule_parse(void *xml_rule, struct sched_rule **ret, char *err,
		   size_t len)
{
	xmlNode *x = xml_rule;
	struct sched_rule *r = sched_xrealloc(NULL, sizeof(*r));
	char *bop = prop(x, "boolean-op");
	int rc = 0;

	memset(r, 0, sizeof(*r));
	*ret = r;
	r->is_or = bop && !strcasecmp(bop, "or");
	if (bop && !r->is_or && strcasecmp(bop, "and"))
		rc = rule_fail(err, len, x, "invalid boolean-op '%s'", bop);
	free(bop);
	for (xmlNode *c = x->children; c && !rc; c = c->next) {
		struct sched_expr *e;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		r->exprs = sched_xrealloc(r->exprs,
					  (r->nexprs + 1) * sizeof(*e));
		e = &r->exprs[r->nexprs++];
		memset(e, 0, sizeof(*e));
		if (!strcmp((const char *)c->name, "expression"))
			rc = parse_expr(c, e, err, len);
		else if (!strcmp((const char *)c->name, "rule"))
			rc = cib_rule_parse(c, &e->sub, err, len);
		else
			rc = rule_fail(err, len, c, "not supported in a rule");
	}
	return rc;
}

void cib_rule_free(struct sched_rule *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nexprs; i++) {
		free(r->exprs[i].attr);
		free(r->exprs[i].value);
		cib_rule_free(r->exprs[i].sub);
	}
	free(r->exprs);
	free(r);
}

static const char *node_attr(const struct sched_node *n, const char *name)
{
	if (!strcmp(name, "#uname"))
		return n->uname;
	if (!strcmp(name, "#id"))
		return n->id;
	if (!strcmp(name, "#kind"))
		return "cluster";
	return sched_attr_get(&n->attrs, name);
}

/* Compare "1.2.10" with "1.2.9" field by field. */
static int cmp_version(const char *a, const char *b)
{
	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10);
		long y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if ((*a && (*a < '0' || *a > '9')) ||
		    (*b && (*b < '0' || *b > '9')))
			break;
	}
	return 0;
}

static int compare(const struct sched_expr *e, const char *v)
{
	if (e->type == TYPE_NUMBER) {
		double x = strtod(v, NULL), y = strtod(e->value, NULL);

		return x < y ? -1 : x > y ? 1 : 0;
	}
	if (e->type == TYPE_VERSION)
		return cmp_version(v, e->value);
	return strcmp(v, e->value);
}

static bool eval_expr(const struct sched_expr *e, const struct sched_node *n)
{
	const char *v;

	if (e->sub)
		return cib_rule_eval(e->sub, n);
	v = node_attr(n, e->attr);
	switch (e->op) {
	case OP_DEFINED:
		return v != NULL;
	case OP_NOT_DEFINED:
		return v == NULL;
	case OP_NE:
		return !v || compare(e, v) != 0;
	default:
		break;
	}
	if (!v)
		return false;
	switch (e->op) {
	case OP_LT:
		return compare(e, v) < 0;
	case OP_GT:
		return compare(e, v) > 0;
	case OP_LTE:
		return compare(e, v) <= 0;
	case OP_GTE:
		return compare(e, v) >= 0;
	default:
		return compare(e, v) == 0;
	}
}

bool cib_rule_eval(const struct sched_rule *r, const struct sched_node *n)
{
	if (r->nexprs == 0)
		return true;
	for (int i = 0; i < r->nexprs; i++) {
		bool t = eval_expr(&r->exprs[i], n);

		if (r->is_or && t)
			return true;
		if (!r->is_or && !t)
			return false;
	}
	return !r->is_or;
}

/* Does location l apply to node n, and with which score? */
bool sched_location_applies(const struct sched_location *l,
			    const struct sched_node *n, int *ret_score)
{
	if (!l->rule) {
		*ret_score = l->score;
		return l->node == n;
	}
	if (!cib_rule_eval(l->rule, n))
		return false;
	if (l->score_attr) {
		const char *v = node_attr(n, l->score_attr);

		return v && !sched_parse_score(v, ret_score);
	}
	*ret_score = l->score;
	return true;
}
