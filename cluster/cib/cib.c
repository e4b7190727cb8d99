// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cib.c - CIB documents: create, parse, dump, validate, versions, and the
 * atomic per-node file with its signature.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "cib.h"
#include "cib_internal.h"

static __thread char cib_err[1024];

const char *cib_strerror(void)
{
	return cib_err;
}

int cib_set_error(int err, const char *fmt, ...)
{
	char tmp[sizeof(cib_err)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	memcpy(cib_err, tmp, sizeof(cib_err));
	return err;
}

bool cib_is_el(xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!name || !strcmp((const char *)n->name, name));
}

xmlNode *cib_child(xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (cib_is_el(c, name))
			return c;
	return NULL;
}

const char *cib_xml_get(xmlNode *n, const char *name)
{
	xmlAttr *a;

	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	a = xmlHasProp(n, (const xmlChar *)name);
	if (!a || !a->children)
		return a ? "" : NULL;
	return (const char *)a->children->content;
}

void cib_xml_set(xmlNode *n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

xmlNode *cib_xml_el(xmlNode *parent, const char *name, const char *id)
{
	xmlNode *n = xmlNewNode(NULL, (const xmlChar *)name);

	if (id)
		cib_xml_set(n, "id", id);
	if (parent)
		xmlAddChild(parent, n);
	return n;
}

void cib_xml_sanitize_id(char *s)
{
	for (; *s; s++)
		if (!(((*s | 32) >= 'a' && (*s | 32) <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			*s = '_';
}

xmlNode *cib_xml_nvpair(xmlNode *set, const char *name, const char *value)
{
	const char *sid = cib_xml_get(set, "id");
	char id[512];
	xmlNode *p;

	snprintf(id, sizeof(id), "%s-%s", sid ? sid : "nv", name);
	cib_xml_sanitize_id(id);
	p = cib_xml_el(set, "nvpair", id);
	cib_xml_set(p, "name", name);
	cib_xml_set(p, "value", value);
	return p;
}

static const char *const config_sections[] = {
	"crm_config", "nodes", "resources", "constraints", "rsc_defaults",
	"op_defaults",
};

xmlDoc *cib_doc_new(void)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *cib = cib_xml_el(NULL, "cib", NULL);
	xmlNode *cfg;

	xmlDocSetRootElement(doc, cib);
	cib_xml_set(cib, "crm_feature_set", "3.16.2");
	cib_xml_set(cib, "validate-with", "pacemaker-3.9");
	cib_xml_set(cib, "admin_epoch", "0");
	cib_xml_set(cib, "epoch", "0");
	cib_xml_set(cib, "num_updates", "0");
	cfg = cib_xml_el(cib, "configuration", NULL);
	for (size_t i = 0; i < 4; i++)
		cib_xml_el(cfg, config_sections[i], NULL);
	cib_xml_el(cib, "status", NULL);
	return doc;
}

xmlDoc *cib_doc_copy(xmlDoc *doc)
{
	return xmlCopyDoc(doc, 1);
}

xmlNode *cib_doc_section(xmlDoc *doc, const char *name)
{
	xmlNode *cib = xmlDocGetRootElement(doc), *cfg, *s;

	if (!strcmp(name, "status")) {
		s = cib_child(cib, "status");
		return s ? s : cib_xml_el(cib, "status", NULL);
	}
	cfg = cib_child(cib, "configuration");
	if (!cfg) {
		cfg = xmlNewNode(NULL, (const xmlChar *)"configuration");
		if (cib->children)
			xmlAddPrevSibling(cib->children, cfg);
		else
			xmlAddChild(cib, cfg);
	}
	if (!strcmp(name, "configuration"))
		return cfg;
	s = cib_child(cfg, name);
	return s ? s : cib_xml_el(cfg, name, NULL);
}

const char *cib_doc_property(xmlDoc *doc, const char *name, char *buf,
			     size_t len)
{
	xmlNode *cfg = cib_child(xmlDocGetRootElement(doc), "configuration");
	xmlNode *crm = cib_child(cfg, "crm_config");

	for (xmlNode *s = crm ? crm->children : NULL; s; s = s->next) {
		if (!cib_is_el(s, "cluster_property_set"))
			continue;
		for (xmlNode *p = s->children; p; p = p->next) {
			const char *n = cib_xml_get(p, "name");

			if (cib_is_el(p, "nvpair") && n && !strcmp(n, name)) {
				snprintf(buf, len, "%s",
					 cib_xml_get(p, "value") ?: "");
				return buf;
			}
		}
	}
	return NULL;
}

int cib_doc_parse(const char *buf, size_t len, xmlDoc **ret_doc)
{
	xmlDoc *doc;
	xmlNode *root;

	doc = xmlReadMemory(buf, (int)len, "cib.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOBLANKS |
			    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();

		return cib_set_error(-EINVAL, "not well-formed XML: line %d: %s",
				     e ? e->line : 0,
				     e && e->message ? e->message : "?");
	}
	root = xmlDocGetRootElement(doc);
	if (!cib_is_el(root, "cib")) {
		cib_set_error(-EINVAL, "root element is <%s>, expected <cib>",
			      root ? (const char *)root->name : "none");
		xmlFreeDoc(doc);
		return -EINVAL;
	}
	*ret_doc = doc;
	return 0;
}

int cib_doc_dump(xmlDoc *doc, char **ret_buf, size_t *ret_len)
{
	xmlChar *mem = NULL;
	int size = 0;

	xmlDocDumpFormatMemory(doc, &mem, &size, 1);
	if (!mem)
		return cib_set_error(-ENOMEM, "cannot serialise the CIB");
	*ret_buf = malloc((size_t)size + 1);
	if (!*ret_buf) {
		xmlFree(mem);
		return -ENOMEM;
	}
	memcpy(*ret_buf, mem, (size_t)size);
	(*ret_buf)[size] = 0;
	if (ret_len)
		*ret_len = (size_t)size;
	xmlFree(mem);
	return 0;
}

static long attr_long(xmlNode *n, const char *name)
{
	const char *v = cib_xml_get(n, name);

	return v ? strtol(v, NULL, 10) : 0;
}

void cib_ver_get(xmlDoc *doc, struct cib_version *ret)
{
	xmlNode *cib = xmlDocGetRootElement(doc);

	ret->admin_epoch = attr_long(cib, "admin_epoch");
	ret->epoch = attr_long(cib, "epoch");
	ret->num_updates = attr_long(cib, "num_updates");
}

void cib_ver_set(xmlDoc *doc, const struct cib_version *v)
{
	xmlNode *cib = xmlDocGetRootElement(doc);
	char b[32];

	snprintf(b, sizeof(b), "%ld", v->admin_epoch);
	cib_xml_set(cib, "admin_epoch", b);
	snprintf(b, sizeof(b), "%ld", v->epoch);
	cib_xml_set(cib, "epoch", b);
	snprintf(b, sizeof(b), "%ld", v->num_updates);
	cib_xml_set(cib, "num_updates", b);
}

int cib_ver_cmp(const struct cib_version *a, const struct cib_version *b)
{
	if (a->admin_epoch != b->admin_epoch)
		return a->admin_epoch < b->admin_epoch ? -1 : 1;
	if (a->epoch != b->epoch)
		return a->epoch < b->epoch ? -1 : 1;
	if (a->num_updates != b->num_updates)
		return a->num_updates < b->num_updates ? -1 : 1;
	return 0;
}

static unsigned long long fnv1a(const char *p, size_t len)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

unsigned long long cib_doc_digest(xmlDoc *doc)
{
	xmlChar *mem = NULL;
	int size = 0;
	unsigned long long h;

	xmlDocDumpMemory(doc, &mem, &size);
	h = fnv1a((const char *)mem, (size_t)size);
	xmlFree(mem);
	return h;
}

/* --- validation --------------------------------------------------------- */

struct id_seen {
	char **v;
	int n, cap;
};

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_ids(xmlNode *n, struct id_seen *s)
{
	for (; n; n = n->next) {
		const char *id;

		if (!cib_is_el(n, NULL))
			continue;
		id = cib_xml_get(n, "id");
		if (id && !cib_is_el(n, "node")) {
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 64;
				s->v = realloc(s->v, sizeof(*s->v) * s->cap);
			}
			s->v[s->n++] = strdup(id);
		}
		collect_ids(n->children, s);
	}
}

static int check_unique_ids(xmlNode *cfg)
{
	struct id_seen s = { 0 };
	int rc = 0;

	collect_ids(cfg->children, &s);
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), id_cmp);
	for (int i = 1; i < s.n && !rc; i++)
		if (!strcmp(s.v[i - 1], s.v[i]))
			rc = cib_set_error(-EEXIST, "id '%s' is used twice",
					   s.v[i]);
	for (int i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	return rc;
}

static bool is_resource_el(xmlNode *n)
{
	return cib_is_el(n, "primitive") || cib_is_el(n, "group") ||
	       cib_is_el(n, "clone") || cib_is_el(n, "master") ||
	       cib_is_el(n, "bundle");
}

static xmlNode *find_rsc(xmlNode *n, const char *id)
{
	for (; n; n = n->next) {
		const char *nid;
		xmlNode *r;

		if (!is_resource_el(n))
			continue;
		nid = cib_xml_get(n, "id");
		if (nid && !strcmp(nid, id))
			return n;
		r = find_rsc(n->children, id);
		if (r)
			return r;
	}
	return NULL;
}

static int check_ref(xmlNode *rscs, xmlNode *c, const char *attr)
{
	const char *v = cib_xml_get(c, attr);

	if (!v)
		return 0;
	if (!find_rsc(rscs->children, v))
		return cib_set_error(-ENOENT,
				     "constraint '%s' refers to resource '%s', "
				     "which does not exist",
				     cib_xml_get(c, "id") ?: "?", v);
	return 0;
}

static int check_constraint(xmlNode *rscs, xmlNode *c)
{
	static const char *const attrs[] = { "rsc", "with-rsc", "first",
					     "then" };
	int rc;

	if (!cib_xml_get(c, "id"))
		return cib_set_error(-EINVAL, "<%s> without id", c->name);
	for (size_t i = 0; i < 4; i++) {
		rc = check_ref(rscs, c, attrs[i]);
		if (rc)
			return rc;
	}
	for (xmlNode *s = c->children; s; s = s->next) {
		if (!cib_is_el(s, "resource_set"))
			continue;
		for (xmlNode *r = s->children; r; r = r->next) {
			rc = cib_is_el(r, "resource_ref") ?
				check_ref(rscs, r, "id") : 0;
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int check_primitive(xmlNode *p)
{
	const char *cls = cib_xml_get(p, "class");

	if (!cls || !cib_xml_get(p, "type"))
		return cib_set_error(-EINVAL,
				     "primitive '%s' needs class and type",
				     cib_xml_get(p, "id") ?: "?");
	if (!strcmp(cls, "ocf") && !cib_xml_get(p, "provider"))
		return cib_set_error(-EINVAL,
				     "ocf primitive '%s' needs a provider",
				     cib_xml_get(p, "id") ?: "?");
	return 0;
}

static int check_resources(xmlNode *n)
{
	int rc;

	for (; n; n = n->next) {
		if (!is_resource_el(n))
			continue;
		if (!cib_xml_get(n, "id"))
			return cib_set_error(-EINVAL, "<%s> without id",
					     n->name);
		if (cib_is_el(n, "primitive")) {
			rc = check_primitive(n);
			if (rc)
				return rc;
		}
		rc = check_resources(n->children);
		if (rc)
			return rc;
	}
	return 0;
}

int cib_doc_validate(xmlDoc *doc)
{
	xmlNode *cib = xmlDocGetRootElement(doc), *cfg, *rscs, *cons;
	int rc;

	if (!cib_is_el(cib, "cib"))
		return cib_set_error(-EINVAL, "root element is not <cib>");
	cfg = cib_child(cib, "configuration");
	if (!cfg)
		return cib_set_error(-EINVAL, "<cib> has no <configuration>");
	for (size_t i = 0; i < 4; i++)
		if (!cib_child(cfg, config_sections[i]))
			return cib_set_error(-EINVAL,
					     "<configuration> has no <%s>",
					     config_sections[i]);
	rc = check_unique_ids(cfg);
	if (rc)
		return rc;
	rscs = cib_child(cfg, "resources");
	rc = check_resources(rscs->children);
	if (rc)
		return rc;
	cons = cib_child(cfg, "constraints");
	for (xmlNode *c = cons->children; c; c = c->next) {
		if (!cib_is_el(c, NULL))
			continue;
		rc = check_constraint(rscs, c);
		if (rc)
			return rc;
	}
	return 0;
}

static xmlNode *find_id_in(xmlNode *n, const char *id)
{
	for (; n; n = n->next) {
		const char *nid;
		xmlNode *r;

		if (!cib_is_el(n, NULL))
			continue;
		nid = cib_xml_get(n, "id");
		if (nid && !strcmp(nid, id))
			return n;
		r = find_id_in(n->children, id);
		if (r)
			return r;
	}
	return NULL;
}

xmlNode *cib_doc_find_id(xmlDoc *doc, const char *id)
{
	xmlNode *cfg = cib_child(xmlDocGetRootElement(doc), "configuration");

	return cfg ? find_id_in(cfg->children, id) : NULL;
}

/* --- files --------------------------------------------------------------- */

static int write_all_sync(const char *path, const char *buf, size_t len)
{
	char tmp[4096];
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return cib_set_error(-errno, "%s: cannot create: %s", tmp,
				     strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			rc = cib_set_error(-errno, "%s: write: %s", tmp,
					   strerror(errno));
			break;
		}
		buf += w;
		len -= (size_t)w;
	}
	if (!rc && fsync(fd) < 0)
		rc = cib_set_error(-errno, "%s: fsync: %s", tmp,
				   strerror(errno));
	close(fd);
	if (!rc && rename(tmp, path) < 0)
		rc = cib_set_error(-errno, "%s: rename to %s: %s", tmp, path,
				   strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}

static void fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int cib_file_write(const char *path, xmlDoc *doc)
{
	char sigpath[4096], sig[128], *buf;
	struct cib_version v;
	size_t len;
	int rc;

	rc = cib_doc_dump(doc, &buf, &len);
	if (rc)
		return rc;
	cib_ver_get(doc, &v);
	snprintf(sig, sizeof(sig), "%016llx %ld:%ld:%ld\n",
		 fnv1a(buf, len), v.admin_epoch, v.epoch, v.num_updates);
	rc = write_all_sync(path, buf, len);
	free(buf);
	if (rc)
		return rc;
	snprintf(sigpath, sizeof(sigpath), "%s.sig", path);
	rc = write_all_sync(sigpath, sig, strlen(sig));
	if (!rc)
		fsync_dir(path);
	return rc;
}

int cib_file_write_plain(const char *path, xmlDoc *doc)
{
	char *buf;
	size_t len;
	int rc;

	rc = cib_doc_dump(doc, &buf, &len);
	if (rc)
		return rc;
	rc = write_all_sync(path, buf, len);
	free(buf);
	return rc;
}

static int read_whole(const char *path, char **ret, size_t *ret_len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return cib_set_error(-errno, "%s: %s", path, strerror(errno));
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = 0;
	*ret = buf;
	*ret_len = len;
	return 0;
}

int cib_file_read(const char *path, xmlDoc **ret_doc)
{
	char sigpath[4096], *buf = NULL, *sig = NULL;
	size_t len, slen;
	unsigned long long want;
	int rc;

	rc = read_whole(path, &buf, &len);
	if (rc)
		return rc;
	snprintf(sigpath, sizeof(sigpath), "%s.sig", path);
	if (read_whole(sigpath, &sig, &slen) == 0) {
		want = strtoull(sig, NULL, 16);
		free(sig);
		if (want != fnv1a(buf, len)) {
			free(buf);
			return cib_set_error(-EBADMSG,
					     "%s: digest does not match %s: "
					     "the file is corrupt",
					     path, sigpath);
		}
	}
	rc = cib_doc_parse(buf, len, ret_doc);
	free(buf);
	if (rc)
		return cib_set_error(-EBADMSG, "%s: corrupt: %s", path,
				     cib_strerror());
	return 0;
}
