/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd.h - drbdadm commands.  Each runs for one resource and returns
 * drbdadm's exit code (see DRBDADM_E_*); messages go to stdout/stderr.
 */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg_model.h"
#include "nl_client.h"

/* Exit codes (docs/drbdadm.md). */
#define DRBDADM_E_OK		0
#define DRBDADM_E_USAGE		1	/* bad command line */
#define DRBDADM_E_CONFIG	10	/* config error, unknown or not-up resource */
#define DRBDADM_E_REFUSED	11	/* refused (kernel or create-md); nothing changed */
#define DRBDADM_E_SYSTEM	20	/* netlink, module loading, I/O */

struct cmd_ctx {
	const struct cfg *cfg;
	const char *cfg_file;
	const char *hostname;
	bool force;
	bool discard_my_data;		/* connect --discard-my-data */
	bool clear_bitmap;		/* new-current-uuid --clear-bitmap */
	bool has_start;			/* verify --start SECTOR */
	uint64_t start;
	bool load_module;		/* open() may modprobe */
	struct drbd_nl *nl;		/* opened lazily by cmd_nl() */
	bool nl_tried;
	int nl_rc;
	enum drbd_nl_fail nl_fail;
	char nl_err[NL_ERR_MAX];
};

/* One resource, with this host's effective settings. */
struct cmd_res {
	const struct cfg_resource *res;
	const struct cfg_host *host;
	struct cfg_host_eff eff;
};

typedef int (*cmd_fn)(struct cmd_ctx *ctx, const struct cmd_res *r);

int cmd_create_md(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_up(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_attach(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_down(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_detach(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_primary(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_secondary(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_role(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_dstate(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_cstate(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_status(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_get_gi(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_show_gi(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_outdate(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_new_current_uuid(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_dump_md(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_resume_io(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_verify(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_pause_sync(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_resume_sync(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_invalidate(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_invalidate_remote(struct cmd_ctx *ctx, const struct cmd_res *r);
/* cmd_net.c */
int cmd_connect(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_net_connect(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_disconnect(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_wait_connect(struct cmd_ctx *ctx, const struct cmd_res *r);
int cmd_wait_sync(struct cmd_ctx *ctx, const struct cmd_res *r);

/* The netlink connection, opened on first use; NULL after printing why not. */
struct drbd_nl *cmd_nl(struct cmd_ctx *ctx, const char *res_name);
void cmd_ctx_close(struct cmd_ctx *ctx);

/* "drbdadm: RES: MSG" on stderr. */
void cmd_err(const char *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* CMD_H */
