// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib_status.c - reading the status section (node_state, lrm_resource,
 * lrm_rsc_op as Pacemaker writes them): where a resource runs and in which
 * role.
 */
#include <stdlib.h>
#include <string.h>

#include "cib.h"

xmlNode *cib_status_node(xmlDoc *doc, const char *uname)
{
	xmlNode *st = cib_child(xmlDocGetRootElement(doc), "status");

	for (xmlNode *n = st ? st->children : NULL; n; n = n->next) {
		const char *u = cib_xml_get(n, "uname");

		if (cib_is_el(n, "node_state") && u && !strcmp(u, uname))
			return n;
	}
	return NULL;
}

xmlNode *cib_status_lrm_rsc(xmlNode *node_state, const char *rsc)
{
	xmlNode *lrm = cib_child(node_state, "lrm");
	xmlNode *rs = cib_child(lrm, "lrm_resources");

	for (xmlNode *r = rs ? rs->children : NULL; r; r = r->next) {
		const char *id = cib_xml_get(r, "id");

		if (cib_is_el(r, "lrm_resource") && id && !strcmp(id, rsc))
			return r;
	}
	return NULL;
}

static long num(xmlNode *n, const char *attr)
{
	const char *v = cib_xml_get(n, attr);

	return v ? strtol(v, NULL, 10) : 0;
}

/* The newest non-recurring operation record of lrm_rsc, or NULL. */
static xmlNode *last_op(xmlNode *lrm_rsc, long *call)
{
	xmlNode *last = NULL;

	*call = -1;
	for (xmlNode *o = lrm_rsc ? lrm_rsc->children : NULL; o; o = o->next)
		if (cib_is_el(o, "lrm_rsc_op") && num(o, "interval") == 0 &&
		    (!last || num(o, "call-id") > *call)) {
			last = o;
			*call = num(o, "call-id");
		}
	return last;
}

enum cib_rsc_state cib_status_lrm_state(xmlNode *lrm_rsc)
{
	enum cib_rsc_state st = CIB_RSC_STOPPED;
	long rc, call;
	xmlNode *last = last_op(lrm_rsc, &call);

	if (!last)
		return CIB_RSC_STOPPED;
	rc = num(last, "rc-code");
	const char *op = cib_xml_get(last, "operation") ?: "";
	if (num(last, "op-status") == -1)	/* still running: see below */
		return !strcmp(op, "demote") ? CIB_RSC_PROMOTED :
		       !strcmp(op, "monitor") ? CIB_RSC_STOPPED :
		       CIB_RSC_STARTED;
	if (!strcmp(op, "stop"))
		st = rc == 0 ? CIB_RSC_STOPPED : CIB_RSC_FAILED;
	else if (!strcmp(op, "promote"))
		st = rc == 0 ? CIB_RSC_PROMOTED : CIB_RSC_FAILED;
	else if (rc == 0)
		st = CIB_RSC_STARTED;
	else if (rc == 8)
		st = CIB_RSC_PROMOTED;
	else if (rc == 7)
		st = CIB_RSC_STOPPED;
	else
		st = CIB_RSC_FAILED;
	/* a later recurring monitor that failed */
	for (xmlNode *o = lrm_rsc->children; o; o = o->next)
		if (cib_is_el(o, "lrm_rsc_op") && num(o, "interval") > 0 &&
		    num(o, "call-id") > call && num(o, "rc-code") != 0 &&
		    num(o, "rc-code") != 8)
			st = CIB_RSC_FAILED;
	return st;
}

/*
 * An operation the executor has begun and not finished is recorded with
 * op-status -1 (rc-code 193) in place of the last result, as Pacemaker's
 * record-pending does.  Until it ends the resource counts as running
 * (Promoted while a demote runs): a start may already have done its work,
 * a stop may not have.  For display: "Starting", "Stopping" ..., or NULL.
 */
const char *cib_status_lrm_pending(xmlNode *lrm_rsc)
{
	static const char *const ops[][2] = {
		{ "start", "Starting" }, { "stop", "Stopping" },
		{ "promote", "Promoting" }, { "demote", "Demoting" },
		{ "migrate_to", "Migrating" }, { "migrate_from", "Migrating" },
	};
	long call;
	xmlNode *last = last_op(lrm_rsc, &call);

	if (!last || num(last, "op-status") != -1)
		return NULL;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(cib_xml_get(last, "operation") ?: "", ops[i][0]))
			return ops[i][1];
	return NULL;
}

enum cib_rsc_state cib_status_state(xmlDoc *doc, const char *uname,
				    const char *rsc)
{
	return cib_status_lrm_state(
		cib_status_lrm_rsc(cib_status_node(doc, uname), rsc));
}

const char *cib_rsc_state_name(enum cib_rsc_state s)
{
	static const char *const names[] = { "Stopped", "Started", "Promoted",
					     "FAILED" };

	return names[s];
}
