// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_state.c - commands that talk to the module: up, down, attach,
 * detach, primary, secondary, role, dstate, cstate, status.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "mounts.h"
#include "status_fmt.h"

void cmd_err(const char *res, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (res)
		fprintf(stderr, "drbdadm: %s: ", res);
	else
		fputs("drbdadm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct drbd_nl *cmd_nl(struct cmd_ctx *ctx, const char *res_name)
{
	if (!ctx->nl_tried) {
		ctx->nl_tried = true;
		ctx->nl_rc = drbd_nl_open(&ctx->nl, ctx->load_module, ctx->nl_err,
					  sizeof(ctx->nl_err), &ctx->nl_fail);
		if (ctx->nl_rc)
			cmd_err(NULL, "%s", ctx->nl_err);
	}
	return ctx->nl;
}

void cmd_ctx_close(struct cmd_ctx *ctx)
{
	drbd_nl_close(ctx->nl);
	ctx->nl = NULL;
}

static int fail_code(enum drbd_nl_fail f, int rc)
{
	if (f == DRBD_NL_KERNEL)
		return rc == -ENOENT ? DRBDADM_E_CONFIG : DRBDADM_E_REFUSED;
	return DRBDADM_E_SYSTEM;
}

/* Send @cmd with @req for @r; prints the kernel's sentence on failure. */
static int request_req(struct cmd_ctx *ctx, const struct cmd_res *r, int cmd,
		       const struct drbd_req *req)
{
	char err[NL_ERR_MAX];
	enum drbd_nl_fail f;
	int rc;

	if (!cmd_nl(ctx, r->res->name))
		return DRBDADM_E_SYSTEM;
	rc = drbd_nl_cmd(ctx->nl, cmd, req, NULL, err, sizeof(err), &f);
	if (!rc)
		return 0;
	cmd_err(r->res->name, "%s", err);
	return fail_code(f, rc);
}

/* Send @cmd for @r; prints the kernel's sentence on failure. */
static int request(struct cmd_ctx *ctx, const struct cmd_res *r, int cmd,
		   const char *disk, uint32_t flags)
{
	struct drbd_req req = {
		.res = r->res->name,
		.minor = cmd == DRBD_CMD_NEW_RESOURCE ? r->eff.minor : -1,
		.disk = disk,
		.flags = flags,
	};

	return request_req(ctx, r, cmd, &req);
}

static int status_of(struct cmd_ctx *ctx, const struct cmd_res *r,
		     struct drbd_status *st)
{
	char err[NL_ERR_MAX];
	enum drbd_nl_fail f;
	int rc;

	if (!cmd_nl(ctx, r->res->name))
		return DRBDADM_E_SYSTEM;
	rc = drbd_nl_status(ctx->nl, r->res->name, st, err, sizeof(err), &f);
	if (!rc)
		return 0;
	cmd_err(r->res->name, "%s", err);
	return fail_code(f, rc);
}

/* Refuse (and say where) when /dev/drbdN is mounted. */
static int refuse_if_mounted(const struct cmd_res *r)
{
	char dir[512];

	if (mounts_find(MOUNTS_FILE, r->eff.device, r->eff.minor, dir,
			sizeof(dir)) != 1)
		return 0;
	cmd_err(r->res->name, "%s is mounted on %s; umount it first",
		r->eff.device, dir);
	return DRBDADM_E_REFUSED;
}

/*
 * Steps of "up", each skipped when already done: new-resource, attach,
 * and (with replication) connect.  A resource created here is deleted
 * again when a later step fails, so a failed up changes nothing.
 */
static int bring_up(struct cmd_ctx *ctx, const struct cmd_res *r, bool connect)
{
	struct drbd_status st;
	struct drbd_req attach = {
		.res = r->res->name, .minor = -1, .disk = r->eff.disk,
	};
	struct cfg_error cerr;
	unsigned int al;
	bool created = false, capped;
	int rc;

	if (cfg_al_extents(ctx->cfg, r->res, &al, &capped, &cerr)) {
		cmd_err(r->res->name, "%s", cerr.msg);
		return DRBDADM_E_CONFIG;
	}
	attach.al_extents = al;
	rc = status_of(ctx, r, &st);
	if (rc)
		return rc;
	if (st.exists && st.minor != r->eff.minor) {
		cmd_err(r->res->name,
			"is up with minor %d, but the config says minor %d; run 'drbdadm down %s' first",
			st.minor, r->eff.minor, r->res->name);
		return DRBDADM_E_REFUSED;
	}
	if (!st.exists) {
		rc = request(ctx, r, DRBD_CMD_NEW_RESOURCE, NULL, 0);
		if (rc)
			return rc;
		created = true;
	}
	if (!st.exists || st.dstate == DRBD_DS_DISKLESS) {
		if (capped)
			cmd_err(r->res->name, "al-extents is above the %u extents (%.2f GiB) this version's activity log holds; using %u",
				al, al * 4.0 / 1024, al);
		rc = request_req(ctx, r, DRBD_CMD_ATTACH, &attach);
		if (rc) {
			if (created)
				request(ctx, r, DRBD_CMD_DEL_RESOURCE, NULL, 0);
			return rc;
		}
	}
	/* A resource with a single "on" section has no peer: it stays StandAlone. */
	return connect && r->res->n_hosts > 1 ? cmd_net_connect(ctx, r) : 0;
}

int cmd_up(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return bring_up(ctx, r, true);
}

int cmd_attach(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return bring_up(ctx, r, false);
}

int cmd_down(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = status_of(ctx, r, &st);

	if (rc || !st.exists)
		return rc;	/* not up: nothing to do */
	rc = refuse_if_mounted(r);
	if (!rc && st.role == DRBD_ROLE_PRIMARY)
		rc = request(ctx, r, DRBD_CMD_SECONDARY, NULL, 0);
	if (!rc && st.cstate != DRBD_CS_STANDALONE)
		rc = request(ctx, r, DRBD_CMD_DISCONNECT, NULL, 0);
	if (!rc && st.dstate != DRBD_DS_DISKLESS)
		rc = request(ctx, r, DRBD_CMD_DETACH, NULL, 0);
	if (!rc)
		rc = request(ctx, r, DRBD_CMD_DEL_RESOURCE, NULL, 0);
	return rc;
}

int cmd_detach(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_DETACH, NULL, 0);
}

int cmd_primary(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_PRIMARY, NULL, ctx->force ? DRBD_F_FORCE : 0);
}

int cmd_secondary(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	int rc = refuse_if_mounted(r);

	return rc ? rc : request(ctx, r, DRBD_CMD_SECONDARY, NULL, 0);
}

/* Status of an up resource, or "r0: No such resource" as drbdsetup says. */
static int up_status(struct cmd_ctx *ctx, const struct cmd_res *r,
		     struct drbd_status *st)
{
	int rc = status_of(ctx, r, st);

	if (rc)
		return rc;
	if (!st->exists) {
		fflush(stdout);
		fprintf(stderr, "%s: No such resource\n", r->res->name);
		return DRBDADM_E_CONFIG;
	}
	return 0;
}

int cmd_role(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = up_status(ctx, r, &st);

	if (!rc)
		status_fmt_role(stdout, &st);
	return rc;
}

int cmd_dstate(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = up_status(ctx, r, &st);

	if (!rc)
		status_fmt_dstate(stdout, &st);
	return rc;
}

int cmd_cstate(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = up_status(ctx, r, &st);

	if (!rc)
		status_fmt_cstate(stdout, &st);
	return rc;
}

/* The other host of the resource, for the peer line. */
static const char *peer_name(const struct cmd_res *r)
{
	size_t i;

	for (i = 0; i < r->res->n_hosts; i++)
		if (&r->res->hosts[i] != r->host)
			return r->res->hosts[i].name;
	return "peer";
}

int cmd_status(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = up_status(ctx, r, &st);

	if (!rc)
		status_fmt_status(stdout, r->res->name, peer_name(r), &st);
	return rc;
}

/* ---- generation identifiers --------------------------------------------- */

int cmd_get_gi(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = up_status(ctx, r, &st);

	if (!rc)
		status_fmt_gi(stdout, &st);
	return rc;
}

int cmd_show_gi(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_status st;
	int rc = up_status(ctx, r, &st);

	if (!rc)
		status_fmt_show_gi(stdout, r->res->name, &st);
	return rc;
}

int cmd_outdate(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_OUTDATE, NULL, 0);
}

int cmd_new_current_uuid(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_NEW_CURRENT_UUID, NULL,
		       ctx->clear_bitmap ? DRBD_F_CLEAR_BITMAP : 0);
}

int cmd_resume_io(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_RESUME_IO, NULL, 0);
}

/* ---- verify, invalidate ---------------------------------------------------- */

int cmd_verify(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_req req = {
		.res = r->res->name,
		.minor = -1,
		.has_ov_start = ctx->has_start,
		.ov_start = ctx->start,
	};
	char err[NL_ERR_MAX];
	enum drbd_nl_fail f;
	int rc;

	if (!cmd_nl(ctx, r->res->name))
		return DRBDADM_E_SYSTEM;
	rc = drbd_nl_cmd(ctx->nl, DRBD_CMD_VERIFY, &req, NULL, err, sizeof(err),
			 &f);
	if (!rc)
		return 0;
	cmd_err(r->res->name, "%s", err);
	return fail_code(f, rc);
}

int cmd_pause_sync(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_PAUSE_SYNC, NULL, 0);
}

int cmd_resume_sync(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_RESUME_SYNC, NULL, 0);
}

int cmd_invalidate(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_INVALIDATE, NULL, 0);
}

int cmd_invalidate_remote(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return request(ctx, r, DRBD_CMD_INVALIDATE_REMOTE, NULL, 0);
}
