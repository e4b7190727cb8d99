// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib_inject.c - change a CIB's status section the way crm_simulate's
 * -u/-d/-f/-i options do, before the scheduler reads it: bring a node up
 * or down, fail it, or record an operation result (with its failcount).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "sched_model.h"
#include "cib_inject.h"

static bool is_el(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static xmlNode *child(xmlNode *n, const char *name, bool create)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (is_el(c, name))
			return c;
	return create ? xmlNewChild(n, NULL, (const xmlChar *)name, NULL) :
			NULL;
}

static bool prop_is(xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	bool eq = v && !strcmp((const char *)v, value);

	xmlFree(v);
	return eq;
}

static void set(xmlNode *n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

/* The <node> of the configuration with this uname (or id). */
static xmlNode *config_node(xmlNode *root, const char *uname)
{
	xmlNode *cfg = child(root, "configuration", false);
	xmlNode *nodes = cfg ? child(cfg, "nodes", false) : NULL;

	for (xmlNode *n = nodes ? nodes->children : NULL; n; n = n->next)
		if (is_el(n, "node") &&
		    (prop_is(n, "uname", uname) || prop_is(n, "id", uname)))
			return n;
	return NULL;
}

static xmlNode *node_state(xmlNode *root, const char *uname)
{
	xmlNode *status = child(root, "status", true);
	xmlNode *cn = config_node(root, uname), *ns;
	xmlChar *id;

	for (ns = status->children; ns; ns = ns->next)
		if (is_el(ns, "node_state") && prop_is(ns, "uname", uname))
			return ns;
	if (!cn)
		return NULL;
	ns = xmlNewChild(status, NULL, (const xmlChar *)"node_state", NULL);
	id = xmlGetProp(cn, (const xmlChar *)"id");
	set(ns, "id", (const char *)id);
	xmlFree(id);
	set(ns, "uname", uname);
	return ns;
}

static int node_change(xmlNode *root, const char *uname, const char *in_ccm,
		       const char *crmd, const char *join,
		       const char *expected)
{
	xmlNode *ns = node_state(root, uname);

	if (!ns) {
		fprintf(stderr, "pacer: node '%s' is not in the CIB's <nodes>\n",
			uname);
		return -ENOENT;
	}
	set(ns, "in_ccm", in_ccm);
	set(ns, "crmd", crmd);
	set(ns, "join", join);
	set(ns, "expected", expected);
	return 0;
}

/* The configured primitive with this id (or the clone member base id). */
static xmlNode *find_primitive(xmlNode *n, const char *id)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		xmlNode *f;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "primitive") && prop_is(c, "id", id))
			return c;
		f = find_primitive(c, id);
		if (f)
			return f;
	}
	return NULL;
}

static int max_call_id(xmlNode *n)
{
	int m = 0;

	for (xmlNode *c = n->children; c; c = c->next) {
		xmlChar *v;
		int sub;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "lrm_rsc_op")) {
			v = xmlGetProp(c, (const xmlChar *)"call-id");
			if (v && atoi((const char *)v) > m)
				m = atoi((const char *)v);
			xmlFree(v);
		}
		sub = max_call_id(c);
		if (sub > m)
			m = sub;
	}
	return m;
}

static void bump_failcount(xmlNode *ns, const char *rsc, const char *key)
{
	xmlNode *ta = child(ns, "transient_attributes", true);
	xmlNode *ia = child(ta, "instance_attributes", true);
	char name[1400];
	xmlNode *p;

	snprintf(name, sizeof(name), "fail-count-%s#%s", rsc, key);
	for (p = ia->children; p; p = p->next)
		if (is_el(p, "nvpair") && prop_is(p, "name", name))
			break;
	if (!p) {
		p = xmlNewChild(ia, NULL, (const xmlChar *)"nvpair", NULL);
		set(p, "id", name);
		set(p, "name", name);
		set(p, "value", "1");
	} else {
		xmlChar *v = xmlGetProp(p, (const xmlChar *)"value");
		char buf[32];

		snprintf(buf, sizeof(buf), "%d", atoi((const char *)v) + 1);
		xmlFree(v);
		set(p, "value", buf);
	}
}

/* "RSC_TASK_INTERVAL@NODE=RC": record the result in the history. */
static int inject_op(xmlNode *root, const char *spec)
{
	char buf[600], rsc[600], key[128], id[1400], num[32];
	char *at, *eq, *u1, *u2, *base;
	xmlNode *ns, *lrm, *lrs, *lr = NULL, *op, *prim;
	int rc;

	snprintf(buf, sizeof(buf), "%s", spec);
	at = strchr(buf, '@');
	eq = at ? strchr(at, '=') : NULL;
	u2 = strrchr(buf, '_');
	if (!at || !eq || !u2 || u2 > at)
		goto bad;
	*at = 0;
	*eq = 0;
	*u2 = 0;
	u1 = strrchr(buf, '_');
	if (!u1)
		goto bad;
	*u1 = 0;
	rc = atoi(eq + 1);
	snprintf(rsc, sizeof(rsc), "%s", buf);
	ns = node_state(root, at + 1);
	if (!ns) {
		fprintf(stderr, "pacer: -i %s: unknown node '%s'\n", spec,
			at + 1);
		return -ENOENT;
	}
	base = strdup(rsc);
	if (strchr(base, ':'))
		*strchr(base, ':') = 0;
	prim = find_primitive(child(root, "configuration", true), base);
	free(base);
	if (!prim) {
		fprintf(stderr, "pacer: -i %s: unknown resource '%s'\n", spec,
			rsc);
		return -ENOENT;
	}
	lrm = child(ns, "lrm", true);
	lrs = child(lrm, "lrm_resources", true);
	for (lr = lrs->children; lr; lr = lr->next)
		if (is_el(lr, "lrm_resource") && prop_is(lr, "id", rsc))
			break;
	if (!lr) {
		const char *attrs[] = { "class", "provider", "type" };

		lr = xmlNewChild(lrs, NULL, (const xmlChar *)"lrm_resource",
				 NULL);
		set(lr, "id", rsc);
		for (int i = 0; i < 3; i++) {
			xmlChar *v = xmlGetProp(prim, (const xmlChar *)attrs[i]);

			if (v)
				set(lr, attrs[i], (const char *)v);
			xmlFree(v);
		}
	}
	snprintf(key, sizeof(key), "%s_%s", u1 + 1, u2 + 1);
	snprintf(id, sizeof(id), "%s_%s_%s", rsc, u1 + 1, u2 + 1);
	op = xmlNewChild(lr, NULL, (const xmlChar *)"lrm_rsc_op", NULL);
	set(op, "id", id);
	set(op, "operation", u1 + 1);
	set(op, "interval", u2 + 1);
	snprintf(num, sizeof(num), "%d", rc);
	set(op, "rc-code", num);
	set(op, "op-status", "0");
	snprintf(num, sizeof(num), "%d", max_call_id(root) + 1);
	set(op, "call-id", num);
	set(op, "transition-key",
	    !strcmp(u1 + 1, "monitor") && atoi(u2 + 1) == 0 ?
	    "0:0:7:inject" : "0:0:0:inject");
	if (rc != 0 && !(rc == 7 && !strcmp(u1 + 1, "monitor") &&
			 atoi(u2 + 1) == 0))
		bump_failcount(ns, rsc, key);
	return 0;
bad:
	fprintf(stderr, "pacer: -i %s: expected RSC_TASK_INTERVAL@NODE=RC\n",
		spec);
	return -EINVAL;
}

int cib_inject(void *doc, const struct cib_injections *inj)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	int rc = 0;

	if (!root)
		return -EINVAL;
	for (int i = 0; !rc && i < inj->nup; i++)
		rc = node_change(root, inj->up[i], "true", "online", "member",
				 "member");
	for (int i = 0; !rc && i < inj->ndown; i++)
		rc = node_change(root, inj->down[i], "false", "offline", "down",
				 "down");
	for (int i = 0; !rc && i < inj->nfail; i++)
		rc = node_change(root, inj->fail[i], "false", "offline", "down",
				 "member");
	for (int i = 0; !rc && i < inj->nops; i++)
		rc = inject_op(root, inj->ops[i]);
	return rc;
}
