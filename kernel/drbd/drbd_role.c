// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_role.c - promotion to Primary and demotion to Secondary.
 *
 * The pure rules (drbd_check_role_change) decide; this file gathers the
 * inputs, persists the result in the superblock and applies it.
 */
#include <linux/random.h>

#include "drbd_int.h"
#include "drbd_net.h"

/* Inputs of the role rules.  Caller holds resource->lock. */
static void fill_role_req(struct drbd_resource *resource, enum drbd_role want,
			  bool force, struct drbd_role_req *req)
{
	struct drbd_device *device = resource->device;

	memset(req, 0, sizeof(*req));
	req->cur_role = resource->role;
	req->want = want;
	req->disk = device->disk_state;
	req->peer_disk = DRBD_DS_DUNKNOWN;
	req->peer_role = DRBD_ROLE_UNKNOWN;
	if (resource->conn &&
	    READ_ONCE(resource->conn->cstate) >= DRBD_CS_CONNECTED) {
		req->peer_disk = READ_ONCE(resource->conn->peer_disk);
		req->peer_role = READ_ONCE(resource->conn->peer_role);
	}
	req->force = force;
	req->open_count = device->open_count;
	req->writers = device->writers;
}

static int rv_errno(enum drbd_state_rv rv)
{
	switch (rv) {
	case DRBD_SR_OK:
	case DRBD_SR_NOOP:
		return 0;
	case DRBD_SR_NO_DISK:
	case DRBD_SR_FORCE_DISKLESS:
		return -ENODEV;
	case DRBD_SR_NO_GOOD_DATA:
	case DRBD_SR_OUTDATED:
	case DRBD_SR_INCONSISTENT:
		return -EPERM;
	case DRBD_SR_PEER_PRIMARY:
	case DRBD_SR_DEVICE_IN_USE:
		return -EBUSY;
	default:
		return -EINVAL;
	}
}

/* A new data generation starts: remember the old one in the history. */
static void new_current_uuid(struct drbd_md_sb *sb)
{
	u64 uuid;

	if (sb->uuid[DRBD_UUID_CURRENT]) {
		sb->uuid[DRBD_UUID_HISTORY_END] =
			sb->uuid[DRBD_UUID_HISTORY_START];
		sb->uuid[DRBD_UUID_HISTORY_START] =
			sb->uuid[DRBD_UUID_CURRENT];
	}
	do {
		uuid = get_random_u64();
	} while (!uuid);
	sb->uuid[DRBD_UUID_CURRENT] = uuid;
}

/*
 * Superblock of a Primary: good data, Primary flag set.  A new current
 * UUID when there is none yet or when --force overrode the disk state.
 */
static void promote_sb(struct drbd_md_sb *sb, bool forced)
{
	sb->flags |= DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE |
		     DRBD_MDF_PRIMARY;
	sb->flags &= ~DRBD_MDF_OUTDATED;
	if (!sb->uuid[DRBD_UUID_CURRENT] || forced)
		new_current_uuid(sb);
}

int drbd_set_primary(struct drbd_resource *resource, bool force,
		     struct drbd_msg *msg)
{
	struct drbd_device *device = resource->device;
	enum drbd_dstate old_disk = device->disk_state, new_disk;
	struct drbd_role_req req;
	enum drbd_state_rv rv;
	struct drbd_md_sb sb;
	bool forced;
	int err;

	lockdep_assert_held(&drbd_cfg_mutex);
	spin_lock(&resource->lock);
	fill_role_req(resource, DRBD_ROLE_PRIMARY, force, &req);
	spin_unlock(&resource->lock);
	rv = drbd_check_role_change(&req, &new_disk);
	if (rv == DRBD_SR_NOOP)
		return 0;
	if (rv == DRBD_SR_OK && !device->ldev)
		rv = DRBD_SR_NO_DISK;
	if (rv != DRBD_SR_OK)
		return drbd_msg_set(msg, rv_errno(rv), "%s",
				    drbd_state_rv_text(rv));

	forced = force && old_disk != DRBD_DS_UP_TO_DATE;
	sb = device->ldev->md;
	promote_sb(&sb, forced);
	err = drbd_md_write_sb(device->ldev, &sb);
	if (err)
		return drbd_msg_set(msg, err,
				    "writing the metadata of %s failed (error %d); still Secondary; check the lower device",
				    device->ldev->path, err);

	device->ldev->md = sb;
	device->disk_state = new_disk;
	spin_lock(&resource->lock);
	resource->role = DRBD_ROLE_PRIMARY;
	spin_unlock(&resource->lock);
	drbd_info(resource, "Secondary -> Primary%s, disk %s -> %s, current UUID %016llX\n",
		  forced ? " (forced)" : "", drbd_dstate_name(old_disk),
		  drbd_dstate_name(new_disk), sb.uuid[DRBD_UUID_CURRENT]);
	drbd_notify(resource, DRBD_EV_CHANGED);
	drbd_conn_role_changed(resource);
	return 0;
}

/* Clear the Primary flag on disk after a demotion. */
static int demote_sb(struct drbd_device *device, struct drbd_msg *msg)
{
	struct drbd_md_sb sb;
	int err;

	if (!device->ldev)
		return 0;
	sb = device->ldev->md;
	sb.flags &= ~DRBD_MDF_PRIMARY;
	err = drbd_md_write_sb(device->ldev, &sb);
	if (err)
		return drbd_msg_set(msg, err,
				    "now Secondary, but writing the metadata of %s failed (error %d); check the lower device",
				    device->ldev->path, err);
	device->ldev->md = sb;
	return 0;
}

int drbd_set_secondary(struct drbd_resource *resource, struct drbd_msg *msg)
{
	struct drbd_device *device = resource->device;
	struct drbd_role_req req;
	enum drbd_state_rv rv;
	enum drbd_dstate disk;
	char holder[64] = "";
	int err;

	lockdep_assert_held(&drbd_cfg_mutex);
	/* Check and demote under one lock: no write open slips in between. */
	spin_lock(&resource->lock);
	fill_role_req(resource, DRBD_ROLE_SECONDARY, false, &req);
	rv = drbd_check_role_change(&req, &disk);
	if (rv == DRBD_SR_OK)
		resource->role = DRBD_ROLE_SECONDARY;
	else if (rv == DRBD_SR_DEVICE_IN_USE)
		drbd_dev_holder(device, holder, sizeof(holder));
	spin_unlock(&resource->lock);

	if (rv == DRBD_SR_NOOP)
		return 0;
	if (rv == DRBD_SR_DEVICE_IN_USE)
		return drbd_msg_set(msg, -EBUSY,
				    "/dev/drbd%u is in use (%s); unmount or close it first",
				    device->minor, holder);
	if (rv != DRBD_SR_OK)
		return drbd_msg_set(msg, rv_errno(rv), "%s",
				    drbd_state_rv_text(rv));

	drbd_info(resource, "Primary -> Secondary\n");
	err = demote_sb(device, msg);
	drbd_notify(resource, DRBD_EV_CHANGED);
	drbd_conn_role_changed(resource);
	return err;
}
