/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cfg_host.h - which host this node is, and which resources a command
 * line names ("all" or names) for it.
 */
#ifndef CFG_HOST_H
#define CFG_HOST_H

#include "cfg_model.h"

/* This node's name: $DRBD_HOSTNAME if set, else uname -n. */
int cfg_this_host(char *buf, size_t len);

/*
 * The "on" section of @res for @hostname: the exact name, else the short
 * name of @hostname (before the first dot).  NULL when there is none.
 */
const struct cfg_host *cfg_host_find(const struct cfg_resource *res,
				     const char *hostname);

/*
 * Like cfg_host_find, with an error naming the resource's file:line and
 * the hosts it names.  0 or -ENOENT.
 */
int cfg_select_host(const struct cfg_resource *res, const char *hostname,
		    const struct cfg_host **ret, struct cfg_error *err);

/*
 * Resources named by @names (n of them; "all" = every resource with an
 * "on" section for @hostname).  *ret is a malloc'ed array (free it).
 * @cfg_file is the top config file, for messages.  0 or -errno and @err.
 */
int cfg_select_resources(const struct cfg *cfg, const char *cfg_file,
			 const char *hostname, char *const *names, size_t n,
			 struct cfg_resource ***ret, size_t *ret_n,
			 struct cfg_error *err);

#endif /* CFG_HOST_H */
