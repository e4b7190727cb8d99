// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_attr.c - crm_attribute / crm_master compatibility, so existing
 * agents can set promotion scores and node attributes through pacerd.
 * pacer-cli behaves as this command when called by one of those names
 * (the executor puts such links first, through HA_SBIN_DIR).
 *
 *   crm_attribute [-N NODE] -n NAME [-v VALUE | -D | -G] [-l reboot|forever]
 *   crm_attribute --promotion[=RSC] [-v SCORE | -D | -G]
 *   crm_master [-l reboot] [-v SCORE | -D | -G]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cib.h"
#include "cli.h"

static const char *node_id(xmlDoc *doc, const char *uname)
{
	xmlNode *nodes = cib_doc_section(doc, "nodes");

	for (xmlNode *n = nodes->children; n; n = n->next)
		if (cib_is_el(n, "node") &&
		    !strcmp(cib_xml_get(n, "uname") ?: "", uname))
			return cib_xml_get(n, "id");
	return NULL;
}

static char *promotion_name(const char *rsc)
{
	static char buf[300];
	const char *inst = rsc ? rsc : getenv("OCF_RESOURCE_INSTANCE");
	char *colon;

	snprintf(buf, sizeof(buf), "master-%s", inst ? inst : "");
	colon = strrchr(buf, ':');
	if (colon)
		*colon = 0;
	return buf;
}

int cli_crm_attribute(int argc, char **argv, bool master)
{
	static const struct option opts[] = {
		{ "node", 1, NULL, 'N' },	{ "name", 1, NULL, 'n' },
		{ "update", 1, NULL, 'v' },	{ "attr-value", 1, NULL, 'v' },
		{ "delete", 0, NULL, 'D' },	{ "delete-attr", 0, NULL, 'D' },
		{ "query", 0, NULL, 'G' },	{ "get-value", 0, NULL, 'G' },
		{ "quiet", 0, NULL, 'q' },	{ "lifetime", 1, NULL, 'l' },
		{ "type", 1, NULL, 't' },	{ "promotion", 2, NULL, 'p' },
		{ "resource", 1, NULL, 'r' },	{ "id", 1, NULL, 'i' },
		{ "uname", 1, NULL, 'N' },	{ "verbose", 0, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *node = getenv("OCF_RESKEY_CRM_meta_on_node");
	const char *name = NULL, *value = NULL, *life = "reboot";
	bool del = false, query = false, quiet = false;
	struct cli c = { .prog = "crm_attribute" };
	xmlDoc *doc = NULL, *txn;
	const char *id;
	char path[600];
	int o, rc;

	if (getenv("PACER_ATTR_OFFLINE"))
		return 0;	/* the executor stops resources without a cluster */
	if (master)
		name = promotion_name(NULL);
	while ((o = getopt_long(argc, argv, "N:n:v:DGql:t:p::r:i:VU:Q", opts,
				NULL)) != -1) {
		switch (o) {
		case 'N': case 'U': node = optarg; break;
		case 'n': name = optarg; break;
		case 'v': value = optarg; break;
		case 'D': del = true; break;
		case 'G': query = true; break;
		case 'q': case 'Q': quiet = true; break;
		case 'l': life = optarg; break;
		case 't':
			life = strcmp(optarg, "status") ? "forever" : "reboot";
			break;
		case 'p': name = promotion_name(optarg); break;
		case 'r': name = promotion_name(optarg); break;
		case 'i': case 'V': break;
		default: return cli_err("crm_attribute: bad option");
		}
	}
	if (!name)
		return cli_err("crm_attribute: no attribute name (-n)");
	if (cli_cib_get(&c, &doc))
		return 1;
	if (!node) {
		/* the local node: pacerd's status reply names it */
		xmlNode *req = cib_xml_el(NULL, "request", NULL);
		xmlDoc *reply = NULL;
		xmlNode *st;

		cib_xml_set(req, "cmd", "status");
		if (cli_request(req, &reply) == 0) {
			st = cib_child(xmlDocGetRootElement(reply),
				       "pacer_status");
			node = strdup(cib_xml_get(st, "node") ?: "");
		}
		xmlFreeNode(req);
		xmlFreeDoc(reply);
	}
	id = node ? node_id(doc, node) : NULL;
	if (!id) {
		xmlFreeDoc(doc);
		return cli_err("crm_attribute: unknown node '%s'",
			       node ? node : "");
	}
	if (query) {
		xmlNode *n = cib_status_node(doc, node);
		const char *v = NULL;

		for (xmlNode *t = cib_child(n, "transient_attributes"),
			     *s = t ? t->children : NULL; s; s = s->next)
			for (xmlNode *p = s->children; p; p = p->next)
				if (!strcmp(cib_xml_get(p, "name") ?: "", name))
					v = cib_xml_get(p, "value");
		if (quiet)
			printf("%s\n", v ? v : "");
		else
			printf("scope=status  name=%s value=%s\n", name,
			       v ? v : "(null)");
		xmlFreeDoc(doc);
		return v ? 0 : 6;
	}
	txn = cib_txn_new();
	if (del || !value) {
		snprintf(path, sizeof(path),
			 "/cib/status/node_state[@uname='%s']/"
			 "transient_attributes//nvpair[@name='%s']",
			 node, name);
		cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL,
			    CIB_OPF_MISSING_OK);
	} else {
		xmlNode *st = cib_xml_el(NULL, "status", NULL);
		xmlNode *ns = cib_xml_el(st, "node_state", id);
		char sid[64];

		cib_xml_set(ns, "uname", node);
		snprintf(sid, sizeof(sid), "status-%s", id);
		cib_xml_nvpair(cib_xml_el(cib_xml_el(ns, "transient_attributes",
						     id),
					  "instance_attributes", sid),
			       name, value);
		cib_txn_add(txn, CIB_OP_MERGE, "/cib/status", st, NULL, 0);
		xmlFreeNode(st);
	}
	(void)life;
	rc = cli_commit(&c, txn);
	xmlFreeDoc(txn);
	xmlFreeDoc(doc);
	return rc;
}
