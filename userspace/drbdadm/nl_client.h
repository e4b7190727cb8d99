/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nl_client.h - drbdadm's side of the generic netlink API
 * (include/drbd/drbd_genl_api.h, docs/netlink-api.md).
 *
 * One request, one reply: DRBD_A_RESULT (0 or -errno) and, on failure,
 * DRBD_A_ERR_MSG, the kernel's sentence, which drbdadm prints as it is.
 */
#ifndef NL_CLIENT_H
#define NL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drbd_genl_api.h"
#include "drbd_state.h"

#define NL_ERR_MAX 512

struct drbd_nl;

/* CONNECT's attributes: strings when not NULL, u32 options as pairs. */
#define DRBD_NET_U32_MAX 16
struct drbd_net_req {
	const char *my_addr;	/* "a.b.c.d:port" */
	const char *peer_addr;
	const char *secret;
	const char *hmac_alg;
	const char *h_split_brain;	/* handlers { split-brain } */
	const char *h_pri_lost;		/* handlers { pri-lost-after-sb } */
	const char *conf_file;		/* DRBD_CONF of handlers */
	const char *h_fence_peer;	/* handlers { fence-peer } */
	const char *verify_alg;		/* net { verify-alg } */
	struct {
		int attr;	/* DRBD_A_PROTOCOL, DRBD_A_PING_INT, ... */
		uint32_t val;
	} u32s[DRBD_NET_U32_MAX];
	size_t n_u32;
};

/* What a request carries; unset fields are left out. */
struct drbd_req {
	const char *res;	/* DRBD_A_RES_NAME */
	int minor;		/* DRBD_A_MINOR when >= 0 */
	const char *disk;	/* DRBD_A_DISK_PATH */
	uint32_t flags;		/* DRBD_A_FLAGS when non-zero */
	uint32_t al_extents;	/* DRBD_A_AL_EXTENTS when non-zero (ATTACH) */
	bool has_ov_start;	/* DRBD_A_OV_START: verify --start */
	uint64_t ov_start;
	const struct drbd_net_req *net;	/* CONNECT */
};

/* GET_STATUS reply. */
struct drbd_status {
	bool exists;		/* false: the kernel does not know the resource */
	int minor;
	char disk[DRBD_PATH_MAX];
	enum drbd_role role, peer_role;
	enum drbd_cstate cstate;
	enum drbd_dstate dstate, peer_dstate;
	uint64_t size;
	uint32_t open_count, writers;
	char holder[128];
	uint64_t uuid_current;
	uint64_t uuid_bitmap, uuid_h1, uuid_h2;
	uint64_t bits_set;	/* out-of-sync 4 KiB blocks */
	uint32_t md_flags;
	uint32_t protocol;	/* 0 without a connection */
	uint64_t rs_total, rs_left, rs_speed, rs_eta;	/* KiB, KiB/s, s */
	/* the last handshake was refused: enum drbd_sync_verdict, rule row */
	bool suspended;		/* I/O frozen by fencing */
	uint32_t rs_suspended;	/* DRBD_RS_SUSP_*: who paused resync */
	bool refused;
	uint32_t refused_verdict, refused_rule;
};

/* Why a call failed. */
enum drbd_nl_fail {
	DRBD_NL_OK,
	DRBD_NL_KERNEL,		/* the module refused: message is its sentence */
	DRBD_NL_TRANSPORT,	/* netlink, permissions, module loading */
	DRBD_NL_NOT_OURS,	/* another drbd module is loaded */
	DRBD_NL_NO_MODULE,	/* family missing and not loaded (load_module false) */
};

/*
 * Connect to the "drbd" family and check that the module is this
 * project's.  With @load_module, a missing family makes it load drbd.ko
 * through libkmod first.  0, or -errno with @err and *ret_fail set.
 */
int drbd_nl_open(struct drbd_nl **ret, bool load_module, char *err, size_t len,
		 enum drbd_nl_fail *ret_fail);
void drbd_nl_close(struct drbd_nl *nl);

/* Module version string from GET_INFO. */
const char *drbd_nl_module_version(const struct drbd_nl *nl);

/*
 * Send @cmd and wait for its reply.  Returns the kernel's result (0 or
 * -errno with its message in @err) or a transport error; *ret_fail says
 * which.  @ret_st (may be NULL) receives status attributes when present.
 */
int drbd_nl_cmd(struct drbd_nl *nl, int cmd, const struct drbd_req *req,
		struct drbd_status *ret_st, char *err, size_t len,
		enum drbd_nl_fail *ret_fail);

/* GET_STATUS for @res: 0 with st->exists set accordingly, or -errno. */
int drbd_nl_status(struct drbd_nl *nl, const char *res, struct drbd_status *st,
		   char *err, size_t len, enum drbd_nl_fail *ret_fail);

#endif /* NL_CLIENT_H */
