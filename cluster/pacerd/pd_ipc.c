// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pd_ipc.c - the local socket the pacer commands use.  The directory is
 * 0750 and the socket 0660, both group haclient, and every connection's
 * peer credentials are checked again (root, or haclient as primary or
 * supplementary group).
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cib.h"
#include "cib_ipc.h"
#include "pacerd.h"

static gid_t haclient_gid(void)
{
	struct group *g = getgrnam("haclient");

	return g ? g->gr_gid : (gid_t)-1;
}

int pd_ipc_listen(struct pacerd *pd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = cib_ipc_path();
	char dir[sizeof(sa.sun_path)], *slash;
	gid_t gid = haclient_gid();
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdir(dir, 0750);
		if (chown(dir, 0, gid) < 0 && gid != (gid_t)-1)
			pd_warn("chown %s: %s", dir, strerror(errno));
		chmod(dir, gid == (gid_t)-1 ? 0700 : 0750);
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 128) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (gid != (gid_t)-1 && chown(path, 0, gid) < 0)
		pd_warn("chown %s: %s", path, strerror(errno));
	chmod(path, gid == (gid_t)-1 ? 0600 : 0660);
	pd->listen_fd = fd;
	pd_info("listening on %s", path);
	return 0;
}

static bool peer_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	gid_t gid = haclient_gid(), groups[256];
	char proc[64], line[512];
	FILE *f;
	bool ok = false;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return false;
	if (cr.uid == 0)
		return true;
	if (gid == (gid_t)-1)
		return false;
	if (cr.gid == gid)
		return true;
	/* supplementary groups of the peer process */
	snprintf(proc, sizeof(proc), "/proc/%d/status", cr.pid);
	f = fopen(proc, "re");
	while (f && fgets(line, sizeof(line), f)) {
		char *p;
		int n = 0;

		if (strncmp(line, "Groups:", 7))
			continue;
		for (p = line + 7; n < 256;) {
			char *end;
			long g = strtol(p, &end, 10);

			if (end == p)
				break;
			groups[n++] = (gid_t)g;
			p = end;
		}
		for (int i = 0; i < n; i++)
			ok |= groups[i] == gid;
	}
	if (f)
		fclose(f);
	return ok;
}

static void reply(int fd, int rc, const char *msg, xmlNode *payload)
{
	xmlDoc *d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *r = cib_xml_el(NULL, "reply", NULL);
	xmlChar *mem = NULL;
	char num[16];
	int size;

	xmlDocSetRootElement(d, r);
	snprintf(num, sizeof(num), "%d", rc);
	cib_xml_set(r, "rc", num);
	cib_xml_set(r, "msg", msg ? msg : "");
	if (payload)
		xmlAddChild(r, xmlDocCopyNode(payload, d, 1));
	xmlDocDumpMemory(d, &mem, &size);
	cib_ipc_send(fd, (const char *)mem, (size_t)size);
	xmlFree(mem);
	xmlFreeDoc(d);
}

void pd_ipc_txn_done(struct pacerd *pd, uint32_t reqid, int rc,
		     const char *msg)
{
	for (struct pd_pending **pp = &pd->pending; *pp; pp = &(*pp)->next) {
		struct pd_pending *p = *pp;

		if (p->reqid != reqid)
			continue;
		reply(p->fd, rc, msg, NULL);
		close(p->fd);
		*pp = p->next;
		free(p);
		return;
	}
}

static void req_status(struct pacerd *pd, int fd)
{
	xmlNode *wrap = cib_xml_el(NULL, "payload", NULL);
	xmlNode *st = cib_xml_el(wrap, "pacer_status", NULL);
	char num[16];

	cib_xml_set(st, "cluster_name", pd->cluster_name);
	cib_xml_set(st, "node", pd->my_name);
	cib_xml_set(st, "dc", pd->dc ? pd_node_name(pd, pd->dc) : "");
	cib_xml_set(st, "quorate", pd->quorate ? "1" : "0");
	for (int i = 0; i < pd->nmembers; i++) {
		xmlNode *m = cib_xml_el(st, "member", NULL);

		snprintf(num, sizeof(num), "%u", pd->members[i]);
		cib_xml_set(m, "id", num);
		cib_xml_set(m, "uname", pd_node_name(pd, pd->members[i]));
	}
	xmlAddChild(wrap, xmlCopyNode(xmlDocGetRootElement(pd->cib), 1));
	/* reply() takes one payload element; send both inside <reply> */
	{
		xmlDoc *d = xmlNewDoc((const xmlChar *)"1.0");
		xmlNode *r = cib_xml_el(NULL, "reply", NULL);
		xmlChar *mem = NULL;
		int size;

		xmlDocSetRootElement(d, r);
		cib_xml_set(r, "rc", "0");
		cib_xml_set(r, "msg", "");
		for (xmlNode *c = wrap->children; c; c = c->next)
			xmlAddChild(r, xmlDocCopyNode(c, d, 1));
		xmlDocDumpMemory(d, &mem, &size);
		cib_ipc_send(fd, (const char *)mem, (size_t)size);
		xmlFree(mem);
		xmlFreeDoc(d);
	}
	xmlFreeNode(wrap);
}

/* Validate on a copy for an immediate answer, then multicast; the reply
 * goes out when the transaction comes back in agreed order. */
static bool req_apply(struct pacerd *pd, int fd, xmlNode *req)
{
	xmlNode *t = cib_child(req, "cib_txn");
	xmlDoc *txn, *copy;
	struct pd_pending *p;
	char *buf;
	size_t len;
	int rc;

	if (!t) {
		reply(fd, -EINVAL, "request without a transaction", NULL);
		return false;
	}
	if (!pd->quorate && !pd_nqp(pd, "ignore")) {
		reply(fd, -EAGAIN, "this partition has no quorum; the CIB "
				   "cannot be changed here", NULL);
		return false;
	}
	txn = xmlNewDoc((const xmlChar *)"1.0");
	xmlDocSetRootElement(txn, xmlDocCopyNode(t, txn, 1));
	copy = cib_doc_copy(pd->cib);
	rc = cib_txn_apply(&copy, txn);
	xmlFreeDoc(copy);
	if (rc) {
		reply(fd, rc, cib_strerror(), NULL);
		xmlFreeDoc(txn);
		return false;
	}
	p = calloc(1, sizeof(*p));
	p->reqid = ++pd->next_reqid;
	p->fd = fd;
	p->next = pd->pending;
	pd->pending = p;
	cib_doc_dump(txn, &buf, &len);
	pd_send(pd, PD_MSG_TXN, p->reqid, buf, len);
	free(buf);
	xmlFreeDoc(txn);
	return true;
}

static void req_cleanup(struct pacerd *pd, int fd, xmlNode *req)
{
	const char *rsc = cib_xml_get(req, "rsc");
	const char *node = cib_xml_get(req, "node");
	xmlDoc *txn = cib_txn_new();
	char path[600], nsel[300], *buf;
	size_t len;

	if (node)
		snprintf(nsel, sizeof(nsel), "[@uname='%s']", node);
	else
		nsel[0] = 0;
	if (rsc) {
		snprintf(path, sizeof(path),
			 "/cib/status/node_state%s//lrm_rsc_op[starts-with(@id,"
			 "'%s_last_failure')]", nsel, rsc);
		cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL,
			    CIB_OPF_MISSING_OK);
		snprintf(path, sizeof(path),
			 "/cib/status/node_state%s/transient_attributes//"
			 "nvpair[starts-with(@name,'fail-count-%s') or "
			 "starts-with(@name,'last-failure-%s')]",
			 nsel, rsc, rsc);
	} else {
		snprintf(path, sizeof(path),
			 "/cib/status/node_state%s//lrm_rsc_op[contains(@id,"
			 "'_last_failure')]", nsel);
		cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL,
			    CIB_OPF_MISSING_OK);
		snprintf(path, sizeof(path),
			 "/cib/status/node_state%s/transient_attributes//"
			 "nvpair[starts-with(@name,'fail-count-') or "
			 "starts-with(@name,'last-failure-')]", nsel);
	}
	cib_txn_add(txn, CIB_OP_DELETE, path, NULL, NULL, CIB_OPF_MISSING_OK);
	cib_doc_dump(txn, &buf, &len);
	pd_send(pd, PD_MSG_TXN, 0, buf, len);
	free(buf);
	xmlFreeDoc(txn);
	snprintf(path, sizeof(path), "Cleaned up %s on %s",
		 rsc ? rsc : "all resources", node ? node : "all nodes");
	reply(fd, 0, path, NULL);
}


/* Returns true when the reply is deferred (fd kept). */
static bool handle(struct pacerd *pd, int fd, xmlNode *req)
{
	const char *cmd = cib_xml_get(req, "cmd") ?: "";
	char msg[512];
	int rc;

	if (!strcmp(cmd, "cib_query")) {
		reply(fd, 0, "", xmlDocGetRootElement(pd->cib));
	} else if (!strcmp(cmd, "cib_apply")) {
		return req_apply(pd, fd, req);
	} else if (!strcmp(cmd, "status")) {
		req_status(pd, fd);
	} else if (!strcmp(cmd, "cleanup")) {
		req_cleanup(pd, fd, req);
	} else if (!strcmp(cmd, "fence")) {
		rc = pd_fence(pd, cib_xml_get(req, "node") ?: "",
			      cib_xml_get(req, "action") ?: "reboot", msg,
			      sizeof(msg));
		reply(fd, rc, msg, NULL);
	} else if (!strcmp(cmd, "shutdown")) {
		reply(fd, 0, "stopping", NULL);
		if (cib_xml_get(req, "all"))
			pd_send(pd, PD_MSG_SHUTDOWN, 0, "", 0);
		else
			pd->stopping = true;
	} else {
		reply(fd, -EINVAL, "unknown request", NULL);
	}
	return false;
}

void pd_ipc_accept(struct pacerd *pd)
{
	struct timeval tv = { .tv_sec = 2 };
	xmlDoc *req;
	char *buf;
	size_t len;
	int fd = accept4(pd->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (!peer_allowed(fd)) {
		reply(fd, -EACCES, "permission denied: only root and members "
				   "of group haclient may use pacerd", NULL);
		close(fd);
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (cib_ipc_recv(fd, &buf, &len)) {
		close(fd);
		return;
	}
	req = xmlReadMemory(buf, (int)len, "request", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOBLANKS |
			    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(buf);
	if (!req) {
		reply(fd, -EINVAL, "malformed request", NULL);
		close(fd);
		return;
	}
	if (!handle(pd, fd, xmlDocGetRootElement(req)))
		close(fd);
	xmlFreeDoc(req);
}
