/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_state.h - roles, connection and disk states, and the rules that
 * say which role changes are allowed.  Pure logic.
 *
 * The numeric values are part of the netlink API (DRBD_A_ROLE ...):
 * append, never renumber.
 */
#ifndef DRBD_STATE_H
#define DRBD_STATE_H

#include "drbd_pure.h"

enum drbd_role {
	DRBD_ROLE_UNKNOWN,
	DRBD_ROLE_PRIMARY,
	DRBD_ROLE_SECONDARY,
	DRBD_ROLE__COUNT,
};

enum drbd_cstate {
	DRBD_CS_STANDALONE,
	DRBD_CS_DISCONNECTING,
	DRBD_CS_CONNECTING,	/* 8.4 calls it WFConnection */
	DRBD_CS_CONNECTED,
	DRBD_CS_SYNC_SOURCE,
	DRBD_CS_SYNC_TARGET,
	DRBD_CS_VERIFY_S,
	DRBD_CS_VERIFY_T,
	DRBD_CS_PAUSED_SYNC_S,
	DRBD_CS_PAUSED_SYNC_T,
	DRBD_CS__COUNT,
};

enum drbd_dstate {
	DRBD_DS_DISKLESS,
	DRBD_DS_ATTACHING,
	DRBD_DS_FAILED,
	DRBD_DS_INCONSISTENT,
	DRBD_DS_OUTDATED,
	DRBD_DS_DUNKNOWN,
	DRBD_DS_CONSISTENT,
	DRBD_DS_UP_TO_DATE,
	DRBD_DS__COUNT,
};

/* Names as drbdadm and /proc/drbd print them ("Primary", "UpToDate" ...). */
const char *drbd_role_name(enum drbd_role r);
const char *drbd_cstate_name(enum drbd_cstate c);	/* DRBD 9 style */
const char *drbd_cstate_name84(enum drbd_cstate c);	/* /proc/drbd style */
const char *drbd_dstate_name(enum drbd_dstate d);

/* Everything the role-change rules look at. */
struct drbd_role_req {
	enum drbd_role cur_role;
	enum drbd_role want;
	enum drbd_dstate disk;
	enum drbd_dstate peer_disk;
	enum drbd_role peer_role;
	bool force;		/* primary --force */
	bool allow_two_primaries;
	unsigned int open_count;	/* openers of /dev/drbdN */
	unsigned int writers;	/* of which opened for write */
};

/* Verdict of a rule check; DRBD_SR_OK means the change may go ahead. */
enum drbd_state_rv {
	DRBD_SR_OK = 0,
	DRBD_SR_NOOP,		/* already in the requested role */
	DRBD_SR_NO_DISK,	/* no lower device attached */
	DRBD_SR_NO_GOOD_DATA,	/* disk not UpToDate; needs --force */
	DRBD_SR_FORCE_DISKLESS,	/* --force cannot help without a disk */
	DRBD_SR_PEER_PRIMARY,	/* peer is Primary, two primaries not allowed */
	DRBD_SR_DEVICE_IN_USE,	/* demotion while the device is open */
	DRBD_SR_BAD_ROLE,	/* request for an impossible role */
	DRBD_SR_OUTDATED,	/* disk Outdated; needs --force */
	DRBD_SR_INCONSISTENT,	/* disk Inconsistent; needs --force */
};

/*
 * drbd_check_role_change - decide whether @req->want may be entered.
 * @ret_disk receives the disk state after the change (--force turns an
 * Inconsistent or Outdated disk UpToDate).
 */
enum drbd_state_rv drbd_check_role_change(const struct drbd_role_req *req,
					  enum drbd_dstate *ret_disk);

/* One sentence a user can act on, for logs and command output. */
const char *drbd_state_rv_text(enum drbd_state_rv rv);

/*
 * drbd_may_open - whether /dev/drbdN may be opened.
 * Secondary refuses write opens; only one writer at a time.
 * Returns 0, -EROFS (Secondary, write) or -EBUSY (already a writer).
 */
int drbd_may_open(enum drbd_role role, bool for_write, unsigned int writers);

/* Disk state implied by superblock flags on attach. */
enum drbd_dstate drbd_dstate_from_md_flags(uint32_t flags);

#endif /* DRBD_STATE_H */
