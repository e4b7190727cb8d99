// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_stonith.c - `pacer stonith create|list|describe|fence`.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cib.h"
#include "cli.h"

/* fence-agents scripts carry docs["shortdesc"] = "…"; read it from the
 * file instead of running every agent. */
static void shortdesc(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[512];

	buf[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "docs[\"shortdesc\"]");
		char *q1, *q2;

		if (!p)
			continue;
		q1 = strchr(p + 17, '"');
		q2 = q1 ? strchr(q1 + 1, '"') : NULL;
		if (q1 && q2)
			snprintf(buf, len, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
		break;
	}
	fclose(f);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int stonith_list(void)
{
	const char *extra = getenv("PACER_FENCE_PATH");
	char dirs[1024], path[1024], desc[256];
	char *names[1024];
	int n = 0;

	snprintf(dirs, sizeof(dirs), "%s%s/usr/sbin", extra ? extra : "",
		 extra ? ":" : "");
	for (char *s = NULL, *d = strtok_r(dirs, ":", &s); d;
	     d = strtok_r(NULL, ":", &s)) {
		DIR *dir = opendir(d);
		struct dirent *e;

		while (dir && (e = readdir(dir)) && n < 1024) {
			if (strncmp(e->d_name, "fence_", 6))
				continue;
			snprintf(path, sizeof(path), "%s/%s", d, e->d_name);
			if (access(path, X_OK) == 0)
				names[n++] = strdup(path);
		}
		if (dir)
			closedir(dir);
	}
	qsort(names, n, sizeof(*names), name_cmp);
	for (int i = 0; i < n; i++) {
		shortdesc(names[i], desc, sizeof(desc));
		printf("%s - %s\n", strrchr(names[i], '/') + 1,
		       desc[0] ? desc : "(no description)");
		free(names[i]);
	}
	return 0;
}

static int stonith_describe(const char *name)
{
	struct cli_agent a;
	char cmd[700];
	FILE *p;
	xmlDoc *md;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	xmlNode *root, *params;

	if (cli_agent_resolve(name, true, &a))
		return cli_err("fence agent '%s' is not installed", name);
	snprintf(cmd, sizeof(cmd), "timeout 20 '%s' -o metadata 2>/dev/null",
		 a.path);
	p = popen(cmd, "r");
	if (!p)
		return cli_err("cannot run %s", a.path);
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, p);
		len += n;
	} while (n > 0);
	pclose(p);
	md = len ? xmlReadMemory(buf, (int)len, "metadata", NULL,
				 XML_PARSE_NONET | XML_PARSE_NOBLANKS |
				 XML_PARSE_NOERROR) : NULL;
	free(buf);
	if (!md)
		return cli_err("%s gave no valid metadata", a.path);
	root = xmlDocGetRootElement(md);
	printf("%s - %s\n\n", a.type, cib_xml_get(root, "shortdesc") ?: "");
	{
		xmlNode *ld = cib_child(root, "longdesc");
		xmlChar *t = ld ? xmlNodeGetContent(ld) : NULL;

		if (t)
			printf("%s\n\n", (const char *)t);
		xmlFree(t);
	}
	printf("Stonith options:\n");
	params = cib_child(root, "parameters");
	for (xmlNode *pa = params ? params->children : NULL; pa; pa = pa->next) {
		xmlNode *sd = cib_child(pa, "shortdesc");
		xmlChar *t = sd ? xmlNodeGetContent(sd) : NULL;
		const char *req = cib_xml_get(pa, "required");

		if (!cib_is_el(pa, "parameter"))
			continue;
		printf("  %s: %s%s\n", cib_xml_get(pa, "name"),
		       t ? (const char *)t : "",
		       req && !strcmp(req, "1") ? " (required)" : "");
		xmlFree(t);
	}
	xmlFreeDoc(md);
	return 0;
}

static int stonith_fence(struct cli *c, const char *node)
{
	xmlNode *req = cib_xml_el(NULL, "request", NULL);
	xmlDoc *reply = NULL;
	int rc;

	if (c->file) {
		xmlFreeNode(req);
		return cli_err("fencing needs a running cluster, not -f");
	}
	cib_xml_set(req, "cmd", "fence");
	cib_xml_set(req, "node", node);
	cib_xml_set(req, "action", c->off ? "off" : "reboot");
	rc = cli_request(req, &reply);
	xmlFreeNode(req);
	if (rc == 0)
		printf("Node: %s fenced\n", node);
	else if (reply)
		cli_err("unable to fence '%s': %s", node,
			cib_xml_get(xmlDocGetRootElement(reply), "msg") ?: "");
	xmlFreeDoc(reply);
	return rc ? 1 : 0;
}

int cli_stonith(struct cli *c, int argc, char **argv)
{
	if (argc == 0 || !strcmp(argv[0], "status") ||
	    !strcmp(argv[0], "config") || !strcmp(argv[0], "show"))
		return cli_config(c, 0, NULL);
	if (!strcmp(argv[0], "create"))
		return cli_stonith_create(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "list"))
		return stonith_list();
	if (!strcmp(argv[0], "describe") && argc == 2)
		return stonith_describe(argv[1]);
	if (!strcmp(argv[0], "fence") && argc == 2)
		return stonith_fence(c, argv[1]);
	if (!strcmp(argv[0], "delete") || !strcmp(argv[0], "remove")) {
		char *args[3] = { "delete", argc > 1 ? argv[1] : NULL, NULL };

		return cli_resource(c, argc > 1 ? 2 : 1, args);
	}
	return cli_err("usage: stonith create NAME AGENT [k=v...] | list | "
		       "describe AGENT | fence NODE [--off]");
}
