// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_net.c - replication commands: connect, disconnect, wait-connect,
 * wait-sync, and the net options CONNECT carries.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "drbd_after_sb.h"
#include "drbd_fence.h"

/* An option of @res's @sect, else of common's. */
static const char *opt(const struct cmd_ctx *ctx, const struct cmd_res *r,
		       enum cfg_sect sect, const char *key)
{
	const struct cfg_opt *o = cfg_opt_find(r->res->sect[sect], key);

	if (!o && ctx->cfg)
		o = cfg_opt_find(ctx->cfg->common[sect], key);
	return o ? o->value : NULL;
}

/* "100M" -> 102400 (rates in KiB), "4096" -> 4096; -1 if not a number. */
static long long parse_num(const char *s)
{
	char *end;
	long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v < 0)
		return -1;
	switch (*end) {
	case '\0':
		return v;
	case 'k': case 'K':
		return end[1] ? -1 : v;
	case 'm': case 'M':
		return end[1] ? -1 : v * 1024;
	case 'g': case 'G':
		return end[1] ? -1 : v * 1024 * 1024;
	}
	return -1;
}

struct net_opt {
	const char *key;
	enum cfg_sect sect;
	int attr;
};

static const struct net_opt net_opts[] = {
	{ "ping-int", CFG_SECT_NET, DRBD_A_PING_INT },
	{ "ping-timeout", CFG_SECT_NET, DRBD_A_PING_TIMEO },
	{ "timeout", CFG_SECT_NET, DRBD_A_TIMEOUT },
	{ "ko-count", CFG_SECT_NET, DRBD_A_KO_COUNT },
	{ "connect-int", CFG_SECT_NET, DRBD_A_CONNECT_INT },
	{ "resync-rate", CFG_SECT_DISK, DRBD_A_RESYNC_RATE },
	{ "c-plan-ahead", CFG_SECT_DISK, DRBD_A_C_PLAN_AHEAD },
	{ "c-fill-target", CFG_SECT_DISK, DRBD_A_C_FILL_TARGET },
	{ "c-max-rate", CFG_SECT_DISK, DRBD_A_C_MAX_RATE },
	{ "c-min-rate", CFG_SECT_DISK, DRBD_A_C_MIN_RATE },
};

static void add_u32(struct drbd_net_req *net, int attr, uint32_t val)
{
	if (net->n_u32 < DRBD_NET_U32_MAX) {
		net->u32s[net->n_u32].attr = attr;
		net->u32s[net->n_u32].val = val;
		net->n_u32++;
	}
}

/* The "on" section that is not ours. */
static const struct cfg_host *peer_host(const struct cmd_res *r)
{
	size_t i;

	for (i = 0; i < r->res->n_hosts; i++)
		if (&r->res->hosts[i] != r->host)
			return &r->res->hosts[i];
	return NULL;
}

struct net_bufs {
	char mine[64];
	char peer[64];
};

/*
 * after-sb-0pri/1pri/2pri of the net section.  discard-node-NAME names
 * the node that discards: this node or the peer, as the kernel sees it.
 */
static int add_after_sb(const struct cmd_ctx *ctx, const struct cmd_res *r,
			const struct cfg_host *ph, struct drbd_net_req *net)
{
	static const struct {
		const char *key;
		enum drbd_asb_kind kind;
		int attr;
	} k[] = {
		{ "after-sb-0pri", DRBD_ASB_0PRI, DRBD_A_AFTER_SB_0PRI },
		{ "after-sb-1pri", DRBD_ASB_1PRI, DRBD_A_AFTER_SB_1PRI },
		{ "after-sb-2pri", DRBD_ASB_2PRI, DRBD_A_AFTER_SB_2PRI },
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		const char *v = opt(ctx, r, CFG_SECT_NET, k[i].key);
		int p;

		if (!v)
			continue;
		if (k[i].kind == DRBD_ASB_0PRI && strncmp(v, "discard-node-", 13) == 0) {
			const char *name = v + 13;

			if (r->host && strcmp(name, r->host->name) == 0)
				p = DRBD_ASB_DISCARD_LOCAL;
			else if (strcmp(name, ph->name) == 0)
				p = DRBD_ASB_DISCARD_REMOTE;
			else {
				cmd_err(r->res->name, "%s %s: no node '%s' in this resource",
					k[i].key, v, name);
				return DRBDADM_E_CONFIG;
			}
		} else {
			p = drbd_asb_parse(k[i].kind, v);
		}
		if (p < 0) {
			cmd_err(r->res->name, "%s '%s' is not a policy it accepts; see drbdadm(8)",
				k[i].key, v);
			return DRBDADM_E_CONFIG;
		}
		add_u32(net, k[i].attr, (uint32_t)p);
	}
	return 0;
}

/* Fill @net from the config; 0 or an exit code after a message. */
static int build_net(const struct cmd_ctx *ctx, const struct cmd_res *r,
		     struct drbd_net_req *net, struct net_bufs *b)
{
	const struct cfg_host *ph = peer_host(r);
	struct cfg_host_eff pe;
	const char *v;
	long long n;
	size_t i;

	memset(net, 0, sizeof(*net));
	if (!r->eff.address || !r->eff.port) {
		cmd_err(r->res->name, "this node has no 'address' in its 'on' section; add 'address IP:PORT;'");
		return DRBDADM_E_CONFIG;
	}
	if (!ph) {
		cmd_err(r->res->name, "no 'on' section for a peer; add one for the other node");
		return DRBDADM_E_CONFIG;
	}
	cfg_host_effective(r->res, ph, &pe);
	if (!pe.address || !pe.port) {
		cmd_err(r->res->name, "the peer '%s' has no 'address'; add 'address IP:PORT;' to its 'on' section",
			ph->name);
		return DRBDADM_E_CONFIG;
	}
	snprintf(b->mine, sizeof(b->mine), "%s:%d", r->eff.address, r->eff.port);
	snprintf(b->peer, sizeof(b->peer), "%s:%d", pe.address, pe.port);
	net->my_addr = b->mine;
	net->peer_addr = b->peer;
	v = opt(ctx, r, CFG_SECT_NET, "protocol");
	add_u32(net, DRBD_A_PROTOCOL, (uint32_t)((v ? v[0] : 'C') - 'A' + 1));
	net->secret = opt(ctx, r, CFG_SECT_NET, "shared-secret");
	net->hmac_alg = opt(ctx, r, CFG_SECT_NET, "cram-hmac-alg");
	net->verify_alg = opt(ctx, r, CFG_SECT_NET, "verify-alg");
	net->h_split_brain = opt(ctx, r, CFG_SECT_HANDLERS, "split-brain");
	net->h_pri_lost = opt(ctx, r, CFG_SECT_HANDLERS, "pri-lost-after-sb");
	net->conf_file = ctx->cfg_file;
	net->h_fence_peer = opt(ctx, r, CFG_SECT_HANDLERS, "fence-peer");
	v = opt(ctx, r, CFG_SECT_NET, "fencing");
	if (!v)
		v = opt(ctx, r, CFG_SECT_DISK, "fencing");	/* DRBD 8.4 place */
	if (v) {
		int f = drbd_fencing_parse(v);

		if (f < 0) {
			cmd_err(r->res->name, "fencing '%s': use dont-care, resource-only or resource-and-stonith", v);
			return DRBDADM_E_CONFIG;
		}
		if (f != DRBD_FENCING_DONT_CARE && !net->h_fence_peer) {
			cmd_err(r->res->name, "fencing %s needs a fence-peer handler in the handlers section", v);
			return DRBDADM_E_CONFIG;
		}
		add_u32(net, DRBD_A_FENCING, (uint32_t)f);
	}
	if (add_after_sb(ctx, r, ph, net))
		return DRBDADM_E_CONFIG;
	for (i = 0; i < sizeof(net_opts) / sizeof(net_opts[0]); i++) {
		v = opt(ctx, r, net_opts[i].sect, net_opts[i].key);
		if (!v)
			continue;
		n = parse_num(v);
		if (n < 0 || n > 0xffffffffLL) {
			cmd_err(r->res->name, "%s '%s' is not a number", net_opts[i].key, v);
			return DRBDADM_E_CONFIG;
		}
		add_u32(net, net_opts[i].attr, (uint32_t)n);
	}
	return 0;
}

static int send_cmd(struct cmd_ctx *ctx, const struct cmd_res *r, int cmd,
		    const struct drbd_net_req *net, struct drbd_status *st)
{
	struct drbd_req req = { .res = r->res->name, .minor = -1, .net = net };
	char err[NL_ERR_MAX];
	enum drbd_nl_fail f;
	int rc;

	if (cmd == DRBD_CMD_CONNECT && ctx->discard_my_data)
		req.flags |= DRBD_F_DISCARD_MY_DATA;
	if (!cmd_nl(ctx, r->res->name))
		return DRBDADM_E_SYSTEM;
	if (cmd == DRBD_CMD_GET_STATUS)
		rc = drbd_nl_status(ctx->nl, r->res->name, st, err, sizeof(err), &f);
	else
		rc = drbd_nl_cmd(ctx->nl, cmd, &req, NULL, err, sizeof(err), &f);
	if (!rc)
		return 0;
	cmd_err(r->res->name, "%s", err);
	if (f == DRBD_NL_KERNEL)
		return rc == -ENOENT ? DRBDADM_E_CONFIG : DRBDADM_E_REFUSED;
	return DRBDADM_E_SYSTEM;
}

/* Connect unless already connecting or connected. */
static int do_connect(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	struct drbd_net_req net;
	struct drbd_status st;
	struct net_bufs b;
	int rc;

	rc = send_cmd(ctx, r, DRBD_CMD_GET_STATUS, NULL, &st);
	if (rc)
		return rc;
	if (!st.exists) {
		fprintf(stderr, "%s: No such resource\n", r->res->name);
		return DRBDADM_E_CONFIG;
	}
	/* refused at the handshake: connecting again starts afresh */
	if (st.cstate != DRBD_CS_STANDALONE)
		return 0;
	rc = build_net(ctx, r, &net, &b);
	return rc ? rc : send_cmd(ctx, r, DRBD_CMD_CONNECT, &net, NULL);
}

/* The connect step of "up": a resource without a peer stays StandAlone. */
int cmd_net_connect(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return peer_host(r) ? do_connect(ctx, r) : 0;
}

int cmd_connect(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return do_connect(ctx, r);
}

int cmd_disconnect(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return send_cmd(ctx, r, DRBD_CMD_DISCONNECT, NULL, NULL);
}

static bool is_connected(const struct drbd_status *st)
{
	return st->cstate >= DRBD_CS_CONNECTED;
}

static bool is_synced(const struct drbd_status *st)
{
	return st->cstate == DRBD_CS_CONNECTED &&
	       st->dstate == DRBD_DS_UP_TO_DATE &&
	       st->peer_dstate == DRBD_DS_UP_TO_DATE;
}

/* Poll the status until @done; wfc-timeout (startup) bounds it. */
static int wait_for(struct cmd_ctx *ctx, const struct cmd_res *r,
		    bool (*done)(const struct drbd_status *), const char *what)
{
	const char *v = opt(ctx, r, CFG_SECT_STARTUP, "wfc-timeout");
	long long limit = v ? parse_num(v) : 0;
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	time_t start = time(NULL);
	struct drbd_status st;
	int rc;

	for (;;) {
		rc = send_cmd(ctx, r, DRBD_CMD_GET_STATUS, NULL, &st);
		if (rc)
			return rc;
		if (!st.exists) {
			fprintf(stderr, "%s: No such resource\n", r->res->name);
			return DRBDADM_E_CONFIG;
		}
		if (done(&st))
			return 0;
		if (st.cstate == DRBD_CS_STANDALONE) {
			cmd_err(r->res->name, "StandAlone: not %s; run 'drbdadm connect %s'",
				what, r->res->name);
			return DRBDADM_E_REFUSED;
		}
		if (limit > 0 && time(NULL) - start >= limit) {
			cmd_err(r->res->name, "not %s after %lld s (wfc-timeout)", what, limit);
			return DRBDADM_E_REFUSED;
		}
		nanosleep(&ts, NULL);
	}
}

int cmd_wait_connect(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return wait_for(ctx, r, is_connected, "connected");
}

int cmd_wait_sync(struct cmd_ctx *ctx, const struct cmd_res *r)
{
	return wait_for(ctx, r, is_synced, "in sync");
}
