// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_store.c - where a command's CIB comes from and where its changes go:
 * the -f FILE (offline) or the local pacerd (online).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cib.h"
#include "cib_ipc.h"
#include "cli.h"

int cli_request(xmlNode *req, xmlDoc **ret_reply)
{
	xmlDoc *d = xmlNewDoc((const xmlChar *)"1.0");
	xmlChar *mem = NULL;
	char *buf = NULL;
	size_t len;
	int size, fd, rc;
	const char *v;

	fd = cib_ipc_connect();
	if (fd < 0) {
		xmlFreeDoc(d);
		if (fd == -EACCES || fd == -EPERM)
			return cli_err("%s: permission denied: only root and "
				       "members of group haclient may use "
				       "pacerd", cib_ipc_path()) ? -EACCES : 0;
		cli_err("cannot reach pacerd at %s: %s (is the cluster "
			"running on this node? 'pacer cluster start')",
			cib_ipc_path(), strerror(-fd));
		return fd;
	}
	xmlDocSetRootElement(d, xmlCopyNode(req, 1));
	xmlDocDumpMemory(d, &mem, &size);
	xmlFreeDoc(d);
	rc = cib_ipc_send(fd, (const char *)mem, (size_t)size);
	xmlFree(mem);
	if (!rc)
		rc = cib_ipc_recv(fd, &buf, &len);
	close(fd);
	if (rc) {
		cli_err("pacerd at %s: %s", cib_ipc_path(), strerror(-rc));
		return rc;
	}
	*ret_reply = xmlReadMemory(buf, (int)len, "reply", NULL,
				   XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	free(buf);
	if (!*ret_reply)
		return -EPROTO;
	v = cib_xml_get(xmlDocGetRootElement(*ret_reply), "rc");
	return v ? atoi(v) : -EPROTO;
}

static int daemon_cib(xmlDoc **ret_doc, bool quiet)
{
	xmlNode *req = cib_xml_el(NULL, "request", NULL);
	xmlDoc *reply = NULL;
	xmlNode *cib;
	int rc, fd;

	if (quiet) {
		fd = cib_ipc_connect();
		if (fd < 0)
			return fd;
		close(fd);
	}
	cib_xml_set(req, "cmd", "cib_query");
	rc = cli_request(req, &reply);
	xmlFreeNode(req);
	if (rc) {
		if (reply)
			cli_err("%s", cib_xml_get(xmlDocGetRootElement(reply),
						  "msg") ?: "query failed");
		xmlFreeDoc(reply);
		return rc;
	}
	cib = cib_child(xmlDocGetRootElement(reply), "cib");
	if (!cib) {
		xmlFreeDoc(reply);
		return cli_err("pacerd sent no CIB") ? -EPROTO : 0;
	}
	*ret_doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlDocSetRootElement(*ret_doc, xmlDocCopyNode(cib, *ret_doc, 1));
	xmlFreeDoc(reply);
	return 0;
}

/* A -f FILE that does not exist starts as the cluster's CIB when pacerd
 * runs here (like 'pacer cluster cib FILE'), else as an empty CIB. */
static int file_cib(const char *file, xmlDoc **ret_doc)
{
	int rc = cib_file_read(file, ret_doc);

	if (rc != -ENOENT) {
		if (rc)
			cli_err("%s", cib_strerror());
		return rc;
	}
	if (getenv("PACER_OFFLINE") || daemon_cib(ret_doc, true))
		*ret_doc = cib_doc_new();
	return 0;
}

int cli_cib_get(struct cli *c, xmlDoc **ret_doc)
{
	return c->file ? file_cib(c->file, ret_doc) : daemon_cib(ret_doc, false);
}

static int commit_file(struct cli *c, xmlDoc *txn)
{
	xmlDoc *doc = NULL;
	int rc;

	rc = file_cib(c->file, &doc);
	if (rc)
		return 1;
	rc = cib_txn_apply(&doc, txn);
	if (rc) {
		xmlFreeDoc(doc);
		return cli_err("%s; nothing was changed", cib_strerror());
	}
	rc = cib_file_write_plain(c->file, doc);
	xmlFreeDoc(doc);
	if (rc)
		return cli_err("%s", cib_strerror());
	return 0;
}

static int commit_daemon(xmlDoc *txn)
{
	xmlNode *req = cib_xml_el(NULL, "request", NULL);
	xmlDoc *reply = NULL;
	int rc;

	cib_xml_set(req, "cmd", "cib_apply");
	xmlAddChild(req, xmlCopyNode(xmlDocGetRootElement(txn), 1));
	rc = cli_request(req, &reply);
	xmlFreeNode(req);
	if (rc && reply)
		cli_err("%s; nothing was changed",
			cib_xml_get(xmlDocGetRootElement(reply), "msg") ?: "");
	xmlFreeDoc(reply);
	return rc ? 1 : 0;
}

int cli_commit(struct cli *c, xmlDoc *txn)
{
	if (cib_txn_count(txn) == 0)
		return 0;
	return c->file ? commit_file(c, txn) : commit_daemon(txn);
}
