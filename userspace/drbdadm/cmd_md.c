// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_md.c - "drbdadm create-md": refuse while the resource is up, then
 * hand the lower device to md_create().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "md_create.h"

/* Ask on the terminal, as drbdadm does. */
static bool tty_confirm(const char *what, void *arg)
{
	char line[64];

	printf("%s.\nDo you want to proceed?\n[need to type 'yes' to confirm] ", what);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\n")] = 0;
	return strcmp(line, "yes") == 0;
}

/* 0 when the kernel does not have @r up (or no module of ours is loaded). */
static int refuse_if_up(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	char err[NL_ERR_MAX];
	enum drbd_nl_fail f;
	struct drbd_nl *nl = NULL;

	if (drbd_nl_open(&nl, false, err, sizeof(err), &f)) {
		if (f == DRBD_NL_NO_MODULE || f == DRBD_NL_NOT_OURS)
			return 0;	/* not up here; O_EXCL guards the rest */
		cmd_err(r->res->name, "cannot ask the module whether it is up: %s", err);
		return DRBDADM_E_SYSTEM;
	}
	if (drbd_nl_status(nl, r->res->name, &st, err, sizeof(err), &f)) {
		drbd_nl_close(nl);
		cmd_err(r->res->name, "%s", err);
		return DRBDADM_E_SYSTEM;
	}
	drbd_nl_close(nl);
	if (!st.exists)
		return 0;
	cmd_err(r->res->name, "is up (%s on %s); run 'drbdadm down %s' first",
		r->eff.device, st.disk[0] ? st.disk : r->eff.disk, r->res->name);
	return DRBDADM_E_REFUSED;
}

int cmd_create_md(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct md_create_opts o = {
		.force = ctx->force,
		.confirm = isatty(STDIN_FILENO) ? tty_confirm : NULL,
		.drbd_device = r->eff.device,
	};
	char err[1024];
	int rc = refuse_if_up(ctx, r);

	if (rc)
		return rc;
	rc = md_create(r->eff.disk, &o, stdout, err, sizeof(err));
	if (!rc)
		return 0;
	cmd_err(r->res->name, "%s", err);
	switch (rc) {
	case -EEXIST:
	case -ENOSPC:
	case -EBUSY:
	case -ECANCELED:
	case -ENOTBLK:
		return DRBDADM_E_REFUSED;
	case -ENOENT:
		return DRBDADM_E_CONFIG;	/* the config names a missing disk */
	default:
		return DRBDADM_E_SYSTEM;
	}
}

/* dump-md: the metadata as on disk; refused while the resource is up. */
int cmd_dump_md(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	char err[1024];
	int rc = refuse_if_up(ctx, r);

	if (rc)
		return rc;
	rc = md_dump(r->eff.disk, stdout, err, sizeof(err));
	if (!rc)
		return 0;
	cmd_err(r->res->name, "%s", err);
	return rc == -ENOENT ? DRBDADM_E_CONFIG :
	       rc == -ENOMSG || rc == -ENOSPC ? DRBDADM_E_REFUSED : DRBDADM_E_SYSTEM;
}
