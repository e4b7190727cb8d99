// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_state_rules.c - names of states and the role-change rules.
 *
 * Pure logic, shared by the module and the userspace tools.
 */
#include "drbd_state.h"
#include "drbd_md.h"

static const char *const role_names[DRBD_ROLE__COUNT] = {
	[DRBD_ROLE_UNKNOWN] = "Unknown",
	[DRBD_ROLE_PRIMARY] = "Primary",
	[DRBD_ROLE_SECONDARY] = "Secondary",
};

static const char *const cstate_names[DRBD_CS__COUNT] = {
	[DRBD_CS_STANDALONE] = "StandAlone",
	[DRBD_CS_DISCONNECTING] = "Disconnecting",
	[DRBD_CS_CONNECTING] = "Connecting",
	[DRBD_CS_CONNECTED] = "Connected",
	[DRBD_CS_SYNC_SOURCE] = "SyncSource",
	[DRBD_CS_SYNC_TARGET] = "SyncTarget",
	[DRBD_CS_VERIFY_S] = "VerifyS",
	[DRBD_CS_VERIFY_T] = "VerifyT",
	[DRBD_CS_PAUSED_SYNC_S] = "PausedSyncS",
	[DRBD_CS_PAUSED_SYNC_T] = "PausedSyncT",
};

static const char *const dstate_names[DRBD_DS__COUNT] = {
	[DRBD_DS_DISKLESS] = "Diskless",
	[DRBD_DS_ATTACHING] = "Attaching",
	[DRBD_DS_FAILED] = "Failed",
	[DRBD_DS_INCONSISTENT] = "Inconsistent",
	[DRBD_DS_OUTDATED] = "Outdated",
	[DRBD_DS_DUNKNOWN] = "DUnknown",
	[DRBD_DS_CONSISTENT] = "Consistent",
	[DRBD_DS_UP_TO_DATE] = "UpToDate",
};

const char *drbd_role_name(enum drbd_role r)
{
	return (unsigned int)r < DRBD_ROLE__COUNT ? role_names[r] : "?";
}

const char *drbd_cstate_name(enum drbd_cstate c)
{
	return (unsigned int)c < DRBD_CS__COUNT ? cstate_names[c] : "?";
}

const char *drbd_cstate_name84(enum drbd_cstate c)
{
	return c == DRBD_CS_CONNECTING ? "WFConnection" : drbd_cstate_name(c);
}

const char *drbd_dstate_name(enum drbd_dstate d)
{
	return (unsigned int)d < DRBD_DS__COUNT ? dstate_names[d] : "?";
}

static enum drbd_state_rv check_promote(const struct drbd_role_req *req,
					enum drbd_dstate *ret_disk)
{
	if (req->peer_role == DRBD_ROLE_PRIMARY && !req->allow_two_primaries)
		return DRBD_SR_PEER_PRIMARY;
	switch (req->disk) {
	case DRBD_DS_UP_TO_DATE:
		return DRBD_SR_OK;
	case DRBD_DS_DISKLESS:
	case DRBD_DS_ATTACHING:
	case DRBD_DS_FAILED:
		return req->force ? DRBD_SR_FORCE_DISKLESS : DRBD_SR_NO_DISK;
	default:
		if (!req->force)
			return req->disk == DRBD_DS_OUTDATED ? DRBD_SR_OUTDATED :
			       req->disk == DRBD_DS_INCONSISTENT ?
			       DRBD_SR_INCONSISTENT : DRBD_SR_NO_GOOD_DATA;
		*ret_disk = DRBD_DS_UP_TO_DATE;
		return DRBD_SR_OK;
	}
}

enum drbd_state_rv drbd_check_role_change(const struct drbd_role_req *req,
					  enum drbd_dstate *ret_disk)
{
	*ret_disk = req->disk;
	if (req->want != DRBD_ROLE_PRIMARY && req->want != DRBD_ROLE_SECONDARY)
		return DRBD_SR_BAD_ROLE;
	if (req->want == req->cur_role)
		return DRBD_SR_NOOP;
	if (req->want == DRBD_ROLE_PRIMARY)
		return check_promote(req, ret_disk);
	/* Demotion: nobody may hold the device. */
	if (req->open_count > 0)
		return DRBD_SR_DEVICE_IN_USE;
	return DRBD_SR_OK;
}

const char *drbd_state_rv_text(enum drbd_state_rv rv)
{
	switch (rv) {
	case DRBD_SR_OK:
		return "state change done";
	case DRBD_SR_NOOP:
		return "already in the requested role";
	case DRBD_SR_NO_DISK:
		return "no lower device attached; run 'drbdadm attach' (or 'up') first";
	case DRBD_SR_NO_GOOD_DATA:
		return "refusing to become Primary without UpToDate data; if this node's data is the one to keep, use 'drbdadm primary --force'";
	case DRBD_SR_FORCE_DISKLESS:
		return "--force cannot make a node without a lower device Primary; attach a disk first";
	case DRBD_SR_PEER_PRIMARY:
		return "the peer is Primary and allow-two-primaries is not set; demote the peer first";
	case DRBD_SR_DEVICE_IN_USE:
		return "the device is in use (open or mounted); close it (umount) first";
	case DRBD_SR_BAD_ROLE:
		return "invalid role requested";
	case DRBD_SR_OUTDATED:
		return "refusing to become Primary: this node's data is Outdated (the peer had newer data when they parted); connect to resync from the peer, or, to throw away the peer's newer writes, 'drbdadm primary --force'";
	case DRBD_SR_INCONSISTENT:
		return "refusing to become Primary: this node's data is Inconsistent (a resync to it has not finished, or it was invalidated); let the resync finish, or, to use the partial data anyway, 'drbdadm primary --force'";
	}
	return "unknown state change result";
}

int drbd_may_open(enum drbd_role role, bool for_write, unsigned int writers)
{
	if (!for_write)
		return 0;
	if (role != DRBD_ROLE_PRIMARY)
		return -EROFS;
	if (writers > 0)
		return -EBUSY;
	return 0;
}

enum drbd_dstate drbd_dstate_from_md_flags(uint32_t flags)
{
	if (flags & DRBD_MDF_OUTDATED)
		return DRBD_DS_OUTDATED;
	if (!(flags & DRBD_MDF_CONSISTENT))
		return DRBD_DS_INCONSISTENT;
	if (flags & DRBD_MDF_UP_TO_DATE)
		return DRBD_DS_UP_TO_DATE;
	return DRBD_DS_CONSISTENT;
}
