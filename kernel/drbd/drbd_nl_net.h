/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_nl_net.h - what drbd_nl.c and drbd_proc.c need from replication.
 */
#ifndef DRBD_NL_NET_H
#define DRBD_NL_NET_H

#include <net/netlink.h>

struct drbd_resource;
struct drbd_net_conf;
struct drbd_msg;

/* /proc/drbd and DRBD_A_STATS: sizes in KiB, the rest in requests. */
struct drbd_net_counters {
	u64 ns, nr, al, bm, oos;
	int pe, ua;
	char protocol;		/* 'A', 'B', 'C', or 0 without a connection */
};

int drbd_nl_net_conf(struct nlattr **attrs, struct drbd_net_conf *c,
		     struct drbd_msg *msg);
int drbd_nl_put_peer(struct sk_buff *skb, struct drbd_resource *resource);
int drbd_outdate(struct drbd_resource *resource, struct drbd_msg *msg);
int drbd_resume_io(struct drbd_resource *resource, struct drbd_msg *msg);
int drbd_new_current_uuid(struct drbd_resource *resource, bool clear_bitmap,
			  struct drbd_msg *msg);
void drbd_net_counters(struct drbd_resource *resource,
		       struct drbd_net_counters *c);

#define DRBD_NET_POLICY \
	[DRBD_A_MY_ADDR] = { .type = NLA_NUL_STRING, .len = 63 }, \
	[DRBD_A_PEER_ADDR] = { .type = NLA_NUL_STRING, .len = 63 }, \
	[DRBD_A_PROTOCOL] = { .type = NLA_U32 }, \
	[DRBD_A_SHARED_SECRET] = { .type = NLA_NUL_STRING, .len = 64 }, \
	[DRBD_A_CRAM_HMAC_ALG] = { .type = NLA_NUL_STRING, .len = 31 }, \
	[DRBD_A_PING_INT] = { .type = NLA_U32 }, \
	[DRBD_A_PING_TIMEO] = { .type = NLA_U32 }, \
	[DRBD_A_TIMEOUT] = { .type = NLA_U32 }, \
	[DRBD_A_KO_COUNT] = { .type = NLA_U32 }, \
	[DRBD_A_CONNECT_INT] = { .type = NLA_U32 }, \
	[DRBD_A_RESYNC_RATE] = { .type = NLA_U32 }, \
	[DRBD_A_C_PLAN_AHEAD] = { .type = NLA_U32 }, \
	[DRBD_A_C_FILL_TARGET] = { .type = NLA_U32 }, \
	[DRBD_A_C_MAX_RATE] = { .type = NLA_U32 }, \
	[DRBD_A_C_MIN_RATE] = { .type = NLA_U32 }, \
	[DRBD_A_FLAGS] = { .type = NLA_U32 }, \
	[DRBD_A_AFTER_SB_0PRI] = { .type = NLA_U32 }, \
	[DRBD_A_AFTER_SB_1PRI] = { .type = NLA_U32 }, \
	[DRBD_A_AFTER_SB_2PRI] = { .type = NLA_U32 }, \
	[DRBD_A_H_SPLIT_BRAIN] = { .type = NLA_NUL_STRING, .len = DRBD_HANDLER_MAX - 1 }, \
	[DRBD_A_H_PRI_LOST_AFTER_SB] = { .type = NLA_NUL_STRING, .len = DRBD_HANDLER_MAX - 1 }, \
	[DRBD_A_CONF_FILE] = { .type = NLA_NUL_STRING, .len = DRBD_PATH_MAX - 1 }, \
	[DRBD_A_FENCING] = { .type = NLA_U32 }, \
	[DRBD_A_H_FENCE_PEER] = { .type = NLA_NUL_STRING, .len = DRBD_HANDLER_MAX - 1 }, \
	[DRBD_A_VERIFY_ALG] = { .type = NLA_NUL_STRING, .len = 31 }

#endif /* DRBD_NL_NET_H */
