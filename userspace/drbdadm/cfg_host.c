// SPDX-License-Identifier: GPL-2.0-only
/*
 * cfg_host.c - host and resource selection for drbdadm commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cfg_host.h"

int cfg_this_host(char *buf, size_t len)
{
	const char *env = getenv("DRBD_HOSTNAME");
	struct utsname u;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	if (uname(&u) < 0)
		return -errno;
	snprintf(buf, len, "%s", u.nodename);
	return 0;
}

const struct cfg_host *cfg_host_find(const struct cfg_resource *res,
				     const char *hostname)
{
	size_t short_len = strcspn(hostname, ".");
	size_t i;

	for (i = 0; i < res->n_hosts; i++)
		if (strcmp(res->hosts[i].name, hostname) == 0)
			return &res->hosts[i];
	for (i = 0; i < res->n_hosts; i++)
		if (strlen(res->hosts[i].name) == short_len &&
		    strncmp(res->hosts[i].name, hostname, short_len) == 0)
			return &res->hosts[i];
	return NULL;
}

/* "a, b, c" */
static void host_list(const struct cfg_resource *res, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < res->n_hosts && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", res->hosts[i].name);
}

int cfg_select_host(const struct cfg_resource *res, const char *hostname,
		    const struct cfg_host **ret, struct cfg_error *err)
{
	char names[512];

	*ret = cfg_host_find(res, hostname);
	if (*ret)
		return 0;
	host_list(res, names, sizeof(names));
	cfg_errf(err, res->loc,
		 "resource %s has no 'on' section for this host (%s); it names %s. Add 'on %s { ... }' or fix the host name",
		 res->name, hostname, names, hostname);
	return -ENOENT;
}

static int push(struct cfg_resource ***list, size_t *n, struct cfg_resource *r)
{
	struct cfg_resource **l;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*list)[i] == r)
			return 0;	/* named twice: once is enough */
	l = realloc(*list, (*n + 1) * sizeof(*l));
	if (!l)
		return -ENOMEM;
	l[(*n)++] = r;
	*list = l;
	return 0;
}

static void defined_list(const struct cfg *cfg, char *buf, size_t len)
{
	size_t i, used = 0;

	snprintf(buf, len, "none");
	for (i = 0; i < cfg->n_res && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", cfg->res[i].name);
}

static int select_all(const struct cfg *cfg, const char *cfg_file,
		      const char *hostname, struct cfg_resource ***ret,
		      size_t *ret_n, struct cfg_error *err)
{
	size_t i;
	bool any = false;

	for (i = 0; i < cfg->n_res; i++) {
		if (!cfg_host_find(&cfg->res[i], hostname))
			continue;
		any = true;
		if (push(ret, ret_n, &cfg->res[i]))
			return -ENOMEM;
	}
	if (!any) {
		snprintf(err->msg, sizeof(err->msg),
			 "%s: no resource has an 'on' section for this host (%s)",
			 cfg_file, hostname);
		return -ENOENT;
	}
	return 0;
}

int cfg_select_resources(const struct cfg *cfg, const char *cfg_file,
			 const char *hostname, char *const *names, size_t n,
			 struct cfg_resource ***ret, size_t *ret_n,
			 struct cfg_error *err)
{
	const struct cfg_host *h;
	struct cfg_resource *r;
	char defined[512];
	size_t i;
	int rc = 0;

	*ret = NULL;
	*ret_n = 0;
	for (i = 0; i < n && !rc; i++) {
		if (strcmp(names[i], "all") == 0) {
			rc = select_all(cfg, cfg_file, hostname, ret, ret_n, err);
			continue;
		}
		r = cfg_find_resource(cfg, names[i]);
		if (!r) {
			defined_list(cfg, defined, sizeof(defined));
			snprintf(err->msg, sizeof(err->msg),
				 "'%s' is not defined in %s (defined there: %s)",
				 names[i], cfg_file, defined);
			rc = -ENOENT;
			continue;
		}
		rc = cfg_select_host(r, hostname, &h, err);
		if (!rc && push(ret, ret_n, r))
			rc = -ENOMEM;
	}
	if (rc) {
		free(*ret);
		*ret = NULL;
		*ret_n = 0;
	}
	return rc;
}
