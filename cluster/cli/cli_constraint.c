// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_constraint.c - `pacer constraint …`: location prefers/avoids,
 * colocation add (with roles), order (with actions), remove, and the
 * listing.  Ids as pcs makes them: location-RSC-NODE-SCORE,
 * colocation-RSC-WITH-SCORE, order-FIRST-THEN-mandatory.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cib.h"
#include "cli.h"

static int check_rsc(xmlDoc *doc, const char *rsc)
{
	if (cli_find_rsc(doc, rsc))
		return 0;
	return cli_err("resource '%s' does not exist", rsc);
}

/* A unique constraint id: base, or base-1, base-2 … with --force. */
static int unique_id(struct cli *c, xmlDoc *doc, const char *base, char *buf,
		     size_t len)
{
	snprintf(buf, len, "%s", base);
	cib_xml_sanitize_id(buf);
	if (!cib_doc_find_id(doc, buf))
		return 0;
	if (!c->force)
		return cli_err("duplicate constraint already exists (%s); "
			       "use --force to add it anyway", buf);
	for (int i = 1;; i++) {
		snprintf(buf, len, "%s-%d", base, i);
		cib_xml_sanitize_id(buf);
		if (!cib_doc_find_id(doc, buf))
			return 0;
	}
}

static void add_constraint(xmlDoc *txn, xmlNode *x)
{
	cib_txn_add(txn, CIB_OP_CREATE, "/cib/configuration/constraints", x,
		    NULL, 0);
	xmlFreeNode(x);
}

/* location RSC prefers|avoids NODE[=SCORE]…  |  location add ID RSC NODE
 * SCORE */
static int location(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		    char **argv)
{
	bool avoids;
	char id[600], base[600];

	if (argc >= 5 && !strcmp(argv[0], "add")) {
		xmlNode *l;

		if (check_rsc(doc, argv[2]) || unique_id(c, doc, argv[1], id,
							 sizeof(id)))
			return 1;
		l = cib_xml_el(NULL, "rsc_location", id);
		cib_xml_set(l, "rsc", argv[2]);
		cib_xml_set(l, "node", argv[3]);
		cib_xml_set(l, "score", argv[4]);
		add_constraint(txn, l);
		return 0;
	}
	if (argc < 3 || (strcmp(argv[1], "prefers") &&
			 strcmp(argv[1], "avoids")))
		return cli_err("usage: constraint location RESOURCE "
			       "prefers|avoids NODE[=SCORE]...");
	if (check_rsc(doc, argv[0]))
		return 1;
	avoids = !strcmp(argv[1], "avoids");
	for (int i = 2; i < argc; i++) {
		char node[256], score[64];
		const char *eq = strchr(argv[i], '=');
		xmlNode *l;

		snprintf(node, sizeof(node), "%.*s",
			 eq ? (int)(eq - argv[i]) : (int)strlen(argv[i]),
			 argv[i]);
		snprintf(score, sizeof(score), "%s%s",
			 avoids ? "-" : "", eq ? eq + 1 : "INFINITY");
		if (avoids && eq && eq[1] == '-')
			snprintf(score, sizeof(score), "%s", eq + 2);
		if (!node[0])
			return cli_err("empty node name in '%s'", argv[i]);
		snprintf(base, sizeof(base), "location-%s-%s-%s", argv[0],
			 node, score);
		if (unique_id(c, doc, base, id, sizeof(id)))
			return 1;
		l = cib_xml_el(NULL, "rsc_location", id);
		cib_xml_set(l, "rsc", argv[0]);
		cib_xml_set(l, "node", node);
		cib_xml_set(l, "score", score);
		add_constraint(txn, l);
	}
	return 0;
}

static const char *role_word(const char *w)
{
	static const char *const roles[] = { "master", "slave", "started",
					     "stopped", "promoted",
					     "unpromoted" };
	static const char *const names[] = { "Master", "Slave", "Started",
					     "Stopped", "Promoted",
					     "Unpromoted" };

	for (size_t i = 0; i < 6; i++)
		if (!strcasecmp(w, roles[i]))
			return names[i];
	return NULL;
}

static bool is_score(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!strcasecmp(s, "INFINITY") || !strcasecmp(s, "inf"))
		return true;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* colocation add [ROLE] SRC with [ROLE] TGT [SCORE] [k=v…] */
static int colocation(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		      char **argv)
{
	const char *role = NULL, *wrole = NULL, *src, *tgt, *score = "INFINITY";
	char base[600], id[600], key[64];
	xmlNode *x;
	int i = 1;

	if (argc < 1 || strcmp(argv[0], "add"))
		return cli_err("usage: constraint colocation add [ROLE] "
			       "SOURCE with [ROLE] TARGET [SCORE] "
			       "[name=value...]");
	if (i < argc && role_word(argv[i]) && i + 1 < argc &&
	    strcmp(argv[i + 1], "with") && !cli_is_kv(argv[i + 1]))
		role = role_word(argv[i++]);
	if (i + 1 >= argc)
		return cli_err("usage: constraint colocation add [ROLE] SOURCE "
			       "with [ROLE] TARGET [SCORE] [name=value...]");
	src = argv[i++];
	/* "with" is optional, as in pcs 0.9 */
	if (!strcmp(argv[i], "with"))
		i++;
	if (i >= argc)
		return cli_err("colocation: missing target resource");
	if (role_word(argv[i]) && i + 1 < argc && !cli_is_kv(argv[i + 1]) &&
	    !is_score(argv[i + 1]))
		wrole = role_word(argv[i++]);
	tgt = argv[i++];
	if (i < argc && is_score(argv[i]))
		score = argv[i++];
	if (check_rsc(doc, src) || check_rsc(doc, tgt))
		return 1;
	snprintf(base, sizeof(base), "colocation-%s-%s-%s", src, tgt, score);
	x = cib_xml_el(NULL, "rsc_colocation", NULL);
	cib_xml_set(x, "rsc", src);
	cib_xml_set(x, "with-rsc", tgt);
	cib_xml_set(x, "score", score);
	if (role)
		cib_xml_set(x, "rsc-role", role);
	if (wrole)
		cib_xml_set(x, "with-rsc-role", wrole);
	for (; i < argc; i++) {
		const char *v;

		if (!cli_is_kv(argv[i])) {
			xmlFreeNode(x);
			return cli_err("unexpected '%s' in colocation",
				       argv[i]);
		}
		v = cli_kv(argv[i], key, sizeof(key));
		if (!strcmp(key, "id"))
			snprintf(base, sizeof(base), "%s", v);
		else
			cib_xml_set(x, key, (!strcmp(key, "rsc-role") ||
					     !strcmp(key, "with-rsc-role")) &&
					    role_word(v) ? role_word(v) : v);
	}
	if (unique_id(c, doc, base, id, sizeof(id))) {
		xmlFreeNode(x);
		return 1;
	}
	cib_xml_set(x, "id", id);
	add_constraint(txn, x);
	return 0;
}

static bool is_action(const char *w)
{
	return !strcmp(w, "start") || !strcmp(w, "stop") ||
	       !strcmp(w, "promote") || !strcmp(w, "demote");
}

/* order [ACTION] FIRST then [ACTION] THEN [k=v…] */
static int order(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		 char **argv)
{
	const char *fa = "start", *ta = "start", *first, *then;
	const char *kind = "Mandatory";
	char base[600], id[600], key[64], lkind[32];
	xmlNode *x;
	int i = 0;

	if (i < argc && is_action(argv[i]))
		fa = argv[i++];
	if (i + 2 >= argc || strcmp(argv[i + 1], "then"))
		return cli_err("usage: constraint order [ACTION] FIRST then "
			       "[ACTION] THEN [name=value...]");
	first = argv[i];
	i += 2;
	if (is_action(argv[i]) && i + 1 < argc)
		ta = argv[i++];
	then = argv[i++];
	if (check_rsc(doc, first) || check_rsc(doc, then))
		return 1;
	x = cib_xml_el(NULL, "rsc_order", NULL);
	cib_xml_set(x, "first", first);
	cib_xml_set(x, "first-action", fa);
	cib_xml_set(x, "then", then);
	cib_xml_set(x, "then-action", ta);
	base[0] = 0;
	for (; i < argc; i++) {
		const char *v;

		if (!cli_is_kv(argv[i])) {
			xmlFreeNode(x);
			return cli_err("unexpected '%s' in order", argv[i]);
		}
		v = cli_kv(argv[i], key, sizeof(key));
		if (!strcmp(key, "id")) {
			snprintf(base, sizeof(base), "%s", v);
			continue;
		}
		if (!strcmp(key, "kind"))
			kind = v;
		cib_xml_set(x, key, v);
	}
	if (!base[0]) {
		snprintf(lkind, sizeof(lkind), "%s", kind);
		for (char *p = lkind; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		snprintf(base, sizeof(base), "order-%s-%s-%s", first, then,
			 lkind);
	}
	if (unique_id(c, doc, base, id, sizeof(id))) {
		xmlFreeNode(x);
		return 1;
	}
	cib_xml_set(x, "id", id);
	add_constraint(txn, x);
	printf("Adding %s %s (kind: %s) (Options: first-action=%s "
	       "then-action=%s)\n", first, then, kind, fa, ta);
	return 0;
}

static int remove_ids(struct cli *c, xmlDoc *doc, xmlDoc *txn, int argc,
		      char **argv)
{
	char path[400];

	if (argc < 1)
		return cli_err("usage: constraint remove ID...");
	for (int i = 0; i < argc; i++) {
		xmlNode *x = cib_doc_find_id(doc, argv[i]);

		if (!x || !cib_is_el(x->parent, "constraints"))
			return cli_err("constraint '%s' does not exist",
				       argv[i]);
		snprintf(path, sizeof(path),
			 "/cib/configuration/constraints/*[@id='%s']",
			 argv[i]);
		cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL, 0);
	}
	return 0;
}

void cli_print_constraints(xmlDoc *doc);

void cli_print_constraints(xmlDoc *doc)
{
	xmlNode *cons = cib_doc_section(doc, "constraints");

	printf("Location Constraints:\n");
	for (xmlNode *x = cons->children; x; x = x->next)
		if (cib_is_el(x, "rsc_location"))
			printf("  Resource: %s\n    %s Node: %s (score:%s) "
			       "(id:%s)\n", cib_xml_get(x, "rsc"),
			       cib_xml_get(x, "score") &&
					       cib_xml_get(x, "score")[0] == '-' ?
				       "Disabled on:" : "Enabled on:",
			       cib_xml_get(x, "node") ?: "(rule)",
			       cib_xml_get(x, "score") ?: "",
			       cib_xml_get(x, "id"));
	printf("Ordering Constraints:\n");
	for (xmlNode *x = cons->children; x; x = x->next)
		if (cib_is_el(x, "rsc_order"))
			printf("  %s %s then %s %s (id:%s)\n",
			       cib_xml_get(x, "first-action") ?: "start",
			       cib_xml_get(x, "first"),
			       cib_xml_get(x, "then-action") ?: "start",
			       cib_xml_get(x, "then"), cib_xml_get(x, "id"));
	printf("Colocation Constraints:\n");
	for (xmlNode *x = cons->children; x; x = x->next)
		if (cib_is_el(x, "rsc_colocation"))
			printf("  %s with %s (score:%s)%s%s (id:%s)\n",
			       cib_xml_get(x, "rsc"),
			       cib_xml_get(x, "with-rsc"),
			       cib_xml_get(x, "score"),
			       cib_xml_get(x, "with-rsc-role") ?
				       " (with-rsc-role:" : "",
			       cib_xml_get(x, "with-rsc-role") ?
				       cib_xml_get(x, "with-rsc-role") : "",
			       cib_xml_get(x, "id"));
}


int cli_constraint(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL;

	if (argc == 0 || !strcmp(argv[0], "show") ||
	    !strcmp(argv[0], "config") || !strcmp(argv[0], "list")) {
		if (cli_cib_get(c, &doc))
			return 1;
		cli_print_constraints(doc);
		xmlFreeDoc(doc);
		return 0;
	}
	if (!strcmp(argv[0], "location"))
		return cli_with_doc(c, argc - 1, argv + 1, location);
	if (!strcmp(argv[0], "colocation"))
		return cli_with_doc(c, argc - 1, argv + 1, colocation);
	if (!strcmp(argv[0], "order"))
		return cli_with_doc(c, argc - 1, argv + 1, order);
	if (!strcmp(argv[0], "remove") || !strcmp(argv[0], "delete"))
		return cli_with_doc(c, argc - 1, argv + 1, remove_ids);
	return cli_err("unknown command 'constraint %s'", argv[0]);
}
