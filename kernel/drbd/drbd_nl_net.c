// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_nl_net.c - the replication part of the netlink API: CONNECT's
 * options, and the peer's side of the status.
 */
#include <linux/inet.h>
#include <net/genetlink.h>

#include "drbd_after_sb.h"
#include "drbd_fence.h"
#include "drbd_int.h"
#include "drbd_net.h"
#include "drbd_nl_net.h"

/* "a.b.c.d:port" */
static int parse_addr(const char *s, struct sockaddr_in *sin)
{
	const char *colon = strrchr(s, ':');
	unsigned int port;

	if (!colon || kstrtouint(colon + 1, 10, &port) || !port || port > 65535)
		return -EINVAL;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	if (!in4_pton(s, colon - s, (u8 *)&sin->sin_addr.s_addr, -1, NULL))
		return -EINVAL;
	return 0;
}

static void get_u32(struct nlattr **attrs, int type, u32 *val)
{
	if (attrs[type])
		*val = nla_get_u32(attrs[type]);
}

int drbd_nl_net_conf(struct nlattr **attrs, struct drbd_net_conf *c,
		     struct drbd_msg *msg)
{
	const char *a;

	drbd_net_conf_defaults(c);
	if (!attrs[DRBD_A_MY_ADDR] || !attrs[DRBD_A_PEER_ADDR])
		return drbd_msg_set(msg, -EINVAL,
				    "the request has no addresses; give each node an 'address' in its 'on' section");
	a = nla_data(attrs[DRBD_A_MY_ADDR]);
	if (parse_addr(a, &c->my_addr))
		return drbd_msg_set(msg, -EINVAL,
				    "address '%s' is not IPv4 'a.b.c.d:port'", a);
	a = nla_data(attrs[DRBD_A_PEER_ADDR]);
	if (parse_addr(a, &c->peer_addr))
		return drbd_msg_set(msg, -EINVAL,
				    "peer address '%s' is not IPv4 'a.b.c.d:port'",
				    a);
	get_u32(attrs, DRBD_A_PROTOCOL, &c->protocol);
	if (c->protocol < DRBD_PROT_A || c->protocol > DRBD_PROT_C)
		return drbd_msg_set(msg, -EINVAL,
				    "protocol %u is not A (1), B (2) or C (3)",
				    c->protocol);
	if (attrs[DRBD_A_SHARED_SECRET])
		strscpy(c->secret, nla_data(attrs[DRBD_A_SHARED_SECRET]),
			sizeof(c->secret));
	if (attrs[DRBD_A_CRAM_HMAC_ALG])
		strscpy(c->hmac_alg, nla_data(attrs[DRBD_A_CRAM_HMAC_ALG]),
			sizeof(c->hmac_alg));
	if (attrs[DRBD_A_VERIFY_ALG])
		strscpy(c->verify_alg, nla_data(attrs[DRBD_A_VERIFY_ALG]),
			sizeof(c->verify_alg));
	get_u32(attrs, DRBD_A_PING_INT, &c->ping_int);
	get_u32(attrs, DRBD_A_PING_TIMEO, &c->ping_timeo);
	get_u32(attrs, DRBD_A_TIMEOUT, &c->timeout);
	get_u32(attrs, DRBD_A_KO_COUNT, &c->ko_count);
	get_u32(attrs, DRBD_A_CONNECT_INT, &c->connect_int);
	get_u32(attrs, DRBD_A_RESYNC_RATE, &c->rs.resync_rate);
	get_u32(attrs, DRBD_A_C_PLAN_AHEAD, &c->rs.c_plan_ahead);
	get_u32(attrs, DRBD_A_C_FILL_TARGET, &c->rs.c_fill_target);
	get_u32(attrs, DRBD_A_C_MAX_RATE, &c->rs.c_max_rate);
	get_u32(attrs, DRBD_A_C_MIN_RATE, &c->rs.c_min_rate);
	if (attrs[DRBD_A_FLAGS]) {
		u32 f = nla_get_u32(attrs[DRBD_A_FLAGS]);

		if (f & ~DRBD_F_DISCARD_MY_DATA)
			return drbd_msg_set(msg, -EINVAL,
					    "unknown flags 0x%x in the request; use a matching drbdadm",
					    f & ~DRBD_F_DISCARD_MY_DATA);
		c->discard_my_data = f & DRBD_F_DISCARD_MY_DATA;
	}
	get_u32(attrs, DRBD_A_AFTER_SB_0PRI, &c->after_sb[0]);
	get_u32(attrs, DRBD_A_AFTER_SB_1PRI, &c->after_sb[1]);
	get_u32(attrs, DRBD_A_AFTER_SB_2PRI, &c->after_sb[2]);
	if (!drbd_asb_valid(DRBD_ASB_0PRI, c->after_sb[0]) ||
	    !drbd_asb_valid(DRBD_ASB_1PRI, c->after_sb[1]) ||
	    !drbd_asb_valid(DRBD_ASB_2PRI, c->after_sb[2]))
		return drbd_msg_set(msg, -EINVAL,
				    "after-sb policy value out of range; use a matching drbdadm");
	if (attrs[DRBD_A_H_SPLIT_BRAIN])
		strscpy(c->h_split_brain, nla_data(attrs[DRBD_A_H_SPLIT_BRAIN]),
			sizeof(c->h_split_brain));
	if (attrs[DRBD_A_H_PRI_LOST_AFTER_SB])
		strscpy(c->h_pri_lost,
			nla_data(attrs[DRBD_A_H_PRI_LOST_AFTER_SB]),
			sizeof(c->h_pri_lost));
	get_u32(attrs, DRBD_A_FENCING, &c->fencing);
	if (c->fencing >= DRBD_FENCING__COUNT)
		return drbd_msg_set(msg, -EINVAL,
				    "fencing value %u out of range; use a matching drbdadm",
				    c->fencing);
	if (attrs[DRBD_A_H_FENCE_PEER])
		strscpy(c->h_fence_peer, nla_data(attrs[DRBD_A_H_FENCE_PEER]),
			sizeof(c->h_fence_peer));
	if (attrs[DRBD_A_CONF_FILE])
		strscpy(c->conf_file, nla_data(attrs[DRBD_A_CONF_FILE]),
			sizeof(c->conf_file));
	if (!c->ping_int || !c->connect_int || !c->ping_timeo)
		return drbd_msg_set(msg, -EINVAL,
				    "ping-int, ping-timeout and connect-int must not be 0");
	return 0;
}

/* The peer's side of the status; StandAlone without a connection. */
int drbd_nl_put_peer(struct sk_buff *skb, struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;
	enum drbd_cstate cs = conn ? READ_ONCE(conn->cstate) :
				     DRBD_CS_STANDALONE;
	u64 total, left, speed, eta;

	if (nla_put_u32(skb, DRBD_A_PEER_ROLE,
			conn ? READ_ONCE(conn->peer_role) : DRBD_ROLE_UNKNOWN) ||
	    nla_put_u32(skb, DRBD_A_CSTATE, conn ? drbd_cstate_shown(conn) : cs) ||
	    nla_put_u32(skb, DRBD_A_PEER_DSTATE,
			conn ? READ_ONCE(conn->peer_disk) : DRBD_DS_DUNKNOWN))
		return -EMSGSIZE;
	if (!conn)
		return 0;
	if (nla_put_u32(skb, DRBD_A_PROTOCOL, conn->conf.protocol) ||
	    nla_put_u32(skb, DRBD_A_RS_SUSPENDED,
			(READ_ONCE(resource->user_isp) ? DRBD_RS_SUSP_USER : 0) |
			(READ_ONCE(conn->peer_isp) ? DRBD_RS_SUSP_PEER : 0)))
		return -EMSGSIZE;
	if (READ_ONCE(conn->verdict_fatal) &&
	    (nla_put_u32(skb, DRBD_A_REFUSED_VERDICT, conn->refused_verdict) ||
	     nla_put_u32(skb, DRBD_A_REFUSED_RULE, conn->refused_rule)))
		return -EMSGSIZE;
	if (cs == DRBD_CS_SYNC_SOURCE || cs == DRBD_CS_SYNC_TARGET)
		drbd_rs_progress(conn, &total, &left, &speed, &eta);
	else if (!drbd_ov_progress(conn, &total, &left, &speed, &eta))
		return 0;
	if (nla_put_u64_64bit(skb, DRBD_A_RS_TOTAL, total, DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_RS_LEFT, left, DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_RS_SPEED, speed, DRBD_A_PAD) ||
	    nla_put_u64_64bit(skb, DRBD_A_RS_ETA, eta, DRBD_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/* Counters of the connection, in KiB or requests, for STATS and /proc. */
void drbd_net_counters(struct drbd_resource *resource,
		       struct drbd_net_counters *c)
{
	struct drbd_connection *conn = resource->conn;
	struct drbd_bitmap *bm = resource->device->bitmap;

	memset(c, 0, sizeof(*c));
	c->oos = bm ? drbd_bm_weight(bm) << 2 : 0;
	if (!conn)
		return;
	c->ns = atomic64_read(&conn->ns) >> 1;
	c->nr = atomic64_read(&conn->nr) >> 1;
	c->al = atomic64_read(&conn->al);
	c->bm = atomic64_read(&conn->bm);
	c->pe = atomic_read(&conn->pe);
	c->ua = atomic_read(&conn->peer_writes);
	c->protocol = "?ABC"[conn->conf.protocol & 3];
}
