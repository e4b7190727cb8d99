// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_status.c - `pacer status`, laid out like `pcs status`: summary, node
 * list, and where every resource runs (from the status section the
 * executors write).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cib.h"
#include "cli.h"

struct view {
	xmlDoc *doc;
	xmlNode *info;		/* <pacer_status> from pacerd, or NULL */
	const char *online[64];
	int nonline;
};

static bool node_online(struct view *v, const char *uname)
{
	for (int i = 0; i < v->nonline; i++)
		if (!strcmp(v->online[i], uname))
			return true;
	return false;
}

static void collect_online(struct view *v)
{
	xmlNode *st = cib_doc_section(v->doc, "status");

	if (v->info) {
		for (xmlNode *m = v->info->children; m && v->nonline < 64;
		     m = m->next)
			if (cib_is_el(m, "member"))
				v->online[v->nonline++] =
					cib_xml_get(m, "uname");
		return;
	}
	for (xmlNode *n = st->children; n && v->nonline < 64; n = n->next) {
		const char *ccm = cib_xml_get(n, "in_ccm");

		if (cib_is_el(n, "node_state") && ccm && !strcmp(ccm, "true"))
			v->online[v->nonline++] = cib_xml_get(n, "uname");
	}
}

const char *cli_rsc_node(xmlDoc *doc, const char *rsc, char *buf,
			 size_t len)
{
	xmlNode *st = cib_doc_section(doc, "status");
	xmlNode *r = cli_find_rsc(doc, rsc);

	/* a group runs where its first member runs */
	if (r && cib_is_el(r, "group")) {
		for (xmlNode *ch = r->children; ch; ch = ch->next)
			if (cib_is_el(ch, "primitive")) {
				rsc = cib_xml_get(ch, "id");
				break;
			}
	}
	for (xmlNode *n = st->children; n; n = n->next) {
		enum cib_rsc_state s;

		if (!cib_is_el(n, "node_state"))
			continue;
		s = cib_status_lrm_state(cib_status_lrm_rsc(n, rsc));
		if (s == CIB_RSC_STARTED || s == CIB_RSC_PROMOTED) {
			snprintf(buf, len, "%s", cib_xml_get(n, "uname"));
			return buf;
		}
	}
	return NULL;
}

static const char *agent(xmlNode *p, char *buf, size_t len)
{
	const char *prov = cib_xml_get(p, "provider");

	snprintf(buf, len, "%s:%s%s%s", cib_xml_get(p, "class"),
		 prov ? prov : "", prov ? ":" : "", cib_xml_get(p, "type"));
	return buf;
}

static bool disabled(xmlNode *r)
{
	for (; r && !cib_is_el(r, "resources"); r = r->parent) {
		xmlNode *m = cib_child(r, "meta_attributes");

		for (xmlNode *p = m ? m->children : NULL; p; p = p->next) {
			const char *n = cib_xml_get(p, "name");
			const char *val = cib_xml_get(p, "value");

			if (n && !strcmp(n, "target-role") && val &&
			    !strcmp(val, "Stopped"))
				return true;
		}
	}
	return false;
}

static void print_primitive(struct view *v, xmlNode *p, const char *ind)
{
	xmlNode *st = cib_doc_section(v->doc, "status");
	const char *id = cib_xml_get(p, "id");
	char buf[300], where[1024] = "";
	enum cib_rsc_state best = CIB_RSC_STOPPED;
	const char *pending = NULL;

	for (xmlNode *n = st->children; n; n = n->next) {
		xmlNode *lr;
		enum cib_rsc_state s;

		if (!cib_is_el(n, "node_state") ||
		    !node_online(v, cib_xml_get(n, "uname")))
			continue;	/* an offline node runs nothing */
		lr = cib_status_lrm_rsc(n, id);
		s = cib_status_lrm_state(lr);
		if (s == CIB_RSC_STOPPED)
			continue;
		if (best == CIB_RSC_STOPPED || s == CIB_RSC_FAILED)
			best = s;
		pending = pending ?: cib_status_lrm_pending(lr);
		snprintf(where + strlen(where), sizeof(where) - strlen(where),
			 " %s", cib_xml_get(n, "uname"));
	}
	/* an operation under way reads as Pacemaker shows it: Starting n1 */
	printf("%s* %s\t(%s):\t %s%s%s\n", ind, id, agent(p, buf, sizeof(buf)),
	       pending && best != CIB_RSC_FAILED ? pending :
	       cib_rsc_state_name(best), where,
	       disabled(p) ? " (disabled)" : "");
}

static void print_clone(struct view *v, xmlNode *cl, const char *ind)
{
	xmlNode *st = cib_doc_section(v->doc, "status"), *p = NULL;
	char prom[1024] = "", started[1024] = "", failed[1024] = "",
	     stopped[1024] = "";
	bool promotable = cib_is_el(cl, "master");
	xmlNode *m = cib_child(cl, "meta_attributes");
	xmlNode *nodes = cib_doc_section(v->doc, "nodes");

	for (xmlNode *x = cl->children; x; x = x->next)
		if (cli_is_rsc_el(x))
			p = x;
	for (xmlNode *x = m ? m->children : NULL; x; x = x->next)
		if (!strcmp(cib_xml_get(x, "name") ?: "", "promotable") &&
		    !strcmp(cib_xml_get(x, "value") ?: "", "true"))
			promotable = true;
	if (!p)
		return;
	printf("%s* Clone Set: %s [%s]%s:\n", ind, cib_xml_get(cl, "id"),
	       cib_xml_get(p, "id"), promotable ? " (promotable)" : "");
	for (xmlNode *n = nodes->children; n; n = n->next) {
		const char *u = cib_xml_get(n, "uname"), *pend;
		xmlNode *lr;
		enum cib_rsc_state s;
		char *dst, buf[300];

		if (!cib_is_el(n, "node") || !u)
			continue;
		lr = node_online(v, u) ? cib_status_lrm_rsc(
			cib_status_node(v->doc, u), cib_xml_get(p, "id")) :
			NULL;
		s = lr ? cib_status_lrm_state(lr) : CIB_RSC_STOPPED;
		pend = lr ? cib_status_lrm_pending(lr) : NULL;
		if (pend) {	/* an instance in transition: a line of its own */
			printf("%s  * %s\t(%s):\t %s %s\n", ind,
			       cib_xml_get(p, "id"), agent(p, buf, sizeof(buf)),
			       pend, u);
			continue;
		}
		dst = s == CIB_RSC_PROMOTED ? prom :
		      s == CIB_RSC_STARTED ? started :
		      s == CIB_RSC_FAILED ? failed : stopped;
		snprintf(dst + strlen(dst), 1024 - strlen(dst), " %s", u);
	}
	(void)st;
	if (prom[0])
		printf("%s  * Promoted: [%s ]\n", ind, prom);
	if (started[0])
		printf("%s  * %s: [%s ]\n", ind,
		       promotable ? "Unpromoted" : "Started", started);
	if (failed[0])
		printf("%s  * FAILED: [%s ]\n", ind, failed);
	if (stopped[0])
		printf("%s  * Stopped: [%s ]\n", ind, stopped);
}

static void print_resources(struct view *v)
{
	xmlNode *rscs = cib_doc_section(v->doc, "resources");

	printf("Full List of Resources:\n");
	if (!rscs->children)
		printf("  * No resources\n");
	for (xmlNode *r = rscs->children; r; r = r->next) {
		if (cib_is_el(r, "primitive")) {
			print_primitive(v, r, "  ");
		} else if (cib_is_el(r, "group")) {
			printf("  * Resource Group: %s%s:\n",
			       cib_xml_get(r, "id"),
			       disabled(r) ? " (disabled)" : "");
			for (xmlNode *p = r->children; p; p = p->next)
				if (cib_is_el(p, "primitive"))
					print_primitive(v, p, "    ");
		} else if (cib_is_el(r, "clone") || cib_is_el(r, "master")) {
			print_clone(v, r, "  ");
		}
	}
}

static int count_instances(xmlNode *n)
{
	int c = 0;

	for (; n; n = n->next)
		if (cib_is_el(n, "primitive"))
			c++;
		else if (cib_is_el(n, NULL))
			c += count_instances(n->children);
	return c;
}

static void print_summary(struct view *v)
{
	xmlNode *nodes = cib_doc_section(v->doc, "nodes");
	char tbuf[64];
	time_t now = time(NULL);
	int nn = 0;
	const char *dc = v->info ? cib_xml_get(v->info, "dc") : NULL;
	const char *q = v->info ? cib_xml_get(v->info, "quorate") : NULL;

	for (xmlNode *n = nodes->children; n; n = n->next)
		nn += cib_is_el(n, "node");
	strftime(tbuf, sizeof(tbuf), "%a %b %e %H:%M:%S %Y", localtime(&now));
	printf("Cluster name: %s\n", v->info ?
	       cib_xml_get(v->info, "cluster_name") ?: "" : "");
	printf("Cluster Summary:\n  * Stack: corosync\n");
	if (dc && *dc)
		printf("  * Current DC: %s (pacer) - partition %s\n", dc,
		       q && !strcmp(q, "1") ? "with quorum" :
					      "WITHOUT quorum");
	else
		printf("  * Current DC: NONE%s\n", q && !strcmp(q, "0") ?
		       " - partition WITHOUT quorum" : "");
	printf("  * Last updated: %s\n", tbuf);
	printf("  * %d nodes configured\n", nn);
	printf("  * %d resource instances configured\n\n",
	       count_instances(cib_doc_section(v->doc, "resources")->children));
	printf("Node List:\n");
	printf("  * Online: [");
	for (xmlNode *n = nodes->children; n; n = n->next)
		if (cib_is_el(n, "node") &&
		    node_online(v, cib_xml_get(n, "uname")))
			printf(" %s", cib_xml_get(n, "uname"));
	printf(" ]\n");
	bool any = false;
	for (xmlNode *n = nodes->children; n; n = n->next)
		if (cib_is_el(n, "node") &&
		    !node_online(v, cib_xml_get(n, "uname"))) {
			printf(any ? " %s" : "  * OFFLINE: [ %s",
			       cib_xml_get(n, "uname"));
			any = true;
		}
	if (any)
		printf(" ]\n");
	printf("\n");
}

int cli_status(struct cli *c, int argc, char **argv)
{
	struct view v = { 0 };
	xmlDoc *reply = NULL;
	xmlNode *req;
	int rc;

	if (c->file) {
		if (cli_cib_get(c, &v.doc))
			return 1;
	} else {
		req = cib_xml_el(NULL, "request", NULL);
		cib_xml_set(req, "cmd", "status");
		rc = cli_request(req, &reply);
		xmlFreeNode(req);
		if (rc) {
			xmlFreeDoc(reply);
			return 1;
		}
		v.info = cib_child(xmlDocGetRootElement(reply), "pacer_status");
		v.doc = xmlNewDoc((const xmlChar *)"1.0");
		xmlDocSetRootElement(v.doc, xmlDocCopyNode(
			cib_child(xmlDocGetRootElement(reply), "cib"), v.doc,
			1));
	}
	collect_online(&v);
	if (argc > 0 && (!strcmp(argv[0], "resources") ||
			 !strcmp(argv[0], "resource"))) {
		print_resources(&v);
	} else {
		print_summary(&v);
		print_resources(&v);
		printf("\nDaemon Status:\n  corosync: %s\n  pacerd: %s\n",
		       v.info ? "active" : "unknown",
		       v.info ? "active" : "unknown");
	}
	xmlFreeDoc(v.doc);
	xmlFreeDoc(reply);
	return 0;
}
