/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * drbd_genl_api.h - generic netlink API between drbd.ko and drbdadm.
 *
 * Family "drbd".  Every request is answered by one reply message of the
 * same command carrying DRBD_A_RESULT (0 or a negative errno) and, on
 * failure, DRBD_A_ERR_MSG: one sentence that says what is wrong and what
 * to do.  Userspace first sends DRBD_CMD_GET_INFO and refuses to go on
 * unless DRBD_A_API_MAGIC and DRBD_A_API_VERSION match: the in-tree DRBD
 * registers a family of the same name with another version and commands.
 *
 * Values are ABI: append, never renumber.  docs/netlink-api.md.
 *
 * Requests that break the attribute policy (unknown attribute, wrong type,
 * string too long) are refused by generic netlink itself with an error
 * ACK (extack text) before any command runs; everything else is answered
 * with the reply convention above.
 *
 * Status of every resource: DRBD_CMD_GET_STATUS sent with NLM_F_DUMP.  The
 * module answers with a multi-part dump (the dumpit handler): one
 * DRBD_CMD_GET_STATUS message per resource in minor order, each with
 * DRBD_A_RESULT 0 and the status attributes, ended by NLMSG_DONE.  An
 * optional DRBD_A_RES_NAME in the dump request limits it to that resource.
 * Without NLM_F_DUMP, DRBD_CMD_GET_STATUS needs DRBD_A_RES_NAME and
 * answers with one message.
 */
#ifndef DRBD_GENL_API_H
#define DRBD_GENL_API_H

#define DRBD_GENL_NAME		"drbd"
#define DRBD_GENL_VERSION	0x50	/* in-tree DRBD 8.4 uses 1 */
#define DRBD_GENL_MCGRP_EVENTS	"events"

#define DRBD_API_MAGIC		0x50414345u	/* "PACE" */
#define DRBD_API_VERSION	1u

#define DRBD_MAJOR		147
#define DRBD_MAX_MINORS		256
#define DRBD_RES_NAME_MAX	64	/* including the NUL */
#define DRBD_PATH_MAX		256
#define DRBD_ERR_MSG_MAX	256
#define DRBD_HANDLER_MAX	256	/* handler command, including the NUL */

enum drbd_genl_cmd {
	DRBD_CMD_UNSPEC,
	DRBD_CMD_GET_INFO,	/* -> API_MAGIC, API_VERSION, VERSION_STR */
	DRBD_CMD_NEW_RESOURCE,	/* RES_NAME, MINOR: creates /dev/drbdMINOR */
	DRBD_CMD_DEL_RESOURCE,	/* RES_NAME: must be detached, Secondary */
	DRBD_CMD_ATTACH,	/* RES_NAME, DISK_PATH, AL_EXTENTS */
	DRBD_CMD_DETACH,	/* RES_NAME */
	DRBD_CMD_PRIMARY,	/* RES_NAME, FLAGS (FORCE) */
	DRBD_CMD_SECONDARY,	/* RES_NAME */
	DRBD_CMD_GET_STATUS,	/* RES_NAME -> status attrs; dumpit: all */
	DRBD_CMD_EVENT,		/* multicast: status attrs of a changed resource */
	DRBD_CMD_CONNECT,	/* RES_NAME, MY_ADDR, PEER_ADDR, net options */
	DRBD_CMD_DISCONNECT,	/* RES_NAME: StandAlone */
	DRBD_CMD_OUTDATE,	/* RES_NAME: mark the data Outdated */
	DRBD_CMD_NEW_CURRENT_UUID,	/* RES_NAME, FLAGS (CLEAR_BITMAP) */
	DRBD_CMD_RESUME_IO,	/* RES_NAME: thaw I/O frozen by fencing */
	DRBD_CMD_VERIFY,	/* RES_NAME, OV_START: start online verify */
	DRBD_CMD_INVALIDATE,	/* RES_NAME: discard this node's data */
	DRBD_CMD_INVALIDATE_REMOTE,	/* RES_NAME: the peer's data */
	DRBD_CMD_PAUSE_SYNC,	/* RES_NAME: stop a running online verify,
				 * else pause resync until RESUME_SYNC */
	DRBD_CMD_RESUME_SYNC,	/* RES_NAME: resume a resync paused here */
	__DRBD_CMD_MAX,
};
#define DRBD_CMD_MAX (__DRBD_CMD_MAX - 1)

enum drbd_genl_attr {
	DRBD_A_UNSPEC,
	DRBD_A_RESULT,		/* s32: 0 or -errno */
	DRBD_A_ERR_MSG,		/* string */
	DRBD_A_API_MAGIC,	/* u32 */
	DRBD_A_API_VERSION,	/* u32 */
	DRBD_A_VERSION_STR,	/* string: module version */
	DRBD_A_RES_NAME,	/* string */
	DRBD_A_MINOR,		/* u32 */
	DRBD_A_DISK_PATH,	/* string: lower device */
	DRBD_A_FLAGS,		/* u32: DRBD_F_* */
	DRBD_A_ROLE,		/* u32: enum drbd_role */
	DRBD_A_PEER_ROLE,	/* u32: enum drbd_role */
	DRBD_A_CSTATE,		/* u32: enum drbd_cstate */
	DRBD_A_DSTATE,		/* u32: enum drbd_dstate */
	DRBD_A_PEER_DSTATE,	/* u32: enum drbd_dstate */
	DRBD_A_SIZE,		/* u64: usable bytes of /dev/drbdN */
	DRBD_A_OPEN_COUNT,	/* u32 */
	DRBD_A_WRITERS,		/* u32 */
	DRBD_A_HOLDER,		/* string: "pid N (comm)" of the writer, or mount */
	DRBD_A_UUID_CURRENT,	/* u64 */
	DRBD_A_MD_FLAGS,	/* u32: DRBD_MDF_* */
	DRBD_A_STATS,		/* nested: DRBD_S_* u64 counters */
	DRBD_A_PAD,		/* alignment padding of u64 attributes: ignore */
	DRBD_A_EVENT,		/* u32: DRBD_EV_*, in DRBD_CMD_EVENT only */
	/* CONNECT: addresses "a.b.c.d:port" (IPv4) and the net options */
	DRBD_A_MY_ADDR,		/* string */
	DRBD_A_PEER_ADDR,	/* string */
	DRBD_A_PROTOCOL,	/* u32: 1 A, 2 B, 3 C; also in status */
	DRBD_A_SHARED_SECRET,	/* string, at most 64 bytes */
	DRBD_A_CRAM_HMAC_ALG,	/* string: a kernel hash, e.g. "sha256" */
	DRBD_A_PING_INT,	/* u32: seconds */
	DRBD_A_PING_TIMEO,	/* u32: 0.1 s */
	DRBD_A_TIMEOUT,		/* u32: 0.1 s */
	DRBD_A_KO_COUNT,	/* u32 */
	DRBD_A_CONNECT_INT,	/* u32: seconds */
	DRBD_A_RESYNC_RATE,	/* u32: KiB/s */
	DRBD_A_C_PLAN_AHEAD,	/* u32: 0.1 s, 0 = fixed resync-rate */
	DRBD_A_C_FILL_TARGET,	/* u32: sectors */
	DRBD_A_C_MAX_RATE,	/* u32: KiB/s */
	DRBD_A_C_MIN_RATE,	/* u32: KiB/s */
	/* status while syncing (SyncSource/SyncTarget) or verifying
	 * (VerifyS/VerifyT: KiB to verify, KiB not yet compared)
	 */
	DRBD_A_RS_TOTAL,	/* u64: KiB to sync at the start */
	DRBD_A_RS_LEFT,		/* u64: KiB still out of sync */
	DRBD_A_RS_SPEED,	/* u64: KiB/s over the last seconds */
	DRBD_A_RS_ETA,		/* u64: seconds to go */
	/* why the last handshake was refused (status; absent when it was not) */
	DRBD_A_REFUSED_VERDICT,	/* u32: enum drbd_sync_verdict (drbd_uuid.h) */
	DRBD_A_REFUSED_RULE,	/* u32: row of the rule table that decided */
	/* CONNECT: split-brain recovery (drbd_after_sb.h) and handlers */
	DRBD_A_AFTER_SB_0PRI,	/* u32: enum drbd_after_sb_policy */
	DRBD_A_AFTER_SB_1PRI,	/* u32 */
	DRBD_A_AFTER_SB_2PRI,	/* u32 */
	DRBD_A_H_SPLIT_BRAIN,	/* string: shell command, handlers { split-brain } */
	DRBD_A_H_PRI_LOST_AFTER_SB,	/* string: handlers { pri-lost-after-sb } */
	DRBD_A_CONF_FILE,	/* string: config file, DRBD_CONF of handlers */
	/* status: the other generation identifiers (with UUID_CURRENT) */
	DRBD_A_UUID_BITMAP,	/* u64 */
	DRBD_A_UUID_HISTORY1,	/* u64 */
	DRBD_A_UUID_HISTORY2,	/* u64 */
	DRBD_A_BITS_SET,	/* u64: out-of-sync blocks (4 KiB) */
	/* CONNECT: fencing (drbd_fence.h) */
	DRBD_A_FENCING,		/* u32: enum drbd_fencing */
	DRBD_A_H_FENCE_PEER,	/* string: handlers { fence-peer } */
	/* status */
	DRBD_A_SUSPENDED,	/* u32: 1 while I/O is frozen by fencing */
	/* CONNECT: online verify */
	DRBD_A_VERIFY_ALG,	/* string: a kernel hash, e.g. "sha256" */
	/* VERIFY */
	DRBD_A_OV_START,	/* u64: first sector to verify (default 0) */
	/* status: who paused resync (DRBD_RS_SUSP_*), 0 when nobody */
	DRBD_A_RS_SUSPENDED,	/* u32 */
	DRBD_A_AL_EXTENTS,	/* u32: ATTACH, hot extents of the activity log */
	__DRBD_A_MAX,
};
#define DRBD_A_MAX (__DRBD_A_MAX - 1)

/* DRBD_A_EVENT: what happened to the resource named in the event. */
enum drbd_event_type {
	DRBD_EV_UNSPEC,
	DRBD_EV_CREATED,	/* NEW_RESOURCE */
	DRBD_EV_CHANGED,	/* attach, detach, role change */
	DRBD_EV_DESTROYED,	/* DEL_RESOURCE or module unload */
};

/* DRBD_A_FLAGS bits */
#define DRBD_F_FORCE		(1u << 0)	/* primary --force */
#define DRBD_F_DISCARD_MY_DATA	(1u << 1)	/* connect --discard-my-data */
#define DRBD_F_CLEAR_BITMAP	(1u << 2)	/* new-current-uuid --clear-bitmap */

/* DRBD_A_RS_SUSPENDED: who paused resync */
#define DRBD_RS_SUSP_USER	(1u << 0)	/* pause-sync on this node */
#define DRBD_RS_SUSP_PEER	(1u << 1)	/* pause-sync on the peer */

/* Counters inside DRBD_A_STATS, in KiB like /proc/drbd. */
enum drbd_stat_attr {
	DRBD_S_UNSPEC,
	DRBD_S_NS,	/* net send */
	DRBD_S_NR,	/* net receive */
	DRBD_S_DW,	/* disk write */
	DRBD_S_DR,	/* disk read */
	DRBD_S_AL,	/* activity log updates */
	DRBD_S_BM,	/* bitmap updates */
	DRBD_S_LO,	/* local requests in flight */
	DRBD_S_PE,	/* pending on peer */
	DRBD_S_UA,	/* unacknowledged */
	DRBD_S_AP,	/* application requests in flight */
	DRBD_S_OOS,	/* out of sync, KiB */
	DRBD_S_PAD,	/* alignment padding: ignore */
	__DRBD_S_MAX,
};
#define DRBD_S_MAX (__DRBD_S_MAX - 1)

#endif /* DRBD_GENL_API_H */
