// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_nl.c - the generic netlink family "drbd" (include/drbd/drbd_genl_api.h).
 *
 * Every command runs between drbd_nl_prepare() and drbd_nl_finish(): the
 * first takes the config lock, starts the reply and finds the resource;
 * the second adds DRBD_A_RESULT (and DRBD_A_ERR_MSG on failure), drops
 * the lock and sends the one reply.  The doit then returns 0: the outcome
 * is in the reply, not in the netlink ACK.
 */
#include <net/genetlink.h>

#include "drbd_int.h"
#include "drbd_net.h"
#include "drbd_nl_net.h"

static struct genl_family drbd_genl_family;
static bool drbd_nl_registered;

/* ---- policies: each command accepts exactly its attributes ---------- */

#define RES_NAME_POLICY \
	[DRBD_A_RES_NAME] = { .type = NLA_NUL_STRING, \
			      .len = DRBD_RES_NAME_MAX - 1 }

static const struct nla_policy drbd_res_policy[DRBD_A_MAX + 1] = {
	RES_NAME_POLICY,
};

static const struct nla_policy drbd_new_res_policy[DRBD_A_MAX + 1] = {
	RES_NAME_POLICY,
	[DRBD_A_MINOR] = { .type = NLA_U32 },
};

static const struct nla_policy drbd_attach_policy[DRBD_A_MAX + 1] = {
	RES_NAME_POLICY,
	[DRBD_A_DISK_PATH] = { .type = NLA_NUL_STRING,
			       .len = DRBD_PATH_MAX - 1 },
	[DRBD_A_AL_EXTENTS] = { .type = NLA_U32 },
};

static const struct nla_policy drbd_connect_policy[DRBD_A_MAX + 1] = {
	RES_NAME_POLICY,
	DRBD_NET_POLICY,
};

static const struct nla_policy drbd_verify_policy[DRBD_A_MAX + 1] = {
	RES_NAME_POLICY,
	[DRBD_A_OV_START] = { .type = NLA_U64 },
};

static const struct nla_policy drbd_primary_policy[DRBD_A_MAX + 1] = {
	RES_NAME_POLICY,
	[DRBD_A_FLAGS] = { .type = NLA_U32 },
};

/* ---- status attributes (GET_STATUS replies, dumps, events) ---------- */

/* Nested DRBD_A_STATS: the /proc/drbd counters, sizes in KiB. */
static int put_stats(struct sk_buff *skb, struct drbd_device *device)
{
	struct drbd_net_counters nc;
	const struct {
		int type;
		u64 val;
	} v[] = {
		{ DRBD_S_NS, (drbd_net_counters(device->resource, &nc), nc.ns) },
		{ DRBD_S_NR, nc.nr },
		{ DRBD_S_DW, atomic64_read(&device->stats.dw_sectors) >> 1 },
		{ DRBD_S_DR, atomic64_read(&device->stats.dr_sectors) >> 1 },
		{ DRBD_S_AL, nc.al },
		{ DRBD_S_BM, nc.bm },
		{ DRBD_S_LO, atomic_read(&device->stats.lo) },
		{ DRBD_S_PE, nc.pe },
		{ DRBD_S_UA, nc.ua },
		{ DRBD_S_AP, atomic_read(&device->stats.ap) },
		{ DRBD_S_OOS, nc.oos },
	};
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, DRBD_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(v); i++)
		if (nla_put_u64_64bit(skb, v[i].type, v[i].val, DRBD_S_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The peer's side (drbd_nl_net.c). */
static int put_peer_status(struct sk_buff *skb, struct drbd_resource *resource)
{
	return drbd_nl_put_peer(skb, resource);
}

/* Lower device and metadata, when attached. */
static int put_ldev_status(struct sk_buff *skb, struct drbd_device *device)
{
	struct drbd_backing_dev *ldev = device->ldev;

	if (!ldev)
		return 0;
	if (nla_put_string(skb, DRBD_A_DISK_PATH, ldev->path) ||
	    nla_put_u64_64bit(skb, DRBD_A_UUID_CURRENT,
			      ldev->md.uuid[DRBD_UUID_CURRENT], DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_UUID_BITMAP,
			      ldev->md.uuid[DRBD_UUID_BITMAP], DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_UUID_HISTORY1,
			      ldev->md.uuid[DRBD_UUID_HISTORY_START],
			      DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_UUID_HISTORY2,
			      ldev->md.uuid[DRBD_UUID_HISTORY_END],
			      DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_BITS_SET,
			      device->bitmap ? drbd_bm_weight(device->bitmap) : 0,
			      DRBD_A_PAD) ||
	    nla_put_u32(skb, DRBD_A_MD_FLAGS, ldev->md.flags))
		return -EMSGSIZE;
	return 0;
}

/* Local role and openers, read together under resource->lock. */
static int put_local_status(struct sk_buff *skb, struct drbd_resource *resource)
{
	struct drbd_device *device = resource->device;
	unsigned int open_count, writers;
	enum drbd_role role;
	char holder[64];

	spin_lock(&resource->lock);
	role = resource->role;
	open_count = device->open_count;
	writers = device->writers;
	drbd_dev_holder(device, holder, sizeof(holder));
	spin_unlock(&resource->lock);

	if (nla_put_u32(skb, DRBD_A_ROLE, role) ||
	    nla_put_u32(skb, DRBD_A_DSTATE, device->disk_state) ||
	    nla_put_u64_64bit(skb, DRBD_A_SIZE,
			      (u64)get_capacity(device->disk) << SECTOR_SHIFT,
			      DRBD_A_PAD) ||
	    nla_put_u32(skb, DRBD_A_OPEN_COUNT, open_count) ||
	    nla_put_u32(skb, DRBD_A_WRITERS, writers) ||
	    nla_put_u32(skb, DRBD_A_SUSPENDED, READ_ONCE(resource->susp)))
		return -EMSGSIZE;
	if (holder[0] && nla_put_string(skb, DRBD_A_HOLDER, holder))
		return -EMSGSIZE;
	return 0;
}

/*
 * All status attributes of @resource.  device->ldev must stay put: the
 * caller holds drbd_cfg_mutex, or is a connection thread, which detach
 * stops before it frees ldev.
 */
static int put_status(struct sk_buff *skb, struct drbd_resource *resource)
{
	if (nla_put_string(skb, DRBD_A_RES_NAME, resource->name) ||
	    nla_put_u32(skb, DRBD_A_MINOR, resource->device->minor))
		return -EMSGSIZE;
	return put_local_status(skb, resource) ?:
	       put_peer_status(skb, resource) ?:
	       put_ldev_status(skb, resource->device) ?:
	       put_stats(skb, resource->device);
}

/* ---- one command: prepare, run, finish ------------------------------- */

struct drbd_nl_ctx {
	struct genl_info *info;
	struct sk_buff *reply;
	void *hdr;
	struct drbd_resource *resource;	/* when the command names one */
	int result;
	struct drbd_msg msg;
};

/*
 * Start the reply and take the config lock.  With @need_resource, find
 * the resource named by DRBD_A_RES_NAME; if that fails, ctx->result is
 * set and the command body must not run.  Returns -ENOMEM only.
 */
static int drbd_nl_prepare(struct drbd_nl_ctx *ctx, struct genl_info *info,
			   bool need_resource)
{
	const char *name;

	memset(ctx, 0, sizeof(*ctx));
	ctx->info = info;
	ctx->reply = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!ctx->reply)
		return -ENOMEM;
	ctx->hdr = genlmsg_put_reply(ctx->reply, info, &drbd_genl_family, 0,
				     info->genlhdr->cmd);
	if (!ctx->hdr) {
		nlmsg_free(ctx->reply);
		return -ENOMEM;
	}
	mutex_lock(&drbd_cfg_mutex);
	if (drbd_unloading) {
		ctx->result = drbd_msg_set(&ctx->msg, -ESHUTDOWN,
					   "the drbd module is being unloaded; load it again (modprobe drbd) and retry");
		return 0;
	}
	if (!need_resource)
		return 0;
	if (!info->attrs[DRBD_A_RES_NAME]) {
		ctx->result = drbd_msg_set(&ctx->msg, -EINVAL,
					   "the request names no resource (DRBD_A_RES_NAME missing); use a matching drbdadm");
		return 0;
	}
	name = nla_data(info->attrs[DRBD_A_RES_NAME]);
	ctx->resource = drbd_find_resource(name);
	if (!ctx->resource)
		ctx->result = drbd_msg_set(&ctx->msg, -ENOENT,
					   "resource %s is not configured in the kernel; run 'drbdadm up %s' first",
					   name, name);
	return 0;
}

/* Add the result, drop the lock and send the reply. */
static int drbd_nl_finish(struct drbd_nl_ctx *ctx)
{
	if (ctx->result == -EMSGSIZE && !ctx->msg.text[0]) {
		/* A partial reply: start again with the result alone. */
		genlmsg_cancel(ctx->reply, ctx->hdr);
		ctx->hdr = genlmsg_put_reply(ctx->reply, ctx->info,
					     &drbd_genl_family, 0,
					     ctx->info->genlhdr->cmd);
		drbd_msg_set(&ctx->msg, -EMSGSIZE,
			     "the reply did not fit in one message; report this as a bug");
	}
	mutex_unlock(&drbd_cfg_mutex);

	if (!ctx->hdr ||
	    nla_put_s32(ctx->reply, DRBD_A_RESULT, ctx->result) ||
	    (ctx->result && nla_put_string(ctx->reply, DRBD_A_ERR_MSG,
					   ctx->msg.text))) {
		nlmsg_free(ctx->reply);
		return -EMSGSIZE;
	}
	genlmsg_end(ctx->reply, ctx->hdr);
	return genlmsg_reply(ctx->reply, ctx->info);
}

/* Report a missing attribute the way every other failure is reported. */
static int need_attr(struct drbd_nl_ctx *ctx, int type, const char *what)
{
	if (ctx->info->attrs[type])
		return 0;
	return drbd_msg_set(&ctx->msg, -EINVAL,
			    "the request has no %s; use a matching drbdadm",
			    what);
}

/* ---- commands ---------------------------------------------------------- */

/* A command on a named resource that takes no attributes. */
static int drbd_nl_resource_op(struct genl_info *info,
			       int (*op)(struct drbd_resource *resource,
					 struct drbd_msg *msg))
{
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (!ctx.result)
		ctx.result = op(ctx.resource, &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, false))
		return -ENOMEM;
	if (nla_put_u32(ctx.reply, DRBD_A_API_MAGIC, DRBD_API_MAGIC) ||
	    nla_put_u32(ctx.reply, DRBD_A_API_VERSION, DRBD_API_VERSION) ||
	    nla_put_string(ctx.reply, DRBD_A_VERSION_STR, DRBD_MODULE_VERSION))
		ctx.result = -EMSGSIZE;
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_new_resource(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, false))
		return -ENOMEM;
	ctx.result = need_attr(&ctx, DRBD_A_RES_NAME, "resource name") ?:
		     need_attr(&ctx, DRBD_A_MINOR, "minor number");
	if (!ctx.result)
		ctx.result = drbd_new_resource(nla_data(info->attrs[DRBD_A_RES_NAME]),
					       nla_get_u32(info->attrs[DRBD_A_MINOR]),
					       &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_del_resource(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, drbd_del_resource);
}

static int drbd_nl_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;
	u32 al_slots = DRBD_AL_SLOTS;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (!ctx.result)
		ctx.result = need_attr(&ctx, DRBD_A_DISK_PATH, "lower device path");
	if (info->attrs[DRBD_A_AL_EXTENTS])
		al_slots = nla_get_u32(info->attrs[DRBD_A_AL_EXTENTS]);
	if (!ctx.result &&
	    (al_slots < DRBD_AL_SLOTS_MIN || al_slots > DRBD_AL_SLOTS_MAX))
		ctx.result = drbd_msg_set(&ctx.msg, -EINVAL,
					  "al-extents %u is outside %u..%u; change it in the disk section",
					  al_slots, DRBD_AL_SLOTS_MIN,
					  DRBD_AL_SLOTS_MAX);
	if (!ctx.result)
		ctx.result = drbd_attach(ctx.resource->device,
					 nla_data(info->attrs[DRBD_A_DISK_PATH]),
					 al_slots, &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_detach(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (!ctx.result)
		ctx.result = drbd_detach(ctx.resource->device, &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_primary(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;
	u32 flags = 0;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (info->attrs[DRBD_A_FLAGS])
		flags = nla_get_u32(info->attrs[DRBD_A_FLAGS]);
	if (!ctx.result && (flags & ~DRBD_F_FORCE))
		ctx.result = drbd_msg_set(&ctx.msg, -EINVAL,
					  "unknown flags 0x%x in the request; use a matching drbdadm",
					  flags & ~DRBD_F_FORCE);
	if (!ctx.result)
		ctx.result = drbd_set_primary(ctx.resource,
					      flags & DRBD_F_FORCE, &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_outdate(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, drbd_outdate);
}

static int drbd_nl_resume_io(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, drbd_resume_io);
}

static int drbd_nl_new_current_uuid(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;
	u32 flags = 0;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (info->attrs[DRBD_A_FLAGS])
		flags = nla_get_u32(info->attrs[DRBD_A_FLAGS]);
	if (!ctx.result && (flags & ~DRBD_F_CLEAR_BITMAP))
		ctx.result = drbd_msg_set(&ctx.msg, -EINVAL,
					  "unknown flags 0x%x in the request; use a matching drbdadm",
					  flags & ~DRBD_F_CLEAR_BITMAP);
	if (!ctx.result)
		ctx.result = drbd_new_current_uuid(ctx.resource,
						   flags & DRBD_F_CLEAR_BITMAP,
						   &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_verify(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;
	u64 start = 0;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (info->attrs[DRBD_A_OV_START])
		start = nla_get_u64(info->attrs[DRBD_A_OV_START]);
	if (!ctx.result)
		ctx.result = drbd_ov_start(ctx.resource, start, &ctx.msg);
	return drbd_nl_finish(&ctx);
}

static int invalidate_local(struct drbd_resource *resource,
			    struct drbd_msg *msg)
{
	return drbd_invalidate(resource, false, msg);
}

static int invalidate_remote(struct drbd_resource *resource,
			     struct drbd_msg *msg)
{
	return drbd_invalidate(resource, true, msg);
}

static int drbd_nl_invalidate(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, invalidate_local);
}

static int drbd_nl_invalidate_remote(struct sk_buff *skb,
				     struct genl_info *info)
{
	return drbd_nl_resource_op(info, invalidate_remote);
}

static int drbd_nl_pause_sync(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, drbd_pause_sync);
}

static int drbd_nl_resume_sync(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, drbd_resume_sync);
}

static int drbd_nl_secondary(struct sk_buff *skb, struct genl_info *info)
{
	return drbd_nl_resource_op(info, drbd_set_secondary);
}

static int drbd_nl_connect(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_net_conf conf;
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (!ctx.result)
		ctx.result = drbd_nl_net_conf(info->attrs, &conf, &ctx.msg);
	if (!ctx.result)
		ctx.result = drbd_conn_connect(ctx.resource, &conf,
					       ctx.msg.text,
					       sizeof(ctx.msg.text));
	return drbd_nl_finish(&ctx);
}

static int drbd_nl_disconnect(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (!ctx.result)
		ctx.result = drbd_conn_disconnect(ctx.resource);
	return drbd_nl_finish(&ctx);
}

/* Without NLM_F_DUMP: the status of the one resource named. */
static int drbd_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct drbd_nl_ctx ctx;

	if (drbd_nl_prepare(&ctx, info, true))
		return -ENOMEM;
	if (!ctx.result)
		ctx.result = put_status(ctx.reply, ctx.resource);
	return drbd_nl_finish(&ctx);
}

/*
 * With NLM_F_DUMP: one message per resource, in minor order, optionally
 * only the one named.  cb->args[0] is the next minor to send.
 */
static int drbd_nl_dump_status(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *dinfo = genl_dumpit_info(cb);
	struct nlattr *name = dinfo->attrs ? dinfo->attrs[DRBD_A_RES_NAME] : NULL;
	struct drbd_resource *resource;
	void *hdr;

	mutex_lock(&drbd_cfg_mutex);
	list_for_each_entry(resource, &drbd_resources, node) {
		if (drbd_unloading)
			break;
		if (resource->device->minor < cb->args[0])
			continue;
		if (name && strcmp(nla_data(name), resource->name))
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &drbd_genl_family,
				  NLM_F_MULTI, DRBD_CMD_GET_STATUS);
		if (!hdr)
			break;
		if (nla_put_s32(skb, DRBD_A_RESULT, 0) ||
		    put_status(skb, resource)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = resource->device->minor + 1;
	}
	mutex_unlock(&drbd_cfg_mutex);
	return skb->len;
}

/* ---- events ------------------------------------------------------------ */

/* Multicast the status of @resource to the "events" group. */
void drbd_notify(struct drbd_resource *resource, enum drbd_event_type ev)
{
	struct sk_buff *skb;
	void *hdr;

	if (!READ_ONCE(drbd_nl_registered) ||
	    !genl_has_listeners(&drbd_genl_family, &init_net, 0))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		goto out_fail;
	hdr = genlmsg_put(skb, 0, 0, &drbd_genl_family, 0, DRBD_CMD_EVENT);
	if (!hdr)
		goto out_free;
	if (nla_put_u32(skb, DRBD_A_EVENT, ev) || put_status(skb, resource))
		goto out_free;
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&drbd_genl_family, skb, 0, 0, GFP_KERNEL);
	return;

out_free:
	nlmsg_free(skb);
out_fail:
	drbd_warn(resource, "could not send a state change event\n");
}

/* ---- the family -------------------------------------------------------- */

#define DRBD_OP(_cmd, _doit, _policy) {				\
	.cmd = (_cmd), .doit = (_doit), .flags = GENL_ADMIN_PERM,	\
	.policy = (_policy), .maxattr = DRBD_A_MAX }

static const struct genl_ops drbd_genl_ops[] = {
	/* No attributes: the reject-all policy applies. */
	{ .cmd = DRBD_CMD_GET_INFO, .doit = drbd_nl_get_info,
	  .flags = GENL_ADMIN_PERM },
	DRBD_OP(DRBD_CMD_NEW_RESOURCE, drbd_nl_new_resource,
		drbd_new_res_policy),
	DRBD_OP(DRBD_CMD_DEL_RESOURCE, drbd_nl_del_resource, drbd_res_policy),
	DRBD_OP(DRBD_CMD_ATTACH, drbd_nl_attach, drbd_attach_policy),
	DRBD_OP(DRBD_CMD_DETACH, drbd_nl_detach, drbd_res_policy),
	DRBD_OP(DRBD_CMD_PRIMARY, drbd_nl_primary, drbd_primary_policy),
	DRBD_OP(DRBD_CMD_SECONDARY, drbd_nl_secondary, drbd_res_policy),
	DRBD_OP(DRBD_CMD_CONNECT, drbd_nl_connect, drbd_connect_policy),
	DRBD_OP(DRBD_CMD_DISCONNECT, drbd_nl_disconnect, drbd_res_policy),
	DRBD_OP(DRBD_CMD_OUTDATE, drbd_nl_outdate, drbd_res_policy),
	DRBD_OP(DRBD_CMD_RESUME_IO, drbd_nl_resume_io, drbd_res_policy),
	DRBD_OP(DRBD_CMD_VERIFY, drbd_nl_verify, drbd_verify_policy),
	DRBD_OP(DRBD_CMD_INVALIDATE, drbd_nl_invalidate, drbd_res_policy),
	DRBD_OP(DRBD_CMD_INVALIDATE_REMOTE, drbd_nl_invalidate_remote,
		drbd_res_policy),
	DRBD_OP(DRBD_CMD_PAUSE_SYNC, drbd_nl_pause_sync, drbd_res_policy),
	DRBD_OP(DRBD_CMD_RESUME_SYNC, drbd_nl_resume_sync, drbd_res_policy),
	DRBD_OP(DRBD_CMD_NEW_CURRENT_UUID, drbd_nl_new_current_uuid,
		drbd_primary_policy),
	{ .cmd = DRBD_CMD_GET_STATUS, .doit = drbd_nl_get_status,
	  .dumpit = drbd_nl_dump_status, .flags = GENL_ADMIN_PERM,
	  .policy = drbd_res_policy, .maxattr = DRBD_A_MAX },
};

static const struct genl_multicast_group drbd_mcgrps[] = {
	{ .name = DRBD_GENL_MCGRP_EVENTS },
};

static struct genl_family drbd_genl_family __ro_after_init = {
	.name		= DRBD_GENL_NAME,
	.version	= DRBD_GENL_VERSION,
	.module		= THIS_MODULE,
	.ops		= drbd_genl_ops,
	.n_ops		= ARRAY_SIZE(drbd_genl_ops),
	.mcgrps		= drbd_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(drbd_mcgrps),
	/* Strict header checks and policies for every command. */
	.resv_start_op	= DRBD_CMD_GET_INFO,
};

int drbd_nl_register(void)
{
	int err = genl_register_family(&drbd_genl_family);

	if (err) {
		pr_err("drbd: cannot register generic netlink family '%s' (error %d); is another drbd module loaded? (lsmod)\n",
		       DRBD_GENL_NAME, err);
		return err;
	}
	WRITE_ONCE(drbd_nl_registered, true);
	return 0;
}

void drbd_nl_unregister(void)
{
	WRITE_ONCE(drbd_nl_registered, false);
	genl_unregister_family(&drbd_genl_family);
}
