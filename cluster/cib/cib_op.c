// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib_op.c - CIB transactions: build them, and apply them atomically.
 *
 * Wire form (also what travels through CPG):
 *   <cib_txn>
 *     <op kind="create"  path="XPATH"> ELEMENT </op>
 *     <op kind="merge"   path="XPATH"> ELEMENT </op>
 *     <op kind="delete"  path="XPATH" missing-ok="1"/>
 *     <op kind="replace" path="XPATH"> ELEMENT </op>
 *     <op kind="move"    path="XPATH" parent="XPATH"/>
 *     <op kind="push"> <cib …/> </op>
 *   </cib_txn>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "cib.h"
#include "cib_internal.h"

static const char *const kind_names[] = {
	[CIB_OP_CREATE] = "create", [CIB_OP_MERGE] = "merge",
	[CIB_OP_DELETE] = "delete", [CIB_OP_REPLACE] = "replace",
	[CIB_OP_MOVE] = "move", [CIB_OP_PUSH] = "push",
};

xmlDoc *cib_txn_new(void)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");

	xmlDocSetRootElement(doc, cib_xml_el(NULL, "cib_txn", NULL));
	return doc;
}

int cib_txn_add(xmlDoc *txn, enum cib_op_kind kind, const char *path,
		xmlNode *xml, const char *parent, unsigned int flags)
{
	xmlNode *op = cib_xml_el(xmlDocGetRootElement(txn), "op", NULL);

	cib_xml_set(op, "kind", kind_names[kind]);
	if (path)
		cib_xml_set(op, "path", path);
	if (parent)
		cib_xml_set(op, "parent", parent);
	if (flags & CIB_OPF_MISSING_OK)
		cib_xml_set(op, "missing-ok", "1");
	if (xml)
		xmlAddChild(op, xmlDocCopyNode(xml, txn, 1));
	return 0;
}

int cib_txn_count(xmlDoc *txn)
{
	int n = 0;

	for (xmlNode *c = xmlDocGetRootElement(txn)->children; c; c = c->next)
		n += cib_is_el(c, "op");
	return n;
}

bool cib_txn_status_only(xmlDoc *txn)
{
	for (xmlNode *c = xmlDocGetRootElement(txn)->children; c; c = c->next) {
		const char *p;

		if (!cib_is_el(c, "op"))
			continue;
		p = cib_xml_get(c, "path");
		if (!p || strncmp(p, "/cib/status", 11))
			return false;
		p = cib_xml_get(c, "parent");
		if (p && strncmp(p, "/cib/status", 11))
			return false;
	}
	return true;
}

static int parse_kind(const char *s)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(*kind_names); i++)
		if (s && !strcmp(s, kind_names[i]))
			return (int)i;
	return -1;
}

/* Evaluate path; nodes in *ret (caller frees with xmlXPathFreeObject). */
static int eval(xmlDoc *doc, const char *path, xmlXPathObject **ret)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *obj;

	if (!path)
		return cib_set_error(-EINVAL, "operation without a path");
	obj = xmlXPathEvalExpression((const xmlChar *)path, ctx);
	xmlXPathFreeContext(ctx);
	if (!obj || obj->type != XPATH_NODESET) {
		xmlXPathFreeObject(obj);
		return cib_set_error(-EINVAL, "bad path '%s'", path);
	}
	*ret = obj;
	return 0;
}

static int nodeset_len(xmlXPathObject *o)
{
	return o->nodesetval ? o->nodesetval->nodeNr : 0;
}

/* The single element at path. */
static int eval_one(xmlDoc *doc, const char *path, xmlNode **ret)
{
	xmlXPathObject *o;
	int rc = eval(doc, path, &o), n;

	if (rc)
		return rc;
	n = nodeset_len(o);
	if (n != 1) {
		xmlXPathFreeObject(o);
		return cib_set_error(n ? -EINVAL : -ENOENT,
				     "%s matches %d elements, expected one",
				     path, n);
	}
	*ret = o->nodesetval->nodeTab[0];
	xmlXPathFreeObject(o);
	return 0;
}

static xmlNode *first_el(xmlNode *op)
{
	for (xmlNode *c = op->children; c; c = c->next)
		if (cib_is_el(c, NULL))
			return c;
	return NULL;
}

static bool same_el(xmlNode *a, xmlNode *b)
{
	const char *ia, *ib;

	if (strcmp((const char *)a->name, (const char *)b->name))
		return false;
	ia = cib_xml_get(a, "id");
	ib = cib_xml_get(b, "id");
	if (!ia && !ib)
		return true;
	return ia && ib && !strcmp(ia, ib);
}

/* Merge src into dst: attributes of src win; children matched by tag+id. */
static void merge_into(xmlDoc *doc, xmlNode *dst, xmlNode *src)
{
	for (xmlAttr *a = src->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNode *)a);

		xmlSetProp(dst, a->name, v);
		xmlFree(v);
	}
	for (xmlNode *c = src->children; c; c = c->next) {
		xmlNode *d = NULL;

		if (!cib_is_el(c, NULL))
			continue;
		for (d = dst->children; d; d = d->next)
			if (cib_is_el(d, NULL) && same_el(d, c))
				break;
		if (d)
			merge_into(doc, d, c);
		else
			xmlAddChild(dst, xmlDocCopyNode(c, doc, 1));
	}
}

static int op_create(xmlDoc *doc, xmlNode *op)
{
	xmlNode *parent, *x = first_el(op);
	const char *id;
	int rc;

	if (!x)
		return cib_set_error(-EINVAL, "create without an element");
	rc = eval_one(doc, cib_xml_get(op, "path"), &parent);
	if (rc)
		return rc;
	id = cib_xml_get(x, "id");
	if (id && cib_doc_find_id(doc, id))
		return cib_set_error(-EEXIST, "'%s' already exists", id);
	xmlAddChild(parent, xmlDocCopyNode(x, doc, 1));
	return 0;
}

static int op_merge(xmlDoc *doc, xmlNode *op)
{
	xmlNode *dst, *x = first_el(op);
	int rc;

	if (!x)
		return cib_set_error(-EINVAL, "merge without an element");
	rc = eval_one(doc, cib_xml_get(op, "path"), &dst);
	if (rc)
		return rc;
	if (strcmp((const char *)dst->name, (const char *)x->name))
		return cib_set_error(-EINVAL, "merge of <%s> into <%s>",
				     x->name, dst->name);
	merge_into(doc, dst, x);
	return 0;
}

static int op_delete(xmlDoc *doc, xmlNode *op)
{
	const char *path = cib_xml_get(op, "path");
	xmlXPathObject *o;
	int rc = eval(doc, path, &o), n;

	if (rc)
		return rc;
	n = nodeset_len(o);
	if (!n && !cib_xml_get(op, "missing-ok"))
		rc = cib_set_error(-ENOENT, "nothing to delete at %s", path);
	for (int i = 0; i < n; i++) {
		xmlNode *d = o->nodesetval->nodeTab[i];

		if (d == xmlDocGetRootElement(doc)) {
			rc = cib_set_error(-EINVAL, "cannot delete <cib>");
			break;
		}
		if (d->type != XML_ELEMENT_NODE)
			continue;
		xmlUnlinkNode(d);
		xmlFreeNode(d);
	}
	xmlXPathFreeObject(o);
	return rc;
}

static int op_replace(xmlDoc *doc, xmlNode *op)
{
	xmlNode *old, *x = first_el(op);
	int rc;

	if (!x)
		return cib_set_error(-EINVAL, "replace without an element");
	rc = eval_one(doc, cib_xml_get(op, "path"), &old);
	if (rc)
		return rc;
	if (old == xmlDocGetRootElement(doc))
		return cib_set_error(-EINVAL, "replace of <cib>: use push");
	xmlFreeNode(xmlReplaceNode(old, xmlDocCopyNode(x, doc, 1)));
	return 0;
}

static int op_move(xmlDoc *doc, xmlNode *op)
{
	xmlNode *n, *parent;
	int rc;

	rc = eval_one(doc, cib_xml_get(op, "path"), &n);
	if (!rc)
		rc = eval_one(doc, cib_xml_get(op, "parent"), &parent);
	if (rc)
		return rc;
	for (xmlNode *p = parent; p; p = p->parent)
		if (p == n)
			return cib_set_error(-EINVAL,
					     "cannot move an element into itself");
	xmlUnlinkNode(n);
	xmlAddChild(parent, n);
	return 0;
}

/* Replace the configuration with the pushed CIB's; keep the status. */
static int op_push(xmlDoc *doc, xmlNode *op, bool *ret_versioned)
{
	xmlNode *x = first_el(op), *cib = xmlDocGetRootElement(doc);
	xmlNode *newcfg, *oldcfg;
	xmlDoc *tmp;
	struct cib_version cur, pushed;
	int rc;

	if (!cib_is_el(x, "cib"))
		return cib_set_error(-EINVAL, "push needs a <cib> element");
	tmp = xmlNewDoc((const xmlChar *)"1.0");
	xmlDocSetRootElement(tmp, xmlDocCopyNode(x, tmp, 1));
	rc = cib_doc_validate(tmp);
	if (rc) {
		xmlFreeDoc(tmp);
		return cib_set_error(rc, "pushed CIB is invalid: %s",
				     cib_strerror());
	}
	cib_ver_get(doc, &cur);
	cib_ver_get(tmp, &pushed);
	xmlFreeDoc(tmp);
	if (pushed.admin_epoch < cur.admin_epoch ||
	    (pushed.admin_epoch == cur.admin_epoch &&
	     pushed.epoch < cur.epoch))
		return cib_set_error(-ESTALE,
				     "pushed CIB is older (%ld:%ld) than the "
				     "cluster's (%ld:%ld); start from "
				     "'pacer cluster cib FILE'",
				     pushed.admin_epoch, pushed.epoch,
				     cur.admin_epoch, cur.epoch);
	newcfg = xmlDocCopyNode(cib_child(x, "configuration"), doc, 1);
	oldcfg = cib_child(cib, "configuration");
	xmlFreeNode(xmlReplaceNode(oldcfg, newcfg));
	cur.admin_epoch = pushed.admin_epoch;
	cur.epoch = (pushed.epoch > cur.epoch ? pushed.epoch : cur.epoch) + 1;
	cur.num_updates = 0;
	cib_ver_set(doc, &cur);
	*ret_versioned = true;
	return 0;
}

static int apply_one(xmlDoc *doc, xmlNode *op, bool *ret_versioned)
{
	switch (parse_kind(cib_xml_get(op, "kind"))) {
	case CIB_OP_CREATE:
		return op_create(doc, op);
	case CIB_OP_MERGE:
		return op_merge(doc, op);
	case CIB_OP_DELETE:
		return op_delete(doc, op);
	case CIB_OP_REPLACE:
		return op_replace(doc, op);
	case CIB_OP_MOVE:
		return op_move(doc, op);
	case CIB_OP_PUSH:
		return op_push(doc, op, ret_versioned);
	}
	return cib_set_error(-EINVAL, "unknown operation kind '%s'",
			     cib_xml_get(op, "kind") ?: "");
}

int cib_txn_apply(xmlDoc **docp, xmlDoc *txn)
{
	xmlNode *root = txn ? xmlDocGetRootElement(txn) : NULL;
	xmlDoc *copy;
	bool versioned = false;
	struct cib_version v;
	int rc = 0;

	if (!cib_is_el(root, "cib_txn"))
		return cib_set_error(-EINVAL, "not a <cib_txn>");
	copy = cib_doc_copy(*docp);
	for (xmlNode *op = root->children; op && !rc; op = op->next)
		if (cib_is_el(op, "op"))
			rc = apply_one(copy, op, &versioned);
	if (!rc)
		rc = cib_doc_validate(copy);
	if (rc) {
		xmlFreeDoc(copy);
		return rc;
	}
	if (!versioned) {
		cib_ver_get(copy, &v);
		if (cib_txn_status_only(txn)) {
			v.num_updates++;
		} else {
			v.epoch++;
			v.num_updates = 0;
		}
		cib_ver_set(copy, &v);
	}
	xmlFreeDoc(*docp);
	*docp = copy;
	return 0;
}
