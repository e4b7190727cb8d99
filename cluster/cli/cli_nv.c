// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_nv.c - name=value settings as CIB operations.
 *
 * A setting is written as a merge at its owner (crm_config, a resource, a
 * node, rsc_defaults …) carrying the set and the nvpair with their ids:
 * merges upsert by id, so two nodes changing different settings at the
 * same time both succeed in whatever order Corosync delivers them.
 */
#include <stdio.h>
#include <string.h>

#include "cib.h"
#include "cli.h"
#include "cli_nv.h"

/* The existing set under owner (prefer_id first), or NULL. */
static xmlNode *find_set(xmlNode *owner, const char *settag,
			 const char *prefer_id)
{
	xmlNode *first = NULL;

	for (xmlNode *s = owner ? owner->children : NULL; s; s = s->next) {
		const char *id = cib_xml_get(s, "id");

		if (!cib_is_el(s, settag))
			continue;
		if (prefer_id && id && !strcmp(id, prefer_id))
			return s;
		if (!first)
			first = s;
	}
	return first;
}

static xmlNode *find_nv(xmlNode *set, const char *name)
{
	for (xmlNode *p = set ? set->children : NULL; p; p = p->next) {
		const char *n = cib_xml_get(p, "name");

		if (cib_is_el(p, "nvpair") && n && !strcmp(n, name))
			return p;
	}
	return NULL;
}

void cli_nv_set(xmlDoc *txn, const struct cli_nv_owner *o, const char *name,
		const char *value)
{
	xmlNode *set = find_set(o->el, o->settag, o->setid);
	xmlNode *nv = find_nv(set, name);
	xmlNode *top, *mset, *mnv;
	char path[600];

	if (!value || !*value) {
		snprintf(path, sizeof(path), "%s%s%s/%s/nvpair[@name='%s']",
			 o->path, o->section ? "/" : "",
			 o->section ? o->section : "", o->settag, name);
		cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL,
			    CIB_OPF_MISSING_OK);
		return;
	}
	top = cib_xml_el(NULL, o->tag,
			 (o->section || !o->id[0]) ? NULL : o->id);
	mset = cib_xml_el(o->section ? cib_xml_el(top, o->section, NULL) : top,
			  o->settag,
			  set ? cib_xml_get(set, "id") : o->setid);
	if (nv) {
		mnv = cib_xml_el(mset, "nvpair", cib_xml_get(nv, "id"));
		cib_xml_set(mnv, "name", name);
		cib_xml_set(mnv, "value", value);
	} else {
		cib_xml_nvpair(mset, name, value);
	}
	cib_txn_add(txn, CIB_OP_MERGE, o->path, top, NULL, 0);
	xmlFreeNode(top);
}

const char *cli_nv_get(const struct cli_nv_owner *o, const char *name)
{
	xmlNode *nv = find_nv(find_set(o->el, o->settag, o->setid), name);

	return nv ? cib_xml_get(nv, "value") : NULL;
}

int cli_nv_owner_rsc(xmlDoc *doc, const char *rsc, const char *settag,
		     struct cli_nv_owner *ret)
{
	xmlNode *r = cli_find_rsc(doc, rsc);
	const char *suffix = strcmp(settag, "meta_attributes") ?
				     "instance_attributes" : "meta_attributes";

	if (!r)
		return -1;
	memset(ret, 0, sizeof(*ret));
	ret->el = r;
	snprintf(ret->tag, sizeof(ret->tag), "%s", (const char *)r->name);
	snprintf(ret->id, sizeof(ret->id), "%s", rsc);
	snprintf(ret->path, sizeof(ret->path), "//%s[@id='%s']", ret->tag,
		 rsc);
	snprintf(ret->settag, sizeof(ret->settag), "%s", settag);
	snprintf(ret->setid, sizeof(ret->setid), "%s-%s", rsc, suffix);
	cib_xml_sanitize_id(ret->setid);
	return 0;
}

void cli_nv_owner_section(xmlDoc *doc, const char *section,
			  const char *settag, const char *setid,
			  struct cli_nv_owner *ret)
{
	xmlNode *cfg = cib_child(xmlDocGetRootElement(doc), "configuration");

	memset(ret, 0, sizeof(*ret));
	ret->el = cib_child(cfg, section);
	snprintf(ret->tag, sizeof(ret->tag), "configuration");
	snprintf(ret->path, sizeof(ret->path), "/cib/configuration");
	snprintf(ret->settag, sizeof(ret->settag), "%s", settag);
	snprintf(ret->setid, sizeof(ret->setid), "%s", setid);
	ret->section = section;
}
