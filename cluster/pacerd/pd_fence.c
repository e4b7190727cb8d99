// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pd_fence.c - the fencer: run the fence agents of the CIB's stonith
 * resources the way fence-agents expect them, key=value lines on stdin
 * (action=, port=/plug=, and the resource's instance attributes except
 * pacer's own pcmk_* ones), with a timeout that kills the agent's process
 * group.  A device is used for NODE when its pcmk_host_list names NODE,
 * or when it has no host list.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cib.h"
#include "pacerd.h"

#define FENCE_TIMEOUT_S 60

static bool host_listed(const char *list, const char *node)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *s = NULL, *t = strtok_r(buf, " ,;", &s); t;
	     t = strtok_r(NULL, " ,;", &s))
		if (!strcmp(t, node))
			return true;
	return false;
}

static const char *agent_path(const char *type, char *buf, size_t len)
{
	const char *extra = getenv("PACER_FENCE_PATH");
	char dirs[1024];

	snprintf(dirs, sizeof(dirs), "%s%s/usr/sbin:/sbin", extra ? extra : "",
		 extra ? ":" : "");
	for (char *s = NULL, *d = strtok_r(dirs, ":", &s); d;
	     d = strtok_r(NULL, ":", &s)) {
		snprintf(buf, len, "%s/%s", d, type);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

/* Run one agent; its exit status, or -ETIMEDOUT. */
static int run_agent(const char *path, const char *input)
{
	int in[2], st;
	pid_t pid;
	time_t end = time(NULL) + FENCE_TIMEOUT_S;

	if (pipe(in) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		setpgid(0, 0);
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	if (write(in[1], input, strlen(input)) < 0)
		pd_warn("fence: writing to %s: %s", path, strerror(errno));
	close(in[1]);
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
		if (time(NULL) > end) {
			kill(-pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -ETIMEDOUT;
		}
		usleep(50000);
	}
}

static void add_params(xmlNode *prim, char *in, size_t len)
{
	xmlNode *ia = cib_child(prim, "instance_attributes");

	for (xmlNode *p = ia ? ia->children : NULL; p; p = p->next) {
		const char *n = cib_xml_get(p, "name");

		if (!cib_is_el(p, "nvpair") || !n || !strncmp(n, "pcmk_", 5))
			continue;
		snprintf(in + strlen(in), len - strlen(in), "%s=%s\n", n,
			 cib_xml_get(p, "value") ?: "");
	}
}

static const char *param(xmlNode *prim, const char *name)
{
	xmlNode *ia = cib_child(prim, "instance_attributes");

	for (xmlNode *p = ia ? ia->children : NULL; p; p = p->next) {
		const char *n = cib_xml_get(p, "name");

		if (cib_is_el(p, "nvpair") && n && !strcmp(n, name))
			return cib_xml_get(p, "value");
	}
	return NULL;
}

int pd_fence(struct pacerd *pd, const char *node, const char *action,
	     char *msg, size_t msglen)
{
	xmlNode *rscs = cib_doc_section(pd->cib, "resources");
	char path[512], in[4096];
	int tried = 0, rc;

	for (xmlNode *r = rscs->children; r; r = r->next) {
		const char *list, *type, *id = cib_xml_get(r, "id");

		if (!cib_is_el(r, "primitive") ||
		    strcmp(cib_xml_get(r, "class") ?: "", "stonith"))
			continue;
		list = param(r, "pcmk_host_list");
		if (list && !host_listed(list, node))
			continue;
		type = cib_xml_get(r, "type") ?: "";
		if (!agent_path(type, path, sizeof(path))) {
			pd_err("fence: %s: agent %s is not installed", id, type);
			continue;
		}
		snprintf(in, sizeof(in), "action=%s\nport=%s\nplug=%s\n",
			 action, node, node);
		add_params(r, in, sizeof(in));
		tried++;
		pd_info("fence: %s of %s with %s (%s)", action, node, id, type);
		rc = run_agent(path, in);
		if (rc == 0) {
			snprintf(msg, msglen, "%s fenced (%s) by %s", node,
				 action, id);
			pd_info("fence: %s", msg);
			return 0;
		}
		pd_err("fence: %s failed for %s: %s", id, node,
		       rc == -ETIMEDOUT ? "timed out" : "agent failed");
	}
	snprintf(msg, msglen, tried ? "every fence device for %s failed" :
		 "no fence device can fence %s", node);
	pd_err("fence: %s", msg);
	return -EHOSTUNREACH;
}
