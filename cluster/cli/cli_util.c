// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_util.c - argument helpers, resource lookup, and agents: where an
 * agent lives and the default operations its metadata lists.
 */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cib.h"
#include "cli.h"

bool cli_is_kv(const char *arg)
{
	const char *eq = strchr(arg, '=');

	return eq && eq != arg;
}

const char *cli_kv(const char *arg, char *key, size_t keylen)
{
	const char *eq = strchr(arg, '=');
	size_t n = (size_t)(eq - arg);

	if (n >= keylen)
		n = keylen - 1;
	memcpy(key, arg, n);
	key[n] = 0;
	return eq + 1;
}

bool cli_is_rsc_el(xmlNode *n)
{
	return cib_is_el(n, "primitive") || cib_is_el(n, "group") ||
	       cib_is_el(n, "clone") || cib_is_el(n, "master") ||
	       cib_is_el(n, "bundle");
}

xmlNode *cli_find_rsc(xmlDoc *doc, const char *id)
{
	xmlNode *n = cib_doc_find_id(doc, id);

	return cli_is_rsc_el(n) ? n : NULL;
}

const char *cli_path_id(const char *tag, const char *id, char *buf,
			size_t len)
{
	snprintf(buf, len, "//%s[@id='%s']", tag ? tag : "*", id);
	return buf;
}

xmlNode *cli_nvset(xmlNode *parent, const char *tag, const char *owner_id,
		   const char *suffix)
{
	char id[512];

	snprintf(id, sizeof(id), "%s-%s", owner_id, suffix);
	cib_xml_sanitize_id(id);
	return cib_xml_el(parent, tag, id);
}

const char *cli_ocf_root(void)
{
	const char *r = getenv("OCF_ROOT");

	return r && *r ? r : "/usr/lib/ocf";
}

static bool is_exec(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/* First OCF provider that has TYPE. */
static int find_ocf_provider(const char *type, struct cli_agent *a)
{
	char dir[512];
	DIR *d;
	struct dirent *e;
	int rc = -ENOENT;

	snprintf(dir, sizeof(dir), "%s/resource.d", cli_ocf_root());
	d = opendir(dir);
	if (!d)
		return -ENOENT;
	/* heartbeat first, as pcs does */
	snprintf(a->path, sizeof(a->path), "%s/heartbeat/%s", dir, type);
	if (is_exec(a->path)) {
		snprintf(a->provider, sizeof(a->provider), "heartbeat");
		closedir(d);
		return 0;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(a->path, sizeof(a->path), "%s/%s/%s", dir, e->d_name,
			 type);
		if (is_exec(a->path)) {
			snprintf(a->provider, sizeof(a->provider), "%s",
				 e->d_name);
			rc = 0;
			break;
		}
	}
	closedir(d);
	return rc;
}

static int fence_agent_path(const char *type, char *buf, size_t len)
{
	const char *extra = getenv("PACER_FENCE_PATH");
	char dirs[1024];

	snprintf(dirs, sizeof(dirs), "%s%s/usr/sbin:/sbin", extra ? extra : "",
		 extra ? ":" : "");
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/%s", d, type);
		if (is_exec(buf))
			return 0;
	}
	return -ENOENT;
}

static int systemd_unit_exists(const char *name)
{
	static const char *const dirs[] = { "/etc/systemd/system",
					    "/lib/systemd/system",
					    "/usr/lib/systemd/system" };
	char p[512];

	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s%s", dirs[i], name,
			 strchr(name, '.') ? "" : ".service");
		if (access(p, F_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

static int resolve_class(const char *spec, struct cli_agent *a)
{
	char buf[256], *p1, *p2;

	snprintf(buf, sizeof(buf), "%s", spec);
	p1 = strchr(buf, ':');
	if (!p1) {
		snprintf(a->cls, sizeof(a->cls), "ocf");
		snprintf(a->type, sizeof(a->type), "%s", buf);
		return find_ocf_provider(a->type, a);
	}
	*p1++ = 0;
	snprintf(a->cls, sizeof(a->cls), "%s", buf);
	if (!strcmp(a->cls, "ocf")) {
		p2 = strchr(p1, ':');
		if (!p2)
			return -EINVAL;
		*p2++ = 0;
		snprintf(a->provider, sizeof(a->provider), "%s", p1);
		snprintf(a->type, sizeof(a->type), "%s", p2);
		snprintf(a->path, sizeof(a->path), "%s/resource.d/%s/%s",
			 cli_ocf_root(), p1, p2);
		return is_exec(a->path) ? 0 : -ENOENT;
	}
	snprintf(a->type, sizeof(a->type), "%s", p1);
	if (!strcmp(a->cls, "lsb")) {
		snprintf(a->path, sizeof(a->path), "/etc/init.d/%s", p1);
		return is_exec(a->path) ? 0 : -ENOENT;
	}
	if (!strcmp(a->cls, "systemd"))
		return systemd_unit_exists(p1);
	if (!strcmp(a->cls, "stonith"))
		return fence_agent_path(p1, a->path, sizeof(a->path));
	return -EINVAL;
}

static xmlDoc *agent_metadata(const struct cli_agent *a)
{
	char cmd[1200];
	FILE *p;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	xmlDoc *doc;

	if (!strcmp(a->cls, "ocf"))
		snprintf(cmd, sizeof(cmd),
			 "OCF_ROOT='%s' timeout 10 '%s' meta-data 2>/dev/null",
			 cli_ocf_root(), a->path);
	else if (!strcmp(a->cls, "stonith"))
		snprintf(cmd, sizeof(cmd),
			 "timeout 10 '%s' -o metadata 2>/dev/null", a->path);
	else
		return NULL;
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, p);
		len += n;
	} while (n > 0);
	pclose(p);
	doc = len ? xmlReadMemory(buf, (int)len, "meta-data", NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS) :
		    NULL;
	free(buf);
	return doc;
}

int cli_agent_resolve(const char *spec, bool stonith, struct cli_agent *ret)
{
	char full[300];
	xmlDoc *md;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (stonith && !strchr(spec, ':')) {
		snprintf(full, sizeof(full), "stonith:%s", spec);
		spec = full;
	}
	rc = resolve_class(spec, ret);
	if (rc)
		return rc;
	if (strcmp(ret->cls, "ocf"))
		return 0;
	md = agent_metadata(ret);
	if (!md)
		return -EBADMSG;
	for (xmlNode *acts = cib_child(xmlDocGetRootElement(md), "actions"),
		     *x = acts ? acts->children : NULL; x; x = x->next) {
		const char *n = cib_xml_get(x, "name");

		if (n && !strcmp(n, "promote"))
			ret->promotable = true;
	}
	xmlFreeDoc(md);
	return 0;
}

/* pcs's op id: RSC-ACTION-interval-INTERVAL. */
static void add_op(xmlNode *ops, const char *rsc, const char *name,
		   const char *interval, const char *timeout, const char *role)
{
	char id[512];
	xmlNode *op;

	snprintf(id, sizeof(id), "%s-%s-interval-%s", rsc, name, interval);
	cib_xml_sanitize_id(id);
	op = cib_xml_el(ops, "op", id);
	cib_xml_set(op, "name", name);
	cib_xml_set(op, "interval", interval);
	if (timeout)
		cib_xml_set(op, "timeout", timeout);
	if (role)
		cib_xml_set(op, "role", role);
}

void cli_agent_default_ops(const struct cli_agent *a, xmlNode *ops,
			   const char *rsc_id)
{
	static const char *const wanted[] = { "start", "stop", "monitor",
					      "promote", "demote" };
	xmlDoc *md = agent_metadata(a);
	xmlNode *acts = md ? cib_child(xmlDocGetRootElement(md), "actions") :
			     NULL;
	bool monitor = false;

	for (xmlNode *x = acts ? acts->children : NULL; x; x = x->next) {
		const char *n = cib_xml_get(x, "name"), *iv;

		for (size_t i = 0; n && i < 5; i++) {
			if (strcmp(n, wanted[i]))
				continue;
			iv = cib_xml_get(x, "interval");
			if (!strcmp(n, "monitor")) {
				monitor = true;
				if (!iv || !strcmp(iv, "0") ||
				    !strcmp(iv, "0s"))
					iv = "60s";
			} else {
				iv = "0s";
			}
			add_op(ops, rsc_id, n, iv, cib_xml_get(x, "timeout"),
			       cib_xml_get(x, "role"));
		}
	}
	if (!monitor)
		add_op(ops, rsc_id, "monitor",
		       strcmp(a->cls, "stonith") ? "60s" : "60s",
		       strcmp(a->cls, "stonith") ? NULL : "20s", NULL);
	xmlFreeDoc(md);
}
