// SPDX-License-Identifier: GPL-2.0-only
/*
 * nl_client.c - generic netlink client (libnl-genl-3) and module loading
 * (libkmod) for drbdadm.
 */
#include <errno.h>
#include <libkmod.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_client.h"

struct drbd_nl {
	struct nl_sock *sk;
	int family;
	char version[64];
};

/* State of one request while its reply is parsed. */
struct reply_ctx {
	int cmd;
	bool got_reply;
	bool acked;
	int result;
	char err[DRBD_ERR_MSG_MAX];
	struct drbd_status *st;
	uint32_t api_magic, api_version;
	char version[64];
};

static struct nla_policy reply_policy[DRBD_A_MAX + 1] = {
	[DRBD_A_RESULT] = { .type = NLA_U32 },
	[DRBD_A_ERR_MSG] = { .type = NLA_STRING },
	[DRBD_A_API_MAGIC] = { .type = NLA_U32 },
	[DRBD_A_API_VERSION] = { .type = NLA_U32 },
	[DRBD_A_VERSION_STR] = { .type = NLA_STRING },
	[DRBD_A_RES_NAME] = { .type = NLA_STRING },
	[DRBD_A_MINOR] = { .type = NLA_U32 },
	[DRBD_A_DISK_PATH] = { .type = NLA_STRING },
	[DRBD_A_FLAGS] = { .type = NLA_U32 },
	[DRBD_A_ROLE] = { .type = NLA_U32 },
	[DRBD_A_PEER_ROLE] = { .type = NLA_U32 },
	[DRBD_A_CSTATE] = { .type = NLA_U32 },
	[DRBD_A_DSTATE] = { .type = NLA_U32 },
	[DRBD_A_PEER_DSTATE] = { .type = NLA_U32 },
	[DRBD_A_SIZE] = { .type = NLA_U64 },
	[DRBD_A_OPEN_COUNT] = { .type = NLA_U32 },
	[DRBD_A_WRITERS] = { .type = NLA_U32 },
	[DRBD_A_HOLDER] = { .type = NLA_STRING },
	[DRBD_A_UUID_CURRENT] = { .type = NLA_U64 },
	[DRBD_A_MD_FLAGS] = { .type = NLA_U32 },
	[DRBD_A_STATS] = { .type = NLA_NESTED },
	[DRBD_A_PROTOCOL] = { .type = NLA_U32 },
	[DRBD_A_RS_TOTAL] = { .type = NLA_U64 },
	[DRBD_A_RS_LEFT] = { .type = NLA_U64 },
	[DRBD_A_RS_SPEED] = { .type = NLA_U64 },
	[DRBD_A_RS_ETA] = { .type = NLA_U64 },
	[DRBD_A_REFUSED_VERDICT] = { .type = NLA_U32 },
	[DRBD_A_UUID_BITMAP] = { .type = NLA_U64 },
	[DRBD_A_UUID_HISTORY1] = { .type = NLA_U64 },
	[DRBD_A_UUID_HISTORY2] = { .type = NLA_U64 },
	[DRBD_A_BITS_SET] = { .type = NLA_U64 },
	[DRBD_A_SUSPENDED] = { .type = NLA_U32 },
	[DRBD_A_RS_SUSPENDED] = { .type = NLA_U32 },
	[DRBD_A_REFUSED_RULE] = { .type = NLA_U32 },
};

static uint64_t get_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static void copy_str(char *dst, size_t len, struct nlattr *a)
{
	if (a)
		snprintf(dst, len, "%s", nla_get_string(a));
}

static uint32_t get_u32(struct nlattr *a, uint32_t dflt)
{
	return a ? nla_get_u32(a) : dflt;
}

static void parse_status(struct nlattr **tb, struct drbd_status *st)
{
	st->exists = true;
	st->minor = (int)get_u32(tb[DRBD_A_MINOR], (uint32_t)-1);
	copy_str(st->disk, sizeof(st->disk), tb[DRBD_A_DISK_PATH]);
	st->role = get_u32(tb[DRBD_A_ROLE], DRBD_ROLE_UNKNOWN);
	st->peer_role = get_u32(tb[DRBD_A_PEER_ROLE], DRBD_ROLE_UNKNOWN);
	st->cstate = get_u32(tb[DRBD_A_CSTATE], DRBD_CS_STANDALONE);
	st->dstate = get_u32(tb[DRBD_A_DSTATE], DRBD_DS_DISKLESS);
	st->peer_dstate = get_u32(tb[DRBD_A_PEER_DSTATE], DRBD_DS_DUNKNOWN);
	st->size = tb[DRBD_A_SIZE] ? nla_get_u64(tb[DRBD_A_SIZE]) : 0;
	st->open_count = get_u32(tb[DRBD_A_OPEN_COUNT], 0);
	st->writers = get_u32(tb[DRBD_A_WRITERS], 0);
	copy_str(st->holder, sizeof(st->holder), tb[DRBD_A_HOLDER]);
	st->uuid_current = tb[DRBD_A_UUID_CURRENT] ?
			   nla_get_u64(tb[DRBD_A_UUID_CURRENT]) : 0;
	st->md_flags = get_u32(tb[DRBD_A_MD_FLAGS], 0);
	st->protocol = get_u32(tb[DRBD_A_PROTOCOL], 0);
	st->rs_total = get_u64(tb[DRBD_A_RS_TOTAL]);
	st->rs_left = get_u64(tb[DRBD_A_RS_LEFT]);
	st->rs_speed = get_u64(tb[DRBD_A_RS_SPEED]);
	st->rs_eta = get_u64(tb[DRBD_A_RS_ETA]);
	st->uuid_bitmap = get_u64(tb[DRBD_A_UUID_BITMAP]);
	st->uuid_h1 = get_u64(tb[DRBD_A_UUID_HISTORY1]);
	st->uuid_h2 = get_u64(tb[DRBD_A_UUID_HISTORY2]);
	st->bits_set = get_u64(tb[DRBD_A_BITS_SET]);
	st->suspended = get_u32(tb[DRBD_A_SUSPENDED], 0) != 0;
	st->rs_suspended = get_u32(tb[DRBD_A_RS_SUSPENDED], 0);
	st->refused = tb[DRBD_A_REFUSED_VERDICT] != NULL;
	st->refused_verdict = get_u32(tb[DRBD_A_REFUSED_VERDICT], 0);
	st->refused_rule = get_u32(tb[DRBD_A_REFUSED_RULE], 0);
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct reply_ctx *ctx = arg;
	struct nlattr *tb[DRBD_A_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	if (gh->cmd != ctx->cmd)
		return NL_SKIP;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, DRBD_A_MAX, reply_policy) < 0)
		return NL_SKIP;
	ctx->got_reply = true;
	ctx->result = (int)get_u32(tb[DRBD_A_RESULT], 0);
	copy_str(ctx->err, sizeof(ctx->err), tb[DRBD_A_ERR_MSG]);
	ctx->api_magic = get_u32(tb[DRBD_A_API_MAGIC], 0);
	ctx->api_version = get_u32(tb[DRBD_A_API_VERSION], 0);
	copy_str(ctx->version, sizeof(ctx->version), tb[DRBD_A_VERSION_STR]);
	if (ctx->st && ctx->result == 0 && (tb[DRBD_A_RES_NAME] || tb[DRBD_A_ROLE]))
		parse_status(tb, ctx->st);
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct reply_ctx *ctx = arg;

	ctx->acked = true;
	return NL_STOP;
}

static int put_opt_str(struct nl_msg *msg, int attr, const char *s)
{
	return s && nla_put_string(msg, attr, s) < 0 ? -EMSGSIZE : 0;
}

static int put_net(struct nl_msg *msg, const struct drbd_net_req *net)
{
	size_t i;

	if (!net)
		return 0;
	if (put_opt_str(msg, DRBD_A_MY_ADDR, net->my_addr) ||
	    put_opt_str(msg, DRBD_A_PEER_ADDR, net->peer_addr) ||
	    put_opt_str(msg, DRBD_A_SHARED_SECRET, net->secret) ||
	    put_opt_str(msg, DRBD_A_CRAM_HMAC_ALG, net->hmac_alg) ||
	    put_opt_str(msg, DRBD_A_H_SPLIT_BRAIN, net->h_split_brain) ||
	    put_opt_str(msg, DRBD_A_H_PRI_LOST_AFTER_SB, net->h_pri_lost) ||
	    put_opt_str(msg, DRBD_A_CONF_FILE, net->conf_file) ||
	    put_opt_str(msg, DRBD_A_H_FENCE_PEER, net->h_fence_peer) ||
	    put_opt_str(msg, DRBD_A_VERIFY_ALG, net->verify_alg))
		return -EMSGSIZE;
	for (i = 0; i < net->n_u32; i++)
		if (nla_put_u32(msg, net->u32s[i].attr, net->u32s[i].val) < 0)
			return -EMSGSIZE;
	return 0;
}

static int put_req(struct nl_msg *msg, const struct drbd_req *req)
{
	if (!req)
		return 0;
	if (req->res && nla_put_string(msg, DRBD_A_RES_NAME, req->res) < 0)
		return -EMSGSIZE;
	if (req->minor >= 0 && nla_put_u32(msg, DRBD_A_MINOR, (uint32_t)req->minor) < 0)
		return -EMSGSIZE;
	if (req->disk && nla_put_string(msg, DRBD_A_DISK_PATH, req->disk) < 0)
		return -EMSGSIZE;
	if (req->flags && nla_put_u32(msg, DRBD_A_FLAGS, req->flags) < 0)
		return -EMSGSIZE;
	if (req->al_extents &&
	    nla_put_u32(msg, DRBD_A_AL_EXTENTS, req->al_extents) < 0)
		return -EMSGSIZE;
	if (req->has_ov_start &&
	    nla_put_u64(msg, DRBD_A_OV_START, req->ov_start) < 0)
		return -EMSGSIZE;
	return put_net(msg, req->net);
}

static int transport_err(char *err, size_t len, int nlerr, enum drbd_nl_fail *f)
{
	*f = DRBD_NL_TRANSPORT;
	if (nlerr == -NLE_PERM)
		snprintf(err, len, "netlink: permission denied; run drbdadm as root");
	else
		snprintf(err, len, "netlink: %s", nl_geterror(nlerr));
	return nlerr == -NLE_PERM ? -EPERM : -EIO;
}

/* Send and collect the reply and the ack into @ctx. */
static int round_trip(struct drbd_nl *nl, struct reply_ctx *ctx,
		      const struct drbd_req *req, char *err, size_t len,
		      enum drbd_nl_fail *f)
{
	struct nl_msg *msg = nlmsg_alloc();
	int rc;

	if (!msg)
		return transport_err(err, len, -NLE_NOMEM, f);
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, 0,
			 (uint8_t)ctx->cmd, DRBD_GENL_VERSION) ||
	    put_req(msg, req) < 0) {
		nlmsg_free(msg);
		return transport_err(err, len, -NLE_MSGSIZE, f);
	}
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, ctx);
	nl_socket_modify_cb(nl->sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, ctx);
	rc = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	while (rc >= 0 && !ctx->acked)
		rc = nl_recvmsgs_default(nl->sk);
	if (rc < 0)
		return transport_err(err, len, rc, f);
	if (!ctx->got_reply) {
		*f = DRBD_NL_TRANSPORT;
		snprintf(err, len, "the drbd module sent no reply to command %d", ctx->cmd);
		return -EPROTO;
	}
	return 0;
}

int drbd_nl_cmd(struct drbd_nl *nl, int cmd, const struct drbd_req *req,
		struct drbd_status *ret_st, char *err, size_t len,
		enum drbd_nl_fail *f)
{
	struct reply_ctx ctx = { .cmd = cmd, .st = ret_st };
	int rc;

	*f = DRBD_NL_OK;
	if (ret_st)
		memset(ret_st, 0, sizeof(*ret_st));
	rc = round_trip(nl, &ctx, req, err, len, f);
	if (rc)
		return rc;
	if (ctx.result) {
		*f = DRBD_NL_KERNEL;
		if (ctx.err[0])
			snprintf(err, len, "%s", ctx.err);
		else
			snprintf(err, len, "%s", strerror(-ctx.result));
	}
	return ctx.result;
}

int drbd_nl_status(struct drbd_nl *nl, const char *res, struct drbd_status *st,
		   char *err, size_t len, enum drbd_nl_fail *f)
{
	struct drbd_req req = { .res = res, .minor = -1 };
	int rc = drbd_nl_cmd(nl, DRBD_CMD_GET_STATUS, &req, st, err, len, f);

	if (rc == -ENOENT && *f == DRBD_NL_KERNEL) {
		st->exists = false;
		*f = DRBD_NL_OK;
		return 0;
	}
	return rc;
}

/* modprobe drbd, through libkmod. */
static int load_module(char *err, size_t len)
{
	struct kmod_ctx *kctx = kmod_new(NULL, NULL);
	struct kmod_module *mod = NULL;
	int rc;

	if (!kctx) {
		snprintf(err, len, "the drbd module is not loaded and libkmod could not start");
		return -ENOMEM;
	}
	rc = kmod_module_new_from_name(kctx, "drbd", &mod);
	if (rc == 0)
		rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	if (rc > 0)
		rc = -EPERM;	/* blacklisted */
	if (rc < 0)
		snprintf(err, len,
			 "the drbd module is not loaded and loading it failed (%s); install drbd.ko under /lib/modules/$(uname -r) and run depmod, or load it with insmod",
			 strerror(-rc));
	kmod_module_unref(mod);
	kmod_unref(kctx);
	return rc;
}

/* Family version from the controller: the in-tree DRBD uses 1. */
static int family_version(struct nl_sock *sk)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;
	int v = -1;

	if (genl_ctrl_alloc_cache(sk, &cache) < 0)
		return -1;
	fam = genl_ctrl_search_by_name(cache, DRBD_GENL_NAME);
	if (fam) {
		v = genl_family_get_version(fam);
		genl_family_put(fam);
	}
	nl_cache_free(cache);
	return v;
}

static int not_ours(char *err, size_t len, enum drbd_nl_fail *f, const char *why)
{
	*f = DRBD_NL_NOT_OURS;
	snprintf(err, len,
		 "the loaded drbd module is not this project's (in-tree DRBD 8.4?): %s; rmmod drbd and load ours",
		 why);
	return -EPROTO;
}

static int check_ours(struct drbd_nl *nl, char *err, size_t len,
		      enum drbd_nl_fail *f)
{
	struct reply_ctx ctx = { .cmd = DRBD_CMD_GET_INFO };
	char why[96];
	int v = family_version(nl->sk);
	int rc;

	if (v >= 0 && v != DRBD_GENL_VERSION) {
		snprintf(why, sizeof(why), "netlink family version %d, expected %d",
			 v, DRBD_GENL_VERSION);
		return not_ours(err, len, f, why);
	}
	rc = round_trip(nl, &ctx, NULL, err, len, f);
	if (rc == -EPERM)
		return rc;
	if (rc || ctx.api_magic != DRBD_API_MAGIC)
		return not_ours(err, len, f, "it does not answer GET_INFO with our API magic");
	if (ctx.api_version != DRBD_API_VERSION) {
		snprintf(why, sizeof(why), "API version %u, this drbdadm speaks %u",
			 ctx.api_version, DRBD_API_VERSION);
		return not_ours(err, len, f, why);
	}
	snprintf(nl->version, sizeof(nl->version), "%s", ctx.version);
	return 0;
}

int drbd_nl_open(struct drbd_nl **ret, bool load, char *err, size_t len,
		 enum drbd_nl_fail *f)
{
	struct drbd_nl *nl = calloc(1, sizeof(*nl));
	int rc;

	*f = DRBD_NL_TRANSPORT;
	if (!nl || !(nl->sk = nl_socket_alloc())) {
		free(nl);
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	rc = genl_connect(nl->sk);
	if (rc < 0) {
		rc = transport_err(err, len, rc, f);
		goto out_free;
	}
	nl->family = genl_ctrl_resolve(nl->sk, DRBD_GENL_NAME);
	if (nl->family < 0 && load) {
		rc = load_module(err, len);
		if (rc)
			goto out_free;
		nl->family = genl_ctrl_resolve(nl->sk, DRBD_GENL_NAME);
	}
	if (nl->family < 0) {
		*f = DRBD_NL_NO_MODULE;
		snprintf(err, len, "the drbd module is loaded but has no netlink family '%s'",
			 DRBD_GENL_NAME);
		if (!load)
			snprintf(err, len, "the drbd module is not loaded ('drbdadm up RESOURCE' loads it)");
		rc = -ENOENT;
		goto out_free;
	}
	rc = check_ours(nl, err, len, f);
	if (rc)
		goto out_free;
	*f = DRBD_NL_OK;
	*ret = nl;
	return 0;
out_free:
	drbd_nl_close(nl);
	return rc;
}

void drbd_nl_close(struct drbd_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

const char *drbd_nl_module_version(const struct drbd_nl *nl)
{
	return nl->version;
}
