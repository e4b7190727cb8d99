// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_misc.c - property set, node standby/unstandby, config, cib show,
 * verify and status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cib.h"
#include "cli.h"
#include "cli_nv.h"

void cli_print_constraints(xmlDoc *doc);

int cli_with_doc(struct cli *c, int argc, char **argv,
		 int (*fn)(struct cli *, xmlDoc *, xmlDoc *, int, char **))
{
	xmlDoc *doc = NULL, *txn;
	int rc;

	if (cli_cib_get(c, &doc))
		return 1;
	txn = cib_txn_new();
	rc = fn(c, doc, txn, argc, argv);
	if (!rc)
		rc = cli_commit(c, txn);
	xmlFreeDoc(txn);
	xmlFreeDoc(doc);
	return rc;
}

static int property_set(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			char **argv)
{
	struct cli_nv_owner o;
	char key[128];

	if (argc < 1)
		return cli_err("usage: property set NAME=VALUE...");
	cli_nv_owner_section(doc, "crm_config", "cluster_property_set",
			     "cib-bootstrap-options", &o);
	/* crm_config always exists; merge there, not at configuration */
	snprintf(o.tag, sizeof(o.tag), "crm_config");
	snprintf(o.path, sizeof(o.path), "/cib/configuration/crm_config");
	o.section = NULL;
	for (int i = 0; i < argc; i++) {
		const char *v;

		if (!cli_is_kv(argv[i]))
			return cli_err("expected NAME=VALUE, got '%s'",
				       argv[i]);
		v = cli_kv(argv[i], key, sizeof(key));
		cli_nv_set(txn, &o, key, v);
	}
	return 0;
}

static int property_unset(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			  char **argv)
{
	char path[400];

	for (int i = 0; i < argc; i++) {
		snprintf(path, sizeof(path),
			 "/cib/configuration/crm_config/cluster_property_set/"
			 "nvpair[@name='%s']", argv[i]);
		cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL,
			    CIB_OPF_MISSING_OK);
	}
	return 0;
}

static void print_properties(xmlDoc *doc)
{
	xmlNode *crm = cib_doc_section(doc, "crm_config");

	printf("Cluster Properties:\n");
	for (xmlNode *s = crm->children; s; s = s->next)
		for (xmlNode *p = cib_is_el(s, NULL) ? s->children : NULL; p;
		     p = p->next)
			if (cib_is_el(p, "nvpair"))
				printf(" %s: %s\n", cib_xml_get(p, "name"),
				       cib_xml_get(p, "value"));
}

int cli_property(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL;

	if (argc > 0 && !strcmp(argv[0], "set"))
		return cli_with_doc(c, argc - 1, argv + 1, property_set);
	if (argc > 0 && !strcmp(argv[0], "unset"))
		return cli_with_doc(c, argc - 1, argv + 1, property_unset);
	if (argc == 0 || !strcmp(argv[0], "show") ||
	    !strcmp(argv[0], "config") || !strcmp(argv[0], "list")) {
		if (cli_cib_get(c, &doc))
			return 1;
		print_properties(doc);
		xmlFreeDoc(doc);
		return 0;
	}
	return cli_err("unknown command 'property %s'", argv[0]);
}

static xmlNode *find_node(xmlDoc *doc, const char *uname)
{
	xmlNode *nodes = cib_doc_section(doc, "nodes");

	for (xmlNode *n = nodes->children; n; n = n->next) {
		const char *u = cib_xml_get(n, "uname");

		if (cib_is_el(n, "node") && u && !strcmp(u, uname))
			return n;
	}
	return NULL;
}

static int node_standby(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			char **argv, const char *value)
{
	struct cli_nv_owner o;
	xmlNode *n;

	if (argc < 1)
		return cli_err("usage: node standby|unstandby NODE...");
	for (int i = 0; i < argc; i++) {
		n = find_node(doc, argv[i]);
		if (!n)
			return cli_err("node '%s' does not appear to exist in "
				       "configuration", argv[i]);
		memset(&o, 0, sizeof(o));
		o.el = n;
		snprintf(o.tag, sizeof(o.tag), "node");
		snprintf(o.id, sizeof(o.id), "%s", cib_xml_get(n, "id"));
		snprintf(o.path, sizeof(o.path),
			 "/cib/configuration/nodes/node[@id='%s']", o.id);
		snprintf(o.settag, sizeof(o.settag), "instance_attributes");
		snprintf(o.setid, sizeof(o.setid), "nodes-%s", o.id);
		cli_nv_set(txn, &o, "standby", value);
	}
	return 0;
}

static int do_standby(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		      char **argv)
{
	return node_standby(c, doc, txn, argc, argv, "on");
}

static int do_unstandby(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
			char **argv)
{
	return node_standby(c, doc, txn, argc, argv, "off");
}

int cli_node(struct cli *c, int argc, char **argv)
{
	if (argc > 0 && !strcmp(argv[0], "standby"))
		return cli_with_doc(c, argc - 1, argv + 1, do_standby);
	if (argc > 0 && !strcmp(argv[0], "unstandby"))
		return cli_with_doc(c, argc - 1, argv + 1, do_unstandby);
	return cli_err("usage: node standby|unstandby NODE...");
}

static const char *agent_name(xmlNode *p, char *buf, size_t len)
{
	const char *prov = cib_xml_get(p, "provider");

	snprintf(buf, len, "%s:%s%s%s", cib_xml_get(p, "class") ?: "?",
		 prov ? prov : "", prov ? ":" : "",
		 cib_xml_get(p, "type") ?: "?");
	return buf;
}

static void print_sets(xmlNode *r, const char *indent)
{
	for (xmlNode *s = r->children; s; s = s->next) {
		const char *label = cib_is_el(s, "instance_attributes") ?
					    "Attributes" :
				    cib_is_el(s, "meta_attributes") ?
					    "Meta Attrs" : NULL;

		if (!label)
			continue;
		printf("%s%s:", indent, label);
		for (xmlNode *p = s->children; p; p = p->next)
			if (cib_is_el(p, "nvpair"))
				printf(" %s=%s", cib_xml_get(p, "name"),
				       cib_xml_get(p, "value"));
		printf("\n");
	}
}

static void print_rsc(xmlNode *r, int depth)
{
	char ind[32], buf[300];

	snprintf(ind, sizeof(ind), "%*s", depth * 2 + 1, "");
	if (cib_is_el(r, "primitive")) {
		printf("%sResource: %s (%s)\n", ind, cib_xml_get(r, "id"),
		       agent_name(r, buf, sizeof(buf)));
		strcat(ind, "  ");
		print_sets(r, ind);
		for (xmlNode *ops = cib_child(r, "operations"),
			     *o = ops ? ops->children : NULL; o; o = o->next) {
			if (!cib_is_el(o, "op"))
				continue;
			printf("%sOperation: %s interval=%s%s%s%s%s (%s)\n",
			       ind, cib_xml_get(o, "name"),
			       cib_xml_get(o, "interval"),
			       cib_xml_get(o, "timeout") ? " timeout=" : "",
			       cib_xml_get(o, "timeout") ?: "",
			       cib_xml_get(o, "role") ? " role=" : "",
			       cib_xml_get(o, "role") ?: "",
			       cib_xml_get(o, "id"));
		}
		return;
	}
	printf("%s%s: %s\n", ind,
	       cib_is_el(r, "group") ? "Group" :
	       cib_is_el(r, "master") ? "Master" : "Clone",
	       cib_xml_get(r, "id"));
	snprintf(buf, sizeof(buf), "%s  ", ind);
	print_sets(r, buf);
	for (xmlNode *ch = r->children; ch; ch = ch->next)
		if (cli_is_rsc_el(ch))
			print_rsc(ch, depth + 1);
}

int cli_config(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL;
	xmlNode *rscs;

	if (cli_cib_get(c, &doc))
		return 1;
	rscs = cib_doc_section(doc, "resources");
	printf("Resources:\n");
	for (xmlNode *r = rscs->children; r; r = r->next)
		if (cli_is_rsc_el(r) && !(cib_is_el(r, "primitive") &&
					  !strcmp(cib_xml_get(r, "class") ?: "",
						  "stonith")))
			print_rsc(r, 0);
	printf("\nStonith Devices:\n");
	for (xmlNode *r = rscs->children; r; r = r->next)
		if (cib_is_el(r, "primitive") &&
		    !strcmp(cib_xml_get(r, "class") ?: "", "stonith"))
			print_rsc(r, 0);
	printf("\n");
	cli_print_constraints(doc);
	printf("\n");
	print_properties(doc);
	xmlFreeDoc(doc);
	return 0;
}

int cli_cib_show(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL;
	char *buf;
	size_t len;

	if (cli_cib_get(c, &doc))
		return 1;
	if (cib_doc_dump(doc, &buf, &len) == 0) {
		fwrite(buf, 1, len, stdout);
		free(buf);
	}
	xmlFreeDoc(doc);
	return 0;
}

static bool has_stonith_rsc(xmlNode *n)
{
	for (; n; n = n->next) {
		if (cib_is_el(n, "primitive") &&
		    !strcmp(cib_xml_get(n, "class") ?: "", "stonith"))
			return true;
		if (cib_is_el(n, NULL) && has_stonith_rsc(n->children))
			return true;
	}
	return false;
}

int cli_verify_doc(xmlDoc *doc, bool verbose)
{
	char buf[64];
	const char *se;
	int errors = 0;

	if (cib_doc_validate(doc)) {
		fprintf(stderr, "error: %s\n", cib_strerror());
		errors++;
	}
	se = cib_doc_property(doc, "stonith-enabled", buf, sizeof(buf));
	if ((!se || (strcmp(se, "false") && strcmp(se, "0") &&
		     strcmp(se, "no") && strcmp(se, "off"))) &&
	    !has_stonith_rsc(cib_doc_section(doc, "resources")->children)) {
		fprintf(stderr,
			"error: Resource start-up disabled since no STONITH "
			"resources have been defined\n"
			"error: Either configure some or disable STONITH with "
			"the stonith-enabled option\n"
			"error: NOTE: Clusters with shared data need STONITH "
			"to ensure data integrity\n");
		errors++;
	}
	if (errors)
		fprintf(stderr, "Errors found during check: config not "
				"valid\n");
	else if (verbose)
		printf("Configuration is valid\n");
	return errors ? 1 : 0;
}

int cli_verify(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL;
	int rc;

	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-x") && i + 1 < argc)
			c->file = argv[++i];
	if (cli_cib_get(c, &doc))
		return 1;
	rc = cli_verify_doc(doc, true);
	xmlFreeDoc(doc);
	return rc;
}
