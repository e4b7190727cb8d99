/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli_nv.h - name=value settings (properties, meta, defaults, node attrs). */
#ifndef PACER_CLI_NV_H
#define PACER_CLI_NV_H

#include <libxml/tree.h>

/* Where a setting lives: the owner element (in the current CIB, may be
 * NULL), the set tag and the id a new set gets. */
struct cli_nv_owner {
	xmlNode *el;
	char tag[32];		/* owner's tag, "configuration" for sections */
	char id[256];		/* owner's id (none for sections) */
	char path[300];		/* XPath the merge goes to */
	char settag[32];	/* meta_attributes, instance_attributes, … */
	char setid[300];
	const char *section;	/* crm_config, rsc_defaults, … or NULL */
};

/* value NULL or "": remove the setting. */
void cli_nv_set(xmlDoc *txn, const struct cli_nv_owner *o, const char *name,
		const char *value);
const char *cli_nv_get(const struct cli_nv_owner *o, const char *name);
int cli_nv_owner_rsc(xmlDoc *doc, const char *rsc, const char *settag,
		     struct cli_nv_owner *ret);
void cli_nv_owner_section(xmlDoc *doc, const char *section,
			  const char *settag, const char *setid,
			  struct cli_nv_owner *ret);

#endif
