// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_resource.c - `pacer resource …` in pcs grammar: create, delete,
 * update, meta, group, clone, promotable/master, move/ban/clear,
 * enable/disable, cleanup, defaults.  Element ids follow pcs's naming
 * (NAME-instance_attributes, NAME-monitor-interval-30s, NAME-clone,
 * cli-prefer-NAME …) so CIBs look like the ones users know.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cib.h"
#include "cli.h"
#include "cli_nv.h"

enum section { SEC_INST, SEC_OP, SEC_META, SEC_CLONE, SEC_GROUP };

struct create_args {
	const char *name, *agent, *group, *clone_id;
	bool clone, promotable, disabled;
	xmlNode *inst, *meta, *ops, *clone_meta;
};

static bool is_word(const char *a, const char *w)
{
	return !strcmp(a, w);
}

/* op ACTION k=v… : one <op>. */
static int parse_op(const char *rsc, char **argv, int argc, int *i,
		    xmlNode *ops)
{
	const char *action = argv[*i];
	const char *interval = "0s";
	char id[512], key[128];
	xmlNode *op;

	if (cli_is_kv(action))
		return cli_err("'op' needs an action name before '%s'", action);
	for (int j = *i + 1; j < argc && cli_is_kv(argv[j]); j++) {
		const char *v = cli_kv(argv[j], key, sizeof(key));

		if (is_word(key, "interval"))
			interval = v;
	}
	snprintf(id, sizeof(id), "%s-%s-interval-%s", rsc, action, interval);
	cib_xml_sanitize_id(id);
	op = cib_xml_el(ops, "op", id);
	cib_xml_set(op, "name", action);
	cib_xml_set(op, "interval", interval);
	for ((*i)++; *i < argc && cli_is_kv(argv[*i]); (*i)++) {
		const char *v = cli_kv(argv[*i], key, sizeof(key));

		if (is_word(key, "id"))
			cib_xml_set(op, "id", v);
		else if (!is_word(key, "interval"))
			cib_xml_set(op, key, v);
	}
	(*i)--;
	return 0;
}

static void put_nv(xmlNode *set, const char *arg)
{
	char key[128];
	const char *v = cli_kv(arg, key, sizeof(key));

	cib_xml_nvpair(set, key, v);
}

static int parse_create(int argc, char **argv, struct create_args *a)
{
	enum section sec = SEC_INST;

	a->name = argv[0];
	a->agent = argv[1];
	a->inst = cli_nvset(NULL, "instance_attributes", a->name,
			    "instance_attributes");
	a->meta = cli_nvset(NULL, "meta_attributes", a->name,
			    "meta_attributes");
	a->ops = cib_xml_el(NULL, "operations", NULL);
	a->clone_meta = cib_xml_el(NULL, "meta_attributes", NULL);
	for (int i = 2; i < argc; i++) {
		const char *w = argv[i];

		if (is_word(w, "op")) {
			if (++i >= argc)
				return cli_err("'op' needs an action");
			if (parse_op(a->name, argv, argc, &i, a->ops))
				return 1;
			sec = SEC_OP;
		} else if (is_word(w, "meta")) {
			sec = SEC_META;
		} else if (is_word(w, "--clone") || is_word(w, "clone")) {
			a->clone = true;
			sec = SEC_CLONE;
		} else if (is_word(w, "--promotable") ||
			   is_word(w, "promotable") || is_word(w, "master") ||
			   is_word(w, "--master")) {
			a->clone = a->promotable = true;
			sec = SEC_CLONE;
		} else if (is_word(w, "--group")) {
			if (++i >= argc)
				return cli_err("--group needs a group name");
			a->group = argv[i];
		} else if (is_word(w, "--disabled")) {
			a->disabled = true;
		} else if (is_word(w, "--no-default-ops")) {
			xmlSetProp(a->ops, (const xmlChar *)"no-default",
				   (const xmlChar *)"1");
		} else if (!cli_is_kv(w)) {
			if (sec == SEC_CLONE && !a->clone_id) {
				a->clone_id = w;
				continue;
			}
			return cli_err("unexpected '%s' in resource create "
				       "(expected name=value, op, meta, "
				       "--clone or --group)", w);
		} else if (sec == SEC_INST) {
			put_nv(a->inst, w);
		} else if (sec == SEC_META) {
			put_nv(a->meta, w);
		} else if (sec == SEC_CLONE) {
			put_nv(a->clone_meta, w);
		} else {
			return cli_err("'%s' after an op: use 'meta' for "
				       "meta attributes", w);
		}
	}
	return 0;
}

static void free_create(struct create_args *a)
{
	xmlFreeNode(a->inst);
	xmlFreeNode(a->meta);
	xmlFreeNode(a->ops);
	xmlFreeNode(a->clone_meta);
}

/* Default ops from metadata, minus the actions the user gave. */
static void merge_default_ops(const struct cli_agent *ag, xmlNode *ops,
			      const char *rsc)
{
	xmlNode *defs = cib_xml_el(NULL, "operations", NULL), *next;

	cli_agent_default_ops(ag, defs, rsc);
	for (xmlNode *d = defs->children; d; d = next) {
		const char *dn = cib_xml_get(d, "name");
		bool given = false;

		next = d->next;
		for (xmlNode *u = ops->children; u; u = u->next)
			if (cib_is_el(u, "op") &&
			    !strcmp(cib_xml_get(u, "name"), dn))
				given = true;
		if (!given) {
			xmlUnlinkNode(d);
			xmlAddChild(ops, d);
		}
	}
	xmlFreeNode(defs);
}

/* Rename the meta set of a clone to CLONEID-meta_attributes. */
static xmlNode *wrap_clone(xmlNode *prim, const char *clone_id,
			   xmlNode *clone_meta, bool promotable)
{
	xmlNode *cl = cib_xml_el(NULL, "clone", clone_id);
	char sid[300];

	xmlAddChild(cl, prim);
	snprintf(sid, sizeof(sid), "%s-meta_attributes", clone_id);
	cib_xml_sanitize_id(sid);
	cib_xml_set(clone_meta, "id", sid);
	if (promotable)
		cib_xml_nvpair(clone_meta, "promotable", "true");
	/* nvpair ids follow the set's id */
	for (xmlNode *p = clone_meta->children; p; p = p->next) {
		char id[600];

		snprintf(id, sizeof(id), "%s-%s", sid, cib_xml_get(p, "name"));
		cib_xml_sanitize_id(id);
		cib_xml_set(p, "id", id);
	}
	if (clone_meta->children)
		xmlAddChild(cl, xmlCopyNode(clone_meta, 1));
	return cl;
}

static xmlNode *build_primitive(struct create_args *a,
				const struct cli_agent *ag)
{
	xmlNode *p = cib_xml_el(NULL, "primitive", a->name);

	cib_xml_set(p, "class", ag->cls);
	if (ag->provider[0])
		cib_xml_set(p, "provider", ag->provider);
	cib_xml_set(p, "type", ag->type);
	if (a->disabled)
		cib_xml_nvpair(a->meta, "target-role", "Stopped");
	if (a->inst->children)
		xmlAddChild(p, xmlCopyNode(a->inst, 1));
	if (!xmlHasProp(a->ops, (const xmlChar *)"no-default"))
		merge_default_ops(ag, a->ops, a->name);
	xmlUnsetProp(a->ops, (const xmlChar *)"no-default");
	if (a->ops->children)
		xmlAddChild(p, xmlCopyNode(a->ops, 1));
	if (a->meta->children)
		xmlAddChild(p, xmlCopyNode(a->meta, 1));
	return p;
}

static int agent_error(const char *spec, int rc)
{
	if (rc == -EINVAL)
		return cli_err("'%s' is not a valid agent name (use "
			       "ocf:PROVIDER:TYPE, lsb:NAME, systemd:NAME or "
			       "a type such as Dummy)", spec);
	return cli_err("agent '%s' is not installed or does not provide "
		       "valid metadata; use --force to override", spec);
}

int cli_resource_create_doc(struct cli *c, xmlDoc *doc, xmlDoc *txn,
			    int argc, char **argv, bool stonith);

int cli_resource_create_doc(struct cli *c, xmlDoc *doc, xmlDoc *txn,
			    int argc, char **argv, bool stonith)
{
	struct create_args a = { 0 };
	struct cli_agent ag;
	xmlNode *x, *g;
	char path[400], cid[300];
	int rc;

	if (argc < 2)
		return cli_err("usage: %s create NAME AGENT [name=value]... "
			       "[op ACTION name=value...]... [meta "
			       "name=value...] [--clone] [--group GROUP]",
			       stonith ? "stonith" : "resource");
	rc = parse_create(argc, argv, &a);
	if (rc)
		goto out;
	if (cib_doc_find_id(doc, a.name)) {
		rc = cli_err("'%s' already exists", a.name);
		goto out;
	}
	rc = cli_agent_resolve(a.agent, stonith, &ag);
	if (rc && !c->force) {
		rc = agent_error(a.agent, rc);
		goto out;
	}
	if (rc && !ag.type[0]) {
		rc = agent_error(a.agent, -EINVAL);
		goto out;
	}
	if (stonith && strcmp(ag.cls, "stonith")) {
		rc = cli_err("'%s' is not a fence agent", a.agent);
		goto out;
	}
	if (!stonith && !strcmp(ag.cls, "stonith")) {
		rc = cli_err("use 'pacer stonith create' for fence agents");
		goto out;
	}
	x = build_primitive(&a, &ag);
	if (a.clone) {
		snprintf(cid, sizeof(cid), "%s-clone", a.name);
		x = wrap_clone(x, a.clone_id ? a.clone_id : cid, a.clone_meta,
			       a.promotable);
	}
	rc = 0;
	if (a.group) {
		g = cib_doc_find_id(doc, a.group);
		if (g && !cib_is_el(g, "group")) {
			rc = cli_err("'%s' exists and is not a group",
				     a.group);
		} else if (g) {
			cib_txn_add(txn, CIB_OP_CREATE,
				    cli_path_id("group", a.group, path,
						sizeof(path)),
				    x, NULL, 0);
		} else {
			xmlNode *ng = cib_xml_el(NULL, "group", a.group);

			xmlAddChild(ng, xmlCopyNode(x, 1));
			cib_txn_add(txn, CIB_OP_CREATE,
				    "/cib/configuration/resources", ng, NULL,
				    0);
			xmlFreeNode(ng);
		}
	} else {
		cib_txn_add(txn, CIB_OP_CREATE, "/cib/configuration/resources",
			    x, NULL, 0);
	}
	xmlFreeNode(x);
out:
	free_create(&a);
	return rc;
}


static int do_create(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		     char **argv)
{
	return cli_resource_create_doc(c, doc, txn, argc, argv, false);
}

int cli_stonith_create(struct cli *c, int argc, char **argv);
static int do_stonith_create(struct cli *c, xmlDoc *doc, xmlDoc *txn,
			     int argc, char **argv)
{
	return cli_resource_create_doc(c, doc, txn, argc, argv, true);
}

int cli_stonith_create(struct cli *c, int argc, char **argv)
{
	return cli_with_doc(c, argc, argv, do_stonith_create);
}

/* Constraints that name rsc, for delete. */
static void delete_refs(xmlDoc *txn, const char *rsc)
{
	char path[700];

	snprintf(path, sizeof(path),
		 "/cib/configuration/constraints/*[@rsc='%s' or "
		 "@with-rsc='%s' or @first='%s' or @then='%s']",
		 rsc, rsc, rsc, rsc);
	cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL, CIB_OPF_MISSING_OK);
}

static int do_delete(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		     char **argv)
{
	xmlNode *r;
	char path[400];

	if (argc != 1)
		return cli_err("usage: resource delete NAME");
	r = cli_find_rsc(doc, argv[0]);
	if (!r)
		return cli_err("resource '%s' does not exist", argv[0]);
	/* deleting the only member of a group or a clone's child deletes
	 * the wrapper, as pcs does */
	if ((cib_is_el(r->parent, "clone") || cib_is_el(r->parent, "master")) ||
	    (cib_is_el(r->parent, "group") &&
	     xmlChildElementCount(r->parent) == 1)) {
		delete_refs(txn, cib_xml_get(r->parent, "id"));
		r = r->parent;
	}
	for (xmlNode *ch = r->children; ch; ch = ch->next)
		if (cli_is_rsc_el(ch))
			delete_refs(txn, cib_xml_get(ch, "id"));
	delete_refs(txn, cib_xml_get(r, "id"));
	cib_txn_add(txn, CIB_OP_DELETE,
		    cli_path_id((const char *)r->name, cib_xml_get(r, "id"),
				path, sizeof(path)),
		    NULL, NULL, 0);
	printf("Deleting Resource - %s\n", argv[0]);
	return 0;
}

static int set_nvs(xmlDoc *doc, xmlDoc *txn, const char *rsc,
		   const char *settag, int argc, char **argv)
{
	struct cli_nv_owner o;
	char key[128];

	if (cli_nv_owner_rsc(doc, rsc, settag, &o))
		return cli_err("resource '%s' does not exist", rsc);
	for (int i = 0; i < argc; i++) {
		const char *v;

		if (!cli_is_kv(argv[i]))
			return cli_err("expected name=value, got '%s'",
				       argv[i]);
		v = cli_kv(argv[i], key, sizeof(key));
		cli_nv_set(txn, &o, key, v);
	}
	return 0;
}

static int do_meta(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		   char **argv)
{
	if (argc < 2)
		return cli_err("usage: resource meta NAME name=value...");
	return set_nvs(doc, txn, argv[0], "meta_attributes", argc - 1,
		       argv + 1);
}

/* update NAME [k=v…] [op ACTION k=v…] [meta k=v…] */
static int do_update(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		     char **argv)
{
	int i = 1, start, rc;
	xmlNode *r;

	if (argc < 2)
		return cli_err("usage: resource update NAME name=value...");
	r = cli_find_rsc(doc, argv[0]);
	if (!r)
		return cli_err("resource '%s' does not exist", argv[0]);
	for (start = i; i < argc && cli_is_kv(argv[i]); i++)
		;
	rc = set_nvs(doc, txn, argv[0], cib_is_el(r, "primitive") ?
		     "instance_attributes" : "meta_attributes",
		     i - start, argv + start);
	while (!rc && i < argc) {
		if (is_word(argv[i], "meta")) {
			for (start = ++i; i < argc && cli_is_kv(argv[i]); i++)
				;
			rc = set_nvs(doc, txn, argv[0], "meta_attributes",
				     i - start, argv + start);
		} else if (is_word(argv[i], "op") && i + 1 < argc) {
			xmlNode *top = cib_xml_el(NULL, "primitive", argv[0]);
			xmlNode *ops = cib_xml_el(top, "operations", NULL);
			char path[300], dp[400];

			i++;
			snprintf(dp, sizeof(dp),
				 "//primitive[@id='%s']/operations/op[@name='%s']",
				 argv[0], argv[i]);
			cib_txn_add(txn, CIB_OP_DELETE, dp, NULL, NULL,
				    CIB_OPF_MISSING_OK);
			rc = parse_op(argv[0], argv, argc, &i, ops);
			cib_txn_add(txn, CIB_OP_MERGE,
				    cli_path_id("primitive", argv[0], path,
						sizeof(path)),
				    top, NULL, 0);
			xmlFreeNode(top);
			i++;
		} else {
			return cli_err("unexpected '%s' in resource update",
				       argv[i]);
		}
	}
	return rc;
}

static int do_enable(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		     char **argv, bool enable)
{
	struct cli_nv_owner o;

	if (argc < 1)
		return cli_err("usage: resource %s NAME...",
			       enable ? "enable" : "disable");
	for (int i = 0; i < argc; i++) {
		if (cli_nv_owner_rsc(doc, argv[i], "meta_attributes", &o))
			return cli_err("resource '%s' does not exist",
				       argv[i]);
		cli_nv_set(txn, &o, "target-role", enable ? NULL : "Stopped");
	}
	return 0;
}

static int do_enable_on(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			char **argv)
{
	return do_enable(c, doc, txn, argc, argv, true);
}

static int do_disable(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		      char **argv)
{
	return do_enable(c, doc, txn, argc, argv, false);
}

/* group add GROUP RSC… : pcs moves the resources into the group (in the
 * given order) and creates the group when needed. */
static int do_group_add(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			char **argv)
{
	xmlNode *g, *ng = NULL;
	char gpath[300], rpath[300];
	int added = 0;

	if (argc < 2)
		return cli_err("usage: resource group add GROUP RESOURCE...");
	g = cib_doc_find_id(doc, argv[0]);
	if (g && !cib_is_el(g, "group"))
		return cli_err("'%s' exists and is not a group", argv[0]);
	if (!g) {
		ng = cib_xml_el(NULL, "group", argv[0]);
		cib_txn_add(txn, CIB_OP_CREATE, "/cib/configuration/resources",
			    ng, NULL, 0);
		xmlFreeNode(ng);
	}
	cli_path_id("group", argv[0], gpath, sizeof(gpath));
	for (int i = 1; i < argc; i++) {
		xmlNode *r = cli_find_rsc(doc, argv[i]);

		if (!r) {
			cli_warn("resource '%s' does not exist (yet); it was "
				 "not added to group '%s' (create it with "
				 "--group %s)", argv[i], argv[0], argv[0]);
			continue;
		}
		if (!cib_is_el(r, "primitive"))
			return cli_err("'%s' is a %s; only primitives can be "
				       "in a group", argv[i], r->name);
		if (cib_is_el(r->parent, "clone"))
			return cli_err("'%s' is part of clone '%s'", argv[i],
				       cib_xml_get(r->parent, "id"));
		cib_txn_add(txn, CIB_OP_MOVE,
			    cli_path_id("primitive", argv[i], rpath,
					sizeof(rpath)),
			    NULL, gpath, 0);
		added++;
	}
	if (!added && !g)
		return cli_err("none of the resources exist; group '%s' not "
			       "created", argv[0]);
	/* a group left empty by the move disappears, as in pcs */
	cib_txn_add(txn, CIB_OP_DELETE,
		    "/cib/configuration/resources//group[not(primitive)]",
		    NULL, NULL, CIB_OPF_MISSING_OK);
	return 0;
}

/* clone RSC [CLONEID] [k=v…]; promotable RSC [CLONEID] [k=v…];
 * master [MSID] RSC [k=v…] (pcs 0.9 form). */
static int make_clone(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		      char **argv, bool promotable, bool master_form)
{
	const char *rsc, *cid = NULL;
	xmlNode *r, *meta, *wrapped, *copy;
	char defid[300], path[400];
	int i = 1;

	if (argc < 1)
		return cli_err("usage: resource %s RESOURCE [ID] "
			       "[name=value...]", promotable ? "promotable" :
			       "clone");
	rsc = argv[0];
	if (master_form && argc > 1 && !cli_is_kv(argv[1]) &&
	    !cli_find_rsc(doc, argv[0])) {
		cid = argv[0];
		rsc = argv[1];
		i = 2;
	} else if (argc > 1 && !cli_is_kv(argv[1])) {
		cid = argv[1];
		i = 2;
	}
	r = cli_find_rsc(doc, rsc);
	if (!r)
		return cli_err("resource '%s' does not exist", rsc);
	if (cib_is_el(r->parent, "clone") || cib_is_el(r->parent, "master"))
		return cli_err("'%s' is already a clone", rsc);
	if (cib_is_el(r->parent, "group"))
		return cli_err("'%s' is in group '%s'; clone the group", rsc,
			       cib_xml_get(r->parent, "id"));
	snprintf(defid, sizeof(defid), "%s-%s", rsc,
		 master_form ? "master" : "clone");
	if (!cid)
		cid = defid;
	if (cib_doc_find_id(doc, cid))
		return cli_err("'%s' already exists", cid);
	meta = cib_xml_el(NULL, "meta_attributes", NULL);
	for (; i < argc; i++) {
		if (!cli_is_kv(argv[i])) {
			xmlFreeNode(meta);
			return cli_err("expected name=value, got '%s'",
				       argv[i]);
		}
		put_nv(meta, argv[i]);
	}
	copy = xmlCopyNode(r, 1);
	wrapped = wrap_clone(copy, cid, meta, promotable);
	xmlFreeNode(meta);
	cib_txn_add(txn, CIB_OP_DELETE,
		    cli_path_id((const char *)r->name, rsc, path,
				sizeof(path)),
		    NULL, NULL, 0);
	cib_txn_add(txn, CIB_OP_CREATE, "/cib/configuration/resources",
		    wrapped, NULL, 0);
	xmlFreeNode(wrapped);
	return 0;
}

static int do_clone(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		    char **argv)
{
	return make_clone(c, doc, txn, argc, argv, false, false);
}

static int do_promotable(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			 char **argv)
{
	return make_clone(c, doc, txn, argc, argv, true, false);
}

static int do_master(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		     char **argv)
{
	return make_clone(c, doc, txn, argc, argv, true, true);
}

static void location(xmlDoc *txn, const char *id, const char *rsc,
		     const char *node, const char *score, const char *role)
{
	xmlNode *l = cib_xml_el(NULL, "rsc_location", id);
	char path[400];

	cib_xml_set(l, "rsc", rsc);
	if (role)
		cib_xml_set(l, "role", role);
	cib_xml_set(l, "node", node);
	cib_xml_set(l, "score", score);
	cib_txn_add(txn, CIB_OP_DELETE, cli_path_id("rsc_location", id, path,
						    sizeof(path)),
		    NULL, NULL, CIB_OPF_MISSING_OK);
	cib_txn_add(txn, CIB_OP_CREATE, "/cib/configuration/constraints", l,
		    NULL, 0);
	xmlFreeNode(l);
}

/* The node a resource runs on, from the status section (last op). */
const char *cli_rsc_node(xmlDoc *doc, const char *rsc, char *buf,
			 size_t len);

static int do_move_ban(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		       char **argv, bool ban)
{
	char id[400], nodebuf[256];
	const char *node;

	if (argc < 1)
		return cli_err("usage: resource %s RESOURCE [NODE]",
			       ban ? "ban" : "move");
	if (!cli_find_rsc(doc, argv[0]))
		return cli_err("resource '%s' does not exist", argv[0]);
	node = argc > 1 ? argv[1] : NULL;
	if (!ban && node) {
		snprintf(id, sizeof(id), "cli-prefer-%s", argv[0]);
		location(txn, id, argv[0], node, "INFINITY", NULL);
		printf("Location constraint to move resource '%s' has been "
		       "created\n", argv[0]);
		return 0;
	}
	if (!node) {
		node = cli_rsc_node(doc, argv[0], nodebuf, sizeof(nodebuf));
		if (!node)
			return cli_err("resource '%s' is not running; name a "
				       "node", argv[0]);
	}
	snprintf(id, sizeof(id), "cli-ban-%s-on-%s", argv[0], node);
	cib_xml_sanitize_id(id);
	location(txn, id, argv[0], node, "-INFINITY", NULL);
	printf("Warning: Creating location constraint '%s' with a score of "
	       "-INFINITY for resource %s on %s.\n", id, argv[0], node);
	return 0;
}

static int do_move(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		   char **argv)
{
	return do_move_ban(c, doc, txn, argc, argv, false);
}

static int do_ban(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		  char **argv)
{
	return do_move_ban(c, doc, txn, argc, argv, true);
}

static int do_clear(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		    char **argv)
{
	char path[600];

	if (argc < 1)
		return cli_err("usage: resource clear RESOURCE [NODE]");
	if (argc > 1)
		snprintf(path, sizeof(path),
			 "/cib/configuration/constraints/rsc_location[@rsc='%s'"
			 " and @node='%s' and starts-with(@id,'cli-')]",
			 argv[0], argv[1]);
	else
		snprintf(path, sizeof(path),
			 "/cib/configuration/constraints/rsc_location[@rsc='%s'"
			 " and starts-with(@id,'cli-')]", argv[0]);
	cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL, CIB_OPF_MISSING_OK);
	return 0;
}

static int do_defaults(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		       char **argv, const char *section)
{
	struct cli_nv_owner o;
	char key[128];
	char setid[64];

	snprintf(setid, sizeof(setid), "%s-options", section);
	cli_nv_owner_section(doc, section, "meta_attributes", setid, &o);
	if (argc > 0 && is_word(argv[0], "update")) {
		argc--;
		argv++;
	}
	if (argc == 0) {
		xmlNode *set = o.el ? cib_child(o.el, "meta_attributes") : NULL;

		if (!set || !set->children)
			printf("No defaults set\n");
		for (xmlNode *p = set ? set->children : NULL; p; p = p->next)
			printf("%s: %s\n", cib_xml_get(p, "name"),
			       cib_xml_get(p, "value"));
		return 0;
	}
	for (int i = 0; i < argc; i++) {
		const char *v;

		if (!cli_is_kv(argv[i]))
			return cli_err("expected name=value, got '%s'",
				       argv[i]);
		v = cli_kv(argv[i], key, sizeof(key));
		cli_nv_set(txn, &o, key, v);
	}
	return 0;
}

static int do_rsc_defaults(struct cli *c, xmlDoc *doc, xmlDoc *txn,
			   int argc, char **argv)
{
	return do_defaults(c, doc, txn, argc, argv, "rsc_defaults");
}

static int do_op_defaults(struct cli *c, xmlDoc *doc, xmlDoc *txn,
			  int argc, char **argv)
{
	return do_defaults(c, doc, txn, argc, argv, "op_defaults");
}

/* cleanup [RSC] [--node NODE] / [node=NODE]: asks pacerd. */
static int do_cleanup(struct cli *c, int argc, char **argv)
{
	xmlNode *req = cib_xml_el(NULL, "request", NULL);
	xmlDoc *reply = NULL;
	int rc;

	if (c->file) {
		xmlFreeNode(req);
		return cli_err("cleanup needs a running cluster, not -f");
	}
	cib_xml_set(req, "cmd", "cleanup");
	for (int i = 0; i < argc; i++) {
		if (is_word(argv[i], "--node") && i + 1 < argc)
			cib_xml_set(req, "node", argv[++i]);
		else if (!strncmp(argv[i], "node=", 5))
			cib_xml_set(req, "node", argv[i] + 5);
		else
			cib_xml_set(req, "rsc", argv[i]);
	}
	rc = cli_request(req, &reply);
	xmlFreeNode(req);
	if (reply)
		printf("%s\n", cib_xml_get(xmlDocGetRootElement(reply),
					   "msg") ?: "");
	xmlFreeDoc(reply);
	return rc ? 1 : 0;
}

struct sub {
	const char *name;
	int (*fn)(struct cli *, xmlDoc *, xmlDoc *, int, char **);
};

static const struct sub subs[] = {
	{ "create", do_create },	{ "delete", do_delete },
	{ "remove", do_delete },	{ "update", do_update },
	{ "meta", do_meta },		{ "enable", do_enable_on },
	{ "disable", do_disable },	{ "clone", do_clone },
	{ "promotable", do_promotable }, { "master", do_master },
	{ "move", do_move },		{ "ban", do_ban },
	{ "clear", do_clear },		{ "unmove", do_clear },
	{ "defaults", do_rsc_defaults },
};

int cli_resource(struct cli *c, int argc, char **argv)
{
	if (argc == 0 || is_word(argv[0], "status") ||
	    is_word(argv[0], "show") || is_word(argv[0], "config"))
		return cli_config(c, 0, NULL);
	if (is_word(argv[0], "cleanup") || is_word(argv[0], "refresh"))
		return do_cleanup(c, argc - 1, argv + 1);
	if (is_word(argv[0], "group") && argc > 1 && is_word(argv[1], "add"))
		return cli_with_doc(c, argc - 2, argv + 2, do_group_add);
	if (is_word(argv[0], "op") && argc > 1 &&
	    is_word(argv[1], "defaults"))
		return cli_with_doc(c, argc - 2, argv + 2, do_op_defaults);
	for (size_t i = 0; i < sizeof(subs) / sizeof(*subs); i++)
		if (is_word(argv[0], subs[i].name))
			return cli_with_doc(c, argc - 1, argv + 1, subs[i].fn);
	return cli_err("unknown command 'resource %s'", argv[0]);
}
